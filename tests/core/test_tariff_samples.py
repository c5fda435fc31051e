"""Small tariffs for the tests, as the JSON objects a tariff file holds (no tests here)."""

from __future__ import annotations

import copy
from typing import Any

from ebill_core.tariff import Tariff, tariff_from_mapping

BASE: dict[str, Any] = {
    "code": "T-1",
    "version": 1,
    "effective_from": "2026-01-01",
    "name": "Test tariff",
    "currency": "INR",
    "bill_dates": {"due_days": 15, "cheque_due_days": 12, "disconnection_days_after_due": 15},
    "energy": {
        "method": "telescopic",
        "register": "kWh",
        "slabs": [
            {"upto": 100, "rate": "3.00"},
            {"upto": 200, "rate": "4.50"},
            {"upto": None, "rate": "6.00"},
        ],
    },
}


def body(**changes: Any) -> dict[str, Any]:
    """A copy of BASE with top-level keys replaced (None removes a key)."""
    value = copy.deepcopy(BASE)
    for key, new in changes.items():
        if new is None:
            value.pop(key, None)
        else:
            value[key] = new
    return value


def tariff(**changes: Any) -> Tariff:
    return tariff_from_mapping(body(**changes))
