"""Reading a tariff from its JSON shape (``docs/tariffs.md``), validated, and writing it back.

Every error names the field it is about, as a path (``energy.slabs[2].rate``), so whoever edits a
tariff file can find the mistake. Unknown keys are refused: a misspelt ``"fule_adjustment"`` would
otherwise be silently ignored and the bill would be wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from ebill_core.money import CURRENCY_EXPONENTS
from ebill_core.records import TariffDocument
from ebill_core.rounding import TotalRounding
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

_E = TypeVar("_E")
_T = TypeVar("_T")


class TariffError(ValueError):
    """A tariff document is not a valid tariff; the message names the offending field."""


class _Object:
    """A JSON object being read, which remembers its path and refuses keys nobody asked about."""

    def __init__(self, value: object, path: str) -> None:
        if not isinstance(value, dict):
            raise TariffError(f"{path or 'tariff'}: must be an object, got {_kind(value)}")
        self.values: dict[str, Any] = value
        self.path = path

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.values

    def raw(self, key: str) -> object:
        if key not in self.values:
            raise TariffError(f"{self.where(key)}: missing")
        return self.values[key]

    def text(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise TariffError(f"{self.where(key)}: must be non-empty text, got {_kind(value)}")
        return value

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self.raw(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise TariffError(f"{self.where(key)}: must be a whole number, got {_kind(value)}")
        if value < minimum:
            raise TariffError(f"{self.where(key)}: must be at least {minimum}, got {value}")
        return value

    def decimal(self, key: str, *, negative: bool = False) -> Decimal:
        return _decimal(self.raw(key), self.where(key), negative=negative)

    def day(self, key: str) -> date:
        value = self.text(key)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise TariffError(
                f"{self.where(key)}: must be a date YYYY-MM-DD, got {value!r}"
            ) from None

    def choice(self, key: str, enum: Callable[[str], _E], names: tuple[str, ...]) -> _E:
        value = self.text(key)
        if value not in names:
            raise TariffError(
                f"{self.where(key)}: must be one of {', '.join(names)}; got {value!r}"
            )
        return enum(value)

    def items(self, key: str) -> list[object]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise TariffError(f"{self.where(key)}: must be a list, got {_kind(value)}")
        return value

    def optional(self, key: str, read: Callable[[object, str], _T]) -> _T | None:
        if key not in self.values or self.values[key] is None:
            return None
        return read(self.values[key], self.where(key))

    def done(self, allowed: tuple[str, ...]) -> None:
        unknown = sorted(set(self.values) - set(allowed))
        if unknown:
            raise TariffError(
                f"{self.path or 'tariff'}: unknown key {unknown[0]!r} "
                f"(allowed: {', '.join(allowed)})"
            )


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"boolean {value}"
    if isinstance(value, str):
        return f"text {value[:30]!r}"
    if isinstance(value, (int, Decimal)):
        return f"number {value}"
    return type(value).__name__.replace("dict", "object")


def _decimal(value: object, path: str, *, negative: bool = False) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise TariffError(f"{path}: must be a decimal number or text, got {_kind(value)}")
    try:
        number = Decimal(value) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise TariffError(f"{path}: must be a decimal number, got {_kind(value)}") from None
    if not number.is_finite():
        raise TariffError(f"{path}: must be a finite number, got {value}")
    if number < 0 and not negative:
        raise TariffError(f"{path}: must not be negative, got {value}")
    return number


def _components(obj: _Object, key: str, known: tuple[str, ...]) -> tuple[str, ...]:
    names = obj.items(key)
    if not names:
        raise TariffError(f"{obj.where(key)}: must name at least one component")
    for i, name in enumerate(names):
        if name not in known:
            raise TariffError(
                f"{obj.where(key)}[{i}]: unknown component {name!r} (known: {', '.join(known)})"
            )
    return tuple(str(name) for name in names)


def _slabs(obj: _Object, key: str, *, rate_key: str = "rate") -> tuple[Slab, ...]:
    entries = obj.items(key)
    if not entries:
        raise TariffError(f"{obj.where(key)}: must have at least one slab")
    slabs: list[Slab] = []
    previous = 0
    for i, entry in enumerate(entries):
        slab = _Object(entry, f"{obj.where(key)}[{i}]")
        upto: int | None = None
        if slab.raw("upto") is not None:
            upto = slab.integer("upto", minimum=1)
            if upto <= previous:
                raise TariffError(
                    f"{slab.where('upto')}: slabs overlap or are out of order "
                    f"({upto} is not above the previous slab's {previous})"
                )
            previous = upto
        elif i != len(entries) - 1:
            raise TariffError(f"{slab.where('upto')}: only the last slab may be unlimited (null)")
        slabs.append(Slab(upto, slab.decimal(rate_key)))
        slab.done(("upto", rate_key))
    if slabs[-1].upto is not None:
        raise TariffError(f'{obj.where(key)}: the last slab must be unlimited ("upto": null)')
    return tuple(slabs)


def _energy(value: object, path: str) -> EnergyCharge:
    obj = _Object(value, path)
    charge = EnergyCharge(
        method=obj.choice("method", SlabMethod, tuple(SlabMethod)),
        register=obj.text("register"),
        slabs=_slabs(obj, "slabs"),
    )
    obj.done(("method", "register", "slabs"))
    return charge


def _fixed(value: object, path: str) -> FixedCharge:
    obj = _Object(value, path)
    basis = obj.choice("basis", FixedBasis, tuple(FixedBasis))
    description = obj.text("description")
    if basis is FixedBasis.UNITS_SLAB:
        obj.done(("basis", "description", "slabs"))
        return FixedCharge(basis, description, Decimal(0), _slabs(obj, "slabs", rate_key="amount"))
    rate = obj.decimal("rate")
    if basis is FixedBasis.DEMAND:
        obj.done(("basis", "description", "rate", "demand_register", "minimum_demand_percent"))
        floor = obj.decimal("minimum_demand_percent")
        if floor > 100:
            raise TariffError(f"{obj.where('minimum_demand_percent')}: must be at most 100")
        return FixedCharge(basis, description, rate, (), obj.text("demand_register"), floor)
    obj.done(("basis", "description", "rate"))
    return FixedCharge(basis, description, rate)


def _minimum(value: object, path: str) -> MinimumCharge:
    obj = _Object(value, path)
    basis = obj.choice("basis", FixedBasis, (FixedBasis.FLAT, FixedBasis.PER_KW))
    charge = MinimumCharge(basis, obj.decimal("rate"), _components(obj, "of", COMPONENTS[:3]))
    obj.done(("basis", "rate", "of"))
    return charge


def _time_of_use(value: object, path: str) -> TimeOfUse:
    obj = _Object(value, path)
    slots: list[TimeOfUseSlot] = []
    for i, entry in enumerate(obj.items("slots")):
        slot = _Object(entry, f"{obj.where('slots')}[{i}]")
        key = slot.text("key")
        if len(key) != 1 or any(s.key == key for s in slots):
            raise TariffError(f"{slot.where('key')}: must be one letter, unique; got {key!r}")
        slots.append(
            TimeOfUseSlot(key, slot.text("name"), slot.decimal("adjustment", negative=True))
        )
        slot.done(("key", "name", "adjustment"))
    if not slots:
        raise TariffError(f"{obj.where('slots')}: must have at least one slot")
    keys = {s.key for s in slots}
    schedules: list[tuple[str, ...]] = []
    for day_type in ("weekday", "weekend"):
        months = obj.items(day_type)
        if len(months) != 12:
            raise TariffError(f"{obj.where(day_type)}: must have 12 months, got {len(months)}")
        for m, hours in enumerate(months):
            where = f"{obj.where(day_type)}[{m}]"
            if not isinstance(hours, str) or len(hours) != 24:
                raise TariffError(
                    f"{where}: must be 24 slot keys (one per hour), got {_kind(hours)}"
                )
            stray = sorted(set(hours) - keys)
            if stray:
                raise TariffError(f"{where}: unknown slot key {stray[0]!r}")
        schedules.append(tuple(str(hours) for hours in months))
    obj.done(("slots", "weekday", "weekend"))
    return TimeOfUse(tuple(slots), schedules[0], schedules[1])


def _duties(value: object, path: str) -> tuple[Duty, ...]:
    if not isinstance(value, list):
        raise TariffError(f"{path}: must be a list, got {_kind(value)}")
    duties: list[Duty] = []
    for i, entry in enumerate(value):
        obj = _Object(entry, f"{path}[{i}]")
        code = obj.text("code")
        taken = (*COMPONENTS, *(d.code for d in duties))
        if code in taken:
            raise TariffError(f"{obj.where('code')}: {code!r} is already a component or duty code")
        # A duty may be levied on components and on the duties listed before it.
        of = _components(obj, "of", taken)
        duties.append(Duty(code, obj.text("description"), obj.decimal("percent"), of))
        obj.done(("code", "description", "percent", "of"))
    return tuple(duties)


def _meter_rent(value: object, path: str) -> tuple[tuple[str, Decimal], ...]:
    obj = _Object(value, path)
    return tuple((supply, obj.decimal(supply)) for supply in sorted(obj.values))


def _subsidy(value: object, path: str) -> Subsidy:
    obj = _Object(value, path)
    kind = obj.choice("kind", SubsidyKind, tuple(SubsidyKind))
    description = obj.text("description")
    if kind is SubsidyKind.PER_UNIT:
        obj.done(("kind", "description", "rate", "max_units"))
        max_units = (
            obj.integer("max_units", minimum=1) if obj.raw("max_units") is not None else None
        )
        return Subsidy(kind, description, obj.decimal("rate"), max_units)
    obj.done(("kind", "description", "amount"))
    return Subsidy(kind, description, obj.decimal("amount"))


def _rebate(value: object, path: str) -> EarlyPaymentRebate:
    obj = _Object(value, path)
    rebate = EarlyPaymentRebate(
        obj.decimal("percent"), _components(obj, "of", COMPONENTS), obj.integer("within_days", 1)
    )
    obj.done(("percent", "of", "within_days"))
    return rebate


def _surcharge(value: object, path: str) -> LatePaymentSurcharge:
    obj = _Object(value, path)
    surcharge = LatePaymentSurcharge(
        obj.decimal("percent"),
        obj.choice("basis", SurchargeBasis, tuple(SurchargeBasis)),
        obj.decimal("minimum") if obj.has("minimum") else Decimal(0),
    )
    obj.done(("percent", "basis", "minimum"))
    return surcharge


def _bill_dates(value: object, path: str) -> BillDates:
    obj = _Object(value, path)
    due = obj.integer("due_days", minimum=1)
    cheque = obj.integer("cheque_due_days", minimum=1)
    if cheque > due:
        raise TariffError(f"{obj.where('cheque_due_days')}: must not be after due_days ({due})")
    notice = obj.raw("disconnection_days_after_due")
    dates = BillDates(
        due, cheque, None if notice is None else obj.integer("disconnection_days_after_due", 1)
    )
    obj.done(("due_days", "cheque_due_days", "disconnection_days_after_due"))
    return dates


def _rounding(value: object, path: str) -> TotalRoundingRule:
    obj = _Object(value, path)
    multiple = obj.decimal("multiple")
    if multiple <= 0:
        raise TariffError(f"{obj.where('multiple')}: must be positive, got {multiple}")
    rule = TotalRoundingRule(multiple, obj.choice("mode", TotalRounding, tuple(TotalRounding)))
    obj.done(("multiple", "mode"))
    return rule


_KEYS = (
    "code",
    "version",
    "effective_from",
    "name",
    "currency",
    "bill_dates",
    "fixed_charge",
    "energy",
    "minimum_charge",
    "time_of_use",
    "fuel_adjustment",
    "duties",
    "meter_rent",
    "subsidy",
    "early_payment_rebate",
    "late_payment_surcharge",
    "rounding",
    "cheque_bounce_charge",
)


def tariff_from_mapping(value: Mapping[str, object] | object) -> Tariff:
    """Validate a decoded JSON object into a :class:`Tariff`; :class:`TariffError` if invalid."""
    obj = _Object(value, "")
    currency = obj.text("currency")
    if currency not in CURRENCY_EXPONENTS:
        raise TariffError(f"currency: unknown currency {currency!r}")
    tariff = Tariff(
        code=obj.text("code"),
        version=obj.integer("version", minimum=1),
        effective_from=obj.day("effective_from"),
        name=obj.text("name"),
        currency=currency,
        energy=_energy(obj.raw("energy"), "energy"),
        bill_dates=_bill_dates(obj.raw("bill_dates"), "bill_dates"),
        fixed=obj.optional("fixed_charge", _fixed),
        minimum_charge=obj.optional("minimum_charge", _minimum),
        time_of_use=obj.optional("time_of_use", _time_of_use),
        fuel_adjustment=obj.optional("fuel_adjustment", lambda v, p: _decimal(v, p, negative=True)),
        duties=obj.optional("duties", _duties) or (),
        meter_rent=obj.optional("meter_rent", _meter_rent) or (),
        subsidy=obj.optional("subsidy", _subsidy),
        early_payment_rebate=obj.optional("early_payment_rebate", _rebate),
        late_payment_surcharge=obj.optional("late_payment_surcharge", _surcharge),
        rounding=obj.optional("rounding", _rounding),
        cheque_bounce_charge=obj.optional("cheque_bounce_charge", _decimal),
    )
    obj.done(_KEYS)
    return tariff


def parse_tariff(text: str) -> Tariff:
    """Read a tariff from JSON text (numbers are read as exact decimals, never floats)."""
    try:
        value = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise TariffError(f"not valid JSON: {error}") from None
    return tariff_from_mapping(value)


def tariff_from_document(document: TariffDocument) -> Tariff:
    """The tariff a :class:`TariffDocument` carries; its code/version/date must match the body."""
    tariff = parse_tariff(document.body_json)
    if (tariff.code, tariff.version, tariff.effective_from) != (
        document.code,
        document.version,
        document.effective_from,
    ):
        raise TariffError(
            f"document {document.code} v{document.version} ({document.effective_from}) carries "
            f"a body for {tariff.code} v{tariff.version} ({tariff.effective_from})"
        )
    return tariff


def _slabs_json(slabs: tuple[Slab, ...], rate_key: str = "rate") -> list[dict[str, object]]:
    return [{"upto": s.upto, rate_key: str(s.rate)} for s in slabs]


def _fixed_json(fixed: FixedCharge) -> dict[str, object]:
    body: dict[str, object] = {"basis": fixed.basis.value, "description": fixed.description}
    if fixed.basis is FixedBasis.UNITS_SLAB:
        body["slabs"] = _slabs_json(fixed.slabs, "amount")
        return body
    body["rate"] = str(fixed.rate)
    if fixed.basis is FixedBasis.DEMAND:
        body["demand_register"] = fixed.demand_register
        body["minimum_demand_percent"] = str(fixed.minimum_demand_percent)
    return body


def tariff_to_mapping(tariff: Tariff) -> dict[str, object]:
    """The JSON object of ``tariff``: decimals as text, so nothing passes through a float."""
    body: dict[str, object] = {
        "code": tariff.code,
        "version": tariff.version,
        "effective_from": tariff.effective_from.isoformat(),
        "name": tariff.name,
        "currency": tariff.currency,
        "bill_dates": {
            "due_days": tariff.bill_dates.due_days,
            "cheque_due_days": tariff.bill_dates.cheque_due_days,
            "disconnection_days_after_due": tariff.bill_dates.disconnection_days_after_due,
        },
    }
    if tariff.fixed is not None:
        body["fixed_charge"] = _fixed_json(tariff.fixed)
    body["energy"] = {
        "method": tariff.energy.method.value,
        "register": tariff.energy.register,
        "slabs": _slabs_json(tariff.energy.slabs),
    }
    if tariff.minimum_charge is not None:
        m = tariff.minimum_charge
        body["minimum_charge"] = {"basis": m.basis.value, "rate": str(m.rate), "of": list(m.of)}
    if tariff.time_of_use is not None:
        tou = tariff.time_of_use
        body["time_of_use"] = {
            "slots": [
                {"key": s.key, "name": s.name, "adjustment": str(s.adjustment)} for s in tou.slots
            ],
            "weekday": list(tou.weekday),
            "weekend": list(tou.weekend),
        }
    if tariff.fuel_adjustment is not None:
        body["fuel_adjustment"] = str(tariff.fuel_adjustment)
    if tariff.duties:
        body["duties"] = [
            {
                "code": d.code,
                "description": d.description,
                "percent": str(d.percent),
                "of": list(d.of),
            }
            for d in tariff.duties
        ]
    if tariff.meter_rent:
        body["meter_rent"] = {supply: str(amount) for supply, amount in tariff.meter_rent}
    if tariff.subsidy is not None:
        s = tariff.subsidy
        if s.kind is SubsidyKind.PER_UNIT:
            body["subsidy"] = {
                "kind": s.kind.value,
                "description": s.description,
                "rate": str(s.rate),
                "max_units": s.max_units,
            }
        else:
            body["subsidy"] = {
                "kind": s.kind.value,
                "description": s.description,
                "amount": str(s.rate),
            }
    if tariff.early_payment_rebate is not None:
        r = tariff.early_payment_rebate
        body["early_payment_rebate"] = {
            "percent": str(r.percent),
            "of": list(r.of),
            "within_days": r.within_days,
        }
    if tariff.late_payment_surcharge is not None:
        lps = tariff.late_payment_surcharge
        body["late_payment_surcharge"] = {
            "percent": str(lps.percent),
            "basis": lps.basis.value,
            "minimum": str(lps.minimum),
        }
    if tariff.rounding is not None:
        body["rounding"] = {
            "multiple": str(tariff.rounding.multiple),
            "mode": tariff.rounding.mode.value,
        }
    if tariff.cheque_bounce_charge is not None:
        body["cheque_bounce_charge"] = str(tariff.cheque_bounce_charge)
    return body


def tariff_to_json(tariff: Tariff) -> str:
    """``tariff`` as indented JSON text in the documented shape."""
    return json.dumps(tariff_to_mapping(tariff), indent=2, ensure_ascii=False)


def tariff_to_document(tariff: Tariff) -> TariffDocument:
    """The :class:`TariffDocument` that stores ``tariff`` (its body parses back to ``tariff``)."""
    return TariffDocument(
        tariff.code, tariff.version, tariff.effective_from, tariff_to_json(tariff)
    )
