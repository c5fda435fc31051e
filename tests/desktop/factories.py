"""Small, explicit account bundles and reference data for the cache tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from ebill_core.money import Money
from ebill_core.records import (
    Account,
    AccountBundle,
    Bill,
    BillLine,
    BillRegister,
    BillStatus,
    Consumer,
    ConsumerCategory,
    ConsumptionPoint,
    ExactnessPolicy,
    Meter,
    MeterReading,
    Office,
    Operator,
    OperatorRole,
    PaymentPosting,
    ReadingKind,
    TariffDocument,
)

OFFICE = Office("SD-014", "Gandhi Nagar Sub-division")
CATEGORY = ConsumerCategory("LT-1A", "Domestic", "DOM", ExactnessPolicy.ANY)
TARIFF = TariffDocument("DOM", 1, date(2024, 4, 1), '{"code": "DOM"}')


def account_no(n: int) -> str:
    return f"{100200300000 + n:012d}"


def bill_no(n: int, k: int) -> str:
    return f"{2024000000000 + n * 100 + k:013d}"


def meter_no(n: int) -> str:
    return f"MTR-{n:07d}"


def operator(login: str = "asha", password_hash: str = "", *, active: bool = True) -> Operator:
    return Operator(login, "Asha Rao", OperatorRole.CASHIER, password_hash, OFFICE.code, active)


def inr(minor: int) -> Money:
    return Money(minor, "INR")


def _month(k: int) -> date:
    return date(2024 + k // 12, 1 + k % 12, 1)


def make_bill(n: int, k: int, *, status: BillStatus, paid: int = 0) -> Bill:
    """Bill ``k`` (0 = oldest) of account ``n``: monthly, 100 units, ₹601.50 payable."""
    start = _month(k)
    end = _month(k + 1) - timedelta(days=1)
    lines = (
        BillLine("fixed", "Fixed charge", None, None, inr(5000)),
        BillLine("energy", "Energy 0-100 units", Decimal("100"), Decimal("5.515"), inr(55150)),
    )
    return Bill(
        bill_no=bill_no(n, k),
        account_no=account_no(n),
        version=1,
        bill_date=end + timedelta(days=2),
        period_start=start,
        period_end=end,
        due_date=end + timedelta(days=17),
        cheque_due_date=end + timedelta(days=14),
        disconnection_date=None,
        units=100,
        current_charges=inr(60150),
        arrears=inr(0),
        surcharge=inr(0),
        net_payable=inr(60150),
        payable_after_due=inr(61350),
        amount_paid=inr(paid),
        status=status,
        lines=lines,
        registers=(
            BillRegister(
                meter_no(n),
                "kWh",
                1000 + 100 * k,
                start,
                1100 + 100 * k,
                end,
                1,
                100,
                ReadingKind.ACTUAL,
            ),
        ),
        early_payment_rebate=inr(600),
        rebate_by=end + timedelta(days=7),
    )


def make_bundle(
    n: int,
    *,
    name: str = "Ravi Kumar",
    address: str = "12 Station Road, Gandhi Nagar",
    mobile: str | None = "9876543210",
    legacy_no: str | None = None,
    consumer_id: int | None = None,
    bills: tuple[Bill, ...] | None = None,
    consumption_periods: int = 3,
    postings: int = 1,
) -> AccountBundle:
    """Account ``n``: one meter, bills (paid, part-paid, open by default), history, postings."""
    cid = n if consumer_id is None else consumer_id
    if bills is None:
        bills = (
            make_bill(n, 0, status=BillStatus.PAID, paid=60150),
            make_bill(n, 1, status=BillStatus.PART_PAID, paid=10000),
            make_bill(n, 2, status=BillStatus.OPEN),
        )
    meter = Meter(meter_no(n), account_no(n), 1, 5, ("kWh",), date(2020, 5, 1))
    return AccountBundle(
        consumer=Consumer(cid, name, mobile, None),
        account=Account(
            account_no=account_no(n),
            legacy_no=f"L/{n}" if legacy_no is None else legacy_no,
            consumer_id=cid,
            address=address,
            category_code=CATEGORY.code,
            tariff_code=TARIFF.code,
            supply_type="1-phase",
            voltage_v=230,
            sanctioned_load_w=2000,
            office_code=OFFICE.code,
            pole="P-7",
            connected_on=date(2020, 5, 1),
        ),
        meters=(meter,),
        readings=(MeterReading(meter.meter_no, "kWh", date(2024, 1, 31), 1100),),
        bills=bills,
        consumption=tuple(
            ConsumptionPoint(
                account_no(n), date(2022, 1, 1) + timedelta(days=31 * i), 90 + i, ReadingKind.ACTUAL
            )
            for i in range(consumption_periods)
        ),
        postings=tuple(
            PaymentPosting(
                f"00000000-0000-4000-8000-{n:06d}{i:06d}",
                account_no(n),
                datetime(2024, 3, 1, 10, tzinfo=UTC) + timedelta(days=i),
                inr(10000 + i),
                "counter",
                OFFICE.code,
            )
            for i in range(postings)
        ),
    )
