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

# Names and addresses, in two steps. First the FTS5 match alone, in index order, stopping at
# ``limit + 1`` rows: ranking inside SQLite (bm25) costs a pass over every match of every
# fragment, over 100 ms at the 99th percentile on a 1,000,000-account cache, where a plain match
# that stops early takes a few ms. Then the display rows of those accounts, which the service
# ranks itself (names before addresses). More matches than the limit means "type more".
MATCHING_IDS: Final = "SELECT rowid FROM account_search WHERE account_search MATCH ? LIMIT ?"
BY_IDS: Final = _HIT_SELECT + "WHERE a.id IN (SELECT value FROM json_each(?))"
