"""The audit trail (a hash chain) and the log-in failure counts behind the lock-out.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Written out in full, like the revisions before it.

* ``audit_log``: one row per sensitive act, ``seq`` 1, 2, 3 ... gap-free (given by
  :mod:`ebill_desktop.security.audit`, never by SQLite's rowid reuse), each carrying the digest of
  the row before it (:mod:`ebill_core.audit_chain`). ``synced`` turns 1 once head office has the
  row (``uploaded_at`` says when). ``at`` is ISO text with its offset, ``detail_json`` the
  entry's details as JSON.
* ``login_failures``: consecutive failed log-ins per login and, when they reached the limit, the
  moment the lock-out ends. Kept in the cache so that restarting the app does not unlock anyone.
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
    """Create ``audit_log`` and ``login_failures``."""
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("detail_json", sa.Text(), nullable=False),
        sa.Column("prev_digest", sa.String(), nullable=False),
        sa.Column("digest", sa.String(), nullable=False),
        sa.Column("synced", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("uploaded_at", sa.String(), nullable=True),
        sa.CheckConstraint("seq >= 1", name=op.f("ck_audit_log_seq")),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_synced_seq"), ["synced", "seq"])
    op.create_table(
        "login_failures",
        sa.Column("login", sa.String(collation="NOCASE"), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.String(), nullable=True),
        sa.Column("last_failed_at", sa.String(), nullable=True),
        sa.CheckConstraint("failed_count >= 0", name=op.f("ck_login_failures_failed_count")),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_login_failures")),
    )


def downgrade() -> None:
    """Drop both tables (used by the migration tests)."""
    op.drop_table("login_failures")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_synced_seq"))
    op.drop_table("audit_log")
