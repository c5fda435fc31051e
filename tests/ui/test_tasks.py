"""The off-UI-thread helper: results on the UI thread, errors too, superseded results dropped."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ebill_desktop.storage.database import open_cache
from ebill_desktop.ui.tasks import TaskRunner


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(5_000)
    tasks.deleteLater()


def test_result_arrives_on_the_ui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    ui_thread = threading.get_ident()
    worked_on: list[int] = []
    delivered: list[tuple[int, object]] = []

    def work() -> str:
        worked_on.append(threading.get_ident())
        return "done"

    runner.run("lane", work, lambda result: delivered.append((threading.get_ident(), result)))
    qtbot.waitUntil(lambda: bool(delivered))
    assert worked_on and worked_on[0] != ui_thread
    assert delivered == [(ui_thread, "done")]


def test_exception_is_delivered_to_on_error(qtbot: QtBot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []
    done: list[object] = []

    def work() -> None:
        raise ValueError("bad account")

    runner.run("lane", work, done.append, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "bad account"
    assert done == []


def test_superseded_result_is_dropped(qtbot: QtBot, runner: TaskRunner) -> None:
    release_first = threading.Event()
    delivered: list[str] = []

    def slow() -> str:
        release_first.wait(5)
        return "old"

    runner.run("lookup", slow, delivered.append)
    runner.run("lookup", lambda: "new", delivered.append)
    qtbot.waitUntil(lambda: delivered == ["new"])
    with qtbot.waitSignal(runner.busy_changed, timeout=5_000) as idle:
        release_first.set()
    assert idle.args == [False]
    assert delivered == ["new"]  # the old search's result never overwrote the new one


def test_other_lanes_are_not_superseded(qtbot: QtBot, runner: TaskRunner) -> None:
    delivered: list[str] = []
    runner.run("lookup", lambda: "search", delivered.append)
    runner.run("summary", lambda: "consumer", delivered.append)
    qtbot.waitUntil(lambda: len(delivered) == 2)
    assert sorted(delivered) == ["consumer", "search"]


def test_shutdown_joins_running_workers_and_refuses_new_work(qtbot: QtBot) -> None:
    tasks = TaskRunner()
    started = threading.Event()
    finished = threading.Event()

    def work() -> None:
        started.set()
        finished.wait(0.2)  # a worker still busy when the window closes
        finished.set()

    tasks.run("lane", work, lambda _: None)
    assert started.wait(5)
    assert tasks.shutdown(5_000)
    assert finished.is_set()
    with pytest.raises(RuntimeError):
        tasks.run("lane", lambda: None, lambda _: None)


def test_many_tasks_reuse_one_cache_connection_per_worker(
    qtbot: QtBot, runner: TaskRunner, tmp_path: Path
) -> None:
    # Qt's pool threads enter Python afresh for each task; the cache must still hand each worker
    # the same connection, or every search leaks one (about 2 MB each on a large cache).
    db = open_cache(tmp_path / "cache.sqlite3")
    try:
        seen: list[int] = []
        for _ in range(30):
            done: list[int] = []
            runner.run("lookup", lambda: id(db.reader()), done.append)
            qtbot.waitUntil(lambda: bool(done))  # noqa: B023 - waited for inside the loop
            seen.extend(done)
        assert len(set(seen)) <= 2  # at most one per worker of the runner's pool
    finally:
        assert runner.shutdown(5_000)
        db.close()
