"""Rows to the shared records' wire forms (what the change log stores as payloads)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ebill_central.db.models import BillLineRow, BillRegisterRow, BillRow, BranchRow, OperatorRow
from ebill_core.money import Money
from ebill_core.protocol import OfflinePolicy
from ebill_core.protocol.records import operator_to_wire, policy_to_wire
from ebill_core.records import (
    Bill,
    BillLine,
    BillRegister,
    BillStatus,
    Operator,
    OperatorRole,
    ReadingKind,
)


def operator_record(row: OperatorRow) -> Operator:
    return Operator(
        login=row.login,
        full_name=row.full_name,
        role=OperatorRole(row.role),
        password_hash=row.password_hash,
        office_code=row.office_code,
        active=row.active,
    )


def operator_wire(row: OperatorRow) -> dict[str, object]:
    return operator_to_wire(operator_record(row))


def branch_policy(row: BranchRow) -> OfflinePolicy:
    return OfflinePolicy(
        branch_code=row.code,
        max_hours_since_sync=row.offline_max_hours,
        max_total_offline=Money(row.offline_max_total_minor, row.currency),
        max_per_payment=Money(row.offline_max_per_payment_minor, row.currency),
    )


def policy_wire(row: BranchRow) -> dict[str, object]:
    return policy_to_wire(branch_policy(row))


def bill_record(session: Session, row: BillRow) -> Bill:
    """The shared :class:`Bill` record of a stored bill, with its lines and registers."""
    currency = row.currency
    lines = session.scalars(
        select(BillLineRow).where(BillLineRow.bill_no == row.bill_no).order_by(BillLineRow.position)
    ).all()
    registers = session.scalars(
        select(BillRegisterRow)
        .where(BillRegisterRow.bill_no == row.bill_no)
        .order_by(BillRegisterRow.position)
    ).all()
    return Bill(
        bill_no=row.bill_no,
        account_no=row.account_no,
        version=row.version,
        bill_date=row.bill_date,
        period_start=row.period_start,
        period_end=row.period_end,
        due_date=row.due_date,
        cheque_due_date=row.cheque_due_date,
        disconnection_date=row.disconnection_date,
        units=row.units,
        current_charges=Money(row.current_charges_minor, currency),
        arrears=Money(row.arrears_minor, currency),
        surcharge=Money(row.surcharge_minor, currency),
        net_payable=Money(row.net_payable_minor, currency),
        payable_after_due=Money(row.payable_after_due_minor, currency),
        amount_paid=Money(row.amount_paid_minor, currency),
        status=BillStatus(row.status),
        lines=tuple(
            BillLine(
                line.code,
                line.description,
                line.quantity,
                line.rate,
                Money(line.amount_minor, line.currency),
            )
            for line in lines
        ),
        registers=tuple(
            BillRegister(
                meter_no=r.meter_no,
                register=r.register,
                previous=r.previous,
                previous_on=r.previous_on,
                present=r.present,
                present_on=r.present_on,
                multiplying_factor=r.multiplying_factor,
                units=r.units,
                kind=ReadingKind(r.kind),
            )
            for r in registers
        ),
        rounding_carried=None
        if row.rounding_carried_minor is None
        else Money(row.rounding_carried_minor, currency),
        early_payment_rebate=None
        if row.early_payment_rebate_minor is None
        else Money(row.early_payment_rebate_minor, currency),
        rebate_by=row.rebate_by,
    )
