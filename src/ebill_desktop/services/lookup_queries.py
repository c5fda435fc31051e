"""The lookup's SQL, written once: one statement per key, each returning finished result rows.

Kept as constants so the driver prepares each statement once per connection (sqlite3 caches
prepared statements by their text) and so the benchmarks can time the very same statements in
raw ``sqlite3`` as their floor.

Every statement returns the columns of :data:`HIT_COLUMNS`, in that order. The statements are
assembled from constant pieces at import; what the cashier types only ever arrives as a bound
parameter, hence the file-wide S608 exemption.
"""
# ruff: noqa: S608

from __future__ import annotations

from typing import Final

HIT_COLUMNS: Final = (
    "account_no",
    "legacy_no",
    "name",
    "address",
    "mobile",
    "meter_no",
    "category_code",
    "outstanding_minor",
    "currency",
    "status",
)

OPEN_STATUSES: Final = "('open', 'part_paid')"

_HIT_SELECT = f"""
SELECT a.account_no, a.legacy_no, c.name, a.address, c.mobile,
       (SELECT m.meter_no FROM meters m WHERE m.account_id = a.id
         ORDER BY m.removed_on IS NOT NULL, m.installed_on DESC LIMIT 1),
       a.category_code,
       (SELECT COALESCE(SUM(b.net_payable_minor - b.amount_paid_minor), 0) FROM bills b
         WHERE b.account_id = a.id AND b.status IN {OPEN_STATUSES}),
       a.currency, a.status
FROM accounts a JOIN consumers c ON c.consumer_id = a.consumer_id
"""

BY_ACCOUNT_NO: Final = _HIT_SELECT + "WHERE a.account_no = ?"
BY_LEGACY_NO: Final = _HIT_SELECT + "WHERE a.legacy_no = ?"  # NOCASE column: any case matches
BY_METER_NO: Final = _HIT_SELECT + "WHERE a.id = (SELECT account_id FROM meters WHERE meter_no = ?)"
BY_BILL_NO: Final = _HIT_SELECT + "WHERE a.id = (SELECT account_id FROM bills WHERE bill_no = ?)"
BY_MOBILE: Final = _HIT_SELECT + "WHERE c.mobile_key = ? ORDER BY a.account_no LIMIT ?"

# Names and addresses: the first SEARCH_CAP matches in index order are ranked by bm25 (a name
# match weighs more than an address match), then only the best ``limit + 1`` are
# joined to their accounts and returned. The cap
# bounds the cost of a fragment that matches half the town; such a search is reported truncated.
SEARCH_CAP: Final = 500
BY_TEXT: Final = f"""
WITH matched (id, score) AS MATERIALIZED (
    SELECT rowid, bm25(account_search, 3.0, 1.0) FROM account_search
    WHERE account_search MATCH ? LIMIT ?),
best (id, score) AS MATERIALIZED (
    SELECT id, score FROM matched ORDER BY score, id LIMIT ?)
{_HIT_SELECT.replace("FROM accounts a", "FROM best JOIN accounts a ON a.id = best.id")}
ORDER BY best.score, best.id
"""
