"""A tamper-evident audit trail: each entry carries the hash of the one before it.

Every sensitive act at a counter (log-ins, approvals, voids, reprints, drawer opens, shift open
and close ...) is appended as an :class:`AuditEntry`. An entry's ``digest`` is SHA-256 over the
previous entry's digest and the entry's own fields in a fixed text form, so:

- an **edited** entry no longer matches its digest, or (if the editor recomputed it) no longer
  matches the next entry's ``prev_digest``;
- a **deleted** entry leaves a gap in the sequence numbers and a broken link;
- an **inserted** entry takes a sequence number already used, or breaks a link the rows around
  it had.

:func:`verify` names the first entry where the chain stops holding and what happened there. The
same code runs on the terminal (``ebill-desktop audit verify``) and on the central server, which
verifies each terminal's chain as it arrives. A chain starts from a genesis digest made of the
terminal's identity, so two terminals' chains can never be spliced together unnoticed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = [
    "AuditEntry",
    "Break",
    "BreakKind",
    "entry_digest",
    "genesis_digest",
    "verify",
]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int  # 1, 2, 3 ... per terminal, gap-free
    at: datetime  # timezone-aware
    actor: str  # operator login, or "system"
    action: str  # e.g. "login", "login_failed", "void", "reprint", "shift_close"
    detail: Mapping[str, object]  # JSON-able facts: receipt no., reason code, approver ...
    prev_digest: str
    digest: str


def genesis_digest(terminal: str) -> str:
    """The ``prev_digest`` of a terminal's first entry."""
    return hashlib.sha256(f"ebill-audit-genesis\n{terminal}".encode()).hexdigest()


def entry_digest(
    prev_digest: str, seq: int, at: datetime, actor: str, action: str, detail: Mapping[str, object]
) -> str:
    """The digest an entry with these fields must carry."""
    if at.tzinfo is None:
        raise ValueError("audit times are timezone-aware")
    body = json.dumps(
        [prev_digest, seq, at.isoformat(), actor, action, detail],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


class BreakKind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"


@dataclass(frozen=True, slots=True)
class Break:
    """Where the chain stops holding: ``seq`` is the entry at which it was noticed."""

    kind: BreakKind
    seq: int
    message: str


def _own_digest_holds(entry: AuditEntry) -> bool:
    expected = entry_digest(
        entry.prev_digest, entry.seq, entry.at, entry.actor, entry.action, entry.detail
    )
    return expected == entry.digest


def verify(
    terminal: str,
    entries: Iterable[AuditEntry],
    *,
    anchor: tuple[int, str] | None = None,
    after: tuple[int, str] | None = None,
) -> Break | None:
    """The first break in ``entries`` (in the order stored), or None when the chain holds.

    ``anchor`` is the last ``(seq, digest)`` known elsewhere (head office's copy): without it,
    deleting the newest entries cannot be told from their never having been written.
    ``after`` is the ``(seq, digest)`` of an entry already verified that ``entries`` continue
    (the central server verifies each upload against the last entry it holds, not from 1).
    """
    rows = list(entries)
    prev = genesis_digest(terminal) if after is None else after[1]
    expected_seq = 1 if after is None else after[0] + 1
    # digest -> seq, to recognise a link that skips entries
    seen: dict[str, int] = {} if after is None else {after[1]: after[0]}
    for index, entry in enumerate(rows):
        if not _own_digest_holds(entry):
            return Break(BreakKind.EDITED, entry.seq, f"entry {entry.seq} was changed")
        if entry.seq < expected_seq:
            return Break(
                BreakKind.INSERTED, entry.seq, f"entry {entry.seq} repeats a number already used"
            )
        if entry.seq > expected_seq:
            return _gap(expected_seq, entry.seq)
        if entry.prev_digest != prev:
            return _link_break(rows, index, seen)
        seen[entry.digest] = entry.seq
        prev, expected_seq = entry.digest, entry.seq + 1
    return _anchor_break(anchor, seen, expected_seq)


def _gap(expected_seq: int, found_seq: int) -> Break:
    missing = (
        f"entry {expected_seq}"
        if found_seq == expected_seq + 1
        else f"entries {expected_seq}-{found_seq - 1}"
    )
    return Break(BreakKind.DELETED, found_seq, f"{missing} deleted before entry {found_seq}")


def _link_break(rows: list[AuditEntry], index: int, seen: Mapping[str, int]) -> Break:
    """Entry ``index`` has the right number but does not link to the one before it."""
    entry = rows[index]
    if index == 0 and entry.seq > 1:
        # It continues a chain verified before: the entry it should link to was changed since.
        return Break(
            BreakKind.EDITED,
            entry.seq - 1,
            f"entry {entry.seq - 1} was changed (entry {entry.seq} no longer links to it)",
        )
    if index == 0:
        return Break(BreakKind.INSERTED, entry.seq, "the first entry does not start this chain")
    before = rows[index - 1]
    if entry.prev_digest in seen:
        # It links to an entry further back: the one before it was slipped in and numbered.
        return Break(
            BreakKind.INSERTED,
            before.seq,
            f"entry {before.seq} was inserted (entry {entry.seq} links past it)",
        )
    # The entry before it holds its own digest, so it was rewritten together with its digest.
    return Break(
        BreakKind.EDITED,
        before.seq,
        f"entry {before.seq} was changed (entry {entry.seq} no longer links to it)",
    )


def _anchor_break(
    anchor: tuple[int, str] | None, seen: Mapping[str, int], next_seq: int
) -> Break | None:
    if anchor is None:
        return None
    seq, digest = anchor
    if seq >= next_seq:
        missing = f"entry {seq}" if seq == next_seq else f"entries {next_seq}-{seq}"
        return Break(BreakKind.DELETED, seq, f"{missing} deleted from the end of the trail")
    if seen.get(digest) != seq:
        return Break(BreakKind.EDITED, seq, f"entry {seq} differs from head office's copy")
    return None
