"""Each terminal's audit trail, uploaded in runs and verified as one hash chain.

``POST /api/v1/audit`` with an :class:`~ebill_core.protocol.AuditUpload`. The server holds the
chain a terminal has sent so far (``audit_entries``, one row per ``(terminal, seq)``); an upload
must continue it:

* entries it already holds (a resend after a lost answer) must be exactly the same, or the
  terminal's copy was changed since: an ``edited`` break at that entry;
* the new entries are verified with :func:`ebill_core.audit_chain.verify`, continuing from the
  last held entry (``after=(seq, digest)``; from the genesis digest of
  :func:`~ebill_core.protocol.audit_chain_terminal` for a first upload).

A break refuses the whole upload (409 ``audit_chain_edited`` / ``audit_chain_deleted`` /
``audit_chain_inserted``, the message naming the entry), stores none of it, and raises an
attention item (committed on its own, so the refusal is on record even though the upload is
not). An upload that holds together is stored whole and answered with the number of new
entries and the chain's new end.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from ebill_central.db.models import AuditEntryRow, TerminalRow
from ebill_central.errors import ConflictError
from ebill_central.services.attention import raise_attention
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.message_keys import in_transaction
from ebill_core.audit_chain import AuditEntry, Break, BreakKind, entry_digest, verify
from ebill_core.protocol import AuditUpload, audit_chain_terminal
from ebill_core.protocol.cash_control_answers import AuditAnswer, audit_answer_to_wire


class AuditChainBrokenError(ConflictError):
    def __init__(self, found: Break) -> None:
        super().__init__(f"audit_chain_{found.kind.value}", f"entry {found.seq}: {found.message}")
        self.found = found


def post_audit(
    engine: Engine, terminal: TerminalIdentity, upload: AuditUpload, now: datetime | None = None
) -> dict[str, object]:
    """Verify and store an upload; :class:`AuditChainBrokenError` (and an attention item) if not."""
    moment = now or datetime.now(UTC)
    try:
        return in_transaction(engine, lambda session: _post(session, terminal, upload, moment))
    except AuditChainBrokenError as broken:
        with Session(engine) as session, session.begin():
            raise_attention(
                session,
                "audit_chain_broken",
                f"terminal {terminal.terminal_id}",
                f"{broken.found.kind.value} at entry {broken.found.seq}: {broken.found.message}",
                moment,
            )
        raise


def _post(
    session: Session, terminal: TerminalIdentity, upload: AuditUpload, now: datetime
) -> dict[str, object]:
    tid = terminal.terminal_id
    # One upload per terminal at a time: lock its row (SQLite's BEGIN IMMEDIATE already does).
    session.execute(
        select(TerminalRow.terminal_id).where(TerminalRow.terminal_id == tid).with_for_update()
    )
    last = session.execute(
        select(AuditEntryRow.seq, AuditEntryRow.digest)
        .where(AuditEntryRow.terminal_id == tid)
        .order_by(AuditEntryRow.seq.desc())
        .limit(1)
    ).first()
    after = None if last is None else (int(last.seq), str(last.digest))
    held_upto = 0 if after is None else after[0]
    resent = [e for e in upload.entries if e.seq <= held_upto]
    fresh = [e for e in upload.entries if e.seq > held_upto]
    _check_resent(session, tid, resent)
    found = verify(audit_chain_terminal(tid), fresh, after=after)
    if found is not None:
        raise AuditChainBrokenError(found)
    for entry in fresh:
        session.add(_row(tid, entry, now))
    end = (fresh[-1].seq, fresh[-1].digest) if fresh else after
    last_seq, last_digest = end if end is not None else (0, None)
    return audit_answer_to_wire(AuditAnswer(len(fresh), last_seq, last_digest))


def _check_resent(session: Session, terminal_id: int, entries: list[AuditEntry]) -> None:
    """Entries the server holds already must come again unchanged."""
    if not entries:
        return
    held = {
        int(row.seq): row.digest
        for row in session.execute(
            select(AuditEntryRow.seq, AuditEntryRow.digest).where(
                AuditEntryRow.terminal_id == terminal_id,
                AuditEntryRow.seq.in_(sorted({e.seq for e in entries})),
            )
        )
    }
    for entry in entries:
        # The digest it carries must be the one held and must still match its own fields
        # (the held digest was verified against the held fields when it arrived).
        own = entry_digest(
            entry.prev_digest, entry.seq, entry.at, entry.actor, entry.action, entry.detail
        )
        if not held.get(entry.seq) == entry.digest == own:
            raise AuditChainBrokenError(
                Break(
                    BreakKind.EDITED,
                    entry.seq,
                    f"entry {entry.seq} differs from the copy head office holds",
                )
            )


def _row(terminal_id: int, entry: AuditEntry, now: datetime) -> AuditEntryRow:
    return AuditEntryRow(
        terminal_id=terminal_id,
        seq=entry.seq,
        at=entry.at,
        at_text=entry.at.isoformat(),
        actor=entry.actor,
        action=entry.action,
        detail=json.dumps(entry.detail, ensure_ascii=False, sort_keys=True),
        prev_digest=entry.prev_digest,
        digest=entry.digest,
        received_at=now,
    )


def stored_chain(session: Session, terminal_id: int) -> list[AuditEntry]:
    """A terminal's stored entries as they arrived (head office re-verifies them with this)."""
    rows = session.scalars(
        select(AuditEntryRow)
        .where(AuditEntryRow.terminal_id == terminal_id)
        .order_by(AuditEntryRow.seq)
    ).all()
    return [
        AuditEntry(
            seq=int(row.seq),
            at=datetime.fromisoformat(row.at_text),
            actor=row.actor,
            action=row.action,
            detail=json.loads(row.detail),
            prev_digest=row.prev_digest,
            digest=row.digest,
        )
        for row in rows
    ]
