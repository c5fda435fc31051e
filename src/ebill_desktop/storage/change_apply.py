"""Applying a page of the central change feed to the cache, inside the caller's transaction.

A page is reduced to the last change of each record (the feed sends records whole, so only the
newest state matters), then written with one ``executemany`` per entity and operation, in an
order that keeps foreign keys satisfied:

1. upserts of offices, categories, tariffs and consumers (what accounts refer to);
2. deletions of postings, consumption, bills, meters, then accounts (children first; an
   account's children also go with it by cascade);
3. upserts of accounts, meters, bills, consumption, postings, operators and the policy;
4. deletions of consumers, operators, tariffs, categories, offices and the policy.

Every write is an upsert keyed by the record's own number, and a tombstone of a missing record
deletes nothing, so applying a page twice leaves the cache as applying it once. The search index
is kept in step: accounts whose name or address may change are taken out before and put back
after. A change that does not fit the cache (an account of an unknown office, a bill of an
account the cache does not have, money in a second currency) raises :class:`ChangeRefusedError`, and
the caller's transaction rolls the whole page back.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.engine import Connection

from ebill_core.protocol import (
    Change,
    ChangeOp,
    Entity,
    OfflinePolicy,
    ProtocolError,
    tariff_key,
)
from ebill_core.protocol.records import policy_from_wire, policy_to_wire
from ebill_core.records import (
    Account,
    Bill,
    Consumer,
    ConsumerCategory,
    ConsumptionPoint,
    Meter,
    Office,
    Operator,
    PaymentPosting,
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
from ebill_desktop.storage.bundle_import import (
    IMPORT_CACHE_KIB,
    index_accounts,
    raw_connection,
    unindex_accounts,
)
from ebill_desktop.storage.column_types import datetime_text
from ebill_desktop.storage.database import (
    CURRENCY,
    DEFAULT_CURRENCY,
    CacheDatabase,
    set_sync_value,
)
from ebill_desktop.storage.lookup_keys import mobile_key

OFFLINE_POLICY = "offline_policy"  # sync_state key: the branch's policy as its wire JSON
_IN_CHUNK = 500  # values per IN (...) list, well under SQLite's parameter limit

T = TypeVar("T")


class ChangeRefusedError(ValueError):
    """A page of changes the cache cannot take; ``message`` names the record and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(slots=True)
class AppliedChanges:
    """How many changes of each entity a page carried, upserts and tombstones apart."""

    upserts: Counter[str] = field(default_factory=Counter)
    deletes: Counter[str] = field(default_factory=Counter)

    def add(self, other: AppliedChanges) -> None:
        self.upserts.update(other.upserts)
        self.deletes.update(other.deletes)


def offline_policy(db: CacheDatabase) -> OfflinePolicy | None:
    """The branch's offline policy as last received from head office, or None."""
    text = db.sync_value(OFFLINE_POLICY)
    if text is None:
        return None
    try:
        return policy_from_wire(json.loads(text))
    except (ValueError, ProtocolError):
        return None  # written by this module from a checked record; unreadable only if tampered


def apply_changes(connection: Connection, changes: Sequence[Change]) -> AppliedChanges:
    """Write ``changes`` (one decoded page, in ``seq`` order) in the caller's write transaction.

    Raises :class:`ChangeRefusedError`; the caller must then roll back (leaving the transaction by
    the exception does).
    """
    applied = AppliedChanges()
    for change in changes:
        (applied.deletes if change.op is ChangeOp.DELETE else applied.upserts)[change.entity] += 1
    page = _Page.of(changes)
    raw = raw_connection(connection)
    # A bigger page cache for whichever pooled connection writes keeps the indexes in memory.
    raw.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        currency = _settle_currency(connection, raw, page)
        touched = _accounts_to_reindex(raw, page)
        unindex_accounts(raw, touched)
        _write(raw, page, currency)
        upserted = [change.key for change in page.upserts[Entity.ACCOUNT]]
        # Each id once: a contentless index would take a second copy of the same row.
        index_accounts(raw, sorted(set(touched) | set(_ids_of(raw, upserted).values())))
        _write_policy(connection, page)
    except sqlite3.IntegrityError as error:
        raise ChangeRefusedError(
            f"the changes do not fit the cache ({error}): a record names another that the "
            "cache does not have, or a number that belongs to another record"
        ) from error
    return applied


# -- reading a page ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Page:
    """The last change of every record of a page, by entity, in ``seq`` order."""

    upserts: dict[Entity, list[Change]]
    deletes: dict[Entity, list[str]]

    @classmethod
    def of(cls, changes: Sequence[Change]) -> _Page:
        latest: dict[tuple[Entity, str], Change] = {}
        for change in changes:
            name = None if change.record is None else _KEYS[change.entity](change.record)
            if name is not None and name != change.key:
                # Records are merged by key below: a key that is not the record's would merge
                # two different records (or split one).
                raise ChangeRefusedError(
                    f"change {change.seq}: the key {change.key!r} is not the {change.entity}'s"
                )
            latest.pop((change.entity, change.key), None)  # re-insert: dicts keep order
            latest[(change.entity, change.key)] = change
        upserts: dict[Entity, list[Change]] = {entity: [] for entity in Entity}
        deletes: dict[Entity, list[str]] = {entity: [] for entity in Entity}
        closed = {
            change.key: change.seq
            for change in latest.values()
            if change.entity is Entity.ACCOUNT and change.op is ChangeOp.DELETE
        }
        for change in latest.values():
            if _gone_with_its_account(change, closed):
                # A bill, meter, reading history or posting sent before its account's tombstone
                # in the same page goes with the account; writing it after the deletions would
                # refuse the page for ever (a bill amended, then its account closed, met in
                # one page after days offline: found by tests/sync/test_pull_faults.py).
                continue
            if change.op is ChangeOp.DELETE:
                deletes[change.entity].append(change.key)
            else:
                upserts[change.entity].append(change)
        return cls(upserts, deletes)


_CHILDREN = (Entity.METER, Entity.BILL, Entity.CONSUMPTION, Entity.POSTING)


def _gone_with_its_account(change: Change, closed: dict[str, int]) -> bool:
    """Whether ``change`` upserts a child of an account this page deletes after it."""
    if change.op is ChangeOp.DELETE or change.entity not in _CHILDREN or not closed:
        return False
    owner = change.key if change.entity is Entity.CONSUMPTION else change.record
    account_no = owner if isinstance(owner, str) else getattr(owner, "account_no", None)
    deleted_at = closed.get(str(account_no))
    return deleted_at is not None and change.seq < deleted_at


def _consumption_key(points: Any) -> str | None:
    return str(points[0].account_no) if points else None  # an empty history names no account


# How each entity's record names itself; the change's key must say the same.
_KEYS: dict[Entity, Callable[[Any], str | None]] = {
    Entity.OFFICE: lambda r: str(r.code),
    Entity.CATEGORY: lambda r: str(r.code),
    Entity.TARIFF: lambda r: tariff_key(r.code, r.version),
    Entity.CONSUMER: lambda r: str(r.consumer_id),
    Entity.ACCOUNT: lambda r: str(r.account_no),
    Entity.METER: lambda r: str(r.meter_no),
    Entity.BILL: lambda r: str(r.bill_no),
    Entity.CONSUMPTION: _consumption_key,
    Entity.POSTING: lambda r: str(r.payment_id),
    Entity.OPERATOR: lambda r: str(r.login),
    Entity.POLICY: lambda r: str(r.branch_code),
}


def _records(page: _Page, entity: Entity, kind: type[T]) -> list[T]:
    found: list[T] = []
    for change in page.upserts[entity]:
        if not isinstance(change.record, kind):
            raise ChangeRefusedError(f"{entity} {change.key}: the record is not a {kind.__name__}")
        found.append(change.record)
    return found


# -- currency ---------------------------------------------------------------------------------


def _page_currencies(page: _Page) -> set[str]:
    found: set[str] = set()
    for bill in _records(page, Entity.BILL, Bill):
        found.add(bill.net_payable.currency)  # the decoder checked a bill's amounts agree
        found.update(line.amount.currency for line in bill.lines)
    found.update(p.amount.currency for p in _records(page, Entity.POSTING, PaymentPosting))
    for policy in _records(page, Entity.POLICY, OfflinePolicy):
        found.update((policy.max_total_offline.currency, policy.max_per_payment.currency))
    return found


def _settle_currency(connection: Connection, raw: sqlite3.Connection, page: _Page) -> str:
    """The cache's one currency, fixed by the first money that arrives; others are refused."""
    row = raw.execute("SELECT value FROM sync_state WHERE key = ?", (CURRENCY,)).fetchone()
    cached: str | None = None if row is None else str(row[0])
    arriving = _page_currencies(page)
    known = {cached} if cached else set()
    if len(arriving | known) > 1:
        held = f"the cache holds {cached}" if cached else "the page mixes currencies"
        raise ChangeRefusedError(f"amounts in {', '.join(sorted(arriving))}, but {held}")
    if cached is None and arriving:
        (cached,) = arriving
        set_sync_value(connection, CURRENCY, cached)
        # Accounts that came before any money were stored with the default; now it is known.
        raw.execute("UPDATE accounts SET currency = ?", (cached,))
    return cached or DEFAULT_CURRENCY


# -- the search index -------------------------------------------------------------------------


def _accounts_to_reindex(raw: sqlite3.Connection, page: _Page) -> list[int]:
    """Cached accounts whose indexed name or address the page may change or remove."""
    numbers = [change.key for change in page.upserts[Entity.ACCOUNT]]
    numbers += page.deletes[Entity.ACCOUNT]
    ids = set(_ids_of(raw, numbers).values())
    consumers = [c.consumer_id for c in _records(page, Entity.CONSUMER, Consumer)]
    for marks, chunk in _chunks(consumers):
        ids.update(
            account_id
            for (account_id,) in raw.execute(
                f"SELECT id FROM accounts WHERE consumer_id IN ({marks})",  # noqa: S608
                chunk,
            )
        )
    return sorted(ids)


def _ids_of(raw: sqlite3.Connection, account_numbers: Sequence[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for marks, chunk in _chunks(list(dict.fromkeys(account_numbers))):
        ids.update(
            raw.execute(
                f"SELECT account_no, id FROM accounts WHERE account_no IN ({marks})",  # noqa: S608
                chunk,
            ).fetchall()
        )
    return ids


def _chunks(values: Sequence[object]) -> Iterator[tuple[str, Sequence[object]]]:
    for start in range(0, len(values), _IN_CHUNK):
        chunk = values[start : start + _IN_CHUNK]
        yield ",".join("?" * len(chunk)), chunk


# -- writing ----------------------------------------------------------------------------------


def _write(raw: sqlite3.Connection, page: _Page, currency: str) -> None:
    _upsert_offices(raw, _records(page, Entity.OFFICE, Office))
    _upsert_categories(raw, _records(page, Entity.CATEGORY, ConsumerCategory))
    _upsert_tariffs(raw, _records(page, Entity.TARIFF, TariffDocument))
    _upsert_consumers(raw, _records(page, Entity.CONSUMER, Consumer))

    _delete(raw, "payment_postings", "payment_id", page.deletes[Entity.POSTING])
    _delete_consumption(raw, page.deletes[Entity.CONSUMPTION])
    _delete(raw, "bills", "bill_no", page.deletes[Entity.BILL])
    _delete(raw, "meters", "meter_no", page.deletes[Entity.METER])
    _delete(raw, "accounts", "account_no", page.deletes[Entity.ACCOUNT])

    _upsert_accounts(raw, _records(page, Entity.ACCOUNT, Account), currency)
    owners = _Owners(raw)
    _upsert_meters(raw, _records(page, Entity.METER, Meter), owners)
    _upsert_bills(raw, _records(page, Entity.BILL, Bill), owners)
    _replace_consumption(raw, page, owners)
    _upsert_postings(raw, _records(page, Entity.POSTING, PaymentPosting), owners)
    _upsert_operators(raw, _records(page, Entity.OPERATOR, Operator))

    _delete(
        raw, "consumers", "consumer_id", [_consumer_id(k) for k in page.deletes[Entity.CONSUMER]]
    )
    _delete(raw, "operators", "login", page.deletes[Entity.OPERATOR])
    raw.executemany(
        "DELETE FROM tariffs WHERE code = ? AND version = ?",
        [_tariff_key(key) for key in page.deletes[Entity.TARIFF]],
    )
    _delete(raw, "categories", "code", page.deletes[Entity.CATEGORY])
    _delete(raw, "offices", "code", page.deletes[Entity.OFFICE])


def _delete(raw: sqlite3.Connection, table: str, key: str, values: Iterable[object]) -> None:
    raw.executemany(f"DELETE FROM {table} WHERE {key} = ?", [(v,) for v in values])  # noqa: S608


def _consumer_id(key: str) -> int:
    try:
        return int(key)
    except ValueError:
        raise ChangeRefusedError(
            f"consumer tombstone {key!r}: a consumer's key is a number"
        ) from None


def _tariff_key(key: str) -> tuple[str, int]:
    code, _, version = key.rpartition("@")
    if not code or not version.isdigit():
        raise ChangeRefusedError(f"tariff tombstone {key!r}: a tariff's key is CODE@VERSION")
    return code, int(version)


class _Owners:
    """Account numbers to cache ids, read as needed; an unknown account refuses the page."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self._raw = raw
        self._ids: dict[str, int] = {}

    def ids(self, entity: Entity, owned: Sequence[tuple[str, str]]) -> list[int]:
        """The account ids of ``(record key, account_no)`` pairs, in order."""
        missing = list({no for _, no in owned if no not in self._ids})
        self._ids.update(_ids_of(self._raw, missing))
        for key, account_no in owned:
            if account_no not in self._ids:
                raise ChangeRefusedError(
                    f"{entity} {key} belongs to account {account_no}, which the cache does not have"
                )
        return [self._ids[no] for _, no in owned]


def _known_codes(raw: sqlite3.Connection, table: str) -> set[str]:
    return {code for (code,) in raw.execute(f"SELECT code FROM {table}")}  # noqa: S608


def _upsert_offices(raw: sqlite3.Connection, offices: list[Office]) -> None:
    raw.executemany(
        "INSERT INTO offices (code, name) VALUES (?, ?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name",
        [(o.code, o.name) for o in offices],
    )


def _upsert_categories(raw: sqlite3.Connection, categories: list[ConsumerCategory]) -> None:
    raw.executemany(
        "INSERT INTO categories (code, name, tariff_code, exactness) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (code) DO UPDATE SET name = excluded.name, "
        "tariff_code = excluded.tariff_code, exactness = excluded.exactness",
        [(c.code, c.name, c.tariff_code, c.exactness.value) for c in categories],
    )


def _upsert_tariffs(raw: sqlite3.Connection, tariffs: list[TariffDocument]) -> None:
    raw.executemany(
        "INSERT INTO tariffs (code, version, effective_from, body_json) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (code, version) DO UPDATE SET "
        "effective_from = excluded.effective_from, body_json = excluded.body_json",
        [(t.code, t.version, t.effective_from.isoformat(), t.body_json) for t in tariffs],
    )


def _upsert_consumers(raw: sqlite3.Connection, consumers: list[Consumer]) -> None:
    raw.executemany(
        "INSERT INTO consumers (consumer_id, name, mobile, mobile_key, email) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (consumer_id) DO UPDATE SET name = excluded.name, "
        "mobile = excluded.mobile, mobile_key = excluded.mobile_key, email = excluded.email",
        [(c.consumer_id, c.name, c.mobile, mobile_key(c.mobile), c.email) for c in consumers],
    )


def _upsert_accounts(raw: sqlite3.Connection, accounts: list[Account], currency: str) -> None:
    if not accounts:
        return
    offices, categories = _known_codes(raw, "offices"), _known_codes(raw, "categories")
    for a in accounts:
        if a.office_code not in offices:
            raise ChangeRefusedError(f"account {a.account_no}: unknown office {a.office_code!r}")
        if a.category_code not in categories:
            raise ChangeRefusedError(
                f"account {a.account_no}: unknown category {a.category_code!r}"
            )
    raw.executemany(
        "INSERT INTO accounts (account_no, legacy_no, consumer_id, address, category_code, "
        "tariff_code, supply_type, voltage_v, sanctioned_load_w, office_code, pole, "
        "connected_on, status, currency, cheque_barred, cheque_barred_since) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (account_no) DO UPDATE SET legacy_no = excluded.legacy_no, "
        "consumer_id = excluded.consumer_id, address = excluded.address, "
        "category_code = excluded.category_code, tariff_code = excluded.tariff_code, "
        "supply_type = excluded.supply_type, voltage_v = excluded.voltage_v, "
        "sanctioned_load_w = excluded.sanctioned_load_w, office_code = excluded.office_code, "
        "pole = excluded.pole, connected_on = excluded.connected_on, status = excluded.status, "
        "currency = excluded.currency, cheque_barred = excluded.cheque_barred, "
        "cheque_barred_since = excluded.cheque_barred_since",
        [
            (
                a.account_no,
                a.legacy_no,
                a.consumer_id,
                a.address,
                a.category_code,
                a.tariff_code,
                a.supply_type,
                a.voltage_v,
                a.sanctioned_load_w,
                a.office_code,
                a.pole,
                a.connected_on.isoformat(),
                a.status.value,
                currency,
                a.cheque_barred,
                datetime_text(a.cheque_barred_since),
            )
            for a in accounts
        ],
    )


def _upsert_meters(raw: sqlite3.Connection, meters: list[Meter], owners: _Owners) -> None:
    account_ids = owners.ids(Entity.METER, [(m.meter_no, m.account_no) for m in meters])
    raw.executemany(
        "INSERT INTO meters (meter_no, account_id, multiplying_factor, digits, registers_json, "
        "installed_on, removed_on) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (meter_no) DO UPDATE SET account_id = excluded.account_id, "
        "multiplying_factor = excluded.multiplying_factor, digits = excluded.digits, "
        "registers_json = excluded.registers_json, installed_on = excluded.installed_on, "
        "removed_on = excluded.removed_on",
        [
            (
                m.meter_no,
                account_id,
                m.multiplying_factor,
                m.digits,
                json.dumps(list(m.registers)),
                None if m.installed_on is None else m.installed_on.isoformat(),
                None if m.removed_on is None else m.removed_on.isoformat(),
            )
            for m, account_id in zip(meters, account_ids, strict=True)
        ],
    )


_BILL_UPDATES = ", ".join(
    f"{name} = excluded.{name}" for name in BILL_COLUMNS.split(", ") if name != "bill_no"
)


def _upsert_bills(raw: sqlite3.Connection, bills: list[Bill], owners: _Owners) -> None:
    if not bills:
        return
    account_ids = owners.ids(Entity.BILL, [(b.bill_no, b.account_no) for b in bills])
    raw.executemany(
        f"INSERT INTO bills ({BILL_COLUMNS}) VALUES ({BILL_PARAMETER_MARKS}) "  # noqa: S608
        f"ON CONFLICT (bill_no) DO UPDATE SET {_BILL_UPDATES}",
        [bill_row(b, account_id) for b, account_id in zip(bills, account_ids, strict=True)],
    )
    bill_ids: dict[str, int] = {}
    for marks, chunk in _chunks([b.bill_no for b in bills]):
        bill_ids.update(
            raw.execute(
                f"SELECT bill_no, id FROM bills WHERE bill_no IN ({marks})",  # noqa: S608
                chunk,
            ).fetchall()
        )
    # A bill's lines and registers travel whole with it: replace them.
    old = [(bill_ids[b.bill_no],) for b in bills]
    raw.executemany("DELETE FROM bill_lines WHERE bill_id = ?", old)
    raw.executemany("DELETE FROM bill_registers WHERE bill_id = ?", old)
    raw.executemany(INSERT_LINES, [row for b in bills for row in line_rows(bill_ids[b.bill_no], b)])
    raw.executemany(
        INSERT_REGISTERS, [row for b in bills for row in register_rows(bill_ids[b.bill_no], b)]
    )


def _delete_consumption(raw: sqlite3.Connection, account_numbers: list[str]) -> None:
    raw.executemany(
        "DELETE FROM consumption WHERE account_id = (SELECT id FROM accounts WHERE account_no = ?)",
        [(no,) for no in account_numbers],
    )


def _replace_consumption(raw: sqlite3.Connection, page: _Page, owners: _Owners) -> None:
    """An account's whole consumption history, keyed by the account: replace what is held."""
    histories: list[tuple[str, tuple[ConsumptionPoint, ...]]] = []
    for change in page.upserts[Entity.CONSUMPTION]:
        points = change.record
        if not isinstance(points, tuple) or any(
            not isinstance(p, ConsumptionPoint) or p.account_no != change.key for p in points
        ):
            raise ChangeRefusedError(f"consumption {change.key}: the points are not that account's")
        histories.append((change.key, points))
    if not histories:
        return
    account_ids = owners.ids(Entity.CONSUMPTION, [(key, key) for key, _ in histories])
    raw.executemany("DELETE FROM consumption WHERE account_id = ?", [(i,) for i in account_ids])
    raw.executemany(
        "INSERT INTO consumption (account_id, period_end, units, kind) VALUES (?, ?, ?, ?)",
        [
            (account_id, p.period_end.isoformat(), p.units, p.kind.value)
            for (_, points), account_id in zip(histories, account_ids, strict=True)
            for p in points
        ],
    )


def _upsert_postings(
    raw: sqlite3.Connection, postings: list[PaymentPosting], owners: _Owners
) -> None:
    account_ids = owners.ids(Entity.POSTING, [(p.payment_id, p.account_no) for p in postings])
    raw.executemany(
        "INSERT INTO payment_postings (payment_id, account_id, paid_at, amount_minor, currency, "
        "channel, place, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (payment_id) DO UPDATE SET account_id = excluded.account_id, "
        "paid_at = excluded.paid_at, amount_minor = excluded.amount_minor, "
        "currency = excluded.currency, channel = excluded.channel, place = excluded.place, "
        "receipt_no = excluded.receipt_no",
        [
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
            for p, account_id in zip(postings, account_ids, strict=True)
        ],
    )


def _upsert_operators(raw: sqlite3.Connection, operators: list[Operator]) -> None:
    if not operators:
        return
    offices = _known_codes(raw, "offices")
    for o in operators:
        if o.office_code not in offices:
            raise ChangeRefusedError(f"operator {o.login}: unknown office {o.office_code!r}")
    raw.executemany(
        "INSERT INTO operators (login, full_name, role, password_hash, office_code, active) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (login) DO UPDATE SET "
        "full_name = excluded.full_name, role = excluded.role, "
        "password_hash = excluded.password_hash, office_code = excluded.office_code, "
        "active = excluded.active",
        [
            (o.login, o.full_name, o.role.value, o.password_hash, o.office_code, o.active)
            for o in operators
        ],
    )


def _write_policy(connection: Connection, page: _Page) -> None:
    """The branch's offline policy: kept whole, as its wire JSON, in ``sync_state``."""
    policies = _records(page, Entity.POLICY, OfflinePolicy)
    if policies:
        set_sync_value(connection, OFFLINE_POLICY, json.dumps(policy_to_wire(policies[-1])))
    elif page.deletes[Entity.POLICY]:
        connection.exec_driver_sql("DELETE FROM sync_state WHERE key = ?", (OFFLINE_POLICY,))
