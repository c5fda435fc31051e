"""The close-shift dialog's "Export unsynced payments…": approval, file, export, then the close.

A real cache file, payments by the real payment service, the real shift and approval services
(argon2), the export key in the in-memory keyring (tests/conftest.py) and the app's own export
wiring (``app.unsynced_export``). The file written is checked with the public key, as head
office checks it. Only the file chooser is answered by the test.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from ebill_core.cash_count import CashCount
from ebill_core.protocol.payment_export import export_from_wire, signed_bytes
from ebill_core.records import Operator
from ebill_desktop.app import unsynced_export
from ebill_desktop.config import Settings
from ebill_desktop.security.approvals import ApprovalService
from ebill_desktop.security.keyring_store import CredentialStore
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.services.shift_reports import ShiftReport
from ebill_desktop.services.shifts import ShiftRules, ShiftService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.enrolment import export_key_account
from ebill_desktop.sync.payment_export import EXPORT_ACTION
from ebill_desktop.ui.shift_dialogs import CloseShiftDialog
from ebill_desktop.ui.tasks import TaskRunner
from tests.desktop.security_support import CASHIER, PASSWORD, SUPERVISOR, add_staff
from tests.desktop.test_payment_helpers import Clock, cash, make_cache, make_service
from tests.desktop.test_shifts import pay

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
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    credentials.save(export_key_account(SERVER, TERMINAL), base64.b64encode(raw).decode())
    return key


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(10_000)
    tasks.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """Answers the file chooser with tmp_path/chosen/unsynced.json; keeps what it suggested."""
    suggested: list[str] = []

    def choose(_parent: object, _title: str, start: str, _filter: str) -> tuple[str, str]:
        suggested.append(start)
        return str(tmp_path / "chosen" / "unsynced.json"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    return suggested


def counted_dialog(
    qtbot: QtBot,
    db: CacheDatabase,
    clock: Clock,
    payments: PaymentService,
    runner: TaskRunner,
    operator: Operator,
    settings: Settings,
    credentials: CredentialStore,
    folder: Path,
) -> CloseShiftDialog:
    """A shift with one unsynced payment, its drawer counted in the close dialog."""
    shifts = ShiftService(
        db,
        terminal="012",
        rules=ShiftRules(blind_close=False),
        clock=clock,
        central_terminal_id=settings.central_terminal_id,
        branch_code=settings.branch_code,
    )
    shift = shifts.open(operator, CashCount.of("INR", {10_000: 1}))
    pay(payments, cash(100_00))
    dialog = CloseShiftDialog(
        shifts,
        ApprovalService(db, clock=clock),
        runner,
        operator,
        shift,
        export=unsynced_export(db, settings, credentials),
        export_folder=folder,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grid.set_pieces({10_000: 2})
    dialog.count_button.click()
    qtbot.waitUntil(lambda: dialog.check is not None, timeout=10_000)
    return dialog


def exports_audited(db: CacheDatabase) -> int:
    query = "SELECT COUNT(*) FROM audit_log WHERE action = ?"
    return int(db.reader().execute(query, (EXPORT_ACTION,)).fetchone()[0])


def test_a_supervisor_approves_the_export_and_then_the_shift_closes(
    qtbot: QtBot,
    db: CacheDatabase,
    clock: Clock,
    payments: PaymentService,
    runner: TaskRunner,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    chosen: list[str],
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data" / "exports"
    dialog = counted_dialog(
        qtbot, db, clock, payments, runner, CASHIER, SETTINGS, credentials, folder
    )
    assert dialog.export_button.isVisible()
    # The close is refused while no export covers the payment.
    dialog.supervisor.login.setText(SUPERVISOR.login)
    dialog.supervisor.password.setText(PASSWORD)
    dialog.close_button.click()
    qtbot.waitUntil(lambda: "must export them first" in dialog.message.text(), timeout=10_000)
    # Export: the supervisor approves on this terminal, the file is chosen, it is written.
    dialog.export_button.click()
    asking = dialog.approval_dialog
    assert asking is not None and asking.isVisible()
    asking.login_field.setText(SUPERVISOR.login)
    asking.password_field.setText(PASSWORD)
    asking.approve_button.click()
    qtbot.waitUntil(lambda: dialog.export_result is not None, timeout=10_000)
    [suggested] = chosen
    assert Path(suggested).parent == folder and Path(suggested).name.startswith("unsynced-")
    written = tmp_path / "chosen" / "unsynced.json"
    assert "Exported 1 payment(s)" in dialog.message.text()
    document = json.loads(written.read_bytes())
    parsed = export_from_wire(document)
    signing_key.public_key().verify(parsed.signature, signed_bytes(document))
    assert len(document["payments"]) == 1 and exports_audited(db) == 1
    # The close, tried again, now succeeds (the unsynced approval still needed, and given).
    dialog.supervisor.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.closed, timeout=10_000) as closed:
        dialog.close_button.click()
    report = closed.args[0]
    assert isinstance(report, ShiftReport) and report.unsynced == 1
    assert report.unsynced_approved_by == SUPERVISOR.login


def test_without_an_approval_nothing_is_exported(
    qtbot: QtBot,
    db: CacheDatabase,
    clock: Clock,
    payments: PaymentService,
    runner: TaskRunner,
    credentials: CredentialStore,
    signing_key: Ed25519PrivateKey,
    chosen: list[str],
    tmp_path: Path,
) -> None:
    dialog = counted_dialog(
        qtbot, db, clock, payments, runner, CASHIER, SETTINGS, credentials, tmp_path
    )
    dialog.export_button.click()
    asking = dialog.approval_dialog
    assert asking is not None
    asking.reject()
    qtbot.waitUntil(lambda: dialog.approval_dialog is None, timeout=5_000)
    assert "no supervisor approved it" in dialog.message.text()
    assert chosen == [] and exports_audited(db) == 0 and dialog.export_result is None


def test_a_supervisor_closing_exports_without_asking_and_a_refusal_is_shown(
    qtbot: QtBot,
    db: CacheDatabase,
    clock: Clock,
    payments: PaymentService,
    runner: TaskRunner,
    credentials: CredentialStore,
    chosen: list[str],
    tmp_path: Path,
) -> None:
    # No export key in the keyring: the service refuses with its reason; no file, no record.
    dialog = counted_dialog(
        qtbot, db, clock, payments, runner, SUPERVISOR, SETTINGS, credentials, tmp_path
    )
    dialog.export_button.click()
    assert dialog.approval_dialog is None  # a supervisor approves by being one
    qtbot.waitUntil(lambda: "no export key" in dialog.message.text(), timeout=10_000)
    assert len(chosen) == 1 and not (tmp_path / "chosen" / "unsynced.json").exists()
    assert exports_audited(db) == 0 and dialog.export_button.isEnabled()


def test_a_terminal_never_enrolled_offers_no_export(
    qtbot: QtBot,
    db: CacheDatabase,
    clock: Clock,
    payments: PaymentService,
    runner: TaskRunner,
    credentials: CredentialStore,
    tmp_path: Path,
) -> None:
    dialog = counted_dialog(
        qtbot, db, clock, payments, runner, CASHIER, Settings(), credentials, tmp_path
    )
    assert dialog.check is not None and dialog.check.unsynced == 1
    assert not dialog.export_button.isVisible()
