"""The running app's sync: one worker thread that uploads the outbox and pulls the change feed.

One :class:`SyncCoordinator` per app (the composition root makes it, the UI shows its status).
Its worker thread:

* does nothing on the network, and takes no lock, when the terminal is not enrolled (no
  ``central_url`` / ``central_terminal_id`` in the settings): it only reads the local status
  (items waiting, "data as of") and says "not enrolled";
* otherwise loads the credential from the keyring (on the worker: the keyring may be slow,
  locked or missing, and the UI must not wait for it), takes the data folder's
  :class:`~ebill_desktop.sync.file_lock.SyncLock` (if another ebill holds it, this one neither
  sends nor pulls, says so, and tries again each interval), then runs cycles:

  1. one pass of the :class:`~ebill_desktop.sync.sender.OutboxSender` (what is due);
  2. when that pass reached the server (or had nothing to send), the audit trail's new entries
     (:func:`~ebill_desktop.security.audit_upload.upload_audit`; a refusal is logged and the
     round goes on);
  3. a pull of the change feed (:func:`~ebill_desktop.sync.puller.pull_changes`) when the
     interval has passed, when :meth:`SyncCoordinator.sync_now` asked, or right after an upload
     the server answered;

* publishes a :class:`SyncStatus` snapshot to its listeners after every step that changes it
  (listeners run on the worker thread: the UI hands them to its own thread);
* stops at :meth:`SyncCoordinator.stop`: between two uploads or two pages, so every write is a
  whole transaction; the thread is joined (it is not a daemon, so an answer being recorded is
  never cut off by the interpreter's exit).

No HTTP call is made on the caller's thread, and no widget is known here: this module imports no
Qt, so the kiosk and tests use it as it is.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ebill_desktop.config import Settings
from ebill_desktop.sync.file_lock import SyncLock, SyncLockHeldError
from ebill_desktop.sync.status import LinkState, PullProgress, SyncStatus

# The HTTP client, SQLAlchemy and the keyring load on the worker thread when it first needs
# them (imports inside the methods below), not while the counter's window starts.
if TYPE_CHECKING:
    from ebill_core.records import Operator
    from ebill_desktop.security.keyring_store import CredentialStore
    from ebill_desktop.storage.database import CacheDatabase
    from ebill_desktop.sync.http import CentralConnection
    from ebill_desktop.sync.outbox import OutboxItem, Resolution
    from ebill_desktop.sync.sender import Backoff, OutboxSender, SendReport

__all__ = ["LinkState", "PullProgress", "SyncCoordinator", "SyncStatus", "coordinator_for"]

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_SECONDS = 60.0
STARTUP_GRACE_SECONDS = 3.0  # the app's first round waits this long after start (see start())
# The app's calls to head office: a short read timeout bounds how long stop() can wait for a
# call in flight (a page of 5,000 changes streams well within it on any working link).
APP_TIMEOUT = (3.05, 15.0)
STOP_TIMEOUT_SECONDS = APP_TIMEOUT[0] + APP_TIMEOUT[1] + 5.0

CredentialSource = Callable[[], "CredentialStore"]
Listener = Callable[["SyncStatus"], None]


@dataclass(slots=True)
class _Requests:
    """What callers asked of the worker since its last cycle (guarded by the coordinator)."""

    sync_now: bool = False  # send and pull now
    upload: bool = False  # send now (a new payment, an item retried)


class SyncCoordinator:
    """The one sync worker of an app: see the module."""

    def __init__(
        self,
        db: CacheDatabase,
        data_dir: Path,
        settings: Settings,
        credentials: CredentialSource,
        *,
        interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
        timeout: tuple[float, float] = APP_TIMEOUT,
        page_size: int | None = None,  # None: the puller's default
        backoff: Backoff | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if interval_seconds <= 0:
            raise ValueError("the sync interval must be more than 0 seconds")
        self.db = db
        self.data_dir = data_dir
        self.interval_seconds = interval_seconds
        self._settings = settings
        self._credentials = credentials
        self._timeout = timeout
        self._page_size = page_size
        self._backoff = backoff
        self._clock = clock
        self._lock = SyncLock(data_dir)
        self._connection: CentralConnection | None = None
        self._sender: OutboxSender | None = None
        self._guard = threading.Lock()  # status, listeners, requests
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._requests = _Requests()
        self._listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self._next_pull = 0.0  # time.monotonic() at which the next periodic pull is due
        # Items held back by an earlier run's failures go as soon as this run reaches the
        # server; after that, only when the feed comes back after failing (or on "sync now").
        self._feed_was_down = True
        self._audit_problem: str | None = None  # the last audit upload's failure, logged once
        self._status = SyncStatus(
            LinkState.UNKNOWN if self.enrolled else LinkState.NOT_ENROLLED, clock()
        )

    # -- for the UI and the composition root (any thread) ---------------------------------------

    @property
    def enrolled(self) -> bool:
        # What enrolment writes (sync.enrolment.enrolled_identity checks the same two).
        return self._settings.central_url is not None and (
            self._settings.central_terminal_id is not None
        )

    def status(self) -> SyncStatus:
        """The latest snapshot."""
        with self._guard:
            return self._status

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener(status)`` now and after every change (on the worker thread)."""
        with self._guard:
            self._listeners.append(listener)
            current = self._status
        listener(current)

    def remove_listener(self, listener: Listener) -> None:
        with self._guard:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def start(self, *, first_round_after: float = 0.0) -> None:
        """Start the worker (once); its first round waits ``first_round_after`` seconds.

        The app waits a moment so that the window comes up first: the first round loads the
        HTTP client and SQLAlchemy, which the login view does without. ``sync_now`` cuts it short.
        """
        if self._thread is not None:
            raise RuntimeError("the sync worker has been started already")
        self._thread = threading.Thread(
            target=self._run, args=(first_round_after,), name="ebill-sync", daemon=False
        )
        self._thread.start()

    def sync_now(self) -> None:
        """Send what is waiting and pull the feed now (the "Sync now" key)."""
        with self._guard:
            self._requests.sync_now = True
        self._wake.set()

    def upload_now(self) -> None:
        """Send what is due now (after a payment was taken); a pull follows a good upload."""
        with self._guard:
            self._requests.upload = True
        self._wake.set()

    def stop(self, timeout: float = STOP_TIMEOUT_SECONDS) -> bool:
        """Ask the worker to stop and join it; True if it ended within ``timeout`` seconds.

        It stops between two uploads or two pages; a call in flight ends by its own timeout.
        """
        self._stopping.set()
        if self._sender is not None:
            self._sender.stop()
        self._wake.set()
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        if thread.is_alive():
            log.warning("the sync worker is still running %.1f s after stop was asked", timeout)
            return False
        return True

    # -- the attention list (called through the UI's task runner, off the UI thread) ------------

    def attention_items(self) -> list[OutboxItem]:
        """The outbox items the server could not take, oldest first."""
        from ebill_desktop.sync.outbox import attention_items

        return attention_items(self.db)

    def resolve(self, item_id: str, resolution: Resolution, note: str, *, actor: Operator) -> None:
        """Retry or set aside one attention item (``note``: who and why, required).

        ``actor`` is the operator who resolved it; the role is checked here, not only in the
        view. Setting aside settles money without head office's answer, so it is
        ``Action.RESOLVE_ATTENTION`` (supervisors and administrators, see security/roles.py);
        a retry only sends the item again, so any active counter operator may ask for one (not
        a kiosk). Refused: :class:`~ebill_desktop.security.approvals.NotPermittedError`. The
        resolution and its audit entry (``attention_resolved``) commit in one write transaction.
        Raises :class:`~ebill_desktop.sync.outbox.OutboxError` (nothing changed) for an empty
        note or an item no longer on the list. A retried item is sent at once.
        """
        from ebill_desktop.security import audit
        from ebill_desktop.sync.outbox import resolve_attention

        _may_resolve(actor, resolution)
        now = self._clock()
        with self.db.write_transaction() as connection:
            resolve_attention(connection, item_id, resolution, note, now)
            kind = connection.exec_driver_sql(
                "SELECT kind FROM outbox WHERE item_id = ?", (item_id,)
            ).scalar_one()
            # The note's length, not its text: free text may name a consumer, and the trail
            # goes to head office; the note itself stays with the outbox item.
            detail = {
                "item": item_id,
                "kind": str(kind),
                "resolution": resolution.value,
                "note_chars": len(note.strip()),
            }
            audit.append(connection, actor.login, "attention_resolved", detail, at=now)
        log.info("outbox item %s resolved: %s", item_id, resolution.value)
        with self._guard:
            self._requests.upload = True  # also makes the worker read the counts again
        self._wake.set()

    # -- the worker --------------------------------------------------------------------------------

    def _run(self, first_round_after: float) -> None:
        try:
            if first_round_after > 0 and self._wake.wait(first_round_after):
                self._wake.clear()
            while not self._stopping.is_set():
                wait = self._cycle()
                if self._stopping.is_set():
                    break
                self._wake.wait(wait)
                self._wake.clear()
        finally:
            self._close()

    def _cycle(self) -> float:
        """One round of work; how many seconds to wait before the next one."""
        with self._guard:
            asked, self._requests = self._requests, _Requests()
        try:
            if not self.enrolled:
                self._publish(link=LinkState.NOT_ENROLLED, **self._local())
                return self.interval_seconds
            if not self._ready():
                self._publish(**self._local())
                return self.interval_seconds
            return self._sync(asked)
        except Exception as error:  # the worker outlives one failed round (disk full, busy)
            log.exception("a sync round failed")
            self._publish(syncing=False, progress=None, last_error=f"sync failed: {error}")
            return self.interval_seconds

    def _ready(self) -> bool:
        """Credential, connection and lock in hand; if not, the status says which is missing."""
        if self._connection is None:
            connection = self._connect()
            if connection is None:
                return False
            self._connection = connection
            self._sender = None
        if not self._lock.held:
            try:
                self._lock.acquire()
            except SyncLockHeldError as held:
                self._publish(link=LinkState.LOCK_HELD_ELSEWHERE, last_error=held.message)
                return False
            self._next_pull = 0.0  # the lock is new to us: pull at once
        if self._sender is None:
            from ebill_desktop.sync.sender import OutboxSender

            self._sender = OutboxSender(
                self.db, self._connection, self._lock, backoff=self._backoff, clock=self._clock
            )
            if self._stopping.is_set():
                self._sender.stop()
        return True

    def _connect(self) -> CentralConnection | None:
        from ebill_desktop.security.keyring_store import (
            CredentialNotStoredError,
            KeyringUnavailable,
        )
        from ebill_desktop.sync.enrolment import enrolled_identity
        from ebill_desktop.sync.http import CentralConnection

        identity = enrolled_identity(self._settings)
        try:
            credential = self._credentials().load(identity.keyring_account)
        except KeyringUnavailable as error:
            self._publish(link=LinkState.KEYRING_UNAVAILABLE, last_error=error.message)
            return None
        except CredentialNotStoredError as error:
            self._publish(link=LinkState.REFUSED, last_error=error.message)
            return None
        return CentralConnection(identity.server_url, credential, self._timeout)

    def _sync(self, asked: _Requests) -> float:
        self._publish(syncing=True, **self._local())
        sent = self._send()
        if self._stopping.is_set():
            return 0.0
        if sent.failure is None:
            self._upload_audit()
        uploaded = sent.uploads > 0 and sent.failure is None
        pulled = False
        if asked.sync_now or uploaded or time.monotonic() >= self._next_pull:
            pulled = self._pull()
            if pulled and (asked.sync_now or self._feed_was_down) and sent.failure is None:
                self._release_held_back()
            self._feed_was_down = not pulled and self.status().link is LinkState.OFFLINE
            if pulled and sent.failure is not None and not sent.credential_refused:
                # The feed answers but the upload did not get through: still worth saying.
                self._publish(last_error=f"payments not sent yet: {sent.failure}")
        changes = self._local()
        if pulled and sent.failure is None:
            changes["last_good_sync"] = self._clock()
        self._publish(syncing=False, progress=None, **changes)
        return self._next_wait(sent.retry_at)

    def _send(self) -> SendReport:
        assert self._sender is not None
        report = self._sender.send_due()
        if report.credential_refused:
            self._refused(report.failure or "the server refused this terminal's credential")
        elif report.failure is not None:
            # The sender does not say whether the link or the server failed; the pull that
            # may follow tells, and otherwise the next one does.
            self._publish(link=LinkState.OFFLINE, last_error=report.failure)
        elif report.uploads:
            self._publish(link=LinkState.ONLINE, last_error=None)
        return report

    def _upload_audit(self) -> None:
        """Send the audit trail's new entries (after the outbox: payments first).

        A trail head office refuses (edited, or begun before enrolment) or a failed call is
        logged, once per distinct problem, and the round goes on: the entries stay here and go
        with a later round; the cashier's work never waits on them.
        """
        terminal_id = self._settings.central_terminal_id
        if self._connection is None or terminal_id is None:
            return
        from ebill_core.protocol import ProtocolError
        from ebill_desktop.security.audit_upload import AuditUploadError, upload_audit
        from ebill_desktop.sync.http import CentralError

        try:
            report = upload_audit(self.db, self._connection, terminal_id)
        except (AuditUploadError, CentralError, ProtocolError) as error:
            problem = getattr(error, "message", None) or str(error)
            if problem != self._audit_problem:
                log.warning("the audit trail was not uploaded: %s", problem)
            self._audit_problem = problem
            return
        self._audit_problem = None
        if report.uploaded:
            log.info("audit trail: %d entries uploaded", report.uploaded)

    def _pull(self) -> bool:
        """Pull to the end of the feed; True if it got there."""
        if self._connection is None:  # the upload's credential was refused just now
            return False
        self._next_pull = time.monotonic() + self.interval_seconds
        from ebill_desktop.sync.http import CentralRefused, CentralUnreachable, CredentialRefused
        from ebill_desktop.sync.puller import (
            DEFAULT_PAGE_SIZE,
            FeedRefusedError,
            PullReport,
            pull_changes,
            stored_cursor,
        )

        report = PullReport()
        first = stored_cursor(self.db) == 0
        try:
            pull_changes(
                self.db,
                self._connection,
                page_size=self._page_size or DEFAULT_PAGE_SIZE,
                progress=lambda done, total: self._progress(done, total, first),
                should_stop=self._stopping.is_set,
                report=report,
            )
        except CredentialRefused as refused:
            self._refused(f"the server refused this terminal's credential ({refused.reason})")
            return False
        except CentralRefused as refused:
            self._publish(
                link=LinkState.ONLINE, last_error=f"the server refused the sync: {refused.message}"
            )
            return False
        except FeedRefusedError as refused:
            self._publish(link=LinkState.ONLINE, last_error=refused.message)
            return False
        except CentralUnreachable as failure:
            self._publish(link=LinkState.OFFLINE, last_error=failure.message)
            return False
        if not report.complete:
            return False  # stopped between pages
        self._publish(link=LinkState.ONLINE, last_error=None)
        return True

    def _progress(self, done: int, total: int, first: bool) -> None:
        # Shown for a first sync, and for a catch-up of more than one page.
        if first or total > done:
            self._publish(progress=PullProgress(done, total, first))

    def _release_held_back(self) -> None:
        """The server answers again: items waiting out a backoff may go at once.

        The backoff spares a server that is down; once a pull has succeeded it is up, and the
        cashier should not watch payments wait minutes more. Ordering is kept (every held item
        is released together) and a resend is harmless (the same UUID gets the first answer).
        """
        from ebill_desktop.storage.column_types import datetime_text

        now = datetime_text(self._clock())
        with self.db.write_transaction() as connection:
            released = connection.exec_driver_sql(
                "UPDATE outbox SET next_attempt_at = NULL "
                "WHERE state = 'pending' AND next_attempt_at > ?",
                (now,),
            ).rowcount
        if released:
            log.info("the server answers again: %d waiting items released", released)
            self.upload_now()

    def _refused(self, message: str) -> None:
        # A revoked or wrong credential: enrolling again stores a new one in the keyring,
        # which the next round reads afresh.
        self._publish(link=LinkState.REFUSED, last_error=message)
        self._drop_connection()

    def _next_wait(self, retry_at: datetime | None) -> float:
        """Seconds until the next periodic pull or the sender's earliest due item, over every
        kind it sends (payments, reversals, shift closes)."""
        until_pull = max(self._next_pull - time.monotonic(), 0.0)
        if retry_at is None:
            return until_pull
        until_due = max((retry_at - self._clock()).total_seconds(), 0.0)
        return min(until_pull, until_due)

    def _local(self) -> dict[str, object]:
        """What the cache says now: the outbox counts, "data as of" and the offline policy."""
        from ebill_desktop.storage.change_apply import offline_policy
        from ebill_desktop.sync.outbox import outbox_status

        counts = outbox_status(self.db)
        return {
            "counted": True,
            "pending": counts.pending,
            "attention": counts.attention,
            "oldest_pending_at": counts.oldest_pending_at,
            "data_as_of": self.db.data_as_of(),
            "policy": offline_policy(self.db),
        }

    def _publish(self, **changes: object) -> None:
        with self._guard:
            status = replace(self._status, taken_at=self._clock(), **changes)  # type: ignore[arg-type]
            if status.last_good_sync is None and status.data_as_of is not None:
                # Before this run's first good cycle, the last good sync is the cache's own.
                status = replace(status, last_good_sync=status.data_as_of)
            self._status = status
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # a broken listener must not stop the sync
                log.exception("a sync status listener failed")

    def _drop_connection(self) -> None:
        connection, self._connection, self._sender = self._connection, None, None
        if connection is not None:
            connection.close()

    def _close(self) -> None:
        self._drop_connection()
        self._lock.release()
        self._publish(syncing=False, progress=None)


def coordinator_for(
    db: CacheDatabase,
    data_dir: Path,
    settings: Settings,
    credentials: CredentialStore | None = None,
) -> SyncCoordinator:
    """The app's coordinator: the settings' interval, this computer's keyring unless given."""

    def this_computer() -> CredentialStore:
        from ebill_desktop.security.keyring_store import CredentialStore

        return CredentialStore.for_this_computer()

    source: CredentialSource = this_computer if credentials is None else (lambda: credentials)
    return SyncCoordinator(
        db,
        data_dir,
        settings,
        source,
        interval_seconds=float(settings.sync_interval_seconds),
    )


def _may_resolve(actor: Operator, resolution: Resolution) -> None:
    """Refuse (NotPermittedError) an attention resolution ``actor``'s role does not allow."""
    # Loaded here: SQLAlchemy and argon2 come with the approvals module, not at start-up.
    from ebill_core.records import OperatorRole
    from ebill_desktop.security.approvals import NotPermittedError, authorise
    from ebill_desktop.security.roles import Action
    from ebill_desktop.sync.outbox import Resolution

    if resolution is Resolution.SET_ASIDE:
        authorise(Action.RESOLVE_ATTENTION, actor, None)
    elif not actor.active or actor.role is OperatorRole.KIOSK:
        raise NotPermittedError(f"{actor.login} may not send an attention item again")
