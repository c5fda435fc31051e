"""Fixtures for the central server: databases on SQLite and PostgreSQL, a real server on loopback.

PostgreSQL is used when ``EBILL_TEST_POSTGRES_URL`` is set; each database made here is a fresh
schema (named after the xdist worker and a random suffix, so parallel runs never meet) that is
dropped afterwards. Without the variable the PostgreSQL cases are skipped.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from ebill_central.api import create_app
from ebill_central.config import CentralSettings
from ebill_central.db.engine import make_engine
from ebill_central.db.migrate import upgrade
from ebill_central.services.organisation import add_branch
from ebill_central.services.seed import seed_demo
from ebill_central.services.terminals import add_terminal

PG_ENV = "EBILL_TEST_POSTGRES_URL"
SEED_CUSTOMERS = 200
SEED_TODAY = date(2026, 11, 15)
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set"),
    ),
]


class Databases:
    """Makes fresh, empty databases of one backend and removes them at the end."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self.folder = folder
        self._schemas: list[str] = []
        self._admin: Engine | None = None
        if backend == "postgresql":
            self._admin = create_engine(os.environ[PG_ENV], isolation_level="AUTOCOMMIT")

    def fresh_url(self) -> str:
        name = f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{uuid.uuid4().hex[:10]}"
        if self.backend == "sqlite":
            return f"sqlite:///{self.folder / (name + '.sqlite3')}"
        assert self._admin is not None
        schema = f"ebill_test_{name}"
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        self._schemas.append(schema)
        url = make_url(os.environ[PG_ENV]).update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def close(self) -> None:
        if self._admin is None:
            return
        with self._admin.connect() as connection:
            for schema in self._schemas:
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        self._admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def databases(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    made = Databases(backend, tmp_path_factory.mktemp(f"central-{backend}"))
    yield made
    made.close()


@pytest.fixture
def empty_url(databases: Databases) -> str:
    """A fresh database with no schema at all."""
    return databases.fresh_url()


@dataclass(frozen=True)
class SeededUtility:
    url: str
    engine: Engine
    settings: CentralSettings


@pytest.fixture(scope="session")
def seeded(databases: Databases) -> Iterator[SeededUtility]:
    """One database per backend and session: migrated, seeded, with branches BR-A and BR-B.

    Tests share it, so each makes its own terminals and reads only what it can tell apart.
    """
    url = databases.fresh_url()
    engine = make_engine(url)
    upgrade(engine)
    seed_demo(engine, SEED_CUSTOMERS, seed=7, today=SEED_TODAY)
    add_branch(engine, "BR-A", "Lake View cash hall", "SD-014")
    add_branch(engine, "BR-B", "Gandhinagar counter", "SD-011")
    yield SeededUtility(url, engine, CentralSettings(database_url=url, enrol_attempts=1000))
    engine.dispose()


class LiveServer:
    """uvicorn serving an app on a free loopback port, in a thread."""

    def __init__(self, settings: CentralSettings, engine: Engine) -> None:
        config = uvicorn.Config(
            create_app(settings, engine), host="127.0.0.1", port=0, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        ready = threading.Event()
        for _ in range(500):
            if self._server.started:
                ready.set()
                break
            ready.wait(0.01)
        if not ready.is_set():
            raise RuntimeError("the test server did not start")
        port = self._server.servers[0].sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def server(seeded: SeededUtility) -> Iterator[LiveServer]:
    live = LiveServer(seeded.settings, seeded.engine)
    yield live
    live.stop()


@pytest.fixture
def client(server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        yield http


@pytest.fixture
def strict_server(seeded: SeededUtility) -> Iterator[LiveServer]:
    """A server of its own whose enrolment limit is 3 attempts a minute."""
    live = LiveServer(replace(seeded.settings, enrol_attempts=3), seeded.engine)
    yield live
    live.stop()


def enrol_terminal(client: httpx.Client, seeded: SeededUtility, branch: str) -> str:
    """A newly added and enrolled terminal of ``branch``: its bearer credential."""
    new = add_terminal(seeded.engine, branch, f"Counter {uuid.uuid4().hex[:6]}", code_hours=1)
    answer = client.post(
        "/api/v1/enrol", json={"code": new.enrolment_code, "machine_name": "test-pc"}
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["credential"])


def bearer(credential: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {credential}"}
