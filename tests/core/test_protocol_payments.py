"""Payment messages (terminal to central): exact round trips and strict, named refusals."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.money import Money
from ebill_core.protocol import (
    Allocation,
    BatchResult,
    PaymentMessage,
    PaymentOutcome,
    PaymentStatus,
    ProtocolError,
    Tender,
    TenderKind,
    batch_result_from_wire,
    batch_result_to_wire,
    payment_batch_items,
    payment_from_wire,
    payment_to_wire,
)

IST = timezone(timedelta(hours=5, minutes=30))


def _payment(**changes: Any) -> PaymentMessage:
    values: dict[str, Any] = {
        "payment_id": str(uuid.UUID(int=7)),
        "terminal_seq": 12,
        "receipt_no": "014-03-000012-7",
        "account_no": "014000000001",
        "taken_at": datetime(2026, 11, 16, 10, 30, tzinfo=IST),
        "operator": "cashier",
        "offline": True,
        "tenders": (
            Tender(TenderKind.CASH, Money(50_000)),
            Tender(TenderKind.CHEQUE, Money(25_000), "000123", "SBI", date(2026, 11, 15)),
        ),
        "allocations": (Allocation("B-1", 2, Money(60_000)), Allocation("B-2", 1, Money(10_000))),
    }
    values.update(changes)
    return PaymentMessage(**values)


def _wire(payment: PaymentMessage) -> Any:
    return json.loads(json.dumps(payment_to_wire(payment)))


def test_a_payment_round_trips_and_adds_up_its_tenders() -> None:
    payment = _payment()
    assert payment_from_wire(_wire(payment)) == payment
    assert payment.amount == Money(75_000)


@given(
    st.lists(st.integers(min_value=1, max_value=10**12), min_size=1, max_size=10),
    st.sampled_from(list(TenderKind)),
)
def test_any_positive_tenders_round_trip(amounts: list[int], kind: TenderKind) -> None:
    payment = _payment(tenders=tuple(Tender(kind, Money(a)) for a in amounts), allocations=())
    decoded = payment_from_wire(_wire(payment))
    assert decoded == payment and decoded.amount.minor == sum(amounts)


@pytest.mark.parametrize(
    ("change", "where", "reason"),
    [
        (lambda w: w.update(tenders=[]), "tenders", "at least one tender"),
        (lambda w: w["tenders"][0]["amount"].update(minor=0), "tenders[0].amount", "more than"),
        (lambda w: w["tenders"][0]["amount"].update(minor=99.5), "minor", "whole number"),
        (lambda w: w["tenders"][1]["amount"].update(currency="USD"), "", "one currency"),
        (lambda w: w["allocations"][0]["amount"].update(minor=70_000), "allocations", "more than"),
        (lambda w: w["allocations"][1].update(bill_no="B-1"), "allocations", "more than once"),
        (lambda w: w["tenders"][0].update(kind="iou"), "kind", "one of"),
        (lambda w: w.update(payment_id="not-a-uuid"), "payment_id", "UUID"),
        (
            lambda w: w.update(payment_id=str(uuid.UUID(int=7)).replace("-", "")),
            "payment_id",
            "8-4",
        ),
        (lambda w: w.update(taken_at="2026-11-16T10:30:00"), "taken_at", "UTC offset"),
        (lambda w: w.update(terminal_seq=0), "terminal_seq", "between"),
        (lambda w: w.update(offline="yes"), "offline", "true or false"),
        (lambda w: w.update(amount={"minor": 1, "currency": "INR"}), "", "unknown field"),
        (lambda w: w.pop("receipt_no"), "receipt_no", "required"),
    ],
)
def test_a_payment_that_cannot_be_right_is_refused_by_field(
    change: Any, where: str, reason: str
) -> None:
    wire = _wire(_payment())
    change(wire)
    with pytest.raises(ProtocolError, match=reason) as refused:
        payment_from_wire(wire, "payments[3]")
    assert refused.value.path.startswith("payments[3]")
    assert where in refused.value.path


def test_an_upload_holds_one_to_five_hundred_items() -> None:
    assert payment_batch_items({"payments": [1, {}]}) == [1, {}]
    for bad in ({"payments": []}, {"payments": [{}] * 501}, {"payments": {}}, [], {"p": []}):
        with pytest.raises(ProtocolError):
            payment_batch_items(bad)


def test_an_answer_round_trips_and_its_gaps_are_checked() -> None:
    result = BatchResult(
        (
            PaymentOutcome(0, str(uuid.UUID(int=1)), PaymentStatus.POSTED, ("credit",)),
            PaymentOutcome(1, None, PaymentStatus.REJECTED, (), "invalid_message", "bad"),
        ),
        ((1, 1), (4, 6)),
    )
    wire = json.loads(json.dumps(batch_result_to_wire(result)))
    assert batch_result_from_wire(wire) == result
    for gaps in ([[5, 4]], [[0, 1]], [[1]], [1], [[1.0, 2]]):
        with pytest.raises(ProtocolError, match="gaps"):
            batch_result_from_wire({**wire, "gaps": gaps})
