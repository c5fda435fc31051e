"""Cheque bounces: a cheque tender returned unpaid (``NSF`` ...), reported by a supervisor.

``POST /api/v1/cheque-bounces`` with a :class:`~ebill_core.protocol.ChequeBounceMessage`.
When the payment is held (and was taken in the caller's branch), in one transaction:

1. the cheque is found: by ``tender_position`` (it must be a ``cheque`` tender, and carry
   ``cheque_no`` if both are sent) or by ``cheque_no`` alone (exactly one cheque tender of the
   payment with that reference); otherwise 422 ``no_such_cheque`` and nothing is stored;
2. what that tender paid is taken back (:mod:`ebill_central.services.take_back`: credit first,
   then bills, last allocation first): the bills owe again and go into the feed;
3. the bounce charge of the account's tariff (``cheque_bounce_charge`` in the tariff version
   in force on the bounce day) is added to ``account_charges`` for the next bill; a tariff
   without one charges nothing and raises an attention item;
4. the account is marked cheque-barred (``cheque_bars``: reason and since; the first bar is
   kept if it already was) and its record is re-published in the office's feed, carrying the
   bar (``cheque_barred``, ``cheque_barred_since``): the counters then refuse its cheques.

A payment not held yet: kept ``pending`` (attention item) and applied when it arrives, like a
reversal. One bounce per tender (a unique key): another bounce UUID for the same tender is 409
``cheque_already_bounced``.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    AccountChargeRow,
    AccountRow,
    ChequeBarRow,
    ChequeBounceRow,
    PaymentRow,
    ReversedAllocationRow,
    TariffRow,
    TenderRow,
)
from ebill_central.errors import CentralError, ConflictError
from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import change_values, record_changes
from ebill_central.services.attention import raise_attention
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.message_keys import first_answer, in_transaction, message_hash
from ebill_central.services.reversals import APPLIED, PENDING, REFUSED, branch_of
from ebill_central.services.reversals import refuse_other_branch as _refuse_other_branch
from ebill_central.services.rows import account_records
from ebill_central.services.take_back import take_back
from ebill_core.money import Money, MoneyParseError
from ebill_core.protocol import ChequeBounceMessage, Entity, cheque_bounce_to_wire
from ebill_core.protocol.cash_control_answers import (
    ApplyStatus,
    ChequeBounceAnswer,
    cheque_bounce_answer_to_wire,
)
from ebill_core.protocol.records import account_to_wire
from ebill_core.tariff import TariffError, parse_tariff

CHARGE_KIND = "cheque_bounce"


class NoSuchChequeError(CentralError):
    status = 422

    def __init__(self, message: str) -> None:
        super().__init__("no_such_cheque", message)


def post_bounce(
    engine: Engine,
    terminal: TerminalIdentity,
    message: ChequeBounceMessage,
    now: datetime | None = None,
) -> dict[str, object]:
    """Store and (when its payment is held) apply a cheque bounce; the answer."""
    moment = now or datetime.now(UTC)
    digest = message_hash(cheque_bounce_to_wire(message))
    return in_transaction(engine, lambda session: _post(session, terminal, message, digest, moment))


def _post(
    session: Session,
    terminal: TerminalIdentity,
    message: ChequeBounceMessage,
    digest: str,
    now: datetime,
) -> dict[str, object]:
    held = session.get(ChequeBounceRow, message.bounce_id)
    if held is not None:
        return first_answer(held.body_hash, held.outcome, digest, "bounce", message.bounce_id)
    payment = session.get(PaymentRow, message.payment_id)
    position: int | None = None
    if payment is not None:
        _refuse_other_branch(session, terminal, payment)
        position = find_cheque(session, payment.payment_id, message)
        _refuse_second_bounce(session, payment.payment_id, position)
    row = ChequeBounceRow(
        bounce_id=message.bounce_id,
        payment_id=message.payment_id,
        tender_position=position,
        cheque_no=message.cheque_no,
        terminal_id=terminal.terminal_id,
        reason_code=message.reason_code,
        approver=message.approver,
        at=message.at,
        received_at=now,
        status=PENDING,
        body_hash=digest,
        outcome="",
    )
    session.add(row)
    session.flush()
    if payment is None:
        raise_attention(
            session,
            "bounce_pending",
            f"payment {message.payment_id}",
            f"cheque bounce {message.bounce_id} ({message.reason_code}) from terminal "
            f"{terminal.terminal_id} names a payment not received yet; applied when it arrives",
            now,
        )
    else:
        apply_bounce(session, row, payment, now)
    answer = bounce_answer(session, row, payment)
    row.outcome = json.dumps(answer)
    return answer


def _refuse_second_bounce(session: Session, payment_id: str, position: int) -> None:
    earlier = session.scalar(
        select(ChequeBounceRow.bounce_id).where(
            ChequeBounceRow.payment_id == payment_id,
            ChequeBounceRow.tender_position == position,
        )
    )
    if earlier is not None:
        raise ConflictError(
            "cheque_already_bounced",
            f"tender {position} of payment {payment_id} bounced before (bounce {earlier})",
        )


def find_cheque(session: Session, payment_id: str, message: ChequeBounceMessage) -> int:
    """The position of the bounced cheque tender in its payment (or :class:`NoSuchChequeError`)."""
    tenders = session.scalars(
        select(TenderRow).where(TenderRow.payment_id == payment_id).order_by(TenderRow.position)
    ).all()
    if message.tender_position is not None:
        found = [t for t in tenders if t.position == message.tender_position]
        if not found or found[0].kind != "cheque":
            raise NoSuchChequeError(
                f"tender {message.tender_position} of the payment is not a cheque"
            )
        if message.cheque_no and found[0].reference != message.cheque_no:
            raise NoSuchChequeError(
                f"tender {message.tender_position} is not cheque {message.cheque_no}"
            )
        return found[0].position
    matches = [t for t in tenders if t.kind == "cheque" and t.reference == message.cheque_no]
    if len(matches) != 1:
        state = "no" if not matches else "more than one"
        raise NoSuchChequeError(f"the payment has {state} cheque numbered {message.cheque_no}")
    return matches[0].position


def apply_bounce(
    session: Session, row: ChequeBounceRow, payment: PaymentRow, now: datetime
) -> None:
    """Take back the cheque's amount, charge the account, bar it from cheques."""
    if branch_of(session, payment.terminal_id) != branch_of(session, row.terminal_id):
        _refuse(session, row, "the payment was taken in another branch", now)
        return
    if row.tender_position is None:
        message = _as_message(row)
        try:
            row.tender_position = find_cheque(session, payment.payment_id, message)
            _refuse_second_bounce(session, payment.payment_id, row.tender_position)
        except CentralError as error:
            row.tender_position = None
            _refuse(session, row, error.message, now)
            return
    tender = session.get(TenderRow, (payment.payment_id, row.tender_position))
    assert tender is not None  # found above
    taken = take_back(session, payment, int(tender.amount_minor), row.bounce_id, now)
    if taken.total.minor < int(tender.amount_minor):
        raise_attention(
            session,
            "bounce_exceeds_payment",
            f"payment {payment.payment_id}",
            f"cheque bounce {row.bounce_id}: {Money(int(tender.amount_minor), tender.currency)} "
            f"bounced but only {taken.total} of the payment was left to take back",
            now,
        )
    row.status = APPLIED
    row.applied_at = now
    row.currency = tender.currency
    row.amount_minor = int(tender.amount_minor)
    account = session.get(AccountRow, payment.account_no)
    if account is None:
        raise_attention(
            session,
            "bounce_on_unknown_account",
            f"payment {payment.payment_id}",
            f"cheque bounce {row.bounce_id}: the payment is in suspense (account "
            f"{payment.account_no} unknown); no charge, no bar",
            now,
        )
        return
    _charge(session, row, account, now)
    _bar(session, row, account, tender.reference, now)


def _as_message(row: ChequeBounceRow) -> ChequeBounceMessage:
    return ChequeBounceMessage(
        row.bounce_id, row.payment_id, None, row.cheque_no, row.reason_code, row.approver, row.at
    )


def _refuse(session: Session, row: ChequeBounceRow, why: str, now: datetime) -> None:
    row.status = REFUSED
    raise_attention(
        session,
        "bounce_refused",
        f"payment {row.payment_id}",
        f"cheque bounce {row.bounce_id} from terminal {row.terminal_id}: {why}; nothing done",
        now,
    )


def bounce_charge(session: Session, tariff_code: str, day: date, currency: str) -> Money | None:
    """The ``cheque_bounce_charge`` of the tariff version in force on ``day``, if it has one."""
    body = session.scalar(
        select(TariffRow.body_json)
        .where(TariffRow.code == tariff_code, TariffRow.effective_from <= day)
        .order_by(TariffRow.effective_from.desc(), TariffRow.version.desc())
        .limit(1)
    )
    if body is None:
        return None
    try:
        charge = parse_tariff(body).cheque_bounce_charge
        return None if charge is None else Money.parse(str(charge), currency)
    except (TariffError, MoneyParseError, ValueError):
        return None  # a stored tariff that does not read, or an inexact amount: no charge


def _charge(session: Session, row: ChequeBounceRow, account: AccountRow, now: datetime) -> None:
    assert row.currency is not None
    charge = bounce_charge(session, account.tariff_code, row.at.date(), row.currency)
    if charge is None or charge.minor == 0:
        raise_attention(
            session,
            "bounce_charge_missing",
            f"account {account.account_no}",
            f"cheque bounce {row.bounce_id}: tariff {account.tariff_code} has no "
            "cheque_bounce_charge; nothing was charged",
            now,
        )
        return
    row.charge_minor = charge.minor
    session.add(
        AccountChargeRow(
            account_no=account.account_no,
            kind=CHARGE_KIND,
            amount_minor=charge.minor,
            currency=charge.currency,
            source_id=row.bounce_id,
            created_at=now,
        )
    )


def _bar(
    session: Session,
    row: ChequeBounceRow,
    account: AccountRow,
    cheque_no: str | None,
    now: datetime,
) -> None:
    if session.get(ChequeBarRow, account.account_no) is None:
        cheque = f"cheque {cheque_no}" if cheque_no else "a cheque"
        session.add(
            ChequeBarRow(
                account_no=account.account_no,
                reason=f"{cheque} returned unpaid ({row.reason_code})"[:200],
                since=row.at,
                bounce_id=row.bounce_id,
            )
        )
    session.flush()
    (record,) = account_records(session, [account.account_no])  # with the bar just stored
    record_changes(
        session.connection(),
        [
            change_values(
                Entity.ACCOUNT,
                account.account_no,
                office_scope(account.office_code),
                account_to_wire(record),
                now,
            )
        ],
    )


def bounce_answer(
    session: Session, row: ChequeBounceRow, payment: PaymentRow | None
) -> dict[str, object]:
    def money(minor: int | None) -> Money | None:
        return None if minor is None or row.currency is None else Money(minor, row.currency)

    barred = payment is not None and session.get(ChequeBarRow, payment.account_no) is not None
    taken = session.scalar(
        select(func.sum(ReversedAllocationRow.amount_minor)).where(
            ReversedAllocationRow.source_id == row.bounce_id
        )
    )
    answer = ChequeBounceAnswer(
        bounce_id=row.bounce_id,
        payment_id=row.payment_id,
        status=ApplyStatus(row.status),
        tender_position=row.tender_position,
        cheque=money(row.amount_minor),
        reversed=money(int(taken or 0)) if row.status == APPLIED else None,
        charge=money(row.charge_minor),
        account_no=None if payment is None else payment.account_no,
        cheque_barred=barred,
    )
    return cheque_bounce_answer_to_wire(answer)
