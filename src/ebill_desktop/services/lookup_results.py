"""What a lookup returns to the counter: plain values, no Qt, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ebill_core.money import Money


class LookupKind(StrEnum):
    """How the cashier's input was understood."""

    EMPTY = "empty"  # nothing typed
    BARCODE = "barcode"  # a valid bill bar code: the account (and bill) it names
    EXACT = "exact"  # an account, legacy, meter, mobile or bill number
    TEXT = "text"  # name / address fragments through the full-text index
    INVALID = "invalid"  # refused with a message (bad bar code, too long, too short ...)


@dataclass(frozen=True, slots=True)
class AccountHit:
    """One row of the lookup results table."""

    account_no: str
    legacy_no: str | None
    name: str
    address: str
    mobile_masked: str | None  # "98••••••21": the full number never fills a results table
    meter_no: str | None
    category_code: str
    outstanding: Money  # sum of what is still due on the account's open bills
    status: str  # AccountStatus value


@dataclass(frozen=True, slots=True)
class LookupOutcome:
    query: str
    kind: LookupKind
    hits: tuple[AccountHit, ...]
    message: str | None = None  # shown to the cashier, e.g. "Bar code check digit is wrong"
    matched_key: str | None = None  # "account_no", "legacy_no", "meter_no", "mobile", "bill_no"
    bill_no: str | None = None  # the bill a scanned bar code or a bill number named
    truncated: bool = False  # more hits than the limit; the cashier should type more
