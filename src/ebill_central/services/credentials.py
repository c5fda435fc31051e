"""Enrolment codes and terminal credentials: made at random, stored only as SHA-256 hashes.

Both are high-entropy random strings (80 and 256 bits), so a fast hash is enough to make a
stolen database useless for logging in; a slow password hash would only slow every request.
Comparison is constant-time (:func:`hmac.compare_digest`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from ebill_core.protocol import CODE_ALPHABET, normalise_code


def new_enrolment_code() -> str:
    """A one-time code for the installer to type: ``ABCD-EFGH-JKLM-NPQR`` (80 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def code_hash(code: str) -> str:
    """The stored form of an enrolment code (case, spaces and dashes do not matter)."""
    return hashlib.sha256(normalise_code(code).encode("ascii", "replace")).hexdigest()


def new_secret() -> str:
    """A terminal's secret: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(32)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """True when ``secret`` hashes to ``stored_hash``, compared in constant time."""
    return hmac.compare_digest(secret_hash(secret), stored_hash)


def credential_text(terminal_id: int, secret: str) -> str:
    """What the terminal sends as its bearer token: ``"<terminal_id>.<secret>"``."""
    return f"{terminal_id}.{secret}"


def split_credential(text: str) -> tuple[int, str] | None:
    """``(terminal_id, secret)`` from a bearer token, or None if it is not shaped like one."""
    ident, dot, secret = text.partition(".")
    if not dot or not ident.isascii() or not ident.isdigit() or len(ident) > 18 or not secret:
        return None
    if len(secret) > 200:
        return None
    return int(ident), secret
