"""Payments: uploaded by terminals (with tenders and allocations) and posted to accounts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base
from ebill_central.db.types import Moment


class PostingRow(Base):
    """A posted payment; ``payment_id`` is the UUID made at capture, unique by constraint."""

    __tablename__ = "payment_postings"

    payment_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_no: Mapped[str] = mapped_column(ForeignKey("accounts.account_no"), index=True)
    paid_at: Mapped[datetime] = mapped_column(Moment())
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(40))
    place: Mapped[str] = mapped_column(String(200))
    receipt_no: Mapped[str | None] = mapped_column(String(40))


class PaymentRow(Base):
    """A payment uploaded by a terminal, exactly once: ``payment_id`` is the idempotency key.

    ``body_hash`` is the SHA-256 of the payment's canonical wire JSON, so a resend can be told
    from a different payment under the same UUID; ``outcome`` is the first answer, given again
    to every resend. ``account_no`` is kept as sent (no foreign key): an unknown account goes
    to suspense, not away.
    """

    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("terminal_id", "terminal_seq"),)

    payment_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.terminal_id"))
    terminal_seq: Mapped[int] = mapped_column(BigInteger)
    receipt_no: Mapped[str] = mapped_column(String(40))
    account_no: Mapped[str] = mapped_column(String(40), index=True)
    operator: Mapped[str] = mapped_column(String(64))
    taken_at: Mapped[datetime] = mapped_column(Moment())
    received_at: Mapped[datetime] = mapped_column(Moment())
    offline: Mapped[bool] = mapped_column()
    currency: Mapped[str] = mapped_column(String(3))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    applied_minor: Mapped[int] = mapped_column(BigInteger)  # paid to bills
    credit_minor: Mapped[int] = mapped_column(BigInteger)  # left on the account as credit
    status: Mapped[str] = mapped_column(String(20))  # "posted" or "suspense"
    body_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(Text)


class TenderRow(Base):
    """One instrument handed over; the details after ``instrument_date`` are optional.

    ``tendered_minor`` is what a consumer handed over in cash (in ``currency``; the change
    given back is ``tendered_minor - amount_minor``). A card tender keeps only its last 4
    digits, scheme, RRN (``reference``), authorisation code and the payment terminal's id.
    """

    __tablename__ = "tenders"

    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.payment_id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reference: Mapped[str | None] = mapped_column(String(64))
    bank: Mapped[str | None] = mapped_column(String(100))
    instrument_date: Mapped[date | None] = mapped_column(Date)
    bank_branch: Mapped[str | None] = mapped_column(String(100))
    ifsc: Mapped[str | None] = mapped_column(String(11))
    tendered_minor: Mapped[int | None] = mapped_column(BigInteger)
    card_last4: Mapped[str | None] = mapped_column(String(4))
    card_scheme: Mapped[str | None] = mapped_column(String(20))
    auth_code: Mapped[str | None] = mapped_column(String(12))
    device_id: Mapped[str | None] = mapped_column(String(40))


class AllocationRow(Base):
    """What the cashier meant for a bill; ``applied`` is False when it went to credit instead."""

    __tablename__ = "allocations"

    payment_id: Mapped[str] = mapped_column(ForeignKey("payments.payment_id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_no: Mapped[str] = mapped_column(String(40), index=True)
    bill_version: Mapped[int] = mapped_column(Integer)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    applied: Mapped[bool] = mapped_column()
