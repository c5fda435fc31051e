"""What the routes need per request: the engine, the calling terminal, a JSON body."""

from __future__ import annotations

import json
import math
import re
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from ebill_central.config import CentralSettings
from ebill_central.errors import CentralError
from ebill_central.services.auth import TerminalIdentity, authenticate

# "\ud800".."\udfff" escapes in a body: only then is the decoded JSON checked for lone ones.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")

# Declared so the OpenAPI document shows bearer auth; the header is checked by authenticate().
_bearer = HTTPBearer(auto_error=False, description="Bearer <terminal_id>.<secret>")


def engine_of(request: Request) -> Engine:
    engine = request.app.state.engine
    assert isinstance(engine, Engine)
    return engine


def settings_of(request: Request) -> CentralSettings:
    settings = request.app.state.settings
    assert isinstance(settings, CentralSettings)
    return settings


def current_terminal(
    request: Request, _declared: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> TerminalIdentity:
    """The enrolled, unrevoked terminal making the call (401 otherwise)."""
    return authenticate(engine_of(request), request.headers.get("authorization"))


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


async def read_json(request: Request, max_bytes: int) -> object:
    """The request body decoded as JSON; a 4xx for anything else."""
    content_type = request.headers.get("content-type", "application/json")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise CentralError("unsupported_media_type", "send application/json", status=415)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > max_bytes:
            raise CentralError("too_large", f"the body is over {max_bytes} bytes", status=413)
    try:
        value = json.loads(
            body.decode("utf-8"), parse_constant=_not_a_number, parse_float=_finite_float
        )
        if _SURROGATE_ESCAPE.search(body):
            # JSON may spell a lone UTF-16 surrogate ("\ud800"); json.loads accepts it, but no
            # UTF-8 text holds it, so storing it failed later with a 500 (found while fuzzing).
            # Paired escapes (an emoji) decode to one character and pass this check.
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        return value
    except (ValueError, RecursionError):
        # UnicodeEncodeError is a ValueError.
        raise CentralError("invalid_json", "the body is not valid UTF-8 JSON") from None


def _not_a_number(name: str) -> object:
    """Refuse ``NaN``, ``Infinity`` and ``-Infinity``: Python's json reads them, JSON has none.

    Accepted, they reached the services as floats that no field may hold (and that were kept,
    spelled ``NaN``, in the review queue's copy of a rejected item).
    """
    raise CentralError("invalid_json", f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    """A JSON number with a fraction or exponent; one too large for a float (``1e999``) is
    refused rather than read as infinity."""
    value = float(text)
    if not math.isfinite(value):
        raise CentralError("invalid_json", f"{text[:40]} is too large for a JSON number")
    return value
