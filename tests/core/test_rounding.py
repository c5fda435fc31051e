"""The named rounding rules: half-up per line, percentages, bill totals with carry."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.money import Money
from ebill_core.rounding import (
    TotalRounding,
    line_amount,
    major_amount,
    percentage_of,
    round_bill_total,
)


@pytest.mark.parametrize(
    ("quantity", "rate", "minor"),
    [
        ("101", "4.805", 48531),  # 485.305 -> 485.31 (half up)
        ("100", "3.35", 33500),
        ("1.9", "30.00", 5700),
        ("0.6333", "15.00", 950),  # 9.4995 -> 9.50
        ("63", "-1.00", -6300),
        ("1", "-0.005", -1),  # half away from zero for credits too
        ("3", "0.001", 0),
    ],
)
def test_line_amount_rounds_half_up(quantity: str, rate: str, minor: int) -> None:
    assert line_amount(Decimal(quantity), Decimal(rate)) == Money(minor)


def test_line_amount_uses_the_currency_exponent() -> None:
    assert line_amount(Decimal("3"), Decimal("1.5"), "JPY") == Money(5, "JPY")  # 4.5 -> 5
    assert line_amount(Decimal("1"), Decimal("0.0015"), "KWD") == Money(2, "KWD")


def test_percentage_of_is_half_up() -> None:
    assert percentage_of(Money(12345), Decimal("6")) == Money(741)  # 740.7
    assert percentage_of(Money(250), Decimal("1")) == Money(3)  # 2.5
    assert percentage_of(Money(-250), Decimal("1")) == Money(-3)
    assert major_amount(Decimal("10.005")) == Money(1001)


@pytest.mark.parametrize(
    ("total", "mode", "rounded", "carried"),
    [
        (131028, TotalRounding.DOWN, 131000, 28),
        (131028, TotalRounding.NEAREST, 131000, 28),
        (131500, TotalRounding.NEAREST, 132000, -500),  # half up: 1315 -> 1320
        (131499, TotalRounding.NEAREST, 131000, 499),
        (131999, TotalRounding.DOWN, 131000, 999),
        (-131500, TotalRounding.NEAREST, -132000, 500),
    ],
)
def test_round_bill_total_to_ten_rupees(
    total: int, mode: TotalRounding, rounded: int, carried: int
) -> None:
    result = round_bill_total(Money(total), Money(1000), mode)
    assert result.rounded == Money(rounded)
    assert result.carried == Money(carried)
    assert result.adjustment == Money(-carried)


def test_round_bill_total_refuses_bad_multiples() -> None:
    with pytest.raises(ValueError, match="positive"):
        round_bill_total(Money(100), Money(0), TotalRounding.DOWN)
    with pytest.raises(ValueError, match="USD"):
        round_bill_total(Money(100), Money(1000, "USD"), TotalRounding.DOWN)


@given(
    st.lists(st.integers(min_value=0, max_value=10**8), min_size=1, max_size=20),
    st.sampled_from([100, 1000, 500]),
    st.sampled_from(list(TotalRounding)),
)
def test_carrying_the_remainder_loses_nothing(
    charges: list[int], step: int, mode: TotalRounding
) -> None:
    carried = 0
    paid = 0
    for charge in charges:
        result = round_bill_total(Money(charge + carried), Money(step), mode)
        assert result.rounded.minor % step == 0
        assert abs(result.carried.minor) < step
        paid += result.rounded.minor
        carried = result.carried.minor
    assert paid + carried == sum(charges)
