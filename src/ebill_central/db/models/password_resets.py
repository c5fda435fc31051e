"""Passwords set at the counters, as received (the hash itself lives only on the operator).

One row per message: its UUID is the key (the idempotency key), ``body_hash`` tells a resend
from a different message under the same UUID, ``outcome`` is the first answer, given again to
every resend. ``set_at`` orders resets of one operator: a reset set earlier than one already
applied does not overwrite it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base
from ebill_central.db.types import Moment


class PasswordResetRow(Base):
    """A password reset from a counter: ``applied``, ``superseded`` or ``unknown_operator``."""

    __tablename__ = "password_resets"

    reset_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[int] = mapped_column(ForeignKey("terminals.terminal_id"), index=True)
    # No foreign key: a reset of an unknown operator is kept (for review) too.
    operator: Mapped[str] = mapped_column(String(64), index=True)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(Moment())
    received_at: Mapped[datetime] = mapped_column(Moment())
    status: Mapped[str] = mapped_column(String(20))
    body_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(Text)
