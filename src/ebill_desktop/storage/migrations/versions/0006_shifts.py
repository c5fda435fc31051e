"""Cash control at the counter: shifts, their counts by denomination, cash movements, voids.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

Written out in full, like the revisions before it (see docs/cash-control.md).

* ``shifts``: one operator's session at one terminal and drawer, from the counted opening float
  to the closing count. ``state`` is ``open`` or ``closed``; the closing figures (counted,
  expected, over/short, unsynced payments) are kept as they were at the close, with who approved
  an over/short beyond tolerance or a close with unsynced payments.
* ``shift_counts``: pieces per denomination, of the opening float (``phase`` ``open``) and of the
  closing count (``close``).
* ``cash_movements``: drops to the head cashier, pay-outs with their reason, no-sale drawer
  opens (amount 0), each with who did it and, where a supervisor approved, who approved.
* ``payment_voids``: a voided payment (one row per payment at most), its reason code, approver
  and the UUID of the reversal message head office will get.
* ``payments.shift_id``: the shift a payment was taken in; NULL for payments taken before this
  revision (or with no shift open).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the shift tables and link payments to their shift."""
    _shifts()
    op.create_table(
        "shift_counts",
        sa.Column("shift_id", sa.String(), nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("denomination", sa.Integer(), nullable=False),
        sa.Column("pieces", sa.Integer(), nullable=False),
        sa.CheckConstraint("phase IN ('open', 'close')", name=op.f("ck_shift_counts_phase")),
        sa.CheckConstraint("denomination > 0", name=op.f("ck_shift_counts_denomination")),
        sa.CheckConstraint("pieces >= 0", name=op.f("ck_shift_counts_pieces")),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shifts.shift_id"],
            name=op.f("fk_shift_counts_shift_id_shifts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("shift_id", "phase", "denomination", name=op.f("pk_shift_counts")),
    )
    op.create_table(
        "cash_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("approved_by", sa.String(), nullable=True),
        sa.Column("at", sa.String(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('drop', 'pay_out', 'no_sale')", name=op.f("ck_cash_movements_kind")
        ),
        sa.CheckConstraint("amount_minor >= 0", name=op.f("ck_cash_movements_amount")),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shifts.shift_id"],
            name=op.f("fk_cash_movements_shift_id_shifts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_movements")),
    )
    with op.batch_alter_table("cash_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cash_movements_shift_id"), ["shift_id"])
    op.create_table(
        "payment_voids",
        sa.Column("payment_id", sa.String(), nullable=False),
        sa.Column("shift_id", sa.String(), nullable=False),
        sa.Column("reason_code", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("approved_by", sa.String(), nullable=True),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("reversal_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["payments.payment_id"],
            name=op.f("fk_payment_voids_payment_id_payments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["shift_id"],
            ["shifts.shift_id"],
            name=op.f("fk_payment_voids_shift_id_shifts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_payment_voids")),
        sa.UniqueConstraint("reversal_id", name=op.f("uq_payment_voids_reversal_id")),
    )
    with op.batch_alter_table("payment_voids", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_voids_shift_id"), ["shift_id"])
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shift_id", sa.String(), nullable=True))
        batch_op.create_index(batch_op.f("ix_payments_shift_id"), ["shift_id"])


def _shifts() -> None:
    op.create_table(
        "shifts",
        sa.Column("shift_id", sa.String(), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("terminal", sa.String(), nullable=False),
        sa.Column("opened_at", sa.String(), nullable=False),
        sa.Column("closed_at", sa.String(), nullable=True),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("opening_float_minor", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("counted_at", sa.String(), nullable=True),
        sa.Column("counted_minor", sa.Integer(), nullable=True),
        sa.Column("expected_minor", sa.Integer(), nullable=True),
        sa.Column("over_short_minor", sa.Integer(), nullable=True),
        sa.Column("unsynced_at_close", sa.Integer(), nullable=True),
        sa.Column("over_short_approved_by", sa.String(), nullable=True),
        sa.Column("unsynced_approved_by", sa.String(), nullable=True),
        sa.CheckConstraint("state IN ('open', 'closed')", name=op.f("ck_shifts_state")),
        sa.CheckConstraint("opening_float_minor >= 0", name=op.f("ck_shifts_opening_float")),
        sa.PrimaryKeyConstraint("shift_id", name=op.f("pk_shifts")),
    )
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shifts_terminal_state"), ["terminal", "state"])


def downgrade() -> None:
    """Drop it all again (used by the migration tests)."""
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_shift_id"))
        batch_op.drop_column("shift_id")
    with op.batch_alter_table("payment_voids", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_voids_shift_id"))
    op.drop_table("payment_voids")
    with op.batch_alter_table("cash_movements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cash_movements_shift_id"))
    op.drop_table("cash_movements")
    op.drop_table("shift_counts")
    with op.batch_alter_table("shifts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shifts_terminal_state"))
    op.drop_table("shifts")
