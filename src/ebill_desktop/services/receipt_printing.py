"""What happened to a receipt on paper: each print and reprint, recorded.

A print's outcome never touches the payment: a failed print leaves the payment as committed and
the receipt unprinted (``receipts.printed`` 0, ``last_error`` saying why), and a reprint is one
call away. Every attempt becomes a ``receipt_prints`` row (when, who, which copy, outcome); a
reprint adds one to ``reprint_count`` before it is printed, so the DUPLICATE copy carries its
number even if the printer then fails.

The first reprint is anyone's to make; the second and later need a supervisor
(``Action.REPRINT_SECOND``): :func:`record_reprint` checks that itself, inside the write
transaction that counts the reprint (so two counters cannot both take "the first"), and audits
the reprint (``reprint``: receipt, copy, who approved) in that same transaction.
"""

from __future__ import annotations

from datetime import datetime

from ebill_core.receipt_number import ReceiptNumberError, parse_receipt_number
from ebill_core.records import Operator
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import Approval, NotPermittedError, authorise
from ebill_desktop.security.roles import Action, Permission, permission
from ebill_desktop.services.payment_types import PaymentError, ReceiptNotFoundError
from ebill_desktop.storage.column_types import datetime_text
from ebill_desktop.storage.database import CacheDatabase

__all__ = ["MAX_ERROR", "ReprintNeedsApproval", "record_print", "record_reprint"]


class ReprintNeedsApproval(NotPermittedError):  # noqa: N818 - a refusal, like its parent
    """A second or later reprint asked for without a supervisor's approval: ask, then retry."""


MAX_ERROR = 500  # characters of a printer error kept

_PRINTED = (
    "UPDATE receipts SET print_attempts = print_attempts + 1, last_attempt_at = ?, "
    "printed = CASE WHEN ? IS NULL THEN 1 ELSE printed END, last_error = ? "
    "WHERE receipt_no = ? AND ? <= reprint_count"
)
_LOG = (
    "INSERT INTO receipt_prints (receipt_no, at, operator, copy_no, outcome, error) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def _number(text: str) -> str:
    try:
        return parse_receipt_number(text).text
    except ReceiptNumberError as error:
        raise ReceiptNotFoundError(f"{text!r} is not a receipt number: {error}.") from None


def _exists(db: CacheDatabase, number: str) -> bool:
    row = db.reader().execute("SELECT 1 FROM receipts WHERE receipt_no = ?", (number,))
    return row.fetchone() is not None


def record_print(
    db: CacheDatabase,
    receipt_no: str,
    operator: str,
    copy_no: int,
    error: str | None,
    now: datetime,
) -> None:
    """Record one print of copy ``copy_no`` (0: original; n: the n-th DUPLICATE).

    ``error`` None means the printer took it. Raises :class:`ReceiptNotFoundError` for an
    unknown receipt, :class:`PaymentError` for a copy never issued or a missing operator.
    """
    number = _number(receipt_no)
    who = operator.strip() if isinstance(operator, str) else ""
    if not who:
        raise PaymentError("Say who printed the receipt.")
    if isinstance(copy_no, bool) or not isinstance(copy_no, int) or copy_no < 0:
        raise PaymentError(f"{copy_no!r} is not a copy number.")
    kept = None if error is None else (error.strip() or "print failed")[:MAX_ERROR]
    when = datetime_text(now)
    with db.write_transaction() as connection:
        changed = connection.exec_driver_sql(_PRINTED, (when, kept, kept, number, copy_no))
        if changed.rowcount != 1:
            if not _exists(db, number):
                raise ReceiptNotFoundError(f"No receipt {number} at this counter.")
            raise PaymentError(f"Copy {copy_no} of receipt {number} was never issued.")
        outcome = "printed" if kept is None else "failed"
        connection.exec_driver_sql(_LOG, (number, when, who, copy_no, outcome, kept))


def record_reprint(
    db: CacheDatabase,
    receipt_no: str,
    actor: Operator,
    approval: Approval | None,
    now: datetime,
) -> int:
    """Count one more reprint of ``receipt_no`` by ``actor``; returns its number (1 for the
    first). From the second on, ``actor`` needs a supervisor's role or ``approval``:
    :class:`ReprintNeedsApproval` when one would do, :class:`NotPermittedError` when nothing
    would (a kiosk, a disabled operator); either way nothing is written.
    """
    number = _number(receipt_no)
    with db.write_transaction() as connection:
        row = connection.exec_driver_sql(
            "SELECT reprint_count FROM receipts WHERE receipt_no = ?", (number,)
        ).fetchone()
        if row is None:
            raise ReceiptNotFoundError(f"No receipt {number} at this counter.")
        copy_no = int(row[0]) + 1
        approved_by = _authorise(actor, approval, copy_no)
        connection.exec_driver_sql(
            "UPDATE receipts SET reprint_count = ? WHERE receipt_no = ?", (copy_no, number)
        )
        detail: dict[str, object] = {"receipt_no": number, "copy_no": copy_no}
        if approved_by is not None:
            detail["approved_by"] = approved_by
        audit.append(connection, actor.login, "reprint", detail, at=now)
    return copy_no


def _authorise(actor: Operator, approval: Approval | None, copy_no: int) -> str | None:
    """Check the reprint numbered ``copy_no``; the approver's login when an approval was used."""
    if not actor.active:
        raise NotPermittedError(f"{actor.login} is disabled and cannot do anything here")
    if copy_no < 2:
        return None
    allowed = permission(Action.REPRINT_SECOND, actor.role)
    if allowed is Permission.WITH_APPROVAL and approval is None:
        raise ReprintNeedsApproval(
            f"Reprint no. {copy_no}: a supervisor must approve a second or later reprint"
        )
    authorise(Action.REPRINT_SECOND, actor, approval)
    return approval.approver if allowed is Permission.WITH_APPROVAL and approval else None
