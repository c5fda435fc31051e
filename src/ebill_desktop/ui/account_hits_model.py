"""The lookup results table: one row per account the cashier's search found."""

from __future__ import annotations

from collections.abc import Sequence

from ebill_desktop.services.lookup_results import AccountHit
from ebill_desktop.ui.table_columns import amount_column, text_column
from ebill_desktop.ui.table_model import Column, RecordTableModel


class AccountHitsModel(RecordTableModel):
    """Rows of :class:`AccountHit`, sortable by the raw value of each column."""

    def declare_columns(self) -> Sequence[Column]:
        return (
            text_column(self.tr("Account no."), lambda h: h.account_no),
            text_column(self.tr("Name"), lambda h: h.name),
            text_column(self.tr("Address"), lambda h: h.address),
            text_column(self.tr("Meter no."), lambda h: h.meter_no),
            text_column(self.tr("Mobile"), lambda h: h.mobile_masked),
            text_column(self.tr("Category"), lambda h: h.category_code),
            amount_column(self.tr("Outstanding"), lambda h: h.outstanding),
        )

    def hit(self, row: int) -> AccountHit:
        hit: AccountHit = self.record(row)
        return hit
