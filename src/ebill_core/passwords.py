"""Operators' passwords, stored only as argon2id hashes.

Parameters: argon2id, memory 19,456 KiB (19 MiB), 2 passes, 1 lane, 16-byte salt, 32-byte
hash: the first of OWASP's recommended argon2id configurations. One verify takes about 35 ms
on a 2-core counter PC, slow enough to make guessing expensive and fast enough that a cashier
logging in (or a test suite) never waits. Raising them later is safe: :func:`needs_rehash`
tells the login service to store a fresh hash after the next successful log-in.

Passwords are normalised to Unicode NFKC first (as NIST SP 800-63B advises), so the same
password typed on different keyboards or input methods gives the same hash.
"""

from __future__ import annotations

import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = [
    "MAX_PASSWORD_CHARS",
    "MEMORY_COST_KIB",
    "PARALLELISM",
    "TIME_COST",
    "hash_password",
    "needs_rehash",
    "verify_password",
]

MEMORY_COST_KIB = 19_456
TIME_COST = 2
PARALLELISM = 1
# No human types more; refusing longer input keeps a pasted megabyte from tying up a terminal.
MAX_PASSWORD_CHARS = 1024

_HASHER = PasswordHasher(
    time_cost=TIME_COST,
    memory_cost=MEMORY_COST_KIB,
    parallelism=PARALLELISM,
    hash_len=32,
    salt_len=16,
    type=Type.ID,
)


def _normalised(plain: str) -> str:
    return unicodedata.normalize("NFKC", plain)


def hash_password(plain: str) -> str:
    """The argon2id hash of ``plain`` in PHC string form (``$argon2id$v=19$m=19456,t=2,...``).

    Each call uses a fresh random salt, so hashing twice gives two different strings. An empty
    password, one longer than :data:`MAX_PASSWORD_CHARS` or a non-string raises
    :class:`ValueError`.
    """
    if not isinstance(plain, str):
        raise ValueError(f"a password is text, not {type(plain).__name__}")
    if not plain:
        raise ValueError("a password cannot be empty")
    if len(plain) > MAX_PASSWORD_CHARS:
        raise ValueError(f"a password cannot be longer than {MAX_PASSWORD_CHARS} characters")
    return _HASHER.hash(_normalised(plain))


def verify_password(hash: str, plain: str) -> bool:
    """True when ``plain`` is the password ``hash`` was made from.

    A wrong password, an empty or over-long one, and a malformed or foreign hash all give
    False; this never raises for them, so a damaged operator record simply cannot log in.
    """
    if not isinstance(hash, str) or not isinstance(plain, str):
        return False
    if not plain or len(plain) > MAX_PASSWORD_CHARS:
        return False
    try:
        return _HASHER.verify(hash, _normalised(plain))
    except (VerificationError, InvalidHashError, ValueError):
        return False


def needs_rehash(hash: str) -> bool:
    """True when ``hash`` was not made with today's parameters (or cannot be read at all).

    The login service calls this after a successful :func:`verify_password` and stores
    :func:`hash_password` of the same password when it says so.
    """
    if not isinstance(hash, str):
        return True
    try:
        return _HASHER.check_needs_rehash(hash)
    except (InvalidHashError, ValueError):
        return True
