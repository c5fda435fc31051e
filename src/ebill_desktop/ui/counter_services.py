"""What the views ask of the services, as protocols (the composition root passes the real ones).

The views know these shapes and nothing of SQL: ``ebill_desktop.services`` implements them over
the cache, and every call is made through :class:`~ebill_desktop.ui.tasks.TaskRunner`, off the
UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_core.receipt import Receipt
from ebill_core.records import Operator
from ebill_desktop.config import Settings
from ebill_desktop.services.account_summary import AccountSummary
from ebill_desktop.services.bill_detail import BillDetail
from ebill_desktop.services.lookup_results import LookupOutcome
from ebill_desktop.services.payment_types import (
    CommittedPayment,
    PaymentDraft,
    PaymentPreview,
    PaymentRequest,
)

if TYPE_CHECKING:  # Qt widgets: not loaded by the headless commands that import this
    from ebill_desktop.payment_terminals.pending import CardRequest
    from ebill_desktop.payment_terminals.service import RecoveryReport
    from ebill_desktop.printing.transports import Transport
    from ebill_desktop.security.approvals import Approval
    from ebill_desktop.services.voids import VoidReason, VoidRecord
    from ebill_desktop.ui.approval_dialog import Approvals
    from ebill_desktop.ui.shift_dialogs import ShiftTools
    from ebill_desktop.ui.sync_status import SyncControl


class SettingsUpdater(Protocol):
    """Writes changed settings (atomically) and returns them; called off the UI thread."""

    def update(self, settings: Settings, **changes: Any) -> Settings: ...


class Lookup(Protocol):
    def search(self, text: str, limit: int = 100) -> LookupOutcome: ...


class Summaries(Protocol):
    def summary(self, account_no: str) -> AccountSummary | None: ...


class Login(Protocol):
    """Log-in and the idle lock (services/login.py): only the operator locked out unlocks."""

    def log_in(self, login: str, password: str) -> Operator: ...
    def lock(self, operator: Operator, reason: str = "idle") -> None: ...
    def unlock(self, locked_for: Operator, login: str, password: str) -> Operator: ...
    def log_out(self, operator: Operator, reason: str = "by_hand") -> None: ...


class BillDetails(Protocol):
    def bill_detail(self, bill_no: str) -> BillDetail | None: ...


class Payments(Protocol):
    """What the payment, receipt and history views call (services/payments.py)."""

    def open(self, account_no: str, operator: str, *, online: bool) -> PaymentDraft: ...
    def preview(self, draft: PaymentDraft, request: PaymentRequest) -> PaymentPreview: ...
    def confirm(self, draft: PaymentDraft, request: PaymentRequest) -> CommittedPayment: ...
    def mark_printed(self, receipt_no: str, operator: str, *, copy_no: int = 0) -> None: ...
    def mark_print_failed(
        self, receipt_no: str, operator: str, error: str, *, copy_no: int = 0
    ) -> None: ...
    # The 2nd and later reprint need a supervisor's approval (ReprintNeedsApproval without).
    def reprint(
        self, receipt_no: str, actor: Operator, approval: Approval | None = None
    ) -> Receipt: ...
    def history(self, account_no: str, limit: int = 50) -> list[CommittedPayment]: ...


class Voids(Protocol):
    """Voids in the open shift (services/voids.py): the service checks role and approval."""

    def void(
        self,
        receipt_no: str,
        actor: Operator,
        reason: VoidReason,
        approval: Approval | None = None,
        *,
        note: str | None = None,
    ) -> VoidRecord: ...
    def void_receipt(self, receipt_no: str) -> Receipt: ...


class ChequeBounces(Protocol):
    """Bounced cheques reported by a supervisor (services/cheque_bounce.py checks it all)."""

    def record(self, actor: Operator, receipt_no: str, tender: int) -> object: ...


class CardTenders(Protocol):
    """Card and UPI through the payment terminal (payment_terminals/service.py)."""

    def start(self, payment_id: str, kind: TenderKind, amount: Money) -> CardRequest: ...
    def wait(self, request_id: str, timeout_s: float) -> CardRequest: ...
    def cancel(self, request_id: str) -> CardRequest: ...
    # Settles what an earlier run left open (the composition root, once, on a thread).
    def recover(self) -> RecoveryReport: ...


@dataclass(frozen=True, slots=True)
class DemoCredential:
    """An operator of the demo cache, shown on the login view in demo mode."""

    login: str
    password: str
    full_name: str
    role: str


@dataclass(frozen=True, slots=True)
class CounterServices:
    """Everything the counter's views call, built once by the composition root."""

    lookup: Lookup
    summaries: Summaries
    login: Login
    bills: BillDetails
    payments: Payments
    # Loads what the first log-in and the first consumer need (run off the UI thread, once, as
    # soon as someone starts typing at the login), so that the cashier does not wait for it.
    warm_up: Callable[[], object] | None = None
    # The sync worker's status and the attention list (None: a counter without sync, in tests).
    sync: SyncControl | None = None
    # Makes an unopened transport to the receipt printer (None: no printer set up).
    printer: Callable[[], Transport] | None = None
    cash_ceiling: Money | None = None  # shown on the cash tender (the service enforces it)
    cards: CardTenders | None = None  # the payment terminal (None: card and UPI are off)
    shift_tools: ShiftTools | None = None  # the shift menu, F9, made up front (tests)
    # Makes the shift menu's tools: the window runs it on a worker after the first log-in, as
    # its imports (the cache's ORM side, password hashing) are no start-up's business.
    make_shift_tools: Callable[[], ShiftTools] | None = None
    # Supervisor approvals outside the shift menu (a second reprint); None: the shift
    # tools' approvals are used, and without those such actions are refused with the reason.
    approvals: Approvals | None = None
    # An administrator's changes to the settings (app.SettingsChange: checked, saved, audited);
    # None: the settings cannot be changed from this window (Ctrl+Shift+P says so).
    change_settings: Callable[[Operator], SettingsUpdater] | None = None
    # Voids from the receipt view (Ctrl+D); None: this window cannot void (Ctrl+D says so).
    voids: Voids | None = None
    # Bounced cheques from the receipt view (Ctrl+B); None: Ctrl+B says it cannot here.
    cheque_bounces: ChequeBounces | None = None
