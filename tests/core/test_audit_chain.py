"""The audit chain: an intact trail verifies; every kind of tampering is caught and named."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.audit_chain import (
    AuditEntry,
    BreakKind,
    entry_digest,
    genesis_digest,
    verify,
)

TERMINAL = "0140-012"
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def chain(count: int, terminal: str = TERMINAL) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = genesis_digest(terminal)
    for seq in range(1, count + 1):
        at = START + timedelta(minutes=seq)
        detail = {"receipt_no": f"R{seq}", "note": "ok"}
        digest = entry_digest(prev, seq, at, "ravi", "reprint", detail)
        entries.append(AuditEntry(seq, at, "ravi", "reprint", detail, prev, digest))
        prev = digest
    return entries


def resealed(entry: AuditEntry, **changes: object) -> AuditEntry:
    """``entry`` changed and given a digest that matches its new content (a careful forger)."""
    changed = replace(entry, **changes)  # type: ignore[arg-type]
    digest = entry_digest(
        changed.prev_digest, changed.seq, changed.at, changed.actor, changed.action, changed.detail
    )
    return replace(changed, digest=digest)


def test_an_intact_chain_verifies() -> None:
    assert verify(TERMINAL, chain(20)) is None
    assert verify(TERMINAL, []) is None


def test_another_terminals_chain_does_not_verify_here() -> None:
    found = verify("0140-013", chain(3))
    assert found is not None and found.kind is BreakKind.INSERTED and found.seq == 1


@given(st.integers(min_value=1, max_value=10), st.sampled_from(["actor", "action", "detail"]))
def test_an_edited_entry_is_named(seq: int, field: str) -> None:
    entries = chain(10)
    value: object = {"receipt_no": "X"} if field == "detail" else "mallory"
    entries[seq - 1] = replace(entries[seq - 1], **{field: value})  # type: ignore[arg-type]
    found = verify(TERMINAL, entries)
    assert found is not None and (found.kind, found.seq) == (BreakKind.EDITED, seq)


@given(st.integers(min_value=1, max_value=9))
def test_an_edited_and_resealed_entry_is_named(seq: int) -> None:
    entries = chain(10)
    entries[seq - 1] = resealed(entries[seq - 1], actor="mallory")
    found = verify(TERMINAL, entries)
    assert found is not None and (found.kind, found.seq) == (BreakKind.EDITED, seq)


@given(st.integers(min_value=1, max_value=9), st.integers(min_value=1, max_value=3))
def test_deleted_entries_are_named(seq: int, how_many: int) -> None:
    entries = chain(12)
    del entries[seq - 1 : seq - 1 + how_many]
    found = verify(TERMINAL, entries)
    assert found is not None and found.kind is BreakKind.DELETED
    assert found.seq == seq + how_many
    assert str(seq) in found.message


def test_deleting_the_newest_entries_is_caught_against_head_offices_anchor() -> None:
    entries = chain(10)
    anchor = (10, entries[-1].digest)
    assert verify(TERMINAL, entries, anchor=anchor) is None
    found = verify(TERMINAL, entries[:8], anchor=anchor)
    assert found is not None and found.kind is BreakKind.DELETED and "9-10" in found.message


def test_a_resealed_newest_entry_differs_from_the_anchor() -> None:
    entries = chain(5)
    anchor = (5, entries[-1].digest)
    entries[-1] = resealed(entries[-1], action="void")
    found = verify(TERMINAL, entries, anchor=anchor)
    assert found is not None and (found.kind, found.seq) == (BreakKind.EDITED, 5)


@given(st.integers(min_value=2, max_value=9))
def test_an_inserted_entry_reusing_a_number_is_named(seq: int) -> None:
    entries = chain(10)
    forged = resealed(entries[seq - 1], detail={"receipt_no": "FORGED"})
    entries.insert(seq, forged)  # after the real entry ``seq``, with the same number
    found = verify(TERMINAL, entries)
    assert found is not None and found.kind is BreakKind.INSERTED


def test_an_inserted_entry_with_the_links_forged_is_named() -> None:
    entries = chain(6)
    # Slip an entry in as number 4, linking to 3, and renumber nothing else: 4 is used twice.
    slipped = resealed(entries[3], prev_digest=entries[2].digest, action="drawer_open")
    found = verify(TERMINAL, [*entries[:3], slipped, *entries[3:]])
    assert found is not None and found.kind is BreakKind.INSERTED


def test_times_must_carry_a_zone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        entry_digest("x", 1, datetime(2026, 1, 1), "a", "b", {})


def test_an_insertion_with_the_later_entries_renumbered_and_resealed_is_named() -> None:
    entries = chain(6)
    slipped = resealed(entries[2], seq=3, prev_digest=entries[1].digest, action="drawer_open")
    renumbered = [resealed(e, seq=e.seq + 1) for e in entries[2:]]  # links left as they were
    found = verify(TERMINAL, [*entries[:2], slipped, *renumbered])
    assert found is not None and (found.kind, found.seq) == (BreakKind.INSERTED, 3)
