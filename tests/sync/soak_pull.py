"""The down-sync puller killed with SIGKILL at random points and restarted: it ends up whole.

Used three ways:

* by the tests (tests/sync/test_pull_faults.py): :func:`kill_and_restart` with 20+ runs;
* as the process being killed: ``python -m tests.sync.soak_pull worker --data-dir D --server URL``
  (the credential comes in ``EBILL_SOAK_CREDENTIAL``: the keyring is not available in a
  subprocess) runs :func:`pull_changes` on the cache of ``D`` to the feed's end and exits 0;
* as the soak command: ``python -m tests.sync.soak_pull --runs 200`` makes its own seeded
  central server on loopback (SQLite, in a temporary folder), enrols two terminals, kills the
  first one's pulls ``--runs`` times while head office keeps changing data, lets a last pull
  finish, and checks its cache is identical to the second terminal's one clean pull. It prints
  one JSON line and exits 1 on any difference.

Also here, for the sync tests: :func:`week_of_changes` records on the server the kind of changes
a terminal meets after days offline (new accounts with bills, bills amended, consumers renamed,
an operator added, an account's tombstone), through the server's change log.
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.sync.killing import KillOutcome, kill_at_random, run_to_the_end

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ebill_desktop.storage.database import CacheDatabase

CREDENTIAL_ENV = "EBILL_SOAK_CREDENTIAL"
REPO = Path(__file__).resolve().parents[2]
KILL_PAGE = 20  # small pages: a whole pull is many transactions, so kills land between and in them


# -- changes at head office -----------------------------------------------------------------------


def _latest_payloads(engine: Engine, entity: str, scope: str) -> dict[str, dict[str, Any]]:
    """The newest wire record of each ``entity`` key in ``scope``'s change log (no tombstones)."""
    from sqlalchemy import text

    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT key, payload FROM change_log WHERE entity = :entity AND scope = :scope "
                "ORDER BY change_id"
            ),
            {"entity": entity, "scope": scope},
        ).all()
        connection.rollback()
    latest: dict[str, dict[str, Any]] = {}
    for key, payload in rows:
        if payload is None:
            latest.pop(key, None)
        else:
            latest[key] = json.loads(payload)
    return latest


@dataclass
class WeekOfChanges:
    """What :func:`week_of_changes` recorded (natural keys), for the test to look for."""

    new_accounts: list[str] = field(default_factory=list)
    amended_bills: dict[str, int] = field(default_factory=dict)  # bill number -> new version
    renamed: dict[int, str] = field(default_factory=dict)  # consumer id -> new name
    deleted_account: str = ""
    deleted_bill: str = ""  # amended just before its account was deleted
    operator: str = ""


def week_of_changes(
    engine: Engine, office: str, rng: random.Random, size: int, tag: str = "w"
) -> WeekOfChanges:
    """Record ``size`` of each kind of change for ``office`` in the server's change log.

    New accounts (each with a bill), bills amended (a new version, a later due date), consumers
    renamed, then one operator added and one account deleted (a tombstone). ``tag`` keeps the
    new numbers and names of several calls apart.
    """
    from ebill_central.feed.scopes import office_scope
    from ebill_central.feed.writer import record_change
    from ebill_central.services.organisation import add_operator
    from ebill_core.protocol import Entity

    scope = office_scope(office)
    accounts = _latest_payloads(engine, Entity.ACCOUNT.value, scope)
    bills = _latest_payloads(engine, Entity.BILL.value, scope)
    consumers = _latest_payloads(engine, Entity.CONSUMER.value, scope)
    bills = {no: bill for no, bill in bills.items() if bill["account_no"] in accounts}
    done = WeekOfChanges()
    serial = rng.randrange(10_000, 99_999)
    with engine.begin() as connection:
        for n, template_no in enumerate(rng.sample(sorted(accounts), size)):
            account = dict(
                accounts[template_no], account_no=f"{office[-3:]}9{serial}{n:04d}", legacy_no=None
            )
            record_change(connection, Entity.ACCOUNT, account["account_no"], scope, account)
            bill_template = next(b for b in bills.values() if b["account_no"] == template_no)
            bill_no = f"2699{serial}{n:04d}"
            bill = dict(bill_template, bill_no=bill_no, account_no=account["account_no"])
            record_change(connection, Entity.BILL, bill_no, scope, bill)
            done.new_accounts.append(account["account_no"])
        for bill_no in rng.sample(sorted(bills), size):
            bill = dict(
                bills[bill_no], version=bills[bill_no]["version"] + 1, due_date="2026-12-31"
            )
            record_change(connection, Entity.BILL, bill_no, scope, bill)
            done.amended_bills[bill_no] = bill["version"]
        for consumer_key in rng.sample(sorted(consumers), size):
            name = f"Renamed {tag.title()} {consumer_key} {rng.choice(['Rao', 'Iyer', 'Das'])}"
            record = dict(consumers[consumer_key], name=name)
            record_change(connection, Entity.CONSUMER, consumer_key, scope, record)
            done.renamed[int(consumer_key)] = name
        amended_of = {bills[no]["account_no"] for no in done.amended_bills}
        done.deleted_account = sorted(set(accounts) - amended_of)[-1]
        # Its bill is amended first, then the account is closed: both in one page after days
        # offline; the bill goes with its account.
        last_bill_no, last_bill = next(
            (no, b) for no, b in sorted(bills.items()) if b["account_no"] == done.deleted_account
        )
        last_bill = dict(last_bill, version=last_bill["version"] + 1, due_date="2026-12-30")
        record_change(connection, Entity.BILL, last_bill_no, scope, last_bill)
        done.deleted_bill = last_bill_no
        record_change(connection, Entity.ACCOUNT, done.deleted_account, scope, None)
    done.operator = f"late.{tag}.{serial}"
    add_operator(engine, done.operator, "Late Cashier", "cashier", office, "a-long-password")
    return done


# -- the process that is killed -------------------------------------------------------------------


def run_worker(args: argparse.Namespace) -> int:
    """Pull the feed into the cache of ``--data-dir`` to its end."""
    from ebill_desktop.storage.database import open_cache
    from ebill_desktop.sync.http import CentralConnection
    from ebill_desktop.sync.puller import pull_changes

    db = open_cache(Path(args.data_dir) / "cache.sqlite3")
    with CentralConnection(args.server, os.environ[CREDENTIAL_ENV], timeout=(2.0, 10.0)) as link:
        print("pulling", flush=True)
        report = pull_changes(db, link, page_size=args.page_size)
    db.close()
    print(f"complete {report.cursor}" if report.complete else "stopped", flush=True)
    return 0 if report.complete else 3


def spawn_worker(
    data_dir: Path, server_url: str, credential: str, *, page_size: int = KILL_PAGE
) -> subprocess.Popen[str]:
    env = dict(os.environ, **{CREDENTIAL_ENV: credential})
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), str(REPO / "src"), env.get("PYTHONPATH", "")]
    ).rstrip(os.pathsep)
    command = [sys.executable, "-m", "tests.sync.soak_pull", "worker", "--data-dir"]
    command += [str(data_dir), "--server", server_url, "--page-size", str(page_size)]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)


@dataclass
class KillSummary:
    runs: int = 0
    killed_starting: int = 0  # killed at a random time from its start (start-up included)
    killed_pulling: int = 0  # killed while it was pulling
    finished_first: int = 0  # reached the feed's end before the kill came
    cursors: list[int] = field(default_factory=list)  # the stored cursor after each run


def kill_and_restart(
    data_dir: Path,
    server_url: str,
    credential: str,
    runs: int,
    rng: random.Random,
    *,
    between_runs: Callable[[int], None] = lambda _run: None,
    max_kill_after: float = 0.35,
) -> KillSummary:
    """``runs`` times: start a pull, SIGKILL it at a random point; then one pull to the end.

    ``between_runs(run)`` is called before each start (to change data at head office, so
    there is always more to pull). After each kill the cache must pass SQLite's integrity check
    and its cursor must not have gone back.
    """
    from ebill_desktop.storage.database import open_cache
    from ebill_desktop.sync.puller import stored_cursor

    summary = KillSummary()
    for run in range(runs):
        between_runs(run)
        process = spawn_worker(data_dir, server_url, credential)
        outcome = kill_at_random(
            process,
            rng,
            ready_line="pulling",
            anywhere_within=0.5,
            after_ready_within=max_kill_after,
        )
        summary.killed_starting += outcome is KillOutcome.ANYWHERE
        summary.killed_pulling += outcome is KillOutcome.AFTER_READY
        summary.finished_first += outcome is KillOutcome.FINISHED
        db = open_cache(data_dir / "cache.sqlite3")
        try:
            check = db.reader().execute("PRAGMA integrity_check").fetchone()[0]
            cursor = stored_cursor(db)
        finally:
            db.close()
        if check != "ok":
            raise AssertionError(f"run {run}: the cache is damaged: {check}")
        if summary.cursors and cursor < summary.cursors[-1]:
            raise AssertionError(f"run {run}: the cursor went back to {cursor}")
        summary.cursors.append(cursor)
        summary.runs += 1
    run_to_the_end(
        spawn_worker(data_dir, server_url, credential),
        "complete",
        "the last pull did not reach the feed's end",
    )
    return summary


def check_same_cache(killed: CacheDatabase, clean: CacheDatabase) -> None:
    """The two caches hold the same records and the same cursor (natural keys only)."""
    from tests.sync.test_pull import check_search_index, digest

    got, want = digest(killed), digest(clean)
    for table, rows in want.items():
        assert got[table] == rows, f"{table} differs from a clean pull"
    check_search_index(killed)


# -- the soak command ---------------------------------------------------------------------------


def _enrol(base_url: str, engine: Engine, branch: str) -> tuple[int, str]:
    from ebill_central.services.terminals import add_terminal
    from ebill_core.protocol import enrol_response_from_wire
    from ebill_desktop.sync.http import CentralConnection

    code = add_terminal(engine, branch, "Soak", code_hours=1).enrolment_code
    with CentralConnection(base_url, None) as anonymous:
        answer = anonymous.request(
            "POST", "/enrol", json_body={"code": code, "machine_name": "soak"}
        )
    enrolled = enrol_response_from_wire(answer.json())
    return enrolled.terminal_id, enrolled.credential


def soak(runs: int, seed: int, customers: int) -> dict[str, object]:
    """Run the kill loop against a fresh seeded server; a summary, or AssertionError."""
    from ebill_central.db.engine import make_engine
    from ebill_central.db.migrate import upgrade
    from ebill_central.services.organisation import add_branch
    from ebill_central.services.seed import seed_demo
    from ebill_desktop.storage.database import open_cache
    from ebill_desktop.sync.http import CentralConnection
    from ebill_desktop.sync.puller import pull_changes
    from tests.sync.conftest import SEED_TODAY, CentralServer

    rng = random.Random(seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="ebill-pull-soak-") as folder:
        database = Path(folder) / "central.sqlite3"
        engine = make_engine(f"sqlite:///{database}")
        upgrade(engine)
        seed_demo(engine, customers, seed=seed, today=SEED_TODAY)
        add_branch(engine, "BR-S", "Soak counter", "SD-014")
        engine.dispose()
        central = CentralServer(database)
        try:
            _tid, credential = _enrol(central.base_url, central.engine, "BR-S")
            _clean_tid, clean_credential = _enrol(central.base_url, central.engine, "BR-S")
            data_dir = Path(folder) / "terminal"
            open_cache(data_dir / "cache.sqlite3").close()

            def between_runs(run: int) -> None:
                if run % 10 == 9:  # head office keeps working while the terminal is killed
                    week_of_changes(central.engine, "SD-014", rng, 2, tag=f"r{run}")

            summary = kill_and_restart(
                data_dir, central.base_url, credential, runs, rng, between_runs=between_runs
            )
            clean = open_cache(Path(folder) / "clean" / "cache.sqlite3")
            killed = open_cache(data_dir / "cache.sqlite3")
            try:
                with CentralConnection(central.base_url, clean_credential) as link:
                    pull_changes(clean, link)
                check_same_cache(killed, clean)
            finally:
                clean.close()
                killed.close()
        finally:
            central.close()
    result = {k: v for k, v in vars(summary).items() if k != "cursors"}
    return {"ok": True, "seconds": round(time.monotonic() - started, 1), **result}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.sync.soak_pull", description=__doc__)
    commands = parser.add_subparsers(dest="command")
    worker = commands.add_parser("worker", help="pull one data folder to the end (is killed)")
    worker.add_argument("--data-dir", required=True)
    worker.add_argument("--server", required=True)
    worker.add_argument("--page-size", type=int, default=KILL_PAGE)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--customers", type=int, default=200)
    args = parser.parse_args(argv)
    if args.command == "worker":
        return run_worker(args)
    if args.runs < 1 or args.customers < 10:
        parser.error("--runs is at least 1 and --customers at least 10")
    try:
        result = soak(args.runs, args.seed, args.customers)
    except AssertionError as failure:
        print(json.dumps({"ok": False, "seed": args.seed, "failure": str(failure)}))
        return 1
    print(json.dumps({**result, "seed": args.seed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
