"""The outbox sender killed with SIGKILL at random points and restarted: nothing lost or doubled.

Used three ways:

* by the tests (tests/sync/test_sender_kill.py): :func:`kill_and_restart` with 20+ runs;
* as the process being killed: ``python -m tests.sync.soak_sender worker --data-dir D
  --server URL`` (the credential comes in ``EBILL_SOAK_CREDENTIAL``) drains the outbox of ``D``
  through a real :class:`OutboxSender` and exits 0;
* as the soak command: ``python -m tests.sync.soak_sender --runs 200`` makes its own seeded
  central server on loopback (SQLite, in a temporary folder), enrols a terminal, and runs the
  kill loop ``--runs`` times; it prints a JSON summary and exits 1 if anything was lost or
  doubled.

Also here, for the sync tests: :func:`open_bills` and :func:`make_payments` build real payment
messages (``ebill_core.protocol.payments``) for accounts and bills on the seeded server, and
:func:`server_payments` reads what the server holds for a terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ebill_core.money import Money
from ebill_core.protocol import Allocation, PaymentMessage, Tender, TenderKind
from tests.sync.killing import KillOutcome, kill_at_random, run_to_the_end

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ebill_desktop.storage.database import CacheDatabase

CREDENTIAL_ENV = "EBILL_SOAK_CREDENTIAL"
REPO = Path(__file__).resolve().parents[2]
CURRENCY = "INR"


# -- real payments for the seeded server --------------------------------------------------------


@dataclass(frozen=True)
class OpenBill:
    account_no: str
    bill_no: str
    version: int
    owed_minor: int


def open_bills(engine: Engine, limit: int = 300) -> list[OpenBill]:
    """Bills of the seeded central database that still owe something, in bill order."""
    from sqlalchemy import select as sql_select

    from ebill_central.db.models import BillRow

    with engine.connect() as connection:
        rows = connection.execute(
            sql_select(
                BillRow.account_no, BillRow.bill_no, BillRow.version, BillRow.net_payable_minor
            )
            .where(BillRow.status == "open", BillRow.net_payable_minor > 0)
            .order_by(BillRow.bill_no)
            .limit(limit)
        ).all()
        connection.rollback()
    if not rows:
        raise RuntimeError("the seeded central database has no open bills")
    return [OpenBill(r[0], r[1], int(r[2]), int(r[3])) for r in rows]


def make_payments(
    bills: Sequence[OpenBill], seqs: Sequence[int], rng: random.Random, terminal_id: int = 1
) -> list[PaymentMessage]:
    """One cash payment per sequence number, each paying part of a random open bill."""
    payments = []
    for seq in seqs:
        bill = rng.choice(list(bills))
        tendered = rng.randint(100, 500_000)
        allocated = min(tendered, bill.owed_minor, rng.randint(1, 400_000))
        payments.append(
            PaymentMessage(
                payment_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                terminal_seq=seq,
                receipt_no=f"T{terminal_id}-{seq:07d}",
                account_no=bill.account_no,
                taken_at=datetime(2026, 11, 16, 9, 0, tzinfo=UTC) + timedelta(minutes=seq),
                operator="cashier",
                offline=True,
                tenders=(Tender(TenderKind.CASH, Money(tendered, CURRENCY)),),
                allocations=(Allocation(bill.bill_no, bill.version, Money(allocated, CURRENCY)),),
            )
        )
    return payments


def enqueue_payments(db: CacheDatabase, payments: Sequence[PaymentMessage]) -> None:
    """Put ``payments`` in the terminal's outbox, one write transaction each (as the app will)."""
    from ebill_desktop.sync.outbox import enqueue

    for payment in payments:
        with db.write_transaction() as connection:
            enqueue(connection, payment)


def server_payments(engine: Engine, terminal_id: int) -> dict[str, int]:
    """What the server holds for a terminal: payment UUID -> terminal sequence number.

    Built from every row (not a set), so a doubled row would show as a size difference.
    """
    from sqlalchemy import select as sql_select

    from ebill_central.db.models import PaymentRow

    with engine.connect() as connection:
        rows = connection.execute(
            sql_select(PaymentRow.payment_id, PaymentRow.terminal_seq).where(
                PaymentRow.terminal_id == terminal_id
            )
        ).all()
        connection.rollback()
    held = {str(r[0]): int(r[1]) for r in rows}
    if len(held) != len(rows):
        raise AssertionError(f"the server holds {len(rows)} rows for {len(held)} payments")
    return held


def check_exactly_once(
    engine: Engine, terminal_id: int, db: CacheDatabase, expected: dict[str, int]
) -> None:
    """Every expected payment once on the server, nothing else, and done locally with its answer."""
    from ebill_desktop.sync.outbox import OutboxState, find_item, outbox_status

    held = server_payments(engine, terminal_id)
    missing = sorted(set(expected) - set(held))
    extra = sorted(set(held) - set(expected))
    assert not missing and not extra, f"missing on the server {missing[:5]}, extra {extra[:5]}"
    assert held == expected, "a payment is held under another sequence number"
    status = outbox_status(db)
    assert (status.pending, status.attention) == (0, 0), status
    for payment_id in expected:
        item = find_item(db, payment_id)
        assert item is not None and item.state is OutboxState.DONE, (payment_id, item)
        answer = item.answer()
        assert answer is not None and answer["payment_id"] == payment_id
        assert answer["status"] in ("posted", "suspense"), answer
    check = db.reader().execute("PRAGMA integrity_check").fetchone()[0]
    assert check == "ok", check


# -- the process that is killed -------------------------------------------------------------------


class LoggedUplink:
    """Wraps a connection: each upload is logged as ``pid start_ns end_ns`` (monotonic clock)."""

    def __init__(self, inner: Any, log_path: Path | None, pause: float) -> None:
        self.inner = inner
        self.log_path = log_path
        self.pause = pause
        self.uploads = 0

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: object = None,
    ) -> Any:
        start = time.monotonic_ns()
        try:
            time.sleep(self.pause)
            return self.inner.request(method, path, params=params, json_body=json_body)
        finally:
            end = time.monotonic_ns()
            self.uploads += 1
            if self.log_path is not None:
                with self.log_path.open("a", encoding="ascii") as log:
                    log.write(f"{os.getpid()} {start} {end}\n")


def run_worker(args: argparse.Namespace) -> int:
    """Drain the outbox of ``--data-dir`` (or, with ``--loop-seconds``, take turns at it)."""
    from ebill_desktop.storage.database import open_cache
    from ebill_desktop.sync.file_lock import SyncLock, SyncLockHeldError
    from ebill_desktop.sync.http import CentralConnection
    from ebill_desktop.sync.sender import Backoff, OutboxSender

    data_dir = Path(args.data_dir)
    db = open_cache(data_dir / "cache.sqlite3")
    connection = CentralConnection(args.server, os.environ[CREDENTIAL_ENV], timeout=(2.0, 10.0))
    uplink = LoggedUplink(connection, args.log_uploads, args.upload_pause)
    lock = SyncLock(data_dir)
    sender = OutboxSender(db, uplink, lock, batch_size=args.batch_size, backoff=Backoff(0.02, 0.2))
    if args.loop_seconds > 0:
        # Take turns for --loop-seconds, and longer (up to a minute) until this worker has
        # uploaded once: on a loaded machine the other may hold the lock at every look.
        started = time.monotonic()
        while time.monotonic() < started + args.loop_seconds or (
            not uplink.uploads and time.monotonic() < started + 60
        ):
            try:
                lock.acquire(wait_seconds=0.5)
            except SyncLockHeldError:
                continue
            try:
                sender.send_due()
            finally:
                lock.release()
            time.sleep(random.uniform(0.06, 0.12))  # longer than a waiter's poll: take turns
        return 0
    lock.acquire(wait_seconds=args.wait_lock)
    print("locked", flush=True)
    deadline = time.monotonic() + 60
    while (report := sender.send_due()).retry_at is not None:
        if time.monotonic() > deadline:
            print(f"gave up: {report.failure}", flush=True)
            return 3
        wait = (report.retry_at - datetime.now(UTC)).total_seconds()
        time.sleep(min(max(wait, 0.0), 0.5))
    print("drained", flush=True)
    return 0


def worker_command(
    data_dir: Path, server_url: str, *, batch_size: int = 3, extra: Sequence[str] = ()
) -> list[str]:
    return [
        sys.executable,
        "-m",
        "tests.sync.soak_sender",
        "worker",
        "--data-dir",
        str(data_dir),
        "--server",
        server_url,
        "--batch-size",
        str(batch_size),
        *extra,
    ]


def spawn_worker(
    data_dir: Path,
    server_url: str,
    credential: str,
    *,
    batch_size: int = 3,
    extra: Sequence[str] = (),
) -> subprocess.Popen[str]:
    env = dict(os.environ, **{CREDENTIAL_ENV: credential})
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), str(REPO / "src"), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    return subprocess.Popen(
        worker_command(data_dir, server_url, batch_size=batch_size, extra=extra),
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )


@dataclass
class KillSummary:
    runs: int = 0
    killed_anywhere: int = 0  # killed at a random time from its start (start-up included)
    killed_holding_lock: int = 0  # killed while it held the lock (sending or recording)
    finished_first: int = 0  # had drained before the kill came
    payments: int = 0


def kill_and_restart(
    data_dir: Path,
    server_url: str,
    credential: str,
    enqueue_more: Callable[[int], None],
    runs: int,
    rng: random.Random,
    *,
    batch_size: int = 3,
) -> KillSummary:
    """``runs`` times: enqueue, start a sender, SIGKILL it at a random point; then drain.

    ``enqueue_more(run)`` adds payments to the outbox; it is called once before each sender
    starts and once while it runs, so enqueueing and sending overlap too.
    """
    summary = KillSummary()
    for run in range(runs):
        enqueue_more(run)
        process = spawn_worker(data_dir, server_url, credential, batch_size=batch_size)
        outcome = kill_at_random(
            process,
            rng,
            ready_line="locked",
            anywhere_within=0.4,  # start-up included
            after_ready_within=0.2,
            when_ready=lambda: enqueue_more(run),  # noqa: B023 - called within this run
        )
        summary.killed_anywhere += outcome is KillOutcome.ANYWHERE
        summary.killed_holding_lock += outcome is KillOutcome.AFTER_READY
        summary.finished_first += outcome is KillOutcome.FINISHED
        summary.runs += 1
    run_to_the_end(
        spawn_worker(data_dir, server_url, credential, batch_size=batch_size),
        "drained",
        "the last sender did not drain the outbox",
    )
    return summary


# -- the soak command ---------------------------------------------------------------------------


def soak(runs: int, seed: int, per_run: int, batch_size: int) -> dict[str, object]:
    """Run the kill loop against a fresh seeded server; a summary, or AssertionError."""
    from ebill_central.db.engine import make_engine
    from ebill_central.db.migrate import upgrade
    from ebill_central.services.organisation import add_branch
    from ebill_central.services.seed import seed_demo
    from ebill_central.services.terminals import add_terminal
    from ebill_core.protocol import enrol_response_from_wire
    from ebill_desktop.storage.database import open_cache
    from ebill_desktop.sync.http import CentralConnection
    from tests.sync.conftest import SEED_TODAY, CentralServer

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="ebill-soak-") as folder:
        database = Path(folder) / "central.sqlite3"
        engine = make_engine(f"sqlite:///{database}")
        upgrade(engine)
        seed_demo(engine, 50, seed=seed, today=SEED_TODAY)
        add_branch(engine, "BR-S", "Soak counter", "SD-014")
        bills = open_bills(engine)
        engine.dispose()
        central = CentralServer(database)
        try:
            code = add_terminal(central.engine, "BR-S", "Soak", code_hours=1).enrolment_code
            with CentralConnection(central.base_url, None) as anonymous:
                answer = anonymous.request(
                    "POST", "/enrol", json_body={"code": code, "machine_name": "soak"}
                )
            enrolled = enrol_response_from_wire(answer.json())
            data_dir = Path(folder) / "terminal"
            db = open_cache(data_dir / "cache.sqlite3")
            expected: dict[str, int] = {}

            def enqueue_more(_run: int) -> None:
                seqs = range(len(expected) + 1, len(expected) + 1 + per_run // 2)
                payments = make_payments(bills, seqs, rng, enrolled.terminal_id)
                enqueue_payments(db, payments)
                expected.update({p.payment_id: p.terminal_seq for p in payments})

            started = time.monotonic()
            summary = kill_and_restart(
                data_dir,
                central.base_url,
                enrolled.credential,
                enqueue_more,
                runs,
                rng,
                batch_size=batch_size,
            )
            check_exactly_once(central.engine, enrolled.terminal_id, db, expected)
            db.close()
        finally:
            central.close()
    summary.payments = len(expected)
    return {"ok": True, "seconds": round(time.monotonic() - started, 1), **vars(summary)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.sync.soak_sender", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    worker = commands.add_parser("worker", help="drain one data folder's outbox (is killed)")
    worker.add_argument("--data-dir", required=True)
    worker.add_argument("--server", required=True)
    worker.add_argument("--batch-size", type=int, default=3)
    worker.add_argument("--wait-lock", type=float, default=30.0)
    worker.add_argument("--loop-seconds", type=float, default=0.0)
    worker.add_argument("--log-uploads", type=Path, default=None)
    worker.add_argument("--upload-pause", type=float, default=0.0)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--per-run", type=int, default=8, help="payments added per run")
    parser.add_argument("--batch-size", type=int, default=3)
    args = parser.parse_args(argv)
    if args.command == "worker":
        return run_worker(args)
    if args.runs < 1 or args.per_run < 2:
        parser.error("--runs is at least 1 and --per-run at least 2")
    try:
        result = soak(args.runs, args.seed, args.per_run, args.batch_size)
    except AssertionError as failure:
        print(json.dumps({"ok": False, "seed": args.seed, "failure": str(failure)}))
        return 1
    print(json.dumps({**result, "seed": args.seed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
