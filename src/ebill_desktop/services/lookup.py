"""Finding the consumer at the counter from whatever the cashier typed or scanned.

One search field takes every key (see docs/storage.md, "Search"):

* a 43-digit bill bar code -> the account and bill it names (or the bar code's own error);
* digits (spaces, dashes and a ``+91`` allowed) -> exact probes: account no. (12 digits),
  mobile (10 digits, optionally +91/0), bill no. (13 digits), legacy no. and meter no.;
* anything else -> legacy and meter numbers exactly (any case), then names and addresses by
  fragments of 3+ characters, accents and case ignored, all fragments in any order.

Input is only ever a bound parameter or a quoted FTS5 string: SQL or HTML typed into the field is
searched for as text. Safe to call from worker threads; each thread reads on its own connection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from ebill_core.bill_barcode import BarcodeError, looks_like_bill_barcode, parse_bill_barcode
from ebill_core.masking import mask_mobile
from ebill_core.money import Money
from ebill_desktop.services import lookup_queries as sql
from ebill_desktop.services.lookup_results import AccountHit, LookupKind, LookupOutcome
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.storage.lookup_keys import mobile_key, without_separators
from ebill_desktop.storage.search_text import MIN_FRAGMENT, fold, text_query

MAX_QUERY_CHARS = 200
_NUMBER = re.compile(r"\+?[0-9][0-9 \-]*")  # digits with spaces/dashes, maybe a leading +

Row = tuple[Any, ...]


class LookupService:
    """Answers the lookup field: exact keys by unique index, names and addresses by FTS5."""

    def __init__(self, db: CacheDatabase) -> None:
        self._db = db

    def search(self, text: str, limit: int = 100) -> LookupOutcome:
        """What ``text`` finds, at most ``limit`` accounts (``truncated`` if there are more).

        Never raises for anything typed: refusals come back as :attr:`LookupKind.INVALID` with
        a message for the cashier.
        """
        query = text.strip()
        if not query:
            return LookupOutcome(query, LookupKind.EMPTY, ())
        if len(query) > MAX_QUERY_CHARS:
            return _invalid(
                query,
                f"That is {len(query)} characters; a search takes at most {MAX_QUERY_CHARS}.",
            )
        limit = max(1, limit)
        if looks_like_bill_barcode(query):
            return self._barcode(query)
        if _NUMBER.fullmatch(query):
            return self._number(query, limit)
        exact = self._exact(query, [("legacy_no", sql.BY_LEGACY_NO), ("meter_no", sql.BY_METER_NO)])
        if exact is not None:
            return exact
        return self._text(query, limit)

    # -- the kinds of input -----------------------------------------------------------------

    def _barcode(self, query: str) -> LookupOutcome:
        try:
            barcode = parse_bill_barcode(query)
        except BarcodeError as error:
            return _invalid(query, f"Bill bar code not read: {error.args[0]}")
        rows = self._rows(sql.BY_ACCOUNT_NO, (barcode.account_no,))
        message = (
            None
            if rows
            else f"The bar code names account {barcode.account_no}, which this terminal's "
            "data does not have."
        )
        return LookupOutcome(
            query,
            LookupKind.BARCODE,
            _hits(rows),
            message=message,
            matched_key="account_no",
            bill_no=barcode.bill_no,
        )

    def _number(self, query: str, limit: int) -> LookupOutcome:
        digits = without_separators(query)
        probes: list[tuple[str, str, tuple[object, ...]]] = []
        if len(digits) == 12 and digits.isdigit():
            probes.append(("account_no", sql.BY_ACCOUNT_NO, (digits,)))
        mobile = mobile_key(query)
        if mobile is not None:
            probes.append(("mobile", sql.BY_MOBILE, (mobile, limit + 1)))
        if len(digits) == 13 and digits.isdigit():
            probes.append(("bill_no", sql.BY_BILL_NO, (digits,)))
        probes.append(("legacy_no", sql.BY_LEGACY_NO, (query,)))
        probes.append(("meter_no", sql.BY_METER_NO, (query,)))
        for key, statement, parameters in probes:
            rows = self._rows(statement, parameters)
            if rows:
                return LookupOutcome(
                    query,
                    LookupKind.EXACT,
                    _hits(rows[:limit]),
                    matched_key=key,
                    bill_no=digits if key == "bill_no" else None,
                    truncated=len(rows) > limit,
                )
        return LookupOutcome(
            query,
            LookupKind.EXACT,
            (),
            message=f"No account, mobile, bill, legacy or meter number {query}.",
        )

    def _exact(self, query: str, keys: Iterable[tuple[str, str]]) -> LookupOutcome | None:
        for key, statement in keys:
            rows = self._rows(statement, (query,))
            if rows:
                return LookupOutcome(query, LookupKind.EXACT, _hits(rows), matched_key=key)
        return None

    def _text(self, query: str, limit: int) -> LookupOutcome:
        words = text_query(query)
        if not words.fragments:
            return _invalid(
                query,
                f"Type at least {MIN_FRAGMENT} letters of a name or address to search.",
            )
        ids = [row[0] for row in self._rows(sql.MATCHING_IDS, (words.fts_match, limit + 1))]
        truncated = len(ids) > limit
        rows = self._rows(sql.BY_IDS, (json.dumps(ids),)) if ids else []
        rows.sort(key=lambda row: _rank(row, words.fragments))
        notes: list[str] = []
        if words.too_short:
            ignored = ", ".join(f"“{word}”" for word in words.too_short)
            notes.append(f"Ignored {ignored}: a word needs {MIN_FRAGMENT} or more letters.")
        if not rows:
            notes.append(f"No name or address contains {' and '.join(words.fragments)}.")
        elif truncated:
            notes.append(f"More than {limit} accounts match; type more of the name or address.")
        message = " ".join(notes) or None
        return LookupOutcome(
            query,
            LookupKind.TEXT,
            _hits(rows[:limit]),
            message=message,
            truncated=truncated,
        )

    def _rows(self, statement: str, parameters: tuple[object, ...]) -> list[Row]:
        return self._db.reader().execute(statement, parameters).fetchall()


def _invalid(query: str, message: str) -> LookupOutcome:
    return LookupOutcome(query, LookupKind.INVALID, (), message=message)


def _rank(row: Row, fragments: tuple[str, ...]) -> tuple[int, int, str, str]:
    """Sort key of a name/address hit: more fragments in the name first, then name, account.

    The consumer at the counter is found by name far more often than by address, so a row whose
    name holds what was typed comes before one that only matched on its address.
    """
    name = fold(str(row[2]))
    in_name = sum(fragment in name for fragment in fragments)
    starts = sum(name.startswith(fragment) or f" {fragment}" in name for fragment in fragments)
    return (-in_name, -starts, name, str(row[0]))


def _hits(rows: list[Row]) -> tuple[AccountHit, ...]:
    return tuple(_hit(row) for row in rows)


def _hit(row: Row) -> AccountHit:
    (account_no, legacy_no, name, address, mobile, meter_no, category, owed, currency, status) = row
    return AccountHit(
        account_no=str(account_no),
        legacy_no=None if legacy_no is None else str(legacy_no),
        name=str(name),
        address=str(address),
        mobile_masked=mask_mobile(mobile) if mobile else None,
        meter_no=None if meter_no is None else str(meter_no),
        category_code=str(category),
        outstanding=Money(owed, currency),
        status=str(status),
    )
