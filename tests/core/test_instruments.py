"""Cheque, draft, postal order and bank transfer rules: dates, staleness, IFSC, numbers."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.instruments import (
    InstrumentKind,
    InstrumentRefused,
    check_instrument_date,
    months_after,
    normal_ifsc,
    normal_instrument_number,
    parse_instrument_date,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23/11/2026", date(2026, 11, 23)),
        ("5-1-2026", date(2026, 1, 5)),
        ("05.01.2026", date(2026, 1, 5)),
        (" 2026-01-05 ", date(2026, 1, 5)),
    ],
)
def test_dates_are_read_as_cashiers_type_them(text: str, expected: date) -> None:
    assert parse_instrument_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "Enter the date"),
        ("31/02/2026", "not a date of the calendar"),
        ("2026/13/01", "is not a date"),
        ("tomorrow", "is not a date"),
        ("1" * 100, "is not a date"),
        ("23/11/26", "is not a date"),
    ],
)
def test_malformed_dates_are_refused(text: str, reason: str) -> None:
    with pytest.raises(InstrumentRefused, match=reason):
        parse_instrument_date(text)


def test_post_dated_instruments_are_refused() -> None:
    for kind in InstrumentKind:
        with pytest.raises(InstrumentRefused, match="post-dated"):
            check_instrument_date(kind, date(2026, 11, 24), TODAY)
        check_instrument_date(kind, TODAY, TODAY)


def test_cheques_and_drafts_go_stale_three_months_after_their_date() -> None:
    for kind in (InstrumentKind.CHEQUE, InstrumentKind.DEMAND_DRAFT):
        check_instrument_date(kind, date(2026, 8, 24), TODAY)
        with pytest.raises(InstrumentRefused, match="stale"):
            check_instrument_date(kind, date(2026, 8, 23), TODAY)
    # Postal orders and transfers do not go stale by this rule.
    check_instrument_date(InstrumentKind.POSTAL_ORDER, date(2026, 1, 1), TODAY)
    check_instrument_date(InstrumentKind.BANK_TRANSFER, date(2026, 1, 1), TODAY)


def test_month_ends_clamp() -> None:
    assert months_after(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert months_after(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert months_after(date(2026, 10, 31), 2) == date(2026, 12, 31)


@given(st.dates(date(2000, 1, 1), date(2100, 1, 1)), st.integers(0, 24))
def test_months_after_moves_by_whole_months(day: date, months: int) -> None:
    moved = months_after(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day


def test_ifsc_shape() -> None:
    assert normal_ifsc(" sbin0001234 ") == "SBIN0001234"
    assert normal_ifsc("HDFC0AB12CD") == "HDFC0AB12CD"
    for bad in ("SBIN1001234", "SBI00001234", "SBIN000123", "SBIN00012345", "", "SBIN0-01234"):
        with pytest.raises(InstrumentRefused, match="IFSC"):
            normal_ifsc(bad)


def test_instrument_numbers() -> None:
    assert normal_instrument_number(InstrumentKind.CHEQUE, " 004 512 ") == "004512"
    assert normal_instrument_number(InstrumentKind.POSTAL_ORDER, "47f 123456") == "47F123456"
    assert normal_instrument_number(InstrumentKind.BANK_TRANSFER, "sbin126110012345") == (
        "SBIN126110012345"
    )
    cases = [
        (InstrumentKind.CHEQUE, "12345", "6 digits"),
        (InstrumentKind.DEMAND_DRAFT, "12345A", "6 digits"),
        (InstrumentKind.CHEQUE, "", "Enter the cheque number"),
        (InstrumentKind.POSTAL_ORDER, "12", "postal order"),
        (InstrumentKind.BANK_TRANSFER, "UTR-1", "UTR"),
        (InstrumentKind.BANK_TRANSFER, "A" * 23, "UTR"),
    ]
    for kind, text, reason in cases:
        with pytest.raises(InstrumentRefused, match=reason):
            normal_instrument_number(kind, text)
