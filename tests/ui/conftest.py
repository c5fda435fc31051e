"""A real demo cache per test (copied from one seeded per session) and the real counter window."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ebill_core.demo.catalogue import OPERATORS
from ebill_desktop.app import Terminal, build_services, open_terminal
from ebill_desktop.config import DataPaths
from ebill_desktop.storage.database import open_cache
from ebill_desktop.storage.demo_seed import seed_demo
from ebill_desktop.ui.counter_app import apply_look
from ebill_desktop.ui.counter_services import DemoCredential
from ebill_desktop.ui.main_window import MainWindow
from ebill_desktop.ui.tasks import TaskRunner

DEMO_CUSTOMERS = 200


class FakeClock:
    """The scanner's clock, moved by the test: bursts and typing without real time."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance_ms(self, ms: float) -> None:
        self.now += ms / 1000.0


@pytest.fixture(scope="session")
def demo_cache_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded demo cache per test session; tests get copies, never this file."""
    path = tmp_path_factory.mktemp("demo-template") / "cache.sqlite3"
    db = open_cache(path)
    try:
        seed_demo(db, customers=DEMO_CUSTOMERS, seed=42)
    finally:
        db.close()
    return path


@pytest.fixture
def terminal(data_dir: Path, demo_cache_template: Path) -> Iterator[Terminal]:
    """A terminal whose data folder holds its own copy of the demo cache."""
    for suffix in ("", "-wal", "-shm"):
        source = demo_cache_template.with_name(demo_cache_template.name + suffix)
        if source.exists():
            shutil.copy2(source, data_dir / source.name)
    opened = open_terminal(DataPaths.under(data_dir))
    yield opened
    opened.db.close()


@dataclass
class Counter:
    window: MainWindow
    runner: TaskRunner
    clock: FakeClock
    terminal: Terminal


@pytest.fixture
def counter(qtbot: QtBot, terminal: Terminal) -> Iterator[Counter]:
    """The real main window over the real services, with a fake scanner clock."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_look(app, terminal.settings)
    runner = TaskRunner()
    clock = FakeClock()
    window = MainWindow(
        build_services(terminal.db),
        runner,
        terminal.settings,
        data_as_of=terminal.db.data_as_of(),
        demo_credentials=[
            DemoCredential(o.login, o.password, o.full_name, str(o.role)) for o in OPERATORS
        ],
        clock=clock,
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield Counter(window, runner, clock, terminal)
    window.close()
    assert runner.shutdown(10_000)
    # Destroy the Qt side now, while Python is whole, not at interpreter exit.
    window.deleteLater()
    runner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
