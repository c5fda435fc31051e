"""Paper and bank instruments: cheque, demand draft, postal order, bank transfer (NEFT/RTGS).

Each asks for what domain.md's tender table lists for it. Dates are typed as DD/MM/YYYY; the
payment service reads them and refuses post-dated and stale cheques and drafts, with a message
the view shows next to the allocation preview.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ebill_core.protocol.payments import TenderKind
from ebill_desktop.ui.tender_base import TenderWidget, line_field, text_or_none


class InstrumentTender(TenderWidget):
    """A tender identified by a number and a date, with its bank where it has one."""

    def __init__(self, kind: TenderKind, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        titles = {
            TenderKind.CHEQUE: self.tr("Cheque"),
            TenderKind.DEMAND_DRAFT: self.tr("Demand draft"),
            TenderKind.POSTAL_ORDER: self.tr("Postal order"),
            TenderKind.BANK_TRANSFER: self.tr("Bank transfer (NEFT/RTGS)"),
        }
        if kind not in titles:
            raise ValueError(f"not an instrument tender: {kind}")  # cash and card have their own
        self.set_title(titles[kind])
        number_caption = self.tr("&UTR") if kind is TenderKind.BANK_TRANSFER else self.tr("&Number")
        self.number = line_field(number_caption.replace("&", ""), object_name="instrumentNumber")
        self.day = line_field(self.tr("Date"), object_name="instrumentDate", width=130)
        self.day.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self.bank = line_field(self.tr("Bank"), object_name="instrumentBank")
        self.branch = line_field(self.tr("Branch"), object_name="instrumentBranch")
        self.ifsc = line_field(self.tr("IFSC"), object_name="instrumentIfsc", width=150)
        self.ifsc.setMaxLength(11)
        self.add_row(
            (self.tr("Amount"), self.amount),
            (number_caption, self.number),
            (self.tr("Dat&e"), self.day),
        )
        if kind in (TenderKind.CHEQUE, TenderKind.DEMAND_DRAFT):
            self.add_row(
                (self.tr("&Bank"), self.bank),
                (self.tr("B&ranch"), self.branch),
                (self.tr("&IFSC"), self.ifsc),
            )
        elif kind is TenderKind.BANK_TRANSFER:
            self.add_row((self.tr("&Bank"), self.bank))

    def details(self, currency: str) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "reference": text_or_none(self.number),
            "instrument_date": text_or_none(self.day),
        }
        if self.kind is TenderKind.BANK_TRANSFER:
            fields["bank"] = text_or_none(self.bank)
        if self.kind in (TenderKind.CHEQUE, TenderKind.DEMAND_DRAFT):
            ifsc = text_or_none(self.ifsc)
            fields["bank"] = text_or_none(self.bank)
            fields["bank_branch"] = text_or_none(self.branch)
            fields["ifsc"] = None if ifsc is None else ifsc.upper()
        return fields
