"""The terminal's cache as SQLAlchemy 2 models: one table per record of ``ebill_core.records``.

Rules kept here (see docs/storage.md):

* money is ``<name>_minor INTEGER`` plus the row's ``currency TEXT`` (a bill's lines are in the
  bill's currency); never ``Numeric``, never a float;
* rates and quantities are exact decimal TEXT (:class:`DecimalText`); dates are ISO ``DATE``
  text; moments are ISO text with their offset (:class:`IsoDateTime`);
* every key a cashier types has an index: unique for account, legacy, meter and bill numbers,
  plain for the mobile number; legacy and meter numbers compare case-insensitively (NOCASE);
* child rows (bills, meters, readings ...) hang off a small integer ``id`` of their account and go
  with it (ON DELETE CASCADE).

The full-text index ``account_search`` is an FTS5 virtual table that SQLAlchemy does not model;
it is created by the migration and written by :mod:`ebill_desktop.storage.bundle_import`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Final

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ebill_desktop.storage.column_types import DecimalText, IsoDateTime

# Named constraints let Alembic's batch mode (SQLite table rebuilds) find them again later.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

NOCASE = String(collation="NOCASE")
SEARCH_TABLE = "account_search"  # the FTS5 table (see the initial migration)
# Child tables keyed by (parent, seq) are stored clustered by their key, without a rowid.
WITHOUT_ROWID: Final = ({"sqlite_with_rowid": False},)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class OfficeRow(Base):
    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)


class CategoryRow(Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    tariff_code: Mapped[str] = mapped_column(String)
    exactness: Mapped[str] = mapped_column(String)  # ExactnessPolicy value


class TariffRow(Base):
    """One version of a tariff, kept as the JSON document it is."""

    __tablename__ = "tariffs"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String)
    version: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    body_json: Mapped[str] = mapped_column(Text)


class ConsumerRow(Base):
    __tablename__ = "consumers"

    consumer_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String)
    mobile: Mapped[str | None] = mapped_column(String)  # as the utility recorded it
    mobile_key: Mapped[str | None] = mapped_column(String, index=True)  # 10 digits, for lookup
    email: Mapped[str | None] = mapped_column(String)


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_no: Mapped[str] = mapped_column(String, unique=True)
    legacy_no: Mapped[str | None] = mapped_column(NOCASE, unique=True)
    consumer_id: Mapped[int] = mapped_column(ForeignKey("consumers.consumer_id"), index=True)
    address: Mapped[str] = mapped_column(String)
    category_code: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    tariff_code: Mapped[str] = mapped_column(String)
    supply_type: Mapped[str] = mapped_column(String)
    voltage_v: Mapped[int] = mapped_column(Integer)
    sanctioned_load_w: Mapped[int] = mapped_column(Integer)
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"))
    pole: Mapped[str | None] = mapped_column(String)
    connected_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String)  # AccountStatus value
    currency: Mapped[str] = mapped_column(String)  # what its bills and payments are in


class MeterRow(Base):
    __tablename__ = "meters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meter_no: Mapped[str] = mapped_column(NOCASE, unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    multiplying_factor: Mapped[int] = mapped_column(Integer)
    digits: Mapped[int] = mapped_column(Integer)
    registers_json: Mapped[str] = mapped_column(String)  # JSON list of register names
    installed_on: Mapped[date | None] = mapped_column(Date)
    removed_on: Mapped[date | None] = mapped_column(Date)


class ReadingRow(Base):
    __tablename__ = "readings"
    __table_args__ = (Index(None, "meter_id", "read_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id", ondelete="CASCADE"))
    register: Mapped[str] = mapped_column(String)
    read_on: Mapped[date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)  # ReadingKind value


class BillRow(Base):
    __tablename__ = "bills"
    __table_args__ = (Index(None, "account_id", "bill_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_no: Mapped[str] = mapped_column(String, unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    bill_date: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    cheque_due_date: Mapped[date] = mapped_column(Date)
    disconnection_date: Mapped[date | None] = mapped_column(Date)
    units: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String)
    current_charges_minor: Mapped[int] = mapped_column(Integer)
    arrears_minor: Mapped[int] = mapped_column(Integer)
    surcharge_minor: Mapped[int] = mapped_column(Integer)
    net_payable_minor: Mapped[int] = mapped_column(Integer)
    payable_after_due_minor: Mapped[int] = mapped_column(Integer)
    amount_paid_minor: Mapped[int] = mapped_column(Integer)
    rounding_carried_minor: Mapped[int | None] = mapped_column(Integer)
    early_payment_rebate_minor: Mapped[int | None] = mapped_column(Integer)
    rebate_by: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String)  # BillStatus value


class BillLineRow(Base):
    """One charge line; its amount is in the bill's currency."""

    __tablename__ = "bill_lines"
    __table_args__ = WITHOUT_ROWID

    bill_id: Mapped[int] = mapped_column(
        ForeignKey("bills.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    code: Mapped[str] = mapped_column(String)
    description: Mapped[str] = mapped_column(String)
    quantity: Mapped[Decimal | None] = mapped_column(DecimalText)
    rate: Mapped[Decimal | None] = mapped_column(DecimalText)
    amount_minor: Mapped[int] = mapped_column(Integer)


class BillRegisterRow(Base):
    __tablename__ = "bill_registers"
    __table_args__ = WITHOUT_ROWID

    bill_id: Mapped[int] = mapped_column(
        ForeignKey("bills.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    meter_no: Mapped[str] = mapped_column(String)
    register: Mapped[str] = mapped_column(String)
    previous: Mapped[int] = mapped_column(Integer)
    previous_on: Mapped[date] = mapped_column(Date)
    present: Mapped[int] = mapped_column(Integer)
    present_on: Mapped[date] = mapped_column(Date)
    multiplying_factor: Mapped[int] = mapped_column(Integer)
    units: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)


class ConsumptionRow(Base):
    __tablename__ = "consumption"
    __table_args__ = WITHOUT_ROWID

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    units: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String)


class PaymentPostingRow(Base):
    __tablename__ = "payment_postings"
    __table_args__ = (Index(None, "account_id", "paid_at"),)

    payment_id: Mapped[str] = mapped_column(String, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    paid_at: Mapped[datetime] = mapped_column(IsoDateTime)
    amount_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String)
    channel: Mapped[str] = mapped_column(String)
    place: Mapped[str] = mapped_column(String)
    receipt_no: Mapped[str | None] = mapped_column(String)


class OperatorRow(Base):
    __tablename__ = "operators"

    login: Mapped[str] = mapped_column(NOCASE, primary_key=True)
    full_name: Mapped[str] = mapped_column(String)
    role: Mapped[str] = mapped_column(String)  # OperatorRole value
    password_hash: Mapped[str] = mapped_column(String)  # argon2id
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"))
    active: Mapped[bool] = mapped_column(Boolean)


class SyncStateRow(Base):
    """Small facts about the cache itself: ``data_as_of``, ``currency`` ..."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(String)


class OutboxRow(Base):
    """A message for head office (a payment now), kept until the server's answer names it.

    ``item_id`` is the message's UUID, the idempotency key sent on every try; ``body_json`` is
    the protocol message exactly as it is sent each time. ``state`` is ``pending`` (to send),
    ``done`` (answered; ``answer_json`` holds the answer) or ``attention`` (the server could not
    take it; ``last_error`` says why). Written by :mod:`ebill_desktop.sync.outbox` in the same
    transaction as the record it carries.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("kind", "terminal_seq"),
        Index(None, "state", "terminal_seq"),
        CheckConstraint("state IN ('pending', 'done', 'attention')", name="state"),
        CheckConstraint("attempts >= 0", name="attempts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(String, unique=True)
    kind: Mapped[str] = mapped_column(String)  # OutboxKind value
    terminal_seq: Mapped[int] = mapped_column(Integer)
    body_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(IsoDateTime)
    state: Mapped[str] = mapped_column(String)  # OutboxState value
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime | None] = mapped_column(IsoDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None] = mapped_column(IsoDateTime)
    answer_json: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(IsoDateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
