"""The keyboard-wedge scanner filter, driven by a fake clock: bursts are scans, typing is typing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from ebill_desktop.ui.scanner import BarcodeScanner


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance_ms(self, ms: float) -> None:
        self.now += ms / 1000.0


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def scanner(qtbot: QtBot, clock: FakeClock) -> Iterator[BarcodeScanner]:
    app = QApplication.instance()
    assert app is not None
    filter_ = BarcodeScanner(max_gap_ms=30, min_length=8, clock=clock)
    app.installEventFilter(filter_)
    yield filter_
    app.removeEventFilter(filter_)
    filter_.deleteLater()


@pytest.fixture
def fields(qtbot: QtBot) -> Iterator[tuple[QLineEdit, QLineEdit]]:
    window = QWidget()
    layout = QVBoxLayout(window)
    first, second = QLineEdit(), QLineEdit()
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(window)
    window.show()
    yield first, second
    window.close()
    window.deleteLater()


def type_keys(qtbot: QtBot, clock: FakeClock, widget: QWidget, text: str, gap_ms: float) -> None:
    for ch in text:
        clock.advance_ms(gap_ms)
        qtbot.keyClick(widget, ch)


def enter(qtbot: QtBot, clock: FakeClock, widget: QWidget, gap_ms: float) -> None:
    clock.advance_ms(gap_ms)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_fast_burst_ending_in_enter_is_a_scan_and_types_nothing(
    qtbot: QtBot, clock: FakeClock, scanner: BarcodeScanner, fields: tuple[QLineEdit, QLineEdit]
) -> None:
    field = fields[1]
    returns: list[bool] = []
    field.returnPressed.connect(lambda: returns.append(True))
    with qtbot.waitSignal(scanner.scanned, timeout=1000) as scan:
        type_keys(qtbot, clock, field, "100023450017", gap_ms=4)
        enter(qtbot, clock, field, gap_ms=4)
    assert scan.args == ["100023450017"]
    assert field.text() == ""
    assert returns == []  # the scanner's Enter did not reach the field either
    assert scanner.holding == ""


def test_slow_typing_reaches_the_field_in_order(
    qtbot: QtBot, clock: FakeClock, scanner: BarcodeScanner, fields: tuple[QLineEdit, QLineEdit]
) -> None:
    field = fields[0]
    scans: list[str] = []
    scanner.scanned.connect(scans.append)
    type_keys(qtbot, clock, field, "1000234500", gap_ms=150)
    enter(qtbot, clock, field, gap_ms=150)
    assert field.text() == "1000234500"
    assert scans == []


def test_short_fast_burst_is_typing(
    qtbot: QtBot, clock: FakeClock, scanner: BarcodeScanner, fields: tuple[QLineEdit, QLineEdit]
) -> None:
    field = fields[0]
    scans: list[str] = []
    returns: list[str] = []
    scanner.scanned.connect(scans.append)
    field.returnPressed.connect(lambda: returns.append(field.text()))
    type_keys(qtbot, clock, field, "12345", gap_ms=3)
    enter(qtbot, clock, field, gap_ms=3)
    assert scans == []
    assert returns == ["12345"]  # digits were handed over before the Enter


def test_other_key_releases_held_digits_first(
    qtbot: QtBot, clock: FakeClock, scanner: BarcodeScanner, fields: tuple[QLineEdit, QLineEdit]
) -> None:
    field = fields[0]
    type_keys(qtbot, clock, field, "123", gap_ms=3)
    assert field.text() == ""  # held for a moment: it could be a burst
    type_keys(qtbot, clock, field, "a", gap_ms=3)
    assert field.text() == "123a"


def test_held_digits_are_released_once_the_clock_says_the_burst_is_over(
    qtbot: QtBot, clock: FakeClock, scanner: BarcodeScanner, fields: tuple[QLineEdit, QLineEdit]
) -> None:
    field = fields[0]
    type_keys(qtbot, clock, field, "42", gap_ms=3)
    assert scanner.holding == "42"
    clock.advance_ms(31)
    qtbot.waitUntil(lambda: field.text() == "42", timeout=2000)
    assert scanner.holding == ""


def test_a_pause_splits_typing_from_a_later_burst(
    qtbot: QtBot, clock: FakeClock, scanner: BarcodeScanner, fields: tuple[QLineEdit, QLineEdit]
) -> None:
    first, second = fields
    type_keys(qtbot, clock, first, "9", gap_ms=3)
    with qtbot.waitSignal(scanner.scanned, timeout=1000) as scan:
        clock.advance_ms(200)  # the cashier stops; a customer's bill is scanned later
        type_keys(qtbot, clock, second, "87654321", gap_ms=3)
        enter(qtbot, clock, second, gap_ms=3)
    assert scan.args == ["87654321"]
    assert first.text() == "9"
    assert second.text() == ""
