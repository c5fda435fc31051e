"""``ebill-desktop audit verify`` and ``ebill-desktop audit upload``, headless.

``verify`` prints ``OK: <n> audit entries, the chain holds`` and exits 0, or prints the first
break (``BROKEN: <kind> at entry <seq>: <message>``) and exits 1. ``upload`` sends the un-synced
entries to head office (an enrolled terminal only). Either exits 2 when there is no cache or it
cannot be opened, and ``upload`` 3 when head office cannot be reached.
"""

from __future__ import annotations

import sqlite3
import sys

from ebill_desktop.config import DataPaths

__all__ = ["EXIT_BROKEN", "EXIT_NO_CACHE", "EXIT_OFFLINE", "run_audit_upload", "run_audit_verify"]

EXIT_BROKEN = 1
EXIT_NO_CACHE = 2
EXIT_OFFLINE = 3


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def run_audit_verify(paths: DataPaths) -> int:
    """Verify the audit trail of the terminal whose data is in ``paths``."""
    from ebill_desktop.security import audit
    from ebill_desktop.storage.database import CacheOpenError, open_cache

    if not paths.cache_file.is_file():
        _error(f"there is no cache at {paths.cache_file}")
        return EXIT_NO_CACHE
    try:
        db = open_cache(paths.cache_file)
    except CacheOpenError as error:
        _error(str(error))
        return EXIT_NO_CACHE
    try:
        found = audit.verify(db)
        count = len(audit.entries(db))
    except sqlite3.DatabaseError as error:
        # The table itself was dropped or damaged: that is a finding, not a crash.
        print(f"BROKEN: the audit trail cannot be read ({error})")
        return EXIT_BROKEN
    finally:
        db.close()
    if found is None:
        print(f"OK: {count} audit entries, the chain holds")
        return 0
    print(f"BROKEN: {found.kind.value} at entry {found.seq}: {found.message}")
    return EXIT_BROKEN


def run_audit_upload(paths: DataPaths) -> int:
    """Send the un-synced audit entries to head office."""
    from ebill_desktop.app import prepare
    from ebill_desktop.security.audit_upload import AuditUploadError, upload_audit
    from ebill_desktop.security.keyring_store import (
        CredentialNotStoredError,
        CredentialStore,
        KeyringUnavailable,
    )
    from ebill_desktop.storage.database import CacheOpenError, open_cache
    from ebill_desktop.sync.enrolment import NotEnrolledError, terminal_connection
    from ebill_desktop.sync.http import CentralRefused, CentralUnreachable

    _store, loaded = prepare(paths)
    terminal_id = loaded.settings.central_terminal_id
    if not paths.cache_file.is_file():
        _error(f"there is no cache at {paths.cache_file}")
        return EXIT_NO_CACHE
    try:
        db = open_cache(paths.cache_file)
    except CacheOpenError as error:
        _error(str(error))
        return EXIT_NO_CACHE
    try:
        if terminal_id is None:
            raise NotEnrolledError
        with terminal_connection(loaded.settings, CredentialStore.for_this_computer()) as link:
            report = upload_audit(db, link, terminal_id)
    except (
        NotEnrolledError,
        KeyringUnavailable,
        CredentialNotStoredError,
        AuditUploadError,
        CentralRefused,
    ) as error:
        _error(getattr(error, "message", str(error)))
        return EXIT_BROKEN
    except CentralUnreachable as error:
        _error(f"{error.message}; the entries stay here and go with the next upload")
        return EXIT_OFFLINE
    finally:
        db.close()
    print(f"uploaded {report.uploaded} audit entries; head office holds up to {report.last_seq}")
    return 0
