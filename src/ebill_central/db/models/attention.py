"""The review ("attention") queue: things a person at head office must look at."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base, BigId
from ebill_central.db.types import Moment


class AttentionRow(Base):
    __tablename__ = "attention"

    item_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)  # e.g. "payment_on_changed_bill"
    subject: Mapped[str] = mapped_column(String(200))  # what it is about: a payment UUID, ...
    detail: Mapped[str] = mapped_column(Text)
    raised_at: Mapped[datetime] = mapped_column(Moment())
    resolved_at: Mapped[datetime | None] = mapped_column(Moment())
    resolved_by: Mapped[str | None] = mapped_column(String(64))
