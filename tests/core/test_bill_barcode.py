"""The bill bar-code payload: 43 digits, encoded, parsed and checked."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.bill_barcode import (
    BARCODE_LENGTH,
    MAX_AMOUNT_MINOR,
    BarcodeError,
    BillBarcode,
    looks_like_bill_barcode,
    parse_bill_barcode,
)
from ebill_core.check_digit import damm_check_digit
from ebill_core.money import Money

barcodes = st.builds(
    BillBarcode,
    account_no=st.text(alphabet="0123456789", min_size=12, max_size=12),
    bill_no=st.text(alphabet="0123456789", min_size=13, max_size=13),
    amount=st.builds(Money, st.integers(min_value=0, max_value=MAX_AMOUNT_MINOR)),
    due_date=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
)

EXAMPLE = BillBarcode("100200300400", "2024060000001", Money(123450), date(2024, 7, 15))


def with_check(body: str) -> str:
    return body + damm_check_digit(body)


def test_layout() -> None:
    code = EXAMPLE.encode()
    assert len(code) == BARCODE_LENGTH == 43
    assert code[0] == "1"
    assert code[1:13] == "100200300400"
    assert code[13:26] == "2024060000001"
    assert code[26:36] == "0000123450"
    assert code[36:42] == "240715"
    assert code == with_check(code[:42])


@given(barcodes)
def test_every_bar_code_reads_back(barcode: BillBarcode) -> None:
    code = barcode.encode()
    assert len(code) == 43 and code.isdigit()
    assert looks_like_bill_barcode(code)
    assert parse_bill_barcode(code) == barcode
    assert parse_bill_barcode(f"  {code}\r\n") == barcode


@given(barcodes, st.integers(min_value=1, max_value=42), st.integers(min_value=1, max_value=9))
def test_a_misread_digit_is_refused(barcode: BillBarcode, position: int, shift: int) -> None:
    code = barcode.encode()
    wrong = str((int(code[position]) + shift) % 10)
    with pytest.raises(BarcodeError, match="check digit is wrong"):
        parse_bill_barcode(code[:position] + wrong + code[position + 1 :])


def test_check_digit_message_for_the_cashier() -> None:
    code = EXAMPLE.encode()
    bad = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(BarcodeError) as caught:
        parse_bill_barcode(bad)
    assert caught.value.message == "check digit is wrong — rescan or type the account number"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "nothing was scanned"),
        ("   \t", "nothing was scanned"),
        ("1" * 101, "too long"),
        (" " * 101, "too long"),
        ("ABC123", "only digits"),
        ("1002003004'; DROP TABLE bills;--", "only digits"),
        ("<b>1</b>", "only digits"),
        ("1" * 42, "43 digits; this has 42"),
        ("1" * 44, "43 digits; this has 44"),
        ("१" * 43, "only digits"),
    ],
)
def test_bad_scans_get_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(BarcodeError, match=message):
        parse_bill_barcode(text)


def test_unknown_version_is_refused() -> None:
    code = EXAMPLE.encode()
    other_version = with_check("2" + code[1:42])
    with pytest.raises(BarcodeError, match="unknown bar-code version '2'"):
        parse_bill_barcode(other_version)
    assert not looks_like_bill_barcode(other_version)


@pytest.mark.parametrize("yymmdd", ["240231", "241301", "240000", "230229", "999999"])
def test_impossible_due_date_is_refused(yymmdd: str) -> None:
    code = with_check(EXAMPLE.encode()[:36] + yymmdd)
    with pytest.raises(BarcodeError, match=f"due date '{yymmdd}'.*not a real date"):
        parse_bill_barcode(code)


def test_leap_day_is_a_real_date() -> None:
    code = with_check(EXAMPLE.encode()[:36] + "240229")
    assert parse_bill_barcode(code).due_date == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    ["", "1" * 42, "A" * 43, "2" + "0" * 42, "1" * 101, "1" * 43 + "x", None, 12345],
)
def test_looks_like_says_no_to_what_is_not_a_bill_bar_code(text: object) -> None:
    assert not looks_like_bill_barcode(text)  # type: ignore[arg-type]


def test_looks_like_does_not_check_the_check_digit() -> None:
    # It only routes input; parse_bill_barcode then tells the cashier what is wrong.
    assert looks_like_bill_barcode("1" + "0" * 41 + "7")
    assert looks_like_bill_barcode(f" {EXAMPLE.encode()} ")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"account_no": "10020030040"}, "account number"),
        ({"account_no": "10020030040a"}, "account number"),
        ({"bill_no": "202406000000"}, "bill number"),
        ({"amount": Money(100, "USD")}, "rupees"),
        ({"amount": Money(-1)}, "amount"),
        ({"amount": Money(MAX_AMOUNT_MINOR + 1)}, "amount"),
        ({"due_date": date(1999, 12, 31)}, "2000-2099"),
        ({"due_date": date(2100, 1, 1)}, "2000-2099"),
        ({"due_date": datetime(2024, 7, 15, 10, 0)}, "must be a date"),
        ({"due_date": "2024-07-15"}, "must be a date"),
    ],
)
def test_bad_fields_are_refused(changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "account_no": EXAMPLE.account_no,
        "bill_no": EXAMPLE.bill_no,
        "amount": EXAMPLE.amount,
        "due_date": EXAMPLE.due_date,
    }
    fields.update(changes)
    with pytest.raises(BarcodeError, match=message):
        BillBarcode(**fields)  # type: ignore[arg-type]


def test_extremes_encode() -> None:
    top = BillBarcode("9" * 12, "9" * 13, Money(MAX_AMOUNT_MINOR), date(2099, 12, 31))
    assert parse_bill_barcode(top.encode()) == top
    bottom = BillBarcode("0" * 12, "0" * 13, Money(0), date(2000, 1, 1))
    assert parse_bill_barcode(bottom.encode()) == bottom
