"""Shared set-up for every test: no screen, no user folders, no real keyring.

* Qt runs on the ``offscreen`` platform, set here before any test can start a QApplication.
* Every test gets fresh, empty per-user folders (``XDG_*`` under its own ``tmp_path``), so
  nothing reads or writes the real user's settings, cache or logs.
* The keyring is an in-memory backend, fresh per test: nothing reaches the OS keyring.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(autouse=True)
def _fresh_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        folder = tmp_path / "user" / variable.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(variable, str(folder))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for one terminal (what ``--data-dir`` points at)."""
    folder = tmp_path / "terminal"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _memory_keyring() -> Iterator[None]:
    # Imported here so that collecting the tests stays quick.
    import keyring
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self._store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self._store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self._store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            if self._store.pop((service, username), None) is None:
                raise PasswordDeleteError(f"no password for {username!r} in {service!r}")

    keyring.set_keyring(MemoryKeyring())
    yield


# PySide6 (6.12 on CPython 3.11) can abort while the interpreter finalises its wrappers at exit
# ("Fatal Python error: none_dealloc / bool_dealloc"), after every test has passed and even for
# a ten-line script that only made a QApplication and a widget. The run's result is known by
# then, so a process that loaded Qt leaves without finalising, with pytest's own exit status.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    import sys

    if "PySide6.QtWidgets" in sys.modules and _EXIT_STATUS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
