"""Running work off the UI thread and getting its result back on it.

Every view uses :class:`TaskRunner`: the UI thread never waits on the cache. A task is a plain
function; it runs on a ``QThreadPool`` worker, and its result (or exception) is delivered to a
callback on the UI thread through a queued signal. Tasks run in a named *lane*: when a view asks
for a new search before the last one finished, the old result is dropped on arrival instead of
overwriting the newer one. On exit, :meth:`TaskRunner.shutdown` drops queued work and joins the
running workers (``QThreadPool.waitForDone``); nothing is ever terminated.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, SignalInstance, Slot

log = logging.getLogger(__name__)

OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


@dataclass(slots=True)
class _Pending:
    lane: str
    on_done: OnDone
    on_error: OnError | None


class _Job(QRunnable):
    """Runs one function on a pool thread and reports through the runner's signal."""

    def __init__(self, task_id: int, work: Callable[[], Any], report: SignalInstance) -> None:
        super().__init__()
        self._task_id = task_id
        self._work = work
        self._report = report

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # delivered to the view, which says what went wrong
            self._report.emit(self._task_id, None, exc)
        else:
            self._report.emit(self._task_id, result, None)


class TaskRunner(QObject):
    """Runs functions on worker threads and calls back on the UI thread."""

    # (task id, result, exception): emitted from a worker, received on the UI thread (queued).
    _finished = Signal(int, object, object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        # Workers live as long as the runner: each keeps its own cache connection (warm page
        # cache, prepared statements), so a worker that expired would cost a new one.
        self._pool.setExpiryTimeout(-1)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[str, int] = {}
        self._closed = False
        self._finished.connect(self._deliver)

    def run(
        self,
        lane: str,
        work: Callable[[], Any],
        on_done: OnDone,
        on_error: OnError | None = None,
    ) -> int:
        """Start ``work()`` off the UI thread; ``on_done(result)`` or ``on_error(exc)`` follows.

        A later task in the same ``lane`` supersedes this one: if this one finishes after it was
        superseded, its result is dropped. Returns the task id.
        """
        if self._closed:
            raise RuntimeError("the task runner has been shut down")
        task_id = next(self._ids)
        was_idle = not self._pending
        self._pending[task_id] = _Pending(lane, on_done, on_error)
        self._latest[lane] = task_id
        self._pool.start(_Job(task_id, work, self._finished))
        if was_idle:
            self.busy_changed.emit(True)
        return task_id

    def is_busy(self, lane: str | None = None) -> bool:
        """Whether a task (in ``lane``, or in any lane) has not reported yet."""
        return any(lane is None or p.lane == lane for p in self._pending.values())

    @Slot(int, object, object)
    def _deliver(self, task_id: int, result: object, error: object) -> None:
        pending = self._pending.pop(task_id, None)
        if not self._pending:
            self.busy_changed.emit(False)
        if pending is None or self._closed:
            return
        if self._latest.get(pending.lane) != task_id:
            log.debug("dropped the result of superseded task %d in lane %s", task_id, pending.lane)
            return
        if isinstance(error, BaseException):
            if pending.on_error is None:
                log.error("task in lane %s failed", pending.lane, exc_info=error)
            else:
                log.info("task in lane %s failed: %r", pending.lane, error)
                pending.on_error(error)
            return
        pending.on_done(result)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Drop queued work, wait for running workers; True if all of them finished in time."""
        self._closed = True
        self._pool.clear()
        finished = self._pool.waitForDone(timeout_ms)
        if not finished:
            log.warning("workers still running %d ms after shutdown was asked", timeout_ms)
        return finished
