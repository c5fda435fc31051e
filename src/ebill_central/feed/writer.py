"""Writing to the change log, in the writer's own transaction, with ``seq`` left NULL.

The row commits (or rolls back) with the change it describes; the sequencer numbers it once it
has committed. Payloads are stored as the record's wire JSON, so the feed never re-serialises.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert

from ebill_central.db.models import ChangeRow
from ebill_core.protocol import ChangeOp, Entity


def payload_text(record_wire: Mapping[str, object]) -> str:
    """Compact JSON of a record's wire form (non-ASCII kept as is: names are UTF-8)."""
    return json.dumps(record_wire, ensure_ascii=False, separators=(",", ":"))


def change_values(
    entity: Entity,
    key: str,
    scope: str,
    record_wire: Mapping[str, object] | None,
    now: datetime,
    seq: int | None = None,
) -> dict[str, Any]:
    """The column values of one change row (a tombstone when ``record_wire`` is None)."""
    return {
        "seq": seq,
        "scope": scope,
        "entity": entity.value,
        "key": key,
        "op": (ChangeOp.DELETE if record_wire is None else ChangeOp.UPSERT).value,
        "payload": None if record_wire is None else payload_text(record_wire),
        "created_at": now,
    }


def record_changes(connection: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Insert change rows (from :func:`change_values`) in the caller's transaction."""
    batch = list(rows)
    if batch:
        connection.execute(insert(ChangeRow), batch)


def record_change(
    connection: Connection,
    entity: Entity,
    key: str,
    scope: str,
    record_wire: Mapping[str, object] | None,
) -> None:
    """Log one upsert (or, with ``record_wire`` None, a tombstone) in the caller's transaction."""
    record_changes(connection, [change_values(entity, key, scope, record_wire, datetime.now(UTC))])
