"""Counting a drawer and the one expected-cash function the X and Z reports share."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.cash_count import (
    DENOMINATIONS,
    CashCount,
    CashCountError,
    CashMovement,
    MovementKind,
    expected_cash,
    over_short,
)
from ebill_core.money import Money


def rupees(value: int) -> Money:
    return Money(value * 100, "INR")


def test_a_count_adds_up_by_denomination() -> None:
    count = CashCount.of("INR", {50_000: 3, 10_000: 2, 1_000: 7, 100: 4})
    assert count.total == rupees(1500 + 200 + 70 + 4)


@pytest.mark.parametrize(
    ("pieces", "message"),
    [
        ({30_000: 1}, "not a INR denomination"),
        ({50_000: -1}, "cannot be right"),
        ({50_000: 10**6}, "cannot be right"),
        ({50_000: True}, "whole numbers"),
    ],
)
def test_a_count_that_cannot_be_right_is_refused(pieces: dict[int, int], message: str) -> None:
    with pytest.raises(CashCountError, match=message):
        CashCount.of("INR", pieces)


def test_a_currency_without_denominations_is_refused() -> None:
    with pytest.raises(CashCountError, match="no denominations"):
        CashCount.of("KWD", {1000: 1})


def test_expected_cash_follows_every_movement() -> None:
    drawer = expected_cash(
        rupees(2000),
        [
            CashMovement(MovementKind.CASH_PAYMENT, rupees(1200)),
            CashMovement(MovementKind.CASH_PAYMENT, rupees(800)),
            CashMovement(MovementKind.VOID, rupees(800)),
            CashMovement(MovementKind.DROP, rupees(1000)),
            CashMovement(MovementKind.PAY_OUT, rupees(50)),
        ],
    )
    assert drawer.expected == rupees(2000 + 1200 + 800 - 800 - 1000 - 50)
    assert drawer.voids == rupees(800) and drawer.drops == rupees(1000)


def test_a_negative_movement_is_refused() -> None:
    with pytest.raises(CashCountError, match="never negative"):
        expected_cash(rupees(0), [CashMovement(MovementKind.DROP, rupees(-5))])


def test_over_and_short_beyond_tolerance_need_approval() -> None:
    drawer = expected_cash(rupees(1000), [CashMovement(MovementKind.CASH_PAYMENT, rupees(500))])
    short = over_short(CashCount.of("INR", {50_000: 2, 10_000: 4}), drawer, rupees(50))
    assert short.difference == rupees(-100) and short.needs_approval
    within = over_short(CashCount.of("INR", {50_000: 3}), drawer, rupees(50))
    assert within.difference == rupees(0) and not within.needs_approval


movements = st.lists(
    st.builds(
        CashMovement,
        st.sampled_from(list(MovementKind)),
        st.integers(min_value=0, max_value=10**8).map(lambda m: Money(m, "INR")),
    ),
    max_size=40,
)


@given(st.integers(min_value=0, max_value=10**8), movements)
def test_expected_cash_is_the_float_plus_ins_minus_outs(float_minor: int, moves: list) -> None:
    drawer = expected_cash(Money(float_minor, "INR"), moves)
    ins = sum(m.amount.minor for m in moves if m.kind is MovementKind.CASH_PAYMENT)
    outs = sum(m.amount.minor for m in moves if m.kind is not MovementKind.CASH_PAYMENT)
    assert drawer.expected.minor == float_minor + ins - outs


@given(st.dictionaries(st.sampled_from(DENOMINATIONS["INR"]), st.integers(0, 1000)))
def test_a_count_total_is_the_sum_of_its_pieces(pieces: dict[int, int]) -> None:
    count = CashCount.of("INR", pieces)
    assert count.total.minor == sum(v * n for v, n in pieces.items())
    assert all(n > 0 for n in count.pieces.values())
