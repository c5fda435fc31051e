"""The idle lock (issue 4): the counter locks after the configured idle time, keeps the
operator, and only that operator unlocks it, back where they were; anyone else logs them out.

Real window, real LoginService over the demo cache (argon2 hashes), offscreen.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ebill_core.demo.catalogue import OPERATORS
from ebill_core.records import OperatorRole
from ebill_desktop.security import audit
from ebill_desktop.services.account_summary import AccountSummary
from tests.ui.conftest import Counter
from tests.ui.test_counter_flow import summary_with_open_bills

CASHIER = OPERATORS[0]
SUPERVISOR = next(o for o in OPERATORS if o.role is OperatorRole.SUPERVISOR)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def log_in(qtbot: QtBot, counter: Counter, login: str, password: str) -> None:
    view = counter.window.login_view
    view.operator_field.setText(login)
    view.password_field.setText(password)
    with qtbot.waitSignal(view.logged_in, timeout=10_000):
        view.submit()


def try_password(qtbot: QtBot, counter: Counter, login: str, password: str) -> str:
    """Type at the lock screen and submit; the refusal shown."""
    view = counter.window.login_view
    view.operator_field.setText(login)
    view.password_field.setText(password)
    with qtbot.waitSignal(view.refused, timeout=10_000) as refused:
        view.submit()
    return str(refused.args[0])


def open_consumer(qtbot: QtBot, counter: Counter) -> AccountSummary:
    expected = summary_with_open_bills(counter)
    with qtbot.waitSignal(counter.window.consumer_view.summary_shown, timeout=10_000):
        counter.window.open_account(expected.account.account_no)
    return expected


def wait_for_idle_lock(qtbot: QtBot, counter: Counter) -> None:
    window = counter.window
    window.idle_lock.set_timeout_ms(150)  # the configured minutes, shortened for the test
    with qtbot.waitSignal(window.view_changed, timeout=5_000) as changed:
        pass
    assert changed.args == ["login"]
    # The lock is audited off the UI thread.
    qtbot.waitUntil(lambda: not counter.runner.is_busy("lock"), timeout=5_000)


def audited(counter: Counter) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in audit.entries(counter.terminal.db)]


def test_the_idle_time_comes_from_the_settings(counter: Counter) -> None:
    minutes = counter.terminal.settings.idle_lock_minutes
    assert minutes == 15  # the default
    assert counter.window.idle_lock._timer.interval() == minutes * 60_000


def test_idle_lock_keeps_the_operator_and_only_they_unlock_back_where_they_were(
    qtbot: QtBot, counter: Counter
) -> None:
    window = counter.window
    log_in(qtbot, counter, CASHIER.login, CASHIER.password)
    shown = open_consumer(qtbot, counter)
    assert window.current_view_name() == "consumer"
    wait_for_idle_lock(qtbot, counter)

    view = window.login_view
    locked_for = view.locked_for()
    assert locked_for is not None and locked_for.login == CASHIER.login
    assert window.operator() is None  # nothing works until unlocked
    assert not window.idle_lock.is_armed()
    assert view.locked_label.isVisible() and view.log_out_button.isVisible()
    assert f"Locked by {CASHIER.full_name}" in view.locked_label.text()
    assert "type your password to unlock" in view.locked_label.text()
    assert "Locked: " in window.operator_label.text()
    assert (CASHIER.login, "lock") in audited(counter)
    # Keys of the counter do nothing while locked.
    window.new_search()
    window.open_account(shown.account.account_no)
    assert window.current_view_name() == "login"

    if os.environ.get("EBILL_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(SCREENSHOTS / "43-idle-lock.png"))

    # Another operator, even with their own right password, cannot unlock.
    refused = try_password(qtbot, counter, SUPERVISOR.login, SUPERVISOR.password)
    assert refused == f"Only {CASHIER.login} can unlock this counter"
    assert view.locked_for() == locked_for and window.current_view_name() == "login"
    assert (CASHIER.login, "unlock_failed") in audited(counter)
    # A wrong password is refused too (and counts toward the lock-out).
    assert "Wrong" in try_password(qtbot, counter, CASHIER.login, "not the password")
    assert window.current_view_name() == "login" and window.operator() is None

    view.operator_field.setText(CASHIER.login)
    view.password_field.setText(CASHIER.password)
    with qtbot.waitSignal(view.unlocked, timeout=10_000):
        qtbot.keyClick(view.password_field, Qt.Key.Key_Return)
    # The same view, with what it showed; the operator back; the timer running again.
    assert window.current_view_name() == "consumer"
    summary = window.consumer_view.summary()
    assert summary is not None and summary.account.account_no == shown.account.account_no
    operator = window.operator()
    assert operator is not None and operator.login == CASHIER.login
    assert window.idle_lock.is_armed()
    assert view.locked_for() is None and not view.locked_label.isVisible()
    assert view.password_field.text() == ""
    assert audited(counter)[-1] == (CASHIER.login, "unlock")


def test_log_out_from_the_lock_lets_another_operator_log_in(qtbot: QtBot, counter: Counter) -> None:
    window = counter.window
    log_in(qtbot, counter, CASHIER.login, CASHIER.password)
    wait_for_idle_lock(qtbot, counter)
    view = window.login_view
    with qtbot.waitSignal(view.logged_out, timeout=10_000) as out:
        qtbot.mouseClick(view.log_out_button, Qt.MouseButton.LeftButton)
    assert out.args[0].login == CASHIER.login
    assert view.locked_for() is None and not view.log_out_button.isVisible()
    assert view.operator_field.text() == "" and "was logged out" in view.message.text()
    assert window.current_view_name() == "login" and window.operator() is None
    assert window.operator_label.text().endswith("Not logged in")
    assert audited(counter)[-1] == (CASHIER.login, "logout")

    log_in(qtbot, counter, SUPERVISOR.login, SUPERVISOR.password)
    operator = window.operator()
    assert operator is not None and operator.login == SUPERVISOR.login
    assert window.current_view_name() == "lookup"
