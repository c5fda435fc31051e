"""Card and UPI: the amount goes to the payment terminal; only its approval pays.

The row shows where the terminal request stands. Enter in the payment view sends a row that
was not sent (or was declined) to the terminal; once approved, the next Enter takes the
payment. What is kept of the card is what the terminal answered (scheme, last 4 digits, RRN,
authorisation code): the row names the request, and the payment service reads the details from
it. The amount cannot change once the terminal has it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from ebill_core.protocol.payments import TenderKind
from ebill_desktop.ui.data_label import DataLabel
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.tender_base import TenderEntryError, TenderWidget

if TYPE_CHECKING:
    from ebill_desktop.payment_terminals.pending import CardRequest

# Request states (ebill_desktop.payment_terminals.pending.CardRequestState values).
APPROVED = "approved"
PENDING = "pending"
SENDABLE = frozenset({"declined", "cancelled", "reversed"})  # no money taken: may try again


class CardTender(TenderWidget):
    """A card or UPI tender paid through the payment terminal."""

    def __init__(self, kind: TenderKind, parent: QWidget | None = None) -> None:
        if kind not in (TenderKind.CARD, TenderKind.UPI):
            raise ValueError(f"not a card or UPI tender: {kind}")
        super().__init__(kind, parent)
        self.set_title(self.tr("Card") if kind is TenderKind.CARD else self.tr("UPI"))
        self.request: CardRequest | None = None
        self.busy = False  # a request or a cancel is on its way to the terminal
        self.terminal = DataLabel(self.tr("Payment terminal"), object_name="cardState")
        self.terminal.setWordWrap(True)
        self.add_row((self.tr("Amount"), self.amount))
        self.add_row((self.tr("Terminal"), self.terminal))
        self._show()

    def needs_sending(self) -> bool:
        """Not sent yet, or sent and settled without money taken: Enter sends it."""
        if self.busy:
            return False
        return self.request is None or str(self.request.state) in SENDABLE

    def approved(self) -> bool:
        return self.request is not None and str(self.request.state) == APPROVED

    def sending(self) -> None:
        """The request is on its way: the amount is fixed from now on."""
        self.busy = True
        self.amount.setReadOnly(True)
        self.terminal.set_value(self.tr("Waiting for the customer on the terminal…"))

    def set_request(self, request: CardRequest) -> None:
        """What the terminal answered (approved, declined, still pending ...)."""
        self.busy = False
        self.request = request
        self._show()
        self.changed.emit()

    def failed(self, message: str) -> None:
        self.busy = False
        self.amount.setReadOnly(self.request is not None and not self.needs_sending())
        self.terminal.set_value(
            self.tr("Not sent: {error}. Enter tries again.").format(error=message)
        )
        self.changed.emit()

    def _show(self) -> None:
        request = self.request
        self.amount.setReadOnly(request is not None and not self.needs_sending())
        if request is None:
            text = self.tr("Not sent yet. Enter sends it to the terminal.")
        elif str(request.state) == APPROVED:
            parts = [request.scheme or "", f"xxxx{request.last4}" if request.last4 else ""]
            text = self.tr("Approved {amount}: {card} RRN {rrn} auth {auth}").format(
                amount=amount_text(request.amount),
                card=" ".join(p for p in parts if p) or self.kind.value.upper(),
                rrn=request.rrn or "—",
                auth=request.auth_code or "—",
            )
        elif str(request.state) == PENDING:
            text = self.tr("Still waiting for the terminal. Enter asks again.")
        else:
            text = self.tr("{state}: {why} Enter sends it again; Ctrl+Delete removes it.").format(
                state=str(request.state).replace("_", " ").capitalize(),
                why=(request.error or "").strip() or self.tr("no money was taken."),
            )
        self.terminal.set_value(text)

    def details(self, currency: str) -> dict[str, Any]:
        request = self.request
        if request is None or not self.approved():
            raise TenderEntryError(
                self.tr("{tender}: not approved on the terminal yet (Enter sends it).").format(
                    tender=self.accessibleName()
                )
            )
        if self.typed_amount(currency) != request.amount:
            raise TenderEntryError(
                self.tr("{tender}: the terminal approved {amount}.").format(
                    tender=self.accessibleName(), amount=amount_text(request.amount)
                )
            )
        return {"card_request_id": request.request_id}
