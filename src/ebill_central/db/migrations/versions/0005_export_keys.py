"""Terminal export keys: the Ed25519 public key each terminal sends when it enrols, which
verifies its signed files of unsynced payments (``ebill-central import-payments``).

Nullable: terminals enrolled before this revision (or by an older program) have none until they
enrol again, and their files are refused.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``terminals.export_key``."""
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("export_key", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Drop ``terminals.export_key``."""
    with op.batch_alter_table("terminals", schema=None) as batch_op:
        batch_op.drop_column("export_key")
