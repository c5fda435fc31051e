"""How values read on the counter's screen: amounts, dates, times (one place, one locale)."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime

from ebill_core.formatting import format_money
from ebill_core.money import Money

# The utility's locale for numbers and dates; the interface language is a separate setting.
DISPLAY_LOCALE = "en_IN"


def amount_text(amount: Money) -> str:
    """``₹1,23,456.00``: Indian grouping for rupees, the currency's own decimals."""
    return format_money(amount, locale=DISPLAY_LOCALE)


def date_text(day: date | None) -> str:
    """``5 Mar 2025``; an empty string for no date."""
    return "" if day is None else format_date(day, "medium", locale=DISPLAY_LOCALE)


def month_text(day: date) -> str:
    """``Mar 2025``: the label of one billing period in the consumption chart."""
    return format_date(day, "MMM yyyy", locale=DISPLAY_LOCALE)


def short_month_text(day: date) -> str:
    """``Mar``: the label under one bar of the consumption chart."""
    return format_date(day, "MMM", locale=DISPLAY_LOCALE)


def moment_text(moment: datetime | None) -> str:
    """``5 Mar 2025, 2:03 pm``; an empty string for no moment."""
    if moment is None:
        return ""
    return format_datetime(moment, "d MMM yyyy, h:mm a", locale=DISPLAY_LOCALE)
