"""Hand-made records for tests of models and widgets that need no cache."""

from __future__ import annotations

from datetime import date, datetime

from ebill_core.money import Money
from ebill_core.records import (
    Bill,
    BillStatus,
    ConsumptionPoint,
    Meter,
    PaymentPosting,
    ReadingKind,
)
from ebill_desktop.services.lookup_results import AccountHit


def hit(account_no: str, name: str, outstanding_paise: int) -> AccountHit:
    return AccountHit(
        account_no=account_no,
        legacy_no=None,
        name=name,
        address=f"{account_no} Station Road",
        mobile_masked="98••••••21",
        meter_no=f"M{account_no}",
        category_code="LT-1A",
        outstanding=Money(outstanding_paise),
        status="active",
    )


def bill(bill_no: str, month: int, net_paise: int, paid_paise: int = 0) -> Bill:
    return Bill(
        bill_no=bill_no,
        account_no="1000001",
        version=1,
        bill_date=date(2025, month, 5),
        period_start=date(2025, month - 1, 1),
        period_end=date(2025, month - 1, 28),
        due_date=date(2025, month, 20),
        cheque_due_date=date(2025, month, 17),
        disconnection_date=None,
        units=100 + month,
        current_charges=Money(net_paise),
        arrears=Money(0),
        surcharge=Money(0),
        net_payable=Money(net_paise),
        payable_after_due=Money(net_paise + 2500),
        amount_paid=Money(paid_paise),
        status=BillStatus.PART_PAID if paid_paise else BillStatus.OPEN,
    )


def meter(meter_no: str) -> Meter:
    return Meter(meter_no, "1000001", 1, 6, ("kWh",), date(2019, 4, 1))


def posting(payment_id: str, day: int, paise: int) -> PaymentPosting:
    return PaymentPosting(
        payment_id=payment_id,
        account_no="1000001",
        paid_at=datetime(2025, 3, day, 11, 30),
        amount=Money(paise),
        channel="counter",
        place="SD-001/T01",
        receipt_no=f"R{day:04d}",
    )


def consumption(units: list[int]) -> list[ConsumptionPoint]:
    return [
        ConsumptionPoint(
            "1000001",
            date(2024 + (i + 3) // 12, (i + 3) % 12 + 1, 28),
            u,
            ReadingKind.ESTIMATED if i == 4 else ReadingKind.ACTUAL,
        )
        for i, u in enumerate(units)
    ]
