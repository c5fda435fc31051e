"""Money as an integer count of minor units (paise, cents) with its currency.

Every amount that is stored, sent or added up in ebill is a :class:`Money`. There are no floats
anywhere near money: amounts are parsed from decimal text, multiplied by integers, and rounded by
the named rules in :mod:`ebill_core.rounding`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, Inexact, InvalidOperation, localcontext

# ISO 4217 exponents of the currencies a utility here can meet. An unknown code is refused rather
# than guessed, because a wrong exponent would misstate every amount by a factor of ten or more.
CURRENCY_EXPONENTS: dict[str, int] = {
    "INR": 2,
    "USD": 2,
    "EUR": 2,
    "GBP": 2,
    "NPR": 2,
    "LKR": 2,
    "BDT": 2,
    "KES": 2,
    "JPY": 0,
    "KWD": 3,
}


class CurrencyMismatchError(ValueError):
    """Two amounts of different currencies were combined."""


class MoneyParseError(ValueError):
    """Text that was meant to be an amount is not one."""


def currency_exponent(currency: str) -> int:
    """Number of decimal places of ``currency`` (2 for INR: 100 paise to the rupee)."""
    try:
        return CURRENCY_EXPONENTS[currency]
    except KeyError:
        raise ValueError(f"unknown currency {currency!r}") from None


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of ``minor`` minor units of ``currency`` (``Money(12345, "INR")`` is ₹123.45)."""

    minor: int
    currency: str = "INR"

    def __post_init__(self) -> None:
        # bool is an int subclass; True paise is a bug, not an amount.
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError(f"Money.minor must be an int, not {type(self.minor).__name__}")
        currency_exponent(self.currency)

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def zero(cls, currency: str = "INR") -> Money:
        return cls(0, currency)

    @classmethod
    def parse(cls, text: str, currency: str = "INR") -> Money:
        """Read a typed amount such as ``"1,234.50"`` or ``"99"``; refuse anything inexact.

        Grouping commas and surrounding spaces are accepted. More decimal places than the
        currency has, exponents, and non-numbers raise :class:`MoneyParseError`.
        """
        cleaned = text.strip().replace(",", "")
        if not cleaned or len(cleaned) > 30:
            raise MoneyParseError(f"not an amount: {text[:40]!r}")
        # ASCII digits only: str.isdigit() would let superscripts and other scripts through.
        if not all(ch in "0123456789.-+" for ch in cleaned):
            raise MoneyParseError(f"not an amount: {text[:40]!r}")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise MoneyParseError(f"not an amount: {text[:40]!r}") from None
        exponent = currency_exponent(currency)
        # The default context keeps 28 digits and would silently round a long amount; 30 input
        # characters plus the exponent fit in 40, and Inexact is trapped so nothing is lost.
        with localcontext() as context:
            context.prec = 40
            context.traps[Inexact] = True
            scaled = value.scaleb(exponent)
        if scaled != scaled.to_integral_value():
            raise MoneyParseError(
                f"{text.strip()!r} has more than {exponent} decimal places for {currency}"
            )
        return cls(int(scaled), currency)

    # -- arithmetic -------------------------------------------------------------------------

    def _same(self, other: Money) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(f"cannot combine {self.currency} and {other.currency}")

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same(other)
        return Money(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.minor), self.currency)

    def __mul__(self, factor: int) -> Money:
        # Only whole multiples: fractional rates go through ebill_core.rounding, named.
        if not isinstance(factor, int) or isinstance(factor, bool):
            return NotImplemented
        return Money(self.minor * factor, self.currency)

    __rmul__ = __mul__

    def _compare(self, other: Money) -> int:
        self._same(other)
        return (self.minor > other.minor) - (self.minor < other.minor)

    # Comparing with a non-Money returns NotImplemented so Python raises TypeError, not an
    # AttributeError from deep inside.
    def __lt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) < 0

    def __le__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) <= 0

    def __gt__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) > 0

    def __ge__(self, other: Money) -> bool:
        if not isinstance(other, Money):
            return NotImplemented
        return self._compare(other) >= 0

    def __bool__(self) -> bool:
        return self.minor != 0

    # -- views ------------------------------------------------------------------------------

    @property
    def is_negative(self) -> bool:
        return self.minor < 0

    def to_decimal(self) -> Decimal:
        """The amount in major units, exactly (for display and reports, never for storage)."""
        # Built from its digits, not with scaleb(), which rounds to the context's 28 digits.
        digits = tuple(int(d) for d in str(abs(self.minor)))
        return Decimal((int(self.minor < 0), digits, -currency_exponent(self.currency)))

    def plain(self) -> str:
        """Major units with the currency's decimals and no grouping: ``"1234.50"``."""
        exponent = currency_exponent(self.currency)
        return f"{self.to_decimal():.{exponent}f}"

    def __str__(self) -> str:
        return f"{self.currency} {self.plain()}"


def total(amounts: list[Money] | tuple[Money, ...], currency: str = "INR") -> Money:
    """Sum of ``amounts``; zero in ``currency`` when there are none."""
    result = Money.zero(amounts[0].currency if amounts else currency)
    for amount in amounts:
        result = result + amount
    return result
