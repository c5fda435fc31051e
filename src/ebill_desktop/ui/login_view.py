"""The first thing a cashier sees: operator login and password; and the idle lock's screen.

Locked (:meth:`LoginView.show_locked`), the view says who locked it and asks for that
operator's password; submit calls ``Login.unlock`` off the UI thread, which refuses anyone
else. "Log out" (``Login.log_out``) ends the locked operator's session and brings back the
ordinary log-in, where another operator may log in.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_core.records import Operator
from ebill_desktop.services.login import LoginRefused
from ebill_desktop.ui.counter_services import DemoCredential, Login
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class LoginView(QWidget):
    """Operator + password; refusals shown as text; demo credentials in demo mode."""

    logged_in = Signal(object)  # Operator
    unlocked = Signal(object)  # Operator: the one the counter was locked for, back
    logged_out = Signal(object)  # Operator: logged out from the lock screen
    refused = Signal(str)  # the message shown (for tests and the screenshot tool)

    def __init__(
        self,
        login: Login,
        runner: TaskRunner,
        *,
        demo_credentials: Sequence[DemoCredential] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._login = login
        self._runner = runner
        self._locked_for: Operator | None = None
        self.setObjectName("loginView")

        self.operator_field = QLineEdit()
        self.operator_field.setObjectName("operatorField")
        self.operator_field.setAccessibleName(self.tr("Operator login"))
        self.operator_field.setMaxLength(64)
        self.password_field = QLineEdit()
        self.password_field.setObjectName("passwordField")
        self.password_field.setAccessibleName(self.tr("Password"))
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_field.setMaxLength(256)
        self.submit_button = QPushButton(self.tr("Log in"))
        self.submit_button.setObjectName("loginButton")
        self.submit_button.setAccessibleName(self.tr("Log in"))
        self.submit_button.setDefault(True)
        self.message = DataLabel(self.tr("Login message"), object_name="loginMessage")
        self.message.setProperty("tone", "error")
        self.message.setWordWrap(True)
        # The idle lock: who locked it (plain text: a name is data), and the way out for others.
        self.locked_label = DataLabel(self.tr("Locked by"), object_name="lockedBy")
        self.locked_label.setProperty("role", "heading")
        self.locked_label.setWordWrap(True)
        self.log_out_button = QPushButton(self.tr("Log out"))
        self.log_out_button.setObjectName("lockLogOutButton")
        self.log_out_button.setAccessibleName(self.tr("Log the locked operator out"))
        self.log_out_button.clicked.connect(self.log_out_locked)

        self.operator_field.returnPressed.connect(self.password_field.setFocus)
        self.password_field.returnPressed.connect(self.submit)
        self.submit_button.clicked.connect(self.submit)

        self._build(demo_credentials)
        self.setFocusProxy(self.operator_field)

    def _build(self, demo_credentials: Sequence[DemoCredential]) -> None:
        title = QLabel(self.tr("ebill counter"))
        title.setProperty("role", "title")
        subtitle = QLabel(self.tr("Log in to start taking payments."))
        subtitle.setProperty("role", "subtitle")
        self.subtitle = subtitle

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(12)
        for caption, field in (
            (self.tr("&Operator"), self.operator_field),
            (self.tr("&Password"), self.password_field),
        ):
            label = caption_label(caption, buddy=field)
            # As tall as its field, so that the caption sits on the field's middle line.
            label.setMinimumHeight(field.sizeHint().height())
            form.addRow(label, field)

        card = QFrame()
        card.setObjectName("loginCard")
        card.setProperty("role", "card")
        card.setMaximumWidth(680)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addWidget(self.locked_label)
        inner.addLayout(form)
        inner.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.log_out_button)
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        inner.addLayout(buttons)
        if demo_credentials:
            inner.addWidget(self._demo_panel(demo_credentials))

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.message.hide()
        self.locked_label.hide()
        self.log_out_button.hide()

    def _demo_panel(self, credentials: Sequence[DemoCredential]) -> QFrame:
        panel = QFrame()
        panel.setObjectName("demoPanel")
        panel.setProperty("role", "notice")
        layout = QVBoxLayout(panel)
        heading = QLabel(self.tr("Demo mode: log in with one of these"))
        heading.setProperty("role", "heading")
        layout.addWidget(heading)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(2)
        titles = (self.tr("Login"), self.tr("Password"), self.tr("Role"), self.tr("Name"))
        for column, title in enumerate(titles):
            caption = QLabel(title)
            caption.setProperty("role", "caption")
            grid.addWidget(caption, 0, column)
        for row, credential in enumerate(credentials, start=1):
            values = (credential.login, credential.password, credential.role, credential.full_name)
            for column, (title, value) in enumerate(zip(titles, values, strict=True)):
                label = DataLabel(title, value, object_name=f"demo_{row}_{column}")
                if column < 2:
                    label.setProperty("role", "mono")
                grid.addWidget(label, row, column)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        return panel

    def locked_for(self) -> Operator | None:
        """The operator the counter is locked for, or None (the ordinary log-in)."""
        return self._locked_for

    def lock(self, operator: Operator, message: str | None = None) -> None:
        """Lock the counter for ``operator``: audited (``Login.lock``) off the UI thread, and
        the view shows :meth:`show_locked`."""
        login = self._login
        self._runner.run(
            "lock",
            lambda: login.lock(operator, "idle"),
            lambda _none: None,
            lambda error: log.error("recording the lock failed", exc_info=error),
        )
        self.show_locked(operator, message)

    def show_locked(self, operator: Operator, message: str | None = None) -> None:
        """The idle lock: only ``operator`` unlocks; anyone else logs them out first."""
        self._locked_for = operator
        self.locked_label.set_value(
            self.tr("Locked by {name} — type your password to unlock").format(
                name=operator.full_name
            )
        )
        self.locked_label.show()
        self.subtitle.hide()
        self.log_out_button.show()
        self.log_out_button.setEnabled(True)
        self.submit_button.setText(self.tr("Unlock"))
        self.operator_field.setText(operator.login)
        self.password_field.clear()
        self.submit_button.setEnabled(True)
        self._show_message(message, tone="info")
        self.password_field.setFocus()

    def log_out_locked(self) -> None:
        """Log the locked operator out (audited off the UI thread), then the ordinary log-in."""
        operator = self._locked_for
        if operator is None or self._runner.is_busy("login"):
            return
        self.log_out_button.setEnabled(False)
        self.submit_button.setEnabled(False)
        login = self._login
        self._runner.run(
            "login",
            lambda: login.log_out(operator, "from_lock"),
            lambda _none: self._logged_out(operator),
            lambda error: self._log_out_failed(operator, error),
        )

    def _logged_out(self, operator: Operator) -> None:
        self._leave_locked()
        self.operator_field.clear()
        self.reset(
            self.tr("{name} was logged out. Log in to continue.").format(name=operator.full_name)
        )
        self.logged_out.emit(operator)

    def _log_out_failed(self, operator: Operator, error: BaseException) -> None:
        # The audit entry could not be written: the operator is logged out all the same, or a
        # full disk would chain the counter to whoever locked it.
        log.error("recording the log-out of %s failed", operator.login, exc_info=error)
        self._logged_out(operator)

    def _leave_locked(self) -> None:
        self._locked_for = None
        self.locked_label.hide()
        self.locked_label.set_value("")
        self.subtitle.show()
        self.log_out_button.hide()
        self.submit_button.setText(self.tr("Log in"))

    def reset(self, message: str | None = None) -> None:
        """Back to an empty form (after logging out or an idle lock), with an optional note."""
        self.password_field.clear()
        self.submit_button.setEnabled(True)
        self._show_message(message, tone="info")
        self.operator_field.setFocus()
        self.operator_field.selectAll()

    def submit(self) -> None:
        """Check the login and password off the UI thread."""
        login = self.operator_field.text().strip()
        password = self.password_field.text()
        if not login:
            self._refuse(self.tr("Type your operator login."))
            self.operator_field.setFocus()
            return
        if not password:
            self._refuse(self.tr("Type your password."))
            self.password_field.setFocus()
            return
        if self._runner.is_busy("login"):
            return
        self.submit_button.setEnabled(False)
        self._show_message(self.tr("Checking…"), tone="info")
        service, locked_for = self._login, self._locked_for
        if locked_for is None:
            self._runner.run(
                "login", lambda: service.log_in(login, password), self._accepted, self._failed
            )
        else:
            self.log_out_button.setEnabled(False)
            self._runner.run(
                "login",
                lambda: service.unlock(locked_for, login, password),
                self._unlocked,
                self._failed,
            )

    def _accepted(self, operator: Operator) -> None:
        self.password_field.clear()
        self.submit_button.setEnabled(True)
        self._show_message(None)
        self.logged_in.emit(operator)

    def _unlocked(self, operator: Operator) -> None:
        self._leave_locked()
        self.password_field.clear()
        self.submit_button.setEnabled(True)
        self._show_message(None)
        self.unlocked.emit(operator)

    def _failed(self, error: BaseException) -> None:
        self.submit_button.setEnabled(True)
        self.log_out_button.setEnabled(True)
        self.password_field.clear()
        self.password_field.setFocus()
        if isinstance(error, LoginRefused):
            self._refuse(str(error))
        else:
            log.error("log-in failed", exc_info=error)
            self._refuse(self.tr("Could not check the login: {error}").format(error=error))

    def _refuse(self, text: str) -> None:
        self._show_message(text, tone="error")
        self.refused.emit(text)

    def _show_message(self, text: str | None, *, tone: str = "error") -> None:
        self.message.setProperty("tone", tone)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.set_value(text or "")
        self.message.setVisible(bool(text))
