"""Cash control: shift closes with per-tender control totals, reversals, cheque bounces (with
the allocations they took back, the bounce charges and the accounts barred from cheques), and
each terminal's hash-chained audit entries.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Zoned moments: timestamptz on PostgreSQL, UTC ISO text on SQLite (see ebill_central.db.types).
MOMENT = sa.DateTime(timezone=True).with_variant(sa.String(length=40), "sqlite")

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "reversed_allocations",
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("bill_no", sa.String(length=40), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.PrimaryKeyConstraint("source_id", "bill_no", name=op.f("pk_reversed_allocations")),
    )
    with op.batch_alter_table("reversed_allocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reversed_allocations_payment_id"), ["payment_id"], unique=False
        )

    op.create_table(
        "account_charges",
        sa.Column(
            "charge_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("source_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_no"],
            ["accounts.account_no"],
            name=op.f("fk_account_charges_account_no_accounts"),
        ),
        sa.PrimaryKeyConstraint("charge_id", name=op.f("pk_account_charges")),
        sa.UniqueConstraint("source_id", name=op.f("uq_account_charges_source_id")),
    )
    with op.batch_alter_table("account_charges", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_charges_account_no"), ["account_no"], unique=False
        )

    op.create_table(
        "cheque_bars",
        sa.Column("account_no", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("since", MOMENT, nullable=False),
        sa.Column("bounce_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_no"], ["accounts.account_no"], name=op.f("fk_cheque_bars_account_no_accounts")
        ),
        sa.PrimaryKeyConstraint("account_no", name=op.f("pk_cheque_bars")),
    )
    op.create_table(
        "audit_entries",
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.Column("at_text", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("prev_digest", sa.String(length=64), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_audit_entries_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("terminal_id", "seq", name=op.f("pk_audit_entries")),
    )
    op.create_table(
        "cheque_bounces",
        sa.Column("bounce_id", sa.String(length=36), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=False),
        sa.Column("tender_position", sa.Integer(), nullable=True),
        sa.Column("cheque_no", sa.String(length=64), nullable=True),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("applied_at", MOMENT, nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("charge_minor", sa.BigInteger(), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_cheque_bounces_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("bounce_id", name=op.f("pk_cheque_bounces")),
        sa.UniqueConstraint(
            "payment_id", "tender_position", name=op.f("uq_cheque_bounces_payment_id")
        ),
    )
    with op.batch_alter_table("cheque_bounces", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cheque_bounces_payment_id"), ["payment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cheque_bounces_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_cheque_bounces_terminal_id"), ["terminal_id"], unique=False
        )

    op.create_table(
        "reversals",
        sa.Column("reversal_id", sa.String(length=36), nullable=False),
        sa.Column("payment_id", sa.String(length=36), nullable=False),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reason_code", sa.String(length=40), nullable=False),
        sa.Column("approver", sa.String(length=64), nullable=False),
        sa.Column("at", MOMENT, nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("applied_at", MOMENT, nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("reversed_minor", sa.BigInteger(), nullable=True),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_reversals_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("reversal_id", name=op.f("pk_reversals")),
        sa.UniqueConstraint("payment_id", name=op.f("uq_reversals_payment_id")),
    )
    with op.batch_alter_table("reversals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reversals_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_reversals_terminal_id"), ["terminal_id"], unique=False)

    op.create_table(
        "shift_closes",
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("branch_code", sa.String(length=40), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("opened_at", MOMENT, nullable=False),
        sa.Column("closed_at", MOMENT, nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("opening_float_minor", sa.BigInteger(), nullable=False),
        sa.Column("receipts", sa.BigInteger(), nullable=False),
        sa.Column("first_receipt_no", sa.String(length=40), nullable=True),
        sa.Column("last_receipt_no", sa.String(length=40), nullable=True),
        sa.Column("voids_count", sa.BigInteger(), nullable=False),
        sa.Column("voids_minor", sa.BigInteger(), nullable=False),
        sa.Column("reprints", sa.BigInteger(), nullable=False),
        sa.Column("drops_count", sa.BigInteger(), nullable=False),
        sa.Column("drops_minor", sa.BigInteger(), nullable=False),
        sa.Column("pay_outs_count", sa.BigInteger(), nullable=False),
        sa.Column("pay_outs_minor", sa.BigInteger(), nullable=False),
        sa.Column("over_short_minor", sa.BigInteger(), nullable=False),
        sa.Column("unsynced", sa.BigInteger(), nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("reconciled", sa.Boolean(), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_shift_closes_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("shift_id", name=op.f("pk_shift_closes")),
    )
    with op.batch_alter_table("shift_closes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shift_closes_terminal_id"), ["terminal_id"], unique=False
        )

    op.create_table(
        "shift_tender_totals",
        sa.Column("shift_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reported_count", sa.BigInteger(), nullable=False),
        sa.Column("reported_minor", sa.BigInteger(), nullable=False),
        sa.Column("held_count", sa.BigInteger(), nullable=False),
        sa.Column("held_minor", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shift_closes.shift_id"],
            name=op.f("fk_shift_tender_totals_shift_id_shift_closes"),
        ),
        sa.PrimaryKeyConstraint("shift_id", "kind", name=op.f("pk_shift_tender_totals")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("shift_tender_totals")
    with op.batch_alter_table("shift_closes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_closes_terminal_id"))

    op.drop_table("shift_closes")
    with op.batch_alter_table("reversals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reversals_terminal_id"))
        batch_op.drop_index(batch_op.f("ix_reversals_status"))

    op.drop_table("reversals")
    with op.batch_alter_table("cheque_bounces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cheque_bounces_terminal_id"))
        batch_op.drop_index(batch_op.f("ix_cheque_bounces_status"))
        batch_op.drop_index(batch_op.f("ix_cheque_bounces_payment_id"))

    op.drop_table("cheque_bounces")
    op.drop_table("audit_entries")
    op.drop_table("cheque_bars")
    with op.batch_alter_table("account_charges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_charges_account_no"))

    op.drop_table("account_charges")
    with op.batch_alter_table("reversed_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reversed_allocations_payment_id"))

    op.drop_table("reversed_allocations")
