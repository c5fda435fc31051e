"""Rules for the paper and bank instruments a counter accepts: cheques, drafts, transfers.

Pure functions; each raises :class:`InstrumentRefused` with a sentence the cashier can read out,
or returns the value in its normal form:

* :func:`parse_instrument_date` reads a date as typed: ``DD/MM/YYYY``, ``DD-MM-YYYY``,
  ``DD.MM.YYYY`` (how dates are written on Indian cheques) or ISO ``YYYY-MM-DD``;
* :func:`check_instrument_date` refuses a post-dated instrument (dated after today) and a stale
  one: a cheque or demand draft is valid for three months from its date, so on or after the
  same day three months later it is stale (dated 30 November: stale from 28/29 February, the
  month's last day when the day does not exist);
* :func:`normal_ifsc` checks an IFSC: 4 letters (the bank), ``0``, then 6 letters or digits
  (the branch), 11 characters in all;
* :func:`normal_instrument_number` checks the number of a cheque or demand draft (6 digits, as
  printed in the MICR band), a postal order (letters and digits) or a bank transfer's UTR
  (12 to 22 letters and digits: IMPS 12, NEFT 16, RTGS 22).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum

__all__ = [
    "STALE_AFTER_MONTHS",
    "InstrumentKind",
    "InstrumentRefused",
    "check_instrument_date",
    "months_after",
    "normal_ifsc",
    "normal_instrument_number",
    "parse_instrument_date",
]

STALE_AFTER_MONTHS = 3
_MAX_INPUT = 40
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_IFSC = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")
_SIX_DIGITS = re.compile(r"[0-9]{6}")
_POSTAL_ORDER = re.compile(r"[A-Z0-9]{4,20}")
_UTR = re.compile(r"[A-Z0-9]{12,22}")
_SPACES = re.compile(r"\s+")


class InstrumentKind(StrEnum):
    """Instruments with a number and a date (the tender kinds of the protocol that have them)."""

    CHEQUE = "cheque"
    DEMAND_DRAFT = "demand_draft"
    POSTAL_ORDER = "postal_order"
    BANK_TRANSFER = "bank_transfer"


_NAMES = {
    InstrumentKind.CHEQUE: "cheque",
    InstrumentKind.DEMAND_DRAFT: "demand draft",
    InstrumentKind.POSTAL_ORDER: "postal order",
    InstrumentKind.BANK_TRANSFER: "bank transfer",
}
# Instruments that go stale: banks do not honour them three months after their date.
_GO_STALE = frozenset({InstrumentKind.CHEQUE, InstrumentKind.DEMAND_DRAFT})


class InstrumentRefused(ValueError):  # noqa: N818 - read as "the instrument was refused"
    """An instrument the counter must not accept; ``message`` is for the cashier."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_instrument_date(text: str) -> date:
    """The date ``text`` names (``"05/11/2026"``, ``"5-11-2026"``, ``"2026-11-05"``)."""
    cleaned = text.strip() if isinstance(text, str) else ""
    if not cleaned:
        raise InstrumentRefused("Enter the date written on the instrument.")
    if len(cleaned) > _MAX_INPUT:
        raise InstrumentRefused("That is not a date; write it as DD/MM/YYYY.")
    if (found := _DAY_FIRST.fullmatch(cleaned)) is not None:
        day, month, year = (int(part) for part in found.groups())
    elif (found := _ISO.fullmatch(cleaned)) is not None:
        year, month, day = (int(part) for part in found.groups())
    else:
        raise InstrumentRefused(f"{cleaned!r} is not a date; write it as DD/MM/YYYY.")
    try:
        return date(year, month, day)
    except ValueError:
        raise InstrumentRefused(f"{cleaned!r} is not a date of the calendar.") from None


def months_after(day: date, months: int) -> date:
    """``day`` moved ``months`` calendar months on (to the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def check_instrument_date(
    kind: InstrumentKind, dated: date, today: date, *, stale_after_months: int = STALE_AFTER_MONTHS
) -> None:
    """Refuse an instrument dated after ``today``, or (cheque, draft) stale by ``today``."""
    name = _NAMES[kind]
    if dated > today:
        raise InstrumentRefused(
            f"The {name} is dated {dated:%d/%m/%Y}, after today: post-dated {name}s are not "
            "accepted."
        )
    if kind in _GO_STALE and today >= months_after(dated, stale_after_months):
        raise InstrumentRefused(
            f"The {name} is dated {dated:%d/%m/%Y}, more than {stale_after_months} months ago: "
            f"it is stale and the bank will not pay it."
        )


def normal_ifsc(text: str) -> str:
    """The IFSC in capitals (``"sbin0001234"`` -> ``"SBIN0001234"``), checked for its shape."""
    cleaned = _SPACES.sub("", text).upper() if isinstance(text, str) else ""
    if _IFSC.fullmatch(cleaned) is None:
        raise InstrumentRefused(
            "An IFSC is 11 characters: 4 letters, a zero, then 6 letters or digits "
            "(for example SBIN0001234)."
        )
    return cleaned


def normal_instrument_number(kind: InstrumentKind, text: str) -> str:
    """The instrument's number without spaces, in capitals, checked for the kind's shape."""
    cleaned = _SPACES.sub("", text).upper() if isinstance(text, str) else ""
    name = _NAMES[kind]
    if not cleaned:
        raise InstrumentRefused(f"Enter the {name} number.")
    if kind in _GO_STALE:
        if _SIX_DIGITS.fullmatch(cleaned) is None:
            raise InstrumentRefused(f"A {name} number is 6 digits, as printed on it.")
    elif kind is InstrumentKind.POSTAL_ORDER:
        if _POSTAL_ORDER.fullmatch(cleaned) is None:
            raise InstrumentRefused("A postal order number is 4 to 20 letters and digits.")
    elif _UTR.fullmatch(cleaned) is None:
        raise InstrumentRefused(
            "A bank transfer's UTR is 12 to 22 letters and digits (IMPS 12, NEFT 16, RTGS 22)."
        )
    return cleaned
