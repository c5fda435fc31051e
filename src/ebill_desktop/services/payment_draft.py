"""Opening a payment: the account, its open bills as they stand today, warnings, offline standing.

Nothing is written: a draft is a snapshot the payment view works on, with the UUID the payment
will carry. What the bills owe is judged on the counter's local date (a bill past its due date
also owes its late surcharge) and counts this counter's own payments that head office has not
posted yet: until the change feed brings their posting (by payment UUID), their allocations are
treated as paid on the bill, so the same bill is not collected twice while offline.

A cheque-barred account's draft carries the bar (reason, local date): its preview refuses
cheques and drafts, and its warnings say so before any tender is entered.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import date, datetime, tzinfo

from ebill_core.allocation import outstanding
from ebill_core.formatting import format_money
from ebill_core.masking import mask_mobile
from ebill_core.money import Money, total
from ebill_core.records import AccountStatus, Bill, ExactnessPolicy
from ebill_desktop.services.account_summary import AccountSummary, AccountSummaryService
from ebill_desktop.services.offline_limits import offline_standing
from ebill_desktop.services.payment_types import (
    AccountNotFoundError,
    DraftBill,
    PaymentDraft,
    PaymentError,
    PaymentRules,
)
from ebill_desktop.services.tender_rules import cheque_bar_refusal
from ebill_desktop.storage.database import CacheDatabase

__all__ = ["open_draft"]

MAX_KEY = 64

# This counter's payments for an account that head office has not posted yet, per bill.
_UNPOSTED_PER_BILL = (
    "SELECT a.bill_no, SUM(a.amount_minor) FROM payments p "
    "JOIN payment_allocations a ON a.payment_id = p.payment_id "
    "WHERE p.account_no = ? AND p.state = 'taken' AND a.bill_no IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM payment_postings pp WHERE pp.payment_id = p.payment_id) "
    "GROUP BY a.bill_no"
)
_POSTINGS_SINCE = (
    "SELECT pp.paid_at, pp.amount_minor, pp.currency, pp.channel, pp.place "
    "FROM payment_postings pp JOIN accounts a ON a.id = pp.account_id "
    "WHERE a.account_no = ? AND pp.paid_at >= ? "
    "AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.payment_id = pp.payment_id) "
    "ORDER BY pp.paid_at"
)
_LOCAL_SINCE = (
    "SELECT receipt_no, amount_minor, currency FROM payments "
    "WHERE account_no = ? AND state = 'taken' AND taken_at >= ? ORDER BY taken_at"
)
_POLICY = "SELECT exactness FROM categories WHERE code = ?"


def open_draft(
    db: CacheDatabase,
    rules: PaymentRules,
    account_no: str,
    operator: str,
    online: bool,
    now: datetime,
    tz: tzinfo,
) -> PaymentDraft:
    """A new :class:`PaymentDraft` for ``account_no`` (see the module's notes)."""
    key = account_no.strip() if isinstance(account_no, str) else ""
    if not key or len(key) > MAX_KEY:
        raise AccountNotFoundError("Enter an account number.")
    operator = operator.strip() if isinstance(operator, str) else ""
    if not operator:
        raise PaymentError("Log in before taking a payment.")
    summary = AccountSummaryService(db).summary(key)
    if summary is None:
        raise AccountNotFoundError(f"No account {key} in this counter's data.")
    local_now = now.astimezone(tz)
    today = local_now.date()
    bills = _with_unposted(db, summary)
    owed = outstanding(bills, paid_on=today)
    by_no = {bill.bill_no: bill for bill in bills}
    currency = summary.currency
    standing = None if online else offline_standing(db, rules, currency, now)
    barred = summary.account.cheque_barred
    barred_since = _local_day(summary.account.cheque_barred_since, tz)
    return PaymentDraft(
        payment_id=str(uuid.uuid4()),
        opened_at=now,
        business_date=today,
        operator=operator,
        account_no=summary.account.account_no,
        consumer_name=summary.consumer.name,
        masked_mobile=mask_mobile(summary.consumer.mobile),
        category_name=summary.category_name,
        policy=_policy(db, summary.account.category_code),
        currency=currency,
        bills=tuple(DraftBill(by_no[o.bill_no], o) for o in owed),
        total_due=total([o.total for o in owed], currency),
        offline=not online,
        warnings=tuple(_warnings(db, summary, local_now)),
        offline_standing=standing,
        cheque_barred=barred,
        cheque_barred_since=barred_since if barred is not None else None,
    )


_CHEQUE_BAR = "SELECT cheque_barred, cheque_barred_since FROM accounts WHERE account_no = ?"


def with_current_cheque_bar(
    db: CacheDatabase, draft: PaymentDraft, tz: tzinfo | None
) -> PaymentDraft:
    """``draft`` with the account's cheque bar as the cache holds it now: a bar pulled from the
    feed while the payment view was open applies to this payment, not only the next."""
    row = db.reader().execute(_CHEQUE_BAR, (draft.account_no,)).fetchone()
    reason, since = (None, None) if row is None else row
    moment = None if since is None else datetime.fromisoformat(since)
    return dataclasses.replace(
        draft,
        cheque_barred=reason,
        cheque_barred_since=_local_day(moment, tz) if reason is not None else None,
    )


def _local_day(moment: datetime | None, tz: tzinfo | None) -> date | None:
    return None if moment is None else moment.astimezone(tz).date()


def _policy(db: CacheDatabase, category_code: str) -> ExactnessPolicy:
    row = db.reader().execute(_POLICY, (category_code,)).fetchone()
    if row is None:
        raise PaymentError(f"The consumer category {category_code} is not in this counter's data.")
    return ExactnessPolicy(row[0])


def _with_unposted(db: CacheDatabase, summary: AccountSummary) -> list[Bill]:
    """The open bills, each with this counter's unposted payments counted as paid on it."""
    rows = db.reader().execute(_UNPOSTED_PER_BILL, (summary.account.account_no,)).fetchall()
    unposted = {bill_no: minor for bill_no, minor in rows}
    bills: list[Bill] = []
    for bill in summary.open_bills:
        extra = unposted.get(bill.bill_no, 0)
        if extra:
            paid = bill.amount_paid + Money(extra, bill.amount_paid.currency)
            bill = dataclasses.replace(bill, amount_paid=paid)
        bills.append(bill)
    return bills


def _warnings(db: CacheDatabase, summary: AccountSummary, local_now: datetime) -> list[str]:
    """What the cashier should know before taking money (nothing here refuses a payment)."""
    found: list[str] = []
    account = summary.account
    if account.status is not AccountStatus.ACTIVE:
        found.append(f"This account is {account.status.value.replace('_', ' ')}.")
    if account.cheque_barred is not None:
        barred_on = _local_day(account.cheque_barred_since, local_now.tzinfo)
        found.append(cheque_bar_refusal(account.cheque_barred, barred_on))
    midnight = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    since = _utc_text(midnight)
    reader = db.reader()
    for paid_at, minor, currency, channel, place in reader.execute(
        _POSTINGS_SINCE, (account.account_no, since)
    ):
        when = datetime.fromisoformat(paid_at).astimezone(local_now.tzinfo)
        where = "online" if channel == "online" else f"at {channel} {place}"
        found.append(
            f"Already paid today {where}: {format_money(Money(minor, currency))} at {when:%H:%M}."
        )
    local: Sequence[tuple[str, int, str]] = reader.execute(
        _LOCAL_SINCE, (account.account_no, since)
    ).fetchall()
    for receipt_no, minor, currency in local:
        found.append(
            f"Already paid today at this counter: {format_money(Money(minor, currency))}, "
            f"receipt {receipt_no}."
        )
    return found


def _utc_text(moment: datetime) -> str:
    from ebill_desktop.storage.column_types import datetime_text

    text = datetime_text(moment)
    assert text is not None
    return text
