"""The app's sync worker against a real central server on loopback (short intervals, no sleeps).

Each test starts a :class:`SyncCoordinator` over an enrolled terminal and waits for the status
snapshot it expects (a condition variable fed by the coordinator's listener), then checks the
server and the cache themselves.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import record_change
from ebill_core.protocol import Entity, PaymentMessage
from ebill_desktop.app import prepare
from ebill_desktop.config import DataPaths
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.security.keyring_store import CredentialStore, KeyringUnavailable
from ebill_desktop.storage.database import open_cache
from ebill_desktop.sync.coordinator import LinkState, SyncCoordinator, SyncStatus
from ebill_desktop.sync.file_lock import LOCK_FILE, SyncLock
from ebill_desktop.sync.outbox import (
    Answer,
    OutboxError,
    OutboxState,
    Resolution,
    find_item,
    record_answers,
)
from ebill_desktop.sync.puller import stored_cursor
from ebill_desktop.sync.sender import Backoff
from tests.desktop.security_support import CASHIER, KIOSK, SUPERVISOR
from tests.sync.conftest import CentralServer, EnrolledTerminal
from tests.sync.soak_sender import enqueue_payments, make_payments, open_bills, server_payments

OFFICE = "SD-014"
WAIT_S = 20.0


class Statuses:
    """The snapshots a coordinator published, and a way to wait for one."""

    def __init__(self) -> None:
        self.seen: list[SyncStatus] = []
        self._changed = threading.Condition()

    def __call__(self, status: SyncStatus) -> None:
        with self._changed:
            self.seen.append(status)
            self._changed.notify_all()

    def wait_for(self, what: Callable[[SyncStatus], bool], timeout: float = WAIT_S) -> SyncStatus:
        """The first snapshot (already seen, or coming) for which ``what`` holds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            start = 0
            while True:
                for status in self.seen[start:]:
                    if what(status):
                        return status
                start = len(self.seen)
                left = deadline - time.monotonic()
                if left <= 0:
                    last = self.seen[-1] if self.seen else None
                    raise AssertionError(f"no such status within {timeout} s; last: {last}")
                self._changed.wait(left)

    def latest(self) -> SyncStatus:
        with self._changed:
            return self.seen[-1]


def settled(status: SyncStatus) -> bool:
    """A finished round that reached the end of the feed with nothing left to send."""
    return (
        status.link is LinkState.ONLINE
        and not status.syncing
        and status.pending == 0
        and status.data_as_of is not None
    )


Start = Callable[..., tuple[SyncCoordinator, Statuses]]


@pytest.fixture
def start(terminal: EnrolledTerminal) -> Iterator[Start]:
    """Start a coordinator over ``terminal`` (options as keywords); stopped after the test."""
    started: list[SyncCoordinator] = []

    def make(
        *,
        interval: float = 3600.0,
        credentials: Callable[[], CredentialStore] | None = None,
        first_round_after: float = 0.0,
        **options: object,
    ) -> tuple[SyncCoordinator, Statuses]:
        coordinator = SyncCoordinator(
            terminal.db,
            terminal.paths.data_dir,
            terminal.store.load().settings,
            credentials or (lambda: terminal.credentials),
            interval_seconds=interval,
            timeout=(1.0, 5.0),
            backoff=Backoff(0.05, 0.2),
            **options,
        )
        statuses = Statuses()
        coordinator.add_listener(statuses)
        coordinator.start(first_round_after=first_round_after)
        started.append(coordinator)
        return coordinator, statuses

    yield make
    for coordinator in started:
        assert coordinator.stop(10.0), "the sync worker did not stop"


def payments(
    central: CentralServer, terminal: EnrolledTerminal, *seqs: int
) -> list[PaymentMessage]:
    tid = terminal.identity.terminal_id
    return make_payments(open_bills(central.engine), seqs, random.Random(seqs[0]), tid)


def rename_a_consumer(central: CentralServer, terminal: EnrolledTerminal, name: str) -> int:
    """Head office renames the first consumer the terminal holds; its id."""
    (consumer_id,) = (
        terminal.db.reader()
        .execute("SELECT consumer_id FROM consumers ORDER BY consumer_id LIMIT 1")
        .fetchone()
    )
    with central.engine.begin() as connection:
        mobile, email = connection.execute(
            text("SELECT mobile, email FROM consumers WHERE consumer_id = :id"),
            {"id": consumer_id},
        ).one()
        record = {"consumer_id": consumer_id, "name": name, "mobile": mobile, "email": email}
        record_change(connection, Entity.CONSUMER, str(consumer_id), office_scope(OFFICE), record)
    return int(consumer_id)


def cached_name(terminal: EnrolledTerminal, consumer_id: int) -> str:
    row = (
        terminal.db.reader()
        .execute("SELECT name FROM consumers WHERE consumer_id = ?", (consumer_id,))
        .fetchone()
    )
    return str(row[0])


def wait_until(check: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- uploads and pulls -------------------------------------------------------------------------


def test_the_first_round_uploads_the_outbox_and_pulls_the_whole_feed(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    taken = payments(central, terminal, 1, 2, 3)
    enqueue_payments(terminal.db, taken)
    _coordinator, statuses = start(page_size=500)
    status = statuses.wait_for(settled)
    held = server_payments(central.engine, terminal.identity.terminal_id)
    assert held == {p.payment_id: p.terminal_seq for p in taken}
    assert all(find_item(terminal.db, p.payment_id).state is OutboxState.DONE for p in taken)
    accounts = terminal.db.reader().execute("SELECT COUNT(*) FROM accounts").fetchone()[0]
    assert accounts > 0
    assert status.data_as_of == terminal.db.data_as_of()
    assert status.last_good_sync is not None and status.last_good_sync >= status.data_as_of
    assert status.policy is not None and status.policy.branch_code == terminal.identity.branch_code
    assert status.last_error is None and status.attention == 0
    # The first sync showed its progress, page by page, then cleared it.
    shown = [s.progress for s in statuses.seen if s.progress is not None]
    assert len(shown) >= 2 and all(p.first_sync for p in shown)
    assert [p.done for p in shown] == sorted(p.done for p in shown)
    assert status.progress is None


def test_the_first_round_waits_for_the_window_unless_asked(
    terminal: EnrolledTerminal, start: Start
) -> None:
    coordinator, statuses = start(first_round_after=60.0)  # the app: its window comes up first
    assert statuses.latest().counted is False and statuses.latest().link is LinkState.UNKNOWN
    assert stored_cursor(terminal.db) == 0
    coordinator.sync_now()  # F5 does not wait
    status = statuses.wait_for(settled)
    assert status.counted and stored_cursor(terminal.db) > 0


def test_sync_now_pulls_a_change_made_at_head_office(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    coordinator, statuses = start()  # an hour between periodic pulls: only sync_now brings it
    first = statuses.wait_for(settled)
    consumer_id = rename_a_consumer(central, terminal, "Zenobia Quixwell")
    coordinator.sync_now()
    statuses.wait_for(lambda s: settled(s) and s.data_as_of > first.data_as_of)
    assert cached_name(terminal, consumer_id) == "Zenobia Quixwell"


def test_pulls_run_periodically(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    _coordinator, statuses = start(interval=0.3)
    statuses.wait_for(settled)
    consumer_id = rename_a_consumer(central, terminal, "Periodic Pullman")
    wait_until(lambda: cached_name(terminal, consumer_id) == "Periodic Pullman", "the next pull")


def test_a_pull_follows_each_upload(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    coordinator, statuses = start()
    first = statuses.wait_for(settled)
    consumer_id = rename_a_consumer(central, terminal, "After Upload")
    (payment,) = payments(central, terminal, 1)
    enqueue_payments(terminal.db, [payment])
    coordinator.upload_now()  # what the payment screen does after taking a payment
    statuses.wait_for(lambda s: settled(s) and s.data_as_of > first.data_as_of)
    assert cached_name(terminal, consumer_id) == "After Upload"
    assert payment.payment_id in server_payments(central.engine, terminal.identity.terminal_id)


# -- one sender per data folder ----------------------------------------------------------------


def test_another_instance_holding_the_lock_keeps_this_one_from_syncing(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    (payment,) = payments(central, terminal, 1)
    enqueue_payments(terminal.db, [payment])
    other = SyncLock(terminal.paths.data_dir)  # another ebill on the same data folder
    other.acquire()
    try:
        coordinator, statuses = start()
        status = statuses.wait_for(lambda s: s.link is LinkState.LOCK_HELD_ELSEWHERE)
        assert status.last_error is not None and "already syncing" in status.last_error
        statuses.wait_for(lambda s: s.pending == 1)  # it still reads the local counts
        assert server_payments(central.engine, terminal.identity.terminal_id) == {}
        assert stored_cursor(terminal.db) == 0
    finally:
        other.release()
    coordinator.sync_now()  # the other one has gone: this one takes over
    statuses.wait_for(settled)
    assert payment.payment_id in server_payments(central.engine, terminal.identity.terminal_id)


def test_stop_is_prompt_and_lets_go_of_the_lock(terminal: EnrolledTerminal, start: Start) -> None:
    coordinator, statuses = start()
    statuses.wait_for(settled)
    began = time.monotonic()
    assert coordinator.stop(5.0)
    assert time.monotonic() - began < 1.0
    assert not [t for t in threading.enumerate() if t.name == "ebill-sync"]
    with SyncLock(terminal.paths.data_dir):  # released: another instance may sync now
        pass
    assert statuses.latest().syncing is False


def test_stop_during_a_first_sync_ends_at_a_whole_page_and_the_next_run_resumes(
    terminal: EnrolledTerminal, start: Start
) -> None:
    coordinator, statuses = start(page_size=40)
    statuses.wait_for(lambda s: s.progress is not None and s.progress.done >= 40)
    began = time.monotonic()
    assert coordinator.stop(5.0)
    assert time.monotonic() - began < 3.0
    cursor = stored_cursor(terminal.db)
    assert cursor > 0 and terminal.db.data_as_of() is None  # part of the feed, not its end
    _again, statuses = start(page_size=500)
    statuses.wait_for(settled)
    assert stored_cursor(terminal.db) > cursor


# -- the link going away, refusals -------------------------------------------------------------


def test_an_unreachable_server_shows_offline_and_the_sync_recovers(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    taken = payments(central, terminal, 1, 2)
    enqueue_payments(terminal.db, taken)
    central.stop()
    _coordinator, statuses = start(interval=0.3)
    down = statuses.wait_for(lambda s: s.link is LinkState.OFFLINE and not s.syncing)
    assert down.last_error is not None and "cannot reach the central server" in down.last_error
    assert down.pending == 2 and down.oldest_pending_at is not None
    assert down.data_as_of is None and down.last_good_sync is None
    central.start()  # same port: the next periodic round gets through
    status = statuses.wait_for(settled)
    assert status.last_error is None and status.last_good_sync is not None
    held = server_payments(central.engine, terminal.identity.terminal_id)
    assert held == {p.payment_id: p.terminal_seq for p in taken}


def test_a_revoked_terminal_is_refused_and_says_so(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    central.revoke(terminal.identity.terminal_id)
    _coordinator, statuses = start()
    status = statuses.wait_for(lambda s: s.link is LinkState.REFUSED)
    assert status.last_error is not None and "credential" in status.last_error
    assert stored_cursor(terminal.db) == 0


def test_an_unusable_keyring_is_a_status_not_a_crash(
    terminal: EnrolledTerminal, start: Start
) -> None:
    def locked() -> CredentialStore:
        raise KeyringUnavailable("the keyring is locked: unlock it (log in again) and retry")

    coordinator, statuses = start(credentials=locked)
    status = statuses.wait_for(lambda s: s.link is LinkState.KEYRING_UNAVAILABLE)
    assert status.last_error == "the keyring is locked: unlock it (log in again) and retry"
    assert not (terminal.paths.data_dir / LOCK_FILE).exists()  # nothing taken without it
    coordinator.sync_now()  # tries again, says the same, does not stop
    assert coordinator.status().link is LinkState.KEYRING_UNAVAILABLE


def test_a_terminal_not_enrolled_does_nothing_and_says_so(data_dir: Path) -> None:
    paths = DataPaths.under(data_dir)
    _store, loaded = prepare(paths)
    db = open_cache(paths.cache_file)

    def never() -> CredentialStore:
        raise AssertionError("a terminal that is not enrolled has no credential to read")

    coordinator = SyncCoordinator(db, data_dir, loaded.settings, never, interval_seconds=0.05)
    statuses = Statuses()
    coordinator.add_listener(statuses)
    try:
        assert not coordinator.enrolled
        coordinator.start()
        coordinator.sync_now()
        status = statuses.wait_for(
            lambda s: s.link is LinkState.NOT_ENROLLED and len(statuses.seen) > 3
        )
        assert status.pending == 0 and status.data_as_of is None
        assert not (data_dir / LOCK_FILE).exists()
    finally:
        assert coordinator.stop(5.0)
        db.close()


# -- the attention list ------------------------------------------------------------------------


def test_resolving_an_attention_item_retries_it_at_once(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    first, second = payments(central, terminal, 1, 2)
    enqueue_payments(terminal.db, [first, second])
    with terminal.db.write_transaction() as connection:  # as the sender files a refusal
        record_answers(
            connection,
            [Answer(first.payment_id, OutboxState.ATTENTION, None, "rejected: test refusal")],
            datetime.now(UTC),
        )
    coordinator, statuses = start()
    status = statuses.wait_for(lambda s: settled(s) and s.attention == 1)
    assert [item.item_id for item in coordinator.attention_items()] == [first.payment_id]
    for bad_note in ("", "   "):
        with pytest.raises(OutboxError):
            coordinator.resolve(first.payment_id, Resolution.RETRY, bad_note, actor=SUPERVISOR)
    assert find_item(terminal.db, first.payment_id).state is OutboxState.ATTENTION

    # The role is checked by the coordinator itself: a cashier may retry, never set aside; a
    # kiosk may do neither. Refused, nothing changes.
    for actor, resolution in ((CASHIER, Resolution.SET_ASIDE), (KIOSK, Resolution.RETRY)):
        with pytest.raises(NotPermittedError):
            coordinator.resolve(first.payment_id, resolution, "not mine to decide", actor=actor)
    assert find_item(terminal.db, first.payment_id).state is OutboxState.ATTENTION

    coordinator.resolve(
        first.payment_id, Resolution.RETRY, "supervisor: fixed at head office", actor=SUPERVISOR
    )
    status = statuses.wait_for(lambda s: settled(s) and s.attention == 0)
    assert status.pending == 0
    held = server_payments(central.engine, terminal.identity.terminal_id)
    assert set(held) == {first.payment_id, second.payment_id}
    with pytest.raises(OutboxError):  # no longer on the list: nothing changes
        coordinator.resolve(
            first.payment_id, Resolution.SET_ASIDE, "supervisor: again", actor=SUPERVISOR
        )


# -- the audit trail ---------------------------------------------------------------------------


def _audit_entries(terminal: EnrolledTerminal, count: int) -> None:
    from ebill_desktop.security import audit

    for n in range(count):
        with terminal.db.write_transaction() as connection:
            audit.append(connection, "asha", "reprint", {"n": n})


def _held_audit(central: CentralServer, terminal_id: int) -> list[int]:
    from sqlalchemy.orm import Session

    from ebill_central.services.audit_trail import stored_chain

    with Session(central.engine) as session:
        return [e.seq for e in stored_chain(session, terminal_id)]


def test_each_round_uploads_the_audit_trail_after_the_outbox(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    from ebill_desktop.security import audit

    tid = terminal.identity.terminal_id
    audit.start_chain(terminal.db, audit.chain_identity(terminal.store.load().settings))
    _audit_entries(terminal, 2)
    (payment,) = payments(central, terminal, 1)
    enqueue_payments(terminal.db, [payment])
    coordinator, statuses = start()
    first = statuses.wait_for(settled)
    assert _held_audit(central, tid) == [1, 2]
    assert audit.unsynced(terminal.db, 10) == []
    _audit_entries(terminal, 1)  # a later act: the next round takes it
    coordinator.sync_now()
    statuses.wait_for(lambda s: settled(s) and s.taken_at > first.taken_at)
    wait_until(lambda: _held_audit(central, tid) == [1, 2, 3], "the next audit upload")


def test_an_audit_trail_head_office_refuses_does_not_stop_the_sync(
    central: CentralServer, terminal: EnrolledTerminal, start: Start
) -> None:
    from ebill_desktop.security import audit

    audit.start_chain(terminal.db, "local:SD-014/T01")  # begun before the terminal enrolled
    _audit_entries(terminal, 1)
    (payment,) = payments(central, terminal, 1)
    enqueue_payments(terminal.db, [payment])
    _coordinator, statuses = start()
    status = statuses.wait_for(settled)  # the payment went, the feed was pulled
    assert status.last_error is None
    assert payment.payment_id in server_payments(central.engine, terminal.identity.terminal_id)
    assert [e.seq for e in audit.unsynced(terminal.db, 10)] == [1]  # kept here
    assert _held_audit(central, terminal.identity.terminal_id) == []
