"""Rows to the shared records' wire forms (what the change log stores as payloads)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    AccountRow,
    BillLineRow,
    BillRegisterRow,
    BillRow,
    BranchRow,
    ChequeBarRow,
    OperatorRow,
)
from ebill_core.money import Money
from ebill_core.protocol import OfflinePolicy
from ebill_core.protocol.records import operator_to_wire, policy_to_wire
from ebill_core.records import (
    Account,
    AccountStatus,
    Bill,
    BillLine,
    BillRegister,
    BillStatus,
    Operator,
    OperatorRole,
    ReadingKind,
)

# An account's feed record carries its cheque bar, kept in its own table (cheque_bars): one
# statement with a left join reads both, however many accounts are asked for.
_ACCOUNTS_WITH_BARS = select(AccountRow, ChequeBarRow.reason, ChequeBarRow.since).outerjoin(
    ChequeBarRow, ChequeBarRow.account_no == AccountRow.account_no
)
_IN_CHUNK = 5_000  # account numbers per IN (...) list: well inside every backend's limits


def account_record(
    row: AccountRow, bar_reason: str | None = None, bar_since: datetime | None = None
) -> Account:
    """The shared :class:`Account` of a stored account with its cheque bar (None: not barred)."""
    return Account(
        account_no=row.account_no,
        legacy_no=row.legacy_no,
        consumer_id=row.consumer_id,
        address=row.address,
        category_code=row.category_code,
        tariff_code=row.tariff_code,
        supply_type=row.supply_type,
        voltage_v=row.voltage_v,
        sanctioned_load_w=row.sanctioned_load_w,
        office_code=row.office_code,
        pole=row.pole,
        connected_on=row.connected_on,
        status=AccountStatus(row.status),
        cheque_barred=bar_reason,
        cheque_barred_since=bar_since,
    )


def account_records(session: Session, account_nos: Sequence[str]) -> list[Account]:
    """The feed records of ``account_nos`` (those stored), each with its bar, by account number.

    One query per few thousand accounts (a left join on ``cheque_bars``), never one per account.
    """
    wanted = sorted(set(account_nos))
    found: list[Account] = []
    for start in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[start : start + _IN_CHUNK]
        statement = _ACCOUNTS_WITH_BARS.where(AccountRow.account_no.in_(chunk)).order_by(
            AccountRow.account_no
        )
        found.extend(account_record(*row) for row in session.execute(statement))
    return found


def account_row_values(account: Account) -> dict[str, object]:
    """The ``accounts`` row of a record (its cheque bar lives in ``cheque_bars``, not there)."""
    return {
        "account_no": account.account_no,
        "legacy_no": account.legacy_no,
        "consumer_id": account.consumer_id,
        "address": account.address,
        "category_code": account.category_code,
        "tariff_code": account.tariff_code,
        "supply_type": account.supply_type,
        "voltage_v": account.voltage_v,
        "sanctioned_load_w": account.sanctioned_load_w,
        "office_code": account.office_code,
        "pole": account.pole,
        "connected_on": account.connected_on,
        "status": account.status.value,
    }


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
