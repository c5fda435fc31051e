"""Fixtures for the terminal's sync: a real central server on loopback, and enrolled terminals.

* ``central_template`` (once per session): an SQLite central database, migrated, seeded with
  the demo utility (200 customers) and branches BR-A (office SD-014) and BR-B (SD-011).
* ``central`` (per test): a copy of that file served by uvicorn in a thread on a free loopback
  port, so each test may change the server's data freely. ``central.new_code()`` registers a
  terminal and returns its one-time code; ``stop()`` / ``start()`` take it off the network and
  back (same port).
* ``terminal`` (per test): a fresh data folder enrolled with ``central`` through the real
  enrolment code, its credential in the in-memory keyring of tests/conftest.py.

The keyring: :func:`platform_backend` is replaced here by the in-memory backend that
tests/conftest.py installs, so nothing reaches the OS keyring.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import keyring
import pytest
import uvicorn
from sqlalchemy import Engine

from ebill_central.api import create_app
from ebill_central.config import CentralSettings
from ebill_central.db.engine import make_engine
from ebill_central.db.migrate import upgrade
from ebill_central.services.organisation import add_branch
from ebill_central.services.seed import seed_demo
from ebill_central.services.terminals import NewTerminal, add_terminal, revoke_terminal
from ebill_desktop.app import prepare
from ebill_desktop.config import DataPaths, SettingsStore
from ebill_desktop.security import keyring_store
from ebill_desktop.security.keyring_store import CredentialStore
from ebill_desktop.storage.database import CacheDatabase, open_cache
from ebill_desktop.sync.enrolment import TerminalIdentity, enrol
from ebill_desktop.sync.http import CentralConnection

SEED_CUSTOMERS = 200
SEED_TODAY = date(2026, 11, 15)
BRANCH = "BR-A"  # office SD-014
OTHER_BRANCH = "BR-B"  # office SD-011


@pytest.fixture(autouse=True)
def _platform_keyring_is_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    # tests/conftest.py made keyring's global backend an in-memory one for this test.
    monkeypatch.setattr(keyring_store, "platform_backend", keyring.get_keyring)


@pytest.fixture(scope="session")
def central_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded central SQLite database file that tests copy (never serve directly)."""
    path = tmp_path_factory.mktemp("central-template") / "central.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        seed_demo(engine, SEED_CUSTOMERS, seed=7, today=SEED_TODAY)
        add_branch(engine, BRANCH, "Lake View cash hall", "SD-014")
        add_branch(engine, OTHER_BRANCH, "Gandhinagar counter", "SD-011")
    finally:
        engine.dispose()  # the last connection checkpoints the WAL into the file
    return path


class CentralServer:
    """One central server for one test: its own database file, served on loopback."""

    def __init__(self, database: Path) -> None:
        self.url = f"sqlite:///{database}"
        self.engine: Engine = make_engine(self.url)
        self.settings = CentralSettings(database_url=self.url, enrol_attempts=1000)
        self._port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    def start(self) -> None:
        """Serve (again) on the same port as before, or a free one the first time."""
        config = uvicorn.Config(
            create_app(self.settings, self.engine),
            host="127.0.0.1",
            port=self._port,
            log_level="warning",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        started = threading.Event()
        for _ in range(1000):
            if server.started:
                started.set()
                break
            if not thread.is_alive():
                break
            started.wait(0.01)
        if not started.is_set():
            raise RuntimeError("the test central server did not start")
        self._port = server.servers[0].sockets[0].getsockname()[1]
        self._server, self._thread = server, thread

    def stop(self) -> None:
        """Stop serving: the port refuses connections until :meth:`start`."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._server = self._thread = None

    def new_code(self, branch: str = BRANCH) -> NewTerminal:
        """Register a terminal of ``branch``: its id and one-time enrolment code."""
        return add_terminal(self.engine, branch, f"Counter {uuid.uuid4().hex[:6]}", code_hours=1)

    def revoke(self, terminal_id: int) -> None:
        revoke_terminal(self.engine, terminal_id)

    def close(self) -> None:
        self.stop()
        self.engine.dispose()


@pytest.fixture
def central(central_template: Path, tmp_path: Path) -> Iterator[CentralServer]:
    database = tmp_path / "central" / "central.sqlite3"
    database.parent.mkdir()
    shutil.copyfile(central_template, database)
    server = CentralServer(database)
    yield server
    server.close()


@dataclass
class EnrolledTerminal:
    """A terminal's data folder, enrolled with a test server, with its cache open."""

    paths: DataPaths
    store: SettingsStore
    credentials: CredentialStore
    identity: TerminalIdentity
    db: CacheDatabase

    @property
    def credential(self) -> str:
        return self.credentials.load(self.identity.keyring_account)

    def connection(self) -> CentralConnection:
        """A new connection as this terminal (close it when done)."""
        return CentralConnection(self.identity.server_url, self.credential)


def enrol_terminal(
    central: CentralServer, data_dir: Path, branch: str = BRANCH
) -> EnrolledTerminal:
    """Enrol a fresh data folder with ``central`` (the real enrolment) and open its cache."""
    paths = DataPaths.under(data_dir)
    store, _loaded = prepare(paths)
    credentials = CredentialStore.for_this_computer()
    identity = enrol(
        central.base_url, central.new_code(branch).enrolment_code, "test-pc", store, credentials
    )
    return EnrolledTerminal(paths, store, credentials, identity, open_cache(paths.cache_file))


@pytest.fixture
def terminal(central: CentralServer, data_dir: Path) -> Iterator[EnrolledTerminal]:
    enrolled = enrol_terminal(central, data_dir)
    yield enrolled
    enrolled.db.close()
