"""Amounts in words: checked by reading the words back into a number."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.money import CURRENCY_EXPONENTS, Money
from ebill_core.words import CURRENCY_WORDS, MAX_MAJOR_UNITS, amount_in_words, number_in_words

_SMALL = {
    name: value
    for value, name in enumerate(
        [
            "Zero",
            "One",
            "Two",
            "Three",
            "Four",
            "Five",
            "Six",
            "Seven",
            "Eight",
            "Nine",
            "Ten",
            "Eleven",
            "Twelve",
            "Thirteen",
            "Fourteen",
            "Fifteen",
            "Sixteen",
            "Seventeen",
            "Eighteen",
            "Nineteen",
        ]
    )
}
_TENS = {
    name: 10 * (i + 2)
    for i, name in enumerate(
        ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
    )
}
_SCALES = {
    "Thousand": 10**3,
    "Lakh": 10**5,
    "Crore": 10**7,
    "Million": 10**6,
    "Billion": 10**9,
    "Trillion": 10**12,
}


def read_number(text: str) -> int:
    """An independent reader of the words: a stack of partial sums, largest scale outermost."""
    stack: list[tuple[int, int]] = []  # (scale, value) of groups already closed
    current = 0
    for word in text.split():
        if word in _SMALL:
            current += _SMALL[word]
        elif "-" in word:
            tens, ones = word.split("-")
            current += _TENS[tens] + _SMALL[ones]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "Hundred":
            current *= 100
        else:
            scale = _SCALES[word]
            # Groups said before this scale belong to its count ("One Lakh Crore").
            while stack and stack[-1][0] <= scale:
                current += stack.pop()[1]
            stack.append((scale, current * scale))
            current = 0
    return current + sum(value for _, value in stack)


def test_examples_from_the_brief() -> None:
    assert amount_in_words(Money(12345650)) == (
        "Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise Only"
    )
    assert amount_in_words(Money(0)) == "Rupees Zero Only"
    assert amount_in_words(Money(100)) == "Rupees One Only"
    assert amount_in_words(Money(1)) == "Rupees Zero and One Paisa Only"
    assert amount_in_words(Money(99_99_99_999_99)) == (
        "Rupees Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred "
        "Ninety-Nine and Ninety-Nine Paise Only"
    )
    assert amount_in_words(Money(10**9 * 100)) == "Rupees One Hundred Crore Only"
    assert amount_in_words(Money(10**12 * 100)) == "Rupees One Lakh Crore Only"


def test_other_currencies() -> None:
    assert amount_in_words(Money(150, "USD")) == "One Dollar and Fifty Cents Only"
    assert amount_in_words(Money(200, "USD")) == "Two Dollars Only"
    assert amount_in_words(Money(123456789012, "USD")) == (
        "One Billion Two Hundred Thirty-Four Million Five Hundred Sixty-Seven Thousand "
        "Eight Hundred Ninety Dollars and Twelve Cents Only"
    )
    assert amount_in_words(Money(101, "GBP")) == "One Pound and One Penny Only"
    assert amount_in_words(Money(5, "JPY")) == "Five Yen Only"
    assert amount_in_words(Money(1001, "KWD")) == "One Dinar and One Fils Only"
    assert amount_in_words(Money(250, "EUR")) == "Two Euros and Fifty Cents Only"


def test_every_known_currency_has_words() -> None:
    assert set(CURRENCY_WORDS) == set(CURRENCY_EXPONENTS)
    for currency in CURRENCY_EXPONENTS:
        assert amount_in_words(Money(123456, currency)).endswith(" Only")


@given(st.integers(min_value=0, max_value=MAX_MAJOR_UNITS), st.booleans())
def test_words_read_back_to_the_number(n: int, indian: bool) -> None:
    words = number_in_words(n, indian=indian)
    assert read_number(words) == n
    assert ("Lakh" in words or "Crore" in words) <= indian
    assert ("Million" in words or "Billion" in words or "Trillion" in words) <= (not indian)


@given(st.integers(min_value=0, max_value=99_99_99_999_99))
def test_rupee_amounts_read_back(minor: int) -> None:
    text = amount_in_words(Money(minor))
    assert text.startswith("Rupees ") and text.endswith(" Only")
    body = text.removeprefix("Rupees ").removesuffix(" Only")
    rupees_words, _, paise_words = body.partition(" and ")
    assert read_number(rupees_words) == minor // 100
    if minor % 100:
        assert read_number(paise_words.rsplit(" ", 1)[0]) == minor % 100
    else:
        assert paise_words == ""


@given(st.integers(min_value=0, max_value=10**14))
def test_dollar_amounts_read_back(minor: int) -> None:
    text = amount_in_words(Money(minor, "USD")).removesuffix(" Only")
    dollars, _, cents = text.partition(" and ")
    assert read_number(dollars.rsplit(" ", 1)[0]) == minor // 100
    assert dollars.endswith(" Dollar" if minor // 100 == 1 else " Dollars")
    if minor % 100:
        assert read_number(cents.rsplit(" ", 1)[0]) == minor % 100


def test_negative_and_huge_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        amount_in_words(Money(-1))
    with pytest.raises(ValueError, match="too large"):
        amount_in_words(Money((MAX_MAJOR_UNITS + 1) * 100))
    with pytest.raises(ValueError, match="negative"):
        number_in_words(-5)
    with pytest.raises(TypeError):
        number_in_words(True)
