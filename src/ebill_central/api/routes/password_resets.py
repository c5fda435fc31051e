"""Passwords set at the counters (``POST /api/v1/password-resets``).

Terminal-authenticated; the operator must belong to the terminal's office. Each message is
answered by its UUID and a resend gets the first answer
(:mod:`ebill_central.services.password_resets`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ebill_central.api.deps import current_terminal, engine_of, read_json
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.password_resets import post_password_reset
from ebill_core.protocol.password_reset import MAX_HASH_CHARS, password_reset_from_wire

router = APIRouter(tags=["cash control"])

_MAX_BODY = 4_000  # a reset is a few hundred bytes
_LOGIN = {"type": "string", "minLength": 1, "maxLength": 64}
_RESET = {
    "type": "object",
    "required": ["reset_id", "operator", "password_hash", "set_by", "set_at"],
    "properties": {
        "reset_id": {"type": "string", "format": "uuid"},
        "operator": _LOGIN,
        "password_hash": {
            "type": "string",
            "maxLength": MAX_HASH_CHARS,
            "pattern": r"^\$argon2id\$v=19\$",
        },
        "set_by": _LOGIN,
        "set_at": {"type": "string", "format": "date-time"},
    },
}

Terminal = Annotated[TerminalIdentity, Depends(current_terminal)]


@router.post(
    "/password-resets",
    summary="A password set at a counter: the operator's new argon2id hash, fed to the office",
    openapi_extra={
        "requestBody": {"required": True, "content": {"application/json": {"schema": _RESET}}}
    },
    response_class=JSONResponse,
)
async def post_password_resets(request: Request, terminal: Terminal) -> JSONResponse:
    message = password_reset_from_wire(await read_json(request, _MAX_BODY))
    answer = await run_in_threadpool(post_password_reset, engine_of(request), terminal, message)
    return JSONResponse(answer)
