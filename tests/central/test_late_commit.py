"""A change that commits late, with a lower id than one already read, is never skipped.

The first test is the scenario itself with two real PostgreSQL connections; the second runs
writers that hold their transactions open for random times while a reader pages the feed.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid

import httpx
import pytest
from sqlalchemy import select

from ebill_central.db.models import ChangeRow
from ebill_central.feed.page import read_page
from ebill_central.feed.scopes import office_scope
from ebill_central.feed.sequencer import sequence_pending
from ebill_central.feed.writer import record_change
from ebill_core.protocol import Entity, change_page_from_wire
from tests.central.conftest import SeededUtility, bearer, enrol_terminal


def _keys_after(client: httpx.Client, credential: str, after: int) -> tuple[list[str], int]:
    keys: list[str] = []
    while True:
        answer = client.get(
            "/api/v1/changes", params={"after": after, "limit": 5000}, headers=bearer(credential)
        )
        page = change_page_from_wire(answer.json())
        keys.extend(c.key for c in page.changes)
        after = page.next_after
        if not page.more:
            return keys, after


def test_a_late_commit_with_a_lower_id_is_delivered(
    backend: str, client: httpx.Client, seeded: SeededUtility
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time; the race needs concurrent writers")
    credential = enrol_terminal(client, seeded, "BR-A")
    _, cursor = _keys_after(client, credential, 0)
    scope = office_scope("SD-014")
    late, early = f"LATE-{uuid.uuid4().hex[:8]}", f"EARLY-{uuid.uuid4().hex[:8]}"

    writer_a = seeded.engine.connect()
    try:
        transaction_a = writer_a.begin()
        record_change(writer_a, Entity.METER, late, scope, None)  # takes the lower id, waits
        with seeded.engine.begin() as writer_b:
            record_change(writer_b, Entity.METER, early, scope, None)
        seen, cursor = _keys_after(client, credential, cursor)
        assert early in seen and late not in seen
        transaction_a.commit()
    finally:
        writer_a.close()

    with seeded.engine.connect() as connection:
        rows = connection.execute(
            select(ChangeRow.key, ChangeRow.change_id).where(ChangeRow.key.in_([late, early]))
        ).all()
        ids = {key: change_id for key, change_id in rows}
        connection.rollback()
    assert ids[late] < ids[early]  # a cursor over ids would already be past the late change
    seen_later, _ = _keys_after(client, credential, cursor)
    assert late in seen_later


def test_concurrent_writers_and_a_reader_lose_nothing_and_repeat_nothing(
    seeded: SeededUtility,
) -> None:
    seed = random.randrange(2**32)
    scope = office_scope(f"STRESS-{uuid.uuid4().hex[:8]}")
    noise = office_scope(f"NOISE-{uuid.uuid4().hex[:8]}")
    written: list[str] = []
    written_lock = threading.Lock()
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        rng = random.Random(seed + number)
        try:
            for batch in range(15):
                keys = [f"w{number}-{batch}-{i}" for i in range(rng.randint(1, 3))]
                with seeded.engine.begin() as connection:
                    for key in keys:
                        record_change(connection, Entity.METER, key, scope, None)
                        # Changes the reader must step over, not receive.
                        record_change(connection, Entity.METER, key, noise, None)
                    time.sleep(rng.random() * 0.004)  # hold the transaction open a while
                with written_lock:
                    written.extend(keys)
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    seen: list[str] = []
    cursor = 0

    def read_once() -> bool:
        nonlocal cursor
        sequence_pending(seeded.engine)
        with seeded.engine.connect() as connection:
            page = change_page_from_wire(json.loads(read_page(connection, (scope,), cursor, 7)))
            connection.rollback()
        seen.extend(c.key for c in page.changes)
        cursor = page.next_after
        return page.more

    writers = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in writers:
        thread.start()
    while any(thread.is_alive() for thread in writers):
        read_once()
    for thread in writers:
        thread.join()
    assert not failures, failures
    while read_once():
        pass
    assert len(seen) == len(set(seen)), f"repeated changes (seed {seed})"
    assert sorted(seen) == sorted(written), f"missing changes (seed {seed})"
