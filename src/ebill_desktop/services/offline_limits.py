"""The offline policy, applied: how much this counter may still take while head office is away.

Head office sends each branch an :class:`~ebill_core.protocol.OfflinePolicy` (the change feed
keeps it in the cache); a demo that never synced may configure one in
:attr:`PaymentRules.fallback_offline_policy`. While offline:

* no payment at all when there is no policy, when the counter never synced, or when the last
  sync is more than ``max_hours_since_sync`` hours ago;
* no single payment above ``max_per_payment``;
* the counter's offline payments that head office has not yet answered (its exposure while
  offline: the outbox items of offline payments not ``done``) plus this one stay within
  ``max_total_offline``. The counter has no shifts yet, so "per shift" is "until synced".

The total is checked again inside the payment's write transaction, so two drafts opened side by
side cannot both slip under it.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import TYPE_CHECKING

from ebill_core.formatting import format_money
from ebill_core.money import Money
from ebill_core.protocol import OfflinePolicy
from ebill_desktop.services.payment_types import OfflineStanding, PaymentRules

if TYPE_CHECKING:
    from ebill_desktop.storage.database import CacheDatabase

__all__ = ["offline_problems", "offline_standing", "offline_used"]

_USED = (
    "SELECT COALESCE(SUM(p.amount_minor), 0) FROM payments p "
    "LEFT JOIN outbox o ON o.item_id = p.payment_id "
    "WHERE p.offline = 1 AND p.state = 'taken' AND p.currency = ? "
    "AND (o.state IS NULL OR o.state <> 'done')"
)


def offline_used(source: sqlite3.Connection, currency: str) -> Money:
    """This counter's offline payments head office has not answered yet, together."""
    row = source.execute(_USED, (currency,)).fetchone()
    return Money(int(row[0]), currency)


def _policy(db: CacheDatabase, rules: PaymentRules) -> OfflinePolicy | None:
    from ebill_desktop.storage.change_apply import offline_policy

    return offline_policy(db) or rules.fallback_offline_policy


def offline_standing(
    db: CacheDatabase, rules: PaymentRules, currency: str, now: datetime
) -> OfflineStanding:
    """The offline policy as it applies to a payment in ``currency`` at ``now``."""
    policy = _policy(db, rules)
    last_sync = db.data_as_of()
    if last_sync is not None and last_sync.tzinfo is None:
        last_sync = last_sync.astimezone()  # a demo's moment without offset: the machine's time
    hours = None if last_sync is None else max((now - last_sync).total_seconds(), 0.0) / 3600
    used = offline_used(db.reader(), currency)
    refusal = None
    if policy is None:
        refusal = (
            "Head office has not sent this counter an offline policy yet: payments can be "
            "taken offline only after the first sync."
        )
    elif policy.max_per_payment.currency != currency:
        refusal = (
            f"The offline policy is in {policy.max_per_payment.currency}, this account pays in "
            f"{currency}: it cannot be paid offline."
        )
    elif hours is None:
        refusal = "This counter has never synced: it cannot take payments offline."
    elif hours > policy.max_hours_since_sync:
        refusal = (
            f"The last sync was {hours:.0f} hours ago; offline payments are allowed for "
            f"{policy.max_hours_since_sync} hours after a sync. Connect to head office to take "
            "payments."
        )
    return OfflineStanding(policy, last_sync, hours, used, refusal)


def offline_problems(
    standing: OfflineStanding, amount: Money, used: Money | None = None
) -> list[str]:
    """Why ``amount`` cannot be taken offline (empty when it can). ``used`` overrides the
    standing's figure (the fresh one read inside the write transaction)."""
    if standing.refusal is not None:
        return [standing.refusal]
    policy = standing.policy
    if policy is None or amount.currency != policy.max_per_payment.currency:
        return []
    problems: list[str] = []
    if amount > policy.max_per_payment:
        problems.append(
            f"Offline, one payment may be at most {format_money(policy.max_per_payment)}."
        )
    taken = standing.used if used is None else used
    if taken + amount > policy.max_total_offline:
        room = max(policy.max_total_offline - taken, Money.zero(amount.currency))
        problems.append(
            f"Offline, this counter may take {format_money(policy.max_total_offline)} until it "
            f"syncs; {format_money(taken)} is taken, so at most {format_money(room)} more."
        )
    return problems
