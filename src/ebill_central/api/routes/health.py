"""Is the server up and its database reachable (for monitoring; no credential needed)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from sqlalchemy import text

from ebill_central.api.deps import engine_of

router = APIRouter(tags=["health"])


@router.get("/health", summary="Server and database are up")
def health(request: Request) -> dict[str, str]:
    with engine_of(request).connect() as connection:
        connection.execute(text("SELECT 1"))
        connection.rollback()
    return {"status": "ok"}
