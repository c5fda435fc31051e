"""The audit trail going to a real central server on loopback, which verifies the chain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ebill_central.services.audit_trail import stored_chain
from ebill_desktop.__main__ import main
from ebill_desktop.security import audit
from ebill_desktop.security.audit_upload import AuditUploadError, upload_audit
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.http import CentralRefused
from tests.sync.conftest import CentralServer, EnrolledTerminal

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _append(db: CacheDatabase, first: int, count: int) -> None:
    for n in range(first, first + count):
        with db.write_transaction() as connection:
            audit.append(connection, "asha", "reprint", {"n": n}, at=T0 + timedelta(minutes=n))


def _unsynced(db: CacheDatabase) -> list[int]:
    return [e.seq for e in audit.unsynced(db, 100)]


def _held(central: CentralServer, terminal_id: int) -> list[int]:
    from sqlalchemy.orm import Session

    with Session(central.engine) as session:
        return [e.seq for e in stored_chain(session, terminal_id)]


def test_uploads_continue_the_chain_head_office_holds(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    tid = terminal.identity.terminal_id
    audit.start_chain(terminal.db, f"terminal:{tid}")
    _append(terminal.db, 1, 3)
    with terminal.connection() as link:
        report = upload_audit(terminal.db, link, tid, batch=2)  # two requests: 2 + 1
        assert (report.uploaded, report.last_seq) == (3, 3)
        assert _unsynced(terminal.db) == []
        _append(terminal.db, 4, 2)
        assert upload_audit(terminal.db, link, tid).uploaded == 2
        # An answer lost on the way: the rows go again, head office takes none twice.
        with terminal.db.write_transaction() as connection:
            connection.exec_driver_sql("UPDATE audit_log SET synced = 0 WHERE seq >= 4")
        again = upload_audit(terminal.db, link, tid)
    assert (again.uploaded, again.last_seq) == (0, 5)
    assert _held(central, tid) == [1, 2, 3, 4, 5]
    assert _unsynced(terminal.db) == []


def test_a_row_edited_after_upload_is_refused_by_head_office(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    tid = terminal.identity.terminal_id
    audit.start_chain(terminal.db, f"terminal:{tid}")
    _append(terminal.db, 1, 2)
    with terminal.connection() as link:
        upload_audit(terminal.db, link, tid)
        with terminal.db.write_transaction() as connection:
            connection.exec_driver_sql(
                "UPDATE audit_log SET detail_json = '{\"n\":99}', synced = 0 WHERE seq = 2"
            )
        with pytest.raises(CentralRefused) as refused:
            upload_audit(terminal.db, link, tid)
    assert refused.value.code == "audit_chain_edited"
    assert _unsynced(terminal.db) == [2]  # nothing marked


def test_a_trail_begun_under_another_identity_is_not_sent(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    audit.start_chain(terminal.db, "local:SD-014/T01")
    _append(terminal.db, 1, 1)
    with terminal.connection() as link, pytest.raises(AuditUploadError, match="cannot be"):
        upload_audit(terminal.db, link, terminal.identity.terminal_id)
    assert _unsynced(terminal.db) == [1]


def test_the_upload_command(
    central: CentralServer, terminal: EnrolledTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    tid = terminal.identity.terminal_id
    audit.start_chain(terminal.db, f"terminal:{tid}")
    _append(terminal.db, 1, 2)
    code = main(["--data-dir", str(terminal.paths.data_dir), "audit", "upload"])
    assert code == 0, capsys.readouterr().err
    assert "uploaded 2 audit entries" in capsys.readouterr().out
    assert _held(central, tid) == [1, 2]
    central.stop()
    _append(terminal.db, 3, 1)
    assert main(["--data-dir", str(terminal.paths.data_dir), "audit", "upload"]) == 3
    assert "stay here" in capsys.readouterr().err
