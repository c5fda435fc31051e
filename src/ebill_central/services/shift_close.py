"""Shift closes: the counter's control totals reconciled against the payments the server holds.

Payments carry no shift id (``ebill_core.protocol.PaymentMessage`` has none), so the server's
side of a shift is: **the payments from the closing terminal, by the shift's operator, taken
between ``opened_at`` and ``closed_at`` inclusive** (a terminal runs one shift at a time, so
this is the shift's payments). Compared, each as count and sum:

* per tender kind: the tenders of those payments (gross: voided payments included, as the
  counter's Z report counts them);
* receipts: the number of those payments, and the first and last receipt numbers (by the
  terminal's sequence number);
* voids: the reversals the server holds for those payments, and what those payments were for.

Any difference is stored beside the counter's figure (``shift_tender_totals`` holds both per
tender kind), answered ``mismatch`` with the differences, and raised on the attention queue with
the figures (noting the payments the counter still had unsynced, if it said so). An exact match
is ``reconciled`` and raises nothing. Drops, pay-outs, reprints, over/short and the float are
stored as reported: the server has nothing to check them against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    PaymentRow,
    ReversalRow,
    ShiftCloseRow,
    ShiftTenderTotalRow,
    TenderRow,
)
from ebill_central.errors import CentralError
from ebill_central.services.attention import raise_attention
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.message_keys import first_answer, in_transaction, message_hash
from ebill_core.money import Money
from ebill_core.protocol import ShiftCloseMessage, shift_close_to_wire
from ebill_core.protocol.cash_control_answers import (
    ShiftCloseAnswer,
    ShiftCloseStatus,
    ShiftDifference,
    shift_close_answer_to_wire,
)


@dataclass(frozen=True, slots=True)
class Held:
    """The server's side of a shift."""

    tenders: dict[str, tuple[int, int]]  # kind -> (count, minor)
    receipts: int
    first_receipt_no: str | None
    last_receipt_no: str | None
    voids: tuple[int, int]


def post_shift_close(
    engine: Engine,
    terminal: TerminalIdentity,
    message: ShiftCloseMessage,
    now: datetime | None = None,
) -> dict[str, object]:
    """Store a shift close, reconcile it, answer (see the module's notes)."""
    if message.terminal_id != terminal.terminal_id or message.branch_code != terminal.branch_code:
        raise CentralError(
            "other_terminal", "a shift close comes from the terminal that ran it", status=403
        )
    moment = now or datetime.now(UTC)
    digest = message_hash(shift_close_to_wire(message))
    return in_transaction(engine, lambda session: _post(session, terminal, message, digest, moment))


def _post(
    session: Session,
    terminal: TerminalIdentity,
    message: ShiftCloseMessage,
    digest: str,
    now: datetime,
) -> dict[str, object]:
    stored = session.get(ShiftCloseRow, message.shift_id)
    if stored is not None:
        return first_answer(stored.body_hash, stored.outcome, digest, "shift", message.shift_id)
    held = held_for(session, terminal.terminal_id, message)
    differences = compare(message, held)
    status = ShiftCloseStatus.MISMATCH if differences else ShiftCloseStatus.RECONCILED
    answer = shift_close_answer_to_wire(
        ShiftCloseAnswer(message.shift_id, status, tuple(differences))
    )
    _store(session, message, held, digest, answer, now)
    if differences:
        raise_attention(
            session,
            "shift_close_mismatch",
            f"terminal {terminal.terminal_id} shift {message.shift_id}",
            _detail(message, differences),
            now,
        )
    return answer


def held_for(session: Session, terminal_id: int, message: ShiftCloseMessage) -> Held:
    """The server's figures for the shift's window (see the module's notes)."""
    in_shift = (
        (PaymentRow.terminal_id == terminal_id)
        & (PaymentRow.operator == message.operator)
        & (PaymentRow.taken_at >= message.opened_at)
        & (PaymentRow.taken_at <= message.closed_at)
    )
    tenders = {
        kind: (int(count), int(minor))
        for kind, count, minor in session.execute(
            select(TenderRow.kind, func.count(), func.sum(TenderRow.amount_minor))
            .join(PaymentRow, PaymentRow.payment_id == TenderRow.payment_id)
            .where(in_shift)
            .group_by(TenderRow.kind)
        )
    }
    receipts = (
        session.execute(
            select(PaymentRow.receipt_no).where(in_shift).order_by(PaymentRow.terminal_seq)
        )
        .scalars()
        .all()
    )
    voids = session.execute(
        select(func.count(), func.coalesce(func.sum(PaymentRow.amount_minor), 0))
        .select_from(ReversalRow)
        .join(PaymentRow, PaymentRow.payment_id == ReversalRow.payment_id)
        .where(in_shift)
    ).one()
    return Held(
        tenders=tenders,
        receipts=len(receipts),
        first_receipt_no=receipts[0] if receipts else None,
        last_receipt_no=receipts[-1] if receipts else None,
        voids=(int(voids[0]), int(voids[1])),
    )


def compare(message: ShiftCloseMessage, held: Held) -> list[ShiftDifference]:
    """Every figure where the counter and the server disagree, in a fixed order."""
    currency = message.currency
    differences: list[ShiftDifference] = []

    def check(what: str, counter: object, server: object) -> None:
        if counter != server:
            differences.append(ShiftDifference(what, str(counter), str(server)))

    reported = {t.kind.value: (t.count, t.total.minor) for t in message.tenders}
    for kind in sorted(set(reported) | set(held.tenders)):
        count, minor = reported.get(kind, (0, 0))
        held_count, held_minor = held.tenders.get(kind, (0, 0))
        check(f"{kind} count", count, held_count)
        check(f"{kind} total", Money(minor, currency), Money(held_minor, currency))
    check("receipts", message.receipts, held.receipts)
    check("first receipt", message.first_receipt_no, held.first_receipt_no)
    check("last receipt", message.last_receipt_no, held.last_receipt_no)
    check("voids count", message.voids.count, held.voids[0])
    check("voids total", message.voids.total, Money(held.voids[1], currency))
    return differences


def _detail(message: ShiftCloseMessage, differences: list[ShiftDifference]) -> str:
    lines = [
        f"operator {message.operator}, {message.opened_at.isoformat()} to "
        f"{message.closed_at.isoformat()}",
        *(f"{d.what}: counter {d.counter}, server {d.server}" for d in differences),
    ]
    if message.unsynced:
        lines.append(f"the counter had {message.unsynced} payment(s) not yet synced at close")
    return "\n".join(lines)


def _store(
    session: Session,
    message: ShiftCloseMessage,
    held: Held,
    digest: str,
    answer: dict[str, object],
    now: datetime,
) -> None:
    session.add(
        ShiftCloseRow(
            shift_id=message.shift_id,
            terminal_id=message.terminal_id,
            branch_code=message.branch_code,
            operator=message.operator,
            opened_at=message.opened_at,
            closed_at=message.closed_at,
            currency=message.currency,
            opening_float_minor=message.opening_float.minor,
            receipts=message.receipts,
            first_receipt_no=message.first_receipt_no,
            last_receipt_no=message.last_receipt_no,
            voids_count=message.voids.count,
            voids_minor=message.voids.total.minor,
            reprints=message.reprints,
            drops_count=message.drops.count,
            drops_minor=message.drops.total.minor,
            pay_outs_count=message.pay_outs.count,
            pay_outs_minor=message.pay_outs.total.minor,
            over_short_minor=message.over_short.minor,
            unsynced=message.unsynced,
            received_at=now,
            reconciled=answer["status"] == ShiftCloseStatus.RECONCILED.value,
            body_hash=digest,
            outcome=json.dumps(answer),
        )
    )
    session.flush()  # the parent row first: the totals refer to it
    reported = {t.kind.value: (t.count, t.total.minor) for t in message.tenders}
    for kind in sorted(set(reported) | set(held.tenders)):
        count, minor = reported.get(kind, (0, 0))
        held_count, held_minor = held.tenders.get(kind, (0, 0))
        session.add(
            ShiftTenderTotalRow(
                shift_id=message.shift_id,
                kind=kind,
                reported_count=count,
                reported_minor=minor,
                held_count=held_count,
                held_minor=held_minor,
            )
        )
