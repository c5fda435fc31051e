"""Column shapes shared by the counter's tables: amounts, days, plain text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from ebill_core.money import Money
from ebill_desktop.ui.display import amount_text, date_text
from ebill_desktop.ui.table_model import Column


def text_column(title: str, value: Callable[[Any], str | None]) -> Column:
    """Text that sorts case-insensitively; a missing value reads (and sorts) as empty."""
    return Column(title, lambda r: value(r) or "", lambda r: (value(r) or "").casefold())


def amount_column(title: str, value: Callable[[Any], Money]) -> Column:
    """An amount, right-aligned, sorted by its minor units."""
    return Column(title, lambda r: amount_text(value(r)), lambda r: value(r).minor, numeric=True)


def day_column(
    title: str, value: Callable[[Any], date | None], text: Callable[[date], str] = date_text
) -> Column:
    """A date, sorted by day; a missing date reads empty and sorts first."""

    def shown(record: Any) -> str:
        day = value(record)
        return "" if day is None else text(day)

    def key(record: Any) -> int:
        day = value(record)
        return 0 if day is None else day.toordinal()

    return Column(title, shown, key)


def count_column(title: str, value: Callable[[Any], int]) -> Column:
    """A whole number (units, factors), right-aligned, sorted numerically."""
    return Column(title, lambda r: f"{value(r):,}", value, numeric=True)
