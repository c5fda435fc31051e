"""Every refusal as ``{"error": {"code": ..., "message": ...}}`` with a 4xx status.

Handlers for our own refusals, protocol errors, FastAPI's parameter validation, Starlette's
404/405, and a database that cannot be reached; anything else is logged and answered as a JSON
500 (a bug to fix, never a page of HTML).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException

from ebill_central.errors import CentralError, TooManyAttemptsError
from ebill_core.protocol import ErrorBody, ProtocolError, error_to_wire

log = logging.getLogger(__name__)

_HTTP_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
}


def error_response(
    status: int, code: str, message: str, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(
        error_to_wire(ErrorBody(code, message)), status_code=status, headers=headers
    )


async def _central(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, CentralError)
    headers = None
    if isinstance(error, TooManyAttemptsError):
        headers = {"Retry-After": str(error.retry_after)}
    return error_response(error.status, error.code, error.message, headers)


async def _protocol(_request: Request, error: Exception) -> JSONResponse:
    return error_response(422, "invalid_message", str(error))


async def _validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for problem in error.errors()[:5]:
        where = ".".join(str(part) for part in problem.get("loc", ()))
        problems.append(f"{where}: {problem.get('msg', 'invalid')}")
    return error_response(422, "invalid_request", "; ".join(problems) or "invalid request")


async def _http(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    code = _HTTP_CODES.get(error.status_code, f"http_{error.status_code}")
    return error_response(error.status_code, code, str(error.detail), error.headers)


async def _database(_request: Request, error: Exception) -> JSONResponse:
    log.error("database unavailable: %s", error)
    return error_response(503, "database_unavailable", "the database cannot be reached")


async def _unexpected(_request: Request, error: Exception) -> JSONResponse:
    log.exception("unexpected error", exc_info=error)
    return error_response(500, "internal_error", "an unexpected error; it has been logged")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(CentralError, _central)
    app.add_exception_handler(ProtocolError, _protocol)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(OperationalError, _database)
    app.add_exception_handler(Exception, _unexpected)
