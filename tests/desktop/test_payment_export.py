"""The supervisor's signed export of unsynced payments, and the shift close that needs it.

A real cache file per test, payments taken through the real payment service, the signing key in
the in-memory keyring (tests/conftest.py). The signature is checked here with the public key, as
head office checks it (tests/central/test_payment_import.py imports such files for real).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ebill_core.cash_count import CashCount
from ebill_core.protocol.payment_export import FORMAT, export_from_wire, signed_bytes
from ebill_desktop.config import DataPaths, Settings, SettingsStore
from ebill_desktop.security import audit, keyring_store
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.security.keyring_store import CredentialStore
from ebill_desktop.security.roles import Action
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.services.shifts import ShiftError, ShiftRules, ShiftService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.enrolment import export_key_account
from ebill_desktop.sync.export_command import run_export_unsynced
from ebill_desktop.sync.outbox import OutboxKind, OutboxState, find_item
from ebill_desktop.sync.payment_export import (
    EXPORT_ACTION,
    PaymentExportError,
    export_unsynced,
    unexported_count,
)
from tests.desktop.security_support import CASHIER, PASSWORD, SUPERVISOR, add_staff
from tests.desktop.test_payment_helpers import Clock, cash, make_cache, make_service
from tests.desktop.test_shifts import answered, approve, pay

SERVER = "http://central.test:8080"
TERMINAL = 7
SETTINGS = Settings(central_url=SERVER, central_terminal_id=TERMINAL, branch_code="BR-A")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    add_staff(cache)
    yield cache
    cache.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def payments(db: CacheDatabase, clock: Clock) -> PaymentService:
    return make_service(db, clock)


@pytest.fixture
def credentials() -> CredentialStore:
    return CredentialStore(keyring.get_keyring())


@pytest.fixture
def signing_key(credentials: CredentialStore) -> Ed25519PrivateKey:
    """The export key as enrolment leaves it: base64 of the raw private key, in the keyring."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    credentials.save(export_key_account(SERVER, TERMINAL), base64.b64encode(raw).decode())
    return key


def audit_exports(db: CacheDatabase) -> list[dict[str, object]]:
    return [dict(e.detail) for e in audit.entries(db) if e.action == EXPORT_ACTION]


def test_the_file_holds_the_outbox_bodies_signed_and_the_act_is_audited(
    db: CacheDatabase,
    payments: PaymentService,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
) -> None:
    done = [pay(payments, cash(100_00 + n)) for n in range(3)]
    answered(db, done[0])  # head office has the first: it is not exported
    out = tmp_path / "export" / "unsynced.json"
    result = export_unsynced(db, credentials, SETTINGS, out, SUPERVISOR)
    data = out.read_bytes()
    document = json.loads(data)
    assert document["format"] == FORMAT and document["terminal_id"] == TERMINAL
    assert document["branch_code"] == "BR-A"
    expected = [find_item(db, d.payment.payment_id) for d in done[1:]]
    assert document["payments"] == [item.body() for item in expected if item is not None]
    parsed = export_from_wire(document)
    signing_key.public_key().verify(parsed.signature, signed_bytes(document))
    assert (result.payments, result.first_seq, result.through_seq) == (2, 2, 3)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert audit_exports(db) == [
        {"file_sha256": result.sha256, "payments": 2, "first_seq": 2, "through_seq": 3}
    ]
    assert sorted(p.name for p in out.parent.iterdir()) == ["unsynced.json"]  # no temp file
    # One changed amount and the signature no longer holds.
    document["payments"][0]["tenders"][0]["amount"]["minor"] += 1
    with pytest.raises(InvalidSignature):
        signing_key.public_key().verify(parsed.signature, signed_bytes(document))


def test_an_attention_item_is_exported_too(
    db: CacheDatabase,
    payments: PaymentService,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
) -> None:
    done = pay(payments, cash(50_00))
    with db.write_transaction() as connection:
        connection.exec_driver_sql(
            "UPDATE outbox SET state = 'attention' WHERE item_id = ?", (done.payment.payment_id,)
        )
    item = find_item(db, done.payment.payment_id)
    assert item is not None and item.state is OutboxState.ATTENTION
    out = tmp_path / "a.json"
    assert export_unsynced(db, credentials, SETTINGS, out, SUPERVISOR).payments == 1
    assert json.loads(out.read_text())["payments"][0]["payment_id"] == done.payment.payment_id


def test_a_cashier_needs_a_supervisors_approval(
    db: CacheDatabase,
    clock: Clock,
    payments: PaymentService,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
) -> None:
    pay(payments, cash(10_00))
    out = tmp_path / "cashier.json"
    with pytest.raises(NotPermittedError, match="supervisor must approve"):
        export_unsynced(db, credentials, SETTINGS, out, CASHIER)
    wrong = approve(db, clock, Action.CLOSE_WITH_UNSYNCED)
    with pytest.raises(NotPermittedError, match="not for this"):
        export_unsynced(db, credentials, SETTINGS, out, CASHIER, wrong)
    assert not out.exists() and audit_exports(db) == []
    approval = approve(db, clock, Action.EXPORT_UNSYNCED)
    export_unsynced(db, credentials, SETTINGS, out, CASHIER, approval)
    assert audit_exports(db)[0]["approved_by"] == SUPERVISOR.login


def test_refusals_write_no_file_and_record_nothing(
    db: CacheDatabase,
    payments: PaymentService,
    credentials: CredentialStore,
    tmp_path: Path,
) -> None:
    out = tmp_path / "refused.json"
    pay(payments, cash(10_00))
    with pytest.raises(PaymentExportError, match="not enrolled"):
        export_unsynced(db, credentials, Settings(), out, SUPERVISOR)
    with pytest.raises(PaymentExportError, match="no export key"):
        export_unsynced(db, credentials, SETTINGS, out, SUPERVISOR)
    credentials.save(export_key_account(SERVER, TERMINAL), "not base64 of a key!")
    with pytest.raises(PaymentExportError, match="damaged"):
        export_unsynced(db, credentials, SETTINGS, out, SUPERVISOR)
    assert not out.exists() and audit_exports(db) == []


def test_nothing_unsynced_means_nothing_to_export(
    db: CacheDatabase,
    payments: PaymentService,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
) -> None:
    answered(db, pay(payments, cash(10_00)))
    out = tmp_path / "empty.json"
    with pytest.raises(PaymentExportError, match="nothing to export"):
        export_unsynced(db, credentials, SETTINGS, out, SUPERVISOR)
    assert not out.exists() and audit_exports(db) == []


def test_an_unwritable_path_records_nothing(
    db: CacheDatabase,
    payments: PaymentService,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
) -> None:
    pay(payments, cash(10_00))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(PaymentExportError, match="could not be written"):
        export_unsynced(db, credentials, SETTINGS, blocker / "out.json", SUPERVISOR)
    assert audit_exports(db) == []


def enrolled_shifts(db: CacheDatabase, clock: Clock) -> ShiftService:
    return ShiftService(
        db,
        terminal="012",
        rules=ShiftRules(blind_close=False),
        clock=clock,
        central_terminal_id=TERMINAL,
        branch_code="BR-A",
    )


def test_an_enrolled_shift_with_unsynced_payments_closes_only_with_approval_and_export(
    db: CacheDatabase,
    clock: Clock,
    payments: PaymentService,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
) -> None:
    shifts = enrolled_shifts(db, clock)
    shift = shifts.open(CASHIER, CashCount.of("INR", {10_000: 1}))
    pay(payments, cash(100_00))
    shifts.record_count(shift.shift_id, CASHIER, CashCount.of("INR", {10_000: 2}))
    assert unexported_count(db.reader(), shift.shift_id) == 1
    with pytest.raises(ShiftError, match="must export them first"):
        shifts.close(
            shift.shift_id,
            CASHIER,
            unsynced_approval=approve(db, clock, Action.CLOSE_WITH_UNSYNCED),
        )
    assert shifts.current() is not None  # refused: still open, nothing queued
    assert find_item(db, shift.shift_id) is None
    export_unsynced(db, credentials, SETTINGS, tmp_path / "1.json", SUPERVISOR)
    assert unexported_count(db.reader(), shift.shift_id) == 0
    # A payment taken after the export is in no file: refused again until it is exported.
    pay(payments, cash(20_00))
    shifts.record_count(shift.shift_id, CASHIER, CashCount.of("INR", {10_000: 2, 1_000: 2}))
    with pytest.raises(ShiftError, match="1 payment"):
        shifts.close(
            shift.shift_id,
            CASHIER,
            unsynced_approval=approve(db, clock, Action.CLOSE_WITH_UNSYNCED),
        )
    export_unsynced(db, credentials, SETTINGS, tmp_path / "2.json", SUPERVISOR)
    # The export does not replace the approval.
    with pytest.raises(NotPermittedError, match="supervisor must approve"):
        shifts.close(shift.shift_id, CASHIER)
    z = shifts.close(
        shift.shift_id, CASHIER, unsynced_approval=approve(db, clock, Action.CLOSE_WITH_UNSYNCED)
    )
    assert z.unsynced == 2 and z.unsynced_approved_by == SUPERVISOR.login
    close = find_item(db, shift.shift_id)
    assert close is not None and close.kind is OutboxKind.SHIFT_CLOSE


def test_answered_payments_need_no_export_to_close(
    db: CacheDatabase, clock: Clock, payments: PaymentService
) -> None:
    shifts = enrolled_shifts(db, clock)
    shift = shifts.open(SUPERVISOR, CashCount.of("INR", {10_000: 1}))
    answered(db, pay(payments, cash(100_00)))
    shifts.record_count(shift.shift_id, SUPERVISOR, CashCount.of("INR", {10_000: 2}))
    assert shifts.close(shift.shift_id, SUPERVISOR).unsynced == 0


def test_the_command_asks_the_supervisors_password_and_writes_the_file(
    signing_key: Ed25519PrivateKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(keyring_store, "platform_backend", keyring.get_keyring)
    paths = DataPaths.under(tmp_path / "data")
    paths.create()
    SettingsStore(paths.settings_file).save(SETTINGS)
    db = make_cache(paths.cache_file)
    add_staff(db)
    pay(make_service(db, Clock()), cash(10_00))
    db.close()
    out = tmp_path / "out.json"
    asked: list[str] = []

    def typed(password: str) -> Callable[[str], str]:
        def read(prompt: str) -> str:
            asked.append(prompt)
            return password

        return read

    assert run_export_unsynced(paths, out, SUPERVISOR.login, typed("wrong password!")) == 1
    assert "error:" in capsys.readouterr().err and not out.exists()
    assert run_export_unsynced(paths, out, CASHIER.login, typed(PASSWORD)) == 1
    assert "supervisor must approve" in capsys.readouterr().err and not out.exists()
    assert run_export_unsynced(paths, out, SUPERVISOR.login, typed(PASSWORD)) == 0
    assert "exported 1 unsynced payment(s)" in capsys.readouterr().out
    assert asked == [f"Password of {login}: " for login in ("ravi", "asha", "ravi")]
    assert json.loads(out.read_text())["payments"][0]["terminal_seq"] == 1
