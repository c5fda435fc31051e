"""Payment commit benchmark: the durable commit of a payment through the payment service.

    .venv/bin/python benchmarks/payment_commit.py [--customers 1000000] [--samples 2000]

Targets (issue 5), on the cache of 1,000,000 consumers: ``PaymentService.confirm`` (idempotency
check, preview, one ``BEGIN IMMEDIATE`` transaction writing payment, tenders, allocations,
receipt and outbox rows with the next sequence number, ``COMMIT`` with ``synchronous=FULL``, and
the read-back of the committed payment and its receipt) p99 <= 5 ms, and <= 10x the floor: a raw
single-row ``sqlite3`` commit (``BEGIN IMMEDIATE; INSERT; COMMIT``) with the same pragmas (WAL,
``synchronous=FULL``) in a file in the same folder, on the same disk, measured in the same run,
alternating with the service in rounds. Opening the payment (reading the account and its bills)
is not part of the commit; its p99 is printed for context.

The benchmark takes its payments in its own copy of the cache
(``benchmarks/data/payment-commit-<N>/cache.sqlite3``, made once with SQLite's backup API and
migrated to the schema head there), so the shared cache other benchmarks read is never written.
The 1,000,000-consumer cache must have been built (``benchmarks/build_cache.py``) first;
``--source FILE`` copies another cache file instead (a consistent snapshot even while another
process is still writing it).
"""

from __future__ import annotations

import argparse
import itertools
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

from benchkit import DEFAULT_DATA, Report, percentile
from build_cache import build, cache_dir
from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_core.receipt import ReceiptHeader
from ebill_desktop.services.payment_types import (
    CASH_CEILING,
    CounterSetup,
    PaymentDraft,
    PaymentRequest,
    TenderInput,
)
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.storage.database import open_cache, set_pragmas
from ebill_desktop.storage.schema_head import HEAD_REVISION

ROUND = 100  # samples per round; service and floor alternate round by round
SETUP = CounterSetup(
    "0001", "901", ReceiptHeader("Benchmark Power", "", "Benchmark office", "Counter 901", ""), UTC
)
FLOOR_TABLE = "CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"
OPEN_ACCOUNTS = (
    "SELECT DISTINCT a.account_no FROM accounts a JOIN bills b ON b.account_id = a.id "
    "WHERE a.id IN ({marks}) AND b.status IN ('open', 'part_paid')"
)
FLOOR_BODY = "x" * 200  # about the size of one payment row


def shared_cache(customers: int) -> Path:
    """The shared benchmark cache of ``customers`` consumers (built here unless it is the 1M one
    still being built by another process)."""
    folder = cache_dir(customers)
    if not (folder / "complete").exists():
        if customers >= 1_000_000 and (folder / "cache.sqlite3").exists():
            sys.exit(
                f"{folder} is not complete yet (benchmarks/build_cache.py is still building it); "
                "wait for it, or pass --customers N for a smaller cache"
            )
        build(customers)
    return folder / "cache.sqlite3"


def working_copy(customers: int, source: Path | None = None) -> Path:
    """This benchmark's own copy of the cache, at the schema head (made once, then reused).

    With ``source``, a new copy of that cache file is made (the shared cache is not looked at).
    """
    label = "snapshot" if source is not None else str(customers)
    folder = DEFAULT_DATA / f"payment-commit-{label}"
    path = folder / "cache.sqlite3"
    done = folder / f"ready-{HEAD_REVISION}"
    if source is not None:
        for old in folder.glob("*"):
            old.unlink()
    if done.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _copy(source or shared_cache(customers), folder, path)
    _migrate(path)
    done.write_text(f"migrated to {HEAD_REVISION}\n")
    return path


def _copy(source_path: Path, folder: Path, path: Path) -> None:
    """One consistent copy (SQLite's backup API in a single step: a writer elsewhere may go on)."""
    started = time.perf_counter()
    partial = folder / "cache.partial"
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source_path) as source, sqlite3.connect(partial) as target:
        source.backup(target)
    source.close()
    target.close()
    partial.rename(path)
    print(f"copied {source_path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _migrate(path: Path) -> None:
    """Bring the copy to the schema head in place (no backup: it is a copy already)."""
    from sqlalchemy import create_engine

    from ebill_desktop.storage.migrate import upgrade

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        upgrade(connection)
    engine.dispose()


def payable(raw: sqlite3.Connection, count: int, rng: random.Random) -> list[str]:
    """Up to ``count`` random account numbers with an open bill (fewer if the cache has fewer)."""
    top = raw.execute("SELECT max(id) FROM accounts").fetchone()[0]
    ids = rng.sample(range(1, top + 1), min(top, count * 3))
    found: list[str] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found += [
            row[0]
            for row in raw.execute(
                OPEN_ACCOUNTS.format(marks=marks),
                chunk,
            )
        ]
    rng.shuffle(found)
    return found[:count]


def drafts(
    service: PaymentService, accounts: Iterator[str], operator: str
) -> Iterator[tuple[PaymentDraft, float]]:
    """Opened payments with something due (an earlier run may have paid an account off), each
    with the milliseconds its opening took."""
    for account in accounts:
        began = time.perf_counter_ns()
        draft = service.open(account, operator, online=True)
        took = (time.perf_counter_ns() - began) / 1e6
        if draft.total_due.minor > 0:
            yield draft, took


def request_for(draft: PaymentDraft) -> PaymentRequest:
    """Exactly what is due (every exactness policy allows it): in cash with change, or by
    cheque when cash that large is not allowed."""
    due = draft.total_due
    if due >= CASH_CEILING:
        dated = draft.business_date
        cheque = TenderInput(
            TenderKind.CHEQUE, due, reference="123456", bank="SBI", instrument_date=dated
        )
        return PaymentRequest(due, (cheque,))
    handed = Money((due.minor // 10000 + 1) * 10000, due.currency)
    return PaymentRequest(due, (TenderInput(TenderKind.CASH, due, tendered=handed),))


def floor_commit(floor: sqlite3.Connection) -> float:
    start = time.perf_counter_ns()
    floor.execute("BEGIN IMMEDIATE")
    floor.execute("INSERT INTO floor (body) VALUES (?)", (FLOOR_BODY,))
    floor.execute("COMMIT")
    return (time.perf_counter_ns() - start) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument(
        "--source",
        type=Path,
        help="copy this cache file instead of the shared one (made anew on every run)",
    )
    args = parser.parse_args()

    path = working_copy(args.customers, args.source)
    db = open_cache(path)
    raw = sqlite3.connect(path)
    set_pragmas(raw)
    floor = sqlite3.connect(path.parent / "floor.sqlite3")
    set_pragmas(floor)
    floor.execute(FLOOR_TABLE)
    operator = raw.execute("SELECT login FROM operators ORDER BY login LIMIT 1").fetchone()[0]
    service = PaymentService(db, SETUP)
    # Seeded by the payments already in this copy: each run draws accounts earlier runs have not
    # paid off (the copy is kept between runs).
    taken = raw.execute("SELECT count(*) FROM payments").fetchone()[0]
    rng = random.Random(11 + taken)
    accounts = payable(raw, (args.samples + 50) * 2, rng)

    ready = drafts(service, iter(accounts), operator)
    for draft, _ in itertools.islice(ready, 50):  # warm-up: imports, statement caches, engine
        service.confirm(draft, request_for(draft))
        floor_commit(floor)
    opens: list[float] = []
    commits: list[float] = []
    floors: list[float] = []
    while len(commits) < args.samples:
        batch = list(itertools.islice(ready, min(ROUND, args.samples - len(commits))))
        if not batch:
            break  # the cache ran out of accounts with something due
        for draft, took in batch:
            request = request_for(draft)
            began = time.perf_counter_ns()
            done = service.confirm(draft, request)
            commits.append((time.perf_counter_ns() - began) / 1e6)
            opens.append(took)
            assert done.payment.amount == draft.total_due
        floors += [floor_commit(floor) for _ in batch]

    report = Report("payment_commit")
    report.figure("accounts", raw.execute("SELECT count(*) FROM accounts").fetchone()[0])
    report.figure("payments_in_cache", raw.execute("SELECT count(*) FROM payments").fetchone()[0])
    report.figure("samples", len(commits))
    report.figure("commit_p50_ms", percentile(commits, 0.50))
    report.figure("commit_p99_ms", percentile(commits, 0.99))
    report.figure("raw_commit_p50_ms", percentile(floors, 0.50))
    report.figure("raw_commit_p99_ms", percentile(floors, 0.99))
    report.figure("open_p99_ms", percentile(opens, 0.99))
    ratio = percentile(commits, 0.99) / percentile(floors, 0.99)
    report.figure("commit_ratio_to_raw_p99", ratio)
    report.target("payment commit p99 (ms)", percentile(commits, 0.99), "<=", 5.0)
    report.target("commit p99 / raw sqlite3 commit p99", ratio, "<=", 10.0)
    db.close()
    raw.close()
    floor.close()
    raise SystemExit(0 if report.print() else 1)


if __name__ == "__main__":
    main()
