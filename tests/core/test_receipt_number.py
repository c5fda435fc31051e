"""Receipt numbers: branch + terminal + sequence + Damm check digit, made and read back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.check_digit import is_valid_damm
from ebill_core.receipt_number import (
    MAX_SEQUENCE,
    ReceiptNumber,
    ReceiptNumberError,
    parse_receipt_number,
)

branches = st.text(alphabet="0123456789", min_size=4, max_size=4)
terminals = st.text(alphabet="0123456789", min_size=3, max_size=3)
sequences = st.integers(min_value=1, max_value=MAX_SEQUENCE)
receipts = st.builds(ReceiptNumber, branches, terminals, sequences)


def test_display_form() -> None:
    receipt = ReceiptNumber("0140", "012", 1234)
    assert receipt.text == "0140-012-00001234-4"
    assert str(receipt) == receipt.text
    assert receipt.digits == "0140012000012344"
    assert receipt.check_digit == "4"


@pytest.mark.parametrize(
    "text",
    ["0140-012-00001234-4", "0140012000012344", "0140 012 00001234 4", "  0140-012 00001234-4\n"],
)
def test_parse_accepts_hyphens_spaces_or_neither(text: str) -> None:
    assert parse_receipt_number(text) == ReceiptNumber("0140", "012", 1234)


@given(receipts)
def test_every_receipt_number_reads_back(receipt: ReceiptNumber) -> None:
    assert len(receipt.digits) == 16
    assert is_valid_damm(receipt.digits)
    assert parse_receipt_number(receipt.text) == receipt
    assert parse_receipt_number(receipt.digits) == receipt
    assert parse_receipt_number(receipt.text.replace("-", " ")) == receipt


@given(receipts, st.integers(min_value=0, max_value=15), st.integers(min_value=1, max_value=9))
def test_a_mistyped_digit_is_refused(receipt: ReceiptNumber, position: int, shift: int) -> None:
    digits = receipt.digits
    wrong = str((int(digits[position]) + shift) % 10)
    typo = digits[:position] + wrong + digits[position + 1 :]
    with pytest.raises(ReceiptNumberError, match="check digit"):
        parse_receipt_number(typo)


@given(receipts, st.integers(min_value=0, max_value=14))
def test_swapped_neighbours_are_refused(receipt: ReceiptNumber, i: int) -> None:
    digits = receipt.digits
    if digits[i] != digits[i + 1]:
        swapped = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
        with pytest.raises(ReceiptNumberError, match="check digit"):
            parse_receipt_number(swapped)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no receipt number"),
        ("  - ", "no receipt number"),
        ("0140-012-1234-4", "16 digits; this has 12"),
        ("01400120000123445", "16 digits; this has 17"),
        ("0140-O12-00001234-4", "only digits"),
        ("0140/012/00001234/4", "only digits"),
        ("१४०012000012344", "only digits"),
        ("0140-012-00001234-5", "check digit"),
        ("1" * 65, "65 characters"),
    ],
)
def test_bad_text_gets_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(ReceiptNumberError, match=message):
        parse_receipt_number(text)


def test_sequence_zero_is_refused_even_with_a_good_check_digit() -> None:
    from ebill_core.check_digit import damm_check_digit

    body = "014001200000000"
    with pytest.raises(ReceiptNumberError, match="sequence"):
        parse_receipt_number(body + damm_check_digit(body))


@pytest.mark.parametrize(
    ("branch", "terminal", "sequence", "message"),
    [
        ("140", "012", 1, "branch"),
        ("01400", "012", 1, "branch"),
        ("01a0", "012", 1, "branch"),
        ("0140", "12", 1, "terminal"),
        ("0140", "0x2", 1, "terminal"),
        ("0140", "012", 0, "sequence"),
        ("0140", "012", -1, "sequence"),
        ("0140", "012", MAX_SEQUENCE + 1, "sequence"),
        ("0140", "012", True, "sequence"),
    ],
)
def test_bad_parts_are_refused(branch: str, terminal: str, sequence: int, message: str) -> None:
    with pytest.raises(ReceiptNumberError, match=message):
        ReceiptNumber(branch, terminal, sequence)


def test_non_text_is_refused() -> None:
    with pytest.raises(ReceiptNumberError, match="text"):
        parse_receipt_number(140012000012344)  # type: ignore[arg-type]


def test_one_terminal_sorts_in_sequence_order() -> None:
    numbers = [ReceiptNumber("0140", "012", n) for n in (10, 2, 99_999_999, 1)]
    assert [r.sequence for r in sorted(numbers)] == [1, 2, 10, 99_999_999]
