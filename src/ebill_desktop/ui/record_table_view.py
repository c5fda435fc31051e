"""A read-only, sortable table view over a :class:`RecordTableModel` (the counter's one kind)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ebill_desktop.ui.table_model import RecordTableModel, sorting_proxy


def record_table(
    model: RecordTableModel,
    accessible_name: str,
    *,
    object_name: str,
    stretch_column: int | None = None,
    visible_rows: int = 4,
    parent: QWidget | None = None,
) -> QTableView:
    """A table showing ``model`` through a raw-value sorting proxy, rows selected whole."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    table.setAccessibleName(accessible_name)
    table.setModel(sorting_proxy(model, table))
    table.setSortingEnabled(True)
    table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order until asked
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Fit the columns to the rows on screen, not to every row: measuring all 100 rows of a
    # search cost ~25 ms after each one (Qt's default looks at up to 1,000 rows).
    header.setResizeContentsPrecision(0)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    row_height = table.verticalHeader().defaultSectionSize()
    table.setMinimumHeight(header.sizeHint().height() + row_height * visible_rows + 4)
    return table
