"""Locale formatting of money: Indian grouping for rupees, western elsewhere, exact digits."""

from __future__ import annotations

import re

import pytest
from babel.numbers import format_currency
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.formatting import format_money, group_digits
from ebill_core.money import CURRENCY_EXPONENTS, Money

minors = st.integers(min_value=-(10**14), max_value=10**14)
currencies = st.sampled_from(sorted(CURRENCY_EXPONENTS))
locales = st.sampled_from(
    ["en_IN", "hi_IN", "en_US", "en_GB", "de_DE", "fr_FR", "de_CH", "sv_SE", "ar_EG", "bn_BD"]
)


def test_examples_from_the_brief() -> None:
    assert format_money(Money(12345600)) == "₹1,23,456.00"
    assert format_money(Money(-12345600)) == "-₹1,23,456.00"
    assert format_money(Money(12345600, "USD")) == "$123,456.00"
    assert format_money(Money(12345600), symbol_fallback=True) == "Rs. 1,23,456.00"
    assert format_money(Money(-12345600), symbol_fallback=True) == "-Rs. 1,23,456.00"
    assert format_money(Money(12345600), symbol=False) == "1,23,456.00"


def test_small_and_large_amounts() -> None:
    assert format_money(Money(0)) == "₹0.00"
    assert format_money(Money(5)) == "₹0.05"
    assert format_money(Money(-5)) == "-₹0.05"
    assert format_money(Money(99_99_99_999_99)) == "₹99,99,99,999.99"
    # 10**28 rupees: 29 digits, the last three together, then pairs.
    assert format_money(Money(10**30)) == "₹10" + ",00" * 12 + ",000.00"
    assert format_money(Money(123456789, "JPY"), locale="en_US") == "¥123,456,789"
    assert format_money(Money(1234567, "KWD"), locale="en_US") == "KWD\u00a01,234.567"


def test_other_locales() -> None:
    assert format_money(Money(123456789, "EUR"), locale="de_DE") == "1.234.567,89\u00a0€"
    assert format_money(Money(-123456789, "EUR"), locale="de_DE") == "-1.234.567,89\u00a0€"
    assert format_money(Money(123456789, "EUR"), locale="de-DE") == "1.234.567,89\u00a0€"
    # Rupees keep lakh grouping whatever the locale's separators.
    assert format_money(Money(123456789), locale="de_DE") == "12.34.567,89\u00a0₹"


def test_fallback_uses_iso_codes_for_other_non_ascii_symbols() -> None:
    assert format_money(Money(123450, "EUR"), symbol_fallback=True) == "EUR 1,234.50"
    assert format_money(Money(123450, "USD"), symbol_fallback=True) == "$1,234.50"
    assert format_money(Money(123450, "GBP"), locale="en_GB", symbol_fallback=True) == (
        "GBP 1,234.50"
    )
    got = format_money(Money(123456789, "EUR"), locale="fr_FR", symbol_fallback=True)
    assert got == "1 234 567,89 EUR"


@pytest.mark.parametrize(
    ("locale", "currency"), [("en_IN", "INR"), ("en_US", "USD"), ("de_DE", "EUR"), ("en_GB", "GBP")]
)
@given(minor=minors)
def test_agrees_with_babel_where_the_locale_groups_like_the_currency(
    locale: str, currency: str, minor: int
) -> None:
    m = Money(minor, currency)
    assert format_money(m, locale=locale) == format_currency(
        m.to_decimal(), currency, locale=locale
    )


@given(minors)
def test_the_digits_are_the_amount_exactly(minor: int) -> None:
    m = Money(minor)
    assert Money.parse(format_money(m, symbol=False)) == m
    assert Money.parse(format_money(m, symbol_fallback=True).replace("Rs. ", "")) == m


@given(minors.filter(lambda n: n >= 0))
def test_indian_grouping_is_three_then_twos(minor: int) -> None:
    whole = format_money(Money(minor), symbol=False).split(".")[0]
    groups = whole.split(",")
    assert len(groups[-1]) == 3 or len(groups) == 1
    assert all(len(g) == 2 for g in groups[1:-1])
    assert 1 <= len(groups[0]) <= (2 if len(groups) > 1 else 3)


@given(minors.filter(lambda n: n >= 0), st.sampled_from(["USD", "EUR", "GBP", "LKR"]))
def test_western_grouping_is_threes(minor: int, currency: str) -> None:
    whole = format_money(Money(minor, currency), locale="en_US", symbol=False).split(".")[0]
    groups = whole.split(",")
    assert all(len(g) == 3 for g in groups[1:])
    assert 1 <= len(groups[0]) <= 3


@given(minors.filter(lambda n: n > 0), currencies, st.sampled_from(["en_IN", "en_US"]))
def test_negative_is_minus_then_the_positive_form(minor: int, currency: str, locale: str) -> None:
    positive = format_money(Money(minor, currency), locale=locale)
    assert format_money(Money(-minor, currency), locale=locale) == "-" + positive


@given(minors, currencies, locales)
def test_fallback_output_is_pure_ascii(minor: int, currency: str, locale: str) -> None:
    text = format_money(Money(minor, currency), locale=locale, symbol_fallback=True)
    assert text.isascii()
    assert re.search(r"[0-9]", text)


@given(minors, currencies, locales)
def test_without_symbol_no_currency_sign_remains(minor: int, currency: str, locale: str) -> None:
    text = format_money(Money(minor, currency), locale=locale, symbol=False)
    assert not re.search(r"[A-Za-z₹$€£¥]", text)


def test_unknown_locale_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown locale"):
        format_money(Money(1), locale="xx_YY")
    with pytest.raises(ValueError, match="unknown locale"):
        format_money(Money(1), locale="")


def test_group_digits() -> None:
    assert group_digits("123456", indian=True) == "1,23,456"
    assert group_digits("123456", indian=False) == "123,456"
    assert group_digits("1234567", indian=True, separator=".") == "12.34.567"
    assert group_digits("12", indian=True) == "12"
    for bad in ("", "12a", "-1", "١٢"):
        with pytest.raises(ValueError):
            group_digits(bad, indian=True)
