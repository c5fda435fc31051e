"""Import a terminal's signed file of unsynced payments (``ebill-central import-payments``).

A supervisor at a counter whose link is down exports the payments head office has not received
(the desktop's ``ebill-desktop export-unsynced``) in the format of
:mod:`ebill_core.protocol.payment_export`. Here the file is checked, all of it before anything
is written:

1. it is JSON in that format, naming a terminal this server knows, not revoked, of the branch the
   file says, and holding the Ed25519 public key the terminal sent when it enrolled
   (``terminals.export_key``);
2. the signature verifies over the file's canonical bytes with that key, so a file changed in any
   value (an amount, an account) or signed by another terminal is refused;
3. every payment decodes strictly (:func:`ebill_core.protocol.payment_from_wire`) and no UUID
   appears twice.

Any refusal raises :class:`~ebill_central.errors.CentralError` with a clear code and writes
nothing. Then the payments are posted through the normal path,
:func:`ebill_central.services.payments.post_batch`, as the terminal itself, in batches of
:data:`~ebill_core.protocol.MAX_BATCH`: that path is idempotent by UUID, so importing a file
twice, or a file whose payments partly arrived by sync already, posts each payment once.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select

from ebill_central.db.models import BranchRow, PaymentRow, TerminalRow
from ebill_central.errors import CentralError, NotFoundError
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.payments import post_batch
from ebill_core.protocol import MAX_BATCH, PaymentStatus, ProtocolError, payment_from_wire
from ebill_core.protocol.payment_export import (
    PUBLIC_KEY_BYTES,
    PaymentExport,
    decode_bytes,
    export_from_wire,
)

MAX_FILE_BYTES = 200 * 1024 * 1024  # ~100,000 payments of ~1 KB each, with room to spare


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What the import did: payments newly posted, already held, and by outcome."""

    terminal_id: int
    payments: int  # in the file
    already_held: int  # the same payment held before (by sync or an earlier import): unchanged
    posted: int  # newly posted to their accounts
    suspense: int  # newly held in suspense (unknown account)
    conflict: int  # the UUID or sequence was used before for other content: for review
    rejected: int  # the database would not store it: for review

    def text(self) -> str:
        return (
            f"terminal {self.terminal_id}: {self.payments} payment(s) in the file; "
            f"posted {self.posted}, already held {self.already_held}, "
            f"suspense {self.suspense}, conflict {self.conflict}, rejected {self.rejected}"
        )


def read_export_file(path: Path) -> object:
    """The file's JSON; :class:`CentralError` if it cannot be read or is not JSON."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CentralError("import_unreadable", f"cannot read {path}: {error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise CentralError("import_too_large", f"{path} is larger than an export can be")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise CentralError("import_malformed", f"{path} is not a JSON export: {error}") from None


def import_payments(engine: Engine, document: object, now: datetime | None = None) -> ImportSummary:
    """Check ``document`` (a parsed export file) and post its payments (see the module)."""
    export = _parsed(document)
    terminal = _verified_terminal(engine, export)
    ids, bodies = _checked_payments(export)
    held = _held(engine, ids)
    counts: Counter[str] = Counter()
    for start in range(0, len(bodies), MAX_BATCH):
        result = post_batch(engine, terminal, list(bodies[start : start + MAX_BATCH]), now)
        counts.update(
            _kind(outcome.status, outcome.payment_id in held) for outcome in result.outcomes
        )
    return ImportSummary(
        terminal_id=terminal.terminal_id,
        payments=len(bodies),
        already_held=counts["already_held"],
        posted=counts[PaymentStatus.POSTED.value],
        suspense=counts[PaymentStatus.SUSPENSE.value],
        conflict=counts[PaymentStatus.CONFLICT.value],
        rejected=counts[PaymentStatus.REJECTED.value],
    )


def _kind(status: PaymentStatus, held_before: bool) -> str:
    """How the summary counts one answer: a resend of a payment held before is "already held"
    (its answer is the first one again); a conflict or rejection is counted as such."""
    if held_before and status in (PaymentStatus.POSTED, PaymentStatus.SUSPENSE):
        return "already_held"
    return status.value


def _parsed(document: object) -> PaymentExport:
    try:
        return export_from_wire(document)
    except ProtocolError as error:
        raise CentralError("import_malformed", f"not a payments export: {error}") from None


def _verified_terminal(engine: Engine, export: PaymentExport) -> TerminalIdentity:
    """The file's terminal, once its signature verifies with that terminal's export key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    query = (
        select(
            TerminalRow.terminal_id,
            TerminalRow.name,
            TerminalRow.branch_code,
            TerminalRow.revoked_at,
            TerminalRow.export_key,
            BranchRow.office_code,
        )
        .join(BranchRow, BranchRow.code == TerminalRow.branch_code)
        .where(TerminalRow.terminal_id == export.terminal_id)
    )
    with engine.connect() as connection:
        terminal = connection.execute(query).first()
        connection.rollback()
    if terminal is None:
        raise NotFoundError("terminal_unknown", f"terminal {export.terminal_id} is not known")
    if terminal.revoked_at is not None:
        raise CentralError("terminal_revoked", f"terminal {terminal.terminal_id} is revoked")
    if terminal.branch_code != export.branch_code:
        raise CentralError(
            "branch_mismatch",
            f"the file says branch {export.branch_code}, terminal {terminal.terminal_id} "
            f"is of branch {terminal.branch_code}",
        )
    if terminal.export_key is None:
        raise CentralError(
            "no_export_key",
            f"terminal {terminal.terminal_id} sent no export key when it enrolled: "
            "its files cannot be verified",
        )
    key = Ed25519PublicKey.from_public_bytes(
        decode_bytes(terminal.export_key, "export_key", PUBLIC_KEY_BYTES)
    )
    try:
        key.verify(export.signature, export.signed)
    except InvalidSignature:
        raise CentralError(
            "signature_invalid",
            f"the signature does not match terminal {terminal.terminal_id}'s export key: the "
            "file was changed or signed by another terminal; nothing was imported",
        ) from None
    return TerminalIdentity(
        terminal.terminal_id, terminal.name, terminal.branch_code, terminal.office_code
    )


def _checked_payments(export: PaymentExport) -> tuple[list[str], list[object]]:
    """The payments' UUIDs and wire bodies, each decoded strictly; no UUID twice."""
    bodies: list[object] = []
    seen: dict[str, None] = {}  # ordered
    for index, body in enumerate(export.payments):
        path = f"payments[{index}]"
        try:
            payment = payment_from_wire(body, path)
        except ProtocolError as error:
            raise CentralError("import_malformed", f"a payment cannot be read: {error}") from None
        if payment.payment_id in seen:
            raise CentralError("import_malformed", f"{path}: payment {payment.payment_id} twice")
        seen[payment.payment_id] = None
        bodies.append(body)
    return list(seen), bodies


def _held(engine: Engine, ids: list[str]) -> set[str]:
    """Which of ``ids`` the server holds already."""
    held: set[str] = set()
    with engine.connect() as connection:
        for start in range(0, len(ids), MAX_BATCH):
            chunk = ids[start : start + MAX_BATCH]
            found = connection.scalars(
                select(PaymentRow.payment_id).where(PaymentRow.payment_id.in_(chunk))
            )
            held.update(found)
        connection.rollback()
    return held
