"""Fixtures of the payment-terminal tests: a real simulator on loopback and a fresh cache."""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
from ebill_desktop.payment_terminals.service import CardTenderService
from ebill_desktop.payment_terminals.simulator import Outcome, TerminalSimulator
from ebill_desktop.storage.database import CacheDatabase, open_cache

DEVICE = "SIM-01"
# Short enough to keep the tests quick, long enough for a loaded 2-core machine.
TIMEOUT = (1.0, 1.5)

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# 13-19 digits, possibly grouped by single spaces or hyphens (UUIDs are taken out first).
CARD_NUMBER_LIKE = re.compile(r"(?<![0-9])(?:[0-9][ -]?){12,18}[0-9](?![0-9])")


def card_numbers_in(text: str) -> list[str]:
    """Anything in ``text`` shaped like a card number (UUIDs aside)."""
    return CARD_NUMBER_LIKE.findall(_UUID.sub(" ", text))


@pytest.fixture
def simulator() -> Iterator[TerminalSimulator]:
    with TerminalSimulator(0, device_id=DEVICE) as running:
        yield running


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "terminal" / "cache.sqlite3"


@pytest.fixture(scope="session")
def _migrated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache migrated to the newest schema; tests copy it (migrating each costs ~0.4 s)."""
    path = tmp_path_factory.mktemp("template") / "cache.sqlite3"
    open_cache(path).close()
    return path


@pytest.fixture
def cache(cache_path: Path, _migrated_cache: Path) -> Iterator[CacheDatabase]:
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_migrated_cache, cache_path)
    db = open_cache(cache_path)
    yield db
    db.close()


@pytest.fixture
def terminal(simulator: TerminalSimulator) -> HttpPaymentTerminal:
    return HttpPaymentTerminal(simulator.url, DEVICE, timeout=TIMEOUT)


@pytest.fixture
def service(cache: CacheDatabase, terminal: HttpPaymentTerminal) -> CardTenderService:
    return CardTenderService(cache, terminal, poll_interval_s=0.05)


def script(simulator: TerminalSimulator, *outcomes: Outcome) -> None:
    """The simulator's next outcomes, through its control API (as the demo would set them)."""
    body = {"outcomes": [_outcome_wire(o) for o in outcomes]}
    response = requests.post(f"{simulator.url}/v1/control/script", json=body, timeout=5)
    assert response.status_code == 200, response.text


def _outcome_wire(outcome: Outcome) -> dict[str, object]:
    wire: dict[str, object] = {"action": outcome.action, "then": outcome.then}
    wire.update(reason=outcome.reason, delay_ms=outcome.delay_ms, hold_ms=outcome.hold_ms)
    for name in ("scheme", "last4", "payer_handle"):
        if getattr(outcome, name) is not None:
            wire[name] = getattr(outcome, name)
    return wire


def sales(url: str) -> list[dict[str, object]]:
    """Every sale the terminal holds, as its control API lists them."""
    response = requests.get(f"{url}/v1/control/sales", timeout=5)
    assert response.status_code == 200
    result: list[dict[str, object]] = response.json()["sales"]
    return result


def money_taken(url: str) -> int:
    """Minor units the terminal holds as taken (approved and not reversed)."""
    return sum(int(str(s["amount_minor"])) for s in sales(url) if s["state"] == "approved")


def new_payment_id() -> str:
    return str(uuid.uuid4())
