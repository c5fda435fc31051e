"""The signed file of a terminal's unsynced payments (``ebill-payments-export/1``).

When a shift must close while payments have not reached head office, a supervisor exports them
to a file that head office imports (``ebill-central import-payments FILE``). The file is one JSON
object::

    {"format": "ebill-payments-export/1", "terminal_id": 12, "branch_code": "BR-A",
     "made_at": "2026-11-23T17:30:00+00:00", "payments": [<payment wire bodies>],
     "signature": "<base64 Ed25519 signature>"}

``payments`` are the outbox's wire bodies exactly as the sender would upload them.

**The signed bytes** (:func:`signed_bytes`) are the object *without* ``signature``, serialised
as ``json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` and encoded as
UTF-8. The signature is Ed25519 (RFC 8032) over those bytes by the private key the terminal made
when it enrolled; head office holds the matching public key (``EnrolRequest.export_key``).
The verifier recomputes the bytes from the parsed JSON, so the file's own whitespace and key order
do not matter, but any change to any value does.

This module only reads and writes the format (no cryptography): signing happens on the terminal
and verification at head office.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import Fields

FORMAT = "ebill-payments-export/1"
MAX_EXPORT_PAYMENTS = 100_000  # far above a day's payments at one counter
PUBLIC_KEY_BYTES = 32  # an Ed25519 public key, raw
SIGNATURE_BYTES = 64  # an Ed25519 signature


@dataclass(frozen=True, slots=True)
class PaymentExport:
    """A parsed export file: who made it, when, the payments' wire bodies, and the signature."""

    terminal_id: int
    branch_code: str
    made_at: datetime
    payments: tuple[object, ...]  # wire bodies, decoded strictly by the importer one by one
    signature: bytes
    signed: bytes  # the bytes the signature must cover (see the module docstring)


def signed_bytes(document: Mapping[str, object]) -> bytes:
    """The canonical bytes of ``document`` minus its ``signature`` (what is signed)."""
    unsigned = {key: value for key, value in document.items() if key != "signature"}
    text = json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def unsigned_export(
    terminal_id: int, branch_code: str, made_at: datetime, payments: list[object]
) -> dict[str, object]:
    """The export object before signing (add ``signature`` = :func:`encode_bytes` of it)."""
    if made_at.tzinfo is None:
        raise ValueError("made_at needs its UTC offset")
    return {
        "format": FORMAT,
        "terminal_id": terminal_id,
        "branch_code": branch_code,
        "made_at": made_at.isoformat(),
        "payments": payments,
    }


def encode_bytes(value: bytes) -> str:
    """Standard base64 with padding (keys and signatures in the file and on the wire)."""
    return base64.b64encode(value).decode("ascii")


def decode_bytes(text: object, path: str, length: int) -> bytes:
    """``text`` as base64 of exactly ``length`` bytes; :class:`ProtocolError` otherwise."""
    if not isinstance(text, str) or len(text) > 4 * length:
        raise ProtocolError(path, f"expected base64 text of {length} bytes")
    try:
        value = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ProtocolError(path, "is not base64") from None
    if len(value) != length:
        raise ProtocolError(path, f"expected {length} bytes, got {len(value)}")
    return value


def export_from_wire(value: object) -> PaymentExport:
    """A parsed export file (the outer object only: the payments are left as they are).

    Refuses another format, a missing or malformed field, and unknown fields.
    """
    f = Fields(value)
    found = f.text("format", max_len=60)
    if found != FORMAT:
        raise ProtocolError("format", f"expected {FORMAT!r}, got {found!r:.60}")
    assert isinstance(value, Mapping)  # Fields checked it
    parsed = PaymentExport(
        terminal_id=f.integer("terminal_id", low=1),
        branch_code=f.text("branch_code", max_len=40, min_len=1),
        made_at=f.moment("made_at"),
        payments=tuple(v for _, v in f.items("payments", max_items=MAX_EXPORT_PAYMENTS)),
        signature=decode_bytes(f.raw("signature"), "signature", SIGNATURE_BYTES),
        signed=signed_bytes(value),
    )
    f.done()
    return parsed
