"""The outbox: messages waiting to go up to head office, with the server's answers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Written out in full, like 0001 (it must keep meaning what it means when the models change).
Moments are ISO 8601 TEXT in UTC, so text order is time order.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create the outbox table and the index the sender scans."""
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("terminal_seq", sa.Integer(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("answered_at", sa.String(), nullable=True),
        sa.Column("answer_json", sa.Text(), nullable=True),
        sa.Column("resolved_at", sa.String(), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'done', 'attention')", name=op.f("ck_outbox_state")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_attempts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("item_id", name=op.f("uq_outbox_item_id")),
        sa.UniqueConstraint("kind", "terminal_seq", name=op.f("uq_outbox_kind_terminal_seq")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_state_terminal_seq"), ["state", "terminal_seq"], unique=False
        )


def downgrade() -> None:
    """Drop the outbox (used by the migration tests)."""
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state_terminal_seq"))

    op.drop_table("outbox")
