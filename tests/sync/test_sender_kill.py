"""Sender processes: SIGKILL at random points loses and doubles nothing; one sender per folder.

The processes are real (``python -m tests.sync.soak_sender worker``), over the same data folder
as the test's own cache, against the real server on loopback. The longer soak of the same loop
is ``python -m tests.sync.soak_sender --runs 200``.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ebill_desktop.sync.file_lock import SyncLock, SyncLockHeldError
from ebill_desktop.sync.sender import OutboxSender
from tests.sync.conftest import CentralServer, EnrolledTerminal
from tests.sync.soak_sender import (
    REPO,
    check_exactly_once,
    enqueue_payments,
    kill_and_restart,
    make_payments,
    open_bills,
    spawn_worker,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")

KILL_RUNS = 50  # the issue asks for at least 50 in the suite; the soak command runs more


def test_killed_at_random_points_nothing_is_lost_or_doubled(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    seed = int(os.environ.get("EBILL_KILL_SEED", time.time_ns() % 1_000_000))
    rng = random.Random(seed)
    tid = terminal.identity.terminal_id
    bills = open_bills(central.engine)
    expected: dict[str, int] = {}

    def enqueue_more(_run: int) -> None:
        seqs = range(len(expected) + 1, len(expected) + 5)
        payments = make_payments(bills, seqs, rng, tid)
        enqueue_payments(terminal.db, payments)
        expected.update({p.payment_id: p.terminal_seq for p in payments})

    summary = kill_and_restart(
        terminal.paths.data_dir, central.base_url, terminal.credential, enqueue_more, KILL_RUNS, rng
    )
    assert summary.runs == KILL_RUNS, f"seed {seed}"
    # Most runs must really be killed mid-way, or the test proves little.
    assert summary.killed_anywhere + summary.killed_holding_lock >= KILL_RUNS // 2, (seed, summary)
    check_exactly_once(central.engine, tid, terminal.db, expected)


def _holder(data_dir: Path) -> subprocess.Popen[str]:
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from ebill_desktop.sync.file_lock import SyncLock\n"
        "lock = SyncLock(Path(sys.argv[1]))\n"
        "lock.acquire()\n"
        "print('locked', flush=True)\n"
        "time.sleep(60)\n"
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(REPO / "src"), str(REPO)]))
    process = subprocess.Popen(
        [sys.executable, "-c", code, str(data_dir)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process


def test_the_lock_is_held_by_one_process_and_dies_with_it(tmp_path: Path) -> None:
    holder = _holder(tmp_path)
    try:
        lock = SyncLock(tmp_path)
        with pytest.raises(SyncLockHeldError) as held:
            lock.acquire(wait_seconds=0.2)
        assert f"process {holder.pid}" in held.value.message
        assert not lock.held
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
    # The holder died without letting go: the OS released the lock with it.
    with SyncLock(tmp_path) as lock:
        assert lock.held
        with pytest.raises(SyncLockHeldError):
            SyncLock(tmp_path).acquire()  # a second open file in the same process is refused
    assert not lock.held


def test_two_senders_on_one_data_folder_never_send_together(
    central: CentralServer, terminal: EnrolledTerminal, tmp_path: Path
) -> None:
    tid = terminal.identity.terminal_id
    rng = random.Random(11)
    bills = open_bills(central.engine)
    logs = [tmp_path / "uploads-a.log", tmp_path / "uploads-b.log"]
    expected: dict[str, int] = {}
    workers = [
        spawn_worker(
            terminal.paths.data_dir,
            central.base_url,
            terminal.credential,
            batch_size=2,
            extra=["--loop-seconds", "2.5", "--log-uploads", str(log), "--upload-pause", "0.02"],
        )
        for log in logs
    ]
    try:
        # Keep work coming while both take turns: at least 2 s, and on a loaded machine (where
        # one worker may start seconds after the other) until both have sent something.
        started = time.monotonic()
        while time.monotonic() < started + 2.0 or (
            time.monotonic() < started + 60.0
            and not all(_intervals(log) for log in logs)
            and any(worker.poll() is None for worker in workers)
        ):
            seqs = range(len(expected) + 1, len(expected) + 4)
            payments = make_payments(bills, seqs, rng, tid)
            enqueue_payments(terminal.db, payments)
            expected.update({p.payment_id: p.terminal_seq for p in payments})
            time.sleep(0.05)
        for worker in workers:
            assert worker.wait(timeout=30) == 0
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
            if worker.stdout is not None:
                worker.stdout.close()
    intervals = [_intervals(log) for log in logs]
    assert all(intervals), "both senders must have sent something"
    for start_a, end_a in intervals[0]:
        for start_b, end_b in intervals[1]:
            assert end_a <= start_b or end_b <= start_a, "two senders sent at the same time"
    # What the loop left behind goes now; then every item is on the server exactly once.
    with terminal.connection() as connection, SyncLock(terminal.paths.data_dir) as lock:
        OutboxSender(terminal.db, connection, lock).send_due()
    check_exactly_once(central.engine, tid, terminal.db, expected)


def _intervals(log: Path) -> list[tuple[int, int]]:
    if not log.exists():
        return []
    rows = [line.split() for line in log.read_text(encoding="ascii").splitlines()]
    return [(int(start), int(end)) for _pid, start, end in rows]
