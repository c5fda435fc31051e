"""Refusals the server gives on purpose: each has an HTTP status and a machine-readable code."""

from __future__ import annotations


class CentralError(Exception):
    """A request or command that cannot be done; nothing was changed.

    ``code`` is stable and machine-readable (``"enrolment_code_used"``); ``message`` is for a
    person. The API answers ``{"error": {"code": code, "message": message}}`` with ``status``.
    """

    status = 400

    def __init__(self, code: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        if status is not None:
            self.status = status


class NotFoundError(CentralError):
    status = 404


class ConflictError(CentralError):
    status = 409


class UnauthorisedError(CentralError):
    status = 401


class TooManyAttemptsError(CentralError):
    status = 429

    def __init__(self, retry_after: int) -> None:
        super().__init__("too_many_attempts", f"too many attempts; try again in {retry_after} s")
        self.retry_after = retry_after
