"""The daily collection report on screen: a day, the lines per operator and tender, the totals.

Every service call and file write runs on a worker (:class:`TaskRunner`): choosing a day reads
the cache there, "Save CSV…" and "Save PDF…" write there. Reports that arrive for a day no
longer chosen are dropped (the runner's lane). Operator names are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ebill_core.records import Operator
from ebill_desktop.services.collection_report import (
    TENDER_NAMES,
    CollectionLine,
    CollectionReport,
    CollectionReportService,
    CollectionTotal,
    write_report_csv,
)
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.tasks import TaskRunner

__all__ = ["CollectionReportView", "CollectionTableModel"]

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def _error_text(error: BaseException) -> str:
    return str(getattr(error, "message", None) or error)


def _cells(who: str, tender: str, figures: CollectionLine | CollectionTotal) -> tuple[str, ...]:
    return (
        who,
        tender,
        str(figures.count),
        amount_text(figures.gross),
        str(figures.voided_count),
        amount_text(figures.voided),
        amount_text(figures.net),
    )


class CollectionTableModel(QAbstractTableModel):
    """The report's lines, then its totals (per tender, then every tender) in bold."""

    HEADERS = ("Operator", "Tender", "Count", "Gross", "Voids", "Voided", "Net")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, ...]] = []
        self._first_total = 0
        self._bold = QFont()
        self._bold.setBold(True)

    def set_report(self, report: CollectionReport | None) -> None:
        self.beginResetModel()
        self._rows, self._first_total = [], 0
        if report is not None:
            self._rows = [
                _cells(line.operator, TENDER_NAMES[line.tender], line) for line in report.lines
            ]
            self._first_total = len(self._rows)
            for total in report.tender_totals():
                assert total.tender is not None
                self._rows.append(_cells(self.tr("Total"), TENDER_NAMES[total.tender], total))
            for total in report.grand_totals():
                self._rows.append(_cells(self.tr("Total"), self.tr("All tenders"), total))
        self.endResetModel()

    def is_total(self, row: int) -> bool:
        return row >= self._first_total

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((_RIGHT if column >= 2 else _LEFT).value)
        if role == Qt.ItemDataRole.FontRole and self.is_total(row):
            return self._bold
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None


class CollectionReportView(QDialog):
    """Pick a day; see its collections; save them as CSV or PDF."""

    def __init__(
        self,
        service: CollectionReportService,
        runner: TaskRunner,
        operator: Operator,
        *,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("collectionReportView")
        self.setWindowTitle(self.tr("Daily collection report"))
        self._service, self._runner, self._operator = service, runner, operator
        self._folder = folder
        self.report: CollectionReport | None = None
        today = service.today()
        self.day_edit = QDateEdit(QDate(today.year, today.month, today.day))
        self.day_edit.setObjectName("collectionDay")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setMaximumDate(QDate(today.year, today.month, today.day))
        self.day_edit.dateChanged.connect(self.load)
        self.heading = QLabel()
        self.heading.setObjectName("collectionHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.model = CollectionTableModel(self)
        self.table = QTableView()
        self.table.setObjectName("collectionTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumSize(720, 280)
        self.totals = QLabel()
        self.totals.setObjectName("collectionTotals")
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.status = QLabel()
        self.status.setObjectName("collectionStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.csv_button = QPushButton(self.tr("Save CSV…"))
        self.csv_button.setObjectName("saveCollectionCsv")
        self.csv_button.clicked.connect(lambda: self._choose("csv"))
        self.pdf_button = QPushButton(self.tr("Save PDF…"))
        self.pdf_button.setObjectName("saveCollectionPdf")
        self.pdf_button.clicked.connect(lambda: self._choose("pdf"))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        self._layout(close)
        self._set_saving_enabled(False)
        self.load()

    def _layout(self, close: QPushButton) -> None:
        top = QHBoxLayout()
        day_label = QLabel(self.tr("&Day"))
        day_label.setBuddy(self.day_edit)
        top.addWidget(day_label)
        top.addWidget(self.day_edit)
        top.addStretch()
        buttons = QHBoxLayout()
        for button in (self.csv_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def chosen_day(self) -> str:
        return self.day_edit.date().toString("yyyy-MM-dd")

    def load(self) -> None:
        """Read the chosen day's report on a worker (a newer choice drops an older answer)."""
        service, operator, day = self._service, self._operator, self.chosen_day()
        self._set_saving_enabled(False)
        self.status.setText(self.tr("Reading {day}…").format(day=day))
        self._runner.run(
            "collection-report", lambda: service.report(operator, day), self._show, self._failed
        )

    def _show(self, report: object) -> None:
        assert isinstance(report, CollectionReport)
        self.report = report
        self.model.set_report(report)
        who = (
            self.tr("all operators")
            if report.operator is None
            else self.tr("your own payments ({login})").format(login=report.operator)
        )
        self.heading.setText(
            self.tr("{day} · branch {branch} · terminal {terminal} · {who}").format(
                day=report.day.isoformat(),
                branch=report.branch,
                terminal=report.terminal,
                who=who,
            )
        )
        grand = report.grand_totals()
        if not grand:
            self.totals.setText(self.tr("No payments on this day."))
        else:
            self.totals.setText(
                "   ".join(
                    self.tr("Net {net} (gross {gross}, voided {voided})").format(
                        net=amount_text(t.net),
                        gross=amount_text(t.gross),
                        voided=amount_text(t.voided),
                    )
                    for t in grand
                )
            )
        self.status.clear()
        self._set_saving_enabled(True)

    def _failed(self, error: BaseException) -> None:
        self.report = None
        self.model.set_report(None)
        self.totals.clear()
        self.status.setText(_error_text(error))

    def _set_saving_enabled(self, enabled: bool) -> None:
        self.csv_button.setEnabled(enabled)
        self.pdf_button.setEnabled(enabled)

    def default_name(self, kind: str) -> str:
        day = self.report.day.isoformat() if self.report is not None else self.chosen_day()
        return f"collections-{day}.{kind}"

    def _choose(self, kind: str) -> None:
        start = str((self._folder or Path.home()) / self.default_name(kind))
        file_filter = "CSV (*.csv)" if kind == "csv" else "PDF (*.pdf)"
        title = self.tr("Save CSV") if kind == "csv" else self.tr("Save PDF")
        name, _ = QFileDialog.getSaveFileName(self, title, start, file_filter)
        if name:
            self.save(kind, Path(name))

    def save(self, kind: str, path: Path) -> None:
        """Write the shown report as ``kind`` ("csv" or "pdf") to ``path``, on a worker."""
        report = self.report
        if report is None:
            return
        write = _writer(kind)
        self.status.setText(self.tr("Saving…"))
        self._runner.run(
            f"collection-{kind}",
            lambda: write(report, path),
            lambda saved: self.status.setText(self.tr("Saved {path}").format(path=saved)),
            lambda error: self.status.setText(
                self.tr("Not saved: {error}").format(error=_error_text(error))
            ),
        )


def _writer(kind: str) -> Callable[[CollectionReport, Path], Path]:
    """The file writer of ``kind``; reportlab is imported by the PDF one when it runs."""
    if kind == "csv":
        return write_report_csv
    if kind != "pdf":
        raise ValueError(f"no {kind!r} export of the collection report")

    def write_pdf(report: CollectionReport, path: Path) -> Path:
        from ebill_desktop.documents.collection_report_pdf import write_collection_report_pdf

        return write_collection_report_pdf(report, path)

    return write_pdf
