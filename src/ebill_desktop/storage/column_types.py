"""Column types that keep SQLite honest: exact decimals and zoned times stored as text.

SQLite has no decimal type (``Numeric`` comes back as a float) and SQLAlchemy's ``DateTime`` drops
the UTC offset, so both are stored as ISO text that round-trips exactly. The bulk importer writes
the same text through :func:`decimal_text` and :func:`datetime_text`, so both paths agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Dialect, String
from sqlalchemy.types import TypeDecorator


def decimal_text(value: Decimal | None) -> str | None:
    """The stored form of a rate or quantity: ``str(Decimal)``, exact, never a float."""
    return None if value is None else str(value)


def datetime_text(value: datetime | None) -> str | None:
    """The stored form of a moment: ISO 8601; a zoned moment is stored in UTC.

    Storing every zoned moment in UTC makes the text sort in time order, so ``ORDER BY`` works.
    """
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat()


class DecimalText(TypeDecorator[Decimal]):
    """A :class:`~decimal.Decimal` kept as TEXT."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is not None and not isinstance(value, Decimal):
            raise TypeError(f"expected a Decimal, got {type(value).__name__}")
        return decimal_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value)


class IsoDateTime(TypeDecorator[datetime]):
    """A :class:`~datetime.datetime` kept as ISO 8601 TEXT, offset included."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is not None and not isinstance(value, datetime):
            raise TypeError(f"expected a datetime, got {type(value).__name__}")
        return datetime_text(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else datetime.fromisoformat(value)
