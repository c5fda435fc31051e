"""The supervisor approval and password dialogs, offscreen, over the real services and cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from ebill_desktop.security import audit
from ebill_desktop.security.approvals import ApprovalService, authorise
from ebill_desktop.security.password_change import PasswordService
from ebill_desktop.security.roles import Action
from ebill_desktop.services.login import LoginService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.ui.approval_dialog import ApprovalDialog
from ebill_desktop.ui.password_dialog import PasswordDialog, PasswordMode
from ebill_desktop.ui.tasks import TaskRunner
from tests.desktop import security_support
from tests.desktop.security_support import CASHIER, PASSWORD, SUPERVISOR

staffed_template = security_support.staffed_template
staffed = security_support.staffed


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "terminal" / "cache.sqlite3"


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    assert tasks.shutdown(10_000)
    tasks.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def dialog(qtbot: QtBot, staffed: CacheDatabase, runner: TaskRunner) -> ApprovalDialog:
    shown = ApprovalDialog(
        ApprovalService(staffed), runner, Action.VOID, CASHIER, details="Receipt SD014-T01-000042-7"
    )
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _type(qtbot: QtBot, dialog: ApprovalDialog, login: str, password: str) -> None:
    qtbot.keyClicks(dialog.login_field, login)
    qtbot.keyClicks(dialog.password_field, password)


def test_a_supervisor_approves_on_the_cashiers_terminal(
    qtbot: QtBot, dialog: ApprovalDialog, staffed: CacheDatabase
) -> None:
    _type(qtbot, dialog, "ravi", PASSWORD)
    with qtbot.waitSignal(dialog.approved, timeout=10_000) as approved:
        qtbot.keyClick(dialog.password_field, Qt.Key.Key_Return)
    approval = approved.args[0]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.approval == approval
    assert (approval.approver, approval.cashier, approval.action) == ("ravi", "asha", Action.VOID)
    authorise(Action.VOID, CASHIER, approval)  # the service accepts what the dialog returned
    assert [e.action for e in audit.entries(staffed)] == ["approve"]


@pytest.mark.parametrize(
    ("login", "password", "message"),
    [
        ("ravi", "not the password", "Wrong operator or password"),
        ("asha", PASSWORD, "cannot be you"),
        ("kiosk1", PASSWORD, "not a supervisor"),
    ],
)
def test_a_refusal_is_shown_and_the_dialog_stays(
    qtbot: QtBot, dialog: ApprovalDialog, login: str, password: str, message: str
) -> None:
    _type(qtbot, dialog, login, password)
    with qtbot.waitSignal(dialog.refused, timeout=10_000) as refused:
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert message in refused.args[0]
    assert dialog.isVisible() and dialog.approval is None
    assert message in dialog.message.text() and dialog.message.isVisible()
    assert dialog.password_field.text() == ""
    assert dialog.approve_button.isEnabled()


def test_empty_fields_are_asked_for_without_a_check(
    qtbot: QtBot, dialog: ApprovalDialog, staffed: CacheDatabase, runner: TaskRunner
) -> None:
    with qtbot.waitSignal(dialog.refused) as refused:
        dialog.submit()
    assert "login" in refused.args[0]
    qtbot.keyClicks(dialog.login_field, "ravi")
    with qtbot.waitSignal(dialog.refused) as refused:
        dialog.submit()
    assert "password" in refused.args[0]
    assert not runner.is_busy()
    assert audit.entries(staffed) == []


def test_escape_cancels_with_no_approval(qtbot: QtBot, dialog: ApprovalDialog) -> None:
    qtbot.keyClicks(dialog.login_field, "ravi")
    qtbot.keyClick(dialog.login_field, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible() and dialog.approval is None


def test_markup_in_a_name_is_shown_as_typed(
    qtbot: QtBot, staffed: CacheDatabase, runner: TaskRunner
) -> None:
    from dataclasses import replace

    shown = ApprovalDialog(
        ApprovalService(staffed), runner, Action.VOID, replace(CASHIER, full_name="<b>Asha</b>")
    )
    qtbot.addWidget(shown)
    label = shown.findChild(type(shown.message), "approvalCashier")
    assert label is not None and label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>Asha</b> (asha)"


@pytest.fixture
def reset_dialog(qtbot: QtBot, staffed: CacheDatabase, runner: TaskRunner) -> PasswordDialog:
    shown = PasswordDialog(
        PasswordService(staffed), runner, SUPERVISOR, PasswordMode.RESET, target_login="asha"
    )
    qtbot.addWidget(shown)
    shown.show()
    return shown


def test_the_rule_is_shown_and_a_short_or_mismatched_password_refused(
    qtbot: QtBot, reset_dialog: PasswordDialog
) -> None:
    assert "At least 12 characters (0 typed)" in reset_dialog.rule.text()
    qtbot.keyClicks(reset_dialog.new_field, "short one")
    assert "(9 typed)" in reset_dialog.rule.text()
    with qtbot.waitSignal(reset_dialog.refused) as refused:
        reset_dialog.submit()
    assert "at least 12" in refused.args[0]
    qtbot.keyClicks(reset_dialog.new_field, " is longer")
    qtbot.keyClicks(reset_dialog.repeat_field, "something else")
    with qtbot.waitSignal(reset_dialog.refused) as refused:
        reset_dialog.submit()
    assert "differ" in refused.args[0]


def test_a_supervisor_resets_a_cashiers_password(
    qtbot: QtBot, reset_dialog: PasswordDialog, staffed: CacheDatabase
) -> None:
    for field in (reset_dialog.new_field, reset_dialog.repeat_field):
        qtbot.keyClicks(field, "twelve chars!")
    with qtbot.waitSignal(reset_dialog.saved, timeout=10_000) as saved:
        qtbot.keyClick(reset_dialog.repeat_field, Qt.Key.Key_Return)
    assert saved.args == ["asha"]
    assert reset_dialog.result() == QDialog.DialogCode.Accepted
    assert LoginService(staffed).log_in("asha", "twelve chars!").login == "asha"


def test_a_reset_the_service_refuses_is_shown(
    qtbot: QtBot, staffed: CacheDatabase, runner: TaskRunner
) -> None:
    shown = PasswordDialog(
        PasswordService(staffed), runner, SUPERVISOR, PasswordMode.RESET, target_login="meena"
    )
    qtbot.addWidget(shown)
    for field in (shown.new_field, shown.repeat_field):
        qtbot.keyClicks(field, "twelve chars!")
    with qtbot.waitSignal(shown.refused, timeout=10_000) as refused:
        shown.submit()
    assert "cannot reset the password of meena" in refused.args[0]
    assert shown.save_button.isEnabled()
