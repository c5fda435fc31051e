"""Taking a payment at the counter: open, preview, confirm (durable), print, reprint. Qt-free.

The public API (call every method from a worker thread, never the UI thread: they touch disk)::

    service = PaymentService(db, counter_setup(settings, db, utility_name="..."), PaymentRules())

    draft = service.open(account_no, operator_login, online=link_is_up)
        # PaymentDraft: a new payment UUID, the open bills oldest first (all chosen), what they
        # owe today, the category's exactness policy, warnings (paid today elsewhere ...) and,
        # offline, the offline policy's standing. AccountNotFoundError for an unknown account.

    preview = service.preview(draft, PaymentRequest(amount, (TenderInput(...), ...), bills))
        # PaymentPreview: the allocation plan per bill and component, advance, balance after,
        # cash change, and every problem (preview.ok is True when there are none). Pure.

    done = service.confirm(draft, request)
        # CommittedPayment(payment=PaymentRecord, receipt=Receipt): one IMMEDIATE transaction
        # wrote payment, tenders, allocations, receipt row and outbox row, with the next
        # terminal sequence number and receipt number. Idempotent by draft.payment_id: a second
        # confirm of the same draft returns the first payment. PaymentRefusedError (problems
        # as in the preview) writes nothing. Print only after this returns.

    service.mark_printed(receipt_no, operator, copy_no=0)        # the printer took it
    service.mark_print_failed(receipt_no, operator, error, copy_no=0)
    receipt = service.reprint(receipt_no, actor, approval=None)   # DUPLICATE, copy.reprint n
        # actor: the logged-in Operator. The 2nd and later reprint need a supervisor (or an
        # Approval from ApprovalService): ReprintNeedsApproval otherwise, nothing recorded.
    found = service.find_receipt(text)               # CommittedPayment | None (typed/scanned)
    service.history(account_no, limit=50)            # [CommittedPayment], newest first
    service.unsynced()                               # [PaymentRecord] head office has not answered
    service.unprinted()                              # [CommittedPayment] never printed

Rules (docs/payments.md): money in tenders and allocations always adds up; cash of
``PaymentRules.cash_ceiling`` or more is refused; cheques and drafts post-dated or stale are
refused; card and UPI are refused offline, and offline payments are bounded by head office's
offline policy (hours since the last sync, total not yet synced, per payment). A receipt is
PROVISIONAL until head office has posted the payment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from ebill_core.receipt import Receipt, ReceiptCopy
from ebill_core.records import Operator
from ebill_desktop.security.approvals import Approval
from ebill_desktop.services import payment_queries, payment_store
from ebill_desktop.services.card_tenders import card_requests_of
from ebill_desktop.services.offline_limits import offline_standing
from ebill_desktop.services.payment_draft import open_draft, with_current_cheque_bar
from ebill_desktop.services.payment_preview import make_preview
from ebill_desktop.services.payment_types import (
    AccountNotFoundError,
    CommittedPayment,
    CounterSetup,
    PaymentDraft,
    PaymentError,
    PaymentPreview,
    PaymentRecord,
    PaymentRefusedError,
    PaymentRequest,
    PaymentRules,
    ReceiptNotFoundError,
    TenderInput,
)
from ebill_desktop.services.receipt_printing import (
    ReprintNeedsApproval,
    record_print,
    record_reprint,
)
from ebill_desktop.sync.outbox import utc_now

if TYPE_CHECKING:
    from ebill_desktop.storage.database import CacheDatabase

__all__ = [
    "AccountNotFoundError",
    "CommittedPayment",
    "CounterSetup",
    "PaymentDraft",
    "PaymentError",
    "PaymentPreview",
    "PaymentRecord",
    "PaymentRefusedError",
    "PaymentRequest",
    "PaymentRules",
    "PaymentService",
    "ReceiptNotFoundError",
    "ReprintNeedsApproval",
    "TenderInput",
]


class PaymentService:
    """The counter's payments over one cache. Safe to call from several worker threads."""

    def __init__(
        self,
        db: CacheDatabase,
        setup: CounterSetup,
        rules: PaymentRules | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._db = db
        self._setup = setup
        self._rules = rules or PaymentRules()
        self._clock = clock

    def open(self, account_no: str, operator: str, *, online: bool) -> PaymentDraft:
        """A new payment for ``account_no``, taken by ``operator`` (login)."""
        return open_draft(
            self._db, self._rules, account_no, operator, online, self._clock(), self._setup.tz
        )

    def preview(self, draft: PaymentDraft, request: PaymentRequest) -> PaymentPreview:
        """Where ``request``'s money would go, and every problem that stops it being taken."""
        cards = card_requests_of(self._db, tuple(request.tenders))
        return make_preview(draft, request, self._rules, self._today(), cards)

    def confirm(self, draft: PaymentDraft, request: PaymentRequest) -> CommittedPayment:
        """Take the payment: durable before this returns, and only once per draft."""
        if payment_queries.is_stored(self._db, draft.payment_id):  # a second Enter
            first = payment_queries.committed(self._db, draft.payment_id)
            if first is not None:
                return first
        now = self._clock()
        if draft.offline:  # judged by the policy and the payments as they are now
            fresh = offline_standing(self._db, self._rules, draft.currency, now)
            draft = replace(draft, offline_standing=fresh)
        draft = with_current_cheque_bar(self._db, draft, self._setup.tz)
        cards = card_requests_of(self._db, tuple(request.tenders))
        today = now.astimezone(self._setup.tz).date()
        preview = make_preview(draft, request, self._rules, today, cards)
        if not preview.ok:
            raise PaymentRefusedError(preview.problems)
        done = payment_store.store(self._db, self._setup, draft, request, preview, now)
        if done is None:  # a concurrent confirm of the same draft committed it first
            done = payment_queries.committed(self._db, draft.payment_id)
        if done is None:  # committed by that other call: only a vanished file gets here
            raise PaymentError("The payment was saved but could not be read back.")
        return done

    def mark_printed(self, receipt_no: str, operator: str, *, copy_no: int = 0) -> None:
        """Record that copy ``copy_no`` (0: the original) of the receipt was printed."""
        record_print(self._db, receipt_no, operator, copy_no, None, self._clock())

    def mark_print_failed(
        self, receipt_no: str, operator: str, error: str, *, copy_no: int = 0
    ) -> None:
        """Record a failed print: the payment stands, the receipt stays unprinted."""
        record_print(
            self._db, receipt_no, operator, copy_no, error or "print failed", self._clock()
        )

    def reprint(
        self, receipt_no: str, actor: Operator, approval: Approval | None = None
    ) -> Receipt:
        """Count one more reprint by ``actor`` and return the receipt to print: DUPLICATE,
        copy n. Audited (``reprint``) with the count, in one transaction.

        The first reprint needs no approval; the second and later one a supervisor's role or
        ``approval`` of ``Action.REPRINT_SECOND`` for ``actor``: without it
        :class:`ReprintNeedsApproval` (a kiosk: ``NotPermittedError``) and nothing is recorded.
        Print it, then call :meth:`mark_printed` or :meth:`mark_print_failed` with
        ``copy_no=receipt.copy.reprint``. Unknown numbers raise :class:`ReceiptNotFoundError`.
        """
        if not isinstance(actor, Operator) or not actor.login.strip():
            raise PaymentError("Say who reprints the receipt.")
        number = record_reprint(self._db, receipt_no, actor, approval, self._clock())
        found = payment_queries.by_receipt(self._db, receipt_no)
        if found is None:  # record_reprint found it in the same file a moment ago
            raise ReceiptNotFoundError(f"No receipt {receipt_no} at this counter.")
        void = found.payment.state == "void"  # a voided payment's reprints say VOID
        return replace(found.receipt, copy=ReceiptCopy(reprint=number, void=void))

    def find_receipt(self, text: str) -> CommittedPayment | None:
        """The payment of a receipt number as typed or scanned (hyphens and spaces ignored)."""
        return payment_queries.by_receipt(self._db, text)

    def history(self, account_no: str, limit: int = 50) -> list[CommittedPayment]:
        """This counter's payments for ``account_no``, newest first, with their receipts."""
        return payment_queries.history(self._db, account_no, limit)

    def unsynced(self) -> list[PaymentRecord]:
        """Payments head office has not answered yet, in terminal sequence order."""
        return payment_queries.unsynced(self._db)

    def unprinted(self) -> list[CommittedPayment]:
        """Payments whose receipt was never printed (a failed print, a crash before printing)."""
        return payment_queries.unprinted(self._db)

    def _today(self) -> date:
        return self._clock().astimezone(self._setup.tz).date()
