"""``ebill-desktop sync``: one pull, headless, saying what it did, and why when it cannot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ebill_desktop.__main__ import main
from ebill_desktop.config import DataPaths
from ebill_desktop.storage.database import open_cache
from ebill_desktop.sync.puller import stored_cursor
from tests.sync.conftest import CentralServer


def _enrolled(central: CentralServer, data_dir: Path) -> int:
    new = central.new_code()
    args = ["--data-dir", str(data_dir), "enroll", "--server", central.base_url]
    assert main([*args, "--code", new.enrolment_code]) == 0
    return new.terminal_id


def test_sync_command_reports_what_it_did(
    central: CentralServer, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _enrolled(central, data_dir)
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "sync"]) == 0
    out = capsys.readouterr().out
    summary = r"sync with http://127\.0\.0\.1:\d+: \d+ pages?, [\d,]+ changes \(up to date\)"
    assert re.search(summary, out)
    assert re.search(r"^  account +[\d,]+ upserts +0 deletions$", out, re.MULTILINE)
    assert re.search(r"^  policy +1 upserts", out, re.MULTILINE)
    found = re.search(r"^cursor: (\d+)$", out, re.MULTILINE)
    assert found is not None
    cursor = int(found.group(1))
    assert re.search(r"^data as of: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$", out, re.MULTILINE)
    db = open_cache(DataPaths.under(data_dir).cache_file)
    try:
        assert stored_cursor(db) == cursor
        assert not db.is_empty()
    finally:
        db.close()
    # Again: nothing new.
    assert main(["--data-dir", str(data_dir), "sync"]) == 0
    assert ": 1 page, 0 changes (up to date)" in capsys.readouterr().out


def test_sync_offline(
    central: CentralServer, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _enrolled(central, data_dir)
    central.stop()
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "sync"]) == 3
    captured = capsys.readouterr()
    assert "error: cannot reach the central server" in captured.err
    assert "data as of: never synced" in captured.out


def test_sync_revoked(
    central: CentralServer, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    central.revoke(_enrolled(central, data_dir))
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "sync"]) == 1
    assert "refused this terminal's credential" in capsys.readouterr().err


def test_sync_not_enrolled(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "sync"]) == 1
    assert "error: this terminal is not enrolled" in capsys.readouterr().err


def test_sync_with_the_credential_gone_from_the_keyring(
    central: CentralServer, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import keyring

    _enrolled(central, data_dir)
    keyring.get_keyring()._store.clear()  # type: ignore[attr-defined]
    assert main(["--data-dir", str(data_dir), "sync"]) == 1
    assert "no credential for this terminal is in the keyring" in capsys.readouterr().err
