"""Cheque bars in the cache: the counter refuses cheques and drafts of a barred account.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

* ``accounts.cheque_barred``: why head office barred the account's cheques (a cheque of it
  bounced), as the change feed's ``account`` record carries it; NULL while cheques are taken.
* ``accounts.cheque_barred_since``: when (ISO 8601 text in UTC, like every moment in the
  cache); NULL with the reason.

Both are plain added columns (SQLite's ``ALTER TABLE ... ADD COLUMN``, no table copy), so an
upgrade of a cache with millions of accounts is instant. Accounts cached before this revision
read as not barred until the feed sends them again (see docs/sync.md).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add the two nullable columns of an account's cheque bar."""
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cheque_barred", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("cheque_barred_since", sa.String(), nullable=True))


def downgrade() -> None:
    """Drop them again (used by the migration tests)."""
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("cheque_barred_since")
        batch_op.drop_column("cheque_barred")
