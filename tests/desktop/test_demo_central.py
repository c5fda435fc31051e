"""``ebill-desktop demo`` against a real ``ebill-central`` child process on loopback.

One demo folder is made once per module by the real command line (a subprocess, offscreen,
``--quit-after-ready``): central database made and seeded with 200 customers, terminal enrolled,
first sync, counter ready, server stopped. The other tests work on copies of that folder, so
only the first run pays for the seed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ebill_central import cli as central_cli
from ebill_desktop import app, demo_central
from ebill_desktop.__main__ import main
from ebill_desktop.config import DataPaths, SettingsStore
from ebill_desktop.demo_central import (
    CentralFiles,
    CentralProcess,
    DemoCentralError,
    DemoState,
    run_demo,
    start_central,
)
from ebill_desktop.sync.enrolment import enrolled_identity

CUSTOMERS = 200
OFFICE = "SD-014"  # the demo branch's office


def _run_demo_cli(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "ebill_desktop", "--data-dir", str(data_dir)]
    argv += ["--quit-after-ready", "demo", "--customers", str(CUSTOMERS), *extra]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=180, env=env, check=False)


def _server_pid(stderr: str) -> int:
    found = re.search(r"central server http://127\.0\.0\.1:\d+ \(pid (\d+)\)", stderr)
    assert found, stderr
    return int(found.group(1))


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child of this test process would linger as a zombie; the demo's children are reaped
    # by the demo process (or, after it ends, by init), so "exists" means "still running".
    return True


def _accounts_in_cache(data_dir: Path) -> tuple[int, set[str]]:
    with sqlite3.connect(data_dir / "cache.sqlite3") as db:
        count = db.execute("SELECT count(*) FROM accounts").fetchone()[0]
        offices = {row[0] for row in db.execute("SELECT DISTINCT office_code FROM accounts")}
    return count, offices


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The demo run once from nothing: its folder and its stderr."""
    data_dir = tmp_path_factory.mktemp("demo") / "demo"
    done = _run_demo_cli(data_dir)
    assert done.returncode == 0, done.stderr
    assert "ready in" in done.stdout
    return data_dir, done.stderr


@pytest.fixture
def demo_copy(first_run: tuple[Path, str], tmp_path: Path) -> Path:
    """A copy of the first run's folder, for a test to change as it likes."""
    copy = tmp_path / "demo-copy"
    shutil.copytree(first_run[0], copy)
    return copy


@pytest.fixture
def running(demo_copy: Path) -> Iterator[CentralProcess]:
    server = start_central(CentralFiles(demo_copy / "central"), 0)
    yield server
    server.stop()


def test_first_run_makes_central_enrols_syncs_and_stops_the_server(
    first_run: tuple[Path, str],
) -> None:
    data_dir, stderr = first_run
    assert "creating the demo central database with 200 customers" in stderr
    assert "enrolled as terminal 1 of branch DEMO-1" in stderr
    count, offices = _accounts_in_cache(data_dir)
    assert count > 0 and offices == {OFFICE}  # the feed sends the branch's office only
    settings = SettingsStore(data_dir / "settings.json").load().settings
    assert settings.central_terminal_id == 1 and settings.branch_code == "DEMO-1"
    # The demo's devices: the card/UPI simulator (in the demo process) and the virtual printer.
    simulator = re.search(r"card/UPI terminal simulator on (http://127\.0\.0\.1:\d+)", stderr)
    assert simulator, stderr
    assert settings.payment_terminal_url == simulator.group(1)
    assert settings.payment_terminal_device_id == demo_central.DEMO_CARD_DEVICE
    assert settings.printer_uri == demo_central.DEMO_PRINTER_URI
    with pytest.raises(OSError):  # stopped with the demo: nothing listens there any more
        socket.create_connection(("127.0.0.1", int(simulator.group(1).rsplit(":", 1)[1])), 2)
    assert DemoState.load(CentralFiles(data_dir / "central")) == DemoState(CUSTOMERS, 1)
    assert not _is_running(_server_pid(stderr))
    log_text = (data_dir / "central" / "server.log").read_text(encoding="utf-8")
    assert "Application startup complete" in log_text and "Finished server process" in log_text
    # The credential ("1.<43 characters>") lived in the demo process's memory only: no file
    # in the folder (settings, logs, the cache) holds it.
    credential = re.compile(rb"\b1\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert not credential.search(path.read_bytes()), path


def test_second_run_reuses_everything_and_stops_the_server_when_the_counter_fails(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # In this process, with the counter replaced by one that fails to start: the set-up before
    # it is the real one (the first run's fixture shows the real counter coming up).
    count_before, _ = _accounts_in_cache(demo_copy)
    started: list[CentralProcess] = []
    real_start = demo_central.start_central

    def recording_start(files: CentralFiles, port: int) -> CentralProcess:
        started.append(real_start(files, port))
        return started[-1]

    def failing_counter(paths: DataPaths, **kwargs: Any) -> int:
        server = started[0]
        assert server.process.poll() is None  # the server runs while the counter starts
        settings = SettingsStore(paths.settings_file).load().settings
        assert settings.central_url == server.url and settings.central_terminal_id == 1
        identity = enrolled_identity(settings)
        assert kwargs["credentials"].load(identity.keyring_account)  # in memory, for the app
        raise RuntimeError("the counter could not start")

    monkeypatch.setattr(demo_central, "start_central", recording_start)
    monkeypatch.setattr(app, "run_app", failing_counter)
    with pytest.raises(RuntimeError, match="could not start"):
        run_demo(DataPaths.under(demo_copy), customers=300)
    assert started[0].process.returncode is not None  # stopped and reaped: no orphan
    said = capsys.readouterr().err
    assert "creating" not in said and "already holds 200 customers" in said
    assert "enrolled as terminal 1 of branch DEMO-1" in said  # the same terminal, a new code
    assert "synced: 0 changes" in said  # nothing new since the first run
    assert _accounts_in_cache(demo_copy)[0] == count_before
    assert DemoState.load(CentralFiles(demo_copy / "central")) == DemoState(CUSTOMERS, 1)


def test_an_occupied_port_is_refused_before_anything_starts(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = demo_copy / "central" / "server.log"
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        port = holder.getsockname()[1]
        code = run_demo(DataPaths.under(demo_copy), port=port)
    assert code == demo_central.EXIT_DEMO_FAILED
    assert f"port {port} on 127.0.0.1 cannot be used" in capsys.readouterr().err
    assert f"serve --port {port}" not in log_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_bad_port_argument_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--central-port", port])
    assert exit_.value.code == 2
    assert "port" in capsys.readouterr().err


def test_a_server_that_cannot_start_shows_its_last_log_lines(tmp_path: Path) -> None:
    files = CentralFiles(tmp_path / "central")
    files.folder.mkdir()  # no database made: 'serve' refuses it and exits
    with pytest.raises(DemoCentralError) as error:
        start_central(files, 0)
    assert "did not start" in error.value.message
    assert "run 'ebill-central init'" in error.value.message  # the server's own words


def test_the_server_stops_by_itself_when_the_demo_process_is_gone(
    running: CentralProcess,
) -> None:
    # What the OS does when the demo process dies outright: the pipe to the server closes.
    assert running.process.stdin is not None
    running.process.stdin.close()
    assert running.process.wait(timeout=20) == 0


def test_a_folder_not_made_by_the_demo_is_refused(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_copy / "central" / "demo-central.json").unlink()  # a cache the central did not make
    log_before = (demo_copy / "central" / "server.log").read_text(encoding="utf-8")
    assert run_demo(DataPaths.under(demo_copy)) == demo_central.EXIT_DEMO_FAILED
    assert f"delete the folder {demo_copy}" in capsys.readouterr().err
    assert (demo_copy / "central" / "server.log").read_text(encoding="utf-8") == log_before
    assert (demo_copy / "central" / "central.sqlite3").exists()  # nothing deleted


def test_a_missing_central_database_is_refused(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    CentralFiles(demo_copy / "central").remove_database()
    assert run_demo(DataPaths.under(demo_copy)) == demo_central.EXIT_DEMO_FAILED
    assert "central database" in capsys.readouterr().err
    assert not (demo_copy / "central" / "central.sqlite3").exists()


def test_new_code_for_an_existing_terminal(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = CentralFiles(demo_copy / "central")
    assert central_cli.run(["--database", files.database_url, "new-code", "1", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["terminal_id"] == 1 and len(answer["enrolment_code"]) == 19
    for refused in (["new-code", "99"], ["new-code", "1", "--code-hours", "0"]):
        assert central_cli.run(["--database", files.database_url, *refused]) == 1
        assert capsys.readouterr().err.startswith("error: ")
    assert central_cli.run(["--database", files.database_url, "revoke-terminal", "1"]) == 0
    assert central_cli.run(["--database", files.database_url, "new-code", "1"]) == 1
    assert "revoked" in capsys.readouterr().err


def test_state_file_that_cannot_be_read_means_no_state(tmp_path: Path) -> None:
    files = CentralFiles(tmp_path)
    for text in ("", "{", "[]", '{"version": 1}', '{"version": 9, "customers": 1}'):
        files.state_file.write_text(text, encoding="utf-8")
        assert DemoState.load(files) is None
    DemoState(5, 3).save(files)
    assert DemoState.load(files) == DemoState(5, 3)


def test_ctrl_c_with_the_counter_open_closes_it_and_stops_the_server(demo_copy: Path) -> None:
    argv = [sys.executable, "-m", "ebill_desktop", "--data-dir", str(demo_copy), "demo"]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    log_file = demo_copy / "logs" / "ebill-desktop.log"
    shown_before = log_file.read_text(encoding="utf-8").count("counter window shown")
    demo = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while log_file.read_text(encoding="utf-8").count("counter window shown") == shown_before:
            assert demo.poll() is None and time.monotonic() < deadline, "the counter never opened"
            time.sleep(0.1)
        demo.send_signal(signal.SIGINT)  # what Ctrl+C in its console sends
        _out, stderr = demo.communicate(timeout=60)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
    assert demo.returncode == 0, stderr  # the window closed: not the 130 of an interrupted start
    assert "Ctrl+C: closing the counter" in log_file.read_text(encoding="utf-8")
    assert not _is_running(_server_pid(stderr))
