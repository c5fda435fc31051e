"""Payments-in benchmark (issue 3): a terminal's outbox drained, and the server's ingest rate.

    .venv/bin/python benchmarks/ingest.py [--backend both|sqlite|postgresql] [--payments 10000]
        [--customers 8000] [--pg-admin-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres]
        [--workers 1]   (``ebill-central serve --workers N``; both legs send one batch at a time)

For each backend: a central database of its own (PostgreSQL: the database ``ebill_ingest``,
dropped and made again; SQLite: a file in a temporary folder), migrated and seeded with the demo
utility, served by the real ``ebill-central serve`` in a subprocess on loopback. Then:

1. **upload**: a terminal is enrolled through the API, its cache's outbox is filled with
   ``--payments`` realistic payments through ``sync.outbox.enqueue`` (mixed tenders with their
   details, one or two allocations to real open bills, some partial, some advances, a few for
   unknown accounts), and the real :class:`OutboxSender` drains it. Target: <= 10 s.
2. **ingest**: a second terminal's ``--payments`` payments are posted directly, in batches of
   ``MAX_BATCH``, bodies encoded beforehand; payments per second from the first request to the
   last answer. Target on PostgreSQL: >= 2,000/s.
3. **floor**: the rows the server wrote in step 2 (payments, tenders, allocations, postings,
   change-log rows, bill updates), re-keyed, written again into the same database with the raw
   driver's ``executemany``, one transaction per batch: the least any server could do. The
   ratio ingest time / floor time is printed.

The machine may be shared, so the CPU seconds the server process and its PostgreSQL backends
spent in steps 1 and 2 are printed too (``*_server_cpu_s``; payments per server-CPU second is
what the wall-clock rate approaches on an otherwise idle machine, the client's share aside).
Every payment is checked to be on the server exactly once. The last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from benchkit import Report
from ebill_central.db.engine import make_engine
from ebill_central.db.migrate import upgrade
from ebill_central.db.models import AccountRow, BillRow, PaymentRow
from ebill_central.services.organisation import add_branch
from ebill_central.services.seed import seed_demo
from ebill_central.services.terminals import add_terminal
from ebill_core.money import Money
from ebill_core.protocol import (
    MAX_BATCH,
    Allocation,
    PaymentMessage,
    PaymentStatus,
    Tender,
    TenderKind,
    batch_result_from_wire,
    payment_to_wire,
)
from ebill_desktop.config import DataPaths
from ebill_desktop.storage.database import CacheDatabase, open_cache
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.http import CentralConnection
from ebill_desktop.sync.outbox import enqueue, outbox_status
from ebill_desktop.sync.sender import OutboxSender

PG_DATABASE = "ebill_ingest"
BRANCH, OFFICE = "BR-ING", "SD-014"
TODAY = date(2026, 11, 15)
UPLOAD_TARGET_S = 10.0
INGEST_TARGET_PER_S = 2_000.0
INR = "INR"


# -- the central database and server --------------------------------------------------------------


def central_url(backend: str, folder: Path, admin_url: str) -> str:
    """A fresh, empty central database of ``backend``: its URL."""
    if backend == "sqlite":
        return f"sqlite:///{folder / 'central.sqlite3'}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {PG_DATABASE}"))
    finally:
        admin.dispose()
    return make_url(admin_url).set(database=PG_DATABASE).render_as_string(hide_password=False)


def prepare_central(url: str, customers: int) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    seed_demo(engine, customers, seed=7, today=TODAY)
    add_branch(engine, BRANCH, "Ingest benchmark hall", OFFICE)
    if engine.dialect.name == "postgresql":
        # A freshly loaded database gets its statistics before the clock starts, as a
        # production one has them; otherwise autovacuum runs (and is counted) mid-benchmark.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    return engine


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served(url: str, log_file: Path, workers: int = 1) -> Iterator[tuple[str, int]]:
    """``ebill-central serve`` in a subprocess on loopback, until the block ends: its address
    and process id."""
    port = free_port()
    command = [sys.executable, "-m", "ebill_central", "--database", url, "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--stop-when-stdin-closes"]
    command += ["--workers", str(workers)]
    with log_file.open("wb") as log:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=log, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base, process)
            yield base, process.pid
        finally:
            assert process.stdin is not None
            process.stdin.close()  # the server shuts down gracefully at the end of its stdin
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the central server exited with {process.returncode}")
        try:
            if requests.get(f"{base}/api/v1/health", timeout=1).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise SystemExit("the central server did not start within 60 s")


def enrolled_terminal(engine: Engine, base: str) -> tuple[int, str]:
    """A new terminal of the benchmark's branch, enrolled through the API: id and credential."""
    new = add_terminal(engine, BRANCH, f"Counter {uuid.uuid4().hex[:6]}", code_hours=1)
    answer = requests.post(
        f"{base}/api/v1/enrol",
        json={"code": new.enrolment_code, "machine_name": "bench-pc"},
        timeout=30,
    )
    answer.raise_for_status()
    return new.terminal_id, str(answer.json()["credential"])


class CpuMeter:
    """CPU seconds (user + system) used by the server process and its PostgreSQL backends.

    The machine is shared, so wall time depends on what else runs; the CPU the server side
    spends per payment does not. Backends are found by their process title, which names the
    database (``postgres: postgres ebill_ingest 127.0.0.1(...) idle``).
    """

    def __init__(self, server_pid: int, database: str | None) -> None:
        self.server_pid = server_pid
        self.title = None if database is None else f" {database} "
        self.ticks = os.sysconf("SC_CLK_TCK")

    def _cpu(self, pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.ticks  # utime, stime

    def _pids(self) -> list[int]:
        """The server, its worker processes (``serve --workers N``), and its PG backends."""
        pids = [self.server_pid]
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if parent == self.server_pid or (
                self.title is not None and title.startswith("postgres:") and self.title in title
            ):
                pids.append(int(entry.name))
        return pids

    def read(self) -> dict[int, float]:
        return {pid: self._cpu(pid) for pid in self._pids()}

    def since(self, before: dict[int, float]) -> float:
        """CPU seconds used since ``before`` (a backend started meanwhile counts whole)."""
        now = self.read()
        return sum(cpu - before.get(pid, 0.0) for pid, cpu in now.items())


# -- realistic payments ---------------------------------------------------------------------------


@dataclass
class OpenBill:
    account_no: str
    bill_no: str
    version: int
    owed_minor: int


def open_bills(engine: Engine) -> dict[str, list[OpenBill]]:
    """The seeded bills that still owe something, by account."""
    owed = BillRow.net_payable_minor - BillRow.amount_paid_minor
    statement = (
        select(BillRow.account_no, BillRow.bill_no, BillRow.version, owed)
        .join(AccountRow, AccountRow.account_no == BillRow.account_no)
        .where(BillRow.status.in_(("open", "part_paid")), owed > 0)
        .order_by(BillRow.bill_no)
    )
    by_account: dict[str, list[OpenBill]] = {}
    with engine.connect() as connection:
        for account_no, bill_no, version, left in connection.execute(statement):
            bill = OpenBill(account_no, bill_no, int(version), int(left))
            by_account.setdefault(account_no, []).append(bill)
        connection.rollback()
    return by_account


class PaymentMaker:
    """Counter payments as cashiers take them, against bills that really are open.

    It keeps what each bill still owes, so most allocations fit; an overpayment becomes an
    advance (credit). About 1 in 200 is for an account head office does not know (suspense).
    """

    def __init__(self, bills: dict[str, list[OpenBill]], rng: random.Random) -> None:
        if not bills:
            raise SystemExit("the seeded database has no open bills")
        self.bills = bills
        self.accounts = sorted(bills)  # an account whose bills are all paid pays in advance
        self.rng = rng

    def make(self, terminal_id: int, seqs: Sequence[int]) -> list[PaymentMessage]:
        return [self._payment(terminal_id, seq) for seq in seqs]

    def _payment(self, terminal_id: int, seq: int) -> PaymentMessage:
        rng = self.rng
        account = rng.choice(self.accounts)
        allocations = self._allocations(account)
        due = sum(a.amount.minor for a in allocations) or rng.randint(50_00, 2_000_00)
        if rng.random() < 0.05:
            due += rng.randint(1_00, 500_00)  # an advance on top
        if rng.random() < 0.005:
            account, allocations = f"99{rng.randint(10**9, 10**10 - 1)}", ()
        online = rng.random() < 0.3
        return PaymentMessage(
            payment_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            terminal_seq=seq,
            receipt_no=f"014-{terminal_id:02d}-{seq:07d}",
            account_no=account,
            taken_at=datetime(2026, 11, 16, 4, 0, tzinfo=UTC) + timedelta(seconds=17 * seq),
            operator="cashier",
            offline=not online,
            tenders=self._tenders(due, online),
            allocations=allocations,
        )

    def _allocations(self, account: str) -> tuple[Allocation, ...]:
        open_ones = [b for b in self.bills.get(account, []) if b.owed_minor > 0]
        chosen = open_ones[: self.rng.choice((1, 1, 1, 2))]
        allocations = []
        for bill in chosen:
            whole = self.rng.random() < 0.5
            amount = bill.owed_minor if whole else max(1, bill.owed_minor // self.rng.randint(2, 4))
            bill.owed_minor -= amount
            allocations.append(Allocation(bill.bill_no, bill.version, Money(amount, INR)))
        return tuple(allocations)

    def _tenders(self, due: int, online: bool) -> tuple[Tender, ...]:
        draw = self.rng.random()
        if online and draw < 0.5:
            return (self._card(due) if draw < 0.25 else self._upi(due),)
        if draw < 0.55 or due < 2_000_00:
            return (self._cash(due),)
        if draw < 0.75:
            return (self._cheque(due),)
        if draw < 0.85:
            reference = f"UTR{self.rng.randint(10**13, 10**14 - 1)}"
            return (Tender(TenderKind.BANK_TRANSFER, Money(due, INR), reference=reference),)
        cash = self.rng.randint(1, due // 100_00) * 100_00 if due > 100_00 else 0
        if cash == 0 or cash >= due:
            return (self._cash(due),)
        return (self._cash(cash), self._cheque(due - cash))  # split: cash and a cheque

    def _cash(self, amount: int) -> Tender:
        note = self.rng.choice((100_00, 200_00, 500_00))
        tendered = -(-amount // note) * note
        return Tender(TenderKind.CASH, Money(amount, INR), tendered=Money(tendered, INR))

    def _cheque(self, amount: int) -> Tender:
        return Tender(
            TenderKind.CHEQUE,
            Money(amount, INR),
            reference=f"{self.rng.randint(0, 999_999):06d}",
            bank="State Bank of India",
            instrument_date=TODAY - timedelta(days=self.rng.randint(0, 30)),
            bank_branch="Lake View",
            ifsc=f"SBIN000{self.rng.randint(1000, 9999)}",
        )

    def _card(self, amount: int) -> Tender:
        return Tender(
            TenderKind.CARD,
            Money(amount, INR),
            reference=f"{self.rng.randint(10**11, 10**12 - 1)}",
            card_last4=f"{self.rng.randint(0, 9999):04d}",
            card_scheme=self.rng.choice(("RUPAY", "VISA", "MASTERCARD")),
            auth_code=f"{self.rng.randint(0, 999_999):06d}",
            device_id="PT-0042",
        )

    def _upi(self, amount: int) -> Tender:
        reference = f"{self.rng.randint(10**11, 10**12 - 1)}"
        return Tender(TenderKind.UPI, Money(amount, INR), reference=reference, device_id="QR-7")


# -- 1. the outbox drained by the real sender -----------------------------------------------------


def fill_outbox(db: CacheDatabase, payments: Sequence[PaymentMessage]) -> float:
    """Enqueue ``payments`` (500 to a write transaction: setup, not the figure): seconds."""
    started = time.perf_counter()
    for start in range(0, len(payments), 500):
        with db.write_transaction() as connection:
            for payment in payments[start : start + 500]:
                enqueue(connection, payment)
    return time.perf_counter() - started


def drain(db: CacheDatabase, data_dir: Path, base: str, credential: str) -> tuple[float, int]:
    """The real sender, from the first upload until the outbox is empty: seconds, uploads."""
    uploads = 0
    with SyncLock(data_dir) as lock, CentralConnection(base, credential) as connection:
        sender = OutboxSender(db, connection, lock)
        started = time.perf_counter()
        while outbox_status(db).pending:
            report = sender.send_due()
            uploads += report.uploads
            if report.failure or report.attention:
                raise SystemExit(f"the upload failed: {report.failure}, {report.attention}")
        elapsed = time.perf_counter() - started
    return elapsed, uploads


def held_by(engine: Engine, terminal_id: int) -> int:
    with engine.connect() as connection:
        count = connection.execute(
            select(func.count(func.distinct(PaymentRow.payment_id))).where(
                PaymentRow.terminal_id == terminal_id
            )
        ).scalar_one()
        rows = connection.execute(
            select(func.count()).where(PaymentRow.terminal_id == terminal_id)
        ).scalar_one()
        connection.rollback()
    if count != rows:
        raise SystemExit(f"terminal {terminal_id}: {rows} rows for {count} payments")
    return int(count)


# -- 2. the server's ingest rate ------------------------------------------------------------------


def ingest(base: str, credential: str, payments: Sequence[PaymentMessage]) -> float:
    """Post ``payments`` in batches of MAX_BATCH (bodies encoded beforehand): seconds."""
    bodies = [
        json.dumps({"payments": [payment_to_wire(p) for p in payments[i : i + MAX_BATCH]]})
        for i in range(0, len(payments), MAX_BATCH)
    ]
    session = requests.Session()
    session.trust_env = False
    headers = {"Authorization": f"Bearer {credential}", "Content-Type": "application/json"}
    taken = (PaymentStatus.POSTED.value, PaymentStatus.SUSPENSE.value)
    started = time.perf_counter()
    for body in bodies:
        answer = session.post(f"{base}/api/v1/payments", data=body, headers=headers, timeout=120)
        answer.raise_for_status()
        result = batch_result_from_wire(answer.json())
        if any(o.status.value not in taken for o in result.outcomes):
            raise SystemExit(f"an item was not taken: {result.outcomes}")
    elapsed = time.perf_counter() - started
    session.close()
    return elapsed


# -- 3. the floor: the same rows, written with the raw driver -------------------------------------


class RawDatabase:
    """The benchmark database through its driver alone (``sqlite3`` or ``psycopg``)."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.sqlite = parsed.get_backend_name() == "sqlite"
        if self.sqlite:
            import sqlite3

            self.connection: Any = sqlite3.connect(str(parsed.database), isolation_level=None)
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
                self.connection.execute(f"PRAGMA {pragma}")
        else:
            import psycopg

            plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
            self.connection = psycopg.connect(plain, autocommit=True)
        self.mark = "?" if self.sqlite else "%s"

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> tuple[list[str], list[Any]]:
        cursor = self.connection.cursor()
        cursor.execute(self.sql(sql), parameters)
        names = [column[0] for column in cursor.description]
        return names, [tuple(row) for row in cursor.fetchall()]

    def sql(self, statement: str) -> str:
        """``statement`` with the driver's parameter marks."""
        return statement.replace("?", self.mark)

    def insert_sql(self, table: str, columns: Sequence[str]) -> str:
        marks = ", ".join([self.mark] * len(columns))
        # Table and column names are this benchmark's own constants and the table's columns.
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608

    def close(self) -> None:
        self.connection.close()


Write = tuple[str, list[tuple[Any, ...]]]  # SQL and its parameter rows, for executemany


def floor_batches(
    raw: RawDatabase, source: int, floor_terminal: int, changes: tuple[int, int]
) -> list[list[Write]]:
    """What the server wrote for terminal ``source``'s payments (and the change-log rows with
    ids in ``changes``), re-keyed for ``floor_terminal``, in batches of MAX_BATCH payments."""
    names, payments = raw.rows(
        "SELECT * FROM payments WHERE terminal_id = ? ORDER BY terminal_seq", (source,)
    )
    key = names.index("payment_id")
    new_id = {row[key]: str(uuid.uuid4()) for row in payments}
    children = {table: _children(raw, table, source, new_id) for table in _CHILDREN}
    change_columns, change_rows = raw.rows(
        "SELECT seq, scope, entity, key, op, payload, created_at FROM change_log "
        "WHERE change_id > ? AND change_id <= ? ORDER BY change_id",
        changes,
    )
    change_rows = [
        _rekeyed(row, 3, new_id[row[3]]) if row[2] == "posting" else row for row in change_rows
    ]
    allocation_columns, _ = children["allocations"]
    bill_at, applied_at = allocation_columns.index("bill_no"), allocation_columns.index("applied")
    _, bill_rows = raw.rows("SELECT bill_no, amount_paid_minor, status FROM bills")
    bills = {row[0]: row for row in bill_rows}
    update = "UPDATE bills SET amount_paid_minor = ?, status = ? WHERE bill_no = ?"
    chunks = range(0, len(payments), MAX_BATCH)
    per_chunk = -(-len(change_rows) // max(len(chunks), 1))
    batches = []
    for number, start in enumerate(chunks):
        chunk = payments[start : start + MAX_BATCH]
        olds = [row[key] for row in chunk]
        rows = [_rekeyed(_rekeyed(r, key, new_id[r[key]]), names.index("terminal_id"),
                         floor_terminal) for r in chunk]  # fmt: skip
        writes: list[Write] = [(raw.insert_sql("payments", names), rows)]
        for table, (columns, grouped) in children.items():
            mine = [row for old in olds for row in grouped.get(old, [])]
            writes.append((raw.insert_sql(table, columns), mine))
        own_changes = change_rows[number * per_chunk : (number + 1) * per_chunk]
        writes.append((raw.insert_sql("change_log", change_columns), own_changes))
        paid = sorted(
            {r[bill_at] for old in olds for r in children["allocations"][1].get(old, [])
             if r[applied_at]}
        )  # fmt: skip
        writes.append((raw.sql(update), [(bills[b][1], bills[b][2], b) for b in paid]))
        batches.append(writes)
    return batches


_CHILDREN = ("tenders", "allocations", "payment_postings")


def _children(
    raw: RawDatabase, table: str, source: int, new_id: dict[str, str]
) -> tuple[list[str], dict[str, list[tuple[Any, ...]]]]:
    """A child table's rows of ``source``'s payments, re-keyed, by their old payment id."""
    columns, rows = raw.rows(
        f"SELECT t.* FROM {table} t JOIN payments p ON p.payment_id = t.payment_id "  # noqa: S608
        "WHERE p.terminal_id = ?",
        (source,),
    )
    key = columns.index("payment_id")
    grouped: dict[str, list[tuple[Any, ...]]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(_rekeyed(row, key, new_id[row[key]]))
    return columns, grouped


def _rekeyed(row: Sequence[Any], index: int, value: Any) -> tuple[Any, ...]:
    return (*row[:index], value, *row[index + 1 :])


def write_floor(raw: RawDatabase, batches: Sequence[list[Write]]) -> float:
    """Write the floor's batches, one transaction each: seconds."""
    cursor = raw.connection.cursor()
    started = time.perf_counter()
    for writes in batches:
        cursor.execute("BEGIN IMMEDIATE" if raw.sqlite else "BEGIN")
        for sql, rows in writes:
            if rows:
                cursor.executemany(sql, rows)
        cursor.execute("COMMIT")
    return time.perf_counter() - started


def last_change_id(engine: Engine) -> int:
    with engine.connect() as connection:
        value = connection.execute(text("SELECT COALESCE(MAX(change_id), 0) FROM change_log"))
        last = int(value.scalar_one())
        connection.rollback()
    return last


# -- one backend, and the whole run ---------------------------------------------------------------


def run_backend(backend: str, args: argparse.Namespace, folder: Path, report: Report) -> None:
    print(f"-- {backend}: seeding {args.customers} customers ...", flush=True)
    url = central_url(backend, folder, args.pg_admin_url)
    engine = prepare_central(url, args.customers)
    maker = PaymentMaker(open_bills(engine), random.Random(20261116))
    n = args.payments
    try:
        with served(url, folder / f"server-{backend}.log", args.workers) as (base, pid):
            meter = CpuMeter(pid, PG_DATABASE if backend == "postgresql" else None)
            sender_id, sender_credential = enrolled_terminal(engine, base)
            paths = DataPaths.under(folder / f"terminal-{backend}")
            paths.create()
            db = open_cache(paths.cache_file)
            try:
                fill_s = fill_outbox(db, maker.make(sender_id, range(1, n + 1)))
                print(f"   outbox filled with {n} payments in {fill_s:.1f} s", flush=True)
                before = meter.read()
                upload_s, uploads = drain(db, paths.data_dir, base, sender_credential)
                upload_cpu = meter.since(before)
            finally:
                db.close()
            if held_by(engine, sender_id) != n:
                raise SystemExit("the server does not hold every uploaded payment once")
            ingest_id, ingest_credential = enrolled_terminal(engine, base)
            ingested = maker.make(ingest_id, range(1, n + 1))
            changes_before = last_change_id(engine)
            before = meter.read()
            ingest_s = ingest(base, ingest_credential, ingested)
            ingest_cpu = meter.since(before)
            if held_by(engine, ingest_id) != n:
                raise SystemExit("the server does not hold every ingested payment once")
            changes = (changes_before, last_change_id(engine))
            floor_id = add_terminal(engine, BRANCH, "Floor", code_hours=1).terminal_id
        raw = RawDatabase(url)
        try:
            floor_s = write_floor(raw, floor_batches(raw, ingest_id, floor_id, changes))
        finally:
            raw.close()
        if held_by(engine, floor_id) != n:
            raise SystemExit("the floor did not write every payment")
    finally:
        engine.dispose()
    report.figure(f"{backend}_outbox_fill_s", fill_s)
    report.figure(f"{backend}_upload_s", upload_s)
    report.figure(f"{backend}_upload_requests", uploads)
    report.figure(f"{backend}_upload_payments_per_s", n / upload_s)
    report.figure(f"{backend}_upload_server_cpu_s", upload_cpu)
    report.figure(f"{backend}_ingest_s", ingest_s)
    report.figure(f"{backend}_ingest_payments_per_s", n / ingest_s)
    report.figure(f"{backend}_ingest_server_cpu_s", ingest_cpu)
    report.figure(f"{backend}_ingest_payments_per_server_cpu_s", n / ingest_cpu)
    report.figure(f"{backend}_floor_s", floor_s)
    report.figure(f"{backend}_floor_payments_per_s", n / floor_s)
    report.figure(f"{backend}_ingest_ratio_to_floor", ingest_s / floor_s)
    report.target(f"{backend}: {n} outbox items uploaded (s)", upload_s, "<=", UPLOAD_TARGET_S)
    if backend == "postgresql":
        rate = n / ingest_s
        report.target("postgresql: ingest (payments/s)", rate, ">=", INGEST_TARGET_PER_S)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("both", "sqlite", "postgresql"), default="both")
    parser.add_argument("--payments", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=8_000)
    parser.add_argument("--workers", type=int, default=1, help="ebill-central serve --workers")
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get(
            "EBILL_BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
        ),
        help="a PostgreSQL role allowed to drop and create the database " + PG_DATABASE,
    )
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    report = Report("ingest")
    report.figure("payments", args.payments)
    report.figure("server_workers", args.workers)
    report.figure("load_average_at_start", os.getloadavg()[0])
    with tempfile.TemporaryDirectory(prefix="ebill-ingest-") as folder:
        for backend in backends:
            run_backend(backend, args, Path(folder), report)
    raise SystemExit(0 if report.print() else 1)


if __name__ == "__main__":
    main()
