"""Card and UPI rows and the payment terminal: send, ask again, cancel, off the UI thread.

What Enter does to a card row before the payment can be taken (send it; if the terminal is
still waiting, ask again), and what removing a row or leaving the view does (cancel on the
terminal: a pending request is cancelled, an approved one reversed). The terminal's answers come
back as ``answered(row, request)``; the payment view keeps them only for rows it still has.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from ebill_desktop.services.payment_types import PaymentDraft
from ebill_desktop.ui.counter_services import CardTenders
from ebill_desktop.ui.tasks import TaskRunner
from ebill_desktop.ui.tender_base import TenderEntryError, read_amount
from ebill_desktop.ui.tender_card import PENDING, CardTender

log = logging.getLogger(__name__)

CARD_WAIT_S = 90.0  # how long one Enter waits for the customer at the terminal


class CardSteps(QObject):
    """The payment view's card/UPI requests to the terminal."""

    answered = Signal(object, object)  # CardTender, CardRequest

    def __init__(
        self,
        cards: CardTenders | None,
        runner: TaskRunner,
        *,
        on_problem: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._cards = cards
        self._runner = runner
        self._on_problem = on_problem

    def step(self, draft: PaymentDraft, rows: Sequence[CardTender]) -> bool:
        """Send, or ask again about, the first row that is not approved; True if one was (or
        one is on its way: then Enter does nothing else)."""
        for row in rows:
            if row.busy:
                return True
            if row.needs_sending():
                self._send(draft, row)
                return True
            if row.request is not None and str(row.request.state) == PENDING:
                self._ask(row, row.request.request_id)
                return True
        return False

    def _send(self, draft: PaymentDraft, row: CardTender) -> None:
        cards = self._cards
        try:
            amount = read_amount(row.amount, draft.currency, row.accessibleName(), blank=None)
        except TenderEntryError as error:
            self._on_problem(error.message)
            return
        if cards is None:
            return
        row.sending()
        payment_id, kind = draft.payment_id, row.kind

        def send() -> object:
            request = cards.start(payment_id, kind, amount)
            if str(request.state) != PENDING:
                return request
            return cards.wait(request.request_id, CARD_WAIT_S)

        self._runner.run(
            f"card-{id(row)}", send, lambda r: self.answered.emit(row, r), _row_failed(row)
        )

    def _ask(self, row: CardTender, request_id: str) -> None:
        cards = self._cards
        if cards is None:
            return
        row.sending()
        self._runner.run(
            f"card-{id(row)}",
            lambda: cards.wait(request_id, CARD_WAIT_S),
            lambda r: self.answered.emit(row, r),
            _row_failed(row),
        )

    def cancel(self, row: CardTender) -> None:
        """Cancel the row's request on the terminal (reversed if approved); nothing if unused."""
        cards, request = self._cards, row.request
        if cards is None or request is None or str(request.state) == "used":
            return
        request_id = request.request_id
        self._runner.run(
            f"card-cancel-{request_id}",
            lambda: cards.cancel(request_id),
            lambda _r: None,
            lambda error: log.error("cancelling card request %s failed: %s", request_id, error),
        )


def _row_failed(row: CardTender) -> Callable[[BaseException], None]:
    """What a card row shows when its request could not be made (nothing was charged)."""

    def failed(error: BaseException) -> None:
        row.failed(getattr(error, "message", None) or str(error))

    return failed
