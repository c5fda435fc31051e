"""Consumer categories and tariff versions (tariffs are data: their JSON documents)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base


class CategoryRow(Base):
    __tablename__ = "categories"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    tariff_code: Mapped[str] = mapped_column(String(40))
    exactness: Mapped[str] = mapped_column(String(20))


class TariffRow(Base):
    """One version of a tariff, as the JSON document the tariff engine reads."""

    __tablename__ = "tariffs"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_from: Mapped[date] = mapped_column(Date)
    body_json: Mapped[str] = mapped_column(Text)
