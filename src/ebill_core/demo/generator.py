"""A deterministic demo utility: reference data at once, account bundles on demand.

Bundle ``i`` is made from a random generator seeded by ``(seed, i)`` alone, so it is the same
whatever range it is asked for in: loads can be resumed and split across processes. Bills are
made by the real tariff engine (:func:`ebill_core.billing.calculate_bill`) from readings turned
into units by :mod:`ebill_core.consumption`. See ``docs/demo-data.md``.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from ebill_core.billing import BillCalculation, calculate_bill
from ebill_core.consumption import meter_change_units, register_units, sane_units_bound
from ebill_core.demo.catalogue import (
    OPERATORS,
    PROFILES,
    CategoryProfile,
    DemoOperator,
    offices,
    tariff_versions,
)
from ebill_core.demo.names import (
    ACCENTED_NAMES,
    FIRM_KINDS,
    FIRM_WORDS,
    FIRST_NAMES,
    NATIVE_NAMES,
    OFFICE_AREAS,
    STREETS,
    SURNAMES,
    TITLES,
    OfficeArea,
)
from ebill_core.money import Money
from ebill_core.records import (
    Account,
    AccountBundle,
    Bill,
    BillRegister,
    Consumer,
    ConsumerCategory,
    ConsumptionPoint,
    Meter,
    MeterReading,
    Office,
    PaymentPosting,
    ReadingKind,
    TariffDocument,
)
from ebill_core.tariff import TariffVersions, tariff_to_document

MAX_ACCOUNTS = 20_000_000  # meter numbers (7 digits x 5 makes) and bill serials stay unique
_MAKES = ("GEN", "LNT", "SEC", "HPL", "ALM")  # meter makes: the letters of a meter number
_SECOND_ACCOUNT = 7  # account i with i % 20 == 7 belongs to the consumer of account i - 1
# Monthly consumption relative to the year's average (January first): summer fans and pumps.
_SEASON = (85, 85, 100, 120, 130, 120, 100, 95, 95, 100, 90, 85)
_CHANNELS = ("counter",) * 6 + ("online",) * 3 + ("kiosk",)
_ONLINE = ("BBPS", "UPI", "Net banking", "Utility website")
_DAY, _TWO_DAYS, _THREE_DAYS = timedelta(days=1), timedelta(days=2), timedelta(days=3)


@dataclass(frozen=True, slots=True)
class DemoParams:
    """What demo utility to make: how many accounts, from which seed, as of which day."""

    customers: int = 1000  # accounts (bundles); about 5% of consumers hold two of them
    seed: int = 42
    today: date = field(default_factory=lambda: date(2026, 11, 15))
    months: int = 13  # monthly readings per meter; bills and history come from them
    bills_per_account: int = 3  # the latest periods billed by the tariff engine

    def __post_init__(self) -> None:
        if not 0 <= self.customers <= MAX_ACCOUNTS:
            raise ValueError(f"customers must be 0 to {MAX_ACCOUNTS:,}, not {self.customers}")
        if not 2 <= self.months <= 120:
            raise ValueError(f"months must be 2 to 120, not {self.months}")
        if not 1 <= self.bills_per_account < self.months:
            raise ValueError(
                f"bills_per_account must be 1 to {self.months - 1} (months - 1), "
                f"not {self.bills_per_account}"
            )
        if self.customers * self.bills_per_account >= 10**9:
            raise ValueError("customers x bills_per_account must stay below 1,000,000,000")
        if not 0 <= self.seed < 2**64:
            raise ValueError(f"seed must be 0 to 2**64 - 1, not {self.seed}")


class DemoUtility:
    """The demo utility: reference data as attributes, accounts through :meth:`bundles`."""

    def __init__(self, params: DemoParams) -> None:
        self.params = params
        self.as_of: datetime = datetime.combine(params.today, time(6, 0))
        self.offices: tuple[Office, ...] = offices()
        self.categories: tuple[ConsumerCategory, ...] = tuple(p.category for p in PROFILES)
        self.operators: tuple[DemoOperator, ...] = OPERATORS
        self._versions: dict[str, TariffVersions] = {
            p.category.tariff_code: tariff_versions(p.category.tariff_code, params.today)
            for p in PROFILES
        }
        self.tariffs: tuple[TariffDocument, ...] = tuple(
            tariff_to_document(t) for v in self._versions.values() for t in v.versions
        )
        self._profiles = {p.category.code: p for p in PROFILES}
        self._areas = {a.code: a for a in OFFICE_AREAS}
        self._reading_dates = {day: self._dates_for(day) for day in range(3, 27)}

    def _dates_for(self, day: int) -> tuple[date, ...]:
        # Meters on route ``day`` are read on that day of each month; the last reading is at
        # least three days old so that its bill (two days later) is dated before today.
        latest = self.params.today - timedelta(days=3)
        year, month = latest.year, latest.month
        if day > latest.day:
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        dates: list[date] = []
        for _ in range(self.params.months):
            dates.append(date(year, month, day))
            year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        return tuple(reversed(dates))

    def tariff_versions(self, tariff_code: str) -> TariffVersions:
        """The versions of a demo tariff, as the bills were calculated with them."""
        return self._versions[tariff_code]

    def bundles(self, start: int = 0, stop: int | None = None) -> Iterator[AccountBundle]:
        """Bundles ``start`` up to ``stop`` (default: all); bundle i is the same in any range."""
        end = self.params.customers if stop is None else stop
        if not 0 <= start <= end <= self.params.customers:
            raise ValueError(f"bundle range {start}..{stop} is outside 0..{self.params.customers}")
        for index in range(start, end):
            yield self.bundle(index)

    def bundle(self, index: int) -> AccountBundle:
        """The account bundle number ``index`` (0-based)."""
        if not 0 <= index < self.params.customers:
            raise IndexError(f"bundle {index} is outside 0..{self.params.customers - 1}")
        return _AccountMaker(self, index).make()

    def _random(self, index: int, stream: int) -> random.Random:
        return random.Random((self.params.seed << 42) ^ (stream << 40) ^ index)


def generate_utility(params: DemoParams) -> DemoUtility:
    """The demo utility for ``params``; cheap, since bundles are made only when iterated."""
    return DemoUtility(params)


def _consumer_kind_is_firm(rng: random.Random) -> bool:
    return rng.random() < 0.12


def _person_name(rng: random.Random) -> str:
    pick = rng.random()
    if pick < 0.06:
        return rng.choice(NATIVE_NAMES)
    if pick < 0.11:
        return rng.choice(ACCENTED_NAMES)
    first = rng.choice(FIRST_NAMES)
    if pick < 0.25:
        first += f" {rng.choice(FIRST_NAMES)[0]}."
    return f"{rng.choice(TITLES)}{first} {rng.choice(SURNAMES)}"


def _firm_name(rng: random.Random) -> str:
    name = f"{rng.choice(FIRM_WORDS)} {rng.choice(FIRM_KINDS)}"
    return f"M/s {name}" if rng.random() < 0.3 else name


def _email(name: str, consumer_id: int, rng: random.Random) -> str | None:
    if rng.random() >= 0.35:
        return None
    slug = "".join(ch for ch in name.lower() if "a" <= ch <= "z")[:16] or "consumer"
    return f"{slug}{consumer_id % 1000}@example.in"


class _AccountMaker:
    """Makes one bundle; an object only to keep the steps short and their state in one place."""

    def __init__(self, utility: DemoUtility, index: int) -> None:
        self.u = utility
        self.i = index
        self.p = utility.params
        self.rng = utility._random(index, 0)

    def make(self) -> AccountBundle:
        consumer, firm = self._consumer()
        profile = self._profile(firm)
        area = self._area(profile)
        account = self._account(consumer, profile, area)
        dates = self.u._reading_dates[3 + self.i % 24]
        history = _History.draw(self.rng, account, profile, dates, self.i)
        bills, postings = self._bills(account, history)
        return AccountBundle(
            consumer=consumer,
            account=account,
            meters=history.meters,
            readings=history.readings,
            bills=bills,
            consumption=history.consumption(account.account_no),
            postings=postings,
        )

    def _owner(self) -> int:
        return self.i - 1 if self.i % 20 == _SECOND_ACCOUNT else self.i

    def _consumer(self) -> tuple[Consumer, bool]:
        owner = self._owner()
        rng = self.u._random(owner, 1)  # the consumer depends on its first account's index only
        firm = _consumer_kind_is_firm(rng)
        name = _firm_name(rng) if firm else _person_name(rng)
        mobile = f"{rng.randint(6, 9)}{rng.randrange(10**9):09d}" if rng.random() < 0.85 else None
        consumer_id = owner + 1
        return Consumer(consumer_id, name, mobile, _email(name, consumer_id, rng)), firm

    def _profile(self, firm: bool) -> CategoryProfile:
        pick = self.rng.random()
        if self.i % 20 == _SECOND_ACCOUNT:
            code = ("LT-2" if pick < 0.6 else "LT-1A") if not firm else "LT-3"
        elif firm:
            code = "LT-2" if pick < 0.7 else "LT-3" if pick < 0.93 else "HT-1"
        else:
            code = "LT-1A" if pick < 0.88 else "LT-5" if pick < 0.97 else "LT-2"
        return self.u._profiles[code]

    def _area(self, profile: CategoryProfile) -> OfficeArea:
        code = profile.category.code
        if code in ("LT-3", "HT-1"):
            return self.u._areas["SD-031"]
        if code == "LT-5":
            return self.u._areas["SD-022"]
        return self.u._areas[("SD-011", "SD-014", "SD-014", "SD-022")[self.rng.randrange(4)]]

    def _account(self, consumer: Consumer, profile: CategoryProfile, area: OfficeArea) -> Account:
        rng = self.rng
        serial = self.i + 1
        load = rng.choice(profile.loads_w)
        code = profile.category.code
        if code == "HT-1":
            supply, volts = "HT", 11_000
        elif code == "LT-3" or load >= 7000:
            supply, volts = "3-phase", 415
        else:
            supply, volts = "1-phase", 230
        house = rng.randint(1, 999)
        door = f"{house}" if rng.random() < 0.7 else f"{house}/{rng.choice('ABCD')}"
        address = (
            f"{door}, {rng.choice(STREETS)}, {rng.choice(area.localities)}, "
            f"{area.town} - {area.pin_base + rng.randrange(0, 9)}"
        )
        legacy = f"SD{area.number}/{profile.letter}/{serial:06d}" if rng.random() < 0.7 else None
        connected = self.p.today.toordinal() - rng.randrange(2 * 365, 40 * 365)
        return Account(
            account_no=f"{area.number:03d}{serial:09d}",
            legacy_no=legacy,
            consumer_id=consumer.consumer_id,
            address=address,
            category_code=code,
            tariff_code=profile.category.tariff_code,
            supply_type=supply,
            voltage_v=volts,
            sanctioned_load_w=load,
            office_code=area.code,
            pole=f"DT-{area.number}{rng.randrange(1, 400):03d}/P{rng.randrange(1, 60)}"
            if rng.random() < 0.9
            else None,
            connected_on=date.fromordinal(connected),
        )

    def _bills(
        self, account: Account, history: _History
    ) -> tuple[tuple[Bill, ...], tuple[PaymentPosting, ...]]:
        return _Billing(self, account, history).run()


@dataclass(slots=True)
class _History:
    """The meters, readings and per-period units of one account."""

    meters: tuple[Meter, ...]
    readings: tuple[MeterReading, ...]
    dates: tuple[date, ...]
    # per register: the reading (or, across a meter change, the readings) at each date
    at: dict[str, list[MeterReading]]
    change: tuple[int, MeterReading, MeterReading] | None  # (period, old final, new initial)
    units: list[int]  # units of the billed energy register per period
    kinds: list[ReadingKind]

    @staticmethod
    def draw(
        rng: random.Random,
        account: Account,
        profile: CategoryProfile,
        dates: tuple[date, ...],
        index: int,
    ) -> _History:
        digits = profile.digits
        top = 10**digits
        mf = rng.choice(profile.multiplying_factors)
        periods = len(dates) - 1
        low, high = profile.load_factor_pct
        factor = rng.randint(low, high)
        advances: list[int] = []  # raw register advance (kWh) per period
        draw = rng.random  # one call per number: randint costs twenty times more
        for k in range(periods):
            days = (dates[k + 1] - dates[k]).days
            units = account.sanctioned_load_w * 24 * days * factor * _SEASON[dates[k].month - 1]
            units = units // 10_000_000 * (80 + int(draw() * 41)) // 100
            advances.append(units // mf)
        first = rng.randrange(top // 2)
        simple = profile.registers == ("kWh",)  # rollovers and changes on one-register meters
        if simple and rng.random() < 0.03:  # an old meter about to roll over
            first = top - 1 - sum(advances[: max(1, periods // 2)]) % top
        changed = simple and periods > 1 and rng.random() < 0.03
        change_period = rng.randrange(1, periods) if changed else None
        kinds = [ReadingKind.ACTUAL] * (periods + 1)
        for k in range(1, periods + 1):
            if k - 1 != change_period and k != change_period and draw() < 0.04:
                kinds[k] = ReadingKind.ESTIMATED if draw() < 0.6 else ReadingKind.DOOR_LOCKED
        serial = 2 * index
        old = _meter(serial, account, profile, mf, None, None)
        meters = [old]
        if change_period is not None:
            on = dates[change_period] + timedelta(days=11)
            new = _meter(serial + 1, account, profile, mf, on, None)
            old = Meter(old.meter_no, old.account_no, mf, digits, old.registers, None, on)
            meters = [old, new]
        return _History._readings(
            rng, tuple(meters), dates, advances, first, change_period, kinds, account
        )

    @staticmethod
    def _readings(
        rng: random.Random,
        meters: tuple[Meter, ...],
        dates: tuple[date, ...],
        advances: list[int],
        first: int,
        change_period: int | None,
        kinds: list[ReadingKind],
        account: Account,
    ) -> _History:
        old = meters[0]
        top = 10**old.digits
        mf = old.multiplying_factor
        kwh_values = [first]  # unwrapped: each register wraps its own values at ``top``
        units: list[int] = []
        change_split = 0
        for k, advance in enumerate(advances):
            if kinds[k + 1] is not ReadingKind.ACTUAL:
                advance = advance * rng.randint(50, 100) // 100  # estimated low, caught up later
            elif k > 0 and kinds[k] is not ReadingKind.ACTUAL:
                advance += advances[k - 1] - units[k - 1] // mf
            if k == change_period:
                change_split = advance // 3
                kwh_values.append(advance - change_split)  # on the new meter, from 0
            elif change_period is not None and k > change_period:
                kwh_values.append(kwh_values[-1] + advance)  # new meters never near the top
            else:
                kwh_values.append(kwh_values[-1] + advance)
            units.append(advance * mf)
        at: dict[str, list[MeterReading]] = {}
        readings: list[MeterReading] = []
        change: tuple[int, MeterReading, MeterReading] | None = None
        for register in old.registers:
            values = _register_values(register, kwh_values, rng, mf, top, account)
            series: list[MeterReading] = []
            for k, day in enumerate(dates):
                on_new = change_period is not None and k > change_period
                meter_no = meters[1].meter_no if on_new else old.meter_no
                series.append(MeterReading(meter_no, register, day, values[k], kinds[k]))
            at[register] = series
            readings += series
            if change_period is not None and register == "kWh":
                new = meters[1]
                on = new.installed_on or dates[change_period]
                final_value = (kwh_values[change_period] + change_split) % top
                final = MeterReading(old.meter_no, register, on, final_value)
                initial = MeterReading(new.meter_no, register, on, 0)
                readings += (final, initial)
                change = (change_period, final, initial)
        return _History(meters, tuple(readings), dates, at, change, units, kinds)

    def consumption(self, account_no: str) -> tuple[ConsumptionPoint, ...]:
        """The last twelve periods, for the chart."""
        first = max(0, len(self.units) - 12)
        return tuple(
            ConsumptionPoint(account_no, self.dates[k + 1], self.units[k], self.kinds[k + 1])
            for k in range(first, len(self.units))
        )

    def registers(self, period: int, load_w: int) -> tuple[BillRegister, ...]:
        """The bill registers of ``period`` (reading ``period`` to ``period + 1``)."""
        days = (self.dates[period + 1] - self.dates[period]).days
        bound = sane_units_bound(load_w, days)
        out: list[BillRegister] = []
        for register, series in self.at.items():
            previous, present = series[period], series[period + 1]
            if self.change is not None and self.change[0] == period:
                _, final, initial = self.change
                old, new = self.meters
                out += meter_change_units(
                    register, (old, previous, final), (new, initial, present), max_units=bound
                )
                continue
            meter = (
                self.meters[1] if present.meter_no != self.meters[0].meter_no else self.meters[0]
            )
            out.append(register_units(meter, register, previous, present, max_units=bound))
        return tuple(out)


def _register_values(
    register: str, kwh: list[int], rng: random.Random, mf: int, top: int, account: Account
) -> list[int]:
    if register == "kWh":
        return [value % top for value in kwh]
    if register == "kVAh":
        pf = rng.randint(90, 99)  # power factor, per cent: kVAh = kWh / pf
        return [value * 100 // pf % top for value in kwh]
    # maximum demand in kVA, 55-100% of the contract demand; the meter shows it over the factor
    kva = account.sanctioned_load_w // 1000
    return [max(1, kva * rng.randint(55, 100) // 100 // mf) for _ in kwh]


def _meter(
    serial: int,
    account: Account,
    profile: CategoryProfile,
    mf: int,
    installed: date | None,
    removed: date | None,
) -> Meter:
    # serial -> (make, 7 digits) is one-to-one below 5 x 10**7 serials (see docs/demo-data.md).
    make = _MAKES[(serial // 10**7 + serial) % len(_MAKES)]
    return Meter(
        meter_no=f"{make}{serial % 10**7:07d}",
        account_no=account.account_no,
        multiplying_factor=mf,
        digits=profile.digits,
        registers=profile.registers,
        installed_on=installed,
        removed_on=removed,
    )


class _Billing:
    """The latest periods' bills of one account, with how the consumer paid them."""

    def __init__(self, maker: _AccountMaker, account: Account, history: _History) -> None:
        self.maker = maker
        self.account = account
        self.history = history
        self.versions = maker.u.tariff_versions(account.tariff_code)
        self.today = maker.p.today
        self.rng = maker.rng
        pick = self.rng.random()
        # good payers, defaulters (bills left open), advance payers, part payers, late payers
        self.habit = (
            "good"
            if pick < 0.78
            else "default"
            if pick < 0.88
            else "advance"
            if pick < 0.92
            else "part"
            if pick < 0.96
            else "late"
        )

    def run(self) -> tuple[tuple[Bill, ...], tuple[PaymentPosting, ...]]:
        count = self.maker.p.bills_per_account
        periods = len(self.history.units)
        zero = Money(0, "INR")
        arrears = Money(self.rng.randrange(20_000, 300_000)) if self.habit == "default" else zero
        surcharge = Money(arrears.minor * 2 // 100)
        credit = brought = zero
        bills: list[Bill] = []
        postings: list[PaymentPosting] = []
        for j, period in enumerate(range(periods - count, periods)):
            start, end = self.history.dates[period], self.history.dates[period + 1]
            calc = calculate_bill(
                self.versions,
                self.account,
                self.history.registers(period, self.account.sanctioned_load_w),
                period_start=start,
                period_end=end,
                bill_date=end + _TWO_DAYS,
                arrears=arrears,
                surcharge=surcharge,
                credit=credit,
                rounding_brought_forward=brought,
            )
            billed = calc.bill_date  # yyMM by hand: strftime costs more than the whole number
            serial = self.maker.i * count + j + 1
            bill_no = f"{billed.year % 100:02d}{billed.month:02d}{serial:09d}"
            paid, posting, extra = self._payment(calc, last=j == count - 1)
            bills.append(calc.bill(bill_no, self.account.account_no, amount_paid=paid))
            if posting is not None:
                postings.append(posting)
            late = paid < calc.net_payable or (
                posting is not None and posting.paid_at.date() > calc.due_date
            )
            surcharge = calc.payable_after_due - calc.net_payable if late else zero
            arrears = zero  # an unpaid bill stays open: not repeated as arrears (counted once)
            credit = calc.credit_remaining + extra
            brought = calc.rounding_carried or zero
        return tuple(bills), tuple(postings)

    def _payment(
        self, calc: BillCalculation, *, last: bool
    ) -> tuple[Money, PaymentPosting | None, Money]:
        zero = Money(0, calc.net_payable.currency)
        due = calc.net_payable
        if due.minor <= 0 or self.habit == "default":
            return zero, None, zero
        first_day = calc.bill_date + _DAY
        last_day = min(calc.due_date, self.today - _DAY)
        if self.habit == "late":
            last_day = self.today - _DAY
            first_day = max(first_day, min(calc.due_date + _THREE_DAYS, last_day))
        if last_day < first_day or (last and self.rng.random() < 0.5):
            return zero, None, zero
        extra = zero
        amount = due
        if self.habit == "part" and last:
            amount = Money(due.minor // 2)
        elif self.habit == "advance" and not last:
            extra = Money((due.minor // 50_000 + 1) * 50_000 - due.minor)  # up to the next Rs 500
            amount = due + extra
        when = first_day + timedelta(days=self.rng.randrange((last_day - first_day).days + 1))
        paid = Money(min(amount.minor, due.minor), due.currency)  # the extra becomes credit
        return paid, self._posting(amount, when), extra

    def _posting(self, amount: Money, day: date) -> PaymentPosting:
        rng = self.rng
        channel = rng.choice(_CHANNELS)
        if channel == "counter":
            place = f"{self.account.office_code}/C{rng.randint(1, 4)}"
        elif channel == "kiosk":
            place = f"{self.account.office_code}/K1"
        else:
            place = rng.choice(_ONLINE)
        moment = datetime.combine(
            day, time(rng.randint(9, 19), rng.randrange(60), rng.randrange(60))
        )
        return PaymentPosting(
            payment_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            account_no=self.account.account_no,
            paid_at=moment,
            amount=amount,
            channel=channel,
            place=place,
        )
