"""The details a tender may carry: bank branch and IFSC, cash tendered, card and device facts.

All optional (older terminals send none of them). A card tender keeps only what may be kept:
the last 4 digits, the scheme, the authorisation code and the payment terminal's id.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("bank_branch", sa.String(length=100)),
    ("ifsc", sa.String(length=11)),
    ("tendered_minor", sa.BigInteger()),  # cash handed over, in the tender's currency
    ("card_last4", sa.String(length=4)),
    ("card_scheme", sa.String(length=20)),
    ("auth_code", sa.String(length=12)),
    ("device_id", sa.String(length=40)),
)


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        for name, column_type in _COLUMNS:
            batch_op.add_column(sa.Column(name, column_type, nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("tenders", schema=None) as batch_op:
        for name, _column_type in reversed(_COLUMNS):
            batch_op.drop_column(name)
