"""The first thing a cashier sees: operator login and password."""

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
        inner.addLayout(form)
        inner.addWidget(self.message)
        buttons = QHBoxLayout()
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
        self._runner.run(
            "login", lambda: self._login.log_in(login, password), self._accepted, self._failed
        )

    def _accepted(self, operator: Operator) -> None:
        self.password_field.clear()
        self.submit_button.setEnabled(True)
        self._show_message(None)
        self.logged_in.emit(operator)

    def _failed(self, error: BaseException) -> None:
        self.submit_button.setEnabled(True)
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
