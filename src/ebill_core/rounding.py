"""The named rounding rules of a bill.

Every fractional amount in ebill becomes whole minor units through one of these functions, so the
rule that produced a paisa is always the one named here:

* :func:`line_amount` - quantity x rate, half-up to minor units, once per bill line;
* :func:`percentage_of` - a percentage of an amount (duty, surcharge, rebate), half-up;
* :func:`round_bill_total` - a bill total rounded to a multiple (say 10 rupees), the remainder
  carried forward to the next bill instead of being lost or invented;
* :func:`half_up` - the same half-up rule on an exact integer ``coefficient x 10**exponent``,
  for hot paths (the bill engine) that hold their rates as :func:`decimal_parts`.

Half-up means half away from zero: 0.5 paise becomes 1 paisa and -0.5 becomes -1, so a credit line
and its charge round to the same magnitude. No floats are involved anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from ebill_core.money import Money, currency_exponent

_ONE = Decimal(1)
_HUNDRED = Decimal(100)


def _to_minor(major: Decimal, currency: str) -> int:
    return int(major.scaleb(currency_exponent(currency)).quantize(_ONE, rounding=ROUND_HALF_UP))


def line_amount(quantity: Decimal, rate: Decimal, currency: str = "INR") -> Money:
    """``quantity`` x ``rate`` (major units per unit) rounded half-up to minor units.

    >>> line_amount(Decimal("101"), Decimal("4.805"))
    Money(minor=48531, currency='INR')
    """
    return Money(_to_minor(quantity * rate, currency), currency)


def major_amount(value: Decimal, currency: str = "INR") -> Money:
    """An amount written in major units (``Decimal("12.345")`` rupees) half-up to minor units."""
    return Money(_to_minor(value, currency), currency)


def percentage_of(amount: Money, percent: Decimal) -> Money:
    """``percent`` per cent of ``amount``, half-up to minor units (6% of 123.45 is 7.41)."""
    exact = Decimal(amount.minor) * percent / _HUNDRED
    return Money(int(exact.quantize(_ONE, rounding=ROUND_HALF_UP)), amount.currency)


def decimal_parts(value: Decimal) -> tuple[int, int]:
    """``value`` as ``(coefficient, exponent)`` with ``value == coefficient x 10**exponent``.

    >>> decimal_parts(Decimal("-4.805"))
    (-4805, -3)
    """
    sign, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"{value} is not a finite number")
    coefficient = int("".join(map(str, digits)))
    return (-coefficient if sign else coefficient), exponent


def half_up(coefficient: int, exponent: int) -> int:
    """``coefficient x 10**exponent`` rounded half away from zero to a whole number, exactly.

    The integer form of :func:`line_amount` and :func:`percentage_of`: with the parts of a rate
    (4.805 is ``(4805, -3)``) and of a quantity, ``half_up(q x r, q_exp + r_exp + 2)`` is the
    line amount in paise, with no Decimal context (and so no 28-digit limit) involved.

    >>> half_up(48531, -1), half_up(-25, -1), half_up(3, 2)
    (4853, -3, 300)
    """
    if exponent >= 0:
        scaled: int = coefficient * 10**exponent  # annotated: int ** int is Any to mypy
        return scaled
    divisor: int = 10**-exponent
    magnitude = (abs(coefficient) * 2 + divisor) // (2 * divisor)
    return magnitude if coefficient >= 0 else -magnitude


class TotalRounding(StrEnum):
    """How a bill total is brought to a multiple."""

    NEAREST = "nearest"  # to the nearest multiple, halves up
    DOWN = "down"  # the next multiple towards zero; the consumer never pays more now


@dataclass(frozen=True, slots=True)
class RoundedTotal:
    """A total brought to a multiple, and what was taken off (or added) to get there.

    ``rounded == total + adjustment`` and ``carried == -adjustment``: the carried amount is added
    to the next bill, so over any run of bills the consumer pays exactly what was charged.
    """

    total: Money
    rounded: Money
    adjustment: Money
    carried: Money


def rounding_adjustment(minor: int, step: int, mode: TotalRounding) -> int:
    """What to add to ``minor`` to reach a multiple of ``step`` by ``mode`` (integers throughout).

    The fast path of :func:`round_bill_total` for callers that already hold minor units.
    """
    if mode is TotalRounding.DOWN:
        magnitude = abs(minor) // step * step
    else:
        magnitude = (abs(minor) * 2 + step) // (2 * step) * step
    return (magnitude if minor >= 0 else -magnitude) - minor


def round_bill_total(total: Money, multiple: Money, mode: TotalRounding) -> RoundedTotal:
    """Round ``total`` to a multiple of ``multiple`` by ``mode``; the remainder is carried forward.

    ``multiple`` must be positive and in the same currency as ``total``.
    """
    if multiple.currency != total.currency:
        raise ValueError(f"cannot round {total.currency} to a multiple in {multiple.currency}")
    if multiple.minor <= 0:
        raise ValueError(f"a rounding multiple must be positive, not {multiple}")
    adjustment = rounding_adjustment(total.minor, multiple.minor, mode)
    rounded_minor = total.minor + adjustment
    currency = total.currency
    return RoundedTotal(
        total=total,
        rounded=Money(rounded_minor, currency),
        adjustment=Money(adjustment, currency),
        carried=Money(-adjustment, currency),
    )
