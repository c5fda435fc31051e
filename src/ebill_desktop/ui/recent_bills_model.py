"""The consumer's latest bills, paid or not, newest first."""

from __future__ import annotations

from collections.abc import Sequence

from ebill_core.records import BillStatus
from ebill_desktop.ui.display import month_text
from ebill_desktop.ui.table_columns import amount_column, count_column, day_column
from ebill_desktop.ui.table_model import Column, RecordTableModel


class RecentBillsModel(RecordTableModel):
    """Rows of :class:`~ebill_core.records.Bill` values with what was billed and paid."""

    def declare_columns(self) -> Sequence[Column]:
        statuses = {
            BillStatus.OPEN: self.tr("Open"),
            BillStatus.PART_PAID: self.tr("Part paid"),
            BillStatus.PAID: self.tr("Paid"),
            BillStatus.CANCELLED: self.tr("Cancelled"),
        }
        return (
            Column(self.tr("Bill no."), lambda b: b.bill_no, lambda b: b.bill_no),
            day_column(self.tr("Period"), lambda b: b.period_end, month_text),
            count_column(self.tr("Units"), lambda b: b.units),
            amount_column(self.tr("Payable"), lambda b: b.net_payable),
            amount_column(self.tr("Paid"), lambda b: b.amount_paid),
            Column(
                self.tr("Status"),
                lambda b: statuses.get(b.status, str(b.status)),
                lambda b: str(b.status),
            ),
        )
