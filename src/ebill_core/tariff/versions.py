"""The versions of one tariff over time, and how a bill period is split across them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from ebill_core.tariff.model import Tariff
from ebill_core.tariff.parse import TariffError


@dataclass(frozen=True, slots=True)
class PeriodSegment:
    """The days ``start`` to ``end`` (exclusive) of a bill period, charged under ``tariff``."""

    tariff: Tariff
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days


class TariffVersions:
    """All versions of one tariff code, ordered by effective date.

    A version applies from its ``effective_from`` day until the day before the next version's.
    """

    def __init__(self, versions: Iterable[Tariff]) -> None:
        ordered = sorted(versions, key=lambda t: t.effective_from)
        if not ordered:
            raise TariffError("a tariff needs at least one version")
        code = ordered[0].code
        for earlier, later in pairwise(ordered):
            if later.code != code:
                raise TariffError(f"versions of {code} mixed with {later.code}")
            if later.effective_from == earlier.effective_from:
                raise TariffError(
                    f"{code}: versions {earlier.version} and {later.version} both start on "
                    f"{later.effective_from}"
                )
            if later.version <= earlier.version:
                raise TariffError(
                    f"{code}: version {later.version} starts after version {earlier.version}"
                )
        self.code = code
        self.versions: tuple[Tariff, ...] = tuple(ordered)
        # Bill runs ask for the same few periods again and again.
        self._segments: dict[tuple[date, date], tuple[PeriodSegment, ...]] = {}

    def at(self, day: date) -> Tariff:
        """The version in force on ``day``; :class:`TariffError` before the first one."""
        current: Tariff | None = None
        for tariff in self.versions:
            if tariff.effective_from > day:
                break
            current = tariff
        if current is None:
            raise TariffError(f"{self.code}: no version in force on {day}")
        return current

    def segments(self, start: date, end: date) -> tuple[PeriodSegment, ...]:
        """Split the period ``start`` .. ``end`` (the reading dates) by the versions in force.

        Consumption is counted over the days ``start`` up to but excluding ``end``; a period of
        zero days is charged as one day under the version in force on ``start``.
        """
        known = self._segments.get((start, end))
        if known is None:
            if len(self._segments) > 100_000:
                self._segments.clear()
            known = self._segments[(start, end)] = self._split(start, end)
        return known

    def _split(self, start: date, end: date) -> tuple[PeriodSegment, ...]:
        if end < start:
            raise ValueError(f"a bill period cannot end ({end}) before it starts ({start})")
        if end == start:
            return (PeriodSegment(self.at(start), start, start + timedelta(days=1)),)
        segments: list[PeriodSegment] = []
        cursor = start
        for tariff in self.versions[1:]:
            if cursor < tariff.effective_from < end:
                segments.append(PeriodSegment(self.at(cursor), cursor, tariff.effective_from))
                cursor = tariff.effective_from
        segments.append(PeriodSegment(self.at(cursor), cursor, end))
        return tuple(segments)
