"""The central databases the first-sync benchmark serves: seeded once, kept between runs.

    .venv/bin/python benchmarks/central_data.py --customers 1000000     # seed only

One run of the demo generator fills both databases (``seed_demo(..., also_into=...)``): an
SQLite file ``benchmarks/data/central-<N>/central.sqlite3`` and the PostgreSQL database
``ebill_bench_<N>`` on 127.0.0.1:5432 (user postgres). Every account's changes are put in the
scope of office SD-014, and the benchmark's terminal belongs to branch BR-BENCH of that office,
so its first sync is the whole utility (every consumer, account, meter and bill), not one
office's share. A file ``complete`` marks a finished seed; an unfinished one is started over.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
from psycopg import sql

from benchkit import DEFAULT_DATA
from ebill_central.db.engine import make_engine
from ebill_central.db.migrate import upgrade
from ebill_central.feed.scopes import office_scope
from ebill_central.services.organisation import add_branch
from ebill_central.services.seed import seed_demo

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
OFFICE = "SD-014"
BRANCH = "BR-BENCH"
SEED_TODAY = date(2026, 11, 15)


def central_dir(customers: int) -> Path:
    return DEFAULT_DATA / f"central-{customers}"


def sqlite_url(customers: int) -> str:
    return f"sqlite:///{central_dir(customers) / 'central.sqlite3'}"


def pg_database(customers: int) -> str:
    return f"ebill_bench_{customers}"


def pg_url(customers: int) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_database(customers)}"


def _recreate_pg(name: str) -> None:
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_central(customers: int, rebuild: bool = False) -> tuple[str, str]:
    """The SQLite and PostgreSQL URLs of a seeded central of ``customers``; seeds if needed."""
    folder = central_dir(customers)
    done = folder / "complete"
    if done.exists() and not rebuild:
        for url in (sqlite_url(customers), pg_url(customers)):
            engine = make_engine(url)
            upgrade(engine)  # other work may have added a migration since the seed
            engine.dispose()
        return sqlite_url(customers), pg_url(customers)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("central.sqlite3*"):
        stale.unlink()
    _recreate_pg(pg_database(customers))
    started = time.perf_counter()
    engines = [make_engine(sqlite_url(customers)), make_engine(pg_url(customers))]
    last = [0.0]

    def progress(count: int, total: int) -> None:
        now = time.perf_counter()
        if now - last[0] > 10 or count == total:
            last[0] = now
            rate = count / max(now - started, 1e-9)
            print(f"  seeded {count:>9,}/{total:,} accounts  {rate:,.0f}/s", file=sys.stderr)

    try:
        for engine in engines:
            upgrade(engine)
        result = seed_demo(
            engines[0],
            customers,
            seed=42,
            today=SEED_TODAY,
            also_into=engines[1:],
            account_scope=office_scope(OFFICE),
            progress=progress,
        )
        for engine in engines:
            add_branch(engine, BRANCH, "Benchmark counter", OFFICE)
        for engine in engines:
            if engine.dialect.name == "postgresql":
                with engine.connect() as connection:
                    connection.exec_driver_sql("ANALYZE")
                    connection.commit()
    finally:
        for engine in engines:
            engine.dispose()
    seconds = time.perf_counter() - started
    done.write_text(
        f"{customers} customers, {result.bills} bills, {result.changes} changes "
        f"in {seconds:.0f} s\n"
    )
    print(f"seeded both centrals in {seconds:.0f} s ({result.changes:,} changes)", file=sys.stderr)
    return sqlite_url(customers), pg_url(customers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    ensure_central(args.customers, args.rebuild)


if __name__ == "__main__":
    main()
