"""Finding the consumer: one search field, always focused, and the accounts it found.

Enter searches (off the UI thread). One hit opens the consumer at once; several fill the table,
where Up/Down (typed in the search field, which keeps the focus) pick a row and Enter opens it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from ebill_desktop.services.lookup_results import LookupKind, LookupOutcome
from ebill_desktop.ui.account_hits_model import AccountHitsModel
from ebill_desktop.ui.counter_services import Lookup
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.record_table_view import record_table
from ebill_desktop.ui.table_model import TableRows, table_rows
from ebill_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

_SEARCHING_AFTER_MS = 150  # a search still running after this long says "Searching…"

_ROW_KEYS = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_PageUp: -10,
    Qt.Key.Key_PageDown: 10,
}


class LookupView(QWidget):
    """The search field, the message line and the results table."""

    account_chosen = Signal(str, str)  # account no., bill no. ("" when no bill was named)
    outcome_shown = Signal(object)  # LookupOutcome, once the table and message show it
    search_failed = Signal(str)

    def __init__(
        self,
        lookup: Lookup,
        runner: TaskRunner,
        *,
        results_limit: int = 100,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._lookup = lookup
        self._runner = runner
        self._limit = results_limit
        self._shown_query: str | None = None
        self._last_outcome: LookupOutcome | None = None
        self.setObjectName("lookupView")

        self.search_field = QLineEdit()
        self.search_field.setObjectName("searchField")
        self.search_field.setAccessibleName(self.tr("Search"))
        self.search_field.setAccessibleDescription(
            self.tr("Account, meter, mobile or bill number, name or address; or scan the bill.")
        )
        self.search_field.setPlaceholderText(
            self.tr("Account no., meter no., mobile, bill no., name or address")
        )
        self.search_field.setClearButtonEnabled(True)
        self.search_field.installEventFilter(self)

        self.message = DataLabel(self.tr("Search result"), object_name="lookupMessage")
        self.message.setWordWrap(True)

        self.model = AccountHitsModel(self)
        self.table = record_table(
            self.model, self.tr("Accounts found"), object_name="resultsTable", stretch_column=2
        )
        proxy = self.table.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        self.proxy = proxy
        # The search field keeps the focus; the table is steered from it (and by the mouse).
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.doubleClicked.connect(self._open_index)

        self.search_field.returnPressed.connect(self._enter)
        self._searching = QTimer(self)
        self._searching.setSingleShot(True)
        self._searching.setInterval(_SEARCHING_AFTER_MS)
        self._searching.timeout.connect(self._say_searching)

        heading = caption_label(self.tr("&Find a consumer"), buddy=self.search_field)
        heading.setProperty("role", "heading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 12)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.search_field)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        self.setFocusProxy(self.search_field)
        self._say(self._hint(), tone="info")

    # -- what the main window calls ----------

    def start_over(self) -> None:
        """Focus the field with its text selected, ready for the next customer."""
        self.search_field.setFocus()
        self.search_field.selectAll()

    def search_for(self, text: str) -> None:
        """Put ``text`` in the field and search for it (a scanned bar code, for example)."""
        self.search_field.setText(text)
        self.search_field.setFocus()
        self.search()

    def search(self) -> None:
        """Search for what is in the field, off the UI thread."""
        text = self.search_field.text()
        limit = self._limit
        lookup = self._lookup
        columns = self.model.columns()

        def find() -> tuple[LookupOutcome, TableRows]:
            # The rows are formatted here too, so the UI thread only swaps them in.
            outcome = lookup.search(text, limit=limit)
            return outcome, table_rows(columns, outcome.hits)

        # Most searches answer in a few milliseconds: "Searching…" is only said for one that
        # does not, instead of flashing (and repainting the window) on every Enter.
        self._searching.start()
        self._runner.run("lookup", find, self._found, self._failed)

    def last_outcome(self) -> LookupOutcome | None:
        return self._last_outcome

    # -- keys ----------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = _ROW_KEYS.get(Qt.Key(event.key()))
            if step is not None and self.proxy.rowCount() > 0:
                self.choose_row(step)
                return True
        return super().eventFilter(watched, event)

    def choose_row(self, step: int) -> None:
        """Move the chosen result ``step`` rows (what Up, Down, Page Up and Page Down do)."""
        current = self.table.currentIndex()
        if current.isValid():
            row = current.row() + step
        else:
            row = 0 if step > 0 else self.proxy.rowCount() - 1
        row = max(0, min(self.proxy.rowCount() - 1, row))
        index = self.proxy.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def _enter(self) -> None:
        current = self.table.currentIndex()
        unchanged = self.search_field.text() == self._shown_query
        if unchanged and current.isValid() and not self._runner.is_busy("lookup"):
            self._open_index(current)
        else:
            self.search()

    def _open_index(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        hit = self.model.hit(self.proxy.mapToSource(index).row())
        self.account_chosen.emit(hit.account_no, "")

    # -- results ----------

    def _found(self, found: tuple[LookupOutcome, TableRows]) -> None:
        outcome, rows = found
        self._searching.stop()
        self._last_outcome = outcome
        self._shown_query = outcome.query
        self.model.set_rows(rows)
        self.table.clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        text, tone = self._describe(outcome)
        self._say(text, tone=tone)
        self.outcome_shown.emit(outcome)
        if len(outcome.hits) == 1 and outcome.kind != LookupKind.INVALID:
            self.account_chosen.emit(outcome.hits[0].account_no, outcome.bill_no or "")

    def _describe(self, outcome: LookupOutcome) -> tuple[str, str]:
        count = len(outcome.hits)
        if outcome.kind == LookupKind.INVALID:
            return outcome.message or self.tr("That cannot be searched for."), "error"
        if outcome.kind == LookupKind.EMPTY:
            return outcome.message or self._hint(), "info"
        if count == 0:
            return outcome.message or self.tr("No consumer matches “{query}”.").format(
                query=outcome.query.strip()[:80]
            ), "warning"
        if outcome.truncated:
            return self.tr(
                "More than {count} consumers match. Type more of the name or address."
            ).format(count=count), "warning"
        if count == 1:
            key = self._key_name(outcome.matched_key)
            if outcome.kind == LookupKind.BARCODE:
                return self.tr("Bill bar code read: opening the consumer."), "info"
            if key:
                return self.tr("Found by {key}: opening the consumer.").format(key=key), "info"
            return self.tr("One consumer found: opening."), "info"
        return self.tr("{count} consumers found. Up and Down choose one, Enter opens it.").format(
            count=count
        ), "info"

    def _key_name(self, matched_key: str | None) -> str | None:
        names = {
            "account_no": self.tr("account number"),
            "legacy_no": self.tr("legacy account number"),
            "meter_no": self.tr("meter number"),
            "mobile": self.tr("mobile number"),
            "bill_no": self.tr("bill number"),
        }
        return names.get(matched_key or "")

    def _failed(self, error: BaseException) -> None:
        self._searching.stop()
        log.error("lookup failed", exc_info=error)
        text = self.tr("The search could not be done: {error}").format(error=error)
        self._say(text, tone="error")
        self.search_failed.emit(text)

    def _hint(self) -> str:
        return self.tr(
            "Type an account, meter, mobile or bill number, or part of a name or address, then "
            "press Enter. Or scan the bar code on the bill."
        )

    def _say(self, text: str, *, tone: str) -> None:
        if self.message.property("tone") != tone:
            # Re-applying the style sheet is costly; only a new tone needs it.
            self.message.setProperty("tone", tone)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        self.message.set_value(text)

    def _say_searching(self) -> None:
        self._say(self.tr("Searching…"), tone="info")
