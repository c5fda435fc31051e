"""The down-sync: the central change feed, a page at a time, into the cache.

Each page (``GET /api/v1/changes?after=<cursor>&limit=<n>``) is checked strictly with
:func:`ebill_core.protocol.change_page_from_wire` and applied in ONE write transaction (begun
``IMMEDIATE``) together with the new cursor (``sync_state.feed_after``). So a pull killed at any
moment leaves the cache at the end of the last whole page, with the cursor saying exactly
where that is, and the next pull resumes there; a page applied twice changes nothing the second
time (every write is an upsert by the record's number). When a page says there is nothing more
(``more: false``), ``data_as_of`` is set in that same transaction to the moment the request for
it was sent: every change the server had committed by then is in the cache.

A pull that started from an older cursor than the one stored (two pulls racing in two app
instances) drops its page instead of writing older data over newer, and carries on from the
stored cursor.
"""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

import orjson
import requests

from ebill_core.protocol import MAX_PAGE, ChangePage, ProtocolError, change_page_from_wire
from ebill_desktop.storage.bundle_import import OPTIMIZE_AFTER, optimize_search_index
from ebill_desktop.storage.change_apply import (
    AppliedChanges,
    ChangeRefusedError,
    apply_changes,
)
from ebill_desktop.storage.database import CacheDatabase, set_data_as_of, set_sync_value
from ebill_desktop.sync.http import CentralUnreachable

log = logging.getLogger(__name__)

FEED_CURSOR = "feed_after"  # sync_state key: the ``after`` to ask for next
CHANGES_PATH = "/changes"  # under /api/v1
DEFAULT_PAGE_SIZE = 2000

Progress = Callable[[int, int], None]


class FeedRefusedError(Exception):
    """A page was not applied: it is not the protocol's shape, or it does not fit the cache.

    Nothing of that page was written; the cursor stays before it. ``message`` says why.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Downlink(Protocol):
    """What the puller needs of :class:`ebill_desktop.sync.http.CentralConnection`."""

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, object] | None = None,
        json_body: object = None,
    ) -> requests.Response: ...


@dataclass(slots=True)
class PullReport:
    """What one pull did (filled in as it goes, so a pull cut short still tells)."""

    pages: int = 0
    changes: int = 0
    applied: AppliedChanges = field(default_factory=AppliedChanges)
    cursor: int = 0
    complete: bool = False  # reached the end of the feed
    data_as_of: datetime | None = None  # set when complete


def stored_cursor(db: CacheDatabase) -> int:
    """The feed cursor the next pull starts after (0 for a cache never synced)."""
    value = db.sync_value(FEED_CURSOR)
    return 0 if value is None else int(value)


def pull_changes(
    db: CacheDatabase,
    downlink: Downlink,
    *,
    page_size: int = DEFAULT_PAGE_SIZE,
    progress: Progress | None = None,
    max_pages: int | None = None,
    should_stop: Callable[[], bool] | None = None,
    report: PullReport | None = None,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> PullReport:
    """Pull and apply pages until the feed's end (or ``max_pages``, or ``should_stop()``).

    ``progress(done, estimated_total)`` is called after each page: ``done`` changes applied so
    far in this pull, and a lower bound of the total (the server does not say how many remain:
    one more page is assumed while it says there are more). Pass ``report`` to keep what was
    done when an error ends the pull. Raises
    :class:`~ebill_desktop.sync.http.CentralUnreachable`, ``CentralRefused`` (``CredentialRefused``
    for a revoked or wrong credential) or :class:`FeedRefusedError`; pages applied before stay.
    """
    if not 1 <= page_size <= MAX_PAGE:
        raise ValueError(f"page_size must be 1 to {MAX_PAGE}")
    report = report if report is not None else PullReport()
    report.complete, report.data_as_of = False, None  # this pull's end, not an earlier one's
    after = stored_cursor(db)
    report.cursor = after
    first_page = report.pages
    with _collector_paused:
        while not report.complete:
            if (max_pages is not None and report.pages - first_page >= max_pages) or (
                should_stop is not None and should_stop()
            ):
                break
            asked_at = clock()
            response = downlink.request(
                "GET", CHANGES_PATH, params={"after": after, "limit": page_size}
            )
            page = _checked_page(response, after)
            del response  # the page's text is not needed once decoded
            if not _apply(db, page, after, asked_at, report):
                after = stored_cursor(db)  # another pull moved on: continue from where it got to
                report.cursor = after
                continue
            after = page.next_after
            if progress is not None:
                progress(report.changes, report.changes + (page_size if page.more else 0))
    if report.complete and report.applied.upserts["account"] >= OPTIMIZE_AFTER:
        optimize_search_index(db)  # a first sync of a big office: merge the index once
    log.info(
        "pulled %d pages, %d changes; cursor %d%s",
        report.pages,
        report.changes,
        report.cursor,
        "; up to date" if report.complete else "",
    )
    return report


class _CollectorPause:
    """Automatic cyclic garbage collection off while at least one pull runs in this process.

    A first sync makes millions of short-lived records and JSON containers; they set off
    full collections, and a full collection walks every object of the process (Qt wrappers,
    modules, SQLAlchemy, the page being applied) with the interpreter held: 0.1-1.2 s stalls of
    the UI thread, measured in benchmarks/first_sync.py. What a pull makes is all but free of
    reference cycles (dicts, lists, tuples, frozen records: 3 unreachable objects were left
    after a 10-page pull), so reference counting frees it; cycles made meanwhile elsewhere wait
    for the collector until the last pull ends. If collection was off when the first pull
    began, it stays off.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._was_enabled = False

    def __enter__(self) -> None:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1

    def __exit__(self, *_exc: object) -> None:
        with self._lock:
            self._running -= 1
            if self._running == 0 and self._was_enabled:
                gc.enable()


_collector_paused = _CollectorPause()


def _checked_page(response: requests.Response, after: int) -> ChangePage:
    """The page in ``response``, refused unless it is well formed and moves past ``after``."""
    where = f"the page after {after}"
    if not _framed(response):
        # A connection cut inside the headers leaves a "200" with no length and no body, which
        # is a link failure (retry), not a page head office must fix (found by the fault proxy).
        raise CentralUnreachable(f"the answer for {where} was cut short (it has no length)")
    try:
        page = change_page_from_wire(_page_json(response))
    except ProtocolError as error:
        raise FeedRefusedError(f"{where} was refused: {error}") from None
    if page.next_after < after:
        raise FeedRefusedError(f"{where} was refused: its cursor {page.next_after} goes back")
    if page.changes and page.changes[0].seq <= after:
        raise FeedRefusedError(f"{where} was refused: it repeats change {page.changes[0].seq}")
    if page.more and not page.changes:
        raise FeedRefusedError(f"{where} was refused: it says there is more but holds nothing")
    return page


def _page_json(response: requests.Response) -> object:
    """The page's JSON value. orjson parses a page about twice as fast as ``json`` and holds
    the interpreter (so the UI thread) for that much less; it is as strict or stricter (no NaN,
    no invalid UTF-8, integers beyond 64 bits refused), and what it gives is checked the same."""
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        raise ProtocolError("", "the answer is not valid JSON") from None


def _framed(response: requests.Response) -> bool:
    """Whether the answer said where it ends (so a cut body was caught when it was read)."""
    encoding = response.headers.get("Transfer-Encoding", "")
    return "Content-Length" in response.headers or "chunked" in encoding.lower()


def _apply(
    db: CacheDatabase, page: ChangePage, after: int, asked_at: datetime, report: PullReport
) -> bool:
    """Apply one page and its cursor in one transaction; False if the stored cursor moved."""
    try:
        with db.write_transaction() as connection:
            row = connection.exec_driver_sql(
                "SELECT value FROM sync_state WHERE key = ?", (FEED_CURSOR,)
            ).fetchone()
            if (0 if row is None else int(row[0])) != after:
                return False
            applied = apply_changes(connection, page.changes)
            set_sync_value(connection, FEED_CURSOR, str(page.next_after))
            if not page.more:
                set_data_as_of(connection, asked_at)
    except ChangeRefusedError as error:
        raise FeedRefusedError(f"the page after {after} was refused: {error.message}") from None
    report.pages += 1
    report.changes += len(page.changes)
    report.applied.add(applied)
    report.cursor = page.next_after
    if not page.more:
        report.complete = True
        report.data_as_of = asked_at
    return True
