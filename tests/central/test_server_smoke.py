"""The live server answers on loopback with its OpenAPI document."""

from __future__ import annotations

import httpx


def test_health_and_openapi(client: httpx.Client) -> None:
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    document = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/enrol", "/api/v1/changes", "/api/v1/terminal"} <= set(document["paths"])
