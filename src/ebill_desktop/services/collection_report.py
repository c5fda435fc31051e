"""The daily collection report at the counter: what one day brought in, per operator and tender.

Qt-free; call :meth:`CollectionReportService.report` from a worker (it reads the disk).

The figures are defined as head office's report defines them
(:mod:`ebill_central.services.collection_report`, docs/central.md "Collection report"), so the
two agree once the counter's payments and voids have reached head office:

* a payment belongs to the day it was **taken**, in the counter's time zone (set it to the
  utility's, ``Asia/Kolkata``, as head office reports in ``utility_timezone``);
* a line is one (operator, tender kind, currency); ``count`` is its tender rows (a payment in
  cash and cheque counts once in each), ``gross`` their amounts, every payment taken included;
* a void takes back all of its payment's tenders (head office gets it as a reversal), and counts
  against the day and operator of the payment it undoes: a voided payment is in ``gross`` and in
  ``voided``; ``net`` is gross less voided.

The cache holds this counter's own payments only, so the report is this counter's part of its
branch's day; head office's report for the branch adds the other counters. Cheque bounces are
recorded at head office and never reach a counter's payments: head office's figures net them,
the counter's do not.

Who sees what: a supervisor or administrator (``COLLECTION_REPORT``) sees every operator; a
cashier (``OWN_COLLECTIONS``) sees their own lines only; a kiosk nothing.

The one query filters on ``payments.taken_at`` (indexed: ``ix_payments_taken_at``; moments are
stored as UTC ISO text, so the text order is the time order) and aggregates in SQLite.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_core.records import Operator
from ebill_desktop.config import write_atomically
from ebill_desktop.security.approvals import authorise
from ebill_desktop.security.roles import Action, Permission, permission
from ebill_desktop.storage.column_types import datetime_text

if TYPE_CHECKING:
    from ebill_desktop.storage.database import CacheDatabase

__all__ = [
    "TENDER_NAMES",
    "CollectionLine",
    "CollectionReport",
    "CollectionReportError",
    "CollectionReportService",
    "CollectionTotal",
    "day_bounds",
    "parse_day",
    "report_csv",
    "write_report_csv",
]

_QUERY = (
    "SELECT p.operator, t.kind, p.currency, COUNT(*), SUM(t.amount_minor), "
    "SUM(p.state = 'void'), SUM(CASE WHEN p.state = 'void' THEN t.amount_minor ELSE 0 END) "
    "FROM payments p JOIN payment_tenders t ON t.payment_id = p.payment_id "
    "WHERE p.taken_at >= ? AND p.taken_at < ? "
)
_ALL = _QUERY + "GROUP BY p.operator, t.kind, p.currency"
_OWN = _QUERY + "AND p.operator = ? COLLATE NOCASE GROUP BY p.operator, t.kind, p.currency"
EARLIEST = date(2000, 1, 1)  # no counter took a payment before this
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_KIND_ORDER = {kind.value: n for n, kind in enumerate(TenderKind)}
# How the report names each tender on screen and paper (the CSV keeps the protocol's value).
TENDER_NAMES = {
    TenderKind.CASH: "Cash",
    TenderKind.CHEQUE: "Cheque",
    TenderKind.DEMAND_DRAFT: "Demand draft",
    TenderKind.POSTAL_ORDER: "Postal order",
    TenderKind.CARD: "Card",
    TenderKind.UPI: "UPI",
    TenderKind.BANK_TRANSFER: "Bank transfer",
}


class CollectionReportError(ValueError):
    """A report that cannot be made (a bad day); ``message`` is for the screen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class CollectionLine:
    """One operator's takings in one tender kind and currency on the day."""

    operator: str
    tender: TenderKind
    count: int  # tender rows
    gross: Money
    voided_count: int  # tender rows of voided payments
    voided: Money

    @property
    def net(self) -> Money:
        return self.gross - self.voided


@dataclass(frozen=True, slots=True)
class CollectionTotal:
    """The lines of one tender kind (or of every kind: ``tender`` None) in one currency."""

    tender: TenderKind | None
    count: int
    gross: Money
    voided_count: int
    voided: Money

    @property
    def net(self) -> Money:
        return self.gross - self.voided


@dataclass(frozen=True, slots=True)
class CollectionReport:
    """The day's lines, by operator then tender; ``operator`` set: one cashier's own lines."""

    day: date
    branch: str
    terminal: str
    timezone: str  # the zone's name, as printed
    operator: str | None
    made_at: datetime  # in the counter's time zone
    lines: tuple[CollectionLine, ...]

    def tender_totals(self) -> tuple[CollectionTotal, ...]:
        """A total per tender kind and currency, in the tenders' usual order."""
        keys = sorted(
            {(line.tender, line.gross.currency) for line in self.lines},
            key=lambda key: (_KIND_ORDER[key[0].value], key[1]),
        )
        return tuple(
            _total(kind, [x for x in self.lines if (x.tender, x.gross.currency) == (kind, cur)])
            for kind, cur in keys
        )

    def grand_totals(self) -> tuple[CollectionTotal, ...]:
        """Every tender together, one total per currency (a counter has one in practice)."""
        currencies = sorted({line.gross.currency for line in self.lines})
        return tuple(
            _total(None, [x for x in self.lines if x.gross.currency == cur]) for cur in currencies
        )


def _total(tender: TenderKind | None, lines: list[CollectionLine]) -> CollectionTotal:
    currency = lines[0].gross.currency
    zero = Money.zero(currency)
    return CollectionTotal(
        tender,
        sum(x.count for x in lines),
        sum((x.gross for x in lines), zero),
        sum(x.voided_count for x in lines),
        sum((x.voided for x in lines), zero),
    )


def parse_day(value: object) -> date:
    """A day as a :class:`date` or ``YYYY-MM-DD`` text; anything else is refused."""
    if isinstance(value, datetime):  # a datetime is a date too: say which day is meant
        raise CollectionReportError("Give a day, not a moment.")
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CollectionReportError(f"Not a day: {value!r}. Write it as YYYY-MM-DD.")


def day_bounds(day: date, tz: tzinfo) -> tuple[str, str]:
    """The stored (UTC text) forms of the day's first moment and the next day's, in ``tz``."""
    start = datetime.combine(day, time(0), tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tz)
    first, after = datetime_text(start), datetime_text(end)
    assert first is not None and after is not None
    return first, after


class CollectionReportService:
    """The collection report of this counter's cache. Safe to call from several workers."""

    def __init__(
        self,
        db: CacheDatabase,
        *,
        branch: str,
        terminal: str,
        tz: tzinfo,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self._db = db
        self._branch, self._terminal, self._tz = branch, terminal, tz
        self._clock = clock or (lambda: datetime.now(UTC))

    @property
    def tz(self) -> tzinfo:
        return self._tz

    def today(self) -> date:
        """Today at the counter (the date picker's default)."""
        return self._clock().astimezone(self._tz).date()

    def report(self, actor: Operator, day: object) -> CollectionReport:
        """The report of ``day`` (a date or ``YYYY-MM-DD``) as ``actor`` may see it.

        Raises :class:`~ebill_desktop.security.approvals.NotPermittedError` for a kiosk or a
        disabled operator, :class:`CollectionReportError` for a bad or future day.
        """
        only = _scope(actor)
        wanted = parse_day(day)
        now = self._clock()
        if wanted > now.astimezone(self._tz).date():
            raise CollectionReportError(f"{wanted.isoformat()} has not come yet.")
        if wanted < EARLIEST:  # also keeps the day's bounds inside datetime's range in UTC
            raise CollectionReportError(f"{wanted.isoformat()} is before any payment.")
        first, after = day_bounds(wanted, self._tz)
        with self._snapshot() as reader:
            if only is None:
                rows = reader.execute(_ALL, (first, after)).fetchall()
            else:
                rows = reader.execute(_OWN, (first, after, only)).fetchall()
        lines = sorted((_line(row) for row in rows), key=_line_order)
        return CollectionReport(
            day=wanted,
            branch=self._branch,
            terminal=self._terminal,
            timezone=_zone_name(self._tz, wanted),
            operator=only,
            made_at=now.astimezone(self._tz),
            lines=tuple(lines),
        )

    @contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        reader = self._db.reader()
        reader.execute("BEGIN")
        try:
            yield reader
        finally:
            reader.execute("COMMIT")


def _scope(actor: Operator) -> str | None:
    """None: every operator's lines; a login: that operator's alone. Refuses the rest."""
    if permission(Action.COLLECTION_REPORT, actor.role) is Permission.ALONE:
        authorise(Action.COLLECTION_REPORT, actor)  # also refuses a disabled supervisor
        return None
    authorise(Action.OWN_COLLECTIONS, actor)
    return actor.login


def _line(row: tuple[object, ...]) -> CollectionLine:
    operator, kind, currency, count, gross, voided_count, voided = row
    cur = str(currency)
    return CollectionLine(
        operator=str(operator),
        tender=TenderKind(str(kind)),
        count=int(str(count)),
        gross=Money(int(str(gross)), cur),
        voided_count=int(str(voided_count)),
        voided=Money(int(str(voided)), cur),
    )


def _line_order(line: CollectionLine) -> tuple[str, int, str]:
    return (line.operator.casefold(), _KIND_ORDER[line.tender.value], line.gross.currency)


def _zone_name(tz: tzinfo, day: date) -> str:
    """``Asia/Kolkata`` for a named zone, else what the zone calls itself on the day."""
    key = getattr(tz, "key", None)
    if isinstance(key, str):
        return key
    return tz.tzname(datetime.combine(day, time(12), tz)) or "local time"


CSV_COLUMNS = (
    "day",
    "branch",
    "terminal",
    "operator",
    "tender",
    "currency",
    "count",
    "gross",
    "voided_count",
    "voided",
    "net",
)


def report_csv(report: CollectionReport) -> str:
    """The lines as CSV under a header row, amounts as exact decimal text (``1234.50``).

    The columns follow head office's CSV (``reversed`` is ``voided`` here), with the terminal
    added; totals are left to the spreadsheet, as there.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in report.lines:
        writer.writerow(
            [
                report.day.isoformat(),
                report.branch,
                report.terminal,
                line.operator,
                line.tender.value,
                line.gross.currency,
                line.count,
                line.gross.plain(),
                line.voided_count,
                line.voided.plain(),
                line.net.plain(),
            ]
        )
    return out.getvalue()


def write_report_csv(report: CollectionReport, path: Path) -> Path:
    """Write the CSV to ``path`` atomically (a crash leaves the old file or the new, whole)."""
    write_atomically(path, report_csv(report))
    return path
