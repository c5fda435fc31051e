"""The ingest's shortcuts change nothing that is stored or sent.

Posting a batch hashes each payment with a reused JSON encoder, builds a paid bill's feed record
straight from its rows, and turns rows into driver tuples by column. These check that the
digest is the canonical one stored hashes were made with (or every resend of a payment taken
before would be a conflict), that the feed's text of a paid bill is byte for byte what the feed's
own builder makes of the stored bill, and that the tuples are what per-value processing gives.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any, cast

import httpx
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Table, create_engine, select
from sqlalchemy.orm import Session

from ebill_central.db.models import BillRow, ChangeRow, PaymentRow
from ebill_central.feed.writer import payload_text
from ebill_central.services import payments as service
from ebill_central.services.rows import bill_record
from ebill_core.money import Money
from ebill_core.protocol import PaymentMessage, Tender, TenderKind, payment_to_wire
from ebill_core.protocol.records import bill_to_wire
from tests.central.conftest import SeededUtility, enrol_terminal
from tests.central.test_payments import _payment, _upload
from tests.central.test_payments_batch import _unpaid_bills
from tests.core.test_protocol_payments_fast import payments


def _canonical_digest(payment: PaymentMessage) -> str:
    """How body hashes were always made (the stored ones decide what "the same body" is)."""
    text = json.dumps(payment_to_wire(payment), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payments())
def test_the_body_hash_is_the_canonical_digest(payment: PaymentMessage) -> None:
    assert service.body_hash(payment) == _canonical_digest(payment)


def test_the_body_hash_of_a_known_payment_is_pinned() -> None:
    """A change of the canonical form would turn every resend of an older payment into a 409."""
    payment = PaymentMessage(
        payment_id=str(uuid.UUID(int=7)),
        terminal_seq=12,
        receipt_no="014-03-000012-7",
        account_no="014000000001",
        taken_at=datetime(2026, 11, 16, 10, 30, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        operator="cashier",
        offline=True,
        tenders=(
            Tender(TenderKind.CASH, Money(50_000), tendered=Money(60_000)),
            Tender(TenderKind.CHEQUE, Money(25_000), "000123", "SBI", date(2026, 11, 15)),
        ),
    )
    assert service.body_hash(payment) == _canonical_digest(payment)
    assert service.body_hash(payment) == (
        "b38dcf70fee507c3c5fb40d7dcc2b9325a81ed049a959a552906cd4cab49867c"
    )


def test_rows_become_the_tuples_per_value_processing_gives() -> None:
    """Moments go through their column's processor (UTC text on SQLite); the rest as they are."""
    table = cast(Table, PaymentRow.__table__)
    dialect = create_engine("sqlite://").dialect
    moment = datetime(2026, 11, 16, 10, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    rows: list[dict[str, Any]] = [
        {"payment_id": f"p{i}", "taken_at": moment + timedelta(minutes=i), "offline": i % 2 == 0}
        for i in range(3)
    ]
    columns = list(rows[0])
    processors = [table.c[c].type._cached_bind_processor(dialect) for c in columns]
    assert processors[1] is not None  # the moment really is processed here
    expected = [
        tuple(row[c] if p is None else p(row[c]) for c, p in zip(columns, processors, strict=True))
        for row in rows
    ]
    assert service._values(rows, columns, processors) == expected
    assert service._values(rows, ["payment_id"], [None]) == [("p0",), ("p1",), ("p2",)]
    assert service._values(rows, ["payment_id", "offline"], [None, None]) == [
        ("p0", True),
        ("p1", False),
        ("p2", True),
    ]
    assert expected[0][1] != moment


def test_a_paid_bills_feed_text_is_the_builders_byte_for_byte(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bills = _unpaid_bills(seeded, 22)[19:]
    owed = [int(bill.net_payable_minor) for bill in bills]
    amounts = [owed[0], 1_200, owed[2]]  # paid in full, part paid, paid in full
    payments_ = [
        _payment(bill.account_no, seq, amount, ((bill.bill_no, bill.version, amount),))
        for seq, (bill, amount) in enumerate(zip(bills, amounts, strict=True), start=1)
    ]
    _upload(client, credential, *payments_)
    with Session(seeded.engine) as session:
        for bill in bills:
            payload = session.scalars(
                select(ChangeRow.payload)
                .where(ChangeRow.entity == "bill", ChangeRow.key == bill.bill_no)
                .order_by(ChangeRow.change_id.desc())
                .limit(1)
            ).one()
            stored = session.get(BillRow, bill.bill_no)
            assert stored is not None and stored.amount_paid_minor > 0
            record = bill_to_wire(bill_record(session, stored))
            assert record["lines"] and record["registers"]  # the rebuilt parts are compared
            assert payload == payload_text(record)
