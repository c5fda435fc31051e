"""``ebill-central serve --workers N``: N server processes on one port, stopped together.

More than one process lets two terminals' uploads be posted at once (a batch is CPU-bound
Python); these check that the processes start, answer, share the enrolment limit instead of
multiplying it, and all end when the parent's stdin closes, and that a silly count is refused.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from ebill_central import cli
from ebill_central.config import DATABASE_ENV, CentralSettings


def _children(pid: int) -> list[int]:
    """Worker processes of ``pid`` (multiprocessing spawns them through ``spawn_main``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="counts processes through /proc")
def test_two_workers_answer_and_stop_when_stdin_closes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    assert cli.run(["--database", url, "init"]) == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "ebill_central", "--database", url, "serve"]
    command += ["--port", str(port), "--workers", "2", "--stop-when-stdin-closes"]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while len(_children(process.pid)) < 2 or not _healthy(port):
            assert process.poll() is None, "the server exited"
            assert time.monotonic() < deadline, "the workers did not start"
            time.sleep(0.2)
        workers = _children(process.pid)
        assert len(workers) == 2
        assert process.stdin is not None
        process.stdin.close()
        assert process.wait(timeout=30) == 0
        assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _healthy(port: int) -> bool:
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
    except httpx.TransportError:
        return False
    return bool(answer.json() == {"status": "ok"})


@pytest.mark.parametrize("workers", ["0", "-1", "65"])
def test_a_count_of_workers_out_of_range_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], workers: str
) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    assert cli.run(["--database", url, "init"]) == 0
    assert cli.run(["--database", url, "serve", "--workers", workers]) == 1
    assert "--workers" in capsys.readouterr().err


def test_the_workers_share_the_enrolment_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each process counts attempts on its own: two get half the limit each, never double."""
    monkeypatch.setenv(DATABASE_ENV, f"sqlite:///{tmp_path / 'serve.sqlite3'}")
    limit = CentralSettings(database_url="sqlite://").enrol_attempts
    for workers, share in ((1, limit), (2, limit // 2), (limit * 2, 1)):
        monkeypatch.setenv(cli._WORKERS_ENV, str(workers))
        app = cli.worker_app()
        try:
            assert app.state.settings.enrol_attempts == share
            assert app.state.enrol_limiter is not None
        finally:
            app.state.engine.dispose()
