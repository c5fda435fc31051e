"""``ebill-desktop export-unsynced --out FILE --supervisor LOGIN``, headless.

The supervisor's password is read with :func:`getpass.getpass` (from the terminal, never an
argument, never echoed); it is checked offline against the cache like a log-in (a wrong one counts
toward the lock-out and is audited). Then :func:`ebill_desktop.sync.payment_export.export_unsynced`
writes the signed file. Prints what was written, or one ``error: ...`` line on stderr and exits
1 (refused) or 2 (no cache).
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from ebill_desktop.config import DataPaths

EXIT_REFUSED = 1
EXIT_NO_CACHE = 2


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def run_export_unsynced(
    paths: DataPaths,
    out: Path,
    supervisor: str,
    read_password: Callable[[str], str] = getpass.getpass,
) -> int:
    """Export this terminal's unsynced payments to ``out`` as ``supervisor``."""
    from ebill_desktop.app import prepare
    from ebill_desktop.security.approvals import NotPermittedError
    from ebill_desktop.security.credentials import CredentialsRefused, check_credentials
    from ebill_desktop.security.keyring_store import CredentialStore, KeyringUnavailable
    from ebill_desktop.security.lockout import LockoutPolicy
    from ebill_desktop.storage.database import CacheOpenError, open_cache
    from ebill_desktop.sync.payment_export import PaymentExportError, export_unsynced

    _store, loaded = prepare(paths)
    if not paths.cache_file.is_file():
        _error(f"there is no cache at {paths.cache_file}")
        return EXIT_NO_CACHE
    try:
        db = open_cache(paths.cache_file)
    except CacheOpenError as error:
        _error(str(error))
        return EXIT_NO_CACHE
    try:
        password = read_password(f"Password of {supervisor}: ")
        actor = check_credentials(
            db,
            supervisor,
            password,
            clock=lambda: datetime.now(UTC),
            policy=LockoutPolicy(),
            failed_action="export_refused",
            detail={"for_action": "export_unsynced"},
        )
        result = export_unsynced(
            db, CredentialStore.for_this_computer(), loaded.settings, out, actor
        )
    except (CredentialsRefused, NotPermittedError) as error:
        _error(str(error))
        return EXIT_REFUSED
    except (PaymentExportError, KeyringUnavailable) as error:
        _error(error.message)
        return EXIT_REFUSED
    finally:
        db.close()
    print(
        f"exported {result.payments} unsynced payment(s) (sequence {result.first_seq}"
        f"-{result.through_seq}) to {result.path}\nSHA-256 {result.sha256}\n"
        "head office imports it with: ebill-central import-payments FILE"
    )
    return 0
