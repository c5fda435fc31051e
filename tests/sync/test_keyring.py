"""The credential store: kept in a safe keyring only, and its three failures told apart."""

from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import SecretService, chainer, fail, null
from keyring.errors import KeyringLocked

from ebill_desktop.security import keyring_store
from ebill_desktop.security.keyring_store import (
    SERVICE,
    CredentialNotStoredError,
    CredentialStore,
    KeyringUnavailable,
    credential_account,
)
from ebill_desktop.security.keyring_store import platform_backend as real_platform_backend

ACCOUNT = credential_account("http://127.0.0.1:8080", 7)


class RaisingKeyring(KeyringBackend):
    """A keyring whose every call fails as a locked or broken one does."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


class PlaintextKeyring(KeyringBackend):
    """Stands for keyrings.alt's file backends (not installed here): same module name."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("a plaintext keyring must never be written to")

    def delete_password(self, service: str, username: str) -> None:
        return None


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_save_load_and_delete_a_credential() -> None:
    store = CredentialStore(keyring.get_keyring())
    store.save(ACCOUNT, "7.secret-value")
    assert store.load(ACCOUNT) == "7.secret-value"
    assert keyring.get_password(SERVICE, ACCOUNT) == "7.secret-value"
    store.delete(ACCOUNT)
    with pytest.raises(CredentialNotStoredError, match="enrol"):
        store.load(ACCOUNT)
    store.delete(ACCOUNT)  # nothing there: no error


def test_each_terminal_has_its_own_entry() -> None:
    store = CredentialStore(keyring.get_keyring())
    other = credential_account("http://127.0.0.1:8080", 8)
    store.save(ACCOUNT, "7.a")
    store.save(other, "8.b")
    assert (store.load(ACCOUNT), store.load(other)) == ("7.a", "8.b")


def test_probe_leaves_nothing_behind() -> None:
    backend = keyring.get_keyring()
    store = CredentialStore(backend)
    store.check_writable()
    assert backend._store == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("error", "words"),
    [(KeyringLocked("locked"), "locked"), (RuntimeError("D-Bus went away"), "D-Bus went away")],
)
def test_an_unusable_keyring_is_told_apart_from_a_missing_credential(
    error: Exception, words: str
) -> None:
    store = CredentialStore(RaisingKeyring(error))
    for call in (
        lambda: store.load(ACCOUNT),
        lambda: store.save(ACCOUNT, "x"),
        store.check_writable,
        lambda: store.delete(ACCOUNT),
    ):
        with pytest.raises(KeyringUnavailable, match=words) as caught:
            call()
        assert not isinstance(caught.value, CredentialNotStoredError)


@pytest.mark.parametrize(
    "backend",
    [fail.Keyring(), null.Keyring(), PlaintextKeyring()],
    ids=["fail", "null", "plaintext-file"],
)
def test_unsafe_backends_are_refused(backend: KeyringBackend) -> None:
    with pytest.raises(KeyringUnavailable, match="does not keep secrets safely"):
        CredentialStore(backend)


def test_an_empty_chainer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    with pytest.raises(KeyringUnavailable, match="empty"):
        CredentialStore(chainer.ChainerBackend())


def test_a_chainer_with_a_plaintext_member_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        chainer.ChainerBackend, "backends", [keyring.get_keyring(), PlaintextKeyring()]
    )
    with pytest.raises(KeyringUnavailable, match=r"keyrings\.alt"):
        CredentialStore(chainer.ChainerBackend())


def test_a_chainer_of_safe_backends_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [keyring.get_keyring()])
    store = CredentialStore(chainer.ChainerBackend())
    store.save(ACCOUNT, "7.z")
    assert store.load(ACCOUNT) == "7.z"


def test_linux_uses_the_secret_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring_store.sys, "platform", "linux")
    monkeypatch.setattr(SecretService.Keyring, "viable", True)
    assert isinstance(real_platform_backend(), SecretService.Keyring)


def test_linux_without_a_secret_service_is_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring_store.sys, "platform", "linux")
    monkeypatch.setattr(SecretService.Keyring, "viable", False)
    with pytest.raises(KeyringUnavailable, match="Secret Service"):
        real_platform_backend()


def test_windows_uses_the_credential_locker(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import Windows

    monkeypatch.setattr(keyring_store.sys, "platform", "win32")
    monkeypatch.setattr(Windows.WinVaultKeyring, "viable", True)
    assert isinstance(real_platform_backend(), Windows.WinVaultKeyring)


def test_the_platform_choice_never_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # Even with keyring's own global backend set to something else, the platform's is used.
    monkeypatch.setattr(keyring_store.sys, "platform", "linux")
    monkeypatch.setattr(SecretService.Keyring, "viable", False)
    keyring.set_keyring(null.Keyring())
    with pytest.raises(KeyringUnavailable):
        real_platform_backend()
