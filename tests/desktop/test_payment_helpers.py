"""Shared set-up of the payment tests (a cache with one account, a clock, tenders), and the
tests of the counter's receipt identity."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebill_core.money import Money
from ebill_core.protocol import OfflinePolicy, TenderKind
from ebill_core.protocol.records import policy_to_wire
from ebill_core.receipt import ReceiptHeader
from ebill_core.records import ConsumerCategory, ExactnessPolicy
from ebill_desktop.config import Settings
from ebill_desktop.services.payment_setup import SetupError, counter_setup, receipt_prefix
from ebill_desktop.services.payment_types import CounterSetup, PaymentRules, TenderInput
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.storage.bundle_import import add_account_bundle, import_reference
from ebill_desktop.storage.change_apply import OFFLINE_POLICY
from ebill_desktop.storage.database import (
    CacheDatabase,
    open_cache,
    set_data_as_of,
    set_sync_value,
)
from tests.desktop.factories import CATEGORY, OFFICE, TARIFF, inr, make_bundle, operator

IST = timezone(timedelta(hours=5, minutes=30))
NOW = datetime(2024, 3, 10, 4, 30, tzinfo=UTC)  # 10:00 at the counter
TODAY = date(2024, 3, 10)
HEADER = ReceiptHeader(
    "Gandhi Nagar Power", "29ABCDE1234F1Z5", "Gandhi Nagar Sub-division", "Counter 3", "1912"
)
SETUP = CounterSetup("0140", "012", HEADER, IST)
POLICY = OfflinePolicy("BR-1", 24, inr(5_000_00), inr(2_000_00))
TABLES = (
    "payments",
    "payment_tenders",
    "payment_allocations",
    "receipts",
    "receipt_prints",
    "outbox",
    "terminal_counters",
)
# Account 1 (make_bundle's default bills): bill 1 part-paid (₹501.50 owed), bill 2 open (₹601.50).
BILL_1_OWED, BILL_2_OWED = 50150, 60150
DUE = BILL_1_OWED + BILL_2_OWED


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


_TEMPLATES: list[tempfile.TemporaryDirectory[str]] = []  # made on first use, removed at exit


def _template_dir() -> Path:
    if not _TEMPLATES:
        _TEMPLATES.append(tempfile.TemporaryDirectory(prefix="ebill-payment-tests-"))
    return Path(_TEMPLATES[0].name)


def make_cache(path: Path, *, policy: ExactnessPolicy = ExactnessPolicy.ANY) -> CacheDatabase:
    """A cache with one office, category (with ``policy``), operator and account 1.

    Made once per test process and copied (SQLite's backup API): migrating a new file for
    every test would cost most of the suite's time.
    """
    template = _template_dir() / f"{policy.value}.sqlite3"
    if not template.exists():
        _build(template, policy)
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(template) as source, sqlite3.connect(path) as target:
        source.backup(target)
    source.close()
    target.close()
    return open_cache(path)


def _build(path: Path, policy: ExactnessPolicy) -> None:
    db = open_cache(path)
    category = replace(CATEGORY, exactness=policy)
    import_reference(db, [OFFICE], [category], [TARIFF], [operator()])
    add_account_bundle(db, make_bundle(1))
    with db.write_transaction() as connection:
        set_data_as_of(connection, NOW - timedelta(hours=2))
        set_sync_value(connection, OFFLINE_POLICY, json.dumps(policy_to_wire(POLICY)))
    db.close()


def set_policy(db: CacheDatabase, policy: ExactnessPolicy) -> None:
    import_reference(db, [], [ConsumerCategory(CATEGORY.code, "Domestic", "DOM", policy)], [], [])


def make_service(
    db: CacheDatabase, clock: Clock | None = None, rules: PaymentRules | None = None
) -> PaymentService:
    return PaymentService(db, SETUP, rules or PaymentRules(), clock=clock or Clock())


def cash(minor: int, tendered: int | None = None) -> TenderInput:
    return TenderInput(
        TenderKind.CASH, inr(minor), tendered=None if tendered is None else inr(tendered)
    )


def cheque(
    minor: int,
    dated: date | str = date(2024, 3, 1),
    number: str = "123456",
    bank: str | None = "State Bank of India",
    ifsc: str | None = "SBIN0001234",
) -> TenderInput:
    return TenderInput(
        TenderKind.CHEQUE,
        inr(minor),
        reference=number,
        bank=bank,
        bank_branch="MG Road",
        ifsc=ifsc,
        instrument_date=dated,
    )


def counts(db: CacheDatabase) -> dict[str, int]:
    """Rows per payment table: what "nothing changed" is checked against."""
    reader = db.reader()
    return {t: reader.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}


def total_minor(amounts: list[Money]) -> int:
    return sum(a.minor for a in amounts)


# -- the counter's receipt identity ------------------------------------------------------------


def test_an_enrolled_counter_numbers_receipts_by_branch_digits_and_terminal_number() -> None:
    settings = Settings(branch_code="BR-1", central_terminal_id=7)
    assert receipt_prefix(settings) == ("0001", "007")


@pytest.mark.parametrize("code", ["BR-A", "BR-12345"])
def test_a_branch_code_without_usable_digits_numbers_receipts_as_branch_0000(code: str) -> None:
    # The terminal number is unique across the utility, so the prefix stays unique.
    assert receipt_prefix(Settings(branch_code=code, central_terminal_id=7)) == ("0000", "007")


def test_a_counter_never_enrolled_uses_its_office_and_terminal_settings() -> None:
    assert receipt_prefix(Settings(office_code="SD-014", terminal_id="T03")) == ("0014", "003")


@pytest.mark.parametrize(
    "settings",
    [
        Settings(branch_code="BR-1", central_terminal_id=1000),
        Settings(office_code="HEAD", terminal_id="T01"),
    ],
)
def test_settings_that_cannot_make_a_receipt_number_are_refused(settings: Settings) -> None:
    with pytest.raises(SetupError, match="receipt number"):
        receipt_prefix(settings)


def test_counter_setup_names_the_office_from_the_cache(tmp_path: Path) -> None:
    db = make_cache(tmp_path / "cache.sqlite3")
    try:
        setup = counter_setup(
            Settings(office_code=OFFICE.code, terminal_id="T03"),
            db,
            utility_name="Gandhi Nagar Power",
            tz=IST,
        )
    finally:
        db.close()
    assert (setup.branch, setup.terminal) == ("0014", "003")
    assert setup.header.office == OFFICE.name
    assert setup.header.counter == "Counter T03"
    assert setup.tz is IST
