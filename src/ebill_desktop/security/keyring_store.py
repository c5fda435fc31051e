"""The terminal's credential in the operating system's keyring, and nowhere else.

The backend is chosen on purpose for each platform (:func:`platform_backend`): the Windows
Credential Locker, the macOS Keychain, or the freedesktop Secret Service on Linux (GNOME
Keyring, KWallet 5.97+, KeePassXC). The ``keyring`` library's own automatic choice is not
used: it may fall back to a backend that fails silently (``fail``/``null``), an empty chainer,
or a plaintext file from ``keyrings.alt``; :func:`check_backend` refuses all of those.

Three outcomes are kept apart, because the cashier must do different things about them:

* :class:`KeyringUnavailable`: the keyring cannot be used now (no Secret Service on the
  session bus, a locked collection, a backend error). Unlock it or start the keyring service.
* :class:`CredentialNotStoredError`: the keyring works but holds no credential for this terminal:
  enrol it (``ebill-desktop enroll``).
* A credential that the server refuses (revoked, wrong) is told by the HTTP client
  (:class:`ebill_desktop.sync.http.CredentialRefused`), not here.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import TypeVar

from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE = "ebill-terminal"  # the keyring "service" every ebill credential is filed under
_PROBE_ACCOUNT = "ebill-keyring-probe"

# Backends that would lose the secret silently, or keep it in a plaintext (or weakly
# obfuscated) file: never acceptable for a credential that posts money to head office.
_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class KeyringUnavailable(Exception):  # noqa: N818 (the name the sync code is written to)
    """The keyring cannot be used (missing, locked, or refused as unsafe); says what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CredentialNotStoredError(Exception):
    """The keyring works but holds no credential for this terminal: it must be enrolled."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def platform_backend() -> KeyringBackend:
    """This platform's keyring backend, chosen explicitly (never the library's fallback chain).

    Raises :class:`KeyringUnavailable` when the platform's keyring cannot be used here (for
    instance no Secret Service on a Linux machine without a desktop session).
    """
    kind: type[KeyringBackend]
    if sys.platform == "win32":
        from keyring.backends.Windows import WinVaultKeyring

        kind, name = WinVaultKeyring, "the Windows Credential Locker"
    elif sys.platform == "darwin":
        from keyring.backends.macOS import Keyring as MacKeyring

        kind, name = MacKeyring, "the macOS Keychain"
    else:
        from keyring.backends.SecretService import Keyring as SecretServiceKeyring

        kind, name = SecretServiceKeyring, "the Secret Service (GNOME Keyring, KWallet...)"
    if not kind.viable:
        raise KeyringUnavailable(
            f"{name} is not available on this computer: start it (log in to a desktop "
            "session, or run a Secret Service such as gnome-keyring-daemon) and try again"
        )
    make: Callable[[], KeyringBackend] = kind  # keyring's constructors carry no annotations
    return make()


def check_backend(backend: KeyringBackend) -> None:
    """Refuse a backend that would drop the secret or keep it in plaintext.

    Refused: ``keyring.backends.fail`` and ``null``, any ``keyrings.alt`` backend (files), a
    chainer with nothing behind it, and a chainer holding any refused backend.
    """
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        inner = list(ChainerBackend.backends)
        if not inner:
            raise KeyringUnavailable("no keyring is installed (the keyring chain is empty)")
        for member in inner:
            check_backend(member)
        return
    module = type(backend).__module__
    if module.startswith(_REFUSED_MODULES):
        raise KeyringUnavailable(
            f"the keyring backend {module}.{type(backend).__name__} does not keep secrets "
            "safely (it fails, discards them or writes a file); it is not used"
        )


def credential_account(server_url: str, terminal_id: int) -> str:
    """The keyring entry of one enrolment: one per server and terminal, so that several
    terminals (data folders) on one computer keep their own credentials."""
    return f"terminal-{terminal_id}@{server_url}"


class CredentialStore:
    """The terminal credentials in one keyring backend (checked safe when made)."""

    def __init__(self, backend: KeyringBackend) -> None:
        check_backend(backend)
        self._backend = backend

    @classmethod
    def for_this_computer(cls) -> CredentialStore:
        """The store over :func:`platform_backend` (raises :class:`KeyringUnavailable`)."""
        return cls(platform_backend())

    def check_writable(self) -> None:
        """Write, read back and remove a probe entry: proves the keyring is unlocked and works.

        Enrolment calls this before it spends the one-time code, so that an unusable keyring
        never costs the installer a code.
        """
        probe = "probe-value"
        self._call("save", lambda: self._backend.set_password(SERVICE, _PROBE_ACCOUNT, probe))
        read = self._call("read", lambda: self._backend.get_password(SERVICE, _PROBE_ACCOUNT))
        self._call("clean up", lambda: self._backend.delete_password(SERVICE, _PROBE_ACCOUNT))
        if read != probe:
            raise KeyringUnavailable("the keyring did not keep a test entry; it cannot be used")

    def save(self, account: str, credential: str) -> None:
        """Store ``credential`` under ``account`` and check it reads back."""
        self._call("save", lambda: self._backend.set_password(SERVICE, account, credential))
        if self._call("read", lambda: self._backend.get_password(SERVICE, account)) != credential:
            raise KeyringUnavailable("the keyring did not keep the credential")

    def load(self, account: str) -> str:
        """The credential under ``account``; :class:`CredentialNotStoredError` if there is none."""
        credential = self._call("read", lambda: self._backend.get_password(SERVICE, account))
        if not credential:
            raise CredentialNotStoredError(
                "no credential for this terminal is in the keyring: enrol it with "
                "'ebill-desktop enroll --server URL --code CODE'"
            )
        return credential

    def delete(self, account: str) -> None:
        """Remove the credential under ``account`` (nothing happens if there is none)."""
        from keyring.errors import PasswordDeleteError

        try:
            self._backend.delete_password(SERVICE, account)
        except PasswordDeleteError:
            return
        except Exception as error:
            raise _unavailable("remove", error) from error

    def _call(self, action: str, operation: Callable[[], T]) -> T:
        try:
            return operation()
        except Exception as error:
            # The OS keyring is a boundary: a locked collection, a D-Bus failure or a backend
            # bug all mean the same to the cashier, "the keyring cannot be used now".
            raise _unavailable(action, error) from error


def _unavailable(action: str, error: Exception) -> KeyringUnavailable:
    from keyring.errors import KeyringLocked

    log.warning("keyring %s failed: %s", action, type(error).__name__)
    if isinstance(error, KeyringLocked):
        return KeyringUnavailable("the keyring is locked: unlock it (log in again) and retry")
    return KeyringUnavailable(
        f"the keyring could not {action} the credential ({type(error).__name__}: {error})"
    )
