"""POST /api/v1/enrol: a one-time code for the terminal's credential."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ebill_central.api.deps import client_address, engine_of, read_json
from ebill_central.services.enrolment import enrol
from ebill_core.protocol import (
    EnrolRequest,
    enrol_request_from_wire,
    enrol_response_to_wire,
)

router = APIRouter(tags=["enrolment"])

_REQUEST_SCHEMA = {
    "type": "object",
    "required": ["code", "machine_name"],
    "additionalProperties": False,
    "properties": {
        "code": {"type": "string", "example": "ABCD-EFGH-JKLM-NPQR"},
        "machine_name": {"type": "string", "maxLength": 100},
        "export_key": {
            "type": "string",
            "description": "base64 of the terminal's raw 32-byte Ed25519 public key (optional)",
        },
    },
}
_RESPONSE_SCHEMA = {
    "type": "object",
    "properties": {
        "terminal_id": {"type": "integer"},
        "credential": {"type": "string"},
        "branch_code": {"type": "string"},
        "office_code": {"type": "string"},
    },
}


async def enrol_request(request: Request) -> EnrolRequest:
    """Count the attempt against the client's address first, then read the request."""
    request.app.state.enrol_limiter.attempt(client_address(request))
    return enrol_request_from_wire(await read_json(request, max_bytes=4096))


@router.post(
    "/enrol",
    summary="Exchange a one-time enrolment code for a terminal credential",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _REQUEST_SCHEMA}},
        }
    },
    responses={200: {"content": {"application/json": {"schema": _RESPONSE_SCHEMA}}}},
    response_class=JSONResponse,
)
async def post_enrol(
    request: Request, body: Annotated[EnrolRequest, Depends(enrol_request)]
) -> JSONResponse:
    response = await run_in_threadpool(enrol, engine_of(request), body)
    return JSONResponse(enrol_response_to_wire(response))
