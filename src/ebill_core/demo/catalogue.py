"""The demo utility's reference data: offices, categories, tariffs and operators."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources

from ebill_core.records import ConsumerCategory, ExactnessPolicy, Office, OperatorRole
from ebill_core.tariff import Tariff, TariffVersions, tariff_from_mapping


@dataclass(frozen=True, slots=True)
class DemoOperator:
    """A demo login; the plaintext password is hashed by whoever loads the demo data."""

    login: str
    full_name: str
    role: OperatorRole
    office_code: str
    password: str


OPERATORS: tuple[DemoOperator, ...] = (
    DemoOperator("cashier", "Meena Iyer", OperatorRole.CASHIER, "SD-014", "cashier-demo"),
    DemoOperator("cashier2", "Farhan Qureshi", OperatorRole.CASHIER, "SD-011", "cashier2-demo"),
    DemoOperator(
        "supervisor", "Rajendra Kulkarni", OperatorRole.SUPERVISOR, "SD-014", "supervisor-demo"
    ),
    DemoOperator("admin", "Anita D'Souza", OperatorRole.ADMINISTRATOR, "SD-014", "admin-demo-pw"),
    DemoOperator("kiosk1", "Lobby kiosk 1", OperatorRole.KIOSK, "SD-014", "kiosk1-demo-pw"),
)


@dataclass(frozen=True, slots=True)
class CategoryProfile:
    """How accounts of a category look: load, consumption, registers and meter."""

    category: ConsumerCategory
    letter: str  # in legacy numbers: "SD14/D/004512"
    loads_w: tuple[int, ...]
    load_factor_pct: tuple[int, int]  # average load as a percentage of the sanctioned load
    registers: tuple[str, ...]
    multiplying_factors: tuple[int, ...]
    digits: int


PROFILES: tuple[CategoryProfile, ...] = (
    CategoryProfile(
        ConsumerCategory("LT-1A", "Domestic", "LT-1A", ExactnessPolicy.ANY),
        "D",
        (1000, 1000, 2000, 2000, 2000, 3000, 3000, 4000, 5000, 7000, 10000),
        (4, 30),
        ("kWh",),
        (1,),
        5,
    ),
    CategoryProfile(
        ConsumerCategory("LT-2", "Commercial", "LT-2", ExactnessPolicy.AT_LEAST),
        "C",
        (2000, 3000, 5000, 5000, 8000, 10000, 15000, 20000),
        (5, 35),
        ("kWh",),
        (1,),
        6,
    ),
    CategoryProfile(
        ConsumerCategory("LT-5", "Agricultural", "LT-5", ExactnessPolicy.ANY),
        "A",
        (3730, 5595, 7460, 11190),  # 5, 7.5, 10 and 15 HP pump sets
        (8, 30),
        ("kWh",),
        (1,),
        5,
    ),
    CategoryProfile(
        ConsumerCategory("LT-3", "Industrial (LT)", "LT-3", ExactnessPolicy.EXACT),
        "I",
        (15000, 20000, 30000, 45000, 60000, 75000),
        (15, 55),
        ("kWh",),
        (1, 1, 10, 20),
        6,
    ),
    CategoryProfile(
        ConsumerCategory("HT-1", "Industrial (HT, 11 kV)", "HT-1", ExactnessPolicy.EXACT),
        "H",
        (150_000, 250_000, 400_000, 600_000, 1_000_000),  # contract demand, VA
        (30, 75),
        ("kWh", "kVAh", "kVA-MD"),
        (10, 20, 50),
        6,
    ),
)


def _template(code: str) -> dict[str, object]:
    text = resources.files("ebill_core.demo.tariffs").joinpath(f"{code}.json").read_text("utf-8")
    value = json.loads(text, parse_float=Decimal)
    if not isinstance(value, dict):
        raise ValueError(f"demo tariff {code} is not a JSON object")
    return value


def _scaled(text: object, factor: Decimal) -> str:
    return str((Decimal(str(text)) * factor).quantize(Decimal("0.01"), ROUND_HALF_UP))


def tariff_versions(code: str, today: date) -> TariffVersions:
    """Three versions of a demo tariff: last year's order, this year's, and a fuel revision.

    Tariff orders take effect on 1 April; the fuel (power purchase) adjustment is revised on the
    first of last month, so that a recent bill period straddles a version change.
    """
    base = _template(code)
    year_start = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    current = dict(base, version=2, effective_from=year_start.isoformat())
    previous = json.loads(json.dumps(base, default=str))
    previous.update(version=1, effective_from=date(year_start.year - 1, 4, 1).isoformat())
    for slab in previous["energy"]["slabs"]:
        slab["rate"] = _scaled(slab["rate"], Decimal("0.94"))
    versions: list[Tariff] = [tariff_from_mapping(previous), tariff_from_mapping(current)]
    revision = (date(today.year, today.month, 1) - timedelta(days=1)).replace(day=1)
    if revision > year_start and "fuel_adjustment" in base:
        revised = dict(current, version=3, effective_from=revision.isoformat())
        revised["fuel_adjustment"] = str(Decimal(str(base["fuel_adjustment"])) + Decimal("0.10"))
        versions.append(tariff_from_mapping(revised))
    return TariffVersions(versions)


def offices() -> tuple[Office, ...]:
    """The demo utility's offices."""
    from ebill_core.demo.names import OFFICE_AREAS

    return tuple(Office(area.code, area.name) for area in OFFICE_AREAS)
