"""Head office's answers, copied from the outbox to the payments they are about.

The sender records each answer on the payment's outbox row
(:func:`ebill_desktop.sync.outbox.record_answers`). :func:`record_central_answers` copies the
answer's status (``posted``, ``suspense``, ``conflict``, ``rejected``) and when it came to the
payment itself, so the payment keeps it when the outbox is one day pruned. Call it in the same
write transaction that records the answers (or any later one): it only fills payments that have
no status yet, so calling it again changes nothing. Reads do not depend on it: until it runs they
take the status from the outbox row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

__all__ = ["record_central_answers"]

_COPY = (
    "UPDATE payments SET central_status = json_extract(o.answer_json, '$.status'), "
    "central_at = o.answered_at FROM outbox o "
    "WHERE o.item_id = payments.payment_id AND payments.central_status IS NULL "
    "AND o.answer_json IS NOT NULL AND json_valid(o.answer_json) "
    "AND json_extract(o.answer_json, '$.status') IN ('posted', 'suspense', 'conflict', 'rejected')"
)


def record_central_answers(connection: Connection) -> int:
    """Copy answered statuses to their payments, in the caller's write transaction.

    Returns how many payments got their status now.
    """
    return int(connection.exec_driver_sql(_COPY).rowcount)
