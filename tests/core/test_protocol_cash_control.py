"""The cash-control messages: every encoded message decodes to itself; bad input is named."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebill_core.audit_chain import AuditEntry, entry_digest, genesis_digest
from ebill_core.money import Money
from ebill_core.protocol import (
    AuditUpload,
    ChequeBounceMessage,
    CountTotal,
    ProtocolError,
    ReversalMessage,
    ShiftCloseMessage,
    TenderKind,
    TenderTotal,
    audit_chain_terminal,
    audit_upload_from_wire,
    audit_upload_to_wire,
    cheque_bounce_from_wire,
    cheque_bounce_to_wire,
    reversal_from_wire,
    reversal_to_wire,
    shift_close_from_wire,
    shift_close_to_wire,
)
from ebill_core.protocol.cash_control_answers import (
    ApplyStatus,
    AuditAnswer,
    ChequeBounceAnswer,
    ReversalAnswer,
    ShiftCloseAnswer,
    ShiftCloseStatus,
    ShiftDifference,
    audit_answer_from_wire,
    audit_answer_to_wire,
    cheque_bounce_answer_from_wire,
    cheque_bounce_answer_to_wire,
    reversal_answer_from_wire,
    reversal_answer_to_wire,
    shift_close_answer_from_wire,
    shift_close_answer_to_wire,
)

uuids = st.uuids().map(str)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
moments = st.builds(
    lambda base, tz: base.replace(tzinfo=UTC).astimezone(tz),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
    offsets,
)
# Text as JSON can carry it: no NUL, no lone UTF-16 surrogates.
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
logins = st.text(chars, min_size=1, max_size=64)
codes = st.from_regex(r"[A-Za-z0-9_-]{1,40}", fullmatch=True)
minors = st.integers(min_value=0, max_value=10**12)


def _count_totals() -> st.SearchStrategy[CountTotal]:
    return st.one_of(
        st.just(CountTotal(0, Money(0))),
        st.builds(
            lambda c, m: CountTotal(c, Money(m)),
            st.integers(min_value=1, max_value=10**6),
            st.integers(min_value=1, max_value=10**12),
        ),
    )


@st.composite
def shift_closes(draw: st.DrawFn) -> ShiftCloseMessage:
    opened = draw(moments)
    kinds = draw(st.lists(st.sampled_from(list(TenderKind)), unique=True))
    tenders = tuple(
        TenderTotal(k, t.count, t.total) for k in kinds for t in [draw(_count_totals())]
    )
    receipts = draw(st.integers(min_value=0, max_value=10_000))
    voids = draw(_count_totals()) if receipts else CountTotal(0, Money(0))
    if voids.count > receipts:
        voids = CountTotal(receipts, voids.total)
    numbered = receipts > 0
    return ShiftCloseMessage(
        shift_id=draw(uuids),
        terminal_id=draw(st.integers(min_value=1, max_value=10**9)),
        branch_code=draw(st.text(chars, min_size=1, max_size=40)),
        operator=draw(logins),
        opened_at=opened,
        closed_at=opened + draw(st.timedeltas(timedelta(0), timedelta(hours=30))),
        opening_float=Money(draw(minors)),
        tenders=tenders,
        receipts=receipts,
        first_receipt_no="014-03-000001-7" if numbered else None,
        last_receipt_no=f"014-03-{receipts:06d}-1" if numbered else None,
        voids=voids,
        reprints=draw(st.integers(min_value=0, max_value=1000)),
        drops=draw(_count_totals()),
        pay_outs=draw(_count_totals()),
        over_short=Money(draw(st.integers(min_value=-(10**9), max_value=10**9))),
        unsynced=draw(st.integers(min_value=0, max_value=1000)),
    )


def _json_round_trip(wire: dict[str, object]) -> Any:
    return json.loads(json.dumps(wire))


@settings(max_examples=30, deadline=None)
@given(shift_closes())
def test_a_shift_close_round_trips(message: ShiftCloseMessage) -> None:
    assert shift_close_from_wire(_json_round_trip(shift_close_to_wire(message))) == message


@settings(max_examples=30, deadline=None)
@given(uuids, uuids, codes, logins, moments)
def test_a_reversal_round_trips(
    reversal_id: str, payment_id: str, code: str, approver: str, at: datetime
) -> None:
    message = ReversalMessage(reversal_id, payment_id, code, approver, at)
    if reversal_id == payment_id:
        return
    assert reversal_from_wire(_json_round_trip(reversal_to_wire(message))) == message


@settings(max_examples=30, deadline=None)
@given(
    uuids,
    uuids,
    st.one_of(st.none(), st.integers(min_value=0, max_value=9)),
    st.one_of(st.none(), st.text(chars, min_size=1, max_size=64)),
    codes,
    logins,
    moments,
)
def test_a_cheque_bounce_round_trips(
    bounce_id: str,
    payment_id: str,
    position: int | None,
    cheque_no: str | None,
    code: str,
    approver: str,
    at: datetime,
) -> None:
    if (position is None and cheque_no is None) or bounce_id == payment_id:
        return
    message = ChequeBounceMessage(bounce_id, payment_id, position, cheque_no, code, approver, at)
    assert cheque_bounce_from_wire(_json_round_trip(cheque_bounce_to_wire(message))) == message


details = st.dictionaries(
    st.text(chars, min_size=1, max_size=64),
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.text(chars, max_size=50),
        st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=5),
    ),
    max_size=8,
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(moments, logins, codes, details), min_size=1, max_size=10))
def test_an_audit_upload_round_trips(rows: list[tuple[datetime, str, str, dict[str, Any]]]) -> None:
    entries, prev = [], genesis_digest(audit_chain_terminal(7))
    for seq, (at, actor, action, detail) in enumerate(rows, start=1):
        digest = entry_digest(prev, seq, at, actor, action, detail)
        entries.append(AuditEntry(seq, at, actor, action, detail, prev, digest))
        prev = digest
    upload = AuditUpload(tuple(entries))
    assert audit_upload_from_wire(_json_round_trip(audit_upload_to_wire(upload))) == upload


# -- bad input -------------------------------------------------------------------------------

START = datetime(2026, 11, 16, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))


def _shift_wire(**changes: object) -> dict[str, object]:
    message = ShiftCloseMessage(
        shift_id=str(uuid.uuid4()),
        terminal_id=3,
        branch_code="BR-1",
        operator="ravi",
        opened_at=START,
        closed_at=START + timedelta(hours=8),
        opening_float=Money(200_000),
        tenders=(TenderTotal(TenderKind.CASH, 2, Money(50_000)),),
        receipts=2,
        first_receipt_no="R-1",
        last_receipt_no="R-2",
        voids=CountTotal(0, Money(0)),
        reprints=0,
        drops=CountTotal(1, Money(10_000)),
        pay_outs=CountTotal(0, Money(0)),
        over_short=Money(-100),
        unsynced=0,
    )
    return {**shift_close_to_wire(message), **changes}


def _inr(minor: object, currency: str = "INR") -> dict[str, object]:
    return {"minor": minor, "currency": currency}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"shift_id": "not-a-uuid"}, "shift_id"),
        ({"terminal_id": True}, "terminal_id"),
        ({"opened_at": "2026-11-16T09:00:00"}, "opened_at"),
        ({"closed_at": "2026-11-16T08:00:00+05:30"}, "closed_at"),
        ({"opened_at": "2026-11-16T09:00:00+05:30:30"}, "opened_at"),
        ({"opened_at": "0001-01-01T00:00:00+05:30"}, "opened_at"),
        ({"opening_float": _inr(1.5)}, "opening_float.minor"),
        ({"opening_float": _inr(-1)}, "opening_float"),
        ({"over_short": _inr(1, "USD")}, "tenders"),
        ({"tenders": [{"kind": "gold", "count": 1, "total": _inr(1)}]}, "tenders[0].kind"),
        ({"tenders": [{"kind": "cash", "count": 1, "total": _inr(0)}]}, "tenders[0].total"),
        ({"tenders": [{"kind": "cash", "count": 1, "total": _inr(-5)}]}, "tenders[0].total"),
        (
            {"tenders": [{"kind": "cash", "count": 1, "total": _inr(5)}] * 2},
            "tenders",
        ),
        ({"receipts": -1}, "receipts"),
        ({"first_receipt_no": None}, "first_receipt_no"),
        ({"receipts": 0}, "first_receipt_no"),
        ({"voids": {"count": 3, "total": _inr(300)}}, "voids"),
        ({"drops": {"count": 1}}, "drops.total"),
        ({"unsynced": "0"}, "unsynced"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_a_bad_shift_close_is_refused_by_field(changes: dict[str, object], path: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        shift_close_from_wire(_shift_wire(**changes))
    assert path in str(caught.value)


def test_a_shift_close_misses_no_required_field() -> None:
    wire = _shift_wire()
    for name in wire:
        if name in ("first_receipt_no", "last_receipt_no"):
            continue
        broken = {k: v for k, v in wire.items() if k != name}
        with pytest.raises(ProtocolError, match=name):
            shift_close_from_wire(broken)


def _reversal_wire(**changes: object) -> dict[str, object]:
    message = ReversalMessage(str(uuid.uuid4()), str(uuid.uuid4()), "wrong_account", "sup", START)
    return {**reversal_to_wire(message), **changes}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"payment_id": "6F1C"}, "payment_id"),
        ({"reason_code": ""}, "reason_code"),
        ({"reason_code": "no spaces"}, "reason_code"),
        ({"approver": ""}, "approver"),
        ({"at": 1700000000}, "at"),
        ({"extra": None}, "extra"),
    ],
)
def test_a_bad_reversal_is_refused_by_field(changes: dict[str, object], path: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        reversal_from_wire(_reversal_wire(**changes))
    assert path in str(caught.value)


def test_a_reversal_has_its_own_uuid() -> None:
    same = str(uuid.uuid4())
    with pytest.raises(ProtocolError, match="reversal_id"):
        reversal_from_wire(_reversal_wire(reversal_id=same, payment_id=same))


def _bounce_wire(**changes: object) -> dict[str, object]:
    message = ChequeBounceMessage(
        str(uuid.uuid4()), str(uuid.uuid4()), 1, "700123", "NSF", "sup", START
    )
    return {**cheque_bounce_to_wire(message), **changes}


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"tender_position": None, "cheque_no": None}, "tender_position"),
        ({"tender_position": -1}, "tender_position"),
        ({"tender_position": 10}, "tender_position"),
        ({"cheque_no": 700123}, "cheque_no"),
        ({"reason_code": "N.S.F."}, "reason_code"),
        ({"at": "yesterday"}, "at"),
    ],
)
def test_a_bad_cheque_bounce_is_refused_by_field(changes: dict[str, object], path: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        cheque_bounce_from_wire(_bounce_wire(**changes))
    assert path in str(caught.value)


def _entry_wire(**changes: object) -> dict[str, object]:
    at = START
    prev = genesis_digest(audit_chain_terminal(1))
    digest = entry_digest(prev, 1, at, "ravi", "login", {"ok": True})
    wire: dict[str, object] = {
        "seq": 1,
        "at": at.isoformat(),
        "actor": "ravi",
        "action": "login",
        "detail": {"ok": True},
        "prev_digest": prev,
        "digest": digest,
    }
    return {**wire, **changes}


@pytest.mark.parametrize(
    ("upload", "path"),
    [
        ({"entries": []}, "entries"),
        ({"entries": "x"}, "entries"),
        ({}, "entries"),
        ({"entries": [_entry_wire(seq=0)]}, "entries[0].seq"),
        ({"entries": [_entry_wire(digest="ABC")]}, "entries[0].digest"),
        ({"entries": [_entry_wire(prev_digest="g" * 64)]}, "entries[0].prev_digest"),
        ({"entries": [_entry_wire(detail=[1])]}, "entries[0].detail"),
        ({"entries": [_entry_wire(detail={"amount": 1.5})]}, "entries[0].detail.amount"),
        ({"entries": [_entry_wire(detail={"": 1})]}, "entries[0].detail"),
        (
            {"entries": [_entry_wire(detail={"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}})]},
            "deep",
        ),
        ({"entries": [_entry_wire(at="2026-11-16T09:00:00")]}, "entries[0].at"),
        ({"entries": [_entry_wire(actor="")]}, "entries[0].actor"),
        ({"entries": [_entry_wire()], "terminal": 1}, "terminal"),
    ],
)
def test_a_bad_audit_upload_is_refused_by_field(upload: dict[str, object], path: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        audit_upload_from_wire(upload)
    assert path in str(caught.value)


def test_a_tampered_chain_still_decodes_for_the_server_to_judge() -> None:
    """Whether entries form a chain is the server's finding, not a malformed message."""
    upload = audit_upload_from_wire({"entries": [_entry_wire(actor="mallory"), _entry_wire()]})
    assert [e.actor for e in upload.entries] == ["mallory", "ravi"]


# -- answers ---------------------------------------------------------------------------------


def test_the_answers_round_trip_and_are_strict() -> None:
    shift = ShiftCloseAnswer(
        str(uuid.uuid4()), ShiftCloseStatus.MISMATCH, (ShiftDifference("cash count", "3", "2"),)
    )
    assert (
        shift_close_answer_from_wire(_json_round_trip(shift_close_answer_to_wire(shift))) == shift
    )
    reversal = ReversalAnswer(str(uuid.uuid4()), str(uuid.uuid4()), ApplyStatus.APPLIED, Money(5))
    assert (
        reversal_answer_from_wire(_json_round_trip(reversal_answer_to_wire(reversal))) == reversal
    )
    bounce = ChequeBounceAnswer(
        str(uuid.uuid4()),
        str(uuid.uuid4()),
        ApplyStatus.PENDING,
        None,
        None,
        None,
        None,
        None,
        False,
    )
    wire = _json_round_trip(cheque_bounce_answer_to_wire(bounce))
    assert cheque_bounce_answer_from_wire(wire) == bounce
    audit = AuditAnswer(3, 8, "a" * 64)
    assert audit_answer_from_wire(_json_round_trip(audit_answer_to_wire(audit))) == audit
    with pytest.raises(ProtocolError, match="differences"):
        shift_close_answer_from_wire({**shift_close_answer_to_wire(shift), "differences": []})
    with pytest.raises(ProtocolError, match="status"):
        reversal_answer_from_wire({**reversal_answer_to_wire(reversal), "status": "done"})
    with pytest.raises(ProtocolError, match="cheque_barred"):
        cheque_bounce_answer_from_wire({**wire, "cheque_barred": 1})
    with pytest.raises(ProtocolError, match="last_digest"):
        audit_answer_from_wire({"accepted": 0, "last_seq": 0, "last_digest": "a" * 64})
