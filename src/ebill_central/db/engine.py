"""Engines for both backends, set up the way the server needs them.

SQLite: WAL, ``synchronous=FULL``, foreign keys on, a busy timeout, and every transaction begun
IMMEDIATE (a deferred one that later writes can fail or lose a read-modify-write race).
PostgreSQL: psycopg 3, READ COMMITTED, a small pool with pre-ping.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url


class DatabaseUrlError(ValueError):
    """The database URL is not one this server can use."""


def parse_database_url(url: str) -> URL:
    """The URL parsed, if it names SQLite or PostgreSQL through psycopg 3."""
    try:
        parsed = make_url(url)
    except Exception as error:
        raise DatabaseUrlError(f"not a database URL: {url!r}") from error
    if parsed.get_backend_name() == "postgresql":
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return parsed
    raise DatabaseUrlError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    """An engine for ``url``; an SQLite file's folder is created if missing."""
    parsed = parse_database_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return create_engine(
        parsed,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        hide_parameters=True,
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # Parameters stay out of error messages: they are consumers' personal data.
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself instead of pysqlite's deferred one.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"
