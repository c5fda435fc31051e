"""Enrolment against a real central server on loopback: the code, the keyring, the settings."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from ebill_desktop.__main__ import main
from ebill_desktop.app import prepare
from ebill_desktop.config import DataPaths, SettingsStore
from ebill_desktop.security.keyring_store import (
    SERVICE,
    CredentialStore,
    KeyringUnavailable,
    credential_account,
)
from ebill_desktop.sync.enrolment import EnrolmentRefusedError, enrol, terminal_connection
from ebill_desktop.sync.http import CentralUnreachable, response_json
from tests.sync.conftest import BRANCH, CentralServer, EnrolledTerminal
from tests.sync.test_keyring import RaisingKeyring


def _store(data_dir: Path) -> SettingsStore:
    store, _loaded = prepare(DataPaths.under(data_dir))
    return store


def _memory() -> CredentialStore:
    return CredentialStore(keyring.get_keyring())


def test_enrolment_stores_the_credential_in_the_keyring_and_the_rest_in_settings(
    terminal: EnrolledTerminal, central: CentralServer
) -> None:
    settings = terminal.store.load().settings
    assert settings.central_url == central.base_url
    assert settings.central_terminal_id == terminal.identity.terminal_id
    assert (settings.branch_code, settings.office_code) == (BRANCH, "SD-014")
    credential = keyring.get_password(
        SERVICE, credential_account(central.base_url, terminal.identity.terminal_id)
    )
    assert credential is not None and credential.startswith(f"{terminal.identity.terminal_id}.")
    # ... and the credential works: the server knows who is calling.
    with terminal_connection(settings, terminal.credentials) as connection:
        answer = response_json(connection.request("GET", "/terminal"))
    assert isinstance(answer, dict)
    assert answer["terminal_id"] == terminal.identity.terminal_id
    assert answer["branch_code"] == BRANCH


def test_the_credential_is_in_no_file(terminal: EnrolledTerminal) -> None:
    from ebill_desktop.sync.puller import pull_changes

    with terminal.connection() as connection:
        pull_changes(terminal.db, connection)  # logs written, cache filled
    terminal.db.close()
    secret = terminal.credential.split(".", 1)[1].encode()
    files = [p for p in terminal.paths.data_dir.rglob("*") if p.is_file()]
    assert terminal.paths.settings_file in files and terminal.paths.cache_file in files
    for path in files:
        assert secret not in path.read_bytes(), f"the credential is in {path}"


def test_a_wrong_code_is_refused_and_stores_nothing(central: CentralServer, data_dir: Path) -> None:
    store = _store(data_dir)
    with pytest.raises(EnrolmentRefusedError) as refused:
        enrol(central.base_url, "ABCD-EFGH-JKLM-NPQR", "pc", store, _memory())
    assert refused.value.code == "enrolment_code_invalid"
    assert "ask for a new one" in refused.value.message
    assert store.load().settings.central_terminal_id is None
    assert keyring.get_keyring()._store == {}  # type: ignore[attr-defined]


def test_a_code_works_once(central: CentralServer, tmp_path: Path) -> None:
    code = central.new_code().enrolment_code
    enrol(central.base_url, code, "pc", _store(tmp_path / "first"), _memory())
    with pytest.raises(EnrolmentRefusedError) as refused:
        enrol(central.base_url, code, "pc", _store(tmp_path / "second"), _memory())
    assert refused.value.code == "enrolment_code_used"


def test_a_malformed_code_is_refused_without_asking_the_server(data_dir: Path) -> None:
    # Port 9 on loopback refuses connections: reaching it would be CentralUnreachable.
    with pytest.raises(EnrolmentRefusedError) as refused:
        enrol("http://127.0.0.1:9", "ABCD-0000", "pc", _store(data_dir), _memory())
    assert refused.value.code == "enrolment_code_malformed"


def test_a_bad_server_address_is_refused(data_dir: Path) -> None:
    with pytest.raises(EnrolmentRefusedError, match="not a server address"):
        enrol("ftp://example", "ABCD-EFGH-JKLM-NPQR", "pc", _store(data_dir), _memory())


def test_an_unreachable_server(data_dir: Path) -> None:
    store = _store(data_dir)
    with pytest.raises(CentralUnreachable, match="cannot reach"):
        enrol("http://127.0.0.1:9", "ABCD-EFGH-JKLM-NPQR", "pc", store, _memory())
    assert store.load().settings.central_url is None


def test_an_unusable_keyring_does_not_spend_the_code(
    central: CentralServer, data_dir: Path
) -> None:
    from keyring.errors import KeyringLocked

    store = _store(data_dir)
    code = central.new_code().enrolment_code
    with pytest.raises(KeyringUnavailable, match="locked"):
        enrol(central.base_url, code, "pc", store, CredentialStore(RaisingKeyring(KeyringLocked())))
    assert store.load().settings.central_terminal_id is None
    # The code is still good once the keyring is unlocked.
    identity = enrol(central.base_url, code, "pc", store, _memory())
    assert store.load().settings.central_terminal_id == identity.terminal_id


def test_an_enrolled_folder_is_not_enrolled_again(
    terminal: EnrolledTerminal, central: CentralServer
) -> None:
    code = central.new_code().enrolment_code
    with pytest.raises(EnrolmentRefusedError) as refused:
        enrol(central.base_url, code, "pc", terminal.store, terminal.credentials)
    assert refused.value.code == "already_enrolled"
    assert terminal.store.load().settings.central_terminal_id == terminal.identity.terminal_id


def test_enroll_command(
    central: CentralServer, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = central.new_code()
    args = ["--data-dir", str(data_dir), "enroll", "--server", central.base_url]
    assert main([*args, "--code", new.enrolment_code.lower(), "--name", "Counter PC"]) == 0
    out = capsys.readouterr().out
    assert f"enrolled as terminal {new.terminal_id} of branch {BRANCH}" in out
    assert main([*args, "--code", new.enrolment_code]) == 1
    assert "error: this data folder is already enrolled" in capsys.readouterr().err


def test_enroll_command_with_a_used_code(
    central: CentralServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = central.new_code().enrolment_code
    first = ["--data-dir", str(tmp_path / "a"), "enroll", "--server", central.base_url]
    second = ["--data-dir", str(tmp_path / "b"), "enroll", "--server", central.base_url]
    assert main([*first, "--code", code]) == 0
    assert main([*second, "--code", code]) == 1
    assert "error: this code has been used already" in capsys.readouterr().err


def test_enroll_command_offline(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data-dir", str(data_dir), "enroll", "--server", "http://127.0.0.1:9"]
    assert main([*args, "--code", "ABCD-EFGH-JKLM-NPQR"]) == 3
    assert "the code was not used up" in capsys.readouterr().err
