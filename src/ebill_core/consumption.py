"""Units consumed, from meter readings, per register.

Consumption is ``(present - previous) x multiplying factor``. A present reading below the previous
one is a meter rollover when the register's digit count makes that plausible; a meter changed in
the period is billed as the old meter's final reading plus the new meter's readings. Anything
else is a :class:`ReadingReviewError`: the bill goes to a person, never out with negative or
absurd consumption.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from ebill_core.records import BillRegister, Meter, MeterReading, ReadingKind


def is_demand_register(register: str) -> bool:
    """Registers such as ``"kVA-MD"`` hold the period's maximum demand, not a running count."""
    return register.endswith("MD")


@dataclass(frozen=True, slots=True)
class ReadingReview:
    """Why a meter's readings cannot be billed without a person looking at them."""

    meter_no: str
    register: str
    previous: int | None
    present: int | None
    reason: str


class ReadingReviewError(ValueError):
    """Readings that must go to review; ``review`` says which and why."""

    def __init__(self, review: ReadingReview) -> None:
        super().__init__(f"meter {review.meter_no} {review.register}: {review.reason}")
        self.review = review


def sane_units_bound(sanctioned_load_w: int, days: int) -> int:
    """The most units a connection can plausibly use in ``days``: twice its load, all day long."""
    return max(1, -(-sanctioned_load_w * 24 * 2 * max(days, 1) // 1000))


def _review(
    meter: Meter, register: str, previous: int | None, present: int | None, why: str
) -> None:
    raise ReadingReviewError(ReadingReview(meter.meter_no, register, previous, present, why))


def _check(meter: Meter, register: str, reading: MeterReading) -> None:
    if reading.meter_no != meter.meter_no or reading.register != register:
        raise ValueError(
            f"reading of {reading.meter_no} {reading.register} "
            f"given for {meter.meter_no} {register}"
        )
    if register not in meter.registers:
        raise ValueError(f"meter {meter.meter_no} has no register {register!r}")
    if not 0 <= reading.value < 10**meter.digits:
        _review(meter, register, None, reading.value, f"reading does not fit {meter.digits} digits")


def _kind(previous: MeterReading, present: MeterReading) -> ReadingKind:
    # A bill is as good as the reading it ends on: an actual reading corrects earlier estimates.
    return present.kind


def register_units(
    meter: Meter,
    register: str,
    previous: MeterReading,
    present: MeterReading,
    *,
    max_units: int | None = None,
) -> BillRegister:
    """The units of one meter register between two readings, as the bill shows them.

    ``max_units`` is the most consumption that is believable (see :func:`sane_units_bound`); a
    rollover or an ordinary advance beyond it raises :class:`ReadingReviewError`. Without it, a
    rollover is believed only when it is under a tenth of the register's range.
    """
    _check(meter, register, previous)
    _check(meter, register, present)
    if present.read_on < previous.read_on:
        raise ValueError(f"present reading {present.read_on} is before previous {previous.read_on}")
    mf = meter.multiplying_factor
    if is_demand_register(register):
        units = present.value * mf
    elif present.value >= previous.value:
        units = (present.value - previous.value) * mf
    else:
        rolled = 10**meter.digits - previous.value + present.value
        bound = max_units if max_units is not None else 10**meter.digits // 10 * mf
        if rolled * mf > bound:
            _review(
                meter,
                register,
                previous.value,
                present.value,
                "present reading is below the previous one and is not a plausible rollover "
                "or a recorded meter change",
            )
        units = rolled * mf
    if max_units is not None and not is_demand_register(register) and units > max_units:
        _review(
            meter,
            register,
            previous.value,
            present.value,
            f"{units} units is more than the {max_units} this connection can plausibly use",
        )
    return BillRegister(
        meter_no=meter.meter_no,
        register=register,
        previous=previous.value,
        previous_on=previous.read_on,
        present=present.value,
        present_on=present.read_on,
        multiplying_factor=mf,
        units=units,
        kind=_kind(previous, present),
    )


def meter_change_units(
    register: str,
    old: tuple[Meter, MeterReading, MeterReading],
    new: tuple[Meter, MeterReading, MeterReading],
    *,
    max_units: int | None = None,
) -> tuple[BillRegister, BillRegister]:
    """Units across a meter change: old meter (previous, final) and new meter (initial, present).

    ``max_units`` bounds the two together. The new meter's initial reading must not be before the
    old meter's final one.
    """
    old_meter, old_previous, old_final = old
    new_meter, new_initial, new_present = new
    if new_initial.read_on < old_final.read_on:
        raise ValueError(
            f"new meter {new_meter.meter_no} starts {new_initial.read_on}, before the old meter's "
            f"final reading on {old_final.read_on}"
        )
    first = register_units(old_meter, register, old_previous, old_final, max_units=max_units)
    second = register_units(new_meter, register, new_initial, new_present, max_units=max_units)
    both = first.units + second.units
    if max_units is not None and not is_demand_register(register) and both > max_units:
        _review(
            new_meter,
            register,
            new_initial.value,
            new_present.value,
            f"{both} units across the meter change is more than the "
            f"{max_units} this connection can plausibly use",
        )
    return first, second


def period_registers(
    meters: Sequence[Meter],
    readings: Sequence[MeterReading],
    register: str,
    start: date,
    end: date,
    *,
    max_units: int | None = None,
) -> tuple[BillRegister, ...]:
    """The bill registers of ``register`` between the readings on ``start`` and ``end``.

    The previous reading is the one on ``start``, the present one on ``end``. When they are on
    different meters, the old meter's last reading and the new meter's first reading in the
    period make it a meter change. A missing reading is a :class:`ReadingReviewError`.
    """
    by_meter = {m.meter_no: m for m in meters}
    mine = [r for r in readings if r.register == register and r.meter_no in by_meter]
    previous = [r for r in mine if r.read_on == start]
    present = [r for r in mine if r.read_on == end]
    if not previous or not present:
        missing, day = ("previous", start) if not previous else ("present", end)
        meter_no = meters[0].meter_no if meters else "(no meter)"
        why = f"no {missing} reading on {day}"
        raise ReadingReviewError(ReadingReview(meter_no, register, None, None, why))
    # On a meter-change day both the old meter's final and the new meter's initial reading exist.
    before = min(previous, key=lambda r: _installed(by_meter[r.meter_no]))
    after = max(present, key=lambda r: _installed(by_meter[r.meter_no]))
    if before.meter_no == after.meter_no:
        meter = by_meter[before.meter_no]
        return (register_units(meter, register, before, after, max_units=max_units),)
    old_meter, new_meter = by_meter[before.meter_no], by_meter[after.meter_no]
    old_final = max(
        (r for r in mine if r.meter_no == old_meter.meter_no and r.read_on <= end),
        key=lambda r: r.read_on,
    )
    new_initial = min(
        (r for r in mine if r.meter_no == new_meter.meter_no and r.read_on >= start),
        key=lambda r: r.read_on,
    )
    return meter_change_units(
        register,
        (old_meter, before, old_final),
        (new_meter, new_initial, after),
        max_units=max_units,
    )


def _installed(meter: Meter) -> date:
    return meter.installed_on or date.min


def estimate_reading(
    meter: Meter,
    register: str,
    previous: MeterReading,
    on: date,
    daily_units: Decimal,
    kind: ReadingKind = ReadingKind.ESTIMATED,
) -> MeterReading:
    """A reading estimated from ``previous`` and an average daily consumption (register wraps).

    Used when the meter could not be read (door locked, defective): the bill says so by ``kind``.
    """
    if kind is ReadingKind.ACTUAL:
        raise ValueError("an estimated reading cannot be of kind 'actual'")
    if on < previous.read_on:
        raise ValueError(
            f"cannot estimate a reading on {on}, before the previous {previous.read_on}"
        )
    days = (on - previous.read_on).days
    advance = int(
        (daily_units * days / meter.multiplying_factor).quantize(Decimal(1), ROUND_HALF_UP)
    )
    value = (previous.value + max(advance, 0)) % 10**meter.digits
    return MeterReading(meter.meter_no, register, on, value, kind)
