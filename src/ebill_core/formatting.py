"""Money as people read it: ``₹1,23,456.00`` on screen, ``Rs. 1,23,456.00`` on a basic printer.

Digit grouping follows the currency: Indian rupees are grouped in lakhs and crores
(``12,34,56,789.00``), every other currency in thousands (``123,456,789.00``). The locale
supplies the decimal and group separators, the minus sign, the currency symbol and where the
symbol goes (``₹1,234.00`` in ``en_IN``, ``1.234,00 €`` in ``de_DE``), taken from the CLDR data
that :mod:`babel` ships. The digits themselves are always made from the integer count of minor
units: nothing passes through a float or a rounding context.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    get_currency_symbol,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
)

from ebill_core.money import Money, currency_exponent

__all__ = ["ASCII_SYMBOLS", "format_money", "group_digits"]

# What an ASCII-only printer prints instead of a symbol it lacks. Currencies not listed fall back
# to their ISO code ("EUR 12.00"), which every reader of a receipt understands.
ASCII_SYMBOLS: dict[str, str] = {"INR": "Rs.", "NPR": "Rs.", "LKR": "Rs."}

# Separators and signs some locales use that a code page without them cannot print.
_ASCII_EQUIVALENTS: dict[str, str] = {
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space (fr)
    "\u2009": " ",  # thin space
    "\u2019": "'",  # right single quote (de_CH)
    "\u066c": ",",  # Arabic thousands separator
    "\u066b": ".",  # Arabic decimal separator
    "\u2212": "-",  # minus sign (sv)
}

_NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True, slots=True)
class _LocaleStyle:
    decimal: str
    group: str
    minus: str
    positive_prefix: str
    positive_suffix: str
    negative_prefix: str
    negative_suffix: str


@lru_cache(maxsize=64)
def _style(locale: str) -> _LocaleStyle:
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(f"unknown locale {locale!r}") from None
    pattern = parsed.currency_formats["standard"]
    minus = get_minus_sign_symbol(parsed)
    # In a CLDR pattern "-" stands for the locale's minus sign.
    return _LocaleStyle(
        decimal=get_decimal_symbol(parsed),
        group=get_group_symbol(parsed),
        minus=minus,
        positive_prefix=pattern.prefix[0],
        positive_suffix=pattern.suffix[0],
        negative_prefix=pattern.prefix[1].replace("-", minus),
        negative_suffix=pattern.suffix[1].replace("-", minus),
    )


@lru_cache(maxsize=256)
def _symbol(currency: str, locale: str) -> str:
    return get_currency_symbol(currency, Locale.parse(locale.replace("-", "_")))


def group_digits(digits: str, *, indian: bool, separator: str = ",") -> str:
    """Insert ``separator`` into a run of ASCII digits: ``"123456"`` -> ``"1,23,456"`` (Indian).

    Indian grouping puts the last three digits together and every two before them (lakh,
    crore); western grouping makes groups of three.
    """
    if not digits or any(ch not in "0123456789" for ch in digits):
        raise ValueError(f"not a run of digits: {digits[:40]!r}")
    head, tail = digits[:-3], digits[-3:]
    size = 2 if indian else 3
    groups: list[str] = []
    while head:
        groups.insert(0, head[-size:])
        head = head[:-size]
    groups.append(tail)
    return separator.join(groups)


def _place_symbol(affix: str, symbol: str, *, before_digits: bool) -> str:
    """Put ``symbol`` where the pattern's ``¤`` is; keep letters off the digits with a space."""
    if "¤" not in affix:
        return affix
    touches_digits = affix.endswith("¤") if before_digits else affix.startswith("¤")
    edge = symbol[-1] if before_digits else symbol[0]
    if touches_digits and (edge.isalpha() or edge == "."):
        symbol = symbol + _NO_BREAK_SPACE if before_digits else _NO_BREAK_SPACE + symbol
    return affix.replace("¤", symbol)


def _without_symbol(affix: str) -> str:
    return affix.replace("¤", "").strip(" " + _NO_BREAK_SPACE + "\u202f")


def _to_ascii(text: str) -> str:
    mapped = "".join(_ASCII_EQUIVALENTS.get(ch, ch) for ch in text)
    # Whatever is left (bidirectional marks and the like) has no meaning on paper.
    return "".join(ch for ch in mapped if ch.isascii())


def format_money(
    m: Money,
    *,
    locale: str = "en_IN",
    symbol: bool = True,
    symbol_fallback: bool = False,
) -> str:
    """Format ``m`` for people: ``format_money(Money(12345600, "INR"))`` is ``"₹1,23,456.00"``.

    - INR is grouped in lakhs and crores, every other currency in thousands.
    - Negative amounts carry the locale's minus sign before the symbol: ``"-₹1,234.00"``.
    - ``symbol=False`` leaves the symbol out: ``"1,23,456.00"``.
    - ``symbol_fallback=True`` makes the result pure ASCII for printers whose code page lacks
      ``₹``: rupees become ``"Rs. 1,23,456.00"``, other non-ASCII symbols their ISO code
      (``"EUR 1,234.50"``), and non-ASCII separators their nearest ASCII character.
    - ``locale`` is a CLDR locale name (``"en_IN"``, ``"en_US"``, ``"de_DE"``); an unknown one
      raises :class:`ValueError`.
    """
    style = _style(locale)
    exponent = currency_exponent(m.currency)
    whole, fraction = divmod(abs(m.minor), 10**exponent)
    digits = group_digits(str(whole), indian=m.currency == "INR", separator=style.group)
    if exponent:
        digits += style.decimal + str(fraction).zfill(exponent)

    negative = m.minor < 0
    prefix = style.negative_prefix if negative else style.positive_prefix
    suffix = style.negative_suffix if negative else style.positive_suffix
    if not symbol:
        prefix, suffix = _without_symbol(prefix), _without_symbol(suffix)
    else:
        sign = _symbol(m.currency, locale)
        if symbol_fallback and not sign.isascii():
            sign = ASCII_SYMBOLS.get(m.currency, m.currency)
        prefix = _place_symbol(prefix, sign, before_digits=True)
        suffix = _place_symbol(suffix, sign, before_digits=False)
    text = prefix + digits + suffix
    return _to_ascii(text) if symbol_fallback else text
