"""A read-only table of records described by columns: the base of every table on the counter.

Each concrete model (account hits, bills, meters, payments) declares its columns: a title, how a
record reads in that column, the raw value it sorts by (an ``int`` or a ``str``, so that amounts
sort by paise and dates by day, never by their text) and whether it is an amount (right-aligned).
Sorting goes through a ``QSortFilterProxyModel`` using :data:`SORT_ROLE`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its (translated) title, its text, its raw sort value, its alignment."""

    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], int | str]
    numeric: bool = False  # amounts and counts: right-aligned, tabular


class RecordTableModel(QAbstractTableModel):
    """Rows of immutable records (``ebill_core`` values) shown through declared columns."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: tuple[Any, ...] = ()
        # Made after QObject's set-up so that subclasses can translate their titles with tr().
        self._columns = tuple(self.declare_columns())

    def declare_columns(self) -> Sequence[Column]:
        """The columns of this table (subclasses say which)."""
        return ()

    def set_records(self, records: Sequence[Any]) -> None:
        """Replace every row (a new search, a new consumer)."""
        self.beginResetModel()
        self._records = tuple(records)
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def records(self) -> tuple[Any, ...]:
        return self._records

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.text(record) or None
        if role == SORT_ROLE:
            return column.sort_key(record)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((_RIGHT if column.numeric else _LEFT).value)
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((_RIGHT if column.numeric else _LEFT).value)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def sorting_proxy(model: RecordTableModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy that sorts ``model`` by the raw values of its columns, not by their text."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy
