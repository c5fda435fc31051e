"""Cash control from the counters: shift closes, reversals, cheque bounces, the audit trail.

Every message row keeps its UUID as the primary key (the idempotency key), the SHA-256 of its
canonical wire JSON (``body_hash``: a resend is told from a different message under the same
UUID) and the first answer (``outcome``, JSON), given again to every resend.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base, BigId
from ebill_central.db.types import Moment


class ShiftCloseRow(Base):
    """A closed shift's control totals as the counter reported them (money in ``currency``)."""

    __tablename__ = "shift_closes"

    shift_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.terminal_id"), index=True)
    branch_code: Mapped[str] = mapped_column(String(40))
    operator: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[datetime] = mapped_column(Moment())
    closed_at: Mapped[datetime] = mapped_column(Moment())
    currency: Mapped[str] = mapped_column(String(3))
    opening_float_minor: Mapped[int] = mapped_column(BigInteger)
    receipts: Mapped[int] = mapped_column(BigInteger)
    first_receipt_no: Mapped[str | None] = mapped_column(String(40))
    last_receipt_no: Mapped[str | None] = mapped_column(String(40))
    voids_count: Mapped[int] = mapped_column(BigInteger)
    voids_minor: Mapped[int] = mapped_column(BigInteger)
    reprints: Mapped[int] = mapped_column(BigInteger)
    drops_count: Mapped[int] = mapped_column(BigInteger)
    drops_minor: Mapped[int] = mapped_column(BigInteger)
    pay_outs_count: Mapped[int] = mapped_column(BigInteger)
    pay_outs_minor: Mapped[int] = mapped_column(BigInteger)
    over_short_minor: Mapped[int] = mapped_column(BigInteger)
    unsynced: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(Moment())
    reconciled: Mapped[bool] = mapped_column()  # the server's figures matched the counter's
    body_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(Text)


class ShiftTenderTotalRow(Base):
    """One tender kind of a shift: the counter's control total beside the server's own."""

    __tablename__ = "shift_tender_totals"

    shift_id: Mapped[str] = mapped_column(ForeignKey("shift_closes.shift_id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    reported_count: Mapped[int] = mapped_column(BigInteger)
    reported_minor: Mapped[int] = mapped_column(BigInteger)
    held_count: Mapped[int] = mapped_column(BigInteger)
    held_minor: Mapped[int] = mapped_column(BigInteger)


class ReversalRow(Base):
    """A void after sync. One per payment (by constraint); ``pending`` until the payment is
    held, then ``applied`` (or ``refused``: the payment belongs to another branch)."""

    __tablename__ = "reversals"

    reversal_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    payment_id: Mapped[str] = mapped_column(String(36), unique=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.terminal_id"), index=True)
    reason_code: Mapped[str] = mapped_column(String(40))
    approver: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(Moment())
    received_at: Mapped[datetime] = mapped_column(Moment())
    status: Mapped[str] = mapped_column(String(20), index=True)
    applied_at: Mapped[datetime | None] = mapped_column(Moment())
    currency: Mapped[str | None] = mapped_column(String(3))
    reversed_minor: Mapped[int | None] = mapped_column(BigInteger)  # the whole payment
    body_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(Text)


class ChequeBounceRow(Base):
    """A cheque tender returned unpaid; ``pending`` until its payment is held, like a reversal.

    ``tender_position`` is the tender's place in the payment once found; one bounce per tender.
    """

    __tablename__ = "cheque_bounces"
    __table_args__ = (UniqueConstraint("payment_id", "tender_position"),)

    bounce_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    payment_id: Mapped[str] = mapped_column(String(36), index=True)
    tender_position: Mapped[int | None] = mapped_column(Integer)
    cheque_no: Mapped[str | None] = mapped_column(String(64))
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.terminal_id"), index=True)
    reason_code: Mapped[str] = mapped_column(String(40))
    approver: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(Moment())
    received_at: Mapped[datetime] = mapped_column(Moment())
    status: Mapped[str] = mapped_column(String(20), index=True)
    applied_at: Mapped[datetime | None] = mapped_column(Moment())
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_minor: Mapped[int | None] = mapped_column(BigInteger)  # what the cheque was for
    charge_minor: Mapped[int | None] = mapped_column(BigInteger)  # the tariff's bounce charge
    body_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(Text)


class ReversedAllocationRow(Base):
    """What a reversal or bounce (``source_id``) took back from one bill, or from credit
    (``bill_no`` NULL is not allowed in a key, so credit is recorded as ``"(credit)"``)."""

    __tablename__ = "reversed_allocations"

    source_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    bill_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    payment_id: Mapped[str] = mapped_column(String(36), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))


class AccountChargeRow(Base):
    """A sundry charge on an account (a cheque bounce charge), for the next bill to carry."""

    __tablename__ = "account_charges"

    charge_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    account_no: Mapped[str] = mapped_column(ForeignKey("accounts.account_no"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    source_id: Mapped[str] = mapped_column(String(36), unique=True)  # the bounce's UUID
    created_at: Mapped[datetime] = mapped_column(Moment())


class ChequeBarRow(Base):
    """An account whose cheques the counters refuse, since when and why."""

    __tablename__ = "cheque_bars"

    account_no: Mapped[str] = mapped_column(ForeignKey("accounts.account_no"), primary_key=True)
    reason: Mapped[str] = mapped_column(String(200))
    since: Mapped[datetime] = mapped_column(Moment())
    bounce_id: Mapped[str] = mapped_column(String(36))


class AuditEntryRow(Base):
    """One entry of a terminal's hash-chained audit trail (``detail`` is its JSON)."""

    __tablename__ = "audit_entries"

    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.terminal_id"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    at: Mapped[datetime] = mapped_column(Moment())
    # The moment as the digest covers it (with the terminal's own offset; ``at`` is UTC).
    at_text: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)
    prev_digest: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(Moment())
