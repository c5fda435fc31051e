"""How a period's units fall into time-of-use slots when only a total register is read.

Without a slot-wise register the load is taken as flat over the period: each slot gets units in
proportion to the hours the schedule gives it (weekday or weekend, month by month).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from ebill_core.tariff.model import TimeOfUse


def slot_hours(schedule: TimeOfUse, start: date, end: date) -> dict[str, int]:
    """Hours per slot key over the days ``start`` up to (not including) ``end``."""
    return dict(_slot_hours(schedule, start, end))


@lru_cache(maxsize=4096)
def _slot_hours(schedule: TimeOfUse, start: date, end: date) -> tuple[tuple[str, int], ...]:
    hours = {slot.key: 0 for slot in schedule.slots}
    day = start
    one = timedelta(days=1)
    while day < end:
        table = schedule.weekend if day.weekday() >= 5 else schedule.weekday
        for key in table[day.month - 1]:
            hours[key] += 1
        day += one
    return tuple(hours.items())


def split_units(schedule: TimeOfUse, start: date, end: date, units: int) -> dict[str, int]:
    """``units`` shared among the slots by their hours; whole units that add up to ``units``.

    Remainders go to the slots with the largest fractional shares (ties by schedule order), so
    the split is deterministic and exact.
    """
    hours = slot_hours(schedule, start, end)
    total = sum(hours.values())
    if total == 0:
        raise ValueError(f"no hours between {start} and {end}")
    shares = {key: units * h // total for key, h in hours.items()}
    left = units - sum(shares.values())
    by_remainder = sorted(hours, key=lambda k: -(units * hours[k] % total))
    for key in by_remainder[:left]:
        shares[key] += 1
    return shares
