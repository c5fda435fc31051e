"""Wire forms of the shared records (:mod:`ebill_core.records`) as they travel in the feed.

Each record type has ``<name>_to_wire(record) -> dict`` (ready for ``json.dumps``) and
``<name>_from_wire(value, path) -> record``, which checks every field strictly and raises
:class:`~ebill_core.protocol.errors.ProtocolError` naming the first bad one. Money is
``{"minor": int, "currency": str}``; dates are ISO text; rates and quantities are decimal text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from ebill_core.money import CURRENCY_EXPONENTS, Money
from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import (
    MAX_MINOR,
    Fields,
    datetime_value,
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
T = TypeVar("T")

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
        "cheque_barred": account.cheque_barred,
        "cheque_barred_since": _opt_moment_wire(account.cheque_barred_since),
    }


def _opt_moment_wire(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


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
        # Optional: a server from before cheque bars sends neither (the account takes cheques).
        cheque_barred=f.opt_text("cheque_barred", max_len=_NAME),
        cheque_barred_since=_opt_moment(f, "cheque_barred_since"),
    )
    f.done()
    if account.cheque_barred is None and account.cheque_barred_since is not None:
        raise ProtocolError(f.at("cheque_barred_since"), "is set but cheque_barred is not")
    return account


def _opt_moment(f: Fields, name: str) -> datetime | None:
    value = f.optional(name)
    return None if value is None else datetime_value(value, f.at(name))


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


# -- fast decoders for the bulk of the feed -------------------------------------------------------
#
# A first sync is millions of accounts, meters, bills, histories and postings; the readers above
# spend most of their time naming paths and tracking fields. The decoders below check the same
# rules with tight code, for the one shape the server sends (every field present, nothing else).
# Anything else -- a missing optional field, a wrong type, a value out of range -- makes them
# hand the value to the strict decoder above, which either accepts it (a shape the fast path
# does not cover) or raises the same ProtocolError, with its path, that it always raised. So the
# fast path can only be faster, never more lenient: tests/core/test_protocol_fast.py checks that
# both agree on valid records and on broken ones.


class _Slow(Exception):  # noqa: N818 (not an error: "take the strict path")
    """The fast path met something it does not check itself."""


# Decimal's InvalidOperation is an ArithmeticError, not a ValueError (found by the tests).
_FAST_ERRORS = (_Slow, KeyError, TypeError, ValueError, AttributeError, ArithmeticError)


def _txt(value: object, max_len: int, min_len: int = 0) -> str:
    if type(value) is not str or not min_len <= len(value) <= max_len or "\x00" in value:
        raise _Slow
    return value


def _opt_txt(value: object, max_len: int) -> str | None:
    return None if value is None else _txt(value, max_len)


def _int(value: object, low: int, high: int) -> int:
    if type(value) is not int or not low <= value <= high:
        raise _Slow
    return value


_I64 = 2**63 - 1


def _day(value: object) -> date:
    if type(value) is not str or len(value) != 10:
        raise _Slow
    return date.fromisoformat(value)  # ValueError: the strict reader words it


def _opt_day(value: object) -> date | None:
    return None if value is None else _day(value)


def _opt_moment_fast(value: object) -> datetime | None:
    if value is None:
        return None
    if type(value) is not str or len(value) > 40:
        raise _Slow
    moment = datetime.fromisoformat(value)  # ValueError: the strict reader words it
    if moment.tzinfo is None:
        raise _Slow
    return moment


_AMOUNTS: dict[tuple[int, str], Money] = {}  # Money is immutable; many amounts repeat


def _money(value: object) -> Money:
    if type(value) is not dict or value.keys() != _MONEY_KEYS:
        raise _Slow
    minor, currency = value["minor"], value["currency"]
    if type(minor) is not int or not -MAX_MINOR <= minor <= MAX_MINOR:
        raise _Slow
    if type(currency) is not str or currency not in CURRENCY_EXPONENTS:
        raise _Slow
    found = _AMOUNTS.get((minor, currency))
    if found is None:
        found = Money(minor, currency)
        if len(_AMOUNTS) < 50_000:
            _AMOUNTS[minor, currency] = found
    return found


def _opt_money(value: object) -> Money | None:
    return None if value is None else _money(value)


_DECIMALS: dict[str, Decimal] = {}  # rates and quantities repeat: parse each text once


def _opt_dec(value: object) -> Decimal | None:
    if value is None:
        return None
    if type(value) is not str:
        raise _Slow
    found = _DECIMALS.get(value)
    if found is None:
        if len(value) > 40 or "\x00" in value:
            raise _Slow
        found = Decimal(value)  # InvalidOperation: the strict reader words it
        if not found.is_finite():
            raise _Slow
        if len(_DECIMALS) < 20_000:
            _DECIMALS[value] = found
    return found


def _choice(value: object, members: dict[str, Any]) -> Any:
    if type(value) is not str:
        raise _Slow
    return members[value]


def _members(kind: type[StrEnum]) -> dict[str, Any]:
    return {member.value: member for member in kind}


def _shape(value: object, keys: frozenset[str]) -> dict[str, Any]:
    if type(value) is not dict or value.keys() != keys:
        raise _Slow
    return value


_MONEY_KEYS = frozenset(("minor", "currency"))
_ACCOUNT_KEYS = frozenset(
    [
        "account_no",
        "legacy_no",
        "consumer_id",
        "address",
        "category_code",
        "tariff_code",
        "supply_type",
        "voltage_v",
        "sanctioned_load_w",
        "office_code",
        "pole",
        "connected_on",
        "status",
        "cheque_barred",
        "cheque_barred_since",
    ]
)
_CONSUMER_KEYS = frozenset(("consumer_id", "name", "mobile", "email"))
_METER_KEYS = frozenset(
    [
        "meter_no",
        "account_no",
        "multiplying_factor",
        "digits",
        "registers",
        "installed_on",
        "removed_on",
    ]
)
_LINE_KEYS = frozenset(("code", "description", "quantity", "rate", "amount"))
_REGISTER_KEYS = frozenset(
    [
        "meter_no",
        "register",
        "previous",
        "previous_on",
        "present",
        "present_on",
        "multiplying_factor",
        "units",
        "kind",
    ]
)
_BILL_KEYS = frozenset(
    [
        "bill_no",
        "account_no",
        "version",
        "bill_date",
        "period_start",
        "period_end",
        "due_date",
        "cheque_due_date",
        "disconnection_date",
        "units",
        "status",
        "lines",
        "registers",
        "rounding_carried",
        "early_payment_rebate",
        "rebate_by",
        *_BILL_AMOUNTS,
    ]
)
_CONSUMPTION_KEYS = frozenset(("account_no", "points"))
_POINT_KEYS = frozenset(("period_end", "units", "kind"))
_POSTING_KEYS = frozenset(
    ("payment_id", "account_no", "paid_at", "amount", "channel", "place", "receipt_no")
)
_ACCOUNT_STATUS = _members(AccountStatus)
_BILL_STATUS = _members(BillStatus)
_READING_KIND = _members(ReadingKind)


def _fast_account(value: object) -> Account:
    d = _shape(value, _ACCOUNT_KEYS)
    return Account(
        account_no=_txt(d["account_no"], _CODE, 1),
        legacy_no=_opt_txt(d["legacy_no"], _CODE),
        consumer_id=_int(d["consumer_id"], 1, _I64),
        address=_txt(d["address"], _ADDRESS),
        category_code=_txt(d["category_code"], _CODE, 1),
        tariff_code=_txt(d["tariff_code"], _CODE, 1),
        supply_type=_txt(d["supply_type"], _CODE),
        voltage_v=_int(d["voltage_v"], 0, 1_000_000),
        sanctioned_load_w=_int(d["sanctioned_load_w"], 0, 10**9),
        office_code=_txt(d["office_code"], _CODE, 1),
        pole=_opt_txt(d["pole"], _CODE),
        connected_on=_day(d["connected_on"]),
        status=_choice(d["status"], _ACCOUNT_STATUS),
        cheque_barred=_opt_txt(d["cheque_barred"], _NAME),
        cheque_barred_since=_fast_bar_since(d),
    )


def _fast_bar_since(d: dict[str, Any]) -> datetime | None:
    since = _opt_moment_fast(d["cheque_barred_since"])
    if since is not None and d["cheque_barred"] is None:
        raise _Slow  # the strict reader refuses a bar's date without its reason
    return since


def _fast_consumer(value: object) -> Consumer:
    d = _shape(value, _CONSUMER_KEYS)
    return Consumer(
        consumer_id=_int(d["consumer_id"], 1, _I64),
        name=_txt(d["name"], _NAME, 1),
        mobile=_opt_txt(d["mobile"], 20),
        email=_opt_txt(d["email"], 254),
    )


def _fast_meter(value: object) -> Meter:
    d = _shape(value, _METER_KEYS)
    registers = d["registers"]
    if type(registers) is not list or not 1 <= len(registers) <= 16:
        raise _Slow
    return Meter(
        meter_no=_txt(d["meter_no"], _CODE, 1),
        account_no=_txt(d["account_no"], _CODE, 1),
        multiplying_factor=_int(d["multiplying_factor"], 1, 1_000_000),
        digits=_int(d["digits"], 1, 12),
        registers=tuple(_txt(item, _CODE, 1) for item in registers),
        installed_on=_opt_day(d["installed_on"]),
        removed_on=_opt_day(d["removed_on"]),
    )


def _fast_line(value: object) -> BillLine:
    d = _shape(value, _LINE_KEYS)
    return BillLine(
        _txt(d["code"], _CODE, 1),
        _txt(d["description"], _NAME),
        _opt_dec(d["quantity"]),
        _opt_dec(d["rate"]),
        _money(d["amount"]),
    )


def _fast_register(value: object) -> BillRegister:
    d = _shape(value, _REGISTER_KEYS)
    return BillRegister(
        meter_no=_txt(d["meter_no"], _CODE, 1),
        register=_txt(d["register"], _CODE, 1),
        previous=_int(d["previous"], 0, _I64),
        previous_on=_day(d["previous_on"]),
        present=_int(d["present"], 0, _I64),
        present_on=_day(d["present_on"]),
        multiplying_factor=_int(d["multiplying_factor"], 1, _I64),
        units=_int(d["units"], 0, _I64),
        kind=_choice(d["kind"], _READING_KIND),
    )


def _items(value: object, max_items: int) -> list[Any]:
    if type(value) is not list or len(value) > max_items:
        raise _Slow
    return value


def _fast_bill(value: object) -> Bill:
    d = _shape(value, _BILL_KEYS)
    amounts = {name: _money(d[name]) for name in _BILL_AMOUNTS}
    currency = amounts["current_charges"].currency
    if any(amount.currency != currency for amount in amounts.values()):
        raise _Slow
    bill = Bill(
        bill_no=_txt(d["bill_no"], _CODE, 1),
        account_no=_txt(d["account_no"], _CODE, 1),
        version=_int(d["version"], 1, _I64),
        bill_date=_day(d["bill_date"]),
        period_start=_day(d["period_start"]),
        period_end=_day(d["period_end"]),
        due_date=_day(d["due_date"]),
        cheque_due_date=_day(d["cheque_due_date"]),
        disconnection_date=_opt_day(d["disconnection_date"]),
        units=_int(d["units"], 0, _I64),
        status=_choice(d["status"], _BILL_STATUS),
        lines=tuple([_fast_line(v) for v in _items(d["lines"], 100)]),
        registers=tuple([_fast_register(v) for v in _items(d["registers"], 100)]),
        rounding_carried=_opt_money(d["rounding_carried"]),
        early_payment_rebate=_opt_money(d["early_payment_rebate"]),
        rebate_by=_opt_day(d["rebate_by"]),
        **amounts,
    )
    if bill.period_end < bill.period_start:
        raise _Slow
    return bill


def _fast_consumption(value: object) -> tuple[ConsumptionPoint, ...]:
    d = _shape(value, _CONSUMPTION_KEYS)
    account_no = _txt(d["account_no"], _CODE, 1)
    points = []
    for item in _items(d["points"], 1200):
        p = _shape(item, _POINT_KEYS)
        points.append(
            ConsumptionPoint(
                account_no,
                _day(p["period_end"]),
                _int(p["units"], 0, _I64),
                _choice(p["kind"], _READING_KIND),
            )
        )
    return tuple(points)


def _fast_posting(value: object) -> PaymentPosting:
    d = _shape(value, _POSTING_KEYS)
    paid_at = d["paid_at"]
    if type(paid_at) is not str or len(paid_at) > 40:
        raise _Slow
    moment = datetime.fromisoformat(paid_at)
    if moment.tzinfo is None:
        raise _Slow
    return PaymentPosting(
        payment_id=_txt(d["payment_id"], 36, 1),
        account_no=_txt(d["account_no"], _CODE, 1),
        paid_at=moment,
        amount=_money(d["amount"]),
        channel=_txt(d["channel"], _CODE, 1),
        place=_txt(d["place"], _NAME),
        receipt_no=_opt_txt(d["receipt_no"], _CODE),
    )


def _fast(
    fast: Callable[[object], T], strict: Callable[[object, str], T]
) -> Callable[[object, str], T]:
    """A decoder that tries ``fast`` and falls back to ``strict`` (for its verdict and error)."""

    def decode(value: object, path: str = "") -> T:
        try:
            return fast(value)
        except _FAST_ERRORS:
            return strict(value, path)

    decode.__name__ = strict.__name__.replace("_from_wire", "_from_wire_fast")
    decode.__doc__ = f"Same as :func:`{strict.__name__}`, checked by a tight path first."
    return decode


account_from_wire_fast = _fast(_fast_account, account_from_wire)
consumer_from_wire_fast = _fast(_fast_consumer, consumer_from_wire)
meter_from_wire_fast = _fast(_fast_meter, meter_from_wire)
bill_from_wire_fast = _fast(_fast_bill, bill_from_wire)
consumption_from_wire_fast = _fast(_fast_consumption, consumption_from_wire)
posting_from_wire_fast = _fast(_fast_posting, posting_from_wire)
