"""Enrolment: trading the one-time code from head office for this terminal's credential.

The order matters, because the code works exactly once:

1. everything that can be checked here is checked first: the server address, the code's form,
   that the keyring can store a secret (a probe entry), and that the settings can be written;
2. an Ed25519 key pair is made for signing exports of unsynced payments
   (:mod:`ebill_desktop.sync.payment_export`); ``POST /api/v1/enrol`` carries its public key,
   spends the code and returns the credential;
3. the credential, and the export key's private half, go into the OS keyring
   (:mod:`ebill_desktop.security.keyring_store`), two entries side by side;
4. the server address, terminal number, branch and office go into ``settings.json``.

Neither the credential nor the private key is ever written to a file or the cache.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ebill_core.protocol import (
    CODE_ALPHABET,
    EnrolRequest,
    ProtocolError,
    enrol_request_to_wire,
    enrol_response_from_wire,
    normalise_code,
)
from ebill_core.protocol.payment_export import encode_bytes
from ebill_desktop.config import Settings, SettingsStore
from ebill_desktop.security.keyring_store import (
    CredentialStore,
    KeyringUnavailable,
    credential_account,
)
from ebill_desktop.sync.http import (
    CentralConnection,
    CentralRefused,
    check_server_url,
    response_json,
)

log = logging.getLogger(__name__)

CODE_LENGTH = 16


class EnrolmentRefusedError(Exception):
    """Enrolment did not happen: a bad code or address, or a terminal already enrolled.

    ``code`` is the server's error code (``enrolment_code_used`` ...) or a local one.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class NotEnrolledError(Exception):
    """This terminal has no enrolment in its settings: run ``ebill-desktop enroll``."""

    def __init__(self) -> None:
        self.message = (
            "this terminal is not enrolled: run "
            "'ebill-desktop enroll --server URL --code CODE' with a code from head office"
        )
        super().__init__(self.message)


@dataclass(frozen=True, slots=True)
class TerminalIdentity:
    """Who this terminal is at head office (everything but the secret)."""

    server_url: str
    terminal_id: int
    branch_code: str
    office_code: str

    @property
    def keyring_account(self) -> str:
        return credential_account(self.server_url, self.terminal_id)

    @property
    def export_key_account(self) -> str:
        """The keyring entry of the private key that signs this terminal's payment exports."""
        return export_key_account(self.server_url, self.terminal_id)


def export_key_account(server_url: str, terminal_id: int) -> str:
    """The keyring entry next to the credential that holds the export signing key."""
    return f"{credential_account(server_url, terminal_id)}#export-key"


def _new_export_key() -> tuple[str, str]:
    """A fresh Ed25519 key pair: (private key, public key), each base64 of its raw 32 bytes."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
        PublicFormat,
    )

    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return encode_bytes(private), encode_bytes(public)


def enrolled_identity(settings: Settings) -> TerminalIdentity:
    """The enrolment recorded in ``settings``; :class:`NotEnrolledError` if there is none."""
    if settings.central_url is None or settings.central_terminal_id is None:
        raise NotEnrolledError()
    return TerminalIdentity(
        server_url=settings.central_url,
        terminal_id=settings.central_terminal_id,
        branch_code=settings.branch_code or "",
        office_code=settings.office_code,
    )


def terminal_connection(
    settings: Settings, credentials: CredentialStore, timeout: tuple[float, float] | None = None
) -> CentralConnection:
    """A connection as this enrolled terminal: its server, its credential from the keyring.

    Raises :class:`NotEnrolledError`, or the keyring's ``KeyringUnavailable`` or
    ``CredentialNotStoredError``.
    """
    identity = enrolled_identity(settings)
    credential = credentials.load(identity.keyring_account)
    if timeout is None:
        return CentralConnection(identity.server_url, credential)
    return CentralConnection(identity.server_url, credential, timeout)


def check_code(text: str) -> str:
    """The code in canonical form; :class:`EnrolmentRefusedError` if it cannot be one."""
    code = normalise_code(text)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise EnrolmentRefusedError(
            "enrolment_code_malformed",
            "an enrolment code is 16 letters and digits, like ABCD-EFGH-JKLM-NPQR "
            "(no 0, O, 1 or I)",
        )
    return code


def enrol(
    server_url: str,
    code: str,
    machine_name: str,
    store: SettingsStore,
    credentials: CredentialStore,
) -> TerminalIdentity:
    """Enrol this terminal (see the module); its identity. Read the settings again after.

    Raises
    :class:`EnrolmentRefusedError`, ``KeyringUnavailable``, or
    :class:`~ebill_desktop.sync.http.CentralUnreachable`; in every case nothing is stored.
    """
    try:
        url = check_server_url(server_url)
    except ValueError as error:
        raise EnrolmentRefusedError("server_url_invalid", str(error)) from None
    canonical = check_code(code)
    name = machine_name.strip()[:100] or "unnamed computer"
    current = _loaded(store)
    if current.central_terminal_id is not None:
        raise EnrolmentRefusedError(
            "already_enrolled",
            f"this data folder is already enrolled as terminal {current.central_terminal_id} "
            f"of {current.central_url}; use a new --data-dir for another enrolment",
        )
    credentials.check_writable()  # before the code is spent: an unusable keyring costs nothing
    private_key, public_key = _new_export_key()
    request = EnrolRequest(canonical, name, public_key)
    with CentralConnection(url, None) as connection:
        try:
            answer = connection.request("POST", "/enrol", json_body=enrol_request_to_wire(request))
        except CentralRefused as refused:
            raise EnrolmentRefusedError(refused.code, _refusal_text(refused)) from None
    try:
        response = enrol_response_from_wire(response_json(answer))
    except ProtocolError as error:
        raise EnrolmentRefusedError(
            "bad_answer",
            f"the server's answer was not understood ({error}); ask head office for a new code",
        ) from None
    identity = TerminalIdentity(
        url, response.terminal_id, response.branch_code, response.office_code
    )
    credentials.save(identity.keyring_account, response.credential)
    try:
        credentials.save(identity.export_key_account, private_key)
    except KeyringUnavailable:
        credentials.delete(identity.keyring_account)
        raise
    try:
        store.update(
            current,
            central_url=url,
            central_terminal_id=identity.terminal_id,
            branch_code=identity.branch_code,
            office_code=identity.office_code,
        )
    except (ValueError, OSError) as error:
        credentials.delete(identity.keyring_account)
        credentials.delete(identity.export_key_account)
        raise EnrolmentRefusedError(
            "settings_not_saved", f"the settings could not be saved ({error}); ask for a new code"
        ) from error
    log.info(
        "enrolled as terminal %d of branch %s at %s",
        identity.terminal_id,
        identity.branch_code,
        url,
    )
    return identity


def _loaded(store: SettingsStore) -> Settings:
    loaded = store.load()
    if loaded.read_only:
        raise EnrolmentRefusedError(
            "settings_read_only",
            f"the settings file {store.path} belongs to a newer ebill and cannot be changed",
        )
    return loaded.settings


_REFUSALS = {
    "enrolment_code_invalid": "head office does not know this code: check it, or ask for a new one",
    "enrolment_code_used": "this code has been used already: ask head office for a new one",
    "enrolment_code_expired": "this code has expired: ask head office for a new one",
    "too_many_attempts": "too many enrolment attempts from this computer: wait a minute",
}


def _refusal_text(refused: CentralRefused) -> str:
    return _REFUSALS.get(refused.code, f"the server refused the enrolment: {refused.message}")
