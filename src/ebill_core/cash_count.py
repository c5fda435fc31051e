"""Cash in a drawer: counts by denomination, and the one function that says what should be there.

A shift opens with a float counted note by note and closes with a count the same way. What the
drawer *should* hold is computed by :func:`expected_cash` alone, which both the mid-shift X
report and the closing Z report call, so the two can never disagree about a rupee.

Denominations are configuration per currency (:data:`DENOMINATIONS`); a count names each
denomination it has and how many pieces, never an amount typed by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from ebill_core.money import Money

__all__ = [
    "DENOMINATIONS",
    "CashCount",
    "CashCountError",
    "CashMovement",
    "Drawer",
    "MovementKind",
    "OverShort",
    "expected_cash",
    "over_short",
]

# Notes and coins in circulation, largest first, in minor units. India's: ₹500, 200, 100, 50,
# 20, 10 notes, and ₹20, 10, 5, 2, 1 coins (coins and notes of one value are counted together).
DENOMINATIONS: dict[str, tuple[int, ...]] = {
    "INR": (50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100),
    "USD": (10_000, 5_000, 2_000, 1_000, 500, 200, 100, 25, 10, 5, 1),
    "EUR": (50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1),
}

MAX_PIECES = 100_000  # of one denomination in one drawer: more is a typing slip, not cash


class CashCountError(ValueError):
    """A count that cannot be right (unknown denomination, negative pieces ...); says which."""


@dataclass(frozen=True, slots=True)
class CashCount:
    """Pieces per denomination (minor units -> pieces) of one currency."""

    currency: str
    pieces: Mapping[int, int]

    @classmethod
    def of(cls, currency: str, pieces: Mapping[int, int]) -> CashCount:
        """A checked count: every denomination known for ``currency``, pieces 0 .. MAX_PIECES."""
        known = DENOMINATIONS.get(currency)
        if known is None:
            raise CashCountError(f"no denominations are configured for {currency}")
        for value, count in pieces.items():
            if value not in known:
                raise CashCountError(f"{Money(value, currency)} is not a {currency} denomination")
            if not isinstance(count, int) or isinstance(count, bool):
                raise CashCountError("pieces are whole numbers")
            if not 0 <= count <= MAX_PIECES:
                raise CashCountError(f"{count} pieces of {Money(value, currency)} cannot be right")
        return cls(currency, {v: pieces[v] for v in known if pieces.get(v)})

    @property
    def total(self) -> Money:
        return Money(sum(value * count for value, count in self.pieces.items()), self.currency)


class MovementKind(StrEnum):
    """What moved cash in or out of the drawer during a shift."""

    CASH_PAYMENT = "cash_payment"  # the cash a payment kept (tendered minus change)
    VOID = "void"  # a voided cash payment: its cash goes back out
    DROP = "drop"  # cash taken to the head cashier mid-shift
    PAY_OUT = "pay_out"  # cash paid out with a reason


@dataclass(frozen=True, slots=True)
class CashMovement:
    kind: MovementKind
    amount: Money  # always positive; the kind says which way it moved


@dataclass(frozen=True, slots=True)
class Drawer:
    """What the drawer should hold, and how it got there (the lines of an X or Z report)."""

    opening_float: Money
    cash_payments: Money
    voids: Money
    drops: Money
    pay_outs: Money

    @property
    def expected(self) -> Money:
        return self.opening_float + self.cash_payments - self.voids - self.drops - self.pay_outs


_SIGN_OF = {
    MovementKind.CASH_PAYMENT: "cash_payments",
    MovementKind.VOID: "voids",
    MovementKind.DROP: "drops",
    MovementKind.PAY_OUT: "pay_outs",
}


def expected_cash(opening_float: Money, movements: Iterable[CashMovement]) -> Drawer:
    """The drawer's expected cash: the float plus cash kept, less voids, drops and pay-outs.

    The X report and the Z report both call this; nothing else computes expected cash.
    """
    currency = opening_float.currency
    sums = dict.fromkeys(_SIGN_OF.values(), Money.zero(currency))
    for movement in movements:
        if movement.amount.is_negative:
            raise CashCountError(f"a {movement.kind} movement is never negative")
        sums[_SIGN_OF[movement.kind]] = sums[_SIGN_OF[movement.kind]] + movement.amount
    return Drawer(opening_float=opening_float, **sums)


@dataclass(frozen=True, slots=True)
class OverShort:
    """The difference between counted and expected cash, and whether it needs a supervisor."""

    counted: Money
    expected: Money
    tolerance: Money

    @property
    def difference(self) -> Money:
        """Positive: over (more cash than expected); negative: short."""
        return self.counted - self.expected

    @property
    def needs_approval(self) -> bool:
        return abs(self.difference) > self.tolerance


def over_short(count: CashCount, drawer: Drawer, tolerance: Money) -> OverShort:
    """Compare a closing count with the drawer's expected cash."""
    return OverShort(counted=count.total, expected=drawer.expected, tolerance=tolerance)
