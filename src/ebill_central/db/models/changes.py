"""The change log behind the feed (see ebill_central.feed and docs/central.md).

Writers insert rows with ``seq`` NULL in the same transaction as the change itself; the feed's
sequencer numbers committed rows later, under a lock, so ``seq`` follows commit order and a
reader's cursor can never pass a change that had not committed yet.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base, BigId
from ebill_central.db.types import Moment


class ChangeRow(Base):
    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_scope_seq", "scope", "seq"),)

    change_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    # Who receives it: "*" every terminal, "office:<code>" or "branch:<code>".
    scope: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(200))
    op: Mapped[str] = mapped_column(String(10))
    payload: Mapped[str | None] = mapped_column(Text)  # the record's wire JSON; None = tombstone
    created_at: Mapped[datetime] = mapped_column(Moment())
