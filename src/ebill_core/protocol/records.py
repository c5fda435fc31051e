"""Wire forms of the shared records (:mod:`ebill_core.records`) as they travel in the feed.

Each record type has ``<name>_to_wire(record) -> dict`` (ready for ``json.dumps``) and
``<name>_from_wire(value, path) -> record``, which checks every field strictly and raises
:class:`~ebill_core.protocol.errors.ProtocolError` naming the first bad one. Money is
``{"minor": int, "currency": str}``; dates are ISO text; rates and quantities are decimal text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ebill_core.money import Money
from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import (
    Fields,
    money_wire,
    opt_date_wire,
    opt_decimal_wire,
    text_value,
)
from ebill_core.records import (
    Account,
    AccountStatus,
    Bill,
    BillLine,
    BillRegister,
    BillStatus,
    Consumer,
    ConsumerCategory,
    ConsumptionPoint,
    ExactnessPolicy,
    Meter,
    Office,
    Operator,
    OperatorRole,
    PaymentPosting,
    ReadingKind,
    TariffDocument,
)

Wire = dict[str, object]

_CODE = 40  # longest code (office, category, tariff, account, meter, bill number)
_NAME = 200
_ADDRESS = 500


@dataclass(frozen=True, slots=True)
class OfflinePolicy:
    """How far a terminal may go without a sync: the limits the cashier sees."""

    branch_code: str
    max_hours_since_sync: int
    max_total_offline: Money  # per shift, while offline
    max_per_payment: Money


def office_to_wire(office: Office) -> Wire:
    return {"code": office.code, "name": office.name}


def office_from_wire(value: object, path: str = "") -> Office:
    """An :class:`Office` from its wire form."""
    f = Fields(value, path)
    office = Office(code=f.text("code", max_len=_CODE, min_len=1), name=f.text("name"))
    f.done()
    return office


def category_to_wire(category: ConsumerCategory) -> Wire:
    return {
        "code": category.code,
        "name": category.name,
        "tariff_code": category.tariff_code,
        "exactness": category.exactness.value,
    }


def category_from_wire(value: object, path: str = "") -> ConsumerCategory:
    """A :class:`ConsumerCategory` from its wire form."""
    f = Fields(value, path)
    category = ConsumerCategory(
        code=f.text("code", max_len=_CODE, min_len=1),
        name=f.text("name", max_len=_NAME),
        tariff_code=f.text("tariff_code", max_len=_CODE, min_len=1),
        exactness=f.choice("exactness", ExactnessPolicy),
    )
    f.done()
    return category


def tariff_to_wire(tariff: TariffDocument) -> Wire:
    # The body travels as the JSON text it is stored as, so its exact decimals survive.
    return {
        "code": tariff.code,
        "version": tariff.version,
        "effective_from": tariff.effective_from.isoformat(),
        "body_json": tariff.body_json,
    }


def tariff_from_wire(value: object, path: str = "") -> TariffDocument:
    """A :class:`TariffDocument` from its wire form (the body is checked by the tariff parser)."""
    f = Fields(value, path)
    tariff = TariffDocument(
        code=f.text("code", max_len=_CODE, min_len=1),
        version=f.integer("version", low=1, high=1_000_000),
        effective_from=f.day("effective_from"),
        body_json=f.text("body_json", max_len=1_000_000, min_len=2),
    )
    f.done()
    return tariff


def consumer_to_wire(consumer: Consumer) -> Wire:
    return {
        "consumer_id": consumer.consumer_id,
        "name": consumer.name,
        "mobile": consumer.mobile,
        "email": consumer.email,
    }


def consumer_from_wire(value: object, path: str = "") -> Consumer:
    """A :class:`Consumer` from its wire form."""
    f = Fields(value, path)
    consumer = Consumer(
        consumer_id=f.integer("consumer_id", low=1),
        name=f.text("name", max_len=_NAME, min_len=1),
        mobile=f.opt_text("mobile", max_len=20),
        email=f.opt_text("email", max_len=254),
    )
    f.done()
    return consumer


def account_to_wire(account: Account) -> Wire:
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
        "connected_on": account.connected_on.isoformat(),
        "status": account.status.value,
    }


def account_from_wire(value: object, path: str = "") -> Account:
    """An :class:`Account` from its wire form."""
    f = Fields(value, path)
    account = Account(
        account_no=f.text("account_no", max_len=_CODE, min_len=1),
        legacy_no=f.opt_text("legacy_no", max_len=_CODE),
        consumer_id=f.integer("consumer_id", low=1),
        address=f.text("address", max_len=_ADDRESS),
        category_code=f.text("category_code", max_len=_CODE, min_len=1),
        tariff_code=f.text("tariff_code", max_len=_CODE, min_len=1),
        supply_type=f.text("supply_type", max_len=_CODE),
        voltage_v=f.integer("voltage_v", low=0, high=1_000_000),
        sanctioned_load_w=f.integer("sanctioned_load_w", low=0, high=10**9),
        office_code=f.text("office_code", max_len=_CODE, min_len=1),
        pole=f.opt_text("pole", max_len=_CODE),
        connected_on=f.day("connected_on"),
        status=f.choice("status", AccountStatus),
    )
    f.done()
    return account


def meter_to_wire(meter: Meter) -> Wire:
    return {
        "meter_no": meter.meter_no,
        "account_no": meter.account_no,
        "multiplying_factor": meter.multiplying_factor,
        "digits": meter.digits,
        "registers": list(meter.registers),
        "installed_on": opt_date_wire(meter.installed_on),
        "removed_on": opt_date_wire(meter.removed_on),
    }


def meter_from_wire(value: object, path: str = "") -> Meter:
    """A :class:`Meter` from its wire form."""
    f = Fields(value, path)
    registers = tuple(
        text_value(item, item_path, max_len=_CODE, min_len=1)
        for item_path, item in f.items("registers", max_items=16)
    )
    if not registers:
        raise ProtocolError(f.at("registers"), "a meter has at least one register")
    meter = Meter(
        meter_no=f.text("meter_no", max_len=_CODE, min_len=1),
        account_no=f.text("account_no", max_len=_CODE, min_len=1),
        multiplying_factor=f.integer("multiplying_factor", low=1, high=1_000_000),
        digits=f.integer("digits", low=1, high=12),
        registers=registers,
        installed_on=f.opt_day("installed_on"),
        removed_on=f.opt_day("removed_on"),
    )
    f.done()
    return meter


def _line_to_wire(line: BillLine) -> Wire:
    return {
        "code": line.code,
        "description": line.description,
        "quantity": opt_decimal_wire(line.quantity),
        "rate": opt_decimal_wire(line.rate),
        "amount": money_wire(line.amount),
    }


def _line_from_wire(value: object, path: str) -> BillLine:
    f = Fields(value, path)
    line = BillLine(
        code=f.text("code", max_len=_CODE, min_len=1),
        description=f.text("description", max_len=_NAME),
        quantity=f.opt_decimal("quantity"),
        rate=f.opt_decimal("rate"),
        amount=f.money("amount"),
    )
    f.done()
    return line


def _register_to_wire(register: BillRegister) -> Wire:
    return {
        "meter_no": register.meter_no,
        "register": register.register,
        "previous": register.previous,
        "previous_on": register.previous_on.isoformat(),
        "present": register.present,
        "present_on": register.present_on.isoformat(),
        "multiplying_factor": register.multiplying_factor,
        "units": register.units,
        "kind": register.kind.value,
    }


def _register_from_wire(value: object, path: str) -> BillRegister:
    f = Fields(value, path)
    register = BillRegister(
        meter_no=f.text("meter_no", max_len=_CODE, min_len=1),
        register=f.text("register", max_len=_CODE, min_len=1),
        previous=f.integer("previous", low=0),
        previous_on=f.day("previous_on"),
        present=f.integer("present", low=0),
        present_on=f.day("present_on"),
        multiplying_factor=f.integer("multiplying_factor", low=1),
        units=f.integer("units", low=0),
        kind=f.choice("kind", ReadingKind),
    )
    f.done()
    return register


_BILL_AMOUNTS = (
    "current_charges",
    "arrears",
    "surcharge",
    "net_payable",
    "payable_after_due",
    "amount_paid",
)


def bill_to_wire(bill: Bill) -> Wire:
    wire: Wire = {
        "bill_no": bill.bill_no,
        "account_no": bill.account_no,
        "version": bill.version,
        "bill_date": bill.bill_date.isoformat(),
        "period_start": bill.period_start.isoformat(),
        "period_end": bill.period_end.isoformat(),
        "due_date": bill.due_date.isoformat(),
        "cheque_due_date": bill.cheque_due_date.isoformat(),
        "disconnection_date": opt_date_wire(bill.disconnection_date),
        "units": bill.units,
        "status": bill.status.value,
        "lines": [_line_to_wire(line) for line in bill.lines],
        "registers": [_register_to_wire(r) for r in bill.registers],
        "rounding_carried": None
        if bill.rounding_carried is None
        else money_wire(bill.rounding_carried),
        "early_payment_rebate": None
        if bill.early_payment_rebate is None
        else money_wire(bill.early_payment_rebate),
        "rebate_by": opt_date_wire(bill.rebate_by),
    }
    for name in _BILL_AMOUNTS:
        wire[name] = money_wire(getattr(bill, name))
    return wire


def bill_from_wire(value: object, path: str = "") -> Bill:
    """A :class:`Bill` (with its lines and registers) from its wire form."""
    f = Fields(value, path)
    amounts = {name: f.money(name) for name in _BILL_AMOUNTS}
    currencies = {amount.currency for amount in amounts.values()}
    if len(currencies) != 1:
        raise ProtocolError(path, "a bill's amounts must all be in one currency")
    bill = Bill(
        bill_no=f.text("bill_no", max_len=_CODE, min_len=1),
        account_no=f.text("account_no", max_len=_CODE, min_len=1),
        version=f.integer("version", low=1),
        bill_date=f.day("bill_date"),
        period_start=f.day("period_start"),
        period_end=f.day("period_end"),
        due_date=f.day("due_date"),
        cheque_due_date=f.day("cheque_due_date"),
        disconnection_date=f.opt_day("disconnection_date"),
        units=f.integer("units", low=0),
        status=f.choice("status", BillStatus),
        lines=tuple(_line_from_wire(v, p) for p, v in f.items("lines", max_items=100)),
        registers=tuple(_register_from_wire(v, p) for p, v in f.items("registers", max_items=100)),
        rounding_carried=f.opt_money("rounding_carried"),
        early_payment_rebate=f.opt_money("early_payment_rebate"),
        rebate_by=f.opt_day("rebate_by"),
        **amounts,
    )
    f.done()
    if bill.period_end < bill.period_start:
        raise ProtocolError(f.at("period_end"), "is before period_start")
    return bill


def consumption_to_wire(points: tuple[ConsumptionPoint, ...]) -> Wire:
    """An account's consumption history (the chart's series) as one record."""
    account_no = points[0].account_no if points else ""
    return {
        "account_no": account_no,
        "points": [
            {"period_end": p.period_end.isoformat(), "units": p.units, "kind": p.kind.value}
            for p in points
        ],
    }


def consumption_from_wire(value: object, path: str = "") -> tuple[ConsumptionPoint, ...]:
    """An account's consumption points from their wire form."""
    f = Fields(value, path)
    account_no = f.text("account_no", max_len=_CODE, min_len=1)
    points: list[ConsumptionPoint] = []
    for point_path, item in f.items("points", max_items=1200):
        p = Fields(item, point_path)
        points.append(
            ConsumptionPoint(
                account_no=account_no,
                period_end=p.day("period_end"),
                units=p.integer("units", low=0),
                kind=p.choice("kind", ReadingKind),
            )
        )
        p.done()
    f.done()
    return tuple(points)


def posting_to_wire(posting: PaymentPosting) -> Wire:
    return {
        "payment_id": posting.payment_id,
        "account_no": posting.account_no,
        "paid_at": posting.paid_at.isoformat(),
        "amount": money_wire(posting.amount),
        "channel": posting.channel,
        "place": posting.place,
        "receipt_no": posting.receipt_no,
    }


def posting_from_wire(value: object, path: str = "") -> PaymentPosting:
    """A :class:`PaymentPosting` from its wire form."""
    f = Fields(value, path)
    posting = PaymentPosting(
        payment_id=f.text("payment_id", max_len=36, min_len=1),
        account_no=f.text("account_no", max_len=_CODE, min_len=1),
        paid_at=f.moment("paid_at"),
        amount=f.money("amount"),
        channel=f.text("channel", max_len=_CODE, min_len=1),
        place=f.text("place", max_len=_NAME),
        receipt_no=f.opt_text("receipt_no", max_len=_CODE),
    )
    f.done()
    return posting


def operator_to_wire(operator: Operator) -> Wire:
    return {
        "login": operator.login,
        "full_name": operator.full_name,
        "role": operator.role.value,
        "password_hash": operator.password_hash,
        "office_code": operator.office_code,
        "active": operator.active,
    }


def operator_from_wire(value: object, path: str = "") -> Operator:
    """An :class:`Operator` (with its argon2id hash, for offline log-in) from its wire form."""
    f = Fields(value, path)
    operator = Operator(
        login=f.text("login", max_len=64, min_len=1),
        full_name=f.text("full_name", max_len=_NAME),
        role=f.choice("role", OperatorRole),
        password_hash=f.text("password_hash", max_len=512, min_len=1),
        office_code=f.text("office_code", max_len=_CODE, min_len=1),
        active=f.boolean("active"),
    )
    f.done()
    return operator


def policy_to_wire(policy: OfflinePolicy) -> Wire:
    return {
        "branch_code": policy.branch_code,
        "max_hours_since_sync": policy.max_hours_since_sync,
        "max_total_offline": money_wire(policy.max_total_offline),
        "max_per_payment": money_wire(policy.max_per_payment),
    }


def policy_from_wire(value: object, path: str = "") -> OfflinePolicy:
    """An :class:`OfflinePolicy` from its wire form."""
    f = Fields(value, path)
    policy = OfflinePolicy(
        branch_code=f.text("branch_code", max_len=_CODE, min_len=1),
        max_hours_since_sync=f.integer("max_hours_since_sync", low=0, high=24 * 365),
        max_total_offline=f.money("max_total_offline"),
        max_per_payment=f.money("max_per_payment"),
    )
    f.done()
    if policy.max_total_offline.is_negative or policy.max_per_payment.is_negative:
        raise ProtocolError(path, "offline limits cannot be negative")
    return policy
