"""The terminal's audit trail: hash-chained rows in ``audit_log``, appended by the services.

Public API (other services code against this):

``append(connection, actor, action, detail, *, at=None) -> AuditEntry``
    Appends one entry **inside the caller's open write transaction** (the connection of
    ``CacheDatabase.write_transaction()``), so the entry is committed with the act it records or
    not at all. ``seq`` is the last row's + 1 (1 for the first), ``prev_digest`` the last row's
    digest (the genesis digest of the chain's identity for the first), ``digest`` is
    :func:`ebill_core.audit_chain.entry_digest`. ``actor`` is the operator's login (or
    ``"system"``), ``action`` a short name (``"login"``, ``"void"``, ``"shift_open"`` ...; an
    approval is ``"approve"`` with the :class:`~ebill_desktop.security.roles.Action` in its
    detail), ``detail`` a mapping of JSON facts without floats (text, whole numbers, true/false,
    null, lists, objects; money in minor units), at most 50 keys. Bad input raises
    :class:`AuditError` and writes nothing. ``at`` defaults to now; a naive time is refused.

``entries(db) -> list[AuditEntry]``
    Every entry, in ``seq`` order, as stored (read-only).

``verify(db) -> Break | None``
    The first place the chain stops holding (an edited, deleted or inserted row: ``kind``,
    ``seq``, ``message``), or None. This is what ``ebill-desktop audit verify`` runs.

``start_chain(db, identity)`` and ``chain_identity(settings)``
    The chain starts from a genesis digest of the terminal's identity. The composition root
    records it once with ``start_chain(db, chain_identity(settings))`` (a no-op once recorded or
    once the trail has entries). An enrolled terminal's identity is head office's
    ``audit_chain_terminal(central_terminal_id)`` (``"terminal:<id>"``), so head office can verify
    the uploaded chain; an unenrolled one (the demo) uses ``"local:<office>/<terminal>"``. The
    identity is kept in ``sync_state`` (``audit_chain``); if nothing recorded one before the first
    entry, :data:`UNSET_IDENTITY` is recorded then.

``unsynced(db, limit)`` / ``mark_synced(connection, up_to_seq, at)``
    The upload side: entries head office does not hold yet, and marking them held.

Why the write lane matters: ``seq`` is read-then-written, so two writers must not both read the
same last row. ``write_transaction`` begins IMMEDIATE, and ``seq`` is the primary key, so a
second writer waits (or, if someone bypassed the lane, fails) instead of forking the chain.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from ebill_core.audit_chain import AuditEntry, Break, BreakKind, entry_digest, genesis_digest
from ebill_core.audit_chain import verify as verify_chain
from ebill_core.protocol import ProtocolError
from ebill_core.protocol.cash_control import (
    audit_chain_terminal,
    audit_entry_from_wire,
    audit_entry_to_wire,
)
from ebill_desktop.storage.column_types import datetime_text

if TYPE_CHECKING:
    import sqlite3

    from sqlalchemy.engine import Connection

    from ebill_desktop.config import Settings
    from ebill_desktop.storage.database import CacheDatabase

__all__ = [
    "CHAIN_KEY",
    "HEAD_KEY",
    "SYSTEM",
    "UNSET_IDENTITY",
    "AuditError",
    "append",
    "chain_identity",
    "entries",
    "mark_synced",
    "recorded_identity",
    "start_chain",
    "unsynced",
    "verify",
]

CHAIN_KEY = "audit_chain"  # sync_state key holding the chain's identity
HEAD_KEY = "audit_head"  # sync_state key holding "<seq>:<digest>" of the newest entry
UNSET_IDENTITY = "local:unset"
SYSTEM = "system"  # the actor of entries no operator caused
_UNREADABLE_MOMENT = datetime(1, 1, 1, tzinfo=UTC)
_RENUMBER_REACH = 100  # how far a renumbered row's old number is looked for, either way

_SELECT = "SELECT seq, at, actor, action, detail_json, prev_digest, digest FROM audit_log"


class AuditError(ValueError):
    """An entry that cannot be appended (bad detail, naive time ...); nothing was written."""


def chain_identity(settings: Settings) -> str:
    """The identity this terminal's chain starts from (see the module docstring)."""
    if settings.central_terminal_id is not None:
        return audit_chain_terminal(settings.central_terminal_id)
    return f"local:{settings.office_code}/{settings.terminal_id}"


def start_chain(db: CacheDatabase, identity: str) -> None:
    """Record ``identity`` as the chain's, unless one is recorded or the trail has begun."""
    with db.write_transaction() as connection:
        has_entries = connection.exec_driver_sql("SELECT 1 FROM audit_log LIMIT 1").first()
        if has_entries is None:
            connection.exec_driver_sql(
                "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (CHAIN_KEY, identity),
            )


def recorded_identity(db: CacheDatabase) -> str | None:
    """The chain identity the cache holds (None before anything recorded one)."""
    return db.sync_value(CHAIN_KEY)


def append(
    connection: Connection,
    actor: str,
    action: str,
    detail: Mapping[str, object],
    *,
    at: datetime | None = None,
) -> AuditEntry:
    """Append an entry in the caller's write transaction and return it (see the module doc)."""
    moment = _moment(at)
    facts = _checked_detail(detail)
    last = connection.exec_driver_sql(
        "SELECT seq, digest FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).first()
    if last is None:
        seq, prev = 1, genesis_digest(_identity_for_first_entry(connection))
    else:
        seq, prev = int(last[0]) + 1, str(last[1])
    entry = AuditEntry(
        seq,
        moment,
        actor,
        action,
        facts,
        prev,
        entry_digest(prev, seq, moment, actor, action, facts),
    )
    _check_uploadable(entry)
    connection.exec_driver_sql(
        "INSERT INTO audit_log (seq, at, actor, action, detail_json, prev_digest, digest, synced)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
        (seq, datetime_text(moment), actor, action, _json(facts), prev, entry.digest),
    )
    # The newest entry, kept apart from the table: deleting the last rows then shows too.
    connection.exec_driver_sql(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (HEAD_KEY, f"{seq}:{entry.digest}"),
    )
    return entry


def entries(db: CacheDatabase) -> list[AuditEntry]:
    """Every entry in ``seq`` order, as stored."""
    return [_entry(row) for row in db.reader().execute(f"{_SELECT} ORDER BY seq")]


def verify(db: CacheDatabase) -> Break | None:
    """The first break in the stored chain, or None when it holds.

    Checked against the newest entry recorded apart (``sync_state``), so deleting the last rows
    is a break too, not only deleting rows in the middle.
    """
    identity = recorded_identity(db) or UNSET_IDENTITY
    stored, head = entries(db), _head(db)
    found = verify_chain(identity, stored, anchor=head)
    if found is not None:
        return _renumbered(found, stored) or found
    if head is not None and stored and stored[-1].seq > head[0]:
        return Break(
            BreakKind.INSERTED,
            head[0] + 1,
            f"entry {head[0] + 1} was added after the newest entry this program wrote",
        )
    return None


def _renumbered(found: Break, stored: list[AuditEntry]) -> Break | None:
    """A clearer account of an "edited" entry whose digest holds under another number.

    Inserting rows in the middle means renumbering the rows after them (``seq`` is the key), and
    hiding a deletion means renumbering them down: either way the first renumbered row still
    carries the digest of its old number, which tells what was done and where.
    """
    if found.kind is not BreakKind.EDITED:
        return None
    entry = next((e for e in stored if e.seq == found.seq), None)
    if entry is None or entry.at is _UNREADABLE_MOMENT:
        return None
    for old in range(max(1, entry.seq - _RENUMBER_REACH), entry.seq + _RENUMBER_REACH + 1):
        if old != entry.seq and entry.digest == entry_digest(
            entry.prev_digest, old, entry.at, entry.actor, entry.action, entry.detail
        ):
            return _renumbering_break(entry.seq, old)
    return None


def _renumbering_break(now_seq: int, old_seq: int) -> Break:
    if old_seq < now_seq:
        first, last = old_seq, now_seq - 1
        which = f"entry {first}" if first == last else f"entries {first}-{last}"
        return Break(BreakKind.INSERTED, first, f"{which} inserted (the entries after renumbered)")
    first, last = now_seq, old_seq - 1
    which = f"entry {first}" if first == last else f"entries {first}-{last}"
    return Break(BreakKind.DELETED, first, f"{which} deleted (the entries after renumbered)")


def _head(db: CacheDatabase) -> tuple[int, str] | None:
    value = db.sync_value(HEAD_KEY)
    if value is None:
        return None
    seq, _, digest = value.partition(":")
    try:
        return int(seq), digest
    except ValueError:
        # The record was changed by hand: compare with a seq nobody can match.
        return 2**62, digest


def unsynced(db: CacheDatabase, limit: int) -> list[AuditEntry]:
    """Up to ``limit`` entries head office does not hold yet, oldest first."""
    rows = db.reader().execute(f"{_SELECT} WHERE synced = 0 ORDER BY seq LIMIT ?", (limit,))
    return [_entry(row) for row in rows]


def mark_synced(connection: Connection, up_to_seq: int, at: datetime) -> int:
    """Mark entries up to ``up_to_seq`` as held by head office; returns how many changed."""
    result = connection.exec_driver_sql(
        "UPDATE audit_log SET synced = 1, uploaded_at = ? WHERE seq <= ? AND synced = 0",
        (datetime_text(at), up_to_seq),
    )
    return int(result.rowcount)


# -- helpers ----------------------------------------------------------------------------------


def _moment(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if at.tzinfo is None:
        raise AuditError("an audit time needs its UTC offset")
    # Stored in UTC (datetime_text), so the digest is over the UTC form that will be read back.
    return at.astimezone(UTC)


def _json(detail: Mapping[str, object]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _checked_detail(detail: Mapping[str, object]) -> dict[str, object]:
    if not isinstance(detail, Mapping):
        raise AuditError("an audit detail is a mapping of facts")
    try:
        # Round-trip through JSON, so the digest is over exactly what will be read back.
        value = json.loads(_json(detail))
    except (TypeError, ValueError) as error:
        raise AuditError(f"an audit detail must be plain JSON facts: {error}") from error
    if not isinstance(value, dict):
        raise AuditError("an audit detail is a mapping of facts")
    return value


def _check_uploadable(entry: AuditEntry) -> None:
    # The same rules head office decodes an upload with: an entry it would refuse is refused now.
    try:
        audit_entry_from_wire(audit_entry_to_wire(entry), "entry")
    except ProtocolError as error:
        raise AuditError(str(error)) from error


def _identity_for_first_entry(connection: Connection) -> str:
    row = connection.exec_driver_sql(
        "SELECT value FROM sync_state WHERE key = ?", (CHAIN_KEY,)
    ).first()
    if row is not None:
        return str(row[0])
    connection.exec_driver_sql(
        "INSERT INTO sync_state (key, value) VALUES (?, ?)", (CHAIN_KEY, UNSET_IDENTITY)
    )
    return UNSET_IDENTITY


def _entry(row: sqlite3.Row | tuple[object, ...]) -> AuditEntry:
    # A row edited by hand may hold anything: read it as what it is, and let its digest (which
    # cannot match) report it as edited, instead of failing to read the trail at all.
    seq, at, actor, action, detail_json, prev, digest = row
    return AuditEntry(
        seq=seq if isinstance(seq, int) else 0,
        at=_stored_moment(at),
        actor=str(actor),
        action=str(action),
        detail=_stored_detail(detail_json),
        prev_digest=str(prev),
        digest=str(digest),
    )


def _stored_moment(value: object) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return _UNREADABLE_MOMENT
    return moment if moment.tzinfo is not None else _UNREADABLE_MOMENT


def _stored_detail(value: object) -> Mapping[str, object]:
    try:
        detail = json.loads(str(value))
    except ValueError:
        return {"unreadable": str(value)}
    return detail if isinstance(detail, dict) else {"unreadable": str(value)}
