"""The central server's answers to the cash-control messages (:mod:`.cash_control`).

Each answer names its message's UUID, so a terminal's outbox can mark exactly that message done.
A resend of a message gets the same answer as the first time. Decoders are strict, as elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ebill_core.money import Money
from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import Fields, money_wire
from ebill_core.protocol.payments import payment_id_from_wire

__all__ = [
    "ApplyStatus",
    "AuditAnswer",
    "ChequeBounceAnswer",
    "ReversalAnswer",
    "ShiftCloseAnswer",
    "ShiftCloseStatus",
    "ShiftDifference",
    "audit_answer_from_wire",
    "audit_answer_to_wire",
    "cheque_bounce_answer_from_wire",
    "cheque_bounce_answer_to_wire",
    "reversal_answer_from_wire",
    "reversal_answer_to_wire",
    "shift_close_answer_from_wire",
    "shift_close_answer_to_wire",
]


class ShiftCloseStatus(StrEnum):
    RECONCILED = "reconciled"  # the server's figures match the counter's
    MISMATCH = "mismatch"  # they differ; head office reviews it (the counter need do nothing)


class ApplyStatus(StrEnum):
    """What became of a reversal or a cheque bounce."""

    APPLIED = "applied"  # taken back (and, for a bounce, charged and barred)
    PENDING = "pending"  # its payment has not reached the server yet; applied when it does
    REFUSED = "refused"  # found unusable when its payment arrived; left for review


@dataclass(frozen=True, slots=True)
class ShiftDifference:
    what: str  # "cash count", "cheque total", "receipts", "first receipt", "voids total" ...
    counter: str  # the counter's figure, as text
    server: str  # the server's


@dataclass(frozen=True, slots=True)
class ShiftCloseAnswer:
    shift_id: str
    status: ShiftCloseStatus
    differences: tuple[ShiftDifference, ...] = ()


@dataclass(frozen=True, slots=True)
class ReversalAnswer:
    reversal_id: str
    payment_id: str
    status: ApplyStatus
    reversed: Money | None  # what was taken back (None until applied)


@dataclass(frozen=True, slots=True)
class ChequeBounceAnswer:
    bounce_id: str
    payment_id: str
    status: ApplyStatus
    tender_position: int | None
    cheque: Money | None  # what the cheque was for
    reversed: Money | None  # what was taken back
    charge: Money | None  # the bounce charge added to the account
    account_no: str | None
    cheque_barred: bool


@dataclass(frozen=True, slots=True)
class AuditAnswer:
    accepted: int  # new entries stored by this upload
    last_seq: int  # the end of the chain the server now holds (0: none)
    last_digest: str | None


def _opt_money(value: Money | None) -> dict[str, object] | None:
    return None if value is None else money_wire(value)


def _uuid(f: Fields, name: str) -> str:
    return payment_id_from_wire(f.raw(name), f.at(name))


def shift_close_answer_to_wire(answer: ShiftCloseAnswer) -> dict[str, object]:
    return {
        "shift_id": answer.shift_id,
        "status": answer.status.value,
        "differences": [
            {"what": d.what, "counter": d.counter, "server": d.server} for d in answer.differences
        ],
    }


def shift_close_answer_from_wire(value: object) -> ShiftCloseAnswer:
    f = Fields(value)
    shift_id = _uuid(f, "shift_id")
    status = f.choice("status", ShiftCloseStatus)
    differences = []
    for path, item in f.items("differences", max_items=100):
        d = Fields(item, path)
        differences.append(
            ShiftDifference(d.text("what", max_len=60), d.text("counter"), d.text("server"))
        )
        d.done()
    f.done()
    if (status is ShiftCloseStatus.MISMATCH) != bool(differences):
        raise ProtocolError(f.at("differences"), "a mismatch names its differences, only it")
    return ShiftCloseAnswer(shift_id, status, tuple(differences))


def reversal_answer_to_wire(answer: ReversalAnswer) -> dict[str, object]:
    return {
        "reversal_id": answer.reversal_id,
        "payment_id": answer.payment_id,
        "status": answer.status.value,
        "reversed": _opt_money(answer.reversed),
    }


def reversal_answer_from_wire(value: object) -> ReversalAnswer:
    f = Fields(value)
    answer = ReversalAnswer(
        reversal_id=_uuid(f, "reversal_id"),
        payment_id=_uuid(f, "payment_id"),
        status=f.choice("status", ApplyStatus),
        reversed=f.opt_money("reversed"),
    )
    f.done()
    return answer


def cheque_bounce_answer_to_wire(answer: ChequeBounceAnswer) -> dict[str, object]:
    return {
        "bounce_id": answer.bounce_id,
        "payment_id": answer.payment_id,
        "status": answer.status.value,
        "tender_position": answer.tender_position,
        "cheque": _opt_money(answer.cheque),
        "reversed": _opt_money(answer.reversed),
        "charge": _opt_money(answer.charge),
        "account_no": answer.account_no,
        "cheque_barred": answer.cheque_barred,
    }


def cheque_bounce_answer_from_wire(value: object) -> ChequeBounceAnswer:
    f = Fields(value)
    answer = ChequeBounceAnswer(
        bounce_id=_uuid(f, "bounce_id"),
        payment_id=_uuid(f, "payment_id"),
        status=f.choice("status", ApplyStatus),
        tender_position=f.opt_integer("tender_position", low=0, high=9),
        cheque=f.opt_money("cheque"),
        reversed=f.opt_money("reversed"),
        charge=f.opt_money("charge"),
        account_no=f.opt_text("account_no", max_len=40),
        cheque_barred=f.boolean("cheque_barred"),
    )
    f.done()
    return answer


def audit_answer_to_wire(answer: AuditAnswer) -> dict[str, object]:
    return {
        "accepted": answer.accepted,
        "last_seq": answer.last_seq,
        "last_digest": answer.last_digest,
    }


def audit_answer_from_wire(value: object) -> AuditAnswer:
    f = Fields(value)
    answer = AuditAnswer(
        accepted=f.integer("accepted", low=0),
        last_seq=f.integer("last_seq", low=0),
        last_digest=f.opt_text("last_digest", max_len=64),
    )
    f.done()
    if (answer.last_seq == 0) != (answer.last_digest is None):
        raise ProtocolError(
            f.at("last_digest"), "a chain's end has a digest exactly when it has entries"
        )
    return answer
