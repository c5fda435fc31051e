"""Cash: what it pays, what was handed over, the change; a key per common note.

The cashier types the notes received into "Tendered" or presses a note button (Alt+1 ... Alt+4
for ₹100, ₹200, ₹500, ₹2,000), which adds that note to what was handed over. An empty
"Tendered" means exactly the amount. The cash ceiling (one payment's cash must stay below it)
is shown; the payment service refuses more.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.tender_base import (
    TenderEntryError,
    TenderWidget,
    amount_text_plain,
    line_field,
    read_amount,
)

NOTES_MINOR = (100_00, 200_00, 500_00, 2000_00)  # the notes a counter sees most


class CashTender(TenderWidget):
    """A cash tender with the change to give back."""

    def __init__(
        self, currency: str, cash_ceiling: Money | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(TenderKind.CASH, parent)
        self.set_title(self.tr("Cash"))
        self._currency = currency
        self.tendered = line_field(self.tr("Tendered"), object_name="cashTendered", width=140)
        self.tendered.setPlaceholderText(self.tr("exact"))
        self.change = DataLabel(self.tr("Change"), object_name="cashChange")
        self.change.setProperty("role", "value")
        self.add_row(
            (self.tr("&Amount"), self.amount),
            (self.tr("&Tendered"), self.tendered),
            (self.tr("Change"), self.change),
        )
        notes = QHBoxLayout()
        notes.setSpacing(6)
        self.note_buttons: list[QPushButton] = []
        for i, minor in enumerate(NOTES_MINOR, start=1):
            note = Money(minor, currency)
            button = QPushButton(f"+{amount_text(note).removesuffix('.00')}  Alt+{i}")
            button.setObjectName(f"note{minor // 100}")
            button.setAccessibleName(self.tr("Add a {note} note").format(note=amount_text(note)))
            button.setToolTip(f"Alt+{i}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, n=note: self.add_note(n))
            # A shortcut of its own, not the button's: a button's shortcut clicks it 100 ms
            # later (an animated click), and a cashier pressing Alt+4 twice must get two notes.
            shortcut = QShortcut(QKeySequence(f"Alt+{i}"), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=note: self.add_note(n))
            notes.addWidget(button)
            self.note_buttons.append(button)
        notes.addStretch(1)
        self.grid.addLayout(notes, 2, 0, 1, 6)
        if cash_ceiling is not None:
            ceiling = caption_label(
                self.tr("Cash below {ceiling} per payment").format(
                    ceiling=amount_text(cash_ceiling)
                )
            )
            self.grid.addWidget(ceiling, 3, 0, 1, 6)
        self.amount.textChanged.connect(self._show_change)
        self.tendered.textChanged.connect(self._show_change)

    def add_note(self, note: Money) -> None:
        """One more note handed over: add it to "Tendered" (which starts from nothing)."""
        try:
            so_far = read_amount(
                self.tendered, self._currency, self.tr("Tendered"), blank=Money.zero(note.currency)
            )
        except TenderEntryError:
            so_far = Money.zero(note.currency)
        self.tendered.setText(amount_text_plain(so_far + note))

    def change_due(self) -> Money | None:
        """Tendered less amount, or None while either cannot be read or nothing was typed."""
        try:
            amount = self.typed_amount(self._currency)
            tendered = read_amount(self.tendered, self._currency, "", blank=amount)
        except TenderEntryError:
            return None
        return tendered - amount

    def _show_change(self) -> None:
        change = self.change_due()
        if change is None:
            self.change.set_value("")
        elif change.is_negative:
            self.change.set_value(self.tr("{short} short").format(short=amount_text(-change)))
        else:
            self.change.set_value(amount_text(change))

    def details(self, currency: str) -> dict[str, Any]:
        tendered = read_amount(
            self.tendered, currency, self.tr("Tendered"), blank=Money(0, currency)
        )
        return {"tendered": tendered if tendered.minor else None}
