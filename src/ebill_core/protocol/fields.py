"""Strict readers for decoded JSON: each checks one field's type and says where it failed.

JSON gives ``bool`` where an ``int`` was meant, floats where money was meant and strings for
everything else; these readers refuse all of that by name instead of letting Python coerce it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

from ebill_core.money import CURRENCY_EXPONENTS, Money
from ebill_core.protocol.errors import ProtocolError

E = TypeVar("E", bound=StrEnum)

# Far above any real amount (10**15 paise is ten trillion rupees) and inside both SQL BIGINT and
# a JavaScript double, so a value that passes here is stored and shown without loss.
MAX_MINOR = 10**15


class Fields:
    """The fields of one JSON object, read strictly; unknown keys are an error at :meth:`done`."""

    def __init__(self, value: object, path: str = "") -> None:
        if not isinstance(value, Mapping):
            raise ProtocolError(path, f"expected an object, got {_kind(value)}")
        for key in value:
            if not isinstance(key, str):
                raise ProtocolError(path, "object keys must be strings")
        self._value: Mapping[str, object] = value
        self._path = path
        self._seen: set[str] = set()

    def at(self, name: str) -> str:
        """The path of field ``name`` (for nested readers and errors)."""
        return f"{self._path}.{name}" if self._path else name

    def raw(self, name: str) -> object:
        """The value of a required field, unchecked."""
        self._seen.add(name)
        if name not in self._value:
            raise ProtocolError(self.at(name), "is required")
        return self._value[name]

    def optional(self, name: str) -> object:
        """The value of an optional field (None when absent or null), unchecked."""
        self._seen.add(name)
        return self._value.get(name)

    def text(self, name: str, *, max_len: int = 10_000, min_len: int = 0) -> str:
        return text_value(self.raw(name), self.at(name), max_len=max_len, min_len=min_len)

    def opt_text(self, name: str, *, max_len: int = 10_000) -> str | None:
        value = self.optional(name)
        return None if value is None else text_value(value, self.at(name), max_len=max_len)

    def integer(self, name: str, *, low: int = -(2**63), high: int = 2**63 - 1) -> int:
        return int_value(self.raw(name), self.at(name), low=low, high=high)

    def opt_integer(self, name: str, *, low: int = -(2**63), high: int = 2**63 - 1) -> int | None:
        value = self.optional(name)
        return None if value is None else int_value(value, self.at(name), low=low, high=high)

    def boolean(self, name: str) -> bool:
        value = self.raw(name)
        if not isinstance(value, bool):
            raise ProtocolError(self.at(name), f"expected true or false, got {_kind(value)}")
        return value

    def money(self, name: str) -> Money:
        return money_value(self.raw(name), self.at(name))

    def opt_money(self, name: str) -> Money | None:
        value = self.optional(name)
        return None if value is None else money_value(value, self.at(name))

    def day(self, name: str) -> date:
        return date_value(self.raw(name), self.at(name))

    def opt_day(self, name: str) -> date | None:
        value = self.optional(name)
        return None if value is None else date_value(value, self.at(name))

    def moment(self, name: str) -> datetime:
        return datetime_value(self.raw(name), self.at(name))

    def decimal(self, name: str) -> Decimal:
        return decimal_value(self.raw(name), self.at(name))

    def opt_decimal(self, name: str) -> Decimal | None:
        value = self.optional(name)
        return None if value is None else decimal_value(value, self.at(name))

    def choice(self, name: str, kind: type[E]) -> E:
        value = self.raw(name)
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return kind(value)
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            raise ProtocolError(
                self.at(name), f"expected one of {allowed}, got {value!r:.40}"
            ) from None

    def items(self, name: str, *, max_items: int = 100_000) -> list[tuple[str, object]]:
        """A required list: its elements with their paths."""
        value = self.raw(name)
        if not isinstance(value, list):
            raise ProtocolError(self.at(name), f"expected a list, got {_kind(value)}")
        if len(value) > max_items:
            raise ProtocolError(self.at(name), f"has more than {max_items} items")
        return [(f"{self.at(name)}[{i}]", item) for i, item in enumerate(value)]

    def done(self) -> None:
        """Refuse fields nobody read: a misspelt field must not be silently dropped."""
        unknown = sorted(set(self._value) - self._seen)
        if unknown:
            raise ProtocolError(self._path, f"unknown field(s): {', '.join(unknown)[:200]}")


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


def text_value(value: object, path: str, *, max_len: int = 10_000, min_len: int = 0) -> str:
    """``value`` as text of ``min_len`` to ``max_len`` characters."""
    if not isinstance(value, str):
        raise ProtocolError(path, f"expected a string, got {_kind(value)}")
    if len(value) > max_len:
        raise ProtocolError(path, f"is longer than {max_len} characters")
    if len(value) < min_len:
        raise ProtocolError(path, "cannot be empty" if min_len == 1 else "is too short")
    if "\x00" in value:
        raise ProtocolError(path, "contains a NUL character")
    return value


def int_value(value: object, path: str, *, low: int, high: int) -> int:
    """``value`` as a whole number in ``low..high``; booleans and floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProtocolError(path, f"expected a whole number, got {_kind(value)}")
    if not low <= value <= high:
        raise ProtocolError(path, f"must be between {low} and {high}")
    return value


def money_value(value: object, path: str) -> Money:
    """``{"minor": int, "currency": "INR"}`` as :class:`Money`."""
    fields = Fields(value, path)
    minor = fields.integer("minor", low=-MAX_MINOR, high=MAX_MINOR)
    currency = fields.text("currency", max_len=3)
    fields.done()
    if currency not in CURRENCY_EXPONENTS:
        raise ProtocolError(fields.at("currency"), f"unknown currency {currency!r}")
    return Money(minor, currency)


def money_wire(amount: Money) -> dict[str, object]:
    """The wire form of an amount: integer minor units and the currency, never a float."""
    return {"minor": amount.minor, "currency": amount.currency}


def date_value(value: object, path: str) -> date:
    """An ISO date ``YYYY-MM-DD``."""
    text = text_value(value, path, max_len=40)
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ProtocolError(path, f"expected a date YYYY-MM-DD, got {text!r}") from None


def datetime_value(value: object, path: str) -> datetime:
    """An ISO 8601 moment with its UTC offset (a moment without one is ambiguous)."""
    text = text_value(value, path, max_len=40)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ProtocolError(path, f"expected an ISO 8601 date and time, got {text!r}") from None
    if moment.tzinfo is None:
        raise ProtocolError(path, "a date and time must carry its UTC offset")
    return moment


def decimal_value(value: object, path: str) -> Decimal:
    """A rate or quantity sent as decimal text (``"5.75"``), never as a JSON number."""
    text = text_value(value, path, max_len=40)
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ProtocolError(path, f"expected decimal text, got {text!r}") from None
    if not number.is_finite():
        raise ProtocolError(path, "must be a finite number")
    return number


def opt_date_wire(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def opt_decimal_wire(value: Decimal | None) -> str | None:
    return None if value is None else str(value)
