"""The utility's records as plain, immutable values.

These are what the demo generator makes, what the terminal's cache stores and what the central
server will send down the change feed: one shape everywhere, so that nothing is translated twice.
Amounts are :class:`~ebill_core.money.Money`; quantities and rates that are not money are
:class:`~decimal.Decimal`; nothing is a float.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from ebill_core.money import Money


class ExactnessPolicy(StrEnum):
    """How much a consumer of a category may pay against what is due."""

    EXACT = "exact"  # exactly the amount due
    AT_LEAST = "at_least"  # the amount due or more (the rest becomes advance)
    AT_MOST = "at_most"  # part payments allowed, no advance
    ANY = "any"  # part payment or advance


class ReadingKind(StrEnum):
    ACTUAL = "actual"
    ESTIMATED = "estimated"
    DEFECTIVE = "defective"
    DOOR_LOCKED = "door_locked"


class BillStatus(StrEnum):
    OPEN = "open"
    PART_PAID = "part_paid"
    PAID = "paid"
    CANCELLED = "cancelled"


class AccountStatus(StrEnum):
    ACTIVE = "active"
    DISCONNECTED = "disconnected"
    CLOSED = "closed"


class OperatorRole(StrEnum):
    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    KIOSK = "kiosk"


@dataclass(frozen=True, slots=True)
class Office:
    """A division or sub-division office; branches and counters belong to one."""

    code: str  # e.g. "SD-014"
    name: str


@dataclass(frozen=True, slots=True)
class ConsumerCategory:
    code: str  # e.g. "LT-1A"
    name: str  # e.g. "Domestic"
    tariff_code: str
    exactness: ExactnessPolicy


@dataclass(frozen=True, slots=True)
class TariffDocument:
    """A tariff version as the data it is (see docs/tariffs.md for the JSON shape)."""

    code: str
    version: int
    effective_from: date
    body_json: str


@dataclass(frozen=True, slots=True)
class Consumer:
    """The person or firm that holds one or more accounts."""

    consumer_id: int
    name: str
    mobile: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class Account:
    """A service connection: what a bill is made for and what a cashier looks up."""

    account_no: str  # the consumer number printed on every bill
    legacy_no: str | None  # the number from the utility's previous system
    consumer_id: int
    address: str  # premises address
    category_code: str
    tariff_code: str
    supply_type: str  # "1-phase", "3-phase", "HT"
    voltage_v: int
    sanctioned_load_w: int
    office_code: str
    pole: str | None  # pole / distribution transformer reference
    connected_on: date
    status: AccountStatus = AccountStatus.ACTIVE
    # Why the counters refuse this account's cheques and demand drafts (a cheque of it bounced);
    # None while they are accepted. Head office sets it (docs/central.md, "Cheque bounces").
    # Left out of repr() so that the demo utility's pinned digests (of repr, in
    # tests/core/test_demo_generator_golden.py) stay those of the records it makes; == and
    # hash still compare them.
    cheque_barred: str | None = field(default=None, repr=False)
    cheque_barred_since: datetime | None = field(default=None, repr=False)  # zoned


@dataclass(frozen=True, slots=True)
class Meter:
    meter_no: str
    account_no: str
    multiplying_factor: int
    digits: int  # register digit count; a reading past 10**digits - 1 rolls over to 0
    registers: tuple[str, ...] = ("kWh",)
    installed_on: date | None = None
    removed_on: date | None = None


@dataclass(frozen=True, slots=True)
class MeterReading:
    meter_no: str
    register: str
    read_on: date
    value: int  # whole register units as displayed on the meter
    kind: ReadingKind = ReadingKind.ACTUAL


@dataclass(frozen=True, slots=True)
class BillLine:
    """One charge component of a bill: quantity x rate = amount (rounded half-up per line)."""

    code: str  # "fixed", "energy", "fuel_adjustment", "duty", "meter_rent", "subsidy", ...
    description: str  # what the consumer reads: "Energy 101-200 units"
    quantity: Decimal | None
    rate: Decimal | None  # major units per unit of quantity (5.75 rupees per kWh)
    amount: Money


@dataclass(frozen=True, slots=True)
class BillRegister:
    """The readings a bill was made from, per meter register."""

    meter_no: str
    register: str
    previous: int
    previous_on: date
    present: int
    present_on: date
    multiplying_factor: int
    units: int
    kind: ReadingKind


@dataclass(frozen=True, slots=True)
class Bill:
    bill_no: str
    account_no: str
    version: int  # changes whenever the bill is amended; sync conflicts are detected with it
    bill_date: date
    period_start: date
    period_end: date
    due_date: date  # cash
    cheque_due_date: date
    disconnection_date: date | None
    units: int
    current_charges: Money  # this period's charges, the sum of ``lines``
    arrears: Money  # unpaid amount brought forward
    surcharge: Money  # late-payment surcharge levied on this bill
    net_payable: Money  # payable by the due date
    payable_after_due: Money
    amount_paid: Money
    status: BillStatus
    lines: tuple[BillLine, ...] = ()
    registers: tuple[BillRegister, ...] = ()
    rounding_carried: Money | None = (
        None  # remainder carried to the next bill, if the tariff rounds
    )
    early_payment_rebate: Money | None = None  # off net_payable if paid by ``rebate_by`` (tariff)
    rebate_by: date | None = None

    @property
    def outstanding(self) -> Money:
        return self.net_payable - self.amount_paid


@dataclass(frozen=True, slots=True)
class ConsumptionPoint:
    """Units billed for one period: the series behind the consumption chart."""

    account_no: str
    period_end: date
    units: int
    kind: ReadingKind


@dataclass(frozen=True, slots=True)
class PaymentPosting:
    """A payment the central server has posted to an account (at any counter or online)."""

    payment_id: str  # UUID made at capture
    account_no: str
    paid_at: datetime
    amount: Money
    channel: str  # "counter", "kiosk", "online"
    place: str  # office/counter or the online channel's name
    receipt_no: str | None = None


@dataclass(frozen=True, slots=True)
class Operator:
    login: str
    full_name: str
    role: OperatorRole
    password_hash: str  # argon2id, see ebill_core.passwords
    office_code: str
    active: bool = True


@dataclass(frozen=True, slots=True)
class AccountBundle:
    """Everything about one account, as the demo generator (and later the feed) delivers it."""

    consumer: Consumer
    account: Account
    meters: tuple[Meter, ...]
    readings: tuple[MeterReading, ...]
    bills: tuple[Bill, ...]
    consumption: tuple[ConsumptionPoint, ...]
    postings: tuple[PaymentPosting, ...] = field(default_factory=tuple)
