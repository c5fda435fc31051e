"""What happened to a receipt on paper: each print and reprint, recorded.

A print's outcome never touches the payment: a failed print leaves the payment as committed and
the receipt unprinted (``receipts.printed`` 0, ``last_error`` saying why), and a reprint is one
call away. Every attempt becomes a ``receipt_prints`` row (when, who, which copy, outcome); a
reprint adds one to ``reprint_count`` before it is printed, so the DUPLICATE copy carries its
number even if the printer then fails.
"""

from __future__ import annotations

from datetime import datetime

from ebill_core.receipt_number import ReceiptNumberError, parse_receipt_number
from ebill_desktop.services.payment_types import PaymentError, ReceiptNotFoundError
from ebill_desktop.storage.column_types import datetime_text
from ebill_desktop.storage.database import CacheDatabase

__all__ = ["MAX_ERROR", "record_print", "record_reprint"]

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


def record_reprint(db: CacheDatabase, receipt_no: str) -> int:
    """Count one more reprint of ``receipt_no``; returns its number (1 for the first)."""
    number = _number(receipt_no)
    with db.write_transaction() as connection:
        changed = connection.exec_driver_sql(
            "UPDATE receipts SET reprint_count = reprint_count + 1 WHERE receipt_no = ?",
            (number,),
        )
        if changed.rowcount != 1:
            raise ReceiptNotFoundError(f"No receipt {number} at this counter.")
        row = connection.exec_driver_sql(
            "SELECT reprint_count FROM receipts WHERE receipt_no = ?", (number,)
        ).fetchone()
    assert row is not None  # updated just above
    return int(row[0])
