"""Payments taken at this counter: tenders, allocations, receipts, prints and the counters.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

Written out in full, like 0001 and 0002 (it must keep meaning what it means when the models
change). Money is INTEGER minor units in the payment's ``currency``; moments are ISO 8601 TEXT
in UTC, so text order is time order. See docs/payments.md for what each table holds.

* ``payments``: one row per payment, keyed by the UUID made when the payment view opened; its
  terminal sequence number (gap-free, from ``terminal_counters``) and receipt number are unique.
  ``central_status``/``central_at`` are filled in when head office answers.
* ``payment_tenders`` / ``payment_allocations``: the instruments handed over and where the money
  went (bill, the bill version the cashier saw, component; ``bill_no`` NULL for advance).
* ``receipts``: the receipt as made at commit (``body_json``), whether it has been printed, the
  last print error and the reprint count; ``receipt_prints`` records every print and reprint.
* ``terminal_counters``: the next number of each terminal sequence, taken in the payment's own
  write transaction, so a rolled-back payment leaves no gap.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the payment tables and their indexes."""
    _payments()
    _tenders()
    _allocations()
    _receipts()
    _receipt_prints()
    _counters()


def _payments() -> None:
    op.create_table(
        "payments",
        sa.Column("payment_id", sa.String(), nullable=False),
        sa.Column("terminal_seq", sa.Integer(), nullable=False),
        sa.Column("receipt_no", sa.String(), nullable=False),
        sa.Column("account_no", sa.String(), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("taken_at", sa.String(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("amount_due_minor", sa.Integer(), nullable=False),
        sa.Column("balance_after_minor", sa.Integer(), nullable=False),
        sa.Column("change_minor", sa.Integer(), nullable=False),
        sa.Column("offline", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("central_status", sa.String(), nullable=True),
        sa.Column("central_at", sa.String(), nullable=True),
        sa.CheckConstraint("terminal_seq >= 1", name=op.f("ck_payments_terminal_seq")),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payments_amount")),
        sa.CheckConstraint("amount_due_minor >= 0", name=op.f("ck_payments_amount_due")),
        sa.CheckConstraint("change_minor >= 0", name=op.f("ck_payments_change")),
        sa.CheckConstraint("state IN ('taken', 'void')", name=op.f("ck_payments_state")),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_payments")),
        sa.UniqueConstraint("terminal_seq", name=op.f("uq_payments_terminal_seq")),
        sa.UniqueConstraint("receipt_no", name=op.f("uq_payments_receipt_no")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payments_account_no_taken_at"), ["account_no", "taken_at"]
        )
        batch_op.create_index(batch_op.f("ix_payments_taken_at"), ["taken_at"])


def _tenders() -> None:
    op.create_table(
        "payment_tenders",
        sa.Column("payment_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("tendered_minor", sa.Integer(), nullable=True),
        sa.Column("reference", sa.String(), nullable=True),
        sa.Column("bank", sa.String(), nullable=True),
        sa.Column("bank_branch", sa.String(), nullable=True),
        sa.Column("ifsc", sa.String(), nullable=True),
        sa.Column("instrument_date", sa.Date(), nullable=True),
        sa.Column("card_last4", sa.String(), nullable=True),
        sa.Column("card_scheme", sa.String(), nullable=True),
        sa.Column("auth_code", sa.String(), nullable=True),
        sa.Column("device_id", sa.String(), nullable=True),
        sa.Column("card_request_id", sa.String(), nullable=True),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payment_tenders_amount")),
        sa.CheckConstraint(
            "tendered_minor IS NULL OR tendered_minor >= amount_minor",
            name=op.f("ck_payment_tenders_tendered"),
        ),
        sa.CheckConstraint(
            "card_last4 IS NULL OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*')",
            name=op.f("ck_payment_tenders_card_last4"),
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.payment_id"],
            name=op.f("fk_payment_tenders_payment_id_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("payment_id", "seq", name=op.f("pk_payment_tenders")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("payment_tenders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_tenders_card_request_id"), ["card_request_id"], unique=True
        )


def _allocations() -> None:
    op.create_table(
        "payment_allocations",
        sa.Column("payment_id", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("bill_no", sa.String(), nullable=True),
        sa.Column("bill_version", sa.Integer(), nullable=True),
        sa.Column("component", sa.String(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_payment_allocations_amount")),
        sa.CheckConstraint(
            "(bill_no IS NULL AND bill_version IS NULL AND component = 'advance') OR "
            "(bill_no IS NOT NULL AND bill_version >= 1 AND "
            "component IN ('surcharge', 'arrears', 'current'))",
            name=op.f("ck_payment_allocations_target"),
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.payment_id"],
            name=op.f("fk_payment_allocations_payment_id_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("payment_id", "seq", name=op.f("pk_payment_allocations")),
        sqlite_with_rowid=False,
    )


def _receipts() -> None:
    op.create_table(
        "receipts",
        sa.Column("receipt_no", sa.String(), nullable=False),
        sa.Column("payment_id", sa.String(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("printed", sa.Boolean(), nullable=False),
        sa.Column("print_attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_attempt_at", sa.String(), nullable=True),
        sa.Column("reprint_count", sa.Integer(), nullable=False),
        sa.CheckConstraint("print_attempts >= 0", name=op.f("ck_receipts_print_attempts")),
        sa.CheckConstraint("reprint_count >= 0", name=op.f("ck_receipts_reprint_count")),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.payment_id"],
            name=op.f("fk_receipts_payment_id_payments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("receipt_no", name=op.f("pk_receipts")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_receipts_payment_id")),
    )


def _receipt_prints() -> None:
    op.create_table(
        "receipt_prints",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("receipt_no", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("copy_no", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint("copy_no >= 0", name=op.f("ck_receipt_prints_copy_no")),
        sa.CheckConstraint(
            "outcome IN ('printed', 'failed')", name=op.f("ck_receipt_prints_outcome")
        ),
        sa.ForeignKeyConstraint(
            ["receipt_no"],
            ["receipts.receipt_no"],
            name=op.f("fk_receipt_prints_receipt_no_receipts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_prints")),
    )
    with op.batch_alter_table("receipt_prints", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipt_prints_receipt_no"), ["receipt_no"])


def _counters() -> None:
    op.create_table(
        "terminal_counters",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("next_value", sa.Integer(), nullable=False),
        sa.CheckConstraint("next_value >= 1", name=op.f("ck_terminal_counters_next_value")),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_terminal_counters")),
    )


def downgrade() -> None:
    """Drop the payment tables (used by the migration tests)."""
    with op.batch_alter_table("receipt_prints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipt_prints_receipt_no"))
    op.drop_table("receipt_prints")
    op.drop_table("receipts")
    op.drop_table("payment_allocations")
    with op.batch_alter_table("payment_tenders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_tenders_card_request_id"))
    op.drop_table("payment_tenders")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_taken_at"))
        batch_op.drop_index(batch_op.f("ix_payments_account_no_taken_at"))
    op.drop_table("payments")
    op.drop_table("terminal_counters")
