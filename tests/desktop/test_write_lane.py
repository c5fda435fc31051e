"""The write lane: IMMEDIATE transactions, so concurrent read-modify-write loses nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ebill_desktop.storage.database import CacheDatabase, open_cache

ROUNDS = 150


def _counter(db: CacheDatabase) -> int:
    row = db.reader().execute("SELECT value FROM sync_state WHERE key = 'counter'").fetchone()
    return int(row[0])


def _increment(db: CacheDatabase, start: threading.Barrier, errors: list[BaseException]) -> None:
    start.wait()
    try:
        for _ in range(ROUNDS):
            with db.write_transaction() as connection:
                value = connection.exec_driver_sql(
                    "SELECT value FROM sync_state WHERE key = 'counter'"
                ).scalar_one()
                connection.exec_driver_sql(
                    "UPDATE sync_state SET value = ? WHERE key = 'counter'", (str(int(value) + 1),)
                )
    except BaseException as error:  # reported to the test thread
        errors.append(error)


def test_two_writers_on_one_file_lose_no_update(cache_path: Path) -> None:
    # Two separate CacheDatabase objects, as two processes would have: no shared Python lock,
    # only SQLite's BEGIN IMMEDIATE keeps the read and the write of each increment together.
    first, second = open_cache(cache_path), open_cache(cache_path)
    with first.write_transaction() as connection:
        connection.exec_driver_sql("INSERT INTO sync_state (key, value) VALUES ('counter', '0')")
    start, errors = threading.Barrier(2), []
    threads = [
        threading.Thread(target=_increment, args=(db, start, errors)) for db in (first, second)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert _counter(first) == 2 * ROUNDS
    first.close()
    second.close()


def test_a_second_writer_waits_for_the_first_to_commit(cache_path: Path) -> None:
    first, second = open_cache(cache_path), open_cache(cache_path)
    inside, entered, release = threading.Event(), threading.Event(), threading.Event()
    seen: list[str] = []

    def hold() -> None:
        with first.write_transaction() as connection:
            connection.exec_driver_sql("INSERT INTO sync_state (key, value) VALUES ('k', 'a')")
            inside.set()
            release.wait(10)

    def follow() -> None:
        inside.wait(10)
        with second.write_transaction() as connection:
            entered.set()
            seen.append(
                connection.exec_driver_sql("SELECT value FROM sync_state WHERE key='k'").scalar()
            )

    holder, follower = threading.Thread(target=hold), threading.Thread(target=follow)
    holder.start()
    follower.start()
    inside.wait(10)
    # IMMEDIATE: the follower cannot even begin while the holder's transaction is open.
    assert not entered.wait(0.3)
    release.set()
    holder.join(10)
    follower.join(10)
    assert seen == ["a"]
    first.close()
    second.close()


def test_a_failed_write_leaves_nothing_behind(cache: CacheDatabase) -> None:
    with pytest.raises(ZeroDivisionError), cache.write_transaction() as connection:
        connection.exec_driver_sql("INSERT INTO sync_state (key, value) VALUES ('half', 'x')")
        _ = 1 / 0
    assert cache.sync_value("half") is None


def test_write_transactions_do_not_nest(cache: CacheDatabase) -> None:
    with (
        cache.write_transaction(),
        pytest.raises(RuntimeError, match="do not nest"),
        cache.write_transaction(),
    ):
        pass


def test_commits_do_not_checkpoint_but_the_background_thread_does(cache_path: Path) -> None:
    import time

    db = open_cache(cache_path)
    try:
        with db.write_transaction() as connection:
            autocheckpoint = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()
        assert autocheckpoint == 0  # the commit that crosses a threshold never pays for it
        for n in range(300):
            with db.write_transaction() as connection:
                connection.exec_driver_sql(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?)", (f"k{n}", "x" * 500)
                )
        # Soon after the writes the background thread checkpoints (the commits did not).
        deadline = time.monotonic() + 10
        while db._checkpointer.made == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert db._checkpointer.made > 0
        assert len(db.reader().execute("SELECT key FROM sync_state").fetchall()) >= 300
        checkpointer = db._checkpointer._thread
        assert checkpointer is not None and checkpointer.is_alive()
    finally:
        db.close()
    assert not checkpointer.is_alive()
