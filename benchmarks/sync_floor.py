"""The raw floor of a first sync: the same rows, fetched and inserted with nothing in between.

The terminal's change rows are read straight from the central database (the feed's own query,
``ORDER BY seq``, streamed), each payload is parsed with the standard ``json`` module, and the
values go into an empty cache file (the app's schema, made by ``open_cache``; the app's
pragmas: WAL, ``synchronous=FULL``, foreign keys on, a 64 MiB page cache) with plain
``sqlite3`` ``executemany``, one transaction per 50,000 changes, search index included (the same
folded name and address the app indexes). Ids are handed out in Python; nothing is checked or
merged: this is what a first sync would cost if the link, the protocol's checks and the
cache's rules were free.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from ebill_desktop.storage.bundle_import import IMPORT_CACHE_KIB
from ebill_desktop.storage.database import open_cache
from ebill_desktop.storage.lookup_keys import mobile_key
from ebill_desktop.storage.search_text import fold

CHUNK = 50_000
_SELECT = (
    "SELECT entity, payload FROM change_log WHERE scope IN ({marks}) AND seq IS NOT NULL "
    "AND op = 'upsert' ORDER BY seq"
)

_INSERTS = {
    "office": "INSERT OR REPLACE INTO offices (code, name) VALUES (?, ?)",
    "category": "INSERT OR REPLACE INTO categories (code, name, tariff_code, exactness) "
    "VALUES (?, ?, ?, ?)",
    "tariff": "INSERT OR REPLACE INTO tariffs (code, version, effective_from, body_json) "
    "VALUES (?, ?, ?, ?)",
    "consumer": "INSERT OR REPLACE INTO consumers (consumer_id, name, mobile, mobile_key, email) "
    "VALUES (?, ?, ?, ?, ?)",
    "account": "INSERT INTO accounts (id, account_no, legacy_no, consumer_id, address, "
    "category_code, tariff_code, supply_type, voltage_v, sanctioned_load_w, office_code, pole, "
    "connected_on, status, currency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "search": "INSERT INTO account_search (rowid, name, address) VALUES (?, ?, ?)",
    "meter": "INSERT INTO meters (meter_no, account_id, multiplying_factor, digits, "
    "registers_json, installed_on, removed_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "bill": "INSERT INTO bills (id, bill_no, account_id, version, bill_date, period_start, "
    "period_end, due_date, cheque_due_date, disconnection_date, units, currency, "
    "current_charges_minor, arrears_minor, surcharge_minor, net_payable_minor, "
    "payable_after_due_minor, amount_paid_minor, rounding_carried_minor, "
    "early_payment_rebate_minor, rebate_by, status) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "line": "INSERT INTO bill_lines (bill_id, seq, code, description, quantity, rate, "
    "amount_minor) VALUES (?, ?, ?, ?, ?, ?, ?)",
    "register": "INSERT INTO bill_registers (bill_id, seq, meter_no, register, previous, "
    "previous_on, present, present_on, multiplying_factor, units, kind) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "consumption": "INSERT INTO consumption (account_id, period_end, units, kind) "
    "VALUES (?, ?, ?, ?)",
    "posting": "INSERT INTO payment_postings (payment_id, account_id, paid_at, amount_minor, "
    "currency, channel, place, receipt_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "operator": "INSERT OR REPLACE INTO operators (login, full_name, role, password_hash, "
    "office_code, active) VALUES (?, ?, ?, ?, ?, ?)",
}
_ORDER = tuple(_INSERTS)  # parents before children


def _minor(value: Any) -> int | None:
    return None if value is None else int(value["minor"])


class _Rows:
    """Rows per table for one chunk; account and bill ids are handed out here."""

    def __init__(self) -> None:
        self.account_ids: dict[str, int] = {}
        self.next_bill = 1
        self.names: dict[int, str] = {}
        self.tables: dict[str, list[tuple[object, ...]]] = {}

    def clear(self) -> None:
        self.tables = {name: [] for name in _ORDER}

    def add(self, entity: str, d: dict[str, Any]) -> None:
        t = self.tables
        if entity == "office":
            t["office"].append((d["code"], d["name"]))
        elif entity == "category":
            t["category"].append((d["code"], d["name"], d["tariff_code"], d["exactness"]))
        elif entity == "tariff":
            t["tariff"].append((d["code"], d["version"], d["effective_from"], d["body_json"]))
        elif entity == "consumer":
            self.names[d["consumer_id"]] = d["name"]
            t["consumer"].append(
                (d["consumer_id"], d["name"], d["mobile"], mobile_key(d["mobile"]), d["email"])
            )
        elif entity == "account":
            account_id = self.account_ids[d["account_no"]] = len(self.account_ids) + 1
            t["account"].append(
                (
                    account_id,
                    d["account_no"],
                    d["legacy_no"],
                    d["consumer_id"],
                    d["address"],
                    d["category_code"],
                    d["tariff_code"],
                    d["supply_type"],
                    d["voltage_v"],
                    d["sanctioned_load_w"],
                    d["office_code"],
                    d["pole"],
                    d["connected_on"],
                    d["status"],
                    "INR",
                )
            )
            name = self.names.get(d["consumer_id"], "")
            t["search"].append((account_id, fold(name), fold(d["address"])))
        elif entity == "meter":
            t["meter"].append(
                (
                    d["meter_no"],
                    self.account_ids[d["account_no"]],
                    d["multiplying_factor"],
                    d["digits"],
                    json.dumps(d["registers"]),
                    d["installed_on"],
                    d["removed_on"],
                )
            )
        elif entity == "bill":
            self._bill(d)
        elif entity == "consumption":
            account_id = self.account_ids[d["account_no"]]
            t["consumption"].extend(
                (account_id, p["period_end"], p["units"], p["kind"]) for p in d["points"]
            )
        elif entity == "posting":
            amount = d["amount"]
            t["posting"].append(
                (
                    d["payment_id"],
                    self.account_ids[d["account_no"]],
                    d["paid_at"],
                    amount["minor"],
                    amount["currency"],
                    d["channel"],
                    d["place"],
                    d["receipt_no"],
                )
            )
        elif entity == "operator":
            t["operator"].append(
                (
                    d["login"],
                    d["full_name"],
                    d["role"],
                    d["password_hash"],
                    d["office_code"],
                    d["active"],
                )
            )

    def _bill(self, d: dict[str, Any]) -> None:
        bill_id = self.next_bill
        self.next_bill += 1
        t = self.tables
        t["bill"].append(
            (
                bill_id,
                d["bill_no"],
                self.account_ids[d["account_no"]],
                d["version"],
                d["bill_date"],
                d["period_start"],
                d["period_end"],
                d["due_date"],
                d["cheque_due_date"],
                d["disconnection_date"],
                d["units"],
                d["net_payable"]["currency"],
                d["current_charges"]["minor"],
                d["arrears"]["minor"],
                d["surcharge"]["minor"],
                d["net_payable"]["minor"],
                d["payable_after_due"]["minor"],
                d["amount_paid"]["minor"],
                _minor(d["rounding_carried"]),
                _minor(d["early_payment_rebate"]),
                d["rebate_by"],
                d["status"],
            )
        )
        t["line"].extend(
            (
                bill_id,
                seq,
                x["code"],
                x["description"],
                x["quantity"],
                x["rate"],
                x["amount"]["minor"],
            )
            for seq, x in enumerate(d["lines"])
        )
        t["register"].extend(
            (
                bill_id,
                seq,
                r["meter_no"],
                r["register"],
                r["previous"],
                r["previous_on"],
                r["present"],
                r["present_on"],
                r["multiplying_factor"],
                r["units"],
                r["kind"],
            )
            for seq, r in enumerate(d["registers"])
        )


def _change_rows(engine: Engine, scopes: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """The terminal's upserts in ``seq`` order, streamed from the central database."""
    query = _SELECT.format(marks=", ".join(["%s" if _is_pg(engine) else "?"] * len(scopes)))
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None
        cursor = driver.cursor(name="floor") if _is_pg(engine) else driver.cursor()
        cursor.execute(query, scopes)
        while rows := cursor.fetchmany(CHUNK):
            yield from rows
        cursor.close()
    finally:
        raw.rollback()
        raw.close()


def _is_pg(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def raw_floor(engine: Engine, scopes: tuple[str, ...], cache_path: Path) -> int:
    """Copy the terminal's changes into a new cache file at ``cache_path``; how many there were."""
    for stale in cache_path.parent.glob(cache_path.name + "*"):
        stale.unlink()
    open_cache(cache_path).close()  # the app's schema, nothing in it
    target = sqlite3.connect(cache_path, isolation_level=None)
    for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
        target.execute(f"PRAGMA {pragma}")
    target.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    rows = _Rows()
    rows.clear()
    count = 0
    loads = json.loads
    for entity, payload in _change_rows(engine, scopes):
        rows.add(entity, loads(payload))
        count += 1
        if count % CHUNK == 0:
            _flush(target, rows)
    _flush(target, rows)
    target.close()
    return count


def _flush(target: sqlite3.Connection, rows: _Rows) -> None:
    target.execute("BEGIN IMMEDIATE")
    for name in _ORDER:
        if rows.tables[name]:
            target.executemany(_INSERTS[name], rows.tables[name])
    target.execute("COMMIT")
    rows.clear()
