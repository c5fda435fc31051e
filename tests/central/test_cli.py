"""``ebill-central``: each command does its job, and refuses bad input without changing a thing."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from ebill_central.cli import run
from ebill_central.config import DATABASE_ENV, load_settings
from ebill_central.db.engine import make_engine
from ebill_central.db.models import AccountRow, BranchRow, OfficeRow, OperatorRow, TerminalRow
from ebill_central.services.enrolment import enrol
from ebill_core.protocol import EnrolRequest


def _count(url: str, table: type) -> int:
    engine = make_engine(url)
    with engine.connect() as connection:
        value = int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        connection.rollback()
    engine.dispose()
    return value


@pytest.fixture
def ready_url(empty_url: str) -> str:
    assert run(["--database", empty_url, "init"]) == 0
    return empty_url


def test_the_set_up_jobs_from_office_to_enrolled_terminal(
    ready_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ["--database", ready_url]
    assert run([*db, "seed", "--customers", "12", "--seed", "3"]) == 0
    assert "seeded 12 accounts" in capsys.readouterr().out
    assert run([*db, "add-office", "SD-099", "Hill Sub-division"]) == 0
    assert run([*db, "add-branch", "BR-9", "Hill counter", "--office", "SD-099"]) == 0
    assert run([*db, "add-terminal", "--branch", "BR-9", "--name", "Counter 1"]) == 0
    code = capsys.readouterr().out.strip().splitlines()[-1]
    engine = make_engine(ready_url)
    enrolled = enrol(engine, EnrolRequest(code, "pc"))
    assert enrolled.branch_code == "BR-9"
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery\n"))
    assert (
        run(
            [
                *db,
                "add-operator",
                "asha",
                "--name",
                "Asha",
                "--role",
                "cashier",
                "--office",
                "SD-099",
            ]
        )
        == 0
    )
    assert run([*db, "revoke-terminal", str(enrolled.terminal_id)]) == 0
    with engine.connect() as connection:
        revoked = connection.execute(
            select(TerminalRow.revoked_at).where(TerminalRow.terminal_id == enrolled.terminal_id)
        ).scalar_one()
        connection.rollback()
    engine.dispose()
    assert revoked is not None
    assert _count(ready_url, AccountRow) == 12
    assert _count(ready_url, OperatorRow) == 6  # five demo operators and asha


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add-branch", "BR-1", "x", "--office", "NOPE"], "", "no office 'NOPE'"),
        (["add-branch", "br 1", "x", "--office", "SD-014"], "", "branch code"),
        (
            ["add-branch", "BR-1", "x", "--office", "SD-014", "--offline-total", "1.234"],
            "",
            "decimal",
        ),
        (["add-branch", "BR-1", "x", "--office", "SD-014", "--currency", "XXX"], "", "currency"),
        (["add-terminal", "--branch", "NOPE", "--name", "x"], "", "no branch"),
        (
            ["add-operator", "bob", "--name", "B", "--role", "cashier", "--office", "SD-014"],
            "short\n",
            "at least 12",
        ),
        (
            ["add-operator", "bob", "--name", "B", "--role", "king", "--office", "SD-014"],
            "long enough password\n",
            "role must be",
        ),
        (
            ["add-operator", "Bob!", "--name", "B", "--role", "cashier", "--office", "SD-014"],
            "long enough password\n",
            "login",
        ),
        (["add-office", "SD-014", "Again"], "", "already exists"),
        (["revoke-terminal", "424242"], "", "no terminal"),
        (["seed", "--customers", "-1"], "", "customers"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    ready_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    stdin: str,
    message: str,
) -> None:
    assert run(["--database", ready_url, "add-office", "SD-014", "Lake View"]) == 0
    counts = [_count(ready_url, t) for t in (OfficeRow, BranchRow, OperatorRow, TerminalRow)]
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert run(["--database", ready_url, *args]) == 1
    assert message in capsys.readouterr().err
    after = [_count(ready_url, t) for t in (OfficeRow, BranchRow, OperatorRow, TerminalRow)]
    assert after == counts


def test_the_database_comes_from_the_option_the_environment_or_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    default = load_settings().database_url
    assert default.startswith("sqlite:///") and default.endswith("central.sqlite3")
    assert str(Path(os.environ["XDG_DATA_HOME"])) in default
    monkeypatch.setenv(DATABASE_ENV, "sqlite:///from-env.sqlite3")
    assert load_settings().database_url == "sqlite:///from-env.sqlite3"
    assert load_settings("sqlite:///given.sqlite3").database_url == "sqlite:///given.sqlite3"


def test_serve_runs_the_api_as_its_own_process(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    assert run(["--database", url, "init"]) == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "ebill_central", "--database", url, "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, "the server exited"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        assert answer.json() == {"status": "ok"}
    finally:
        process.terminate()
        process.wait(timeout=10)
