"""Password resets from the counters (``POST /api/v1/password-resets``): one row per message,
keyed by its UUID; the new hash itself is stored on the operator.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Zoned moments: timestamptz on PostgreSQL, UTC ISO text on SQLite (see ebill_central.db.types).
MOMENT = sa.DateTime(timezone=True).with_variant(sa.String(length=40), "sqlite")

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``password_resets``."""
    op.create_table(
        "password_resets",
        sa.Column("reset_id", sa.String(length=36), nullable=False),
        sa.Column(
            "terminal_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("set_by", sa.String(length=64), nullable=False),
        sa.Column("set_at", MOMENT, nullable=False),
        sa.Column("received_at", MOMENT, nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("body_hash", sa.String(length=64), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["terminal_id"],
            ["terminals.terminal_id"],
            name=op.f("fk_password_resets_terminal_id_terminals"),
        ),
        sa.PrimaryKeyConstraint("reset_id", name=op.f("pk_password_resets")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_operator"), ["operator"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_password_resets_terminal_id"), ["terminal_id"], unique=False
        )


def downgrade() -> None:
    """Drop ``password_resets``."""
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_password_resets_terminal_id"))
        batch_op.drop_index(batch_op.f("ix_password_resets_operator"))
    op.drop_table("password_resets")
