"""Money: integer minor units, exact parsing, arithmetic that refuses to mix currencies."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.money import (
    CURRENCY_EXPONENTS,
    CurrencyMismatchError,
    Money,
    MoneyParseError,
    currency_exponent,
    total,
)

currencies = st.sampled_from(sorted(CURRENCY_EXPONENTS))
minors = st.integers(min_value=-(10**15), max_value=10**15)


@st.composite
def money(draw: st.DrawFn, currency: str | None = None) -> Money:
    return Money(draw(minors), currency or draw(currencies))


def test_examples() -> None:
    assert Money(12345).plain() == "123.45"
    assert str(Money(12345)) == "INR 123.45"
    assert Money(-5).plain() == "-0.05"
    assert Money(7, "JPY").plain() == "7"
    assert Money(-1234, "KWD").plain() == "-1.234"
    assert Money.parse("1,234.50") == Money(123450)
    assert Money.parse(" 99 ") == Money(9900)
    assert Money.parse("-0.5") == Money(-50)
    assert Money.parse("12", "JPY") == Money(12, "JPY")


@given(money())
def test_plain_parses_back_to_the_same_amount(m: Money) -> None:
    assert Money.parse(m.plain(), m.currency) == m


@given(money())
def test_to_decimal_is_exact(m: Money) -> None:
    assert m.to_decimal() * 10 ** currency_exponent(m.currency) == m.minor


def test_long_amounts_are_parsed_exactly_not_rounded() -> None:
    # 29 significant digits: more than Decimal's default context keeps.
    text = "12345678901234567890123456789"
    assert Money.parse(text).minor == int(text) * 100


def test_huge_amounts_are_shown_exactly() -> None:
    m = Money(10**30 + 1)
    assert m.plain() == "10000000000000000000000000000.01"
    assert m.to_decimal() == Decimal("10000000000000000000000000000.01")


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "1e3", "NaN", "inf", "1.234", "1.2.3", "--1", "+", ".", "1" * 31, "₹10"],
)
def test_parse_refuses_what_is_not_an_exact_amount(text: str) -> None:
    with pytest.raises(MoneyParseError):
        Money.parse(text)


def test_parse_refuses_more_decimals_than_the_currency_has() -> None:
    with pytest.raises(MoneyParseError, match="decimal places"):
        Money.parse("1.5", "JPY")
    assert Money.parse("1.005", "KWD") == Money(1005, "KWD")


def test_construction_refuses_non_integers_and_unknown_currencies() -> None:
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(TypeError):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(Decimal(1))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown currency"):
        Money(1, "XYZ")
    with pytest.raises(ValueError, match="unknown currency"):
        Money(1, "inr")


@given(money("INR"), money("INR"), money("INR"))
def test_addition_is_exact_and_associative(a: Money, b: Money, c: Money) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert (a + b).minor == a.minor + b.minor
    assert (a + b) - b == a
    assert a - a == Money.zero()
    negated = -a
    assert -negated == a and negated.minor == -a.minor
    assert abs(a).minor == abs(a.minor)


@given(money(), st.integers(min_value=-1000, max_value=1000))
def test_multiplication_by_whole_numbers(m: Money, k: int) -> None:
    assert (m * k).minor == m.minor * k
    assert k * m == m * k
    assert (m * k).currency == m.currency


def test_multiplication_refuses_fractions_and_money() -> None:
    with pytest.raises(TypeError):
        Money(100) * 1.5  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) * Money(2)  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(100) * True


@given(minors, minors)
def test_comparisons_follow_the_minor_units(a: int, b: int) -> None:
    assert (Money(a) < Money(b)) == (a < b)
    assert (Money(a) <= Money(b)) == (a <= b)
    assert (Money(a) > Money(b)) == (a > b)
    assert (Money(a) >= Money(b)) == (a >= b)
    assert (Money(a) == Money(b)) == (a == b)
    assert max(Money(a), Money(b)) == Money(max(a, b))


def test_mixing_currencies_is_refused() -> None:
    rupees, dollars = Money(100, "INR"), Money(100, "USD")
    with pytest.raises(CurrencyMismatchError):
        rupees + dollars
    with pytest.raises(CurrencyMismatchError):
        rupees - dollars
    with pytest.raises(CurrencyMismatchError):
        _ = rupees < dollars
    with pytest.raises(CurrencyMismatchError):
        total([rupees, dollars])
    assert rupees != dollars


def test_comparing_with_a_number_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        _ = Money(1) < 5  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Money(1) >= 0  # type: ignore[operator]
    with pytest.raises(TypeError):
        Money(1) + 1  # type: ignore[operator]


def test_truth_and_sign() -> None:
    assert not Money(0)
    assert Money(1)
    assert Money(-1).is_negative
    assert not Money(0).is_negative


@given(st.lists(minors, max_size=20))
def test_total_is_the_sum(values: list[int]) -> None:
    assert total([Money(v, "USD") for v in values], "USD") == Money(sum(values), "USD")


def test_total_of_nothing_is_zero_in_the_given_currency() -> None:
    assert total([], "EUR") == Money(0, "EUR")
    assert total(()) == Money(0, "INR")


def test_parse_refuses_digits_of_other_scripts() -> None:
    # A cashier's typed amount is ASCII; superscripts or Devanagari digits are a typing slip.
    for text in ("१२", "²", "1٠"):
        with pytest.raises(MoneyParseError):
            Money.parse(text)
