"""Payments posted to accounts (at any counter, kiosk or online channel)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base
from ebill_central.db.types import Moment


class PostingRow(Base):
    """A posted payment; ``payment_id`` is the UUID made at capture, unique by constraint."""

    __tablename__ = "payment_postings"

    payment_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_no: Mapped[str] = mapped_column(ForeignKey("accounts.account_no"), index=True)
    paid_at: Mapped[datetime] = mapped_column(Moment())
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(40))
    place: Mapped[str] = mapped_column(String(200))
    receipt_no: Mapped[str | None] = mapped_column(String(40))
