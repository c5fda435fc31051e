"""Killing a sync worker process at a random point, shared by the sender and puller soaks.

A worker prints a line when it is ready (``locked`` for the sender, ``pulling`` for the
puller). One run either kills it at a random time from its start (start-up included) or at a
random time after that line; a worker that finished first is counted as such.
"""

from __future__ import annotations

import random
import select
import signal
import subprocess
import time
from collections.abc import Callable
from enum import Enum


class KillOutcome(Enum):
    ANYWHERE = "killed at a random time from its start"
    AFTER_READY = "killed at a random time after its ready line"
    FINISHED = "finished before the kill came"


def wait_for_line(process: subprocess.Popen[str], timeout: float) -> str | None:
    """The worker's next output line, or None if none comes within ``timeout`` seconds."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    return process.stdout.readline().strip() if ready else None


def kill_at_random(
    process: subprocess.Popen[str],
    rng: random.Random,
    *,
    ready_line: str,
    anywhere_within: float,
    after_ready_within: float,
    when_ready: Callable[[], None] = lambda: None,
) -> KillOutcome:
    """SIGKILL ``process`` at a random point (1 run in 5 from its start), then reap it."""
    try:
        anywhere = rng.random() < 0.2
        if anywhere:
            time.sleep(rng.uniform(0.0, anywhere_within))
        elif wait_for_line(process, 30.0) == ready_line:
            when_ready()
            time.sleep(rng.uniform(0.0, after_ready_within))
        if process.poll() is not None:
            return KillOutcome.FINISHED
        process.send_signal(signal.SIGKILL)
        return KillOutcome.ANYWHERE if anywhere else KillOutcome.AFTER_READY
    finally:
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


def run_to_the_end(process: subprocess.Popen[str], done_word: str, what: str) -> None:
    """Let the last worker run; AssertionError unless it exits 0 saying ``done_word``."""
    try:
        out, _ = process.communicate(timeout=90)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    if process.returncode != 0 or done_word not in out:
        raise AssertionError(f"{what}: {out!r}")
