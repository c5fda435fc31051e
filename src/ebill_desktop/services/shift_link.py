"""The one link from a payment to its shift, made inside the payment's own write transaction.

:func:`ebill_desktop.services.payment_store.store` calls :func:`attach_to_open_shift` right after
it writes the payment row, so a payment and its shift link are committed together or not at all.
The payment joins the shift its operator has open at this terminal (a cache is one terminal with
one drawer, and :class:`ebill_desktop.services.shifts.ShiftService` keeps at most one shift open
in it). With no shift open the link stays NULL, as for payments taken before shifts existed.

Kept apart from :mod:`ebill_desktop.services.shifts` so the payment path imports one small module.
"""

from __future__ import annotations

import sqlite3

__all__ = ["attach_to_open_shift"]

_ATTACH = (
    "UPDATE payments SET shift_id = ("
    "SELECT shift_id FROM shifts WHERE state = 'open' AND operator = ? COLLATE NOCASE LIMIT 1"
    ") WHERE payment_id = ?"
)


def attach_to_open_shift(raw: sqlite3.Connection, payment_id: str, operator: str) -> None:
    """Set the payment's ``shift_id`` to its operator's open shift (NULL when none is open)."""
    raw.execute(_ATTACH, (operator, payment_id))
