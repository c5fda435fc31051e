"""The payment view's tables: the bills it may pay (with a tick each) and where the money goes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from ebill_core.money import Money
from ebill_desktop.services.payment_types import DraftBill, PaymentPreview
from ebill_desktop.ui.display import month_text
from ebill_desktop.ui.table_columns import amount_column, day_column, text_column
from ebill_desktop.ui.table_model import Column, RecordTableModel

_CHECK = int(Qt.ItemDataRole.CheckStateRole.value)


class ChosenBillsModel(RecordTableModel):
    """The draft's open bills, oldest first, each with a check box: paid by this payment."""

    chosen_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chosen: list[bool] = []

    def declare_columns(self) -> Sequence[Column]:
        return (
            Column(self.tr("Pay"), lambda b: "", lambda b: 0),
            text_column(self.tr("Bill no."), lambda b: b.bill_no),
            day_column(self.tr("Period"), lambda b: b.bill.period_end, month_text),
            day_column(self.tr("Due date"), lambda b: b.bill.due_date),
            amount_column(self.tr("Owed today"), lambda b: b.outstanding.total),
        )

    def set_records(self, records: Sequence[Any]) -> None:
        self._chosen = [True] * len(records)
        super().set_records(records)

    def chosen(self) -> list[DraftBill]:
        return [bill for bill, on in zip(self.records(), self._chosen, strict=True) if on]

    def toggle(self, row: int) -> None:
        if 0 <= row < len(self._chosen):
            self._chosen[row] = not self._chosen[row]
            index = self.index(row, 0)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
            self.chosen_changed.emit()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if role == _CHECK and index.isValid() and index.column() == 0:
            on = self._chosen[index.row()]
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = 0
    ) -> bool:
        if role != _CHECK or not index.isValid() or index.column() != 0:
            return False
        want = Qt.CheckState(value) == Qt.CheckState.Checked
        if want != self._chosen[index.row()]:
            self.toggle(index.row())
        return True

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags


class AllocationModel(RecordTableModel):
    """The preview's allocation lines: which bill, which part of it, how much."""

    def declare_columns(self) -> Sequence[Column]:
        parts = {
            "surcharge": self.tr("Surcharge"),
            "arrears": self.tr("Arrears"),
            "current": self.tr("Current"),
            "advance": self.tr("Advance (credit)"),
        }
        return (
            text_column(self.tr("Bill no."), lambda line: line.bill_no or "—"),
            text_column(
                self.tr("Pays"), lambda line: parts.get(str(line.component), str(line.component))
            ),
            amount_column(self.tr("Amount"), lambda line: line.amount),
        )


class SpaceToggles(QObject):
    """Space on the bills table ticks or unticks the current bill (keyboard only)."""

    def __init__(self, model: ChosenBillsModel, table: QWidget) -> None:
        super().__init__(table)
        self._model = model
        self._table = table

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        if event.key() != Qt.Key.Key_Space:
            return False
        index = self._table.currentIndex()  # type: ignore[attr-defined]
        if index.isValid():
            source = self._table.model().mapToSource(index)  # type: ignore[attr-defined]
            self._model.toggle(source.row())
        return True


@dataclass(frozen=True, slots=True)
class AllocationRow:
    """One line of the allocation preview; ``bill_no`` None for advance."""

    bill_no: str | None
    component: str
    amount: Money


def allocation_rows(preview: PaymentPreview) -> list[tuple[str | None, str, Money]]:
    """The preview as (bill no., part, amount) rows, advance last."""
    if preview.plan is None:
        return []
    rows: list[tuple[str | None, str, Money]] = [
        (line.bill_no, str(line.component), line.amount) for line in preview.plan.lines
    ]
    if preview.plan.advance.minor:
        rows.append((None, "advance", preview.plan.advance))
    return rows
