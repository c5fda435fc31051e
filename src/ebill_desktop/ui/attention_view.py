"""F6: the payments head office could not take, and what a supervisor does about them.

Each item of the outbox's attention list (:mod:`ebill_desktop.sync.outbox`) shows when it was
taken, what it was (receipt, account, amount) and why the server did not take it. Two ways out,
each with a note of who decided and why:

* **Retry**: the item is sent again at once (after head office fixed what refused it); anyone
  logged in may retry, a resend is harmless (the same UUID gets the first answer);
* **Set aside**: head office dealt with it by hand; it is marked done without being sent. The
  note is required, and only a supervisor or an administrator may set an item aside.

The list is read and changed off the UI thread (:class:`~ebill_desktop.ui.tasks.TaskRunner`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_core.money import Money
from ebill_core.protocol import ProtocolError, payment_from_wire
from ebill_core.records import Operator, OperatorRole
from ebill_desktop.sync.outbox import OutboxError, OutboxItem, Resolution
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import amount_text, moment_text
from ebill_desktop.ui.record_table_view import record_table
from ebill_desktop.ui.table_columns import text_column
from ebill_desktop.ui.table_model import Column, RecordTableModel, TableRows, table_rows
from ebill_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# Setting an item aside settles money without head office's answer: a supervisor's decision.
SET_ASIDE_ROLES = frozenset({OperatorRole.SUPERVISOR, OperatorRole.ADMINISTRATOR})


class AttentionList(Protocol):
    """What the view asks of the sync coordinator (called on a worker thread)."""

    def attention_items(self) -> list[OutboxItem]: ...

    def resolve(
        self, item_id: str, resolution: Resolution, note: str, *, actor: Operator
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class AttentionRow:
    """One attention item as the table shows it."""

    item_id: str
    taken_at: datetime
    receipt_no: str
    account_no: str
    amount: Money | None  # None when the stored message cannot be read
    reason: str


def attention_row(item: OutboxItem) -> AttentionRow:
    """The row of one item (pure: runs on the worker thread)."""
    try:
        payment = payment_from_wire(item.body())
    except (ValueError, ProtocolError, RecursionError):
        return AttentionRow(
            item.item_id, item.created_at, "", "", None, item.last_error or "unreadable message"
        )
    return AttentionRow(
        item.item_id,
        payment.taken_at,
        payment.receipt_no,
        payment.account_no,
        payment.amount,
        item.last_error or "",
    )


class AttentionModel(RecordTableModel):
    """Rows of :class:`AttentionRow`, oldest first."""

    def declare_columns(self) -> Sequence[Column]:
        return (
            Column(
                self.tr("Taken at"),
                lambda r: moment_text(r.taken_at),
                lambda r: r.taken_at.isoformat(),
            ),
            text_column(self.tr("Receipt no."), lambda r: r.receipt_no),
            text_column(self.tr("Account"), lambda r: r.account_no),
            Column(
                self.tr("Amount"),
                lambda r: "" if r.amount is None else amount_text(r.amount),
                lambda r: -1 if r.amount is None else r.amount.minor,
                numeric=True,
            ),
            text_column(self.tr("Why head office did not take it"), lambda r: r.reason),
        )


class AttentionView(QDialog):
    """The attention list with Retry and Set aside (see the module)."""

    loaded = Signal(int)  # rows shown
    resolved = Signal(str, str)  # item id, resolution
    refused = Signal(str)  # the message shown when a resolution was not made

    def __init__(
        self,
        items: AttentionList,
        runner: TaskRunner,
        *,
        operator: Callable[[], Operator | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._items = items
        self._runner = runner
        self._operator = operator
        self.setObjectName("attentionView")
        self.setWindowTitle(self.tr("Payments needing attention"))
        self.setAccessibleName(self.tr("Payments needing attention"))
        self.setModal(True)
        self.resize(1040, 520)

        self.model = AttentionModel(self)
        self.table = record_table(
            self.model,
            self.tr("Payments head office could not take"),
            object_name="attentionTable",
            stretch_column=4,
            visible_rows=6,
        )
        self.note_field = QLineEdit()
        self.note_field.setObjectName("attentionNote")
        self.note_field.setPlaceholderText(self.tr("Who decided, and why"))
        self.note_field.setMaxLength(400)
        note_caption = caption_label(self.tr("&Note"), buddy=self.note_field)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setObjectName("attentionRetry")
        self.set_aside_button = QPushButton(self.tr("&Set aside"))
        self.set_aside_button.setObjectName("attentionSetAside")
        close_button = QPushButton(self.tr("Close (Esc)"))
        close_button.setAutoDefault(False)
        self.detail = DataLabel(self.tr("Chosen payment"), object_name="attentionDetail")
        self.detail.setWordWrap(True)
        self.message = DataLabel(self.tr("Message"), object_name="attentionMessage")
        self.message.setWordWrap(True)
        explanation = DataLabel(self.tr("About this list"), object_name="attentionAbout")
        explanation.setWordWrap(True)
        explanation.setProperty("role", "muted")
        explanation.set_value(
            self.tr(
                "Head office received these payments but could not post them. Retry sends one "
                "again (after head office has fixed the cause). Set aside (supervisors) marks "
                "one as dealt with by hand; the note is kept with it."
            )
        )

        buttons = QHBoxLayout()
        buttons.addWidget(note_caption)
        buttons.addWidget(self.note_field, 1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.set_aside_button)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(10)
        heading = QLabel(self.tr("Payments head office could not take"))
        heading.setProperty("role", "title")
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

        self.retry_button.clicked.connect(lambda: self.resolve_chosen(Resolution.RETRY))
        self.set_aside_button.clicked.connect(lambda: self.resolve_chosen(Resolution.SET_ASIDE))
        close_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(self._show_detail)
        self._enable()

    # -- loading ----------

    def open_list(self) -> None:
        """Show the dialog (window-modal, without blocking) and load the list."""
        self.note_field.clear()
        self._say("", "")
        self._enable()
        self.open()
        self.reload()

    def reload(self) -> None:
        columns = self.model.columns()
        items = self._items

        def load() -> TableRows:
            return table_rows(columns, [attention_row(item) for item in items.attention_items()])

        self._runner.run("attention", load, self._show_rows, self._load_failed)

    def _show_rows(self, rows: TableRows) -> None:
        self.model.set_rows(rows)
        if rows.records:
            self.table.selectRow(0)
            self.table.setFocus()
        else:
            self.detail.set_value("")
            self._say(self.tr("Nothing needs attention."), "info")
        self._enable()
        self.loaded.emit(len(rows.records))

    def _load_failed(self, error: BaseException) -> None:
        log.error("the attention list could not be read", exc_info=error)
        self._say(self.tr("The list could not be read: {error}").format(error=error), "error")

    def _show_detail(self) -> None:
        # The table cuts long reasons; the chosen one is shown whole, as the server said it.
        row = self.chosen()
        if row is None:
            self.detail.set_value("")
            return
        self.detail.set_value(
            self.tr("Receipt {receipt}, payment {item}: {reason}").format(
                receipt=row.receipt_no or "?", item=row.item_id, reason=row.reason
            )
        )

    # -- resolving ----------

    def chosen(self) -> AttentionRow | None:
        """The row chosen in the table (the first one after loading)."""
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        proxy = self.table.model()
        source = proxy.mapToSource(indexes[0])  # type: ignore[attr-defined]
        row: AttentionRow = self.model.record(source.row())
        return row

    def resolve_chosen(self, resolution: Resolution) -> None:
        """Retry or set aside the chosen item, with the note (checked before anything runs)."""
        operator = self._operator()
        row = self.chosen()
        if operator is None or row is None:
            return
        note = self.note_field.text().strip()
        if resolution is Resolution.SET_ASIDE:
            if operator.role not in SET_ASIDE_ROLES:
                self._refuse(self.tr("Only a supervisor can set a payment aside."))
                return
            if not note:
                self._refuse(self.tr("Write a note first: who decided to set it aside, and why."))
                self.note_field.setFocus()
                return
        elif not note:
            note = self.tr("retried from the counter")
        signed = f"{operator.login}: {note}"
        items, actor = self._items, operator  # the role is checked again; the audit names them
        self._enable(busy=True)
        self._runner.run(
            "attention-resolve",
            lambda: items.resolve(row.item_id, resolution, signed, actor=actor),
            lambda _none: self._resolved(row, resolution),
            self._resolve_failed,
        )

    def _resolved(self, row: AttentionRow, resolution: Resolution) -> None:
        receipt = row.receipt_no or row.item_id
        if resolution is Resolution.RETRY:
            text = self.tr("Receipt {receipt} will be sent again now.").format(receipt=receipt)
        else:
            text = self.tr("Receipt {receipt} was set aside.").format(receipt=receipt)
        self.note_field.clear()
        self.reload()
        self._say(text, "info")
        self.resolved.emit(row.item_id, resolution.value)

    def _resolve_failed(self, error: BaseException) -> None:
        message = error.message if isinstance(error, OutboxError) else str(error)
        self._enable()
        self.reload()
        self._refuse(message)

    # -- state ----------

    def _refuse(self, message: str) -> None:
        self._say(message, "error")
        self.refused.emit(message)

    def _say(self, text: str, tone: str) -> None:
        self.message.set_value(text)
        self.message.setProperty("tone", tone)
        style = self.message.style()
        style.unpolish(self.message)
        style.polish(self.message)

    def _enable(self, *, busy: bool = False) -> None:
        operator = self._operator()
        has_rows = self.model.rowCount() > 0 and not busy
        self.retry_button.setEnabled(has_rows)
        may_set_aside = operator is not None and operator.role in SET_ASIDE_ROLES
        self.set_aside_button.setEnabled(has_rows and may_set_aside)
        self.set_aside_button.setToolTip(
            "" if may_set_aside else self.tr("Only a supervisor can set a payment aside.")
        )
