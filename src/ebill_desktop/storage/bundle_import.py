"""Loading accounts into the cache fast: the demo utility now, the first sync later.

:func:`import_bundles` writes batches of ~10,000 :class:`~ebill_core.records.AccountBundle` in one
``BEGIN IMMEDIATE`` transaction each, with ``executemany`` on the raw sqlite3 connection (the ORM
would spend most of the time building objects). The full-text index is filled in the same
transaction as the rows it indexes. An account already in the cache is replaced: its row is
updated in place (so its id, which later tables may reference, stays) and its bills, meters,
readings, consumption and postings are written afresh.

A bundle that breaks a rule (unknown office or category, mixed currencies, a meter or bill
number that belongs to another account ...) raises :class:`ImportRefusedError`; its batch is
rolled back and earlier batches stay, so importing the same bundles again resumes the load.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice

from sqlalchemy.engine import Connection

from ebill_core.records import (
    AccountBundle,
    ConsumerCategory,
    Office,
    Operator,
    TariffDocument,
)
from ebill_desktop.storage.bill_rows import (
    BILL_COLUMNS,
    BILL_PARAMETER_MARKS,
    INSERT_LINES,
    INSERT_REGISTERS,
    bill_row,
    line_rows,
    register_rows,
)
from ebill_desktop.storage.column_types import datetime_text
from ebill_desktop.storage.database import (
    CURRENCY,
    CacheDatabase,
    set_sync_value,
)
from ebill_desktop.storage.lookup_keys import mobile_key
from ebill_desktop.storage.search_text import fold

BATCH_SIZE = 10_000
IMPORT_CACHE_KIB = 65_536  # 64 MiB of page cache on the write connection
OPTIMIZE_AFTER = 50_000  # merge the full-text index into one segment after a load this big
_IN_CHUNK = 500  # values per IN (...) list, well under SQLite's parameter limit

Progress = Callable[[int, int], None]


class ImportRefusedError(ValueError):
    """A bundle or reference record the cache cannot take; ``message`` says which and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def import_bundles(
    db: CacheDatabase,
    bundles: Iterable[AccountBundle],
    total: int | None = None,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Write ``bundles`` to the cache; return how many accounts were written.

    ``progress(done, total)`` is called after each committed batch (``total`` is 0 when not
    given). Reference data (offices, categories) must be imported first.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    references = _References.read(db)
    done = 0
    for batch in _batches(bundles, batch_size):
        for bundle in batch:
            references.check(bundle)
        with db.write_transaction() as connection:
            _write_batch(connection, batch, references)
        done += len(batch)
        if progress is not None:
            progress(done, total or 0)
    if done >= OPTIMIZE_AFTER:
        optimize_search_index(db)
    return done


def add_account_bundle(db: CacheDatabase, bundle: AccountBundle) -> None:
    """Write (or replace) one account: a convenience for tests and single updates."""
    import_bundles(db, [bundle])


def optimize_search_index(db: CacheDatabase) -> None:
    """Merge the full-text index into one segment and refresh the planner's statistics."""
    with db.write_transaction() as connection:
        connection.exec_driver_sql("INSERT INTO account_search(account_search) VALUES ('optimize')")
        connection.exec_driver_sql("PRAGMA optimize")


def import_reference(
    db: CacheDatabase,
    offices: Iterable[Office],
    categories: Iterable[ConsumerCategory],
    tariffs: Iterable[TariffDocument],
    operators: Iterable[Operator],
) -> None:
    """Insert or update offices, categories, tariff versions and operators in one transaction."""
    with db.write_transaction() as connection:
        raw = _raw(connection)
        raw.executemany(
            "INSERT INTO offices (code, name) VALUES (?, ?) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name",
            [(office.code, office.name) for office in offices],
        )
        raw.executemany(
            "INSERT INTO categories (code, name, tariff_code, exactness) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
            "tariff_code = excluded.tariff_code, exactness = excluded.exactness",
            [(c.code, c.name, c.tariff_code, c.exactness.value) for c in categories],
        )
        raw.executemany(
            "INSERT INTO tariffs (code, version, effective_from, body_json) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (code, version) DO UPDATE SET "
            "effective_from = excluded.effective_from, body_json = excluded.body_json",
            [(t.code, t.version, t.effective_from.isoformat(), t.body_json) for t in tariffs],
        )
        try:
            raw.executemany(
                "INSERT INTO operators (login, full_name, role, password_hash, office_code, "
                "active) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (login) DO UPDATE SET "
                "full_name = excluded.full_name, role = excluded.role, "
                "password_hash = excluded.password_hash, office_code = excluded.office_code, "
                "active = excluded.active",
                [
                    (o.login, o.full_name, o.role.value, o.password_hash, o.office_code, o.active)
                    for o in operators
                ],
            )
        except sqlite3.IntegrityError as error:
            raise ImportRefusedError(
                f"an operator names an office the cache does not know: {error}"
            ) from error


# -- checks -----------------------------------------------------------------------------------


class _References:
    """Codes the accounts may name, and the cache's one currency."""

    def __init__(self, offices: set[str], categories: set[str], currency: str | None) -> None:
        self.offices = offices
        self.categories = categories
        self.currency = currency

    @classmethod
    def read(cls, db: CacheDatabase) -> _References:
        reader = db.reader()
        offices = {code for (code,) in reader.execute("SELECT code FROM offices")}
        categories = {code for (code,) in reader.execute("SELECT code FROM categories")}
        return cls(offices, categories, db.sync_value(CURRENCY))

    def check(self, bundle: AccountBundle) -> None:
        account = bundle.account
        where = f"account {account.account_no}"
        if account.office_code not in self.offices:
            raise ImportRefusedError(f"{where}: unknown office {account.office_code!r}")
        if account.category_code not in self.categories:
            raise ImportRefusedError(f"{where}: unknown category {account.category_code!r}")
        if bundle.consumer.consumer_id != account.consumer_id:
            raise ImportRefusedError(
                f"{where}: belongs to consumer {account.consumer_id}, not "
                f"{bundle.consumer.consumer_id}"
            )
        owners = (
            [m.account_no for m in bundle.meters]
            + [b.account_no for b in bundle.bills]
            + [p.account_no for p in bundle.consumption]
            + [p.account_no for p in bundle.postings]
        )
        if any(owner != account.account_no for owner in owners):
            raise ImportRefusedError(f"{where}: the bundle carries records of another account")
        meter_nos = {m.meter_no for m in bundle.meters}
        if any(r.meter_no not in meter_nos for r in bundle.readings):
            raise ImportRefusedError(f"{where}: a reading names a meter the bundle does not have")
        for currency in _currencies(bundle):
            if self.currency is None:
                self.currency = currency
            elif currency != self.currency:
                raise ImportRefusedError(
                    f"{where}: amounts in {currency}, but the cache holds {self.currency}"
                )


def _currencies(bundle: AccountBundle) -> set[str]:
    found = {p.amount.currency for p in bundle.postings}
    for bill in bundle.bills:
        found.add(bill.net_payable.currency)
        found.update(
            money.currency
            for money in (
                bill.current_charges,
                bill.arrears,
                bill.surcharge,
                bill.payable_after_due,
                bill.amount_paid,
                bill.rounding_carried,
                bill.early_payment_rebate,
            )
            if money is not None
        )
        found.update(line.amount.currency for line in bill.lines)
    return found


# -- writing ----------------------------------------------------------------------------------


def _batches(bundles: Iterable[AccountBundle], size: int) -> Iterator[list[AccountBundle]]:
    iterator = iter(bundles)
    while batch := list(islice(iterator, size)):
        yield batch


def _raw(connection: Connection) -> sqlite3.Connection:
    raw = connection.connection.dbapi_connection
    if not isinstance(raw, sqlite3.Connection):
        raise TypeError("the cache runs on the sqlite3 driver")
    return raw


def _write_batch(
    connection: Connection, batch: Sequence[AccountBundle], references: _References
) -> None:
    raw = _raw(connection)
    # A bigger page cache for whichever pooled connection writes keeps the indexes in memory.
    raw.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    first = batch[0].account.account_no
    try:
        account_ids, replaced = _account_ids(raw, batch)
        renamed_elsewhere = _forget_search_rows(raw, batch, replaced)
        _write_rows(raw, batch, account_ids)
        _index_accounts(raw, renamed_elsewhere)
    except sqlite3.IntegrityError as error:
        raise ImportRefusedError(
            f"the batch starting at account {first} breaks a rule of the cache ({error}); a "
            "meter, bill, legacy or payment number may belong to another account"
        ) from error
    if references.currency is not None:
        set_sync_value(connection, CURRENCY, references.currency)


def _in_chunks(values: Sequence[object]) -> Iterator[tuple[str, Sequence[object]]]:
    for start in range(0, len(values), _IN_CHUNK):
        chunk = values[start : start + _IN_CHUNK]
        yield ",".join("?" * len(chunk)), chunk


def _account_ids(
    raw: sqlite3.Connection, batch: Sequence[AccountBundle]
) -> tuple[dict[str, int], list[int]]:
    """Ids for the batch's accounts (kept for those already cached, new for the rest), and the
    ids of those being replaced, whose old children are deleted here."""
    numbers = [bundle.account.account_no for bundle in batch]
    if len(set(numbers)) != len(numbers):
        raise ImportRefusedError(f"an account appears twice in the batch starting at {numbers[0]}")
    ids: dict[str, int] = {}
    for marks, chunk in _in_chunks(numbers):
        ids.update(
            raw.execute(
                f"SELECT account_no, id FROM accounts WHERE account_no IN ({marks})",  # noqa: S608
                chunk,
            ).fetchall()
        )
    replaced = list(ids.values())
    _delete_children(raw, replaced)
    next_id = _next_id(raw, "accounts")
    for number in numbers:
        if number not in ids:
            ids[number] = next_id
            next_id += 1
    return ids, replaced


def _delete_children(raw: sqlite3.Connection, ids: list[int]) -> None:
    """Remove what an account is replaced with (bill lines and readings go by cascade)."""
    rows = [(account_id,) for account_id in ids]
    for table in ("bills", "meters", "consumption", "payment_postings"):
        raw.executemany(f"DELETE FROM {table} WHERE account_id = ?", rows)  # noqa: S608


_INDEXED_TEXT = (
    "SELECT a.id, c.name, a.address FROM accounts a "
    "JOIN consumers c ON c.consumer_id = a.consumer_id WHERE "
)


def _forget_search_rows(
    raw: sqlite3.Connection, batch: Sequence[AccountBundle], replaced: list[int]
) -> list[int]:
    """Take out of the index every cached account whose name or address the batch may change.

    The index is contentless: a row is removed by giving the text it was indexed with, which is
    the folded text the tables hold now. Returns the accounts outside the batch that were taken
    out (other accounts of a consumer in the batch), to be indexed again afterwards.
    """
    stale: dict[int, tuple[str, str]] = {}
    consumer_ids = list({bundle.consumer.consumer_id for bundle in batch})
    for column, values in (("a.consumer_id", consumer_ids), ("a.id", replaced)):
        for marks, chunk in _in_chunks(values):
            query = f"{_INDEXED_TEXT}{column} IN ({marks})"
            stale.update((i, (name, address)) for i, name, address in raw.execute(query, chunk))
    raw.executemany(
        "INSERT INTO account_search (account_search, rowid, name, address) "
        "VALUES ('delete', ?, ?, ?)",
        [(i, fold(name), fold(address)) for i, (name, address) in stale.items()],
    )
    in_batch = set(replaced)
    return [i for i in stale if i not in in_batch]


def _index_accounts(raw: sqlite3.Connection, account_ids: list[int]) -> None:
    """Index the named accounts from what the tables now hold."""
    for marks, chunk in _in_chunks(account_ids):
        rows = raw.execute(f"{_INDEXED_TEXT}a.id IN ({marks})", chunk).fetchall()
        raw.executemany(
            "INSERT INTO account_search (rowid, name, address) VALUES (?, ?, ?)",
            [(i, fold(name), fold(address)) for i, name, address in rows],
        )


# -- for the change feed (storage/change_apply.py) ----------------------------------------------


def raw_connection(connection: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under a write transaction (for ``executemany``)."""
    return _raw(connection)


def unindex_accounts(raw: sqlite3.Connection, account_ids: Sequence[int]) -> None:
    """Take accounts out of the search index, before their name or address changes or they go.

    The index is contentless: each row is removed with the folded text it was indexed with,
    which is what the tables hold until the change is written.
    """
    for marks, chunk in _in_chunks(list(account_ids)):
        rows = raw.execute(f"{_INDEXED_TEXT}a.id IN ({marks})", chunk).fetchall()
        raw.executemany(
            "INSERT INTO account_search (account_search, rowid, name, address) "
            "VALUES ('delete', ?, ?, ?)",
            [(i, fold(name), fold(address)) for i, name, address in rows],
        )


def index_accounts(raw: sqlite3.Connection, account_ids: Sequence[int]) -> None:
    """Index accounts from what the tables hold now (ids that no longer exist are skipped)."""
    _index_accounts(raw, list(account_ids))


def _write_rows(
    raw: sqlite3.Connection, batch: Sequence[AccountBundle], account_ids: dict[str, int]
) -> None:
    consumers: dict[int, tuple[object, ...]] = {}
    accounts: list[tuple[object, ...]] = []
    search: list[tuple[int, str, str]] = []
    for bundle in batch:
        consumer, account = bundle.consumer, bundle.account
        consumers[consumer.consumer_id] = (
            consumer.consumer_id,
            consumer.name,
            consumer.mobile,
            mobile_key(consumer.mobile),
            consumer.email,
        )
        account_id = account_ids[account.account_no]
        currency = _account_currency(bundle)
        accounts.append(
            (
                account_id,
                account.account_no,
                account.legacy_no,
                account.consumer_id,
                account.address,
                account.category_code,
                account.tariff_code,
                account.supply_type,
                account.voltage_v,
                account.sanctioned_load_w,
                account.office_code,
                account.pole,
                account.connected_on.isoformat(),
                account.status.value,
                currency,
                account.cheque_barred,
                datetime_text(account.cheque_barred_since),
            )
        )
        search.append((account_id, fold(consumer.name), fold(account.address)))
    raw.executemany(
        "INSERT INTO consumers (consumer_id, name, mobile, mobile_key, email) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (consumer_id) DO UPDATE SET name = excluded.name, "
        "mobile = excluded.mobile, mobile_key = excluded.mobile_key, email = excluded.email",
        consumers.values(),
    )
    raw.executemany(
        "INSERT INTO accounts (id, account_no, legacy_no, consumer_id, address, category_code, "
        "tariff_code, supply_type, voltage_v, sanctioned_load_w, office_code, pole, "
        "connected_on, status, currency, cheque_barred, cheque_barred_since) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET legacy_no = excluded.legacy_no, "
        "consumer_id = excluded.consumer_id, address = excluded.address, "
        "category_code = excluded.category_code, tariff_code = excluded.tariff_code, "
        "supply_type = excluded.supply_type, voltage_v = excluded.voltage_v, "
        "sanctioned_load_w = excluded.sanctioned_load_w, office_code = excluded.office_code, "
        "pole = excluded.pole, connected_on = excluded.connected_on, status = excluded.status, "
        "currency = excluded.currency, cheque_barred = excluded.cheque_barred, "
        "cheque_barred_since = excluded.cheque_barred_since",
        accounts,
    )
    raw.executemany("INSERT INTO account_search (rowid, name, address) VALUES (?, ?, ?)", search)
    _write_meters(raw, batch, account_ids)
    _write_bills(raw, batch, account_ids)
    _write_history(raw, batch, account_ids)


def _account_currency(bundle: AccountBundle) -> str:
    for bill in bundle.bills:
        return bill.net_payable.currency
    for posting in bundle.postings:
        return posting.amount.currency
    return "INR"


def _next_id(raw: sqlite3.Connection, table: str) -> int:
    row = raw.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()  # noqa: S608
    return int(row[0]) + 1


def _write_meters(
    raw: sqlite3.Connection, batch: Sequence[AccountBundle], account_ids: dict[str, int]
) -> None:
    meter_id = _next_id(raw, "meters")
    meters: list[tuple[object, ...]] = []
    readings: list[tuple[object, ...]] = []
    for bundle in batch:
        account_id = account_ids[bundle.account.account_no]
        ids: dict[str, int] = {}
        for meter in bundle.meters:
            ids[meter.meter_no] = meter_id
            meters.append(
                (
                    meter_id,
                    meter.meter_no,
                    account_id,
                    meter.multiplying_factor,
                    meter.digits,
                    json.dumps(list(meter.registers)),
                    None if meter.installed_on is None else meter.installed_on.isoformat(),
                    None if meter.removed_on is None else meter.removed_on.isoformat(),
                )
            )
            meter_id += 1
        readings.extend(
            (ids[r.meter_no], r.register, r.read_on.isoformat(), r.value, r.kind.value)
            for r in bundle.readings
        )
    raw.executemany(
        "INSERT INTO meters (id, meter_no, account_id, multiplying_factor, digits, "
        "registers_json, installed_on, removed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        meters,
    )
    raw.executemany(
        "INSERT INTO readings (meter_id, register, read_on, value, kind) VALUES (?, ?, ?, ?, ?)",
        readings,
    )


def _write_bills(
    raw: sqlite3.Connection, batch: Sequence[AccountBundle], account_ids: dict[str, int]
) -> None:
    bill_id = _next_id(raw, "bills")
    bills: list[tuple[object, ...]] = []
    lines: list[tuple[object, ...]] = []
    registers: list[tuple[object, ...]] = []
    for bundle in batch:
        account_id = account_ids[bundle.account.account_no]
        for bill in bundle.bills:
            bills.append((bill_id, *bill_row(bill, account_id)))
            lines.extend(line_rows(bill_id, bill))
            registers.extend(register_rows(bill_id, bill))
            bill_id += 1
    raw.executemany(
        f"INSERT INTO bills (id, {BILL_COLUMNS}) VALUES (?, {BILL_PARAMETER_MARKS})",  # noqa: S608
        bills,
    )
    raw.executemany(INSERT_LINES, lines)
    raw.executemany(INSERT_REGISTERS, registers)


def _write_history(
    raw: sqlite3.Connection, batch: Sequence[AccountBundle], account_ids: dict[str, int]
) -> None:
    consumption: list[tuple[object, ...]] = []
    postings: list[tuple[object, ...]] = []
    for bundle in batch:
        account_id = account_ids[bundle.account.account_no]
        consumption.extend(
            (account_id, point.period_end.isoformat(), point.units, point.kind.value)
            for point in bundle.consumption
        )
        postings.extend(
            (
                p.payment_id,
                account_id,
                datetime_text(p.paid_at),
                p.amount.minor,
                p.amount.currency,
                p.channel,
                p.place,
                p.receipt_no,
            )
            for p in bundle.postings
        )
    raw.executemany(
        "INSERT INTO consumption (account_id, period_end, units, kind) VALUES (?, ?, ?, ?)",
        consumption,
    )
    raw.executemany(
        "INSERT INTO payment_postings (payment_id, account_id, paid_at, amount_minor, currency, "
        "channel, place, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        postings,
    )
