"""Tariffs as data: the model, its JSON shape, versions over time and time-of-use schedules.

See ``docs/tariffs.md`` for the JSON shape and a full example.
"""

from ebill_core.tariff.model import (
    COMPONENTS,
    BillDates,
    Duty,
    EarlyPaymentRebate,
    EnergyCharge,
    FixedBasis,
    FixedCharge,
    LatePaymentSurcharge,
    MinimumCharge,
    Slab,
    SlabMethod,
    Subsidy,
    SubsidyKind,
    SurchargeBasis,
    Tariff,
    TimeOfUse,
    TimeOfUseSlot,
    TotalRoundingRule,
)
from ebill_core.tariff.parse import (
    TariffError,
    parse_tariff,
    tariff_from_document,
    tariff_from_mapping,
    tariff_to_document,
    tariff_to_json,
    tariff_to_mapping,
)
from ebill_core.tariff.time_of_use import slot_hours, split_units
from ebill_core.tariff.versions import PeriodSegment, TariffVersions

__all__ = [
    "COMPONENTS",
    "BillDates",
    "Duty",
    "EarlyPaymentRebate",
    "EnergyCharge",
    "FixedBasis",
    "FixedCharge",
    "LatePaymentSurcharge",
    "MinimumCharge",
    "PeriodSegment",
    "Slab",
    "SlabMethod",
    "Subsidy",
    "SubsidyKind",
    "SurchargeBasis",
    "Tariff",
    "TariffError",
    "TariffVersions",
    "TimeOfUse",
    "TimeOfUseSlot",
    "TotalRoundingRule",
    "parse_tariff",
    "slot_hours",
    "split_units",
    "tariff_from_document",
    "tariff_from_mapping",
    "tariff_to_document",
    "tariff_to_json",
    "tariff_to_mapping",
]
