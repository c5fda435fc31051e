"""The Damm check digit catches every single-digit error and every adjacent transposition."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.check_digit import DAMM_TABLE, damm_check_digit, is_valid_damm

payloads = st.text(alphabet="0123456789", min_size=1, max_size=30)


def test_published_example() -> None:
    # Wikipedia's worked example: 572 -> check digit 4.
    assert damm_check_digit("572") == "4"
    assert is_valid_damm("5724")
    assert not is_valid_damm("5723")


@given(payloads)
def test_appending_the_check_digit_makes_a_valid_number(payload: str) -> None:
    check = damm_check_digit(payload)
    assert len(check) == 1 and check.isdigit()
    assert is_valid_damm(payload + check)


@given(payloads)
def test_every_single_digit_substitution_is_detected(payload: str) -> None:
    number = payload + damm_check_digit(payload)
    for position, original in enumerate(number):
        for digit in "0123456789":
            if digit != original:
                changed = number[:position] + digit + number[position + 1 :]
                assert not is_valid_damm(changed), (number, changed)


@given(payloads)
def test_every_adjacent_transposition_is_detected(payload: str) -> None:
    number = payload + damm_check_digit(payload)
    for i in range(len(number) - 1):
        a, b = number[i], number[i + 1]
        if a != b:
            swapped = number[:i] + b + a + number[i + 2 :]
            assert not is_valid_damm(swapped), (number, swapped)


def test_the_table_is_a_weakly_totally_antisymmetric_quasigroup() -> None:
    """The two facts that prove the detection claims for numbers of any length."""
    digits = range(10)
    # Every row and column is a permutation: a changed digit always changes the interim digit,
    # and the interim then stays different to the end.
    for row in DAMM_TABLE:
        assert sorted(row) == list(digits)
    for column in zip(*DAMM_TABLE, strict=True):
        assert sorted(column) == list(digits)
    # Weak total anti-symmetry: from any interim c, "ab" and "ba" end differently when a != b.
    for c, a, b in itertools.product(digits, digits, digits):
        if a != b:
            assert DAMM_TABLE[DAMM_TABLE[c][a]][b] != DAMM_TABLE[DAMM_TABLE[c][b]][a]
    # A zero diagonal: appending the interim digit brings the interim to zero.
    assert all(DAMM_TABLE[i][i] == 0 for i in digits)


@pytest.mark.parametrize("bad", ["", "12a4", " 123", "12.3", "²", "१२३", "١٢٣"])
def test_non_digits_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="digits 0-9"):
        damm_check_digit(bad)
    assert not is_valid_damm(bad)


def test_too_short_to_carry_a_check_digit() -> None:
    assert not is_valid_damm("")
    assert not is_valid_damm("0")
    assert is_valid_damm("00")
