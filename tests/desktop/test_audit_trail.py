"""The audit trail: appending inside write transactions, verifying, and tampering with the file.

Tampering is done the way someone with the file would do it: plain SQL through sqlite3 on the
cache file, then the real ``ebill-desktop audit verify`` command (``main()``) is asked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from ebill_core.audit_chain import AuditEntry, BreakKind, entry_digest, genesis_digest
from ebill_desktop.__main__ import main
from ebill_desktop.config import Settings
from ebill_desktop.security import audit
from ebill_desktop.storage.database import CacheDatabase

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
IST = timezone(timedelta(hours=5, minutes=30))


def _fill(cache: CacheDatabase, count: int) -> None:
    audit.start_chain(cache, "terminal:7")
    for n in range(count):
        with cache.write_transaction() as connection:
            audit.append(
                connection,
                "asha",
                "reprint",
                {"receipt": f"R-{n}", "copy": n},
                at=T0 + timedelta(minutes=n),
            )


def _verify(cache_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(cache_path.parent), "audit", "verify"])
    return code, capsys.readouterr().out.strip()


def _sql(cache_path: Path, statement: str, *params: object) -> None:
    with sqlite3.connect(cache_path) as connection:
        assert connection.execute(statement, params).rowcount == 1


def test_entries_chain_from_the_recorded_identity(cache: CacheDatabase) -> None:
    _fill(cache, 3)
    stored = audit.entries(cache)
    assert [e.seq for e in stored] == [1, 2, 3]
    assert stored[0].prev_digest == genesis_digest("terminal:7")
    assert stored[1].prev_digest == stored[0].digest
    assert stored[2].detail == {"receipt": "R-2", "copy": 2}
    assert audit.verify(cache) is None


def test_a_moment_with_an_offset_is_kept_and_verifies(cache: CacheDatabase) -> None:
    with cache.write_transaction() as connection:
        entry = audit.append(
            connection, "asha", "login", {}, at=datetime(2026, 1, 1, 10, tzinfo=IST)
        )
    (stored,) = audit.entries(cache)
    assert stored == entry
    assert stored.at == datetime(2026, 1, 1, 4, 30, tzinfo=UTC)
    assert audit.verify(cache) is None


def test_the_chain_identity_is_recorded_once(cache: CacheDatabase) -> None:
    audit.start_chain(cache, "terminal:7")
    audit.start_chain(cache, "terminal:8")
    assert audit.recorded_identity(cache) == "terminal:7"


def test_an_unnamed_chain_records_a_stand_in_at_its_first_entry(cache: CacheDatabase) -> None:
    with cache.write_transaction() as connection:
        audit.append(connection, "system", "start", {}, at=T0)
    audit.start_chain(cache, "terminal:9")  # too late: the chain has begun
    assert audit.recorded_identity(cache) == audit.UNSET_IDENTITY
    assert audit.verify(cache) is None


def test_chain_identity_of_enrolled_and_unenrolled_terminals() -> None:
    assert audit.chain_identity(Settings(central_terminal_id=12)) == "terminal:12"
    assert audit.chain_identity(Settings(office_code="SD-1", terminal_id="T2")) == "local:SD-1/T2"


def test_an_append_rolled_back_leaves_no_entry_and_no_gap(cache: CacheDatabase) -> None:
    _fill(cache, 1)
    with pytest.raises(RuntimeError), cache.write_transaction() as connection:
        audit.append(connection, "asha", "void", {"receipt": "R-9"}, at=T0)
        raise RuntimeError("the void failed after its audit entry")
    assert [e.seq for e in audit.entries(cache)] == [1]
    with cache.write_transaction() as connection:
        assert audit.append(connection, "asha", "void", {}, at=T0).seq == 2
    assert audit.verify(cache) is None


@pytest.mark.parametrize(
    ("detail", "at", "message"),
    [
        ({"amount": 1.5}, T0, "whole numbers"),
        ({"when": T0}, T0, "plain JSON"),
        ({"": 1}, T0, "keys"),
        ({"x": 1}, datetime(2026, 1, 1), "offset"),
        ({str(n): n for n in range(51)}, T0, "50 fields"),
    ],
)
def test_bad_entries_are_refused_and_write_nothing(
    cache: CacheDatabase, detail: dict[str, object], at: datetime, message: str
) -> None:
    _fill(cache, 1)
    with pytest.raises(audit.AuditError, match=message), cache.write_transaction() as connection:
        audit.append(connection, "asha", "void", detail, at=at)
    assert len(audit.entries(cache)) == 1
    assert audit.verify(cache) is None


def test_verify_command_says_ok_with_the_count(
    cache: CacheDatabase, cache_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(cache, 4)
    assert _verify(cache_path, capsys) == (0, "OK: 4 audit entries, the chain holds")


def test_verify_command_without_a_cache_fails_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--data-dir", str(tmp_path / "nothing"), "audit", "verify"])
    assert code == 2
    assert "no cache" in capsys.readouterr().err


Tamper = Callable[[Path], None]


def _edit_detail(path: Path) -> None:
    _sql(path, "UPDATE audit_log SET detail_json = ? WHERE seq = 3", '{"copy":2,"receipt":"R-X"}')


def _edit_with_new_digest(path: Path) -> None:
    # A careful editor recomputes the row's own digest; the next row's link still breaks.
    entries = {e.seq: e for e in _read(path)}
    third = entries[3]
    forged = entry_digest(third.prev_digest, 3, third.at, "ravi", third.action, third.detail)
    _sql(path, "UPDATE audit_log SET actor = 'ravi', digest = ? WHERE seq = 3", forged)


def _edit_garbage(path: Path) -> None:
    _sql(path, "UPDATE audit_log SET at = 'yesterday', detail_json = '{' WHERE seq = 3")


def _delete_middle(path: Path) -> None:
    _sql(path, "DELETE FROM audit_log WHERE seq = 3")


def _delete_last(path: Path) -> None:
    _sql(path, "DELETE FROM audit_log WHERE seq = 5")


def _insert_between(path: Path) -> None:
    # Renumber 3..5 up by one and slip a self-consistent row in as 3, linked to entry 2.
    entries = {e.seq: e for e in _read(path)}
    with sqlite3.connect(path) as connection:
        for seq in (5, 4, 3):
            connection.execute("UPDATE audit_log SET seq = seq + 1 WHERE seq = ?", (seq,))
    prev = entries[2].digest
    at = T0 + timedelta(minutes=2, seconds=30)
    digest = entry_digest(prev, 3, at, "asha", "no_sale_open", {})
    _sql(
        path,
        "INSERT INTO audit_log (seq, at, actor, action, detail_json, prev_digest, digest, synced)"
        " VALUES (3, ?, 'asha', 'no_sale_open', '{}', ?, ?, 0)",
        at.isoformat(),
        prev,
        digest,
    )


def _insert_at_end(path: Path) -> None:
    # Appended by hand after the last entry: the newest entry recorded apart no longer matches.
    last = _read(path)[-1]
    at = T0 + timedelta(hours=1)
    digest = entry_digest(last.digest, 6, at, "asha", "no_sale_open", {})
    _sql(
        path,
        "INSERT INTO audit_log (seq, at, actor, action, detail_json, prev_digest, digest, synced)"
        " VALUES (6, ?, 'asha', 'no_sale_open', '{}', ?, ?, 0)",
        at.isoformat(),
        last.digest,
        digest,
    )


def _read(path: Path) -> list[AuditEntry]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT seq, at, actor, action, detail_json, prev_digest, digest FROM audit_log "
            "ORDER BY seq"
        ).fetchall()
    return [audit._entry(row) for row in rows]


@pytest.mark.parametrize(
    ("tamper", "kind", "seq"),
    [
        (_edit_detail, BreakKind.EDITED, 3),
        (_edit_with_new_digest, BreakKind.EDITED, 3),
        (_edit_garbage, BreakKind.EDITED, 3),
        (_delete_middle, BreakKind.DELETED, 4),
        (_delete_last, BreakKind.DELETED, 5),
        (_insert_between, BreakKind.INSERTED, 3),
        (_insert_at_end, BreakKind.INSERTED, 6),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_each_kind_of_tampering_is_found_by_the_command(
    cache: CacheDatabase,
    cache_path: Path,
    capsys: pytest.CaptureFixture[str],
    tamper: Tamper,
    kind: BreakKind,
    seq: int,
) -> None:
    _fill(cache, 5)
    cache.close()
    tamper(cache_path)
    code, out = _verify(cache_path, capsys)
    assert code == 1
    assert out.startswith(f"BROKEN: {kind.value} at entry {seq}: "), out


def _delete_and_renumber(path: Path) -> None:
    # Hide the gap: delete entry 2 and move 3..5 down by one.
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM audit_log WHERE seq = 2")
        for seq in (3, 4, 5):
            connection.execute("UPDATE audit_log SET seq = seq - 1 WHERE seq = ?", (seq,))
        connection.execute("UPDATE sync_state SET value = ? WHERE key = 'audit_head'", ("4:x",))


def test_a_deletion_hidden_by_renumbering_is_named(
    cache: CacheDatabase, cache_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(cache, 5)
    cache.close()
    _delete_and_renumber(cache_path)
    assert _verify(cache_path, capsys) == (
        1,
        "BROKEN: deleted at entry 2: entry 2 deleted (the entries after renumbered)",
    )


def test_a_dropped_trail_is_reported_not_crashed_on(
    cache: CacheDatabase, cache_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(cache, 2)
    cache.close()
    with sqlite3.connect(cache_path) as connection:
        connection.execute("DROP TABLE audit_log")
    code, out = _verify(cache_path, capsys)
    assert code == 1
    assert out.startswith("BROKEN: the audit trail cannot be read (no such table: audit_log)")
