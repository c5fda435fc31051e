"""A password set at a counter, going up to head office, and head office's answer.

A supervisor's reset (or an operator's change of their own password) stores the new argon2id
hash in the counter's cache and queues a :class:`PasswordResetMessage`
(:mod:`ebill_desktop.security.password_change`). Head office stores the hash on the operator and
publishes the operator in the change feed, so every counter of the office gets it.

The message carries the hash in PHC string form, never the password. ``reset_id`` is the
counter's UUID for the message (the idempotency key). Decoding is strict, like the other
messages: unknown fields, naive times and a hash that is not an argon2id PHC string are refused
with the field's path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import Fields
from ebill_core.protocol.payments import payment_id_from_wire

__all__ = [
    "MAX_HASH_CHARS",
    "PasswordResetAnswer",
    "PasswordResetMessage",
    "ResetStatus",
    "is_argon2id_phc",
    "password_reset_answer_from_wire",
    "password_reset_answer_to_wire",
    "password_reset_from_wire",
    "password_reset_to_wire",
]

MAX_HASH_CHARS = 512  # the operators' column; a real argon2id string is about 100
_LOGIN = 64
# $argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt>$<hash>, salt and hash in unpadded base64
# (at least 8 bytes of salt and 16 of hash, as the PHC format and argon2 require).
_PHC = re.compile(
    r"\$argon2id\$v=19\$m=[1-9][0-9]{0,9},t=[1-9][0-9]{0,9},p=[1-9][0-9]{0,5}"
    r"\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{22,}"
)


class ResetStatus(StrEnum):
    """What head office did with a password reset."""

    APPLIED = "applied"  # the operator's hash is the new one, published in the feed
    SUPERSEDED = "superseded"  # a reset set later than this one was applied first: kept as is
    UNKNOWN_OPERATOR = "unknown_operator"  # no such operator: left for review at head office


@dataclass(frozen=True, slots=True)
class PasswordResetMessage:
    """A password set at a counter: ``set_by`` set ``operator``'s hash at ``set_at``
    (``set_by`` is the operator themselves when they changed their own)."""

    reset_id: str
    operator: str
    password_hash: str
    set_by: str
    set_at: datetime


@dataclass(frozen=True, slots=True)
class PasswordResetAnswer:
    reset_id: str
    operator: str
    status: ResetStatus


def is_argon2id_phc(value: str) -> bool:
    """Whether ``value`` has the shape of an argon2id (v=19) PHC string."""
    return len(value) <= MAX_HASH_CHARS and _PHC.fullmatch(value) is not None


def password_reset_to_wire(message: PasswordResetMessage) -> dict[str, object]:
    return {
        "reset_id": message.reset_id,
        "operator": message.operator,
        "password_hash": message.password_hash,
        "set_by": message.set_by,
        "set_at": message.set_at.isoformat(),
    }


def password_reset_from_wire(value: object, path: str = "") -> PasswordResetMessage:
    """A :class:`PasswordResetMessage`, checked strictly (see the module's notes)."""
    f = Fields(value, path)
    message = PasswordResetMessage(
        reset_id=payment_id_from_wire(f.raw("reset_id"), f.at("reset_id")),
        operator=_login(f, "operator"),
        password_hash=_phc(f, "password_hash"),
        set_by=_login(f, "set_by"),
        set_at=_moment(f, "set_at"),
    )
    f.done()
    return message


def password_reset_answer_to_wire(answer: PasswordResetAnswer) -> dict[str, object]:
    return {
        "reset_id": answer.reset_id,
        "operator": answer.operator,
        "status": answer.status.value,
    }


def password_reset_answer_from_wire(value: object) -> PasswordResetAnswer:
    f = Fields(value)
    answer = PasswordResetAnswer(
        reset_id=payment_id_from_wire(f.raw("reset_id"), f.at("reset_id")),
        operator=_login(f, "operator"),
        status=f.choice("status", ResetStatus),
    )
    f.done()
    return answer


def _login(f: Fields, name: str) -> str:
    value = f.text(name, max_len=_LOGIN, min_len=1)
    if value != value.strip():
        raise ProtocolError(f.at(name), "a login has no leading or trailing spaces")
    return value


def _phc(f: Fields, name: str) -> str:
    value = f.text(name, max_len=MAX_HASH_CHARS, min_len=1)
    if not is_argon2id_phc(value):
        raise ProtocolError(f.at(name), "expected an argon2id PHC string ($argon2id$v=19$...)")
    return value


def _moment(f: Fields, name: str) -> datetime:
    """A moment with a UTC offset that converts to UTC (the server stores UTC)."""
    moment = f.moment(name)
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ProtocolError(f.at(name), "is out of range once converted to UTC") from None
    return moment
