"""Bills with their charge lines and the register readings they were made from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ebill_central.db.base import Base
from ebill_central.db.types import DecimalText


class BillRow(Base):
    """A bill; every amount is integer minor units of ``currency``."""

    __tablename__ = "bills"

    bill_no: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_no: Mapped[str] = mapped_column(ForeignKey("accounts.account_no"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    bill_date: Mapped[date] = mapped_column(Date)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    cheque_due_date: Mapped[date] = mapped_column(Date)
    disconnection_date: Mapped[date | None] = mapped_column(Date)
    units: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    current_charges_minor: Mapped[int] = mapped_column(BigInteger)
    arrears_minor: Mapped[int] = mapped_column(BigInteger)
    surcharge_minor: Mapped[int] = mapped_column(BigInteger)
    net_payable_minor: Mapped[int] = mapped_column(BigInteger)
    payable_after_due_minor: Mapped[int] = mapped_column(BigInteger)
    amount_paid_minor: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    rounding_carried_minor: Mapped[int | None] = mapped_column(BigInteger)
    early_payment_rebate_minor: Mapped[int | None] = mapped_column(BigInteger)
    rebate_by: Mapped[date | None] = mapped_column(Date)


class BillLineRow(Base):
    __tablename__ = "bill_lines"

    bill_no: Mapped[str] = mapped_column(ForeignKey("bills.bill_no"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[Decimal | None] = mapped_column(DecimalText())
    rate: Mapped[Decimal | None] = mapped_column(DecimalText())
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))


class BillRegisterRow(Base):
    __tablename__ = "bill_registers"

    bill_no: Mapped[str] = mapped_column(ForeignKey("bills.bill_no"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    meter_no: Mapped[str] = mapped_column(String(40))
    register: Mapped[str] = mapped_column(String(40))
    previous: Mapped[int] = mapped_column(BigInteger)
    previous_on: Mapped[date] = mapped_column(Date)
    present: Mapped[int] = mapped_column(BigInteger)
    present_on: Mapped[date] = mapped_column(Date)
    multiplying_factor: Mapped[int] = mapped_column(Integer)
    units: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))
