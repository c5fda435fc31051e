"""One bill as the bill view shows it: the bill record with its account, meters and history.

Read from the terminal's cache in one consistent snapshot (one read transaction), by bill number:
the bill row with its charge lines and register readings, the account and consumer it belongs
to, the account's meters, and the consumption of the 12 periods up to the bill's own period (a
bill from last year shows the history printed on it, not today's). Qt-free, safe from workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from ebill_core.records import Account, Bill, Consumer, ConsumptionPoint, Meter
from ebill_desktop.storage.database import CacheDatabase

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

HISTORY_PERIODS = 12
_MAX_KEY = 64  # longer than any bill number: refused without a query


@dataclass(frozen=True, slots=True)
class BillDetail:
    """A bill record and what the bill view shows around it; amounts in the bill's currency."""

    bill: Bill
    consumer: Consumer
    account: Account
    category_name: str
    office_name: str
    meters: tuple[Meter, ...]
    consumption: tuple[ConsumptionPoint, ...]  # oldest first, up to the bill's period end
    data_as_of: datetime | None

    @property
    def cheque_due_differs(self) -> bool:
        """Whether the bill gives cheques an earlier (or later) due date than cash."""
        return self.bill.cheque_due_date != self.bill.due_date


class BillDetailService:
    """Reads bills for the bill view. Safe from worker threads (one connection per call)."""

    def __init__(self, db: CacheDatabase) -> None:
        self._db = db

    def bill_detail(self, bill_no: str) -> BillDetail | None:
        """Bill ``bill_no`` (surrounding spaces ignored) with its account, or None if not cached."""
        bill_no = bill_no.strip()
        if not bill_no or len(bill_no) > _MAX_KEY:
            return None
        with self._db.engine.connect() as connection, connection.begin():
            return _read(connection, bill_no)


@cache
def _statements() -> dict[str, Any]:
    """The SQL, built once on first use (SQLAlchemy is not start-up's business)."""
    from sqlalchemy import bindparam, select

    from ebill_desktop.services import account_summary_sql as q
    from ebill_desktop.storage import models as m

    bills, accounts, consumers = (
        m.BillRow.__table__,
        m.AccountRow.__table__,
        m.ConsumerRow.__table__,
    )
    return {
        "bill": select(bills).where(bills.c.bill_no == bindparam("bill_no")),
        "account": (
            select(
                accounts,
                consumers.c.name.label("consumer_name"),
                consumers.c.mobile,
                consumers.c.email,
                m.CategoryRow.name.label("category_name"),
                m.OfficeRow.name.label("office_name"),
            )
            .join(consumers, consumers.c.consumer_id == accounts.c.consumer_id)
            .join(m.CategoryRow, m.CategoryRow.code == accounts.c.category_code)
            .join(m.OfficeRow, m.OfficeRow.code == accounts.c.office_code)
            .where(accounts.c.id == bindparam("account_id"))
        ),
        "lines": q.LINES,
        "registers": q.REGISTERS,
        "meters": q.METERS,
        "consumption": (
            select(m.ConsumptionRow.__table__)
            .where(
                m.ConsumptionRow.account_id == bindparam("account_id"),
                m.ConsumptionRow.period_end <= bindparam("until"),
            )
            .order_by(m.ConsumptionRow.period_end.desc())
            .limit(HISTORY_PERIODS)
        ),
        "data_as_of": q.DATA_AS_OF_VALUE,
    }


def _read(connection: Connection, bill_no: str) -> BillDetail | None:
    from ebill_desktop.storage.record_rows import (
        account_from_row,
        bill_from_row,
        consumption_from_row,
        meter_from_row,
    )

    sql = _statements()
    row = connection.execute(sql["bill"], {"bill_no": bill_no}).mappings().first()
    if row is None:
        return None
    head = connection.execute(sql["account"], {"account_id": row["account_id"]}).mappings().one()
    account_no: str = head["account_no"]
    ids = {"bill_ids": [row["id"]]}
    lines = connection.execute(sql["lines"], ids).mappings().all()
    registers = connection.execute(sql["registers"], ids).mappings().all()
    key = {"account_id": row["account_id"]}
    history = connection.execute(sql["consumption"], {**key, "until": row["period_end"]}).mappings()
    as_of = connection.execute(sql["data_as_of"]).scalar()
    return BillDetail(
        bill=bill_from_row(row, account_no, lines, registers),
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
            meter_from_row(m, account_no) for m in connection.execute(sql["meters"], key).mappings()
        ),
        consumption=tuple(reversed([consumption_from_row(p, account_no) for p in history])),
        data_as_of=None if as_of is None else datetime.fromisoformat(as_of),
    )
