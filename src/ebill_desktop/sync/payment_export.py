"""A supervisor's export of the unsynced payments to a signed file head office can import.

When the link to head office is down at the end of a shift, the payments still in the outbox
(``pending``, or on the ``attention`` list) are written to one file in the format of
:mod:`ebill_core.protocol.payment_export`, signed with the Ed25519 key the terminal made when it
enrolled (kept in the OS keyring next to the credential, never in a file or the cache). Head
office imports it with ``ebill-central import-payments FILE``: it checks the signature against
the public key the terminal sent at enrolment and posts each payment once, by its UUID, so a
payment that also arrives later through the normal sync is not posted twice.

``export_unsynced`` is a supervised act (:data:`Action.EXPORT_UNSYNCED`): a cashier needs a
supervisor's approval. It is recorded by an audit entry ``payments_export`` (the file's SHA-256,
how many payments, their first and last terminal sequence numbers) in the same write transaction
that read the outbox. That entry is the durable record :func:`unexported_count` reads: every
payment item with a sequence number up to the newest export's ``through_seq`` was either in an
export or already answered by head office then (an item's sequence numbers grow, and an answered
item never becomes unanswered again). A shift of an enrolled terminal closes with unsynced
payments only when none of them is beyond it (:meth:`ShiftService.close`).

Qt-free; call it from a worker (it reads the keyring, writes and fsyncs a file).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ebill_core.protocol.payment_export import encode_bytes, signed_bytes, unsigned_export
from ebill_core.records import Operator
from ebill_desktop.config import Settings, write_atomically
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import Approval, authorise
from ebill_desktop.security.keyring_store import CredentialNotStoredError, CredentialStore
from ebill_desktop.security.roles import APPROVER_ROLES, Action
from ebill_desktop.sync.enrolment import NotEnrolledError, TerminalIdentity, enrolled_identity

if TYPE_CHECKING:
    import sqlite3

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from sqlalchemy.engine import Connection

    from ebill_desktop.storage.database import CacheDatabase

__all__ = [
    "EXPORT_ACTION",
    "ExportResult",
    "PaymentExportError",
    "export_unsynced",
    "exported_through",
    "unexported_count",
]

EXPORT_ACTION = "payments_export"  # the audit entry's action

_UNSYNCED_ITEMS = (
    "SELECT terminal_seq, body_json FROM outbox "
    "WHERE kind = 'payment' AND state IN ('pending', 'attention') ORDER BY terminal_seq"
)
_EXPORTED_THROUGH = (
    "SELECT COALESCE(MAX(CAST(json_extract(detail_json, '$.through_seq') AS INTEGER)), 0) "
    "FROM audit_log WHERE action = ?"
)
# The shift's payments head office has not answered (as shift_reports counts them) and that no
# export covers: no outbox item (never happens: a payment is enqueued with its record) or an item
# numbered after the newest export.
_UNEXPORTED = (
    "SELECT COUNT(*) FROM payments p LEFT JOIN outbox o ON o.item_id = p.payment_id "
    "WHERE p.shift_id = ? AND p.central_status IS NULL AND (o.state IS NULL OR o.state <> 'done') "
    "AND (o.terminal_seq IS NULL OR o.kind <> 'payment' OR o.terminal_seq > ?)"
)


class PaymentExportError(Exception):
    """The export cannot be made; ``message`` is for the screen. No file, no record."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What was written: where, its SHA-256, and which payments (by terminal sequence)."""

    path: Path
    sha256: str
    payments: int
    first_seq: int
    through_seq: int


def export_unsynced(
    db: CacheDatabase,
    credentials: CredentialStore,
    settings: Settings,
    path: Path,
    actor: Operator,
    approval: Approval | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
) -> ExportResult:
    """Write every unsynced payment to a signed file at ``path`` and audit it (see the module).

    Refused (:class:`~ebill_desktop.security.approvals.NotPermittedError` or
    :class:`PaymentExportError`; nothing written, nothing recorded) without the right or the
    approval, for an unenrolled terminal, without an export key in the keyring, or when no
    payment is unsynced. ``KeyringUnavailable`` passes through.
    """
    authorise(Action.EXPORT_UNSYNCED, actor, approval)
    identity = _identity(settings)
    key = _signing_key(credentials, identity)
    now = (clock or (lambda: datetime.now(UTC)))()
    with db.write_transaction() as connection:
        # Read and record in one write transaction: no answer or payment slips in between.
        rows = connection.exec_driver_sql(_UNSYNCED_ITEMS).all()
        if not rows:
            raise PaymentExportError("No payment is waiting for head office: nothing to export.")
        bodies: list[object] = [json.loads(str(body)) for _, body in rows]
        document = unsigned_export(identity.terminal_id, identity.branch_code, now, bodies)
        document["signature"] = encode_bytes(key.sign(signed_bytes(document)))
        data = json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        result = ExportResult(
            path,
            hashlib.sha256(data.encode("utf-8")).hexdigest(),
            len(rows),
            int(rows[0][0]),
            int(rows[-1][0]),
        )
        try:
            write_atomically(path, data)
        except OSError as error:
            raise PaymentExportError(f"The file {path} could not be written: {error}") from None
        _audit(connection, actor, approval, result, now)
    return result


def exported_through(reader: sqlite3.Connection) -> int:
    """The highest payment sequence number an export covers (0: never exported)."""
    return int(reader.execute(_EXPORTED_THROUGH, (EXPORT_ACTION,)).fetchone()[0])


def unexported_count(reader: sqlite3.Connection, shift_id: str) -> int:
    """The shift's unsynced payments that no export covers (see the module docstring)."""
    through = exported_through(reader)
    return int(reader.execute(_UNEXPORTED, (shift_id, through)).fetchone()[0])


def _identity(settings: Settings) -> TerminalIdentity:
    try:
        identity = enrolled_identity(settings)
    except NotEnrolledError as error:
        raise PaymentExportError(error.message) from None
    if not identity.branch_code:
        raise PaymentExportError("The settings name no branch for this terminal: enrol it again.")
    return identity


def _signing_key(credentials: CredentialStore, identity: TerminalIdentity) -> Ed25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        text = credentials.load(identity.export_key_account)
    except CredentialNotStoredError:
        raise PaymentExportError(
            "This terminal has no export key in the keyring (it enrolled before exports "
            "existed): ask head office for a new enrolment code and enrol it again."
        ) from None
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(text, validate=True))
    except (binascii.Error, ValueError):
        raise PaymentExportError(
            "The export key in the keyring is damaged: enrol this terminal again."
        ) from None


def _audit(
    connection: Connection,
    actor: Operator,
    approval: Approval | None,
    result: ExportResult,
    now: datetime,
) -> None:
    detail: dict[str, object] = {
        "file_sha256": result.sha256,
        "payments": result.payments,
        "first_seq": result.first_seq,
        "through_seq": result.through_seq,
    }
    if approval is not None and actor.role not in APPROVER_ROLES:
        detail["approved_by"] = approval.approver
    audit.append(connection, actor.login, EXPORT_ACTION, detail, at=now)
