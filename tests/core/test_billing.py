"""Bill calculation against hand-computed examples, and the invariants every bill keeps."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ebill_core.billing import calculate_bill, period_charges
from ebill_core.demo.catalogue import tariff_versions
from ebill_core.money import Money
from ebill_core.records import Account, BillRegister, BillStatus, ReadingKind
from ebill_core.tariff import TariffVersions
from tests.core.test_tariff_samples import tariff

START, END, BILL_DATE = date(2026, 3, 22), date(2026, 4, 21), date(2026, 4, 23)


def account(load_w: int = 3000, supply: str = "1-phase") -> Account:
    return Account(
        "014000000001",
        None,
        1,
        "1, MG Road",
        "T",
        "T-1",
        supply,
        230,
        load_w,
        "SD-014",
        None,
        date(2001, 1, 1),
    )


def kwh(units: int, register: str = "kWh") -> BillRegister:
    return BillRegister("GEN0000001", register, 0, START, units, END, 1, units, ReadingKind.ACTUAL)


def bill_for(units: int, versions: TariffVersions, **kwargs: Any) -> Any:
    return calculate_bill(
        versions,
        account(),
        [kwh(units)],
        period_start=START,
        period_end=END,
        bill_date=BILL_DATE,
        **kwargs,
    )


def one(**changes: Any) -> TariffVersions:
    return TariffVersions([tariff(**changes)])


def amounts(calc: Any, code: str) -> list[int]:
    return [line.amount.minor for line in calc.lines if line.code == code]


def slabs(method: str, *rates: str) -> dict[str, Any]:
    uptos = [100, 200, None]
    return {
        "method": method,
        "register": "kWh",
        "slabs": [{"upto": u, "rate": r} for u, r in zip(uptos, rates, strict=True)],
    }


def test_telescopic_slabs_charge_each_slab_at_its_rate() -> None:
    calc = bill_for(250, one())
    assert amounts(calc, "energy") == [30000, 45000, 30000]  # 100x3 + 100x4.50 + 50x6
    assert [line.quantity for line in calc.lines] == [100, 100, 50]
    assert calc.current_charges == Money(105000)


@pytest.mark.parametrize(("units", "minor"), [(100, 30000), (150, 67500), (250, 150000)])
def test_non_telescopic_slabs_charge_all_units_at_one_rate(units: int, minor: int) -> None:
    calc = bill_for(units, one(energy=slabs("non_telescopic", "3.00", "4.50", "6.00")))
    assert amounts(calc, "energy") == [minor]


def test_a_period_across_a_version_is_prorated_by_days() -> None:
    versions = TariffVersions(
        [
            tariff(),
            tariff(
                version=2,
                effective_from="2026-04-01",
                energy=slabs("telescopic", "4.00", "5.00", "7.00"),
            ),
        ]
    )
    calc = bill_for(300, versions)  # 10 days at v1, 20 at v2: 100 and 200 units
    # v1: slabs 33/67 -> 33x3 + 34x4.50 + 33x6 = 450; v2: slabs 67/133 -> 67x4 + 66x5 + 67x7
    assert amounts(calc, "energy") == [9900, 15300, 19800, 26800, 33000, 46900]
    assert calc.current_charges == Money(151700)
    assert "10 of 30 days" in calc.lines[0].description


def test_slab_limits_and_monthly_amounts_scale_with_the_days() -> None:
    versions = TariffVersions(
        [
            tariff(fixed_charge={"basis": "flat", "description": "Fixed", "rate": "60.00"}),
            tariff(
                version=2,
                effective_from="2026-04-01",
                fixed_charge={"basis": "flat", "description": "Fixed", "rate": "90.00"},
            ),
        ]
    )
    fixed = amounts(bill_for(0, versions), "fixed")
    assert fixed == [2000, 6000]  # 60 x 10/30 and 90 x 20/30


def test_time_of_use_adjusts_the_rate_per_slot() -> None:
    versions = tariff_versions("LT-3", date(2026, 11, 15))
    monday, next_monday = date(2026, 11, 2), date(2026, 11, 9)
    charges = period_charges(
        versions, monday, next_monday, 168, sanctioned_load_w=15000, supply_type="3-phase"
    )
    tou = {line.description: line for line in charges.lines if line.code == "time_of_use"}
    # 168 units over 168 hours: 20 peak hours (+1.00) and 56 off-peak hours (-0.75)
    assert tou["Time of day: Peak (18:00-22:00)"].amount == Money(2000)
    assert tou["Time of day: Off-peak (22:00-06:00)"].amount == Money(-4200)
    assert sum(line.quantity or 0 for line in tou.values()) == 20 + 56


def test_duty_is_a_percentage_of_the_named_components_only() -> None:
    calc = bill_for(
        100,
        one(
            fixed_charge={"basis": "flat", "description": "Fixed", "rate": "50.00"},
            fuel_adjustment="0.25",
            duties=[
                {"code": "ed", "description": "Duty", "percent": "6", "of": ["fixed", "energy"]}
            ],
        ),
    )
    assert amounts(calc, "ed") == [2100]  # 6% of (50 + 300); fuel's 25 not included
    assert calc.current_charges == Money(39600)


def test_per_kw_fixed_charge_counts_part_of_a_kw_as_whole() -> None:
    versions = one(fixed_charge={"basis": "per_kw", "description": "Fixed", "rate": "30.00"})
    calc = calculate_bill(
        versions,
        account(load_w=2500),
        [kwh(0)],
        period_start=START,
        period_end=END,
        bill_date=BILL_DATE,
    )
    assert amounts(calc, "fixed") == [9000]


def test_minimum_charge_tops_up_to_the_minimum() -> None:
    versions = one(minimum_charge={"basis": "flat", "rate": "300.00", "of": ["fixed", "energy"]})
    assert amounts(bill_for(50, versions), "minimum_charge") == [15000]
    assert amounts(bill_for(150, versions), "minimum_charge") == []


def test_subsidies_never_exceed_the_energy_charge() -> None:
    fixed = one(subsidy={"kind": "fixed", "description": "Subsidy", "amount": "500.00"})
    assert amounts(bill_for(50, fixed), "subsidy") == [-15000]
    per_unit = one(
        subsidy={"kind": "per_unit", "description": "S", "rate": "1.00", "max_units": 100}
    )
    assert amounts(bill_for(250, per_unit), "subsidy") == [-10000]
    assert amounts(bill_for(40, per_unit), "subsidy") == [-4000]


def test_demand_charge_bills_at_least_the_floor_of_contract_demand() -> None:
    versions = tariff_versions("HT-1", date(2026, 11, 15))
    ht = Account(
        "031000000001",
        None,
        1,
        "Plot 4",
        "HT-1",
        "HT-1",
        "HT",
        11000,
        400_000,
        "SD-031",
        None,
        date(2001, 1, 1),
    )
    regs = [kwh(9000), kwh(10000, "kVAh"), kwh(300, "kVA-MD")]
    calc = calculate_bill(
        versions,
        ht,
        regs,
        period_start=date(2026, 5, 4),
        period_end=date(2026, 6, 4),
        bill_date=date(2026, 6, 6),
    )
    assert amounts(calc, "fixed") == [340 * 45000]  # 85% of 400 kVA beats the 300 recorded
    assert calc.units == 10000  # billed on kVAh


def test_rounding_carries_the_remainder_to_the_next_bill() -> None:
    versions = one(rounding={"multiple": "10", "mode": "nearest"})
    first = bill_for(251, versions)  # 1056.00 -> 1060.00
    assert first.current_charges == Money(106000)
    assert first.rounding_carried == Money(-400)
    second = bill_for(251, versions, rounding_brought_forward=first.rounding_carried)
    assert amounts(second, "rounding_brought_forward") == [-400]
    assert second.current_charges == Money(105000)  # 1056 - 4 = 1052 -> 1050
    assert second.rounding_carried == Money(200)


def test_totals_dates_surcharge_and_rebate() -> None:
    versions = one(
        late_payment_surcharge={"percent": "1.5", "basis": "current_charges", "minimum": "10"},
        early_payment_rebate={"percent": "1", "of": ["energy"], "within_days": 7},
    )
    calc = bill_for(250, versions, arrears=Money(20000), surcharge=Money(300))
    assert calc.net_payable == Money(105000 + 20000 + 300)
    assert calc.payable_after_due == calc.net_payable + Money(1575)  # 1.5% of 1050
    assert (calc.due_date, calc.cheque_due_date) == (date(2026, 5, 8), date(2026, 5, 5))
    assert calc.disconnection_date == date(2026, 5, 23)
    assert calc.early_payment_rebate == Money(1050)
    assert calc.rebate_by == BILL_DATE + timedelta(days=7)
    bill = calc.bill("2604000000001", "014000000001")
    assert bill.status is BillStatus.OPEN
    assert bill.outstanding == calc.net_payable
    assert bill.early_payment_rebate == Money(1050)


def test_credit_is_adjusted_and_the_rest_kept() -> None:
    calc = bill_for(250, one(), credit=Money(200000))
    assert calc.net_payable == Money(0)
    assert calc.arrears == Money(-105000)
    assert calc.credit_remaining == Money(95000)
    assert calc.bill("2604000000001", "014000000001").status is BillStatus.PAID


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"arrears": Money(-1)}, "arrears cannot be negative"),
        ({"credit": Money(100, "USD")}, "credit is in USD"),
        ({"bill_date": START}, "before the period ends"),
    ],
)
def test_bad_bill_inputs_are_refused(kwargs: dict[str, Any], message: str) -> None:
    args: dict[str, Any] = {"period_start": START, "period_end": END, "bill_date": BILL_DATE}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        calculate_bill(one(), account(), [kwh(10)], **args)


def test_a_missing_energy_register_is_refused() -> None:
    with pytest.raises(ValueError, match="no kWh register"):
        calculate_bill(
            one(),
            account(),
            [kwh(10, "kVAh")],
            period_start=START,
            period_end=END,
            bill_date=BILL_DATE,
        )


@settings(max_examples=60, deadline=None)
@given(
    code=st.sampled_from(["LT-1A", "LT-2", "LT-3", "LT-5"]),
    units=st.integers(min_value=0, max_value=20_000),
    start=st.dates(min_value=date(2025, 4, 1), max_value=date(2026, 11, 1)),
    days=st.integers(min_value=0, max_value=62),
    arrears=st.integers(min_value=0, max_value=10**7),
    credit=st.integers(min_value=0, max_value=10**7),
    brought=st.integers(min_value=-500, max_value=999),
)
def test_every_bill_adds_up(
    code: str, units: int, start: date, days: int, arrears: int, credit: int, brought: int
) -> None:
    versions = tariff_versions(code, date(2026, 11, 15))
    end = start + timedelta(days=days)
    calc = calculate_bill(
        versions,
        account(load_w=5000),
        [kwh(units)],
        period_start=start,
        period_end=end,
        bill_date=end,
        arrears=Money(arrears),
        credit=Money(credit),
        rounding_brought_forward=Money(brought),
    )
    assert calc.current_charges.minor == sum(line.amount.minor for line in calc.lines)
    assert calc.net_payable == calc.current_charges + calc.arrears + calc.surcharge
    assert calc.credit_adjusted + calc.credit_remaining == Money(credit)
    assert calc.payable_after_due >= calc.net_payable
    for line in calc.lines:
        if line.quantity is not None and line.rate is not None:
            exact = line.quantity * line.rate * 100
            assert abs(Decimal(line.amount.minor) - exact) <= Decimal("0.5")


@settings(max_examples=300, deadline=None)
@given(
    quantity=st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False),
    rate=st.decimals(min_value=-(10**4), max_value=10**4, places=5, allow_nan=False),
)
def test_integer_amounts_equal_the_named_decimal_rules(quantity: Decimal, rate: Decimal) -> None:
    # The engine prices on integers; they must agree with rounding.line_amount/percentage_of.
    from ebill_core.rounding import decimal_parts, half_up, line_amount, percentage_of

    q, q_exp = decimal_parts(quantity)
    r, r_exp = decimal_parts(rate)
    assert half_up(q * r, q_exp + r_exp + 2) == line_amount(quantity, rate).minor
    minor = int(quantity)
    assert half_up(minor * r, r_exp - 2) == percentage_of(Money(minor), rate).minor
