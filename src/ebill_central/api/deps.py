"""What the routes need per request: the engine, the calling terminal, a JSON body."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from ebill_central.config import CentralSettings
from ebill_central.errors import CentralError
from ebill_central.services.auth import TerminalIdentity, authenticate

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
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        raise CentralError("invalid_json", "the body is not valid UTF-8 JSON") from None
