"""Cash control from the counters: shift closes, reversals, cheque bounces, the audit trail.

Each is terminal-authenticated and scoped to the terminal's branch; each message is answered by
its UUID, a resend gets the first answer (see the services for what each does).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, exists, or_, select
from sqlalchemy.exc import OperationalError

from ebill_central.api.deps import current_terminal, engine_of, read_json
from ebill_central.db.models import ChequeBounceRow, ReversalRow
from ebill_central.services.audit_trail import post_audit
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.cheque_bounces import post_bounce
from ebill_central.services.pending import apply_pending
from ebill_central.services.reversals import PENDING, post_reversal
from ebill_central.services.shift_close import post_shift_close
from ebill_core.protocol import (
    TenderKind,
    audit_upload_from_wire,
    cheque_bounce_from_wire,
    reversal_from_wire,
    shift_close_from_wire,
)
from ebill_core.protocol.cash_control import MAX_AUDIT_ENTRIES

log = logging.getLogger(__name__)
router = APIRouter(tags=["cash control"])

_MAX_BODY = 64_000
_MAX_AUDIT_BODY = 4_000_000
_UUID = {"type": "string", "format": "uuid"}
_MOMENT = {"type": "string", "format": "date-time"}
_CODE = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,40}$"}
_LOGIN = {"type": "string", "minLength": 1, "maxLength": 64}
_MONEY = {
    "type": "object",
    "required": ["minor", "currency"],
    "properties": {"minor": {"type": "integer"}, "currency": {"type": "string", "enum": ["INR"]}},
}
_COUNT_TOTAL = {
    "type": "object",
    "required": ["count", "total"],
    "properties": {"count": {"type": "integer", "minimum": 0}, "total": _MONEY},
}


def _body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


_SHIFT_CLOSE = _object(
    [
        "shift_id",
        "terminal_id",
        "branch_code",
        "operator",
        "opened_at",
        "closed_at",
        "opening_float",
        "tenders",
        "receipts",
        "first_receipt_no",
        "last_receipt_no",
        "voids",
        "reprints",
        "drops",
        "pay_outs",
        "over_short",
        "unsynced",
    ],
    {
        "shift_id": _UUID,
        "terminal_id": {"type": "integer", "minimum": 1},
        "branch_code": {"type": "string"},
        "operator": _LOGIN,
        "opened_at": _MOMENT,
        "closed_at": _MOMENT,
        "opening_float": _MONEY,
        "tenders": {
            "type": "array",
            "items": _object(
                ["kind", "count", "total"],
                {
                    "kind": {"type": "string", "enum": [k.value for k in TenderKind]},
                    "count": {"type": "integer", "minimum": 0},
                    "total": _MONEY,
                },
            ),
        },
        "receipts": {"type": "integer", "minimum": 0},
        "first_receipt_no": {"type": ["string", "null"]},
        "last_receipt_no": {"type": ["string", "null"]},
        "voids": _COUNT_TOTAL,
        "reprints": {"type": "integer", "minimum": 0},
        "drops": _COUNT_TOTAL,
        "pay_outs": _COUNT_TOTAL,
        "over_short": _MONEY,
        "unsynced": {"type": "integer", "minimum": 0},
    },
)
_REVERSAL = _object(
    ["reversal_id", "payment_id", "reason_code", "approver", "at"],
    {
        "reversal_id": _UUID,
        "payment_id": _UUID,
        "reason_code": _CODE,
        "approver": _LOGIN,
        "at": _MOMENT,
    },
)
_BOUNCE = _object(
    ["bounce_id", "payment_id", "reason_code", "approver", "at"],
    {
        "bounce_id": _UUID,
        "payment_id": _UUID,
        "tender_position": {"type": ["integer", "null"], "minimum": 0, "maximum": 9},
        "cheque_no": {"type": ["string", "null"], "maxLength": 64},
        "reason_code": _CODE,
        "approver": _LOGIN,
        "at": _MOMENT,
    },
)
_AUDIT = _object(
    ["entries"],
    {
        "entries": {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_AUDIT_ENTRIES,
            "items": _object(
                ["seq", "at", "actor", "action", "detail", "prev_digest", "digest"],
                {
                    "seq": {"type": "integer", "minimum": 1},
                    "at": _MOMENT,
                    "actor": _LOGIN,
                    "action": {"type": "string", "minLength": 1, "maxLength": 40},
                    # Facts: text, whole numbers, true/false, null (lists and objects of
                    # them are read too, to a depth of 5; floats are refused).
                    "detail": {
                        "type": "object",
                        "maxProperties": 50,
                        "additionalProperties": {"type": ["string", "integer", "boolean", "null"]},
                    },
                    "prev_digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                    "digest": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                },
            ),
        }
    },
)


def _has_pending(engine: Engine) -> bool:
    with engine.connect() as connection:
        found = connection.execute(
            select(
                or_(
                    exists().where(ReversalRow.status == PENDING),
                    exists().where(ChequeBounceRow.status == PENDING),
                )
            )
        ).scalar()
        connection.rollback()
    return bool(found)


def _apply_pending_then(engine: Engine, post: Callable[[], dict[str, object]]) -> dict[str, object]:
    """Apply any pending reversal or bounce whose payment has arrived (in a transaction of its
    own, so a refused request does not undo it), then do the request."""
    if _has_pending(engine):
        try:
            apply_pending(engine, datetime.now(UTC))
        except OperationalError:
            raise
        except Exception:
            # A pending item that cannot be applied must not block every later request; it
            # stays pending (its transaction rolled back) and is logged for head office.
            log.exception("pending reversals or bounces could not be applied")
    return post()


Terminal = Annotated[TerminalIdentity, Depends(current_terminal)]


@router.post(
    "/shift-closes",
    summary="A closed shift's control totals, reconciled against the payments held",
    openapi_extra=_body(_SHIFT_CLOSE),
    response_class=JSONResponse,
)
async def post_shift_closes(request: Request, terminal: Terminal) -> JSONResponse:
    message = shift_close_from_wire(await read_json(request, _MAX_BODY))
    engine = engine_of(request)
    answer = await run_in_threadpool(
        _apply_pending_then, engine, lambda: post_shift_close(engine, terminal, message)
    )
    return JSONResponse(answer)


@router.post(
    "/reversals",
    summary="A payment voided after sync: what it paid is taken back",
    openapi_extra=_body(_REVERSAL),
    response_class=JSONResponse,
)
async def post_reversals(request: Request, terminal: Terminal) -> JSONResponse:
    message = reversal_from_wire(await read_json(request, _MAX_BODY))
    engine = engine_of(request)
    answer = await run_in_threadpool(
        _apply_pending_then, engine, lambda: post_reversal(engine, terminal, message)
    )
    return JSONResponse(answer)


@router.post(
    "/cheque-bounces",
    summary="A cheque returned unpaid: taken back, charged, the account barred from cheques",
    openapi_extra=_body(_BOUNCE),
    response_class=JSONResponse,
)
async def post_cheque_bounces(request: Request, terminal: Terminal) -> JSONResponse:
    message = cheque_bounce_from_wire(await read_json(request, _MAX_BODY))
    engine = engine_of(request)
    answer = await run_in_threadpool(
        _apply_pending_then, engine, lambda: post_bounce(engine, terminal, message)
    )
    return JSONResponse(answer)


@router.post(
    "/audit",
    summary="Audit entries continuing the terminal's stored hash chain",
    openapi_extra=_body(_AUDIT),
    response_class=JSONResponse,
)
async def post_audit_entries(request: Request, terminal: Terminal) -> JSONResponse:
    upload = audit_upload_from_wire(await read_json(request, _MAX_AUDIT_BODY))
    answer = await run_in_threadpool(post_audit, engine_of(request), terminal, upload)
    return JSONResponse(answer)
