"""Everything the consumer view shows about one account, read in one consistent snapshot."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ebill_core.money import Money
from ebill_core.records import (
    Account,
    Bill,
    Consumer,
    ConsumptionPoint,
    Meter,
    PaymentPosting,
)
from ebill_desktop.storage.database import CacheDatabase

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ebill_desktop.storage.record_rows import RowMapping

RECENT_BILLS = 12
CONSUMPTION_PERIODS = 12
RECENT_POSTINGS = 20
OPEN_STATUSES = ("open", "part_paid")


@dataclass(frozen=True, slots=True)
class AccountSummary:
    """One account as the counter shows it; amounts in the account's ``currency``."""

    consumer: Consumer
    account: Account
    category_name: str
    office_name: str
    meters: tuple[Meter, ...]
    open_bills: tuple[Bill, ...]  # oldest first: open and part-paid
    recent_bills: tuple[Bill, ...]  # newest first, up to 12
    consumption: tuple[ConsumptionPoint, ...]  # oldest first, the last 12 periods
    postings: tuple[PaymentPosting, ...]  # newest first, up to 20
    data_as_of: datetime | None
    currency: str = "INR"

    @property
    def total_outstanding(self) -> Money:
        """What is still due on the open bills (net payable less what was paid)."""
        owed = Money.zero(self.currency)
        for bill in self.open_bills:
            owed = owed + bill.outstanding
        return owed


class AccountSummaryService:
    """Reads an account's summary for the consumer view. Safe from worker threads."""

    def __init__(self, db: CacheDatabase) -> None:
        self._db = db

    def summary(self, account_no: str) -> AccountSummary | None:
        """The summary of ``account_no`` (surrounding spaces ignored), or None if not cached."""
        account_no = account_no.strip()
        if not account_no or len(account_no) > 64:
            return None
        with self._db.engine.connect() as connection, connection.begin():
            return _read(connection, account_no)


def _read(connection: Connection, account_no: str) -> AccountSummary | None:
    # Imported on the first summary: SQLAlchemy and the table mappings are not start-up's business.
    from ebill_desktop.services import account_summary_sql as q
    from ebill_desktop.storage.record_rows import (
        account_from_row,
        consumption_from_row,
        meter_from_row,
        posting_from_row,
    )

    head = connection.execute(q.ACCOUNT, {"account_no": account_no}).mappings().first()
    if head is None:
        return None
    key = {"account_id": head["id"]}
    open_rows = connection.execute(q.OPEN_BILLS, key).mappings().all()
    recent_rows = connection.execute(q.RECENT_BILLS, key).mappings().all()
    bills = _bills_with_details(connection, account_no, [*open_rows, *recent_rows])
    as_of = connection.execute(q.DATA_AS_OF_VALUE).scalar()
    return AccountSummary(
        consumer=Consumer(
            consumer_id=head["consumer_id"],
            name=head["consumer_name"],
            mobile=head["mobile"],
            email=head["email"],
        ),
        account=account_from_row(head),
        category_name=head["category_name"],
        office_name=head["office_name"],
        meters=tuple(
            meter_from_row(row, account_no) for row in connection.execute(q.METERS, key).mappings()
        ),
        open_bills=tuple(bills[row["id"]] for row in open_rows),
        recent_bills=tuple(bills[row["id"]] for row in recent_rows),
        consumption=tuple(
            reversed(
                [
                    consumption_from_row(row, account_no)
                    for row in connection.execute(q.CONSUMPTION, key).mappings()
                ]
            )
        ),
        postings=tuple(
            posting_from_row(row, account_no)
            for row in connection.execute(q.POSTINGS, key).mappings()
        ),
        data_as_of=None if as_of is None else datetime.fromisoformat(as_of),
        currency=head["currency"],
    )


def _bills_with_details(
    connection: Connection, account_no: str, rows: Sequence[RowMapping]
) -> dict[int, Bill]:
    from ebill_desktop.services import account_summary_sql as q
    from ebill_desktop.storage.record_rows import bill_from_row

    ids = sorted({row["id"] for row in rows})
    lines: defaultdict[int, list[RowMapping]] = defaultdict(list)
    registers: defaultdict[int, list[RowMapping]] = defaultdict(list)
    if ids:
        for line in connection.execute(q.LINES, {"bill_ids": ids}).mappings():
            lines[line["bill_id"]].append(line)
        for register in connection.execute(q.REGISTERS, {"bill_ids": ids}).mappings():
            registers[register["bill_id"]].append(register)
    result: dict[int, Bill] = {}
    for row in rows:
        bill_id: Any = row["id"]
        result[bill_id] = bill_from_row(row, account_no, lines[bill_id], registers[bill_id])
    return result
