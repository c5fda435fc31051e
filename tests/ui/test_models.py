"""Every item model on the counter passes Qt's model tester and sorts by raw values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ebill_desktop.ui.account_hits_model import AccountHitsModel
from ebill_desktop.ui.meters_model import MetersModel
from ebill_desktop.ui.open_bills_model import OpenBillsModel
from ebill_desktop.ui.postings_model import PostingsModel
from ebill_desktop.ui.recent_bills_model import RecentBillsModel
from ebill_desktop.ui.table_model import (
    SORT_ROLE,
    RecordTableModel,
    sorting_proxy,
    table_rows,
)
from tests.ui.sample_records import bill, hit, meter, posting

CASES = [
    (AccountHitsModel, [hit("1000001", "Zoë", 9_00), hit("1000002", "<b>x</b>", 1_23_456_00)]),
    (OpenBillsModel, [bill("B1", 2, 1_500_00), bill("B2", 3, 98_00, paid_paise=50_00)]),
    (RecentBillsModel, [bill("B3", 4, 1_200_00), bill("B4", 5, 0)]),
    (MetersModel, [meter("M1"), meter("M2")]),
    (PostingsModel, [posting("p1", 3, 500_00), posting("p2", 9, 20_00)]),
]


@pytest.mark.parametrize(("model_class", "records"), CASES)
def test_model_passes_qt_model_tester(qtmodeltester, model_class, records) -> None:  # type: ignore[no-untyped-def]
    model: RecordTableModel = model_class()
    qtmodeltester.check(model)
    model.set_records(records)
    qtmodeltester.check(model)
    model.set_records(())
    qtmodeltester.check(model)


@pytest.mark.parametrize(("model_class", "records"), CASES)
def test_model_through_the_sorting_proxy(qtmodeltester, model_class, records) -> None:  # type: ignore[no-untyped-def]
    model: RecordTableModel = model_class()
    model.set_records(records)
    proxy = sorting_proxy(model)
    for column in range(model.columnCount()):
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
        qtmodeltester.check(proxy)


def test_amounts_sort_by_paise_not_by_text(qtbot: QtBot) -> None:
    model = AccountHitsModel()
    # As text "₹9.00" > "₹1,23,456.00"; as money the lakh is larger.
    model.set_records([hit("1", "a", 9_00), hit("2", "b", 1_23_456_00), hit("3", "c", 99_00)])
    proxy = sorting_proxy(model)
    outstanding = model.columnCount() - 1
    proxy.sort(outstanding, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, outstanding).data() for r in range(3)]
    assert shown == ["₹9.00", "₹99.00", "₹1,23,456.00"]
    assert proxy.index(0, outstanding).data(SORT_ROLE) == 900


def test_amount_columns_are_right_aligned_and_text_columns_left(qtbot: QtBot) -> None:
    model = OpenBillsModel()
    model.set_records([bill("B1", 2, 1_500_00)])
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    still_due = model.index(0, titles.index("Still due"))
    bill_no = model.index(0, titles.index("Bill no."))
    right = int(Qt.AlignmentFlag.AlignRight.value)
    assert still_due.data(Qt.ItemDataRole.TextAlignmentRole) & right
    assert not bill_no.data(Qt.ItemDataRole.TextAlignmentRole) & right
    assert still_due.data() == "₹1,500.00"


def test_dates_sort_by_day(qtbot: QtBot) -> None:
    model = OpenBillsModel()
    model.set_records([bill("B9", 11, 100), bill("B1", 2, 100), bill("B5", 9, 100)])
    proxy = sorting_proxy(model)
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    proxy.sort(titles.index("Due date"), Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["B1", "B5", "B9"]


def test_rows_formatted_on_a_worker_are_shown_as_formatted(qtbot: QtBot) -> None:
    model = AccountHitsModel()
    hits = [hit("1", "a", 9_00), hit("2", "b", 1_23_456_00)]
    model.set_rows(table_rows(model.columns(), hits))
    assert model.rowCount() == 2
    assert model.index(1, model.columnCount() - 1).data() == "₹1,23,456.00"


def test_rows_formatted_for_other_columns_are_refused(qtbot: QtBot) -> None:
    model = AccountHitsModel()
    model.set_records([hit("1", "a", 9_00)])
    wrong = table_rows(MetersModel().columns(), [meter("GEN1234567")])
    with pytest.raises(ValueError, match="columns"):
        model.set_rows(wrong)
    assert model.rowCount() == 1  # the table keeps what it showed


def test_tooltips_show_user_data_literally(qtbot: QtBot) -> None:
    # Qt renders a tooltip that looks like HTML as rich text: a consumer named "<b>x</b>" must
    # not come out bold, nor "<img ...>" load anything.
    from PySide6.QtGui import QTextDocument

    model = AccountHitsModel()
    model.set_records([hit("1", "<b>x</b> & <img src=y>", 9_00)])
    tooltip = model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    document = QTextDocument()
    document.setHtml(tooltip)
    assert document.toPlainText() == "<b>x</b> & <img src=y>"
