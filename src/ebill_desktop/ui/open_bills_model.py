"""The consumer's unpaid bills: what the cashier collects, oldest first."""

from __future__ import annotations

from collections.abc import Sequence

from ebill_core.records import Bill
from ebill_desktop.ui.display import month_text
from ebill_desktop.ui.table_columns import amount_column, day_column, text_column
from ebill_desktop.ui.table_model import Column, RecordTableModel


class OpenBillsModel(RecordTableModel):
    """Rows of open or part-paid :class:`Bill` values."""

    def declare_columns(self) -> Sequence[Column]:
        return (
            text_column(self.tr("Bill no."), lambda b: b.bill_no),
            day_column(self.tr("Period"), lambda b: b.period_end, month_text),
            day_column(self.tr("Due date"), lambda b: b.due_date),
            day_column(self.tr("Cheque by"), lambda b: b.cheque_due_date),
            amount_column(self.tr("Arrears"), lambda b: b.arrears),
            amount_column(self.tr("By due date"), lambda b: b.net_payable),
            amount_column(self.tr("After due date"), lambda b: b.payable_after_due),
            amount_column(self.tr("Still due"), lambda b: b.outstanding),
        )

    def bill(self, row: int) -> Bill:
        bill: Bill = self.record(row)
        return bill
