"""Consumers, their accounts (service connections), meters, readings and consumption."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base, BigId


class ConsumerRow(Base):
    __tablename__ = "consumers"

    consumer_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(20), index=True)
    email: Mapped[str | None] = mapped_column(String(254))


class AccountRow(Base):
    __tablename__ = "accounts"

    account_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    legacy_no: Mapped[str | None] = mapped_column(String(40), index=True)
    consumer_id: Mapped[int] = mapped_column(ForeignKey("consumers.consumer_id"), index=True)
    address: Mapped[str] = mapped_column(String(500))
    category_code: Mapped[str] = mapped_column(ForeignKey("categories.code"))
    tariff_code: Mapped[str] = mapped_column(String(40))
    supply_type: Mapped[str] = mapped_column(String(40))
    voltage_v: Mapped[int] = mapped_column(Integer)
    sanctioned_load_w: Mapped[int] = mapped_column(BigInteger)
    office_code: Mapped[str] = mapped_column(ForeignKey("offices.code"), index=True)
    pole: Mapped[str | None] = mapped_column(String(40))
    connected_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))


class MeterRow(Base):
    __tablename__ = "meters"

    meter_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_no: Mapped[str] = mapped_column(ForeignKey("accounts.account_no"), index=True)
    multiplying_factor: Mapped[int] = mapped_column(Integer)
    digits: Mapped[int] = mapped_column(Integer)
    registers: Mapped[str] = mapped_column(String(200))  # register names joined by spaces
    installed_on: Mapped[date | None] = mapped_column(Date)
    removed_on: Mapped[date | None] = mapped_column(Date)


class ReadingRow(Base):
    __tablename__ = "readings"
    __table_args__ = (UniqueConstraint("meter_no", "register", "read_on"),)

    reading_id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    meter_no: Mapped[str] = mapped_column(ForeignKey("meters.meter_no"))
    register: Mapped[str] = mapped_column(String(40))
    read_on: Mapped[date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))


class ConsumptionRow(Base):
    """Units billed per period: the series behind the counter's consumption chart."""

    __tablename__ = "consumption"

    account_no: Mapped[str] = mapped_column(ForeignKey("accounts.account_no"), primary_key=True)
    period_end: Mapped[date] = mapped_column(Date, primary_key=True)
    units: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
