"""Payments the cache knows were posted to the account (at any counter, kiosk or online)."""

from __future__ import annotations

from collections.abc import Sequence

from ebill_desktop.ui.display import moment_text
from ebill_desktop.ui.table_columns import amount_column, text_column
from ebill_desktop.ui.table_model import Column, RecordTableModel


class PostingsModel(RecordTableModel):
    """Rows of :class:`~ebill_core.records.PaymentPosting` values, newest first."""

    def declare_columns(self) -> Sequence[Column]:
        channels = {
            "counter": self.tr("Counter"),
            "kiosk": self.tr("Kiosk"),
            "online": self.tr("Online"),
        }
        return (
            Column(
                self.tr("Paid at"),
                lambda p: moment_text(p.paid_at),
                lambda p: p.paid_at.isoformat(),
            ),
            amount_column(self.tr("Amount"), lambda p: p.amount),
            text_column(self.tr("Channel"), lambda p: channels.get(p.channel, p.channel)),
            text_column(self.tr("Place"), lambda p: p.place),
            text_column(self.tr("Receipt no."), lambda p: p.receipt_no),
        )
