"""Card and UPI requests sent to a payment terminal, written before each request goes out.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

Written out in full, like the revisions before it. A row is committed *before* its request is
sent, so after a crash the app knows which requests to ask the terminal about; it holds only
what may be kept of a card (scheme, last 4 digits, RRN, authorisation code), never the number.
``state`` is one of pending, approved, declined, cancelled, reversed, used (the payment that
contains the tender committed) and needs_attention. See docs/payment-terminals.md.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``card_requests`` and the index recovery scans by state."""
    op.create_table(
        "card_requests",
        sa.Column("request_id", sa.String(), nullable=False),
        sa.Column("payment_id", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("amount_minor", sa.Integer(), nullable=False),
        sa.Column("currency", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("scheme", sa.String(), nullable=True),
        sa.Column("last4", sa.String(), nullable=True),
        sa.Column("rrn", sa.String(), nullable=True),
        sa.Column("auth_code", sa.String(), nullable=True),
        sa.Column("created_at", sa.String(), nullable=False),
        sa.Column("updated_at", sa.String(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_card_requests_amount")),
        sa.CheckConstraint("kind IN ('card', 'upi')", name=op.f("ck_card_requests_kind")),
        sa.CheckConstraint(
            "state IN ('pending', 'approved', 'declined', 'cancelled', 'reversed', 'used', "
            "'needs_attention')",
            name=op.f("ck_card_requests_state"),
        ),
        sa.CheckConstraint(
            "last4 IS NULL OR (length(last4) = 4 AND last4 NOT GLOB '*[^0-9]*')",
            name=op.f("ck_card_requests_last4"),
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_card_requests")),
    )
    with op.batch_alter_table("card_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_requests_state"), ["state"])
        batch_op.create_index(batch_op.f("ix_card_requests_payment_id"), ["payment_id"])


def downgrade() -> None:
    """Drop ``card_requests`` (used by the migration tests)."""
    with op.batch_alter_table("card_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_card_requests_payment_id"))
        batch_op.drop_index(batch_op.f("ix_card_requests_state"))
    op.drop_table("card_requests")
