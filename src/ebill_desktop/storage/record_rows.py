"""Rows of the cache back into the shared records of ``ebill_core.records``."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy.engine import RowMapping

from ebill_core.money import Money
from ebill_core.records import (
    Account,
    AccountStatus,
    Bill,
    BillLine,
    BillRegister,
    BillStatus,
    ConsumptionPoint,
    Meter,
    Operator,
    OperatorRole,
    PaymentPosting,
    ReadingKind,
)

__all__ = [
    "RowMapping",
    "account_from_row",
    "bill_from_row",
    "consumption_from_row",
    "line_from_row",
    "meter_from_row",
    "operator_from_row",
    "posting_from_row",
    "register_from_row",
]


def _money(minor: int | None, currency: str) -> Money | None:
    return None if minor is None else Money(minor, currency)


def account_from_row(row: RowMapping) -> Account:
    return Account(
        account_no=row["account_no"],
        legacy_no=row["legacy_no"],
        consumer_id=row["consumer_id"],
        address=row["address"],
        category_code=row["category_code"],
        tariff_code=row["tariff_code"],
        supply_type=row["supply_type"],
        voltage_v=row["voltage_v"],
        sanctioned_load_w=row["sanctioned_load_w"],
        office_code=row["office_code"],
        pole=row["pole"],
        connected_on=row["connected_on"],
        status=AccountStatus(row["status"]),
        cheque_barred=row["cheque_barred"],
        cheque_barred_since=row["cheque_barred_since"],  # IsoDateTime: a zoned datetime
    )


def meter_from_row(row: RowMapping, account_no: str) -> Meter:
    return Meter(
        meter_no=row["meter_no"],
        account_no=account_no,
        multiplying_factor=row["multiplying_factor"],
        digits=row["digits"],
        registers=tuple(json.loads(row["registers_json"])),
        installed_on=row["installed_on"],
        removed_on=row["removed_on"],
    )


def line_from_row(row: RowMapping, currency: str) -> BillLine:
    return BillLine(
        code=row["code"],
        description=row["description"],
        quantity=row["quantity"],
        rate=row["rate"],
        amount=Money(row["amount_minor"], currency),
    )


def register_from_row(row: RowMapping) -> BillRegister:
    return BillRegister(
        meter_no=row["meter_no"],
        register=row["register"],
        previous=row["previous"],
        previous_on=row["previous_on"],
        present=row["present"],
        present_on=row["present_on"],
        multiplying_factor=row["multiplying_factor"],
        units=row["units"],
        kind=ReadingKind(row["kind"]),
    )


def bill_from_row(
    row: RowMapping,
    account_no: str,
    lines: Sequence[RowMapping] = (),
    registers: Sequence[RowMapping] = (),
) -> Bill:
    currency: str = row["currency"]
    return Bill(
        bill_no=row["bill_no"],
        account_no=account_no,
        version=row["version"],
        bill_date=row["bill_date"],
        period_start=row["period_start"],
        period_end=row["period_end"],
        due_date=row["due_date"],
        cheque_due_date=row["cheque_due_date"],
        disconnection_date=row["disconnection_date"],
        units=row["units"],
        current_charges=Money(row["current_charges_minor"], currency),
        arrears=Money(row["arrears_minor"], currency),
        surcharge=Money(row["surcharge_minor"], currency),
        net_payable=Money(row["net_payable_minor"], currency),
        payable_after_due=Money(row["payable_after_due_minor"], currency),
        amount_paid=Money(row["amount_paid_minor"], currency),
        status=BillStatus(row["status"]),
        lines=tuple(line_from_row(line, currency) for line in lines),
        registers=tuple(register_from_row(register) for register in registers),
        rounding_carried=_money(row["rounding_carried_minor"], currency),
        early_payment_rebate=_money(row["early_payment_rebate_minor"], currency),
        rebate_by=row["rebate_by"],
    )


def consumption_from_row(row: RowMapping, account_no: str) -> ConsumptionPoint:
    return ConsumptionPoint(
        account_no=account_no,
        period_end=row["period_end"],
        units=row["units"],
        kind=ReadingKind(row["kind"]),
    )


def posting_from_row(row: RowMapping, account_no: str) -> PaymentPosting:
    return PaymentPosting(
        payment_id=row["payment_id"],
        account_no=account_no,
        paid_at=row["paid_at"],
        amount=Money(row["amount_minor"], row["currency"]),
        channel=row["channel"],
        place=row["place"],
        receipt_no=row["receipt_no"],
    )


def operator_from_row(row: RowMapping) -> Operator:
    return Operator(
        login=row["login"],
        full_name=row["full_name"],
        role=OperatorRole(row["role"]),
        password_hash=row["password_hash"],
        office_code=row["office_code"],
        active=bool(row["active"]),
    )
