"""Units from readings: multiplying factor, rollover, meter change, estimates, review."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.consumption import (
    ReadingReviewError,
    estimate_reading,
    meter_change_units,
    period_registers,
    register_units,
    sane_units_bound,
)
from ebill_core.records import Meter, MeterReading, ReadingKind

D1, D2 = date(2026, 9, 8), date(2026, 10, 8)
OLD = Meter("GEN0000001", "014000000001", 1, 5)
CT = Meter("LNT0000002", "014000000001", 20, 6)


def reading(
    meter: Meter, on: date, value: int, kind: ReadingKind = ReadingKind.ACTUAL
) -> MeterReading:
    return MeterReading(meter.meter_no, "kWh", on, value, kind)


def test_units_are_the_advance_times_the_multiplying_factor() -> None:
    assert register_units(OLD, "kWh", reading(OLD, D1, 1200), reading(OLD, D2, 1450)).units == 250
    assert register_units(CT, "kWh", reading(CT, D1, 1200), reading(CT, D2, 1450)).units == 5000


def test_a_plausible_rollover_wraps_at_the_digit_count() -> None:
    reg = register_units(OLD, "kWh", reading(OLD, D1, 99_900), reading(OLD, D2, 150))
    assert reg.units == 250
    assert (reg.previous, reg.present) == (99_900, 150)


def test_a_reading_below_the_previous_that_is_no_rollover_goes_to_review() -> None:
    with pytest.raises(ReadingReviewError) as caught:
        register_units(OLD, "kWh", reading(OLD, D1, 5_000), reading(OLD, D2, 4_990))
    assert caught.value.review.meter_no == OLD.meter_no
    assert "not a plausible rollover" in caught.value.review.reason


def test_consumption_beyond_the_load_goes_to_review() -> None:
    bound = sane_units_bound(1000, 30)  # 1 kW, twice over all day for 30 days
    assert bound == 1440
    with pytest.raises(ReadingReviewError, match="plausibly"):
        register_units(OLD, "kWh", reading(OLD, D1, 0), reading(OLD, D2, 1441), max_units=bound)
    with pytest.raises(ReadingReviewError, match="not a plausible rollover"):
        register_units(OLD, "kWh", reading(OLD, D1, 99_000), reading(OLD, D2, 500), max_units=bound)


def test_a_reading_too_long_for_the_meter_goes_to_review() -> None:
    with pytest.raises(ReadingReviewError, match="5 digits"):
        register_units(OLD, "kWh", reading(OLD, D1, 0), reading(OLD, D2, 100_000))


def test_readings_of_another_meter_are_refused() -> None:
    with pytest.raises(ValueError, match="given for"):
        register_units(OLD, "kWh", reading(CT, D1, 0), reading(OLD, D2, 10))


def test_a_meter_change_adds_old_and_new_meter_units() -> None:
    change = date(2026, 9, 20)
    new = Meter("SEC0000003", "014000000001", 1, 6, installed_on=change)
    old = Meter(OLD.meter_no, OLD.account_no, 1, 5, removed_on=change)
    readings = [
        reading(old, D1, 4_000),
        reading(old, change, 4_120),
        reading(new, change, 0),
        reading(new, D2, 180),
    ]
    regs = period_registers([old, new], readings, "kWh", D1, D2)
    assert [(r.meter_no, r.units) for r in regs] == [(old.meter_no, 120), (new.meter_no, 180)]
    direct = meter_change_units(
        "kWh", (old, readings[0], readings[1]), (new, readings[2], readings[3])
    )
    assert direct == regs


def test_a_missing_reading_goes_to_review() -> None:
    with pytest.raises(ReadingReviewError, match="no present reading"):
        period_registers([OLD], [reading(OLD, D1, 10)], "kWh", D1, D2)


def test_the_bill_is_as_estimated_as_its_present_reading() -> None:
    estimated = estimate_reading(OLD, "kWh", reading(OLD, D1, 99_990), D2, Decimal("8"))
    assert (estimated.value, estimated.kind) == ((99_990 + 240) % 100_000, ReadingKind.ESTIMATED)
    reg = register_units(OLD, "kWh", reading(OLD, D1, 99_990), estimated)
    assert (reg.units, reg.kind) == (240, ReadingKind.ESTIMATED)
    with pytest.raises(ValueError, match="actual"):
        estimate_reading(OLD, "kWh", reading(OLD, D1, 0), D2, Decimal(1), ReadingKind.ACTUAL)


def test_maximum_demand_registers_are_read_not_differenced() -> None:
    ht = Meter("HPL0000004", "031000000001", 10, 6, registers=("kWh", "kVA-MD"))
    prev = MeterReading(ht.meter_no, "kVA-MD", D1, 40)
    now = MeterReading(ht.meter_no, "kVA-MD", D2, 31)
    assert register_units(ht, "kVA-MD", prev, now).units == 310


@given(
    st.integers(min_value=0, max_value=99_999),
    st.integers(min_value=0, max_value=99_999),
    st.sampled_from([1, 2, 10]),
    st.one_of(st.none(), st.integers(min_value=1, max_value=50_000)),
)
def test_consumption_is_never_negative_nor_beyond_the_bound(
    previous: int, present: int, mf: int, bound: int | None
) -> None:
    meter = Meter("GEN0000009", "014000000001", mf, 5)
    try:
        reg = register_units(
            meter, "kWh", reading(meter, D1, previous), reading(meter, D2, present), max_units=bound
        )
    except ReadingReviewError:
        return
    assert reg.units >= 0
    assert reg.units % mf == 0
    if bound is not None:
        assert reg.units <= bound
    if present >= previous:
        assert reg.units == (present - previous) * mf
