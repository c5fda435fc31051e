"""Opening the terminal's cache, and the two ways in: per-thread readers and the one write lane.

* :func:`open_cache` checks the file read-only first (garbage, another program's database, or a
  newer ebill's cache are refused untouched), copies it to ``backups/`` when a migration is due,
  migrates it with Alembic and returns a :class:`CacheDatabase`.
* Every connection runs with ``journal_mode=WAL``, ``synchronous=FULL``, ``foreign_keys=ON`` and
  a ``busy_timeout``. SQLAlchemy, not the sqlite3 driver, emits ``BEGIN``.
* Writes go through :meth:`CacheDatabase.write_transaction`: an in-process lock (so threads queue
  instead of spinning on SQLite's lock) around a transaction that begins ``IMMEDIATE`` (so two
  processes on one file cannot both read, then both write: the second waits to begin).
* Reads on hot paths use :meth:`CacheDatabase.reader`, one raw ``sqlite3`` connection per thread,
  in autocommit mode and ``query_only``; statements are prepared once and cached by the driver.
* SQLAlchemy (and Alembic) are imported where first used: opening an up-to-date cache and reading
  it need neither, so the counter's start-up does not pay for them. The engine is made on the
  first write or SQLAlchemy read (:attr:`CacheDatabase.engine`).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ebill_desktop.storage.backups import back_up
from ebill_desktop.storage.cache_file import look_at
from ebill_desktop.storage.errors import CacheOpenError, CacheTooNewError, CacheUnreadableError
from ebill_desktop.storage.schema_head import HEAD_REVISION

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

__all__ = [
    "CacheDatabase",
    "CacheOpenError",
    "CacheTooNewError",
    "CacheUnreadableError",
    "open_cache",
]

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
BEGIN_MODE = "ebill_begin"  # execution option read by the "begin" hook
DATA_AS_OF = "data_as_of"
CURRENCY = "currency"
DEFAULT_CURRENCY = "INR"

_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    # No connection checkpoints the WAL when it commits: the commit that crossed the threshold
    # would pay for copying ~1,000 pages into the database (the payment commit's p99 went from
    # ~4 ms to ~12 ms). A background thread checkpoints instead (:class:`_Checkpointer`).
    "PRAGMA wal_autocheckpoint = 0",
)


def set_pragmas(connection: sqlite3.Connection) -> None:
    """Put a raw connection in the cache's discipline (autocommit driver, WAL, FULL, FKs on)."""
    # isolation_level None: the driver never issues BEGIN on its own; we say when and which kind.
    connection.isolation_level = None
    for pragma in _PRAGMAS:
        connection.execute(pragma).fetchall()


def _engine_for(path: Path) -> Engine:
    from sqlalchemy import URL, create_engine, event

    engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        set_pragmas(dbapi_connection)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get(BEGIN_MODE, "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


class _Checkpointer:
    """Copies the WAL into the database file after writes, off the writer's path.

    ``PASSIVE`` checkpoints never wait for, nor block, readers and writers; each copies what it
    can, and SQLite starts the WAL file over once everything in it is copied. Durability does
    not depend on it: a committed transaction is in the WAL (``synchronous=FULL``) either way.
    """

    DEBOUNCE_S = 0.25  # let a burst of commits pass; one checkpoint after it

    def __init__(self, path: Path) -> None:
        self._path = path
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self.made = 0  # checkpoints made so far (for tests and logs)

    def nudge(self) -> None:
        """A write committed: checkpoint soon (the thread starts on the first nudge)."""
        with self._start_lock:
            if self._thread is None and not self._stopping.is_set():
                # Daemon so a cache never closed cannot hold the process open; close() joins it.
                self._thread = threading.Thread(
                    target=self._run, name="ebill-wal-checkpoint", daemon=True
                )
                self._thread.start()
        self._wanted.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        with self._start_lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout=30)

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, check_same_thread=False)
        try:
            set_pragmas(connection)
            while True:
                self._wanted.wait()
                if self._stopping.wait(self.DEBOUNCE_S):
                    return  # stop() was called (before or during the debounce)
                self._wanted.clear()
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.made += 1
                except sqlite3.Error as error:  # busy or gone: the next commit nudges again
                    log.warning("WAL checkpoint of %s not made: %s", self._path, error)
        finally:
            connection.close()


class CacheDatabase:
    """An open cache: the file, its engine, the write lane and the per-thread readers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._engines: tuple[Engine, Engine] | None = None  # (engine, IMMEDIATE writer)
        self._engines_lock = threading.Lock()
        self._lane = threading.Lock()
        self._lane_holder: int | None = None
        # Keyed by the OS thread id, not a threading.local: Qt's pool threads enter Python anew
        # for every task, and a threading.local would then hand out (and keep) a new connection
        # per task; a leak of ~2 MB per search on the 1M cache.
        self._readers: dict[int, sqlite3.Connection] = {}
        self._readers_lock = threading.Lock()
        self._checkpointer = _Checkpointer(path)
        self._closed = False

    # -- writing ----------------------------------------------------------------------------

    @contextmanager
    def write_transaction(self) -> Iterator[Connection]:
        """The one write lane: a connection in a transaction begun ``IMMEDIATE``.

        Commits when the block ends, rolls back if it raises. Threads of this process queue on
        a lock; other processes wait on SQLite's write lock (up to the busy timeout). Write
        transactions do not nest: a second one on the same thread raises at once instead of
        waiting for itself.
        """
        self._check_open()
        if self._lane_holder == threading.get_ident():
            raise RuntimeError("write transactions do not nest; finish the first one")
        with self._lane:
            self._lane_holder = threading.get_ident()
            try:
                with self._write_engine().connect() as connection, connection.begin():
                    yield connection
            finally:
                self._lane_holder = None
        self._checkpointer.nudge()  # committed (an exception above skips this)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine over the cache, made on first use (from any thread)."""
        return self._made_engines()[0]

    def _write_engine(self) -> Engine:
        return self._made_engines()[1]

    def _made_engines(self) -> tuple[Engine, Engine]:
        with self._engines_lock:  # checked under the lock: close() cannot slip in between
            self._check_open()
            if self._engines is None:
                engine = _engine_for(self.path)
                self._engines = (engine, engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"}))
            return self._engines

    # -- reading ----------------------------------------------------------------------------

    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection (made on first use, closed by :meth:`close`).

        One per OS thread, kept until :meth:`close`: callers use a bounded set of threads (the
        UI's task pool keeps its workers for the life of the app).
        """
        self._check_open()
        ident = threading.get_ident()
        connection = self._readers.get(ident)
        if connection is None:
            connection = sqlite3.connect(self.path, check_same_thread=False, cached_statements=256)
            set_pragmas(connection)
            connection.execute("PRAGMA query_only = ON")
            with self._readers_lock:
                self._readers[ident] = connection
        return connection

    def sync_value(self, key: str) -> str | None:
        """A value of the ``sync_state`` table (``data_as_of``, ``currency`` ...)."""
        row = self.reader().execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def data_as_of(self) -> datetime | None:
        """When the data in the cache was last known good (last sync, or the demo load)."""
        value = self.sync_value(DATA_AS_OF)
        return None if value is None else datetime.fromisoformat(value)

    def currency(self) -> str:
        """The utility's currency, as the imported data says (INR until something is imported)."""
        return self.sync_value(CURRENCY) or DEFAULT_CURRENCY

    def is_empty(self) -> bool:
        """True when no account has been imported yet."""
        row = self.reader().execute("SELECT EXISTS (SELECT 1 FROM accounts)").fetchone()
        return not row[0]

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close every connection. Call when no worker is using the cache any more."""
        if self._closed:
            return
        self._closed = True
        self._checkpointer.stop()
        with self._readers_lock:
            readers, self._readers = list(self._readers.values()), {}
        for connection in readers:
            connection.close()
        with self._engines_lock:
            engines, self._engines = self._engines, None
        if engines is not None:
            engines[0].dispose()

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"the cache {self.path} is closed")


def set_sync_value(connection: Connection, key: str, value: str) -> None:
    """Record ``key = value`` in ``sync_state`` inside a write transaction."""
    connection.exec_driver_sql(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def set_data_as_of(connection: Connection, when: datetime) -> None:
    """Record when the cache's data was last known good, inside a write transaction."""
    set_sync_value(connection, DATA_AS_OF, when.isoformat())


def open_cache(path: Path) -> CacheDatabase:
    """Open (creating or migrating) the cache at ``path``.

    Raises :class:`CacheUnreadableError` for a file that is not an ebill cache, and
    :class:`CacheTooNewError` for one made by a newer ebill; neither touches the file. Before a
    migration changes an existing file, a copy goes to ``<data dir>/backups``.
    """
    path = Path(path)
    state = look_at(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CacheOpenError(f"Cannot create the data folder {path.parent}: {error}") from error
    # An up-to-date cache (the usual start-up) loads neither Alembic nor SQLAlchemy here.
    if state.revision != HEAD_REVISION:
        _migrate(path, state.revision, state.has_content)
    return CacheDatabase(path)


def _migrate(path: Path, revision: str | None, has_content: bool) -> None:
    from ebill_desktop.storage.migrate import known_revisions, upgrade

    if revision is not None and revision not in known_revisions():
        raise CacheTooNewError(
            f"The cache {path} was made by a newer ebill (schema {revision}). Upgrade this "
            "program to open it; nothing in the file was changed."
        )
    if has_content:
        try:
            back_up(path, revision or "base")
        except (OSError, sqlite3.Error) as error:
            raise CacheOpenError(
                f"Could not copy the cache to its backups folder before upgrading it ({error}); "
                "nothing was changed. Free some disk space and start again."
            ) from error
    engine = _engine_for(path)
    try:
        immediate = engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
        with immediate.connect() as connection, connection.begin():
            upgrade(connection)
    finally:
        engine.dispose()
