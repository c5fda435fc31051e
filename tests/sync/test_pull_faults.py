"""The down-sync under faults: every proxy fault, SIGKILL, two terminals at once, a week offline.

Each ends the same way: once the fault is gone, one pull leaves the cache identical (records
by natural keys, and the cursor) to a pull that met no fault. The longer kill soak is
``python -m tests.sync.soak_pull --runs 200``.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ebill_desktop.storage.database import open_cache
from ebill_desktop.sync.http import CentralConnection, CentralUnreachable
from ebill_desktop.sync.puller import PullReport, pull_changes, stored_cursor
from tests.sync.conftest import CentralServer, EnrolledTerminal, enrol_terminal
from tests.sync.faultproxy import FaultProxy, Mode
from tests.sync.soak_pull import check_same_cache, kill_and_restart, week_of_changes
from tests.sync.test_pull import OFFICE, PAGE, check_search_index, digest, server_accounts

KILL_RUNS = 20


@pytest.fixture
def proxy(central: CentralServer) -> Iterator[FaultProxy]:
    parts = urlsplit(central.base_url)
    assert parts.hostname is not None and parts.port is not None
    with FaultProxy((parts.hostname, parts.port)) as running:
        yield running


@pytest.fixture
def clean(central: CentralServer, tmp_path: Path) -> Iterator[EnrolledTerminal]:
    """Another terminal of the same branch: the reference a pull with no fault gives."""
    other = enrol_terminal(central, tmp_path / "clean-terminal")
    yield other
    other.db.close()


def pull(terminal: EnrolledTerminal, **options: Any) -> PullReport:
    with terminal.connection() as connection:
        return pull_changes(terminal.db, connection, page_size=PAGE, **options)


# -- each fault of the proxy ----------------------------------------------------------------------

FAULTS: list[tuple[Mode, dict[str, Any]]] = [
    (Mode.REFUSE, {}),
    (Mode.HANG, {}),
    (Mode.RESET, {}),  # after the server answered
    (Mode.CUT, {"cut_after": 20}),  # inside the status line
    (Mode.CUT, {"cut_after": 3000}),  # inside the (compressed) page
    (Mode.DELAY, {"delay": 1.3}),  # longer than the read timeout
    (Mode.HTTP_500, {}),
    (Mode.HTTP_503, {}),
]
FAULT_IDS = [f"{mode.value}{options.get('cut_after', '')}" for mode, options in FAULTS]


@pytest.mark.parametrize(("mode", "options"), FAULTS, ids=FAULT_IDS)
def test_a_fault_mid_pull_leaves_whole_pages_then_the_pull_completes(
    terminal: EnrolledTerminal,
    clean: EnrolledTerminal,
    proxy: FaultProxy,
    mode: Mode,
    options: dict[str, Any],
) -> None:
    def fault_after_two_pages(_done: int, _total: int) -> None:
        if report.pages == 2:
            proxy.set_mode(mode, **options)

    report = PullReport()
    with (
        CentralConnection(proxy.url, terminal.credential, timeout=(1.0, 1.0)) as connection,
        pytest.raises(CentralUnreachable) as failed,
    ):
        pull_changes(
            terminal.db, connection, page_size=PAGE, progress=fault_after_two_pages, report=report
        )
    assert proxy.counts[mode] >= 1, "the fault did not happen"
    assert failed.value.message  # a clear error, not a bare exception
    # A clean prefix: exactly the first two pages, with the cursor saying so (the reference
    # terminal pulls the same two pages with no fault).
    assert report.pages == 2 and not report.complete
    assert stored_cursor(terminal.db) == report.cursor
    assert terminal.db.data_as_of() is None
    pull(clean, max_pages=2)
    assert digest(terminal.db) == digest(clean.db)

    proxy.set_mode(Mode.PASS)
    with CentralConnection(proxy.url, terminal.credential, timeout=(1.0, 5.0)) as connection:
        assert pull_changes(terminal.db, connection, page_size=PAGE).complete
    assert pull(clean).complete
    check_same_cache(terminal.db, clean.db)


@pytest.mark.parametrize(("mode", "options"), FAULTS, ids=FAULT_IDS)
def test_a_fault_before_any_page_changes_nothing_then_the_pull_catches_up(
    terminal: EnrolledTerminal,
    clean: EnrolledTerminal,
    central: CentralServer,
    proxy: FaultProxy,
    mode: Mode,
    options: dict[str, Any],
) -> None:
    pull(terminal)  # synced once; then a week of changes waits behind the fault
    week_of_changes(central.engine, OFFICE, random.Random(3), 10)
    before, cursor = digest(terminal.db), stored_cursor(terminal.db)
    as_of = terminal.db.data_as_of()
    proxy.set_mode(mode, **options)
    with (
        CentralConnection(proxy.url, terminal.credential, timeout=(1.0, 1.0)) as connection,
        pytest.raises(CentralUnreachable),
    ):
        pull_changes(terminal.db, connection, page_size=PAGE)
    assert proxy.counts[mode] >= 1
    assert digest(terminal.db) == before
    assert stored_cursor(terminal.db) == cursor and terminal.db.data_as_of() == as_of

    proxy.set_mode(Mode.PASS)
    with CentralConnection(proxy.url, terminal.credential, timeout=(1.0, 5.0)) as connection:
        assert pull_changes(terminal.db, connection, page_size=PAGE).complete
    assert pull(clean).complete
    check_same_cache(terminal.db, clean.db)


# -- SIGKILL at random points ---------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_pulls_killed_at_random_points_end_identical_to_a_clean_pull(
    terminal: EnrolledTerminal, central: CentralServer, clean: EnrolledTerminal
) -> None:
    seed = int(os.environ.get("EBILL_KILL_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)

    def between_runs(run: int) -> None:
        if run % 3 == 2:  # head office keeps changing data, so later runs still have pages to pull
            week_of_changes(central.engine, OFFICE, rng, 2, tag=f"r{run}")

    summary = kill_and_restart(
        terminal.paths.data_dir,
        central.base_url,
        terminal.credential,
        KILL_RUNS,
        rng,
        between_runs=between_runs,
    )
    assert summary.runs == KILL_RUNS, f"seed {seed}"
    # A good share of the runs must really be killed mid-way, or the test proves little. (How
    # many depends on the machine's speed: a run that catches up before its kill is counted as
    # finished; a quarter is a floor every run here has cleared with room.)
    assert summary.killed_pulling + summary.killed_starting >= KILL_RUNS // 4, (seed, summary)
    assert len(set(summary.cursors)) > 2, (seed, summary)  # kills fell at different pages
    assert pull(clean).complete
    check_same_cache(terminal.db, clean.db)


# -- two at once ----------------------------------------------------------------------------------


def _pull_in_threads(*targets: EnrolledTerminal) -> list[PullReport]:
    """Pull every target at once, one thread each (each its own connection); their reports."""
    reports = [PullReport() for _ in targets]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(targets))

    def run(target: EnrolledTerminal, report: PullReport) -> None:
        try:
            barrier.wait(timeout=10)
            with target.connection() as connection:
                pull_changes(target.db, connection, page_size=PAGE, report=report)
        except BaseException as error:
            errors.append(error)

    threads = [
        threading.Thread(target=run, args=pair) for pair in zip(targets, reports, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return reports


def test_two_terminals_of_a_branch_pulling_at_once_end_identical(
    terminal: EnrolledTerminal, clean: EnrolledTerminal, central: CentralServer
) -> None:
    first, second = _pull_in_threads(terminal, clean)
    assert first.complete and second.complete
    assert first.cursor == second.cursor == stored_cursor(terminal.db) == stored_cursor(clean.db)
    check_same_cache(terminal.db, clean.db)
    cached = {no for (no,) in terminal.db.reader().execute("SELECT account_no FROM accounts")}
    assert cached == server_accounts(central)  # the office's accounts, and nothing else


def test_two_pulls_on_one_data_folder_at_once_end_as_one_clean_pull(
    terminal: EnrolledTerminal, clean: EnrolledTerminal
) -> None:
    # Two app instances on one folder: each its own open of the cache, pulling together.
    twin_db = open_cache(terminal.paths.cache_file)
    try:
        twin = EnrolledTerminal(
            terminal.paths, terminal.store, terminal.credentials, terminal.identity, twin_db
        )
        first, second = _pull_in_threads(terminal, twin)
    finally:
        twin_db.close()
    assert first.complete and second.complete
    assert pull(clean).complete
    check_same_cache(terminal.db, clean.db)


# -- a week offline -------------------------------------------------------------------------------


def test_a_week_offline_is_caught_up_in_one_pull(
    terminal: EnrolledTerminal, clean: EnrolledTerminal, central: CentralServer
) -> None:
    first = pull(terminal)
    week = week_of_changes(central.engine, OFFICE, random.Random(5), 12)

    report = pull(terminal)
    assert report.complete and report.cursor > first.cursor
    assert report.changes >= 12 * 4 + 2
    reader = terminal.db.reader()
    cached = {no for (no,) in reader.execute("SELECT account_no FROM accounts")}
    assert set(week.new_accounts) <= cached
    assert week.deleted_account not in cached
    assert cached == server_accounts(central) - {week.deleted_account} | set(week.new_accounts)
    versions = {
        bill_no: version
        for bill_no, version in reader.execute("SELECT bill_no, version FROM bills")
        if bill_no in week.amended_bills
    }
    assert versions == week.amended_bills
    gone = reader.execute("SELECT 1 FROM bills WHERE bill_no = ?", (week.deleted_bill,))
    assert gone.fetchone() is None  # amended, then taken with its closed account
    names = dict(reader.execute("SELECT consumer_id, name FROM consumers").fetchall())
    assert all(names[cid] == name for cid, name in week.renamed.items())
    assert reader.execute(
        "SELECT full_name FROM operators WHERE login = ?", (week.operator,)
    ).fetchone() == ("Late Cashier",)
    check_search_index(terminal.db)
    # And the same as a terminal that was never offline, pulling everything at once.
    assert pull(clean).complete
    check_same_cache(terminal.db, clean.db)
