"""Rows to the shared records' wire forms (what the change log stores as payloads)."""

from __future__ import annotations

from ebill_central.db.models import BranchRow, OperatorRow
from ebill_core.money import Money
from ebill_core.protocol import OfflinePolicy
from ebill_core.protocol.records import operator_to_wire, policy_to_wire
from ebill_core.records import Operator, OperatorRole


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
