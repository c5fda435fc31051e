"""The daily collection report dialog on real widgets (offscreen) over a real cache."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ebill_core.cash_count import CashCount
from ebill_desktop.security.approvals import ApprovalService
from ebill_desktop.services.collection_report import CollectionReportService
from ebill_desktop.services.shifts import ShiftService
from ebill_desktop.services.voids import VoidReason, VoidService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.ui.collection_report_view import CollectionReportView
from ebill_desktop.ui.shift_dialogs import ShiftMenu, ShiftTools
from ebill_desktop.ui.tasks import TaskRunner
from tests.desktop.security_support import CASHIER, OTHER_CASHIER, SUPERVISOR, add_staff
from tests.desktop.test_collection_report import pay
from tests.desktop.test_payment_helpers import HEADER, IST, NOW, Clock, cash, cheque, make_cache


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    """asha: cash 300, cash 100 + cheque 50 (voided); bina: cash 70; all today (NOW)."""
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    add_staff(cache)
    clock = Clock(NOW)
    ShiftService(cache, terminal="012", clock=clock).open(CASHIER, CashCount.of("INR", {100: 1}))
    pay(cache, NOW, CASHIER, cash(300_00))
    mixed = pay(cache, NOW, CASHIER, cash(100_00), cheque(50_00))
    pay(cache, NOW, OTHER_CASHIER, cash(70_00))
    VoidService(cache, clock=clock).void(
        mixed.payment.receipt_no, SUPERVISOR, VoidReason.WRONG_ACCOUNT
    )
    yield cache
    cache.close()


@pytest.fixture
def runner() -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.shutdown()


@pytest.fixture
def service(db: CacheDatabase) -> CollectionReportService:
    return CollectionReportService(db, branch="BR-1", terminal="012", tz=IST, clock=Clock(NOW))


def cells(view: CollectionReportView) -> list[list[str]]:
    model = view.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_dialog_shows_today_and_saves_csv_and_pdf_off_the_ui_thread(
    qtbot: QtBot,
    runner: TaskRunner,
    service: CollectionReportService,
    tmp_path: Path,
) -> None:
    view = CollectionReportView(service, runner, SUPERVISOR, folder=tmp_path)
    qtbot.addWidget(view)
    assert view.chosen_day() == "2024-03-10"  # today at the counter, by default
    assert not view.csv_button.isEnabled()  # nothing to save before the report is read
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    assert cells(view) == [
        ["asha", "Cash", "2", "₹400.00", "1", "₹100.00", "₹300.00"],
        ["asha", "Cheque", "1", "₹50.00", "1", "₹50.00", "₹0.00"],
        ["bina", "Cash", "1", "₹70.00", "0", "₹0.00", "₹70.00"],
        ["Total", "Cash", "3", "₹470.00", "1", "₹100.00", "₹370.00"],
        ["Total", "Cheque", "1", "₹50.00", "1", "₹50.00", "₹0.00"],
        ["Total", "All tenders", "4", "₹520.00", "2", "₹150.00", "₹370.00"],
    ]
    assert view.model.index(5, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert view.model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert "₹370.00" in view.totals.text() and "all operators" in view.heading.text()
    assert view.csv_button.isEnabled() and view.pdf_button.isEnabled()

    view.save("csv", tmp_path / "day.csv")
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved"), timeout=10_000)
    rows = list(csv.reader((tmp_path / "day.csv").open(encoding="utf-8")))
    assert rows[0][0] == "day" and rows[1][3:8] == ["asha", "cash", "INR", "2", "400.00"]
    view.save("pdf", tmp_path / "day.pdf")
    qtbot.waitUntil(lambda: view.status.text().startswith("Saved"), timeout=10_000)
    assert (tmp_path / "day.pdf").read_bytes().startswith(b"%PDF-")
    (tmp_path / "day.pdf.d").write_text("a file where the folder should be")
    view.save("pdf", tmp_path / "day.pdf.d" / "x.pdf")
    qtbot.waitUntil(lambda: view.status.text().startswith("Not saved"), timeout=10_000)

    view.day_edit.setDate(QDate(2024, 3, 9))  # another day: read again, nothing then
    qtbot.waitUntil(lambda: view.report is not None and view.report.day.day == 9, timeout=10_000)
    assert cells(view) == [] and view.totals.text() == "No payments on this day."
    view.day_edit.setDate(QDate(2024, 3, 11))  # after today: the picker does not go there
    assert view.chosen_day() == "2024-03-10"


def test_a_cashier_sees_their_own_lines_and_plain_text(
    qtbot: QtBot, runner: TaskRunner, service: CollectionReportService
) -> None:
    view = CollectionReportView(service, runner, CASHIER)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.report is not None, timeout=10_000)
    assert [row[0] for row in cells(view)] == ["asha", "asha", "Total", "Total", "Total"]
    assert "your own payments (asha)" in view.heading.text()
    assert view.heading.textFormat() == Qt.TextFormat.PlainText


def test_a_refusal_is_shown_and_nothing_can_be_saved(
    qtbot: QtBot, runner: TaskRunner, service: CollectionReportService
) -> None:
    from tests.desktop.security_support import KIOSK

    view = CollectionReportView(service, runner, KIOSK)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: bool(view.status.text()) and "Reading" not in view.status.text())
    assert "may not" in view.status.text() and view.report is None
    assert view.model.rowCount() == 0 and not view.csv_button.isEnabled()


def test_the_shift_menu_opens_the_report(
    qtbot: QtBot,
    db: CacheDatabase,
    runner: TaskRunner,
    service: CollectionReportService,
    tmp_path: Path,
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    shifts = ShiftService(db, terminal="012", clock=Clock(NOW + timedelta(minutes=1)))
    tools = ShiftTools(shifts, ApprovalService(db), HEADER, IST, None, tmp_path, service)
    menu = ShiftMenu(window, tools, runner, lambda: SUPERVISOR)
    assert "daily collection report" in menu.shortcut_lines()[0][1]
    menu.show_menu()
    qtbot.waitUntil(lambda: bool(menu.menu.actions()), timeout=10_000)
    texts = [a.text() for a in menu.menu.actions()]
    assert texts[-1] == "Daily collection report…"
    menu.menu.actions()[-1].trigger()
    assert isinstance(menu.dialog, CollectionReportView)
    qtbot.waitUntil(lambda: menu.dialog.report is not None, timeout=10_000)  # type: ignore[union-attr]
    assert menu.dialog.model.rowCount() == 6  # type: ignore[union-attr]
