"""Numbering committed changes in commit order, so a reader's cursor never skips one.

Why: on PostgreSQL two writers can take change ids 7 and 8, and 8 can commit first. A reader that
paged by id would read 8, move its cursor past 7, and never see 7 once it commits. Here writers
leave ``seq`` NULL; the sequencer, one at a time (PostgreSQL: a transaction-scoped advisory lock;
SQLite: the write lock BEGIN IMMEDIATE takes), gives every *committed* unnumbered row a ``seq``
above every ``seq`` given so far. A row still uncommitted is invisible to it and gets a higher
``seq`` later, after whatever the reader has already seen. Readers read ``seq > cursor``.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, text

# pg_advisory_xact_lock key: "ebill" in ASCII; any constant works if nothing else uses it.
SEQUENCER_LOCK_KEY = 0x6562696C6C

# One statement, so every part of it sees the same snapshot: a row that commits while it runs
# is either numbered here or left NULL for the next run, never numbered below the current top.
_NUMBER_PENDING = text(
    """
    UPDATE change_log SET seq = change_id + (
        SELECT CASE WHEN top.mx >= low.mn THEN top.mx - low.mn + 1 ELSE 0 END
        FROM (SELECT COALESCE(MAX(seq), 0) AS mx FROM change_log) AS top,
             (SELECT MIN(change_id) AS mn FROM change_log WHERE seq IS NULL) AS low
    )
    WHERE seq IS NULL
    """
)
_TOP = text("SELECT COALESCE(MAX(seq), 0) FROM change_log")
_ANY_PENDING = text("SELECT 1 FROM change_log WHERE seq IS NULL LIMIT 1")


def take_sequencer_lock(connection: Connection) -> None:
    """Hold the sequencer lock until ``connection``'s transaction ends.

    On SQLite the transaction began IMMEDIATE and already holds the database's write lock.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEQUENCER_LOCK_KEY})


def top_seq(connection: Connection) -> int:
    """The highest ``seq`` given so far (0 for none); call it holding the lock."""
    return int(
        connection.execute(text("SELECT COALESCE(MAX(seq), 0) FROM change_log")).scalar_one()
    )


def sequence_pending(engine: Engine) -> int:
    """Number every committed, unnumbered change; returns how many were numbered."""
    with engine.connect() as connection:
        # Cheap check first: most feed reads find nothing to number and need no lock.
        pending = connection.execute(_ANY_PENDING).first() is not None
        connection.rollback()
    if not pending:
        return 0
    with engine.begin() as connection:
        take_sequencer_lock(connection)
        return connection.execute(_NUMBER_PENDING).rowcount
