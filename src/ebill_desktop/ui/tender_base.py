"""What every tender row of the payment view shares: an amount, a title, a remove key.

A tender widget turns what the cashier typed into a
:class:`~ebill_desktop.services.payment_types.TenderInput`; the payment service judges it (post-
dated cheques, the cash ceiling, ...) and the payment view shows its problems. Here only what
cannot even be read is refused, with :class:`TenderEntryError` naming the field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget

from ebill_core.money import Money, MoneyParseError
from ebill_core.protocol.payments import TenderKind
from ebill_desktop.services.payment_types import TenderInput
from ebill_desktop.ui.data_label import caption_label

MAX_FIELD = 64  # longer than any cheque number, bank name or UTR


class TenderEntryError(ValueError):
    """A tender field that is not readable at all; ``message`` names it for the cashier."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def amount_text_plain(amount: Money) -> str:
    """An amount as the cashier types it: ``1866.00`` (no symbol, no grouping)."""
    return amount.plain()


def read_amount(field: QLineEdit, currency: str, what: str, *, blank: Money | None) -> Money:
    """The amount typed in ``field``; ``blank`` when it is empty (None: required)."""
    text = field.text().strip()
    if not text:
        if blank is None:
            raise TenderEntryError(f"{what}: enter an amount.")
        return blank
    try:
        return Money.parse(text, currency)
    except MoneyParseError:
        raise TenderEntryError(f"{what}: {text[:20]!r} is not an amount.") from None


def text_or_none(field: QLineEdit) -> str | None:
    text = field.text().strip()
    return text or None


def line_field(accessible_name: str, *, object_name: str, width: int | None = None) -> QLineEdit:
    """A plain input field with a length limit and a name screen readers say."""
    field = QLineEdit()
    field.setObjectName(object_name)
    field.setAccessibleName(accessible_name)
    field.setMaxLength(MAX_FIELD)
    if width is not None:
        field.setMaximumWidth(width)
    return field


class TenderWidget(QFrame):
    """One tender row: a heading, its fields in a grid, a "remove" button."""

    changed = Signal()
    remove_requested = Signal(object)  # this widget

    def __init__(self, kind: TenderKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setProperty("role", "card")
        self.setObjectName(f"tender_{kind.value}")
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(12, 8, 12, 8)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.heading = QLabel()
        self.heading.setProperty("role", "heading")
        self.grid.addWidget(self.heading, 0, 0, 1, 2)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.grid.addWidget(self.remove_button, 0, 5, Qt.AlignmentFlag.AlignRight)
        self.amount = line_field(self.tr("Amount"), object_name="tenderAmount", width=140)
        self.amount.textEdited.connect(self._amount_typed)
        self.follows = True  # the amount follows what is left to pay, until the cashier types one
        self._rows = 1

    def add_row(self, *pairs: tuple[str, QWidget]) -> None:
        """A row of (caption, field) pairs; a field's caption is its buddy (Alt keys, readers)."""
        for i, (caption, field) in enumerate(pairs):
            label = caption_label(caption, buddy=field)
            self.grid.addWidget(label, self._rows, i * 2, Qt.AlignmentFlag.AlignRight)
            self.grid.addWidget(field, self._rows, i * 2 + 1)
            if isinstance(field, QLineEdit):
                field.textChanged.connect(lambda _text: self.changed.emit())
        self._rows += 1

    def set_title(self, title: str) -> None:
        self.heading.setText(title)
        self.setAccessibleName(title)
        self.remove_button.setAccessibleName(
            self.tr("Remove the {tender} tender").format(tender=title)
        )

    def _amount_typed(self, _text: str) -> None:
        self.follows = False

    def set_amount(self, amount: Money) -> None:
        """Fill the amount (what is left to pay) unless the cashier typed one."""
        if self.follows:
            self.amount.setText("" if amount.minor <= 0 else amount_text_plain(amount))

    def typed_amount(self, currency: str) -> Money:
        """What this tender pays (zero while empty)."""
        return read_amount(self.amount, currency, self.accessibleName(), blank=Money.zero(currency))

    def is_blank(self) -> bool:
        """A row with no amount in it (a cash row left empty when others pay everything)."""
        return not self.amount.text().strip()

    def tender_input(self, currency: str) -> TenderInput:
        """The tender as entered; :class:`TenderEntryError` when a field cannot be read."""
        amount = read_amount(self.amount, currency, self.accessibleName(), blank=None)
        return TenderInput(kind=self.kind, amount=amount, **self.details(currency))

    def details(self, currency: str) -> dict[str, Any]:
        """The instrument's own fields (cheque number, tendered cash ...) for the TenderInput."""
        return {}

    def focus_first(self) -> None:
        self.amount.setFocus()
        self.amount.selectAll()
