"""Amounts in English words, as a receipt prints them under the figures.

Rupees are counted in lakhs and crores, the way a consumer in India reads them::

    Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise Only

Other currencies are counted in thousands, millions and billions, with the unit after the
number::

    One Hundred Twenty-Three Thousand Four Hundred Fifty-Six Dollars and Fifty Cents Only

Negative amounts are refused: a receipt states what was paid, and a refund prints its own words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ebill_core.money import Money, currency_exponent

__all__ = [
    "CURRENCY_WORDS",
    "MAX_MAJOR_UNITS",
    "CurrencyWords",
    "amount_in_words",
    "number_in_words",
]

# A thousand trillion (ten crore crore). Far beyond any bill; past it the scale words run out.
MAX_MAJOR_UNITS = 10**15 - 1

_ONES = (
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
)
_TENS = ("", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")

# (size, name) from the largest down; crore is applied recursively (a hundred crore is
# "One Hundred Crore"), as Indian usage does.
_INDIAN_SCALES = ((10**7, "Crore"), (10**5, "Lakh"), (10**3, "Thousand"))
_WESTERN_SCALES = (
    (10**12, "Trillion"),
    (10**9, "Billion"),
    (10**6, "Million"),
    (10**3, "Thousand"),
)


@dataclass(frozen=True, slots=True)
class CurrencyWords:
    """How one currency's amounts are said.

    ``prefix_style`` says the unit before the number, Indian fashion ("Rupees Ten"); otherwise
    it follows it ("Ten Dollars"). ``indian`` counts in lakhs and crores.
    """

    major_singular: str
    major_plural: str
    minor_singular: str
    minor_plural: str
    indian: bool
    prefix_style: bool


CURRENCY_WORDS: dict[str, CurrencyWords] = {
    "INR": CurrencyWords("Rupee", "Rupees", "Paisa", "Paise", indian=True, prefix_style=True),
    "NPR": CurrencyWords("Rupee", "Rupees", "Paisa", "Paisa", indian=True, prefix_style=True),
    "BDT": CurrencyWords("Taka", "Taka", "Poisha", "Poisha", indian=True, prefix_style=True),
    "LKR": CurrencyWords("Rupee", "Rupees", "Cent", "Cents", indian=False, prefix_style=False),
    "USD": CurrencyWords("Dollar", "Dollars", "Cent", "Cents", indian=False, prefix_style=False),
    "EUR": CurrencyWords("Euro", "Euros", "Cent", "Cents", indian=False, prefix_style=False),
    "GBP": CurrencyWords("Pound", "Pounds", "Penny", "Pence", indian=False, prefix_style=False),
    "KES": CurrencyWords(
        "Shilling", "Shillings", "Cent", "Cents", indian=False, prefix_style=False
    ),
    "JPY": CurrencyWords("Yen", "Yen", "", "", indian=False, prefix_style=False),
    "KWD": CurrencyWords("Dinar", "Dinars", "Fils", "Fils", indian=False, prefix_style=False),
}


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_ONES[hundreds], "Hundred"]
    if rest >= 20:
        tens, ones = divmod(rest, 10)
        words.append(_TENS[tens] + (f"-{_ONES[ones]}" if ones else ""))
    elif rest:
        words.append(_ONES[rest])
    return words


def _scaled(n: int, scales: tuple[tuple[int, str], ...]) -> list[str]:
    words: list[str] = []
    for size, name in scales:
        count, n = divmod(n, size)
        if count:
            # A count of a thousand or more (a thousand crore) is itself said with the scales.
            said = _scaled(count, scales) if count >= 1000 else _below_thousand(count)
            words += [*said, name]
    return words + _below_thousand(n)


def number_in_words(n: int, *, indian: bool = True) -> str:
    """A whole number in English words: ``number_in_words(123456)`` is
    ``"One Lakh Twenty-Three Thousand Four Hundred Fifty-Six"``.

    ``indian=False`` counts in thousands, millions and billions instead. Negative numbers and
    numbers above :data:`MAX_MAJOR_UNITS` raise :class:`ValueError`.
    """
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError(f"expected an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"cannot write a negative number in words: {n}")
    if n > MAX_MAJOR_UNITS:
        raise ValueError(f"{n} is too large to write in words (limit {MAX_MAJOR_UNITS})")
    if n == 0:
        return "Zero"
    return " ".join(_scaled(n, _INDIAN_SCALES if indian else _WESTERN_SCALES))


def amount_in_words(m: Money) -> str:
    """``m`` in words for a receipt, ending in "Only".

    ``Money(12345650, "INR")`` is
    ``"Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise Only"``;
    ``Money(0, "INR")`` is ``"Rupees Zero Only"``; ``Money(150, "USD")`` is
    ``"One Dollar and Fifty Cents Only"``. A zero minor part is left out. Negative amounts and
    amounts above :data:`MAX_MAJOR_UNITS` major units raise :class:`ValueError`.
    """
    if m.minor < 0:
        raise ValueError(f"amount in words is only for amounts of zero or more, not {m}")
    names = CURRENCY_WORDS.get(m.currency)
    if names is None:
        raise ValueError(f"no words are known for the currency {m.currency}")
    major, minor = divmod(m.minor, 10 ** currency_exponent(m.currency))
    if major > MAX_MAJOR_UNITS:
        raise ValueError(f"{m} is too large to write in words")
    major_words = number_in_words(major, indian=names.indian)
    if names.prefix_style:
        text = f"{names.major_plural} {major_words}"
    else:
        unit = names.major_singular if major == 1 else names.major_plural
        text = f"{major_words} {unit}"
    if minor:
        minor_unit = names.minor_singular if minor == 1 else names.minor_plural
        text += f" and {number_in_words(minor, indian=names.indian)} {minor_unit}"
    return text + " Only"
