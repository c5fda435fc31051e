"""Sending the audit trail to head office: ``POST /api/v1/audit``, oldest un-synced rows first.

Head office holds each terminal's chain and takes only uploads that continue it (it verifies
them with the same :func:`ebill_core.audit_chain.verify`, from the genesis digest of
``"terminal:<id>"``). Rows are marked synced only up to the ``last_seq`` head office answers,
and only when the ``last_digest`` it names is this trail's digest of that entry: an answer about
some other chain marks nothing.

A refusal (409 ``audit_chain_edited`` / ``_deleted`` / ``_inserted``: the trail here was tampered
with, or disagrees with head office's copy) stops the upload and is raised as it came; head office
has put it on its own attention list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from ebill_core.protocol import ProtocolError
from ebill_core.protocol.cash_control import (
    MAX_AUDIT_ENTRIES,
    AuditUpload,
    audit_chain_terminal,
    audit_upload_to_wire,
)
from ebill_desktop.security import audit
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.http import CentralConnection, response_json

__all__ = ["AuditUploadError", "UploadReport", "upload_audit"]


class AuditUploadError(Exception):
    """The trail cannot be uploaded as it is; ``str(error)`` says why and what to do."""


@dataclass(frozen=True, slots=True)
class UploadReport:
    uploaded: int  # entries head office took in this run
    last_seq: int | None  # the newest entry head office now holds (None: nothing there yet)


def upload_audit(
    db: CacheDatabase,
    connection: CentralConnection,
    central_terminal_id: int,
    *,
    batch: int = MAX_AUDIT_ENTRIES,
    clock: Callable[[], datetime] | None = None,
) -> UploadReport:
    """Upload every un-synced entry, ``batch`` at a time; raises ``CentralError`` subclasses."""
    expected = audit_chain_terminal(central_terminal_id)
    recorded = audit.recorded_identity(db)
    if recorded is not None and recorded != expected:
        raise AuditUploadError(
            f"this audit trail was started as {recorded!r}, before the terminal was enrolled; "
            f"head office verifies it as {expected!r}, so it cannot be uploaded"
        )
    now = clock or (lambda: datetime.now(UTC))
    uploaded, last_seq = 0, None
    while rows := audit.unsynced(db, max(1, min(batch, MAX_AUDIT_ENTRIES))):
        answer = response_json(
            connection.request(
                "POST", "/audit", json_body=audit_upload_to_wire(AuditUpload(tuple(rows)))
            )
        )
        held_seq = _held_up_to(answer, {e.seq: e.digest for e in rows})
        with db.write_transaction() as write:
            audit.mark_synced(write, held_seq, now())
        uploaded += _accepted(answer)
        last_seq = held_seq
        if held_seq < rows[-1].seq:
            break  # head office holds less than was sent: do not loop on the same rows
    return UploadReport(uploaded, last_seq)


def _held_up_to(answer: object, digests: dict[int, str]) -> int:
    if not isinstance(answer, dict):
        raise ProtocolError("", "the audit answer is not an object")
    seq, digest = answer.get("last_seq"), answer.get("last_digest")
    if isinstance(seq, bool) or not isinstance(seq, int) or digests.get(seq) != digest:
        raise ProtocolError("last_seq", "the answer does not name an entry of this upload")
    return seq


def _accepted(answer: object) -> int:
    value = answer.get("accepted") if isinstance(answer, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
