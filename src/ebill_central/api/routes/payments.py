"""POST /api/v1/payments: a terminal's outbox, uploaded in batches, each payment posted once."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ebill_central.api.deps import current_terminal, engine_of, read_json
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.payments import post_batch
from ebill_central.services.pending import settle_pending
from ebill_core.protocol import MAX_BATCH, TenderKind, batch_result_to_wire, payment_batch_items

router = APIRouter(tags=["sync"])

_MONEY = {
    "type": "object",
    "required": ["minor", "currency"],
    "properties": {"minor": {"type": "integer"}, "currency": {"type": "string"}},
}
_REQUEST_SCHEMA = {
    "type": "object",
    "required": ["payments"],
    "properties": {
        "payments": {
            "type": "array",
            "maxItems": MAX_BATCH,
            "items": {
                "type": "object",
                "required": [
                    "payment_id",
                    "terminal_seq",
                    "receipt_no",
                    "account_no",
                    "taken_at",
                    "operator",
                    "offline",
                    "tenders",
                    "allocations",
                ],
                "properties": {
                    "payment_id": {"type": "string", "format": "uuid"},
                    "terminal_seq": {"type": "integer", "minimum": 1},
                    "receipt_no": {"type": "string"},
                    "account_no": {"type": "string"},
                    "taken_at": {"type": "string", "format": "date-time"},
                    "operator": {"type": "string"},
                    "offline": {"type": "boolean"},
                    "tenders": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "kind": {"type": "string", "enum": [k.value for k in TenderKind]},
                                "amount": _MONEY,
                                "reference": {"type": ["string", "null"]},
                                "bank": {"type": ["string", "null"]},
                                "instrument_date": {"type": ["string", "null"]},
                                # Optional details (older terminals send none of them).
                                "bank_branch": {"type": ["string", "null"]},
                                "ifsc": {"type": ["string", "null"]},
                                "tendered": _MONEY,  # cash only: what was handed over
                                "card_last4": {"type": ["string", "null"]},
                                "card_scheme": {"type": ["string", "null"]},
                                "auth_code": {"type": ["string", "null"]},
                                "device_id": {"type": ["string", "null"]},
                            },
                        },
                    },
                    "allocations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "bill_no": {"type": "string"},
                                "bill_version": {"type": "integer"},
                                "amount": _MONEY,
                            },
                        },
                    },
                },
            },
        }
    },
}


@router.post(
    "/payments",
    summary="Upload payments; each is answered by its UUID, a resend gets the first answer",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _REQUEST_SCHEMA}},
        }
    },
    response_class=JSONResponse,
)
async def post_payments(
    request: Request, terminal: Annotated[TerminalIdentity, Depends(current_terminal)]
) -> JSONResponse:
    items = payment_batch_items(await read_json(request, max_bytes=4_000_000))
    engine = engine_of(request)
    result = await run_in_threadpool(post_batch, engine, terminal, items)
    # A reversal or cheque bounce that came before its payment is applied now it is held.
    await run_in_threadpool(settle_pending, engine)
    return JSONResponse(batch_result_to_wire(result))
