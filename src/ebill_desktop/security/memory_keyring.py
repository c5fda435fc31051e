"""A keyring backend that keeps secrets in this process's memory only, for the demo and tests.

``ebill-desktop demo`` enrols its terminal afresh on every run (docs/desktop.md), so its
credential needs to outlive nothing but the demo process: it is kept here and is gone when the
process ends. It is never written anywhere: not to a file, not to the OS keyring, not to a log.
The demo chooses it explicitly (``CredentialStore(MemoryKeyring())``); it is not registered with
``keyring``'s automatic backend discovery, so no real terminal can end up on it by accident.
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """Secrets in a dictionary, per backend object; safe to use from several threads."""

    # keyring's automatic selection ignores backends that are not installed entry points; the
    # priority only matters if someone passes this class to keyring.set_keyring() in a test.
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._secrets: dict[tuple[str, str], str] = {}
        # The background sync and the demo set-up may read while another thread writes.
        self._lock = threading.Lock()

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock:
            return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock:
            self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._lock:
            if self._secrets.pop((service, username), None) is None:
                raise PasswordDeleteError(f"no password for {username!r} in {service!r}")
