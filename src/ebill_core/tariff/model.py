"""A tariff version as frozen values: what :mod:`ebill_core.billing` charges from.

The JSON shape these are read from is documented in ``docs/tariffs.md``; :mod:`.parse` reads and
validates it. Rates are :class:`~decimal.Decimal` major units (rupees) per unit of quantity.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from ebill_core.rounding import TotalRounding

# The component codes a bill line can carry and a duty, minimum charge or rebate can name.
COMPONENTS: tuple[str, ...] = (
    "fixed",
    "energy",
    "time_of_use",
    "fuel_adjustment",
    "minimum_charge",
    "subsidy",
    "meter_rent",
)


class SlabMethod(StrEnum):
    """How consumption is priced across slabs."""

    TELESCOPIC = "telescopic"  # each slab's units at that slab's rate
    NON_TELESCOPIC = "non_telescopic"  # all units at the rate of the slab the total falls in


class FixedBasis(StrEnum):
    """What a fixed charge is proportional to."""

    FLAT = "flat"  # an amount per month
    PER_KW = "per_kw"  # per kW of sanctioned load, part of a kW counted as a whole one
    UNITS_SLAB = "units_slab"  # an amount per month chosen by the slab the consumption falls in
    DEMAND = "demand"  # per kVA of billing demand: recorded maximum demand, with a floor


class SubsidyKind(StrEnum):
    PER_UNIT = "per_unit"  # a rate off each unit, up to a number of units
    FIXED = "fixed"  # an amount off per month


class SurchargeBasis(StrEnum):
    CURRENT_CHARGES = "current_charges"
    NET_PAYABLE = "net_payable"


@dataclass(frozen=True, slots=True)
class Slab:
    """Units up to ``upto`` (inclusive, counted from zero) at ``rate``; ``None`` = no limit."""

    upto: int | None
    rate: Decimal


@dataclass(frozen=True, slots=True)
class EnergyCharge:
    method: SlabMethod
    register: str  # the meter register billed: "kWh", or "kVAh" for HT
    slabs: tuple[Slab, ...]


@dataclass(frozen=True, slots=True)
class FixedCharge:
    basis: FixedBasis
    description: str
    rate: Decimal  # amount per month (flat), per kW, or per kVA; unused for units_slab
    slabs: tuple[Slab, ...] = ()  # units_slab: slab.rate is the monthly amount
    demand_register: str | None = None  # demand: the register holding maximum demand
    minimum_demand_percent: Decimal | None = None  # demand: floor, % of contract demand


@dataclass(frozen=True, slots=True)
class MinimumCharge:
    """When the components in ``of`` add up to less than the minimum, a top-up line is added."""

    basis: FixedBasis  # flat or per_kw
    rate: Decimal
    of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimeOfUseSlot:
    key: str  # one letter, as used in the schedule strings
    name: str
    adjustment: Decimal  # added to the energy rate per unit consumed in the slot (may be < 0)


@dataclass(frozen=True, slots=True)
class TimeOfUse:
    """A month-by-hour schedule of slots, for weekdays and for weekends (Saturday, Sunday)."""

    slots: tuple[TimeOfUseSlot, ...]
    weekday: tuple[str, ...]  # 12 strings (January first) of 24 slot keys (hour 0 first)
    weekend: tuple[str, ...]

    def slot(self, key: str) -> TimeOfUseSlot:
        """The slot with ``key`` (the schedule has been validated to use only known keys)."""
        for slot in self.slots:
            if slot.key == key:
                return slot
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty or tax: ``percent`` of the sum of the named components."""

    code: str
    description: str
    percent: Decimal
    of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Subsidy:
    kind: SubsidyKind
    description: str
    rate: Decimal  # per unit (per_unit) or per month (fixed)
    max_units: int | None = None  # per_unit: units per month that earn it


@dataclass(frozen=True, slots=True)
class EarlyPaymentRebate:
    """Shown on the bill: ``percent`` of the named components off if paid within ``within_days``."""

    percent: Decimal
    of: tuple[str, ...]
    within_days: int


@dataclass(frozen=True, slots=True)
class LatePaymentSurcharge:
    """Added to the amount payable after the due date."""

    percent: Decimal
    basis: SurchargeBasis
    minimum: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class BillDates:
    """Days from the bill date to the due dates; disconnection notice days after the due date."""

    due_days: int
    cheque_due_days: int
    disconnection_days_after_due: int | None


@dataclass(frozen=True, slots=True)
class TotalRoundingRule:
    multiple: Decimal  # in major units: Decimal("10") rounds to 10 rupees
    mode: TotalRounding


@dataclass(frozen=True, slots=True)
class Tariff:
    """One version of a tariff, effective from ``effective_from`` until the next version."""

    code: str
    version: int
    effective_from: date
    name: str
    currency: str
    energy: EnergyCharge
    bill_dates: BillDates
    fixed: FixedCharge | None = None
    minimum_charge: MinimumCharge | None = None
    time_of_use: TimeOfUse | None = None
    fuel_adjustment: Decimal | None = None  # per unit billed
    duties: tuple[Duty, ...] = ()
    meter_rent: tuple[tuple[str, Decimal], ...] = ()  # (supply type, amount per month)
    subsidy: Subsidy | None = None
    early_payment_rebate: EarlyPaymentRebate | None = None
    late_payment_surcharge: LatePaymentSurcharge | None = None
    rounding: TotalRoundingRule | None = None
    # Charged to an account when one of its cheques is returned unpaid (major units).
    cheque_bounce_charge: Decimal | None = None

    def meter_rent_for(self, supply_type: str) -> Decimal | None:
        """Monthly meter rent for ``supply_type``, or ``None`` when the tariff charges none."""
        for supply, amount in self.meter_rent:
            if supply == supply_type:
                return amount
        return None
