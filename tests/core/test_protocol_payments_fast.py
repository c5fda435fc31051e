"""The fast payment decoder agrees with the strict one: same payments, same refusals, same errors.

``payment_from_wire_fast`` (ebill_core.protocol.payments) checks the usual upload with tight code
and hands anything else to the strict ``payment_from_wire``. These tests hold it to that: on any
valid payment (every tender kind with every detail it may carry) both give equal messages and
the tight path itself accepts it; on payments broken at random -- a field removed, added, or
replaced by a value of the wrong kind, at any depth -- and on each rule broken on purpose, both
refuse with the same ProtocolError (path and reason), or both accept the same message.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebill_core.money import Money
from ebill_core.protocol import ProtocolError
from ebill_core.protocol import payments as wire
from ebill_core.protocol.payments import (
    MAX_ALLOCATIONS,
    MAX_TENDERS,
    Allocation,
    PaymentMessage,
    Tender,
    TenderKind,
    payment_from_wire,
    payment_from_wire_fast,
    payment_to_wire,
)

CURRENCIES = ["INR", "USD", "JPY", "KWD"]


def _text(min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Text as cashiers and banks type it, non-ASCII letters too (NUL aside: always refused)."""
    return st.text(
        st.characters(codec="utf-8", blacklist_characters="\x00"),
        min_size=min_size,
        max_size=max_size,
    )


def _opt(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


MOMENTS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).flatmap(
    lambda moment: st.sampled_from(
        [UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-3))]
    ).map(lambda zone: moment.replace(tzinfo=zone))
)


@st.composite
def tenders(draw: st.DrawFn, currency: str) -> Tender:
    kind = draw(st.sampled_from(list(TenderKind)))
    minor = draw(st.integers(1, 10**12))
    card = kind is TenderKind.CARD
    cash = kind is TenderKind.CASH
    return Tender(
        kind=kind,
        amount=Money(minor, currency),
        reference=draw(_opt(_text(0, 64))),
        bank=draw(_opt(_text(0, 100))),
        instrument_date=draw(_opt(st.dates(date(1990, 1, 1), date(2100, 1, 1)))),
        bank_branch=draw(_opt(_text(0, 100))),
        ifsc=draw(_opt(_text(0, 11))),
        tendered=draw(_opt(st.integers(minor, minor + 10**6).map(lambda t: Money(t, currency))))
        if cash
        else None,
        card_last4=draw(_opt(st.from_regex(r"\A[0-9]{4}\Z"))) if card else None,
        card_scheme=draw(_opt(_text(0, 20))) if card else None,
        auth_code=draw(_opt(_text(0, 12))) if card else None,
        device_id=draw(_opt(_text(0, 40))),
    )


@st.composite
def payments(draw: st.DrawFn) -> PaymentMessage:
    currency = draw(st.sampled_from(CURRENCIES))
    paid = tuple(draw(st.lists(tenders(currency), min_size=1, max_size=MAX_TENDERS)))
    budget = sum(t.amount.minor for t in paid)
    bills = draw(st.lists(_text(1, 40), max_size=4, unique=True))
    allocations = []
    for bill_no in bills:
        if budget < 1:
            break
        minor = draw(st.integers(1, budget))
        budget -= minor
        version = draw(st.integers(1, 2**63 - 1))
        allocations.append(Allocation(bill_no, version, Money(minor, currency)))
    return PaymentMessage(
        payment_id=str(uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))),
        terminal_seq=draw(st.integers(1, 2**63 - 1)),
        receipt_no=draw(_text(1, 40)),
        account_no=draw(_text(1, 40)),
        taken_at=draw(MOMENTS),
        operator=draw(_text(1, 64)),
        offline=draw(st.booleans()),
        tenders=paid,
        allocations=tuple(allocations),
    )


def _json(value: object) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def _outcome(decode: Callable[..., Any], value: object) -> tuple[str, object]:
    try:
        return "ok", decode(value, "payments[3]")
    except ProtocolError as error:
        return "refused", str(error)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payments())
def test_a_valid_payment_takes_the_fast_path_and_decodes_the_same(payment: PaymentMessage) -> None:
    value = _json(payment_to_wire(payment))
    assert wire._fast_payment(value) == payment  # the tight path itself, no fallback
    assert payment_from_wire_fast(value) == payment
    assert payment_from_wire(value) == payment


def test_every_tender_detail_is_read_by_the_fast_path() -> None:
    """One tender of each kind with every detail it may carry, read by the tight path alone."""
    full: dict[str, Any] = {
        "reference": "R-1",
        "bank": "State Bank",
        "instrument_date": date(2026, 11, 15),
        "bank_branch": "Fort",
        "ifsc": "SBIN0000300",
        "device_id": "EDC-7",
    }
    paid = [Tender(kind, Money(100), **full) for kind in TenderKind if kind is not TenderKind.CASH]
    paid[paid.index(next(t for t in paid if t.kind is TenderKind.CARD))] = Tender(
        TenderKind.CARD, Money(100), card_last4="4242", card_scheme="VISA", auth_code="A1B2C3"
    )
    paid.append(Tender(TenderKind.CASH, Money(100), tendered=Money(500), **full))
    payment = PaymentMessage(
        str(uuid.uuid4()),
        1,
        "R-1",
        "A-1",
        datetime(2026, 11, 16, 10, 30, 15, 250_000, tzinfo=UTC),
        "cashier",
        False,
        tuple(paid),
    )
    value = _json(payment_to_wire(payment))
    assert wire._fast_payment(value) == payment
    assert payment_from_wire(value) == payment


# -- payments the strict reader refuses, or reads in a shape the fast path leaves to it -----------

BASE = _json(
    payment_to_wire(
        PaymentMessage(
            payment_id=str(uuid.UUID(int=7)),
            terminal_seq=12,
            receipt_no="014-03-000012-7",
            account_no="014000000001",
            taken_at=datetime(2026, 11, 16, 10, 30, tzinfo=timezone(timedelta(hours=5.5))),
            operator="cashier",
            offline=True,
            tenders=(
                Tender(TenderKind.CASH, Money(50_000), tendered=Money(60_000)),
                Tender(TenderKind.CHEQUE, Money(25_000), "000123", "SBI", date(2026, 11, 15)),
                Tender(TenderKind.CARD, Money(5_000), "RRN1", card_last4="4242", auth_code="X9"),
            ),
            allocations=(Allocation("B-1", 2, Money(60_000)), Allocation("B-2", 1, Money(10_000))),
        )
    )
)


def _set(*trail: object, value: object) -> Callable[[dict[str, Any]], None]:
    def change(payment: dict[str, Any]) -> None:
        target: Any = payment
        for step in trail[:-1]:
            target = target[step]
        target[trail[-1]] = value

    return change


def _drop(*trail: object) -> Callable[[dict[str, Any]], None]:
    def change(payment: dict[str, Any]) -> None:
        target: Any = payment
        for step in trail[:-1]:
            target = target[step]
        del target[trail[-1]]

    return change


T0, T1, T2 = ("tenders", 0), ("tenders", 1), ("tenders", 2)
A0 = ("allocations", 0)
MANY = [BASE["tenders"][1]] * (MAX_TENDERS + 1)
MANY_BILLS = [{**BASE["allocations"][1], "bill_no": f"B-{i}"} for i in range(MAX_ALLOCATIONS + 1)]

CASES: dict[str, Callable[[dict[str, Any]], None]] = {
    "upper-case uuid (accepted, made lower-case)": _set(
        "payment_id", value=str(uuid.UUID(int=7)).upper()
    ),
    "uuid without hyphens": _set("payment_id", value=uuid.UUID(int=7).hex),
    "uuid in braces": _set("payment_id", value="{" + str(uuid.UUID(int=7)) + "}"),
    "not a uuid": _set("payment_id", value="x" * 36),
    "uuid as a number": _set("payment_id", value=7),
    "no payment id": _drop("payment_id"),
    "sequence zero": _set("terminal_seq", value=0),
    "sequence as true": _set("terminal_seq", value=True),
    "sequence too big": _set("terminal_seq", value=2**63),
    "sequence as float": _set("terminal_seq", value=12.0),
    "empty receipt": _set("receipt_no", value=""),
    "receipt of 40 (accepted, the longest)": _set("receipt_no", value="r" * 40),
    "receipt of 41": _set("receipt_no", value="r" * 41),
    "nul in account": _set("account_no", value="0140\x00"),
    "operator of 65": _set("operator", value="o" * 65),
    "naive moment": _set("taken_at", value="2026-11-16T10:30:00"),
    "moment with Z (accepted, as UTC)": _set("taken_at", value="2026-11-16T10:30:00Z"),
    "a date for a moment": _set("taken_at", value="2026-11-16"),
    "moment too long": _set("taken_at", value="2026-11-16T10:30:00.000000+05:30" + " " * 9),
    "offline as 1": _set("offline", value=1),
    "offline missing": _drop("offline"),
    "no tenders": _set("tenders", value=[]),
    "tenders not a list": _set("tenders", value={}),
    "too many tenders": _set("tenders", value=MANY),
    "too many allocations": _set("allocations", value=MANY_BILLS),
    "allocations missing": _drop("allocations"),
    "unknown payment field": _set("note", value="x"),
    "unknown tender kind": _set(*T0, "kind", value="gold"),
    "tender kind missing": _drop(*T0, "kind"),
    "tender amount missing": _drop(*T0, "amount"),
    "zero tender": _set(*T0, "amount", "minor", value=0),
    "negative tender": _set(*T1, "amount", "minor", value=-5),
    "float tender": _set(*T0, "amount", "minor", value=500.0),
    "huge tender": _set(*T0, "amount", "minor", value=10**15 + 1),
    "unknown currency": _set(*T0, "amount", "currency", value="XYZ"),
    "amount with extra field": _set(*T0, "amount", "rate", value=1),
    "mixed currencies": _set(*T1, "amount", "currency", value="USD"),
    "allocation in another currency": _set(*A0, "amount", "currency", value="USD"),
    "tendered on a cheque": _set(*T1, "tendered", value={"minor": 30_000, "currency": "INR"}),
    "tendered below the amount": _set(*T0, "tendered", value={"minor": 100, "currency": "INR"}),
    "tendered in dollars": _set(*T0, "tendered", value={"minor": 90_000, "currency": "USD"}),
    "tendered null (accepted)": _set(*T0, "tendered", value=None),
    "card digits of 3": _set(*T2, "card_last4", value="424"),
    "card digits with a letter": _set(*T2, "card_last4", value="42a2"),
    "card digits full-width": _set(*T2, "card_last4", value="４２４２"),
    "a full card number": _set(*T2, "card_last4", value="4242424242424242"),
    "card details on cash": _set(*T0, "card_scheme", value="VISA"),
    "auth code on a cheque": _set(*T1, "auth_code", value="X1"),
    "card digits on upi": _set(*T2, "kind", value="upi"),
    "ifsc of 12": _set(*T1, "ifsc", value="SBIN00003000"),
    "bad instrument date": _set(*T1, "instrument_date", value="2026-02-30"),
    "week date (accepted as the strict reader does)": _set(
        *T1, "instrument_date", value="2026-W46-1"
    ),
    "unknown tender field": _set(*T1, "pan", value="x"),
    "reference null (accepted)": _set(*T1, "reference", value=None),
    "reference absent (accepted)": _drop(*T1, "reference"),
    "zero allocation": _set(*A0, "amount", "minor", value=0),
    "version zero": _set(*A0, "bill_version", value=0),
    "empty bill number": _set(*A0, "bill_no", value=""),
    "bill named twice": _set("allocations", 1, "bill_no", value="B-1"),
    "allocations above the tenders": _set(*A0, "amount", "minor", value=70_001),
    "allocation field missing": _drop(*A0, "bill_version"),
    "allocation not an object": _set("allocations", 0, value=["B-1", 2]),
    "empty payment": lambda payment: payment.clear(),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_payment_broken_on_purpose_gets_the_strict_verdict(case: str) -> None:
    value = copy.deepcopy(BASE)
    CASES[case](value)
    verdict = _outcome(payment_from_wire_fast, value)
    assert verdict == _outcome(payment_from_wire, value)
    assert verdict[0] == ("ok" if "(accepted" in case else "refused")


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 10**15, 10**15 + 1, 2**63, -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "x" * 41,
            "x" * 101,
            "a\x00b",
            "2026-02-30",
            "2026-11-15",
            "2026-11-15T10:00:00",
            "2026-11-15T10:00:00+05:30",
            "INR",
            "USD",
            "XYZ",
            "cash",
            "card",
            "cheque",
            "4242",
            "42424",
            str(uuid.UUID(int=9)),
            str(uuid.UUID(int=9)).upper(),
        ]
    ),
    st.lists(st.integers(), max_size=2),
    st.just({"minor": 100, "currency": "INR"}),
    st.just({"minor": 100, "currency": "USD"}),
    st.just({"minor": 10**9, "currency": "INR"}),
    st.just({"minor": 1.5, "currency": "INR"}),
    st.just({"minor": 100, "currency": "INR", "x": 1}),
    st.just({}),
)
FIELD_NAMES = sorted(
    {"extra", "kind", "tendered", "card_last4", "card_scheme", "auth_code", "bill_no", "minor"}
)


def _containers(value: Any, trail: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    """Paths (key/index sequences) of every dict and list inside ``value``, itself included."""
    yield trail
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield from _containers(item, (*trail, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                yield from _containers(item, (*trail, index))


def _at(value: Any, trail: tuple[object, ...]) -> Any:
    for step in trail:
        value = value[step]
    return value


@st.composite
def broken_payments(draw: st.DrawFn) -> Any:
    value = _json(payment_to_wire(draw(st.one_of(st.just(None), payments()).map(_or_base))))
    for _ in range(draw(st.integers(1, 2))):
        target = _at(value, draw(st.sampled_from(list(_containers(value)))))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if isinstance(target, dict) and target:
            key = draw(st.sampled_from(sorted(target)))
            if action == "remove":
                del target[key]
            elif action == "add":
                target[draw(st.sampled_from(FIELD_NAMES))] = draw(JUNK)
            else:
                target[key] = draw(JUNK)
        elif isinstance(target, list) and target:
            index = draw(st.integers(0, len(target) - 1))
            if action == "remove":
                del target[index]
            elif action == "add":
                target.extend([target[0]] * draw(st.sampled_from([1, 9, 50])))
            else:
                target[index] = draw(JUNK)
    return value


def _or_base(payment: PaymentMessage | None) -> PaymentMessage:
    return payment_from_wire(BASE) if payment is None else payment


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_payments())
def test_a_payment_broken_at_random_gets_the_strict_verdict(value: Any) -> None:
    assert _outcome(payment_from_wire_fast, value) == _outcome(payment_from_wire, value)


@given(st.one_of(JUNK, st.dictionaries(st.text(max_size=12), JUNK, max_size=4)))
def test_anything_else_gets_the_strict_verdict(value: object) -> None:
    assert _outcome(payment_from_wire_fast, value) == _outcome(payment_from_wire, value)
