"""A bill from a tariff and the units consumed: lines, totals and dates.

:func:`period_charges` prices one period's consumption (memoised by its inputs, because a billing
run or the demo generator meets the same units, load and tariff over and over);
:func:`calculate_bill` adds what the account brings (arrears, surcharge, credit, a rounding
remainder), the dates, and yields a :class:`~ebill_core.records.Bill`.

Each segment of a period (see :meth:`TariffVersions.segments`) is priced like a small bill of its
own: its share of the units (by days), its slab limits and monthly amounts scaled by its share of
the days. A period within one version is one segment priced as a whole month.

Amounts are worked out on integers (:func:`~ebill_core.rounding.half_up` over the rates'
:func:`~ebill_core.rounding.decimal_parts`): the same half-up rules as
:func:`~ebill_core.rounding.line_amount` and :func:`~ebill_core.rounding.percentage_of`, exactly,
at a fraction of the cost of Decimal arithmetic. The lines still show Decimal quantities and rates.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ebill_core.consumption import is_demand_register
from ebill_core.money import Money, currency_exponent
from ebill_core.records import Account, Bill, BillLine, BillRegister, BillStatus
from ebill_core.rounding import decimal_parts, half_up, major_amount, rounding_adjustment
from ebill_core.tariff import (
    FixedBasis,
    PeriodSegment,
    SlabMethod,
    SubsidyKind,
    SurchargeBasis,
    Tariff,
    TariffVersions,
    split_units,
)

_HUNDRED = Decimal(100)
_QUANTITY_EXPONENT = -4  # a prorated quantity (0.4516 of a month) keeps four decimals


@dataclass(frozen=True, slots=True)
class Charges:
    """The priced lines of one period, before anything the account brings forward."""

    lines: tuple[BillLine, ...]
    total: Money
    rebate: Money  # early-payment rebate the lines earn (zero when the tariff has none)
    tariff: Tariff  # the version in force at the end of the period: it sets rounding and dates
    rounding_step: int  # minor units; 0 when the tariff does not round the bill
    surcharge_minimum: int  # minor units


@dataclass(frozen=True, slots=True)
class _Share:
    """A segment's share of the period: ``days`` of ``of_days`` (1 of 1 for a whole period)."""

    days: int
    of_days: int
    label: str  # "" for a whole period, else " (01 Sep to 30 Sep, v3)"

    def scale(self, limit: int) -> int:
        return (limit * self.days * 2 + self.of_days) // (2 * self.of_days)

    def times(self, quantity: int) -> tuple[int, int]:
        """``quantity`` x days / of_days, half-up to four decimals, as (coefficient, exponent)."""
        if self.days == self.of_days:
            return quantity, 0
        exact = quantity * self.days * 10**-_QUANTITY_EXPONENT
        return (exact * 2 + self.of_days) // (2 * self.of_days), _QUANTITY_EXPONENT


_WHOLE = _Share(1, 1, "")  # a period within one version: priced as a whole month, whatever its days

# Rates live as long as their tariff: keyed by identity (hashing a Decimal costs more than the
# arithmetic saved), with the rate kept in the entry so that its id cannot be reused meanwhile.
_RATE_PARTS: dict[int, tuple[Decimal, int, int]] = {}


def _rate_parts(rate: Decimal) -> tuple[int, int]:
    entry = _RATE_PARTS.get(id(rate))
    if entry is None or entry[0] is not rate:
        if len(_RATE_PARTS) >= 4096:
            _RATE_PARTS.clear()
        entry = _RATE_PARTS[id(rate)] = (rate, *decimal_parts(rate))
    return entry[1], entry[2]


def _amount(coefficient: int, exponent: int, rate: Decimal, cur: str) -> int:
    """``line_amount`` on integers: quantity ``coefficient x 10**exponent`` times ``rate``."""
    rate_coefficient, rate_exponent = _rate_parts(rate)
    scale = exponent + rate_exponent + currency_exponent(cur)
    return half_up(coefficient * rate_coefficient, scale)


def _shown(coefficient: int, exponent: int) -> Decimal:
    # scaleb keeps the coefficient: (4516, -4) shows as 0.4516 and (150000, -4) as 15.0000.
    return Decimal(coefficient) if exponent == 0 else Decimal(coefficient).scaleb(exponent)


def _line(
    code: str, description: str, quantity: tuple[int, int] | int, rate: Decimal, cur: str
) -> BillLine:
    # ``quantity``: whole units, or a prorated (coefficient, exponent) from :meth:`_Share.times`.
    coefficient, exponent = (quantity, 0) if isinstance(quantity, int) else quantity
    amount = _amount(coefficient, exponent, rate, cur)
    return BillLine(code, description, _shown(coefficient, exponent), rate, Money(amount, cur))


def _percentage(minor: int, percent: Decimal) -> int:
    """``percentage_of`` on integers: ``percent`` per cent of ``minor``, half-up."""
    coefficient, exponent = _rate_parts(percent)
    return half_up(minor * coefficient, exponent - 2)


def _sum(lines: Sequence[BillLine], codes: Sequence[str], currency: str) -> Money:
    return Money(sum(line.amount.minor for line in lines if line.code in codes), currency)


def _kw(load_w: int) -> int:
    return max(1, -(-load_w // 1000))  # "per kW or part thereof"


def _energy(tariff: Tariff, units: int, share: _Share) -> list[BillLine]:
    cur = tariff.currency
    slabs = tariff.energy.slabs
    if tariff.energy.method is SlabMethod.NON_TELESCOPIC:
        for slab in slabs:
            if slab.upto is None or units <= share.scale(slab.upto):
                limit = "above" if slab.upto is None else f"up to {share.scale(slab.upto)}"
                text = f"Energy, all {units} units (slab {limit}){share.label}"
                if slab.upto is None and len(slabs) > 1:
                    text = f"Energy, all {units} units (above {share.scale(slabs[-2].upto or 0)})"
                    text += share.label
                return [_line("energy", text, units, slab.rate, cur)]
    lines: list[BillLine] = []
    lower = 0
    for slab in slabs:
        upper = None if slab.upto is None else share.scale(slab.upto)
        top = units if upper is None else min(units, upper)
        if top > lower:
            span = f"{lower + 1}-{upper}" if upper is not None else f"above {lower}"
            text = f"Energy {span} units{share.label}"
            lines.append(_line("energy", text, top - lower, slab.rate, cur))
        if upper is None or units <= upper:
            break
        lower = max(lower, upper)
    return lines


def _fixed(tariff: Tariff, units: int, load_w: int, demand: int, share: _Share) -> list[BillLine]:
    fixed = tariff.fixed
    if fixed is None:
        return []
    cur = tariff.currency
    text = fixed.description + share.label
    if fixed.basis is FixedBasis.FLAT:
        return [_line("fixed", text, share.times(1), fixed.rate, cur)]
    if fixed.basis is FixedBasis.PER_KW:
        return [
            _line("fixed", f"{text}, {_kw(load_w)} kW", share.times(_kw(load_w)), fixed.rate, cur)
        ]
    if fixed.basis is FixedBasis.DEMAND:
        floor_pct = fixed.minimum_demand_percent or Decimal(0)
        floor = int(
            (Decimal(load_w) / 1000 * floor_pct / _HUNDRED).to_integral_value(ROUND_HALF_UP)
        )
        billed = max(demand, floor)
        return [_line("fixed", f"{text}, {billed} kVA", share.times(billed), fixed.rate, cur)]
    for slab in fixed.slabs:
        if slab.upto is None or units <= share.scale(slab.upto):
            return [_line("fixed", text, share.times(1), slab.rate, cur)]
    return []


def _time_of_use(
    tariff: Tariff, units: int, segment: PeriodSegment, share: _Share
) -> list[BillLine]:
    tou = tariff.time_of_use
    if tou is None or units == 0:
        return []
    lines: list[BillLine] = []
    for key, slot_units in split_units(tou, segment.start, segment.end, units).items():
        slot = tou.slot(key)
        if slot_units and slot.adjustment:
            text = f"Time of day: {slot.name}{share.label}"
            lines.append(_line("time_of_use", text, slot_units, slot.adjustment, tariff.currency))
    return lines


def _subsidy(tariff: Tariff, units: int, lines: list[BillLine], share: _Share) -> list[BillLine]:
    subsidy = tariff.subsidy
    if subsidy is None:
        return []
    cur = tariff.currency
    if subsidy.kind is SubsidyKind.PER_UNIT:
        limit = units if subsidy.max_units is None else min(units, share.scale(subsidy.max_units))
        quantity = (limit, 0)
    else:
        quantity = share.times(1)
    # Half-up is symmetric about zero: the credit is minus the charge at the subsidy's rate.
    credit = Money(-_amount(*quantity, subsidy.rate, cur), cur)
    text = subsidy.description + share.label
    line = BillLine("subsidy", text, _shown(*quantity), -subsidy.rate, credit)
    # A subsidy pays towards energy; it never turns the energy charge into a credit.
    energy = _sum(lines, ("energy", "time_of_use"), cur)
    if -line.amount.minor > energy.minor:
        line = BillLine("subsidy", line.description, None, None, Money(-max(energy.minor, 0), cur))
    return [line] if line.amount else []


def _minimum(tariff: Tariff, load_w: int, lines: list[BillLine], share: _Share) -> list[BillLine]:
    rule = tariff.minimum_charge
    if rule is None:
        return []
    quantity = share.times(1) if rule.basis is FixedBasis.FLAT else share.times(_kw(load_w))
    minimum = _amount(*quantity, rule.rate, tariff.currency)
    charged = _sum(lines, rule.of, tariff.currency).minor
    if charged >= minimum:
        return []
    top_up = Money(minimum - charged, tariff.currency)
    return [BillLine("minimum_charge", "Minimum charge top-up" + share.label, None, None, top_up)]


_UnitLines = tuple[tuple[BillLine, ...], tuple[BillLine, ...]]
_UNIT_LINES: dict[tuple[object, ...], tuple[Tariff, _UnitLines]] = {}
_UNIT_LINES_LIMIT = 32_768  # about 2 kB an entry


def _unit_lines(segment: PeriodSegment, share: _Share, units: int) -> _UnitLines:
    """The energy, time-of-use and fuel lines, and the subsidy, of ``units`` in a segment.

    They depend on the tariff, the share and the units only, not on the account, so they are
    memoised apart from the whole charges: these keys recur far more often across accounts.
    The tariff is keyed by identity (hashing a frozen tariff walks all of it) and kept in the
    entry, so its id cannot be reused while the entry exists.
    """
    tariff = segment.tariff
    calendar = (segment.start, segment.end) if tariff.time_of_use is not None else None
    key = (id(tariff), share.days, share.of_days, calendar, units)
    found = _UNIT_LINES.get(key)
    if found is not None and found[0] is tariff:
        return found[1]
    metered = _energy(tariff, units, share)
    metered += _time_of_use(tariff, units, segment, share)
    if tariff.fuel_adjustment and units:
        text = "Fuel and power purchase cost adjustment" + share.label
        metered.append(
            _line("fuel_adjustment", text, units, tariff.fuel_adjustment, tariff.currency)
        )
    # The subsidy looks at energy and time of use only, never at the account's fixed lines.
    lines = (tuple(metered), tuple(_subsidy(tariff, units, metered, share)))
    if len(_UNIT_LINES) >= _UNIT_LINES_LIMIT:
        _UNIT_LINES.clear()
    _UNIT_LINES[key] = (tariff, lines)
    return lines


def _segment_lines(
    segment: PeriodSegment, share: _Share, units: int, load_w: int, supply: str, demand: int
) -> list[BillLine]:
    tariff = segment.tariff
    cur = tariff.currency
    metered, subsidy = _unit_lines(segment, share, units)
    lines = _fixed(tariff, units, load_w, demand, share)
    lines += metered
    lines += _minimum(tariff, load_w, lines, share)
    lines += subsidy
    rent = tariff.meter_rent_for(supply)
    if rent:
        lines.append(_line("meter_rent", "Meter rent" + share.label, share.times(1), rent, cur))
    exponent = -currency_exponent(cur)
    for duty in tariff.duties:
        base = _sum(lines, duty.of, cur).minor
        text = f"{duty.description} {duty.percent}%{share.label}"
        amount = Money(_percentage(base, duty.percent), cur)
        shown = Decimal(base).scaleb(exponent)  # the base in rupees, as Money.to_decimal()
        lines.append(BillLine(duty.code, text, shown, duty.percent / _HUNDRED, amount))
    return lines


def _label(segment: PeriodSegment, of_days: int, whole: bool) -> str:
    # Days, not dates, so that prorated charges are memoised across reading days.
    if whole:
        return ""
    return f" ({segment.days} of {of_days} days, tariff v{segment.tariff.version})"


def _unit_shares(units: int, segments: Sequence[PeriodSegment]) -> list[int]:
    # Cumulative half-up rounding: the shares are whole units that add up to exactly ``units``.
    days = sum(s.days for s in segments)
    shares: list[int] = []
    done_days = done_units = 0
    for segment in segments:
        done_days += segment.days
        upto = (units * done_days * 2 + days) // (2 * days)
        shares.append(upto - done_units)
        done_units = upto
    return shares


def period_charges(
    versions: TariffVersions,
    start: date,
    end: date,
    units: int,
    *,
    sanctioned_load_w: int,
    supply_type: str,
    demand: int = 0,
) -> Charges:
    """The charges for ``units`` consumed between the readings of ``start`` and ``end``.

    ``demand`` is the recorded maximum demand (kVA) for tariffs with a demand charge. Results
    are memoised by what they depend on: the versions and their days (not the dates, unless
    time of use makes the calendar matter), units, load, supply type and demand. Repeated
    calls cost a dictionary look-up.
    """
    if units < 0:
        raise ValueError(f"units cannot be negative ({units})")
    if demand < 0:
        raise ValueError(f"demand cannot be negative ({demand})")
    segments = versions.segments(start, end)
    calendar: object
    if any(s.tariff.time_of_use is not None for s in segments):
        calendar = (start, end)
    elif len(segments) == 1:
        calendar = segments[0].tariff.version  # a whole period: the days do not matter
    else:
        calendar = tuple((s.tariff.version, s.days) for s in segments)
    key = (versions, calendar, units, sanctioned_load_w, supply_type, demand)
    charges = _MEMO.get(key)
    if charges is None:
        if len(_MEMO) >= _MEMO_LIMIT:
            _MEMO.clear()  # bounded memory; a billing run refills what it uses
        charges = _charges(segments, units, sanctioned_load_w, supply_type, demand)
        _MEMO[key] = charges
    return charges


_MEMO: dict[tuple[object, ...], Charges] = {}
_MEMO_LIMIT = 16_384  # about 5 kB an entry: tens of MB at most


def _charges(
    segments: Sequence[PeriodSegment], units: int, load_w: int, supply: str, demand: int
) -> Charges:
    whole = len(segments) == 1
    of_days = sum(s.days for s in segments)
    lines: list[BillLine] = []
    for segment, share_units in zip(segments, _unit_shares(units, segments), strict=True):
        share = _WHOLE if whole else _Share(segment.days, of_days, _label(segment, of_days, False))
        lines += _segment_lines(segment, share, share_units, load_w, supply, demand)
    last = segments[-1].tariff
    rebate = Money.zero(last.currency)
    if last.early_payment_rebate is not None:
        base = _sum(lines, last.early_payment_rebate.of, last.currency)
        earned = _percentage(base.minor, last.early_payment_rebate.percent)
        rebate = max(Money(earned, last.currency), rebate)
    amount = Money(sum(line.amount.minor for line in lines), last.currency)
    step = major_amount(last.rounding.multiple, last.currency).minor if last.rounding else 0
    lps = last.late_payment_surcharge
    minimum = major_amount(lps.minimum, last.currency).minor if lps is not None else 0
    return Charges(tuple(lines), amount, rebate, last, step, minimum)


@dataclass(frozen=True, slots=True)
class BillCalculation:
    """Everything :func:`calculate_bill` works out; :meth:`bill` turns it into a record."""

    period_start: date
    period_end: date
    bill_date: date
    due_date: date
    cheque_due_date: date
    disconnection_date: date | None
    units: int
    lines: tuple[BillLine, ...]
    current_charges: Money
    arrears: Money  # brought forward, less any advance credit adjusted against the bill
    surcharge: Money
    credit_adjusted: Money
    credit_remaining: Money  # advance left on the account after this bill
    net_payable: Money
    payable_after_due: Money
    rounding_carried: Money | None
    early_payment_rebate: Money | None
    rebate_by: date | None
    registers: tuple[BillRegister, ...]

    def bill(
        self,
        bill_no: str,
        account_no: str,
        *,
        version: int = 1,
        amount_paid: Money | None = None,
        status: BillStatus | None = None,
    ) -> Bill:
        """The bill record; ``status`` defaults to what ``amount_paid`` makes it."""
        paid = amount_paid if amount_paid is not None else Money.zero(self.net_payable.currency)
        if status is None:
            if paid >= self.net_payable:
                status = BillStatus.PAID
            else:
                status = BillStatus.PART_PAID if paid.minor > 0 else BillStatus.OPEN
        return Bill(
            bill_no=bill_no,
            account_no=account_no,
            version=version,
            bill_date=self.bill_date,
            period_start=self.period_start,
            period_end=self.period_end,
            due_date=self.due_date,
            cheque_due_date=self.cheque_due_date,
            disconnection_date=self.disconnection_date,
            units=self.units,
            current_charges=self.current_charges,
            arrears=self.arrears,
            surcharge=self.surcharge,
            net_payable=self.net_payable,
            payable_after_due=self.payable_after_due,
            amount_paid=paid,
            status=status,
            lines=self.lines,
            registers=self.registers,
            rounding_carried=self.rounding_carried,
            early_payment_rebate=self.early_payment_rebate,
            rebate_by=self.rebate_by,
        )


def register_totals(registers: Sequence[BillRegister]) -> dict[str, int]:
    """Units per register name: counts add up across a meter change, demands take the highest."""
    totals: dict[str, int] = {}
    for reg in registers:
        if is_demand_register(reg.register):
            totals[reg.register] = max(totals.get(reg.register, 0), reg.units)
        else:
            totals[reg.register] = totals.get(reg.register, 0) + reg.units
    return totals


def _check_amounts(currency: str, **amounts: Money) -> None:
    for name, amount in amounts.items():
        if amount.currency != currency:
            raise ValueError(f"{name} is in {amount.currency}, the tariff bills in {currency}")
        if amount.minor < 0 and name != "rounding_brought_forward":
            raise ValueError(f"{name} cannot be negative ({amount})")


def _rounded(charges: Charges, brought: Money) -> tuple[tuple[BillLine, ...], Money | None]:
    lines = charges.lines
    if brought.minor:
        text = "Rounding from last bill"
        lines += (BillLine("rounding_brought_forward", text, None, None, brought),)
    rule = charges.tariff.rounding
    if rule is None:
        return lines, None
    adjustment = rounding_adjustment(
        charges.total.minor + brought.minor, charges.rounding_step, rule.mode
    )
    cur = brought.currency
    if adjustment:
        text = "Rounding (carried to next bill)"
        lines += (BillLine("rounding", text, None, None, Money(adjustment, cur)),)
    return lines, Money(-adjustment, cur)


def calculate_bill(
    versions: TariffVersions,
    account: Account,
    registers: Sequence[BillRegister],
    *,
    period_start: date,
    period_end: date,
    bill_date: date,
    arrears: Money | None = None,
    surcharge: Money | None = None,
    credit: Money | None = None,
    rounding_brought_forward: Money | None = None,
) -> BillCalculation:
    """Calculate the bill of ``account`` for the period between two reading dates.

    ``registers`` are the units per meter register (see :mod:`ebill_core.consumption`); the
    tariff names the register billed for energy and the one holding maximum demand. ``arrears``
    is unpaid from earlier bills, ``surcharge`` the late-payment surcharge levied on them now,
    ``credit`` advance held on the account (adjusted against this bill as far as it goes), and
    ``rounding_brought_forward`` the remainder the previous bill carried. Amounts must be in the
    tariff's currency and not negative.
    """
    if bill_date < period_end:
        raise ValueError(f"bill date {bill_date} is before the period ends ({period_end})")
    totals = register_totals(registers)
    tariff = versions.segments(period_start, period_end)[-1].tariff
    units = _units(tariff, totals, account.account_no)
    demand_register = tariff.fixed.demand_register if tariff.fixed is not None else None
    charges = period_charges(
        versions,
        period_start,
        period_end,
        units,
        sanctioned_load_w=account.sanctioned_load_w,
        supply_type=account.supply_type,
        demand=totals.get(demand_register, 0) if demand_register else 0,
    )
    cur = tariff.currency
    zero = Money(0, cur)
    arrears, surcharge = arrears or zero, surcharge or zero
    credit, brought = credit or zero, rounding_brought_forward or zero
    _check_amounts(
        cur, arrears=arrears, surcharge=surcharge, credit=credit, rounding_brought_forward=brought
    )
    lines, carried = _rounded(charges, brought)
    current = sum(line.amount.minor for line in lines)  # current charges ARE the lines' sum
    gross = current + arrears.minor + surcharge.minor
    adjusted = min(credit.minor, max(gross, 0))
    net = gross - adjusted
    dates = tariff.bill_dates
    due = bill_date + timedelta(days=dates.due_days)
    notice = dates.disconnection_days_after_due
    rebate = tariff.early_payment_rebate
    return BillCalculation(
        period_start=period_start,
        period_end=period_end,
        bill_date=bill_date,
        due_date=due,
        cheque_due_date=bill_date + timedelta(days=dates.cheque_due_days),
        disconnection_date=None if notice is None else due + timedelta(days=notice),
        units=units,
        lines=lines,
        current_charges=Money(current, cur),
        arrears=Money(arrears.minor - adjusted, cur),
        surcharge=surcharge,
        credit_adjusted=Money(adjusted, cur),
        credit_remaining=Money(credit.minor - adjusted, cur),
        net_payable=Money(net, cur),
        payable_after_due=Money(net + _late_surcharge(charges, current, net), cur),
        rounding_carried=carried,
        early_payment_rebate=charges.rebate if rebate is not None else None,
        rebate_by=bill_date + timedelta(days=rebate.within_days) if rebate is not None else None,
        registers=tuple(registers),
    )


def _units(tariff: Tariff, totals: Mapping[str, int], account_no: str) -> int:
    register = tariff.energy.register
    if register not in totals:
        raise ValueError(f"account {account_no}: no {register} register reading to bill")
    return totals[register]


def _late_surcharge(charges: Charges, current: int, net: int) -> int:
    rule = charges.tariff.late_payment_surcharge
    if rule is None or net <= 0:
        return 0
    basis = current if rule.basis is SurchargeBasis.CURRENT_CHARGES else net
    return max(_percentage(basis, rule.percent), charges.surcharge_minimum, 0)
