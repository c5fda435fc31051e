"""The daily collection report: what was collected per branch, operator and tender on one day.

From the payments the server holds (posted or in suspense: money received either way), by the
day they were **taken** in the utility's time zone (``CentralSettings.utility_timezone``), in
one branch or in all. Each line is gross (every tender taken), less what was reversed: a
reversal takes back all of its payment's tenders, a cheque bounce its cheque. A reversal or
bounce counts against the day and operator of the payment it undoes, whenever it arrived, so a
day's net figure is what that day really brought in (a counter's Z report shows the same
payments gross, with its voids apart). Only reversals and bounces that were applied count.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, select

from ebill_central.db.models import (
    BranchRow,
    ChequeBounceRow,
    PaymentRow,
    ReversalRow,
    TenderRow,
    TerminalRow,
)
from ebill_central.errors import NotFoundError
from ebill_central.services.reversals import APPLIED
from ebill_core.money import Money


@dataclass(frozen=True, slots=True)
class CollectionLine:
    branch_code: str
    operator: str
    tender: str  # a TenderKind value
    count: int
    gross: Money
    reversed_count: int
    reversed: Money

    @property
    def net(self) -> Money:
        return self.gross - self.reversed


@dataclass(frozen=True, slots=True)
class CollectionReport:
    day: date
    branch_code: str | None  # None: every branch
    timezone: str
    lines: tuple[CollectionLine, ...]

    def totals(self) -> dict[tuple[str, str], Money]:
        """Net per (tender, currency) over every line."""
        sums: dict[tuple[str, str], Money] = {}
        for line in self.lines:
            key = (line.tender, line.net.currency)
            sums[key] = sums.get(key, Money.zero(line.net.currency)) + line.net
        return sums


def collection_report(
    engine: Engine, day: date, branch_code: str | None = None, timezone: str = "Asia/Kolkata"
) -> CollectionReport:
    """The report for ``day`` (in ``timezone``), for ``branch_code`` or every branch."""
    if branch_code is not None:
        with engine.connect() as connection:
            known = connection.scalar(select(BranchRow.code).where(BranchRow.code == branch_code))
            connection.rollback()
        if known is None:
            raise NotFoundError("unknown_branch", f"there is no branch {branch_code}")
    zone = ZoneInfo(timezone)
    start = datetime.combine(day, time(0), zone)
    end = datetime.combine(day + timedelta(days=1), time(0), zone)
    query = (
        select(
            TerminalRow.branch_code,
            PaymentRow.operator,
            PaymentRow.payment_id,
            TenderRow.position,
            TenderRow.kind,
            TenderRow.amount_minor,
            TenderRow.currency,
        )
        .join(TenderRow, TenderRow.payment_id == PaymentRow.payment_id)
        .join(TerminalRow, TerminalRow.terminal_id == PaymentRow.terminal_id)
        .where(PaymentRow.taken_at >= start, PaymentRow.taken_at < end)
    )
    if branch_code is not None:
        query = query.where(TerminalRow.branch_code == branch_code)
    with engine.connect() as connection:
        tenders = connection.execute(query).all()
        ids = sorted({row.payment_id for row in tenders})
        reversed_payments, bounced = _undone(connection, ids)
        connection.rollback()
    counts: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for row in tenders:
        key = (row.branch_code, row.operator, row.kind, row.currency)
        figures = counts[key]
        figures[0] += 1
        figures[1] += int(row.amount_minor)
        if row.payment_id in reversed_payments or (row.payment_id, row.position) in bounced:
            figures[2] += 1
            figures[3] += int(row.amount_minor)
    lines = tuple(
        CollectionLine(branch, operator, kind, c, Money(gross, cur), rc, Money(rev, cur))
        for (branch, operator, kind, cur), (c, gross, rc, rev) in sorted(counts.items())
    )
    return CollectionReport(day, branch_code, timezone, lines)


def _undone(
    connection: Connection, payment_ids: list[str]
) -> tuple[set[str], set[tuple[str, int]]]:
    """The payments reversed and the (payment, tender) cheques bounced, among ``payment_ids``."""
    reversed_payments: set[str] = set()
    bounced: set[tuple[str, int]] = set()
    for chunk in range(0, len(payment_ids), 500):  # bounded IN lists
        part = payment_ids[chunk : chunk + 500]
        reversed_payments.update(
            connection.execute(
                select(ReversalRow.payment_id).where(
                    ReversalRow.payment_id.in_(part), ReversalRow.status == APPLIED
                )
            ).scalars()
        )
        for payment_id, position in connection.execute(
            select(ChequeBounceRow.payment_id, ChequeBounceRow.tender_position).where(
                ChequeBounceRow.payment_id.in_(part), ChequeBounceRow.status == APPLIED
            )
        ):
            if position is not None:
                bounced.add((payment_id, int(position)))
    return reversed_payments, bounced


_COLUMNS = (
    "day",
    "branch",
    "operator",
    "tender",
    "currency",
    "count",
    "gross",
    "reversed_count",
    "reversed",
    "net",
)


def report_csv(report: CollectionReport) -> str:
    """The report as CSV: one row per line, amounts as exact decimal text (``1234.50``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for line in report.lines:
        writer.writerow(
            [
                report.day.isoformat(),
                line.branch_code,
                line.operator,
                line.tender,
                line.gross.currency,
                line.count,
                line.gross.plain(),
                line.reversed_count,
                line.reversed.plain(),
                line.net.plain(),
            ]
        )
    return out.getvalue()


def report_text(report: CollectionReport) -> str:
    """The report as a plain-text table for a terminal window."""
    where = report.branch_code or "all branches"
    head = f"Collections on {report.day.isoformat()} ({report.timezone}), {where}"
    rows = [("branch", "operator", "tender", "count", "gross", "reversed", "net")]
    rows += [
        (
            line.branch_code,
            line.operator,
            line.tender,
            str(line.count),
            line.gross.plain(),
            line.reversed.plain(),
            line.net.plain(),
        )
        for line in report.lines
    ]
    for (tender, currency), net in sorted(report.totals().items()):
        rows.append(("total", "", tender, "", "", "", f"{net.plain()} {currency}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    body = ["  ".join(_cells(row, widths)) for row in rows]
    if not report.lines:
        body.append("(no payments)")
    return "\n".join([head, *body])


def _cells(row: tuple[str, ...], widths: list[int]) -> list[str]:
    """Text columns to the left, figures (from the fourth on) to the right."""
    return [
        cell.rjust(width) if i >= 3 else cell.ljust(width)
        for i, (cell, width) in enumerate(zip(row, widths, strict=True))
    ]
