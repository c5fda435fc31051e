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
    false,
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
    # Head office's cheque bar (revision 0007): the reason, None while cheques are taken.
    cheque_barred: Mapped[str | None] = mapped_column(String)
    cheque_barred_since: Mapped[datetime | None] = mapped_column(IsoDateTime)


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


class PaymentRow(Base):
    """A payment taken at this counter, keyed by the UUID made when the payment view opened.

    ``terminal_seq`` is the terminal's gap-free sequence (from ``terminal_counters``), also the
    sequence part of ``receipt_no``. ``amount_minor`` is the sum of the tenders' amounts,
    ``change_minor`` the cash given back; ``central_*`` are filled when head office answers
    (:func:`ebill_desktop.services.payment_sync.record_central_answers`).
    Written only by :mod:`ebill_desktop.services.payments` (see docs/payments.md).
    """

    __tablename__ = "payments"
    __table_args__ = (
        Index(None, "account_no", "taken_at"),
        Index(None, "taken_at"),
        CheckConstraint("terminal_seq >= 1", name="terminal_seq"),
        CheckConstraint("amount_minor > 0", name="amount"),
        CheckConstraint("amount_due_minor >= 0", name="amount_due"),
        CheckConstraint("change_minor >= 0", name="change"),
        CheckConstraint("state IN ('taken', 'void')", name="state"),
    )

    payment_id: Mapped[str] = mapped_column(String, primary_key=True)
    terminal_seq: Mapped[int] = mapped_column(Integer, unique=True)
    receipt_no: Mapped[str] = mapped_column(String, unique=True)  # display form, with hyphens
    account_no: Mapped[str] = mapped_column(String)
    operator: Mapped[str] = mapped_column(String)  # login
    taken_at: Mapped[datetime] = mapped_column(IsoDateTime)
    currency: Mapped[str] = mapped_column(String)
    amount_minor: Mapped[int] = mapped_column(Integer)
    amount_due_minor: Mapped[int] = mapped_column(Integer)  # outstanding on the paid bills
    balance_after_minor: Mapped[int] = mapped_column(Integer)  # negative: credit
    change_minor: Mapped[int] = mapped_column(Integer)
    offline: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[str] = mapped_column(String)  # "taken" | "void"
    central_status: Mapped[str | None] = mapped_column(String)  # PaymentStatus value
    central_at: Mapped[datetime | None] = mapped_column(IsoDateTime)
    shift_id: Mapped[str | None] = mapped_column(String, index=True)  # NULL: taken before 0006


class PaymentTenderRow(Base):
    """One instrument of a payment; a card keeps only last 4, scheme, RRN and auth code."""

    __tablename__ = "payment_tenders"
    __table_args__ = (
        Index(None, "card_request_id", unique=True),
        CheckConstraint("amount_minor > 0", name="amount"),
        CheckConstraint(
            "tendered_minor IS NULL OR tendered_minor >= amount_minor", name="tendered"
        ),
        CheckConstraint(
            "card_last4 IS NULL OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*')",
            name="card_last4",
        ),
        *WITHOUT_ROWID,
    )

    payment_id: Mapped[str] = mapped_column(
        ForeignKey("payments.payment_id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String)  # TenderKind value
    amount_minor: Mapped[int] = mapped_column(Integer)
    tendered_minor: Mapped[int | None] = mapped_column(Integer)  # cash handed over
    reference: Mapped[str | None] = mapped_column(String)
    bank: Mapped[str | None] = mapped_column(String)
    bank_branch: Mapped[str | None] = mapped_column(String)
    ifsc: Mapped[str | None] = mapped_column(String)
    instrument_date: Mapped[date | None] = mapped_column(Date)
    card_last4: Mapped[str | None] = mapped_column(String)
    card_scheme: Mapped[str | None] = mapped_column(String)
    auth_code: Mapped[str | None] = mapped_column(String)
    device_id: Mapped[str | None] = mapped_column(String)
    card_request_id: Mapped[str | None] = mapped_column(String)  # the payment-terminal request


class PaymentAllocationRow(Base):
    """Part of a payment for one component of a bill (in the version seen), or advance."""

    __tablename__ = "payment_allocations"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount"),
        CheckConstraint(
            "(bill_no IS NULL AND bill_version IS NULL AND component = 'advance') OR "
            "(bill_no IS NOT NULL AND bill_version >= 1 AND "
            "component IN ('surcharge', 'arrears', 'current'))",
            name="target",
        ),
        *WITHOUT_ROWID,
    )

    payment_id: Mapped[str] = mapped_column(
        ForeignKey("payments.payment_id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    bill_no: Mapped[str | None] = mapped_column(String)
    bill_version: Mapped[int | None] = mapped_column(Integer)
    component: Mapped[str] = mapped_column(String)  # Component value or "advance"
    amount_minor: Mapped[int] = mapped_column(Integer)


class ReceiptRow(Base):
    """A payment's receipt as made at commit (``body_json``), and its printing state."""

    __tablename__ = "receipts"
    __table_args__ = (
        CheckConstraint("print_attempts >= 0", name="print_attempts"),
        CheckConstraint("reprint_count >= 0", name="reprint_count"),
    )

    receipt_no: Mapped[str] = mapped_column(String, primary_key=True)
    payment_id: Mapped[str] = mapped_column(
        ForeignKey("payments.payment_id", ondelete="CASCADE"), unique=True
    )
    body_json: Mapped[str] = mapped_column(Text)
    printed: Mapped[bool] = mapped_column(Boolean)
    print_attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_attempt_at: Mapped[datetime | None] = mapped_column(IsoDateTime)
    reprint_count: Mapped[int] = mapped_column(Integer)


class ReceiptPrintRow(Base):
    """One print of a receipt: the original (``copy_no`` 0) or a DUPLICATE, and how it went."""

    __tablename__ = "receipt_prints"
    __table_args__ = (
        CheckConstraint("copy_no >= 0", name="copy_no"),
        CheckConstraint("outcome IN ('printed', 'failed')", name="outcome"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    receipt_no: Mapped[str] = mapped_column(
        ForeignKey("receipts.receipt_no", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(IsoDateTime)
    operator: Mapped[str] = mapped_column(String)
    copy_no: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String)
    error: Mapped[str | None] = mapped_column(Text)


class TerminalCounterRow(Base):
    """The next number of one of the terminal's sequences (``payment``: terminal_seq)."""

    __tablename__ = "terminal_counters"
    __table_args__ = (CheckConstraint("next_value >= 1", name="next_value"),)

    name: Mapped[str] = mapped_column(String, primary_key=True)
    next_value: Mapped[int] = mapped_column(Integer)


class CardRequestRow(Base):
    """A card/UPI request to a payment terminal, committed before the request is sent.

    Holds only what may be kept of a card: scheme, last 4 digits, RRN (or UPI UTR) and the
    authorisation code. Written only by :mod:`ebill_desktop.payment_terminals.pending`
    (see docs/payment-terminals.md for the states and the recovery after a crash).
    """

    __tablename__ = "card_requests"
    __table_args__ = (
        Index(None, "state"),
        Index(None, "payment_id"),
        CheckConstraint("amount_minor > 0", name="amount"),
        CheckConstraint("kind IN ('card', 'upi')", name="kind"),
        CheckConstraint(
            "state IN ('pending', 'approved', 'declined', 'cancelled', 'reversed', 'used', "
            "'needs_attention')",
            name="state",
        ),
        CheckConstraint(
            "last4 IS NULL OR (length(last4) = 4 AND last4 NOT GLOB '*[^0-9]*')", name="last4"
        ),
    )

    request_id: Mapped[str] = mapped_column(String, primary_key=True)  # UUID sent to the terminal
    payment_id: Mapped[str] = mapped_column(String)  # the payment being taken (not yet committed)
    kind: Mapped[str] = mapped_column(String)  # "card" | "upi"
    amount_minor: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String)
    device_id: Mapped[str] = mapped_column(String)
    state: Mapped[str] = mapped_column(String)  # CardRequestState value
    scheme: Mapped[str | None] = mapped_column(String)
    last4: Mapped[str | None] = mapped_column(String)
    rrn: Mapped[str | None] = mapped_column(String)  # card RRN or UPI UTR
    auth_code: Mapped[str | None] = mapped_column(String)
    created_at: Mapped[datetime] = mapped_column(IsoDateTime)
    updated_at: Mapped[datetime] = mapped_column(IsoDateTime)
    error: Mapped[str | None] = mapped_column(Text)


class AuditLogRow(Base):
    """One entry of the terminal's audit trail, chained to the one before by its digest.

    ``seq`` is 1, 2, 3 ... with no gaps, given by :mod:`ebill_desktop.security.audit` (the only
    writer); ``digest`` is :func:`ebill_core.audit_chain.entry_digest` over ``prev_digest`` and
    the row's fields. ``synced`` turns true when head office has the row.
    """

    __tablename__ = "audit_log"
    __table_args__ = (
        Index(None, "synced", "seq"),
        CheckConstraint("seq >= 1", name="seq"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(IsoDateTime)
    actor: Mapped[str] = mapped_column(String)  # operator login, or "system"
    action: Mapped[str] = mapped_column(String)
    detail_json: Mapped[str] = mapped_column(Text)
    prev_digest: Mapped[str] = mapped_column(String)
    digest: Mapped[str] = mapped_column(String)
    synced: Mapped[bool] = mapped_column(Boolean, server_default=false())
    uploaded_at: Mapped[datetime | None] = mapped_column(IsoDateTime)


class LoginFailureRow(Base):
    """Consecutive failed log-ins of one login and, once locked out, when the lock ends."""

    __tablename__ = "login_failures"
    __table_args__ = (CheckConstraint("failed_count >= 0", name="failed_count"),)

    login: Mapped[str] = mapped_column(NOCASE, primary_key=True)
    failed_count: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime | None] = mapped_column(IsoDateTime)
    last_failed_at: Mapped[datetime | None] = mapped_column(IsoDateTime)


class ShiftRow(Base):
    """One operator's shift at one terminal and drawer (services/shifts.py; cash-control.md).

    The closing figures are kept as they were at the close: ``counted_minor`` from the closing
    count, ``expected_minor`` from :func:`ebill_core.cash_count.expected_cash`, their difference
    ``over_short_minor`` (negative: short) and the payments still unsynced then.
    """

    __tablename__ = "shifts"
    __table_args__ = (
        Index(None, "terminal", "state"),
        CheckConstraint("state IN ('open', 'closed')", name="state"),
        CheckConstraint("opening_float_minor >= 0", name="opening_float"),
    )

    shift_id: Mapped[str] = mapped_column(String, primary_key=True)  # UUID
    operator: Mapped[str] = mapped_column(String)  # login
    terminal: Mapped[str] = mapped_column(String)
    opened_at: Mapped[datetime] = mapped_column(IsoDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(IsoDateTime)
    currency: Mapped[str] = mapped_column(String)
    opening_float_minor: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String)
    blind: Mapped[bool] = mapped_column(Boolean)
    counted_at: Mapped[datetime | None] = mapped_column(IsoDateTime)
    counted_minor: Mapped[int | None] = mapped_column(Integer)
    expected_minor: Mapped[int | None] = mapped_column(Integer)
    over_short_minor: Mapped[int | None] = mapped_column(Integer)
    unsynced_at_close: Mapped[int | None] = mapped_column(Integer)
    over_short_approved_by: Mapped[str | None] = mapped_column(String)
    unsynced_approved_by: Mapped[str | None] = mapped_column(String)


class ShiftCountRow(Base):
    """Pieces of one denomination in a shift's opening float or closing count."""

    __tablename__ = "shift_counts"
    __table_args__ = (
        CheckConstraint("phase IN ('open', 'close')", name="phase"),
        CheckConstraint("denomination > 0", name="denomination"),
        CheckConstraint("pieces >= 0", name="pieces"),
    )

    shift_id: Mapped[str] = mapped_column(
        ForeignKey("shifts.shift_id", ondelete="CASCADE"), primary_key=True
    )
    phase: Mapped[str] = mapped_column(String, primary_key=True)
    denomination: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    pieces: Mapped[int] = mapped_column(Integer)


class CashMovementRow(Base):
    """A drop to the head cashier, a pay-out with its reason, or a no-sale drawer open."""

    __tablename__ = "cash_movements"
    __table_args__ = (
        CheckConstraint("kind IN ('drop', 'pay_out', 'no_sale')", name="kind"),
        CheckConstraint("amount_minor >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    shift_id: Mapped[str] = mapped_column(
        ForeignKey("shifts.shift_id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String)
    amount_minor: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String)
    approved_by: Mapped[str | None] = mapped_column(String)
    at: Mapped[datetime] = mapped_column(IsoDateTime)


class PaymentVoidRow(Base):
    """A payment voided in its shift, and the UUID of the reversal head office will get."""

    __tablename__ = "payment_voids"

    payment_id: Mapped[str] = mapped_column(
        ForeignKey("payments.payment_id", ondelete="CASCADE"), primary_key=True
    )
    shift_id: Mapped[str] = mapped_column(
        ForeignKey("shifts.shift_id", ondelete="CASCADE"), index=True
    )
    reason_code: Mapped[str] = mapped_column(String)
    note: Mapped[str | None] = mapped_column(Text)
    operator: Mapped[str] = mapped_column(String)
    approved_by: Mapped[str | None] = mapped_column(String)
    at: Mapped[datetime] = mapped_column(IsoDateTime)
    reversal_id: Mapped[str] = mapped_column(String, unique=True)
