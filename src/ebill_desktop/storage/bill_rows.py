"""A bill as rows of ``bills``, ``bill_lines`` and ``bill_registers``: one shape for all writers.

The demo import (:mod:`bundle_import`) and the change feed (:mod:`change_apply`) both write bills
with ``executemany`` on the raw connection; both take their rows and statements from here, so a
new bill column is added in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from ebill_core.money import Money
from ebill_core.records import Bill

BILL_COLUMNS: Final = (
    "bill_no, account_id, version, bill_date, period_start, period_end, due_date, "
    "cheque_due_date, disconnection_date, units, currency, current_charges_minor, "
    "arrears_minor, surcharge_minor, net_payable_minor, payable_after_due_minor, "
    "amount_paid_minor, rounding_carried_minor, early_payment_rebate_minor, rebate_by, status"
)
BILL_PARAMETER_MARKS: Final = ", ".join("?" * len(BILL_COLUMNS.split(", ")))

INSERT_LINES: Final = (
    "INSERT INTO bill_lines (bill_id, seq, code, description, quantity, rate, amount_minor) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)"
)
INSERT_REGISTERS: Final = (
    "INSERT INTO bill_registers (bill_id, seq, meter_no, register, previous, previous_on, "
    "present, present_on, multiplying_factor, units, kind) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _minor(amount: Money | None) -> int | None:
    return None if amount is None else amount.minor


def bill_row(bill: Bill, account_id: int) -> tuple[object, ...]:
    """The ``bills`` row of ``bill``, in the order of :data:`BILL_COLUMNS`."""
    return (
        bill.bill_no,
        account_id,
        bill.version,
        bill.bill_date.isoformat(),
        bill.period_start.isoformat(),
        bill.period_end.isoformat(),
        bill.due_date.isoformat(),
        bill.cheque_due_date.isoformat(),
        None if bill.disconnection_date is None else bill.disconnection_date.isoformat(),
        bill.units,
        bill.net_payable.currency,
        bill.current_charges.minor,
        bill.arrears.minor,
        bill.surcharge.minor,
        bill.net_payable.minor,
        bill.payable_after_due.minor,
        bill.amount_paid.minor,
        _minor(bill.rounding_carried),
        _minor(bill.early_payment_rebate),
        None if bill.rebate_by is None else bill.rebate_by.isoformat(),
        bill.status.value,
    )


def line_rows(bill_id: int, bill: Bill) -> Iterator[tuple[object, ...]]:
    """The ``bill_lines`` rows of ``bill`` (for :data:`INSERT_LINES`)."""
    for seq, line in enumerate(bill.lines):
        yield (
            bill_id,
            seq,
            line.code,
            line.description,
            None if line.quantity is None else str(line.quantity),  # exact decimal text
            None if line.rate is None else str(line.rate),
            line.amount.minor,
        )


def register_rows(bill_id: int, bill: Bill) -> Iterator[tuple[object, ...]]:
    """The ``bill_registers`` rows of ``bill`` (for :data:`INSERT_REGISTERS`)."""
    for seq, r in enumerate(bill.registers):
        yield (
            bill_id,
            seq,
            r.meter_no,
            r.register,
            r.previous,
            r.previous_on.isoformat(),
            r.present,
            r.present_on.isoformat(),
            r.multiplying_factor,
            r.units,
            r.kind.value,
        )
