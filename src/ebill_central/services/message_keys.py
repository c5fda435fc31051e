"""Idempotency for the cash-control messages: the UUID is the key, the body's hash tells a
resend (answered with the first answer) from a different message under the same UUID (409)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ebill_central.errors import ConflictError

T = TypeVar("T")


def message_hash(wire: Mapping[str, object]) -> str:
    """SHA-256 of the message's canonical JSON (key order and spacing do not matter)."""
    canonical = json.dumps(wire, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def first_answer(
    stored_hash: str, stored_outcome: str, digest: str, what: str, key: str
) -> dict[str, object]:
    """The answer stored with a message, if ``digest`` is the same body; else a 409."""
    if stored_hash != digest:
        raise ConflictError(
            f"{what}_id_reused", f"{what} {key} was received before with different content"
        )
    answer = json.loads(stored_outcome)
    assert isinstance(answer, dict)
    return answer


def in_transaction(engine: Engine, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one transaction; once more if another request committed the same key
    first (the loser's transaction is rolled back whole, and the retry sees the winner's row)."""
    for attempt in range(2):
        try:
            with Session(engine) as session, session.begin():
                return work(session)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")
