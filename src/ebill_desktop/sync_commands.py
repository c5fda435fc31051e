"""``ebill-desktop enroll`` and ``ebill-desktop sync``: enrolment and one pull, headless.

Both print what they did on stdout and, when they cannot, one ``error: ...`` line on stderr
with what to do, and exit non-zero: 1 refused (bad code, credential refused, feed refused,
keyring unusable, not enrolled), 2 the cache cannot be opened, 3 the server cannot be reached.
"""

from __future__ import annotations

import logging
import socket
import sys
from datetime import UTC, datetime

from ebill_desktop.app import EXIT_CACHE_ERROR, console_progress, prepare
from ebill_desktop.config import DataPaths
from ebill_desktop.security.keyring_store import (
    CredentialNotStoredError,
    CredentialStore,
    KeyringUnavailable,
)
from ebill_desktop.storage.database import CacheOpenError, open_cache
from ebill_desktop.sync.enrolment import (
    EnrolmentRefusedError,
    NotEnrolledError,
    enrol,
    terminal_connection,
)
from ebill_desktop.sync.http import CentralRefused, CentralUnreachable, CredentialRefused
from ebill_desktop.sync.puller import FeedRefusedError, PullReport, pull_changes

log = logging.getLogger(__name__)

EXIT_REFUSED = 1
EXIT_OFFLINE = 3


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def run_enroll(paths: DataPaths, *, server: str, code: str, machine_name: str | None) -> int:
    """Enrol this data folder's terminal with ``server`` using the one-time ``code``."""
    store, _loaded = prepare(paths)
    try:
        credentials = CredentialStore.for_this_computer()
        identity = enrol(server, code, machine_name or socket.gethostname(), store, credentials)
    except (EnrolmentRefusedError, KeyringUnavailable) as error:
        _error(error.message)
        return EXIT_REFUSED
    except CentralUnreachable as error:
        _error(f"{error.message}; nothing was stored and the code was not used up")
        return EXIT_OFFLINE
    print(
        f"enrolled as terminal {identity.terminal_id} of branch {identity.branch_code} "
        f"(office {identity.office_code}) at {identity.server_url}"
    )
    print("the credential is in the system keyring; run 'ebill-desktop sync' to fetch the data")
    return 0


def run_sync(paths: DataPaths) -> int:
    """Pull the change feed once, to its end; print what was done."""
    _store, loaded = prepare(paths)
    try:
        credentials = CredentialStore.for_this_computer()
        connection = terminal_connection(loaded.settings, credentials)
    except (NotEnrolledError, KeyringUnavailable, CredentialNotStoredError) as error:
        _error(error.message)
        return EXIT_REFUSED
    try:
        db = open_cache(paths.cache_file)
    except CacheOpenError as error:
        connection.close()
        _error(str(error))
        return EXIT_CACHE_ERROR
    report = PullReport()
    progress = console_progress("Receiving changes") if sys.stderr.isatty() else None
    failure: tuple[int, str] | None = None
    try:
        with connection:
            pull_changes(db, connection, progress=progress, report=report)
    except CredentialRefused as error:
        failure = (
            EXIT_REFUSED,
            (
                f"the server refused this terminal's credential ({error.reason}): enrol it again "
                "with a new code from head office"
            ),
        )
    except CentralRefused as error:
        failure = EXIT_REFUSED, f"the server refused the sync: {error.message}"
    except FeedRefusedError as error:
        failure = EXIT_REFUSED, f"{error.message}; the cache keeps everything before that page"
    except CentralUnreachable as error:
        failure = EXIT_OFFLINE, f"{error.message}; the next sync resumes where this one stopped"
    try:
        _print_report(report, connection.base_url, db.data_as_of())
    finally:
        db.close()
    if failure is not None:
        _error(failure[1])
        return failure[0]
    return 0


def _print_report(report: PullReport, server: str, as_of: datetime | None) -> None:
    state = "up to date" if report.complete else "not finished"
    pages = f"{report.pages} page" + ("" if report.pages == 1 else "s")
    print(f"sync with {server}: {pages}, {report.changes:,} changes ({state})")
    entities = sorted(set(report.applied.upserts) | set(report.applied.deletes))
    for entity in entities:
        upserts, deletes = report.applied.upserts[entity], report.applied.deletes[entity]
        print(f"  {entity:<12} {upserts:>9,} upserts {deletes:>7,} deletions")
    print(f"cursor: {report.cursor}")
    if as_of is not None:
        print(f"data as of: {as_of.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")
    else:
        print("data as of: never synced")
