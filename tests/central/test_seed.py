"""Seeding the demo utility: everything lands, with a numbered change for each record."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    AccountRow,
    BillLineRow,
    BillRow,
    ChangeRow,
    OperatorRow,
    PostingRow,
    TariffRow,
)
from ebill_central.errors import ConflictError
from ebill_central.services.seed import seed_demo
from ebill_core.demo import DemoParams, generate_utility
from ebill_core.passwords import verify_password
from tests.central.conftest import SEED_CUSTOMERS, SEED_TODAY, SeededUtility


def _count(seeded: SeededUtility, statement: object) -> int:
    with seeded.engine.connect() as connection:
        value = connection.execute(statement).scalar_one()  # type: ignore[call-overload]
        connection.rollback()
    return int(value)


def test_seed_loads_every_account_bill_and_posting(seeded: SeededUtility) -> None:
    utility = generate_utility(DemoParams(customers=SEED_CUSTOMERS, seed=7, today=SEED_TODAY))
    bundles = list(utility.bundles())
    assert _count(seeded, select(func.count()).select_from(AccountRow)) == SEED_CUSTOMERS
    assert _count(seeded, select(func.count()).select_from(BillRow)) == sum(
        len(b.bills) for b in bundles
    )
    assert _count(seeded, select(func.count()).select_from(BillLineRow)) == sum(
        len(bill.lines) for b in bundles for bill in b.bills
    )
    # Other tests add postings to this shared database; count the generator's own.
    demo_postings = [p.payment_id for b in bundles for p in b.postings]
    postings = select(func.count()).select_from(PostingRow)
    assert _count(seeded, postings.where(PostingRow.payment_id.in_(demo_postings))) == len(
        demo_postings
    )
    assert _count(seeded, select(func.count()).select_from(TariffRow)) == len(utility.tariffs)
    # Money went in as exact integers: the sum of every net payable is the generator's.
    assert _count(seeded, select(func.sum(BillRow.net_payable_minor))) == sum(
        bill.net_payable.minor for b in bundles for bill in b.bills
    )


def test_every_seeded_change_is_numbered_once(seeded: SeededUtility) -> None:
    unnumbered = select(func.count()).select_from(ChangeRow).where(ChangeRow.seq.is_(None))
    accounts = select(func.count()).select_from(ChangeRow).where(ChangeRow.entity == "account")
    seeded_changes = select(func.count()).select_from(ChangeRow).where(ChangeRow.seq <= 1000)
    assert _count(seeded, accounts) == SEED_CUSTOMERS
    assert _count(seeded, seeded_changes) == 1000  # seq 1..1000 with no gaps or repeats
    # Other tests add changes meanwhile (and leave them for the next feed read to number);
    # only the seed writes account changes, and they are all numbered.
    assert _count(seeded, unnumbered.where(ChangeRow.entity == "account")) == 0


def test_seeded_operators_can_log_in_with_the_demo_passwords(seeded: SeededUtility) -> None:
    with seeded.engine.connect() as connection:
        stored = connection.execute(
            select(OperatorRow.password_hash).where(OperatorRow.login == "cashier")
        ).scalar_one()
        connection.rollback()
    assert verify_password(stored, "cashier-demo")
    assert not verify_password(stored, "cashier-demo!")


def test_seeding_a_database_that_has_accounts_is_refused(seeded: SeededUtility) -> None:
    before = _count(seeded, select(func.count()).select_from(ChangeRow))
    with pytest.raises(ConflictError, match="already holds"):
        seed_demo(seeded.engine, 5, seed=8, today=SEED_TODAY)
    assert _count(seeded, select(func.count()).select_from(AccountRow)) == SEED_CUSTOMERS
    assert _count(seeded, select(func.count()).select_from(ChangeRow)) == before


def test_times_and_rates_come_back_exactly_as_generated(seeded: SeededUtility) -> None:
    # On PostgreSQL the seed goes in by COPY; this reads it back through the models.
    utility = generate_utility(DemoParams(customers=SEED_CUSTOMERS, seed=7, today=SEED_TODAY))
    bundle = next(b for b in utility.bundles() if b.postings)
    posting = bundle.postings[0]
    line = next(line for line in bundle.bills[0].lines if line.rate is not None)
    with Session(seeded.engine) as session:
        stored = session.get(PostingRow, posting.payment_id)
        lines = session.scalars(
            select(BillLineRow).where(BillLineRow.bill_no == bundle.bills[0].bill_no)
        ).all()
    assert stored is not None
    assert stored.paid_at == posting.paid_at.replace(tzinfo=ZoneInfo("Asia/Kolkata"))
    assert stored.amount_minor == posting.amount.minor
    stored_line = next(row for row in lines if row.code == line.code)
    assert (stored_line.rate, stored_line.quantity) == (line.rate, line.quantity)
    assert str(stored_line.rate) == str(line.rate)  # the same digits, not just the same value
