"""Cash control going up, terminal to central: shift closes, reversals, cheque bounces, audit.

Each message carries a UUID made at the counter (the idempotency key: a resend gets the first
answer, the same UUID with a different body is refused). Decoding is strict, like the payments'
(:mod:`ebill_core.protocol.payments`): unknown fields, floats for money, naive times, mixed
currencies and figures that cannot add up are refused with the field's path.

- :class:`ShiftCloseMessage`: the Z report's control totals (count and sum per tender kind,
  receipts, voids, drops ...), which the server reconciles against the payments it holds.
- :class:`ReversalMessage`: a void of a payment that had already been sent (or was about to be).
- :class:`ChequeBounceMessage`: a cheque tender returned unpaid (reason ``NSF`` ...).
- :class:`AuditUpload`: a run of the terminal's hash-chained audit entries
  (:mod:`ebill_core.audit_chain`), continuing what the server already holds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from ebill_core.audit_chain import AuditEntry
from ebill_core.money import Money
from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import MAX_MINOR, Fields, money_wire, text_value
from ebill_core.protocol.payments import TenderKind, payment_id_from_wire

__all__ = [
    "MAX_AUDIT_ENTRIES",
    "AuditUpload",
    "ChequeBounceMessage",
    "CountTotal",
    "ReversalMessage",
    "ShiftCloseMessage",
    "TenderTotal",
    "audit_chain_terminal",
    "audit_entry_from_wire",
    "audit_entry_to_wire",
    "audit_upload_from_wire",
    "audit_upload_to_wire",
    "cheque_bounce_from_wire",
    "cheque_bounce_to_wire",
    "reversal_from_wire",
    "reversal_to_wire",
    "shift_close_from_wire",
    "shift_close_to_wire",
]

MAX_AUDIT_ENTRIES = 1000  # entries in one upload; a longer backlog goes in several
MAX_COUNT = 10**9  # receipts, tenders, drops ... in one shift: more is not a shift
_LOGIN = 64
_RECEIPT = 40
_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")  # reason codes: "NSF", "wrong_account" ...
_DIGEST = re.compile(r"[0-9a-f]{64}")
_DETAIL_DEPTH = 5
_DETAIL_CHARS = 4000


@dataclass(frozen=True, slots=True)
class CountTotal:
    """How many, and how much in all (drops, pay-outs, voids of a shift)."""

    count: int
    total: Money


@dataclass(frozen=True, slots=True)
class TenderTotal:
    """One tender kind's control total: how many tenders of that kind, and their sum."""

    kind: TenderKind
    count: int
    total: Money


@dataclass(frozen=True, slots=True)
class ShiftCloseMessage:
    """A closed shift's control totals (what the Z report printed).

    ``tenders`` are gross: every payment taken in the shift, including ones voided later; the
    voids are counted apart (and each also travels as a :class:`ReversalMessage`). A kind
    with no tender is simply absent. ``first_receipt_no``/``last_receipt_no`` are None only
    when ``receipts`` is 0. ``over_short`` is counted minus expected cash (negative: short).
    """

    shift_id: str
    terminal_id: int
    branch_code: str
    operator: str
    opened_at: datetime
    closed_at: datetime
    opening_float: Money
    tenders: tuple[TenderTotal, ...]
    receipts: int
    first_receipt_no: str | None
    last_receipt_no: str | None
    voids: CountTotal
    reprints: int
    drops: CountTotal
    pay_outs: CountTotal
    over_short: Money
    unsynced: int

    @property
    def currency(self) -> str:
        return self.opening_float.currency


@dataclass(frozen=True, slots=True)
class ReversalMessage:
    """A payment voided at the counter (with a supervisor's approval) after it was taken."""

    reversal_id: str
    payment_id: str
    reason_code: str
    approver: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ChequeBounceMessage:
    """A cheque returned unpaid: the tender is named by its place in the payment
    (``tender_position``, from 0) or by the cheque's number, or both (then they must agree)."""

    bounce_id: str
    payment_id: str
    tender_position: int | None
    cheque_no: str | None
    reason_code: str
    approver: str
    at: datetime


@dataclass(frozen=True, slots=True)
class AuditUpload:
    """Audit entries of the calling terminal, in sequence order, continuing its stored chain."""

    entries: tuple[AuditEntry, ...]


# -- shared pieces ---------------------------------------------------------------------------


def _uuid(f: Fields, name: str) -> str:
    return payment_id_from_wire(f.raw(name), f.at(name))


def _code(f: Fields, name: str) -> str:
    value = f.text(name, max_len=40, min_len=1)
    if not _CODE.fullmatch(value):
        raise ProtocolError(f.at(name), "a code is letters, digits, '_' or '-'")
    return value


def _count(f: Fields, name: str) -> int:
    return f.integer(name, low=0, high=MAX_COUNT)


def _count_total(value: object, path: str) -> CountTotal:
    f = Fields(value, path)
    result = CountTotal(_count(f, "count"), f.money("total"))
    f.done()
    _check_count_total(result.count, result.total, f)
    return result


def _check_count_total(count: int, amount: Money, f: Fields) -> None:
    if amount.is_negative:
        raise ProtocolError(f.at("total"), "a total is never negative")
    if (count == 0) != (amount.minor == 0):
        raise ProtocolError(f.at("total"), "a total is zero exactly when its count is")


def _count_total_wire(value: CountTotal) -> dict[str, object]:
    return {"count": value.count, "total": money_wire(value.total)}


def _moment_wire(moment: datetime) -> str:
    return moment.isoformat()


def _moment(f: Fields, name: str) -> datetime:
    """A moment whose offset is whole minutes and that lies in years 1-9999 in UTC too (the
    server stores moments in UTC: ``0001-01-01T00:00+05:30`` would not convert)."""
    moment = f.moment(name)
    offset = moment.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        raise ProtocolError(f.at(name), "a UTC offset is whole minutes")
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ProtocolError(f.at(name), "is out of range once converted to UTC") from None
    return moment


def audit_chain_terminal(terminal_id: int) -> str:
    """The identity a terminal's audit chain starts from (its genesis digest's input), the same
    on the terminal and at head office: ``"terminal:<id>"`` with the id enrolment gave it."""
    return f"terminal:{terminal_id}"


# -- shift close -----------------------------------------------------------------------------


def _tender_total(value: object, path: str) -> TenderTotal:
    f = Fields(value, path)
    result = TenderTotal(f.choice("kind", TenderKind), _count(f, "count"), f.money("total"))
    f.done()
    _check_count_total(result.count, result.total, f)
    return result


def shift_close_to_wire(message: ShiftCloseMessage) -> dict[str, object]:
    return {
        "shift_id": message.shift_id,
        "terminal_id": message.terminal_id,
        "branch_code": message.branch_code,
        "operator": message.operator,
        "opened_at": _moment_wire(message.opened_at),
        "closed_at": _moment_wire(message.closed_at),
        "opening_float": money_wire(message.opening_float),
        "tenders": [
            {"kind": t.kind.value, "count": t.count, "total": money_wire(t.total)}
            for t in message.tenders
        ],
        "receipts": message.receipts,
        "first_receipt_no": message.first_receipt_no,
        "last_receipt_no": message.last_receipt_no,
        "voids": _count_total_wire(message.voids),
        "reprints": message.reprints,
        "drops": _count_total_wire(message.drops),
        "pay_outs": _count_total_wire(message.pay_outs),
        "over_short": money_wire(message.over_short),
        "unsynced": message.unsynced,
    }


def shift_close_from_wire(value: object, path: str = "") -> ShiftCloseMessage:
    """A :class:`ShiftCloseMessage`, checked strictly (see the class's notes)."""
    f = Fields(value, path)
    message = ShiftCloseMessage(
        shift_id=_uuid(f, "shift_id"),
        terminal_id=f.integer("terminal_id", low=1),
        branch_code=f.text("branch_code", max_len=40, min_len=1),
        operator=f.text("operator", max_len=_LOGIN, min_len=1),
        opened_at=_moment(f, "opened_at"),
        closed_at=_moment(f, "closed_at"),
        opening_float=f.money("opening_float"),
        tenders=tuple(
            _tender_total(v, p) for p, v in f.items("tenders", max_items=len(TenderKind))
        ),
        receipts=_count(f, "receipts"),
        first_receipt_no=f.opt_text("first_receipt_no", max_len=_RECEIPT),
        last_receipt_no=f.opt_text("last_receipt_no", max_len=_RECEIPT),
        voids=_count_total(f.raw("voids"), f.at("voids")),
        reprints=_count(f, "reprints"),
        drops=_count_total(f.raw("drops"), f.at("drops")),
        pay_outs=_count_total(f.raw("pay_outs"), f.at("pay_outs")),
        over_short=f.money("over_short"),
        unsynced=_count(f, "unsynced"),
    )
    f.done()
    _check_shift_close(message, f)
    return message


def _check_shift_close(message: ShiftCloseMessage, f: Fields) -> None:
    """What holds in any Z report: one currency, time runs forward, receipts add up."""
    if message.closed_at < message.opened_at:
        raise ProtocolError(f.at("closed_at"), "a shift closes after it opens")
    if message.opening_float.is_negative:
        raise ProtocolError(f.at("opening_float"), "a float is never negative")
    amounts = [message.opening_float, message.over_short, message.voids.total]
    amounts += [message.drops.total, message.pay_outs.total] + [t.total for t in message.tenders]
    if len({a.currency for a in amounts}) != 1:
        raise ProtocolError(f.at("tenders"), "all amounts are in one currency")
    kinds = [t.kind for t in message.tenders]
    if len(set(kinds)) != len(kinds):
        raise ProtocolError(f.at("tenders"), "a tender kind is listed more than once")
    if sum(t.total.minor for t in message.tenders) > MAX_MINOR:
        raise ProtocolError(f.at("tenders"), "the tenders add up to more than any shift takes")
    numbered = message.first_receipt_no is not None and message.last_receipt_no is not None
    if message.receipts > 0 and not numbered:
        raise ProtocolError(f.at("first_receipt_no"), "a shift with receipts names the first")
    if message.receipts == 0 and (message.first_receipt_no or message.last_receipt_no):
        raise ProtocolError(f.at("first_receipt_no"), "a shift without receipts names none")
    if message.voids.count > message.receipts:
        raise ProtocolError(f.at("voids"), "more voids than receipts")


# -- reversal --------------------------------------------------------------------------------


def reversal_to_wire(message: ReversalMessage) -> dict[str, object]:
    return {
        "reversal_id": message.reversal_id,
        "payment_id": message.payment_id,
        "reason_code": message.reason_code,
        "approver": message.approver,
        "at": _moment_wire(message.at),
    }


def reversal_from_wire(value: object, path: str = "") -> ReversalMessage:
    f = Fields(value, path)
    message = ReversalMessage(
        reversal_id=_uuid(f, "reversal_id"),
        payment_id=_uuid(f, "payment_id"),
        reason_code=_code(f, "reason_code"),
        approver=f.text("approver", max_len=_LOGIN, min_len=1),
        at=_moment(f, "at"),
    )
    f.done()
    if message.reversal_id == message.payment_id:
        raise ProtocolError(f.at("reversal_id"), "a reversal has a UUID of its own")
    return message


# -- cheque bounce ---------------------------------------------------------------------------


def cheque_bounce_to_wire(message: ChequeBounceMessage) -> dict[str, object]:
    return {
        "bounce_id": message.bounce_id,
        "payment_id": message.payment_id,
        "tender_position": message.tender_position,
        "cheque_no": message.cheque_no,
        "reason_code": message.reason_code,
        "approver": message.approver,
        "at": _moment_wire(message.at),
    }


def cheque_bounce_from_wire(value: object, path: str = "") -> ChequeBounceMessage:
    f = Fields(value, path)
    message = ChequeBounceMessage(
        bounce_id=_uuid(f, "bounce_id"),
        payment_id=_uuid(f, "payment_id"),
        tender_position=f.opt_integer("tender_position", low=0, high=9),
        cheque_no=f.opt_text("cheque_no", max_len=64),
        reason_code=_code(f, "reason_code"),
        approver=f.text("approver", max_len=_LOGIN, min_len=1),
        at=_moment(f, "at"),
    )
    f.done()
    if message.tender_position is None and not message.cheque_no:
        raise ProtocolError(f.at("tender_position"), "name the tender or the cheque number")
    if message.bounce_id == message.payment_id:
        raise ProtocolError(f.at("bounce_id"), "a bounce has a UUID of its own")
    return message


# -- audit -----------------------------------------------------------------------------------


def audit_entry_to_wire(entry: AuditEntry) -> dict[str, object]:
    return {
        "seq": entry.seq,
        "at": _moment_wire(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "detail": dict(entry.detail),
        "prev_digest": entry.prev_digest,
        "digest": entry.digest,
    }


def _digest(f: Fields, name: str) -> str:
    value = f.text(name, max_len=64, min_len=64)
    if not _DIGEST.fullmatch(value):
        raise ProtocolError(f.at(name), "expected 64 lower-case hex digits (SHA-256)")
    return value


def _detail_value(value: object, path: str, depth: int) -> object:
    """JSON facts without floats: the digest is over their exact text, and money is minor."""
    if value is None or isinstance(value, bool | int):
        if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
            raise ProtocolError(path, "a number in an audit detail fits in 64 bits")
        return value
    if isinstance(value, str):
        return text_value(value, path, max_len=_DETAIL_CHARS)
    if depth >= _DETAIL_DEPTH:
        raise ProtocolError(path, f"an audit detail nests at most {_DETAIL_DEPTH} deep")
    if isinstance(value, list):
        if len(value) > 100:
            raise ProtocolError(path, "a list in an audit detail has at most 100 items")
        return [_detail_value(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, Mapping):
        return _detail(value, path, depth + 1)
    raise ProtocolError(path, "an audit detail holds text, whole numbers, true/false, null")


def _detail(value: object, path: str, depth: int = 0) -> dict[str, object]:
    if not isinstance(value, Mapping):
        raise ProtocolError(path, "expected an object")
    if len(value) > 50:
        raise ProtocolError(path, "an audit detail has at most 50 fields")
    result: dict[str, object] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 64 or "\x00" in key:
            raise ProtocolError(path, "detail keys are text of 1 to 64 characters")
        result[key] = _detail_value(item, f"{path}.{key}", depth)
    return result


def audit_entry_from_wire(value: object, path: str = "") -> AuditEntry:
    f = Fields(value, path)
    entry = AuditEntry(
        seq=f.integer("seq", low=1),
        at=_moment(f, "at"),
        actor=f.text("actor", max_len=_LOGIN, min_len=1),
        action=f.text("action", max_len=40, min_len=1),
        detail=_detail(f.raw("detail"), f.at("detail")),
        prev_digest=_digest(f, "prev_digest"),
        digest=_digest(f, "digest"),
    )
    f.done()
    return entry


def audit_upload_to_wire(upload: AuditUpload) -> dict[str, object]:
    return {"entries": [audit_entry_to_wire(e) for e in upload.entries]}


def audit_upload_from_wire(value: object) -> AuditUpload:
    """An upload of 1 to :data:`MAX_AUDIT_ENTRIES` entries, in the order the terminal holds them.

    Whether the entries hold together as a chain is not the decoder's question (a tampered
    trail is a finding, not a malformed message): the server verifies it with
    :func:`ebill_core.audit_chain.verify`.
    """
    f = Fields(value)
    entries = tuple(
        audit_entry_from_wire(v, p) for p, v in f.items("entries", max_items=MAX_AUDIT_ENTRIES)
    )
    f.done()
    if not entries:
        raise ProtocolError("entries", "an upload has at least one entry")
    return AuditUpload(entries)
