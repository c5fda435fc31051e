"""The HTTP API under /api/v1 (FastAPI); :func:`create_app` builds it from settings."""

from ebill_central.api.app import create_app

__all__ = ["create_app"]
