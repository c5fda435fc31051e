from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.printing.fake_printer import FakeNetworkPrinter


@pytest.fixture
def fake_printer() -> Iterator[FakeNetworkPrinter]:
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


@pytest.fixture
def make_printer() -> Iterator[type[FakeNetworkPrinter]]:
    made: list[FakeNetworkPrinter] = []

    def make(mode: str = "ok", cut_after: int = 200) -> FakeNetworkPrinter:
        printer = FakeNetworkPrinter(mode=mode, cut_after=cut_after)
        made.append(printer)
        return printer

    yield make  # type: ignore[misc]
    for printer in made:
        printer.close()
