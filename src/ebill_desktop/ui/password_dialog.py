"""Setting a password: a supervisor resetting a cashier's, or an operator changing their own.

The dialog holds the 12-character rule where it can be seen (a live count under the field) and
refuses a mismatch before anything is sent; the service checks the same rules again, hashes the
password (argon2id: slow on purpose, so off the UI thread) and stores it with an outbox item for
head office and an audit entry (:mod:`ebill_desktop.security.password_change`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_core.records import Operator
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.security.password_change import MIN_PASSWORD_CHARS, PasswordRuleError
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

LANE = "password"


class Passwords(Protocol):
    """What the dialog calls (:class:`ebill_desktop.security.password_change.PasswordService`)."""

    def reset(self, actor: Operator, target_login: str, new_password: str) -> None: ...
    def change_own(self, operator: Operator, old_password: str, new_password: str) -> None: ...


class PasswordMode(StrEnum):
    RESET = "reset"  # a supervisor sets another operator's password
    CHANGE_OWN = "change_own"  # the operator sets their own, giving the current one


class PasswordDialog(QDialog):
    """New password twice (and the target's login, or the current password); ``done`` on save."""

    saved = Signal(str)  # the login whose password was set
    refused = Signal(str)  # the message shown (for tests and the screenshot tool)

    def __init__(
        self,
        passwords: Passwords,
        runner: TaskRunner,
        operator: Operator,
        mode: PasswordMode,
        *,
        target_login: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setModal(True)
        self._passwords = passwords
        self._runner = runner
        self._operator = operator
        self._mode = mode
        self.setWindowTitle(
            self.tr("Reset a password")
            if mode is PasswordMode.RESET
            else self.tr("Change your password")
        )
        self._build(target_login)

    def _field(self, name: str, accessible: str, *, secret: bool) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setAccessibleName(accessible)
        field.setMaxLength(256 if secret else 64)
        if secret:
            field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def _build(self, target_login: str) -> None:
        resetting = self._mode is PasswordMode.RESET
        heading = QLabel(
            self.tr("Set a new password for an operator")
            if resetting
            else self.tr("Choose a new password")
        )
        heading.setProperty("role", "heading")
        by = DataLabel(
            self.tr("Set by"),
            f"{self._operator.full_name} ({self._operator.login})",
            object_name="passwordSetBy",
        )
        self.target_field = self._field("passwordTarget", self.tr("Operator login"), secret=False)
        self.target_field.setText(target_login)
        self.current_field = self._field(
            "currentPassword", self.tr("Current password"), secret=True
        )
        self.new_field = self._field("newPassword", self.tr("New password"), secret=True)
        self.repeat_field = self._field(
            "repeatPassword", self.tr("New password again"), secret=True
        )
        self.rule = DataLabel(self.tr("Password rule"), object_name="passwordRule")
        self.message = DataLabel(self.tr("Password message"), object_name="passwordMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.save_button = QPushButton(self.tr("Set password"))
        self.save_button.setObjectName("setPasswordButton")
        self.save_button.setDefault(True)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.addRow(caption_label(self.tr("Set by")), by)
        if resetting:
            form.addRow(
                caption_label(self.tr("&Operator"), buddy=self.target_field), self.target_field
            )
        else:
            form.addRow(
                caption_label(self.tr("&Current password"), buddy=self.current_field),
                self.current_field,
            )
        form.addRow(caption_label(self.tr("&New password"), buddy=self.new_field), self.new_field)
        form.addRow(caption_label(""), self.rule)
        form.addRow(caption_label(self.tr("&Again"), buddy=self.repeat_field), self.repeat_field)
        layout = QVBoxLayout(self)
        # Never smaller than the contents need: a wrapped message must not be cut off.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        self.new_field.textChanged.connect(self._show_rule)
        self.repeat_field.returnPressed.connect(self.submit)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        first = self.target_field if resetting and not target_login else None
        self.setFocusProxy(first or (self.new_field if resetting else self.current_field))
        self._show_rule()
        self.resize(540, 0)

    # -- reacting -------------------------------------------------------------------------

    def _show_rule(self) -> None:
        typed = len(self.new_field.text())
        self.rule.set_value(
            self.tr("At least {minimum} characters ({typed} typed)").format(
                minimum=MIN_PASSWORD_CHARS, typed=typed
            )
        )
        self.rule.setProperty("tone", "info" if typed >= MIN_PASSWORD_CHARS else "error")
        self.rule.style().unpolish(self.rule)
        self.rule.style().polish(self.rule)

    def submit(self) -> None:
        """Check what can be checked here, then set the password off the UI thread."""
        new, again = self.new_field.text(), self.repeat_field.text()
        target = self.target_field.text().strip()
        current = self.current_field.text()
        resetting = self._mode is PasswordMode.RESET
        if resetting and not target:
            self._refuse(self.tr("Type the login of the operator."), self.target_field)
            return
        if not resetting and not current:
            self._refuse(self.tr("Type your current password."), self.current_field)
            return
        if len(new) < MIN_PASSWORD_CHARS:
            self._refuse(
                self.tr("A password has at least {minimum} characters.").format(
                    minimum=MIN_PASSWORD_CHARS
                ),
                self.new_field,
            )
            return
        if new != again:
            self.repeat_field.clear()
            self._refuse(self.tr("The two new passwords differ; type it again."), self.repeat_field)
            return
        if self._runner.is_busy(LANE):
            return
        operator, passwords = self._operator, self._passwords
        if resetting:
            self._start(lambda: passwords.reset(operator, target, new), target)
        else:
            self._start(lambda: passwords.change_own(operator, current, new), operator.login)

    def _start(self, work: Callable[[], None], login: str) -> None:
        self._set_busy(True)
        self._show(self.tr("Saving…"), tone="info")
        self._runner.run(LANE, work, lambda _none: self._saved(login), self._failed)

    def _saved(self, login: str) -> None:
        for field in (self.current_field, self.new_field, self.repeat_field):
            field.clear()
        self.saved.emit(login)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, PasswordRuleError | NotPermittedError):
            self._refuse(str(error), self.new_field)
        else:
            log.error("the password could not be set", exc_info=error)
            self._refuse(
                self.tr("Could not set the password: {error}").format(error=error), self.new_field
            )

    def _refuse(self, text: str, focus: QLineEdit) -> None:
        self._show(text, tone="error")
        focus.setFocus()
        self.refused.emit(text)

    def _set_busy(self, busy: bool) -> None:
        # Read-only, not disabled: see ApprovalDialog._set_busy (Return would reach Cancel).
        self.save_button.setEnabled(not busy)
        for field in (self.target_field, self.current_field, self.new_field, self.repeat_field):
            field.setReadOnly(busy)

    def _show(self, text: str, *, tone: str) -> None:
        self.message.show_message(text, tone=tone)
