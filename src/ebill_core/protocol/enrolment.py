"""Enrolment (one-time code -> terminal credential) and the API's error body."""

from __future__ import annotations

from dataclasses import dataclass

from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import Fields
from ebill_core.protocol.payment_export import PUBLIC_KEY_BYTES, decode_bytes

# An enrolment code as printed for the installer: 4 groups of 4 from an unambiguous alphabet.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True, slots=True)
class EnrolRequest:
    code: str
    machine_name: str  # the enrolling computer's host name, kept for head office to see
    # The terminal's Ed25519 public key (base64 of the raw 32 bytes) that signs its exports of
    # unsynced payments (ebill_core.protocol.payment_export); optional: older terminals send none.
    export_key: str | None = None


@dataclass(frozen=True, slots=True)
class EnrolResponse:
    """The terminal's credential, shown once: ``"<terminal_id>.<secret>"``."""

    terminal_id: int
    credential: str
    branch_code: str
    office_code: str


@dataclass(frozen=True, slots=True)
class ErrorBody:
    """``{"error": {"code": "...", "message": "..."}}``: what every refused call answers."""

    code: str
    message: str


def normalise_code(text: str) -> str:
    """An enrolment code as typed (any case, spaces or dashes) in its canonical form."""
    return "".join(ch for ch in text.upper() if ch not in " -")


def enrol_request_to_wire(request: EnrolRequest) -> dict[str, object]:
    wire: dict[str, object] = {"code": request.code, "machine_name": request.machine_name}
    if request.export_key is not None:
        wire["export_key"] = request.export_key
    return wire


def enrol_request_from_wire(value: object) -> EnrolRequest:
    """An :class:`EnrolRequest`; the code must look like one (16 characters of the alphabet)."""
    f = Fields(value)
    code = normalise_code(f.text("code", max_len=40, min_len=1))
    name = f.text("machine_name", max_len=100, min_len=1)
    key = f.optional("export_key")
    f.done()
    if len(code) != 16 or any(ch not in CODE_ALPHABET for ch in code):
        raise ProtocolError("code", "an enrolment code is 16 letters and digits")
    if key is not None:
        decode_bytes(key, "export_key", PUBLIC_KEY_BYTES)  # checked here, stored as sent
    return EnrolRequest(code, name.strip(), key if isinstance(key, str) else None)


def enrol_response_to_wire(response: EnrolResponse) -> dict[str, object]:
    return {
        "terminal_id": response.terminal_id,
        "credential": response.credential,
        "branch_code": response.branch_code,
        "office_code": response.office_code,
    }


def enrol_response_from_wire(value: object) -> EnrolResponse:
    f = Fields(value)
    response = EnrolResponse(
        terminal_id=f.integer("terminal_id", low=1),
        credential=f.text("credential", max_len=200, min_len=1),
        branch_code=f.text("branch_code", max_len=40, min_len=1),
        office_code=f.text("office_code", max_len=40, min_len=1),
    )
    f.done()
    return response


def error_to_wire(error: ErrorBody) -> dict[str, object]:
    return {"error": {"code": error.code, "message": error.message}}


def error_from_wire(value: object) -> ErrorBody:
    f = Fields(value)
    inner = Fields(f.raw("error"), "error")
    body = ErrorBody(inner.text("code", min_len=1), inner.text("message"))
    inner.done()
    f.done()
    return body
