"""Card and UPI tenders at the counter: what the payment view calls (Qt-free, blocking).

Call these from a worker (``ebill_desktop.ui.tasks.TaskRunner``), never on the UI thread: they
write the cache and talk to the terminal.

* :meth:`CardTenderService.start` commits a ``pending`` row, then sends the request; a request
  that gets no answer is followed by a status query (never a guess);
* :meth:`~CardTenderService.poll` / :meth:`~CardTenderService.wait` ask the terminal until the
  request is settled; an ``approved`` request's :meth:`CardRequest.tender` goes into the payment,
  whose transaction calls :func:`~ebill_desktop.payment_terminals.pending.mark_used`;
* :meth:`~CardTenderService.cancel` is what removing a card/UPI tender does: cancel on the
  terminal, or reverse it if it was approved, so no money is kept without a receipt;
* :meth:`~CardTenderService.recover` (at start-up) settles every request a crash left open:
  approved but never used in a committed payment is reversed; an unreachable terminal leaves the
  request for the next try, on the attention list.

Offline, card and UPI are not offered at all (:func:`unavailable_reason`).
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ebill_core.money import Money
from ebill_core.protocol.payments import ONLINE_ONLY_TENDERS, TenderKind
from ebill_desktop.payment_terminals.adapter import (
    Approved,
    Cancelled,
    Declined,
    NotFound,
    PaymentTerminal,
    Pending,
    SaleRequest,
    TerminalDataError,
    TerminalResult,
    Unknown,
)
from ebill_desktop.payment_terminals.pending import (
    NO_MONEY_STATES,
    CardRequest,
    CardRequestError,
    CardRequestState,
    attention_list,
    claim_for_reversal,
    held_by_payment,
    insert_pending,
    load,
    mark_used_by_payment,
    open_requests,
    record_result,
    utc_now,
)

if TYPE_CHECKING:
    from ebill_desktop.storage.database import CacheDatabase

log = logging.getLogger(__name__)

DEFAULT_POLL_INTERVAL_S = 0.5


def unavailable_reason(kind: TenderKind, online: bool) -> str | None:
    """Why ``kind`` cannot be taken now (shown next to the disabled choice), or None."""
    if kind not in ONLINE_ONLY_TENDERS or online:
        return None
    name = "Card" if kind is TenderKind.CARD else "UPI"
    return (
        f"{name} payments need the link to head office, which is down. "
        "Take cash, cheque, demand draft or postal order, or try again when the link is back."
    )


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What :meth:`CardTenderService.recover` did: requests settled, and those still open."""

    settled: tuple[CardRequest, ...]
    attention: tuple[CardRequest, ...]


def _canonical_uuid(value: str) -> str:
    try:
        canonical = str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError):
        raise CardRequestError(f"The payment id {value!r} is not a UUID.") from None
    if canonical != value:
        raise CardRequestError(f"The payment id {value!r} is not a lower-case 8-4-4-4-12 UUID.")
    return canonical


class CardTenderService:
    """Card/UPI requests of one counter through one payment terminal (thread-safe)."""

    def __init__(
        self,
        db: CacheDatabase,
        terminal: PaymentTerminal,
        *,
        poll_interval_s: float = DEFAULT_POLL_INTERVAL_S,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.db = db
        self.terminal = terminal
        self.poll_interval_s = poll_interval_s
        self._clock = clock
        # Requests this instance is working on: recovery leaves them to their cashier.
        self._live: set[str] = set()
        self._live_lock = threading.Lock()

    # -- the cashier's actions ---------------------------------------------------------------

    def start(self, payment_id: str, kind: TenderKind, amount: Money) -> CardRequest:
        """Ask the terminal for ``amount`` by ``kind`` towards ``payment_id``; the row after.

        The ``pending`` row is committed before the request is sent. Bad input raises
        :class:`CardRequestError` and nothing is written or sent.
        """
        payment_id = _canonical_uuid(payment_id)
        try:
            sale = SaleRequest(str(uuid.uuid4()), amount, kind)
        except ValueError as error:
            raise CardRequestError(str(error)) from None
        # Marked live before the row is visible, so a recovery running now leaves it alone.
        with self._live_lock:
            self._live.add(sale.request_id)
        try:
            with self.db.write_transaction() as connection:
                insert_pending(connection, sale, payment_id, self.terminal.device_id, self._clock())
        except BaseException:
            self._forget(sale.request_id)
            raise
        log.info("%s request %s for payment %s sent", kind.value, sale.request_id, payment_id)
        result = self.terminal.request(sale)
        if isinstance(result, Unknown):
            result = self._ask_again(sale.request_id, result)
        return self._record(sale.request_id, result)

    def poll(self, request_id: str) -> CardRequest:
        """The request, after asking the terminal once if it is still pending."""
        current = self._load(request_id)
        if current.state is not CardRequestState.PENDING:
            return current
        result = self.terminal.status(request_id)
        if isinstance(result, NotFound):
            result = self._ask_again(request_id, Unknown("the terminal does not know the request"))
        return self._record(request_id, result)

    def wait(
        self, request_id: str, timeout_s: float, stop: threading.Event | None = None
    ) -> CardRequest:
        """Poll until the request is settled, ``timeout_s`` passes or ``stop`` is set."""
        stop = stop or threading.Event()
        deadline = time.monotonic() + timeout_s
        current = self.poll(request_id)
        while current.state is CardRequestState.PENDING and not stop.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            stop.wait(min(self.poll_interval_s, remaining))
            current = self.poll(request_id)
        return current

    def cancel(self, request_id: str) -> CardRequest:
        """Remove a card/UPI tender: cancel it on the terminal, or reverse it if approved.

        A tender of a committed payment cannot be removed here (void the payment instead):
        :class:`CardRequestError`. If the terminal cannot be reached the request stays on the
        attention list, out of any payment's reach, and :meth:`recover` finishes the job.
        """
        current = self._load(request_id)
        if current.state is CardRequestState.USED or self._held_by_payment(request_id):
            raise CardRequestError("This tender is part of a committed payment: void the payment.")
        if current.state in NO_MONEY_STATES:
            self._forget(request_id)
            return current
        if not self._claim(request_id, "Removed by the cashier; cancelling on the terminal."):
            return self._load(request_id)
        self._forget(request_id)
        return self._undo_on_terminal(request_id)

    def needs_attention(self) -> list[CardRequest]:
        """Requests a supervisor should see (unsettled after a failed try, or contradictory)."""
        with self._live_lock:
            live = set(self._live)
        return [r for r in attention_list(self.db) if r.request_id not in live]

    # -- after a crash ---------------------------------------------------------------------

    def recover(self) -> RecoveryReport:
        """Settle every open request this instance did not start (call at start-up).

        Each is asked about; approved but held by no committed payment is reversed; pending or
        unknown to the terminal is cancelled there; an unreachable terminal leaves it as it is.
        """
        with self._live_lock:
            live = set(self._live)
        settled = []
        for request in open_requests(self.db):
            if request.request_id in live:
                continue
            after = self._recover_one(request)
            if after.state in NO_MONEY_STATES or after.state is CardRequestState.USED:
                settled.append(after)
        report = RecoveryReport(tuple(settled), tuple(self.needs_attention()))
        log.info(
            "card/UPI recovery: %d settled, %d need attention",
            len(report.settled),
            len(report.attention),
        )
        return report

    def _recover_one(self, request: CardRequest) -> CardRequest:
        status = self.terminal.status(request.request_id)
        if isinstance(status, Unknown | Declined | Cancelled):
            return self._record(request.request_id, status)
        if isinstance(status, Approved) and self._held_by_payment(request.request_id):
            return self._load(request.request_id)
        # Approved without a committed payment, still pending, or never received: undo it.
        why = "Recovery: no payment was committed with this request; cancelling on the terminal."
        if not self._claim(request.request_id, why):
            return self._load(request.request_id)
        if isinstance(status, Approved):
            self._record(request.request_id, status)  # keep its details while it is reversed
        return self._undo_on_terminal(request.request_id)

    # -- steps ---------------------------------------------------------------------------------

    def _ask_again(self, request_id: str, first: Unknown) -> TerminalResult:
        """After no answer: the status; if the terminal never got the request, make sure."""
        status = self.terminal.status(request_id)
        if isinstance(status, NotFound):
            # Our call is over and the terminal has no such sale; cancelling the id makes the
            # terminal refuse it if it still turned up, so "not there" becomes final.
            return self.terminal.cancel(request_id)
        if isinstance(status, Unknown):
            return Unknown(f"{first.error}; then asking the status: {status.error}")
        return status

    def _claim(self, request_id: str, why: str) -> bool:
        with self.db.write_transaction() as connection:
            return claim_for_reversal(connection, request_id, why, self._clock())

    def _held_by_payment(self, request_id: str) -> bool:
        with self.db.write_transaction() as connection:
            if not held_by_payment(connection, request_id):
                return False
            log.warning("card request %s is held by a committed payment: used", request_id)
            mark_used_by_payment(connection, request_id)
            return True

    def _undo_on_terminal(self, request_id: str) -> CardRequest:
        result = self.terminal.cancel(request_id)
        if isinstance(result, Pending | NotFound | Approved):
            note = "The terminal did not confirm the cancel; it will be asked again."
            result = Unknown(note)
        return self._record(request_id, result)

    def _record(self, request_id: str, result: TerminalResult) -> CardRequest:
        try:
            with self.db.write_transaction() as connection:
                after = record_result(connection, request_id, result, self._clock())
        except TerminalDataError as error:
            # E.g. card details on a UPI approval: not stored; the request stays open and is
            # asked about (and, if still so, reversed by recovery) instead of being guessed.
            with self.db.write_transaction() as connection:
                after = record_result(connection, request_id, Unknown(str(error)), self._clock())
        log.info("card request %s: %s", request_id, after.state.value)
        if after.state not in (CardRequestState.PENDING, CardRequestState.APPROVED):
            self._forget(request_id)
        return after

    def _load(self, request_id: str) -> CardRequest:
        found = load(self.db, request_id)
        if found is None:
            raise CardRequestError(f"No card request {request_id}.")
        return found

    def _forget(self, request_id: str) -> None:
        with self._live_lock:
            self._live.discard(request_id)
