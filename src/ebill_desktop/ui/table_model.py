"""A read-only table of records described by columns: the base of every table on the counter.

Each concrete model (account hits, bills, meters, payments) declares its columns: a title, how a
record reads in that column, the raw value it sorts by (an ``int`` or a ``str``, so that amounts
sort by paise and dates by day, never by their text) and whether it is an amount (right-aligned).
Sorting goes through a ``QSortFilterProxyModel`` using :data:`SORT_ROLE`.

A view asks :meth:`RecordTableModel.data` for many roles of every visible cell on every paint, so
each row's texts are formatted once (amounts and dates through babel are not cheap) and kept.
A view that loads its records off the UI thread can format them there too: :func:`table_rows`
touches no Qt, and :meth:`RecordTableModel.set_rows` then only swaps them in.
"""

from __future__ import annotations

import html
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
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_LEFT = int((Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value)
# Roles as plain ints: data() compares them for every cell a view paints or measures.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_SORT = int(SORT_ROLE)
_RECORD = int(RECORD_ROLE)
_ANSWERED = frozenset({_DISPLAY, _ACCESSIBLE, _TOOLTIP, _ALIGNMENT, _SORT, _RECORD})


def plain_tooltip(text: str) -> str | None:
    """``text`` as a tooltip that shows it literally, whatever it contains.

    Qt renders a tooltip as rich text when it merely looks like HTML, so a consumer named
    ``<b>x</b>`` would show in bold: the text goes escaped inside an explicit paragraph.
    """
    if not text:
        return None
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its (translated) title, its text, its raw sort value, its alignment."""

    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], int | str]
    numeric: bool = False  # amounts and counts: right-aligned, tabular


@dataclass(frozen=True, slots=True)
class TableRows:
    """Records with the text of each of their cells, ready to be shown."""

    records: tuple[Any, ...]
    texts: tuple[tuple[str, ...], ...]


def table_rows(columns: Sequence[Column], records: Sequence[Any]) -> TableRows:
    """Format every cell of ``records`` (pure Python, no Qt: safe on a worker thread)."""
    kept = tuple(records)
    return TableRows(kept, tuple(tuple(c.text(r) for c in columns) for r in kept))


class RecordTableModel(QAbstractTableModel):
    """Rows of immutable records (``ebill_core`` values) shown through declared columns."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._records: tuple[Any, ...] = ()
        self._texts: list[tuple[str, ...] | None] = []  # per row, formatted on first need
        # Made after QObject's set-up so that subclasses can translate their titles with tr().
        self._columns = tuple(self.declare_columns())
        self._alignments = tuple(_RIGHT if c.numeric else _LEFT for c in self._columns)

    def declare_columns(self) -> Sequence[Column]:
        """The columns of this table (subclasses say which)."""
        return ()

    def columns(self) -> tuple[Column, ...]:
        """The declared columns (for :func:`table_rows` on a worker thread)."""
        return self._columns

    def set_records(self, records: Sequence[Any]) -> None:
        """Replace every row (a new search, a new consumer); texts are formatted when shown."""
        self.beginResetModel()
        self._records = tuple(records)
        self._texts = [None] * len(self._records)
        self.endResetModel()

    def set_rows(self, rows: TableRows) -> None:
        """Replace every row with records already formatted by :func:`table_rows`."""
        if len(rows.records) != len(rows.texts) or any(
            len(texts) != len(self._columns) for texts in rows.texts
        ):
            raise ValueError("the rows were not formatted for this table's columns")
        self.beginResetModel()
        self._records = rows.records
        self._texts = list(rows.texts)
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
        # Views ask for a dozen roles per cell; the ones not answered leave at the first test.
        if role not in _ANSWERED or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if row >= len(self._records):
            return None
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._row_texts(row)[column]
        if role == _TOOLTIP:
            return plain_tooltip(self._row_texts(row)[column])
        if role == _ALIGNMENT:
            return self._alignments[column]
        if role == _SORT:
            return self._columns[column].sort_key(self._records[row])
        return self._records[row]  # RECORD_ROLE

    def _row_texts(self, row: int) -> tuple[str, ...]:
        texts = self._texts[row]
        if texts is None:
            record = self._records[row]
            texts = self._texts[row] = tuple(c.text(record) for c in self._columns)
        return texts

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (_DISPLAY, _ALIGNMENT):
            return None
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == _DISPLAY:
            return self._columns[section].title
        return self._alignments[section]

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
