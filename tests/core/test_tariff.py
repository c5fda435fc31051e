"""Tariff JSON: parsing, validation with clear errors, round trips, versions, time of use."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.records import TariffDocument
from ebill_core.tariff import (
    SlabMethod,
    TariffError,
    TariffVersions,
    parse_tariff,
    slot_hours,
    split_units,
    tariff_from_document,
    tariff_from_mapping,
    tariff_to_document,
    tariff_to_json,
)
from tests.core.test_tariff_samples import body, tariff

DEMO_CODES = ("LT-1A", "LT-2", "LT-3", "LT-5", "HT-1")


def demo_text(code: str) -> str:
    return resources.files("ebill_core.demo.tariffs").joinpath(f"{code}.json").read_text("utf-8")


@pytest.mark.parametrize("code", DEMO_CODES)
def test_demo_tariffs_parse_and_round_trip(code: str) -> None:
    parsed = parse_tariff(demo_text(code))
    assert parsed.code == code
    assert parse_tariff(tariff_to_json(parsed)) == parsed
    document = tariff_to_document(parsed)
    assert (document.code, document.version) == (code, parsed.version)
    assert tariff_from_document(document) == parsed


def test_numbers_are_read_as_exact_decimals() -> None:
    text = json.dumps(body()).replace('"3.00"', "3.10")
    assert parse_tariff(text).energy.slabs[0].rate == Decimal("3.10")


def test_a_document_must_match_its_body() -> None:
    document = TariffDocument("T-1", 2, date(2026, 1, 1), json.dumps(body()))
    with pytest.raises(TariffError, match="v2"):
        tariff_from_document(document)


def _slabs(*entries: tuple[int | None, Any]) -> dict[str, Any]:
    return {
        "method": "telescopic",
        "register": "kWh",
        "slabs": [{"upto": upto, "rate": rate} for upto, rate in entries],
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": None}, r"^currency: missing$"),
        ({"version": "1"}, r"^version: must be a whole number, got text '1'$"),
        ({"version": 0}, r"^version: must be at least 1"),
        ({"effective_from": "01/01/2026"}, r"^effective_from: must be a date"),
        ({"currency": "XYZ"}, r"unknown currency 'XYZ'"),
        ({"fule_adjustment": "0.25"}, r"^tariff: unknown key 'fule_adjustment'"),
        (
            {"energy": _slabs((100, "3"), (100, "4"), (None, "5"))},
            r"energy.slabs\[1\].upto: .*overlap",
        ),
        (
            {"energy": _slabs((200, "3"), (100, "4"), (None, "5"))},
            r"energy.slabs\[1\].upto: .*overlap",
        ),
        (
            {"energy": _slabs((100, "-3"), (None, "5"))},
            r"^energy.slabs\[0\].rate: must not be negative",
        ),
        (
            {"energy": _slabs((100, True), (None, "5"))},
            r"energy.slabs\[0\].rate: must be a decimal",
        ),
        (
            {"energy": _slabs((100, "abc"), (None, "5"))},
            r"energy.slabs\[0\].rate: must be a decimal",
        ),
        ({"energy": _slabs((100, "3"))}, r"^energy.slabs: the last slab must be unlimited"),
        ({"energy": _slabs((None, "3"), (None, "3"))}, r"energy.slabs\[0\].upto: only the last"),
        (
            {"energy": {**_slabs((None, "3")), "method": "stepped"}},
            r"energy.method: must be one of",
        ),
        ({"energy": {**_slabs((None, "3")), "colour": "red"}}, r"^energy: unknown key 'colour'"),
        (
            {"energy": {"method": "telescopic", "register": "kWh", "slabs": []}},
            r"at least one slab",
        ),
        (
            {
                "duties": [
                    {"code": "d", "description": "D", "percent": "5", "of": ["energy", "tea"]}
                ]
            },
            r"duties\[0\].of\[1\]: unknown component 'tea'",
        ),
        (
            {
                "bill_dates": {
                    "due_days": 10,
                    "cheque_due_days": 12,
                    "disconnection_days_after_due": None,
                }
            },
            r"bill_dates.cheque_due_days: must not be after due_days",
        ),
        ({"rounding": {"multiple": "0", "mode": "down"}}, r"rounding.multiple: must be positive"),
        ({"fuel_adjustment": 0.5}, r"fuel_adjustment: must be a decimal"),
    ],
)
def test_bad_tariffs_are_refused_naming_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(TariffError, match=message):
        tariff_from_mapping(body(**changes))


def test_invalid_json_and_non_objects_are_refused() -> None:
    with pytest.raises(TariffError, match="not valid JSON"):
        parse_tariff("{")
    with pytest.raises(TariffError, match="must be an object"):
        parse_tariff("[1, 2]")


def test_time_of_use_schedule_is_checked() -> None:
    tou = {
        "slots": [{"key": "P", "name": "Peak", "adjustment": "1"}],
        "weekday": ["P" * 24] * 12,
        "weekend": ["P" * 24] * 11,
    }
    with pytest.raises(TariffError, match=r"time_of_use.weekend: must have 12 months, got 11"):
        tariff(time_of_use=tou)
    tou["weekend"] = ["P" * 23 + "X"] * 12
    with pytest.raises(TariffError, match=r"time_of_use.weekend\[0\]: unknown slot key 'X'"):
        tariff(time_of_use=tou)


def test_a_negative_fuel_adjustment_is_allowed() -> None:
    assert tariff(fuel_adjustment="-0.10").fuel_adjustment == Decimal("-0.10")
    assert tariff().energy.method is SlabMethod.TELESCOPIC


def test_versions_split_a_period_at_the_effective_date() -> None:
    v1 = tariff()
    v2 = tariff(version=2, effective_from="2026-04-01")
    versions = TariffVersions([v2, v1])
    assert versions.at(date(2026, 3, 31)) == v1
    assert versions.at(date(2026, 4, 1)) == v2
    segments = versions.segments(date(2026, 3, 21), date(2026, 4, 21))
    assert [(s.tariff.version, s.days) for s in segments] == [(1, 11), (2, 20)]
    assert [s.tariff.version for s in versions.segments(date(2026, 4, 1), date(2026, 5, 1))] == [2]
    with pytest.raises(TariffError, match="no version in force"):
        versions.at(date(2025, 12, 31))
    with pytest.raises(ValueError, match="cannot end"):
        versions.segments(date(2026, 5, 1), date(2026, 4, 1))


def test_versions_must_be_consistent() -> None:
    with pytest.raises(TariffError, match="both start"):
        TariffVersions([tariff(), tariff(version=2)])
    with pytest.raises(TariffError, match="mixed"):
        TariffVersions([tariff(), tariff(code="T-2", effective_from="2026-02-01")])


def test_slot_hours_follow_weekdays_and_weekends() -> None:
    tou = parse_tariff(demo_text("LT-3")).time_of_use
    assert tou is not None
    # 2026-11-02 is a Monday: five weekdays and two weekend days.
    hours = slot_hours(tou, date(2026, 11, 2), date(2026, 11, 9))
    assert hours == {"P": 5 * 4, "N": 5 * 12 + 2 * 16, "O": 7 * 8}


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=62))
def test_time_of_use_split_adds_up(units: int, days: int) -> None:
    tou = parse_tariff(demo_text("HT-1")).time_of_use
    assert tou is not None
    start = date(2026, 1, 5)
    shares = split_units(tou, start, date.fromordinal(start.toordinal() + days), units)
    assert sum(shares.values()) == units
    assert all(v >= 0 for v in shares.values())
