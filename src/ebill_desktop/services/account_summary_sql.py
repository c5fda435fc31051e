"""The consumer view's SQL, as SQLAlchemy statements over the mapped tables.

Its own module so that SQLAlchemy and the table mappings load with the first summary (or the
warm-up that runs while the cashier logs in), not at start-up: see
:meth:`ebill_desktop.services.account_summary.AccountSummaryService.summary`.
"""

from __future__ import annotations

from sqlalchemy import BindParameter, bindparam, select

from ebill_desktop.services import account_summary as limits
from ebill_desktop.storage import models as m
from ebill_desktop.storage.database import DATA_AS_OF

# Built once; SQLAlchemy caches their compiled form.
_accounts, _consumers = m.AccountRow.__table__, m.ConsumerRow.__table__
_bills = m.BillRow.__table__
ACCOUNT = (
    select(
        _accounts,
        _consumers.c.name.label("consumer_name"),
        _consumers.c.mobile,
        _consumers.c.email,
        m.CategoryRow.name.label("category_name"),
        m.OfficeRow.name.label("office_name"),
    )
    .join(_consumers, _consumers.c.consumer_id == _accounts.c.consumer_id)
    .join(m.CategoryRow, m.CategoryRow.code == _accounts.c.category_code)
    .join(m.OfficeRow, m.OfficeRow.code == _accounts.c.office_code)
    .where(_accounts.c.account_no == bindparam("account_no"))
)
ACCOUNT_ID: BindParameter[int] = bindparam("account_id")
METERS = (
    select(m.MeterRow.__table__)
    .where(m.MeterRow.account_id == ACCOUNT_ID)
    .order_by(m.MeterRow.installed_on, m.MeterRow.id)
)
OPEN_BILLS = (
    select(_bills)
    .where(_bills.c.account_id == ACCOUNT_ID, _bills.c.status.in_(limits.OPEN_STATUSES))
    .order_by(_bills.c.bill_date, _bills.c.id)
)
RECENT_BILLS = (
    select(_bills)
    .where(_bills.c.account_id == ACCOUNT_ID)
    .order_by(_bills.c.bill_date.desc(), _bills.c.id.desc())
    .limit(limits.RECENT_BILLS)
)
BILL_IDS: BindParameter[list[int]] = bindparam("bill_ids", expanding=True)
LINES = (
    select(m.BillLineRow.__table__)
    .where(m.BillLineRow.bill_id.in_(BILL_IDS))
    .order_by(m.BillLineRow.bill_id, m.BillLineRow.seq)
)
REGISTERS = (
    select(m.BillRegisterRow.__table__)
    .where(m.BillRegisterRow.bill_id.in_(BILL_IDS))
    .order_by(m.BillRegisterRow.bill_id, m.BillRegisterRow.seq)
)
CONSUMPTION = (
    select(m.ConsumptionRow.__table__)
    .where(m.ConsumptionRow.account_id == ACCOUNT_ID)
    .order_by(m.ConsumptionRow.period_end.desc())
    .limit(limits.CONSUMPTION_PERIODS)
)
POSTINGS = (
    select(m.PaymentPostingRow.__table__)
    .where(m.PaymentPostingRow.account_id == ACCOUNT_ID)
    .order_by(m.PaymentPostingRow.paid_at.desc(), m.PaymentPostingRow.payment_id)
    .limit(limits.RECENT_POSTINGS)
)
DATA_AS_OF_VALUE = select(m.SyncStateRow.value).where(m.SyncStateRow.key == DATA_AS_OF)
