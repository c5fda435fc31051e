"""The meters on the consumer's account."""

from __future__ import annotations

from collections.abc import Sequence

from ebill_desktop.ui.table_columns import count_column, day_column, text_column
from ebill_desktop.ui.table_model import Column, RecordTableModel


class MetersModel(RecordTableModel):
    """Rows of :class:`~ebill_core.records.Meter` values."""

    def declare_columns(self) -> Sequence[Column]:
        return (
            text_column(self.tr("Meter no."), lambda m: m.meter_no),
            text_column(self.tr("Registers"), lambda m: ", ".join(m.registers)),
            count_column(self.tr("Multiplying factor"), lambda m: m.multiplying_factor),
            count_column(self.tr("Digits"), lambda m: m.digits),
            day_column(self.tr("Installed"), lambda m: m.installed_on),
            day_column(self.tr("Removed"), lambda m: m.removed_on),
        )
