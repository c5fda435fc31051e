"""First-sync benchmark: the whole utility from the central server into an empty terminal cache.

    make bench-first-sync      # = .venv/bin/python benchmarks/first_sync.py --customers 1000000
    .venv/bin/python benchmarks/first_sync.py --customers 20000 [--backend sqlite|postgresql]

For each backend (SQLite, PostgreSQL) the seeded central database (benchmarks/central_data.py,
made once and kept) is served by the real server, ``ebill-central serve`` under uvicorn, in
its own process on loopback. A terminal is registered and enrolled through the real enrolment
(its credential kept in an in-process keyring), and the real puller pulls the feed from zero
into an empty cache, on a worker thread of the app's TaskRunner, while the main thread runs a
Qt event loop (offscreen) with a 5 ms timer that records the longest gap between its ticks:
the UI's longest stall during the sync.

The floor, measured in the same run: the same change rows read straight from the same central
database and inserted into an empty cache file with plain sqlite3 ``executemany`` (see
benchmarks/sync_floor.py). Targets (issue 3): <= 90 s per backend, <= 3x the floor, the longest
stall <= 100 ms.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import requests
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from benchkit import DEFAULT_DATA, REPO, Report
from central_data import BRANCH, OFFICE, ensure_central
from ebill_central.db.engine import make_engine
from ebill_central.feed.scopes import terminal_scopes
from ebill_central.services.terminals import add_terminal
from ebill_desktop.app import prepare
from ebill_desktop.config import DataPaths
from ebill_desktop.security.keyring_store import CredentialStore
from ebill_desktop.storage.database import open_cache
from ebill_desktop.sync.enrolment import enrol
from ebill_desktop.sync.http import CentralConnection
from ebill_desktop.sync.puller import DEFAULT_PAGE_SIZE, PullReport, pull_changes
from ebill_desktop.ui.tasks import TaskRunner
from sync_floor import raw_floor

TICK_MS = 5
TRACE = "--trace" in sys.argv  # print each page, each gap over 60 ms and each slow collection
TARGET_SECONDS = 90.0
TARGET_RATIO = 3.0
TARGET_STALL_MS = 100.0


class _ProcessKeyring(KeyringBackend):
    """The enrolled credential, kept in this process only (there is no desktop keyring here)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


@dataclass
class SyncRun:
    seconds: float
    changes: int
    pages: int
    longest_stall_ms: float
    accounts: int
    bills: int


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``ebill-central serve`` on a free loopback port; returns once /health answers."""
    port = _free_port()
    command = [sys.executable, "-m", "ebill_central", "--database", url, "serve"]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    log = log_path.open("wb")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the central server exited; see {log_path}")
        try:
            if requests.get(f"{base}/api/v1/health", timeout=1).ok:
                return server, base
        except requests.ConnectionError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the central server did not start within 60 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def timed_pull(app: QApplication, data_dir: Path, base_url: str, code: str) -> SyncRun:
    """Enrol a fresh terminal and pull the feed on a worker while the UI loop ticks."""
    paths = DataPaths.under(data_dir)
    store, _loaded = prepare(paths)
    credentials = CredentialStore(_ProcessKeyring())
    identity = enrol(base_url, code, "first-sync-bench", store, credentials)
    db = open_cache(paths.cache_file)
    connection = CentralConnection(identity.server_url, credentials.load(identity.keyring_account))
    report = PullReport()
    runner = TaskRunner(max_threads=1)
    loop = QEventLoop()
    outcome: list[object] = []
    clock = QElapsedTimer()
    longest = [0.0]

    def tick() -> None:
        gap = clock.nsecsElapsed() / 1e6
        clock.restart()
        longest[0] = max(longest[0], gap - TICK_MS)
        if TRACE and gap > 60:
            print(f"  stall {gap:.0f} ms at {time.perf_counter() - started:.2f} s", file=sys.stderr)

    def finished(result: object) -> None:
        outcome.append(result)
        loop.quit()

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)

    def page_done(done: int, _total: int) -> None:
        if TRACE:
            print(f"  page {done} at {time.perf_counter() - started:.2f} s", file=sys.stderr)

    def work() -> PullReport:
        with connection:
            return pull_changes(
                db, connection, page_size=DEFAULT_PAGE_SIZE, report=report, progress=page_done
            )

    if TRACE:
        gc.callbacks.append(_trace_collections())
    started = time.perf_counter()
    clock.start()
    timer.start()
    runner.run("sync", work, finished, finished)
    loop.exec()
    seconds = time.perf_counter() - started
    timer.stop()
    runner.shutdown()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    reader = db.reader()
    accounts = reader.execute("SELECT count(*) FROM accounts").fetchone()[0]
    bills = reader.execute("SELECT count(*) FROM bills").fetchone()[0]
    db.close()
    return SyncRun(seconds, report.changes, report.pages, longest[0], accounts, bills)


def _trace_collections() -> Callable[[str, dict[str, int]], None]:
    """A gc callback that prints every collection over 20 ms (they hold the interpreter)."""
    began = [0.0]

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            began[0] = time.perf_counter()
        elif (took := time.perf_counter() - began[0]) > 0.02:
            print(f"  gc gen {info['generation']} {took * 1000:.0f} ms", file=sys.stderr)

    return on_gc


def run_backend(app: QApplication, name: str, url: str, work: Path, report: Report) -> None:
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    engine = make_engine(url)
    try:
        new = add_terminal(engine, BRANCH, f"bench {time.time():.0f}", code_hours=1)
        server, base_url = start_server(url, folder / "server.log")
        try:
            print(f"[{name}] first sync from {base_url} ...", file=sys.stderr)
            run = timed_pull(app, folder / "terminal", base_url, new.enrolment_code)
        finally:
            stop_server(server)
        print(f"[{name}] {run.changes:,} changes in {run.seconds:.1f} s", file=sys.stderr)
        started = time.perf_counter()
        floor_changes = raw_floor(engine, terminal_scopes(OFFICE, BRANCH), folder / "floor.sqlite3")
        floor = time.perf_counter() - started
    finally:
        engine.dispose()
    report.figure(f"{name}_seconds", run.seconds)
    report.figure(f"{name}_changes", run.changes)
    report.figure(f"{name}_changes_per_s", run.changes / run.seconds)
    report.figure(f"{name}_pages", run.pages)
    report.figure(f"{name}_accounts", run.accounts)
    report.figure(f"{name}_bills", run.bills)
    report.figure(f"{name}_floor_seconds", floor)
    report.figure(f"{name}_floor_changes", floor_changes)
    report.figure(f"{name}_ratio", run.seconds / floor)
    report.figure(f"{name}_longest_stall_ms", run.longest_stall_ms)
    report.target(f"{name}: first sync seconds", run.seconds, "<=", TARGET_SECONDS)
    report.target(f"{name}: ratio to the raw floor", run.seconds / floor, "<=", TARGET_RATIO)
    report.target(f"{name}: longest UI stall (ms)", run.longest_stall_ms, "<=", TARGET_STALL_MS)
    for path in (folder / "terminal", folder / "floor.sqlite3"):
        shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--trace", action="store_true", help="print pages, stalls and GC pauses")
    args = parser.parse_args()
    sqlite_url, pg_url = ensure_central(args.customers)
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    report = Report(f"first sync, {args.customers:,} customers")
    report.figure("customers", args.customers)
    report.figure("load_average_at_start", os.getloadavg()[0])
    work = DEFAULT_DATA / "first-sync-run"
    backends = {"sqlite": sqlite_url, "postgresql": pg_url}
    for name, url in backends.items():
        if args.backend in (name, "both"):
            run_backend(app, name, url, work, report)
    sys.exit(0 if report.print() else 1)


if __name__ == "__main__":
    main()
