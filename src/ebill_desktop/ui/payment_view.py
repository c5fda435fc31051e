"""Taking the money: the open bills, the amount, the tenders, where it goes, and Enter.

Opened from the consumer or bill view with F8. The payment service makes the draft (with the
payment's UUID) off the UI thread; the view starts with every open bill chosen, the amount
they owe and one cash tender for exactly that, so an exact cash payment is one Enter. Each
change asks the service for a preview (the allocation per bill and component, advance, balance
after, change, and every problem). Enter confirms: the button is disabled and further Enters
are ignored until the service answers; the service itself takes a draft only once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ebill_core.money import Money
from ebill_core.protocol.payments import ONLINE_ONLY_TENDERS, TenderKind
from ebill_core.records import ExactnessPolicy
from ebill_desktop.services.payment_types import (
    CommittedPayment,
    PaymentDraft,
    PaymentError,
    PaymentPreview,
    PaymentRefusedError,
    PaymentRequest,
    TenderInput,
)
from ebill_desktop.ui.counter_services import CardTenders, Payments
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.display import amount_text
from ebill_desktop.ui.payment_models import (
    AllocationModel,
    AllocationRow,
    ChosenBillsModel,
    SpaceToggles,
    allocation_rows,
)
from ebill_desktop.ui.record_table_view import record_table
from ebill_desktop.ui.tasks import TaskRunner
from ebill_desktop.ui.tender_base import TenderEntryError, TenderWidget, read_amount
from ebill_desktop.ui.tender_card import CardTender
from ebill_desktop.ui.tender_card_steps import CardSteps
from ebill_desktop.ui.tender_cash import CashTender
from ebill_desktop.ui.tender_instrument import InstrumentTender

log = logging.getLogger(__name__)


class Stage(Enum):
    """Where the payment view is: nothing open, loading the draft, taking input, saving, done."""

    IDLE = "idle"
    LOADING = "loading"
    READY = "ready"
    CONFIRMING = "confirming"
    DONE = "done"


class PaymentView(QWidget):
    """One payment for one account, from the draft to the committed payment."""

    draft_shown = Signal(object)  # PaymentDraft
    preview_shown = Signal(object)  # PaymentPreview
    paid = Signal(object)  # CommittedPayment
    refused = Signal(str)  # why the payment was not taken (shown in the view)
    confirm_started = Signal()

    def __init__(
        self,
        payments: Payments,
        runner: TaskRunner,
        *,
        cash_ceiling: Money | None = None,
        cards: CardTenders | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._payments = payments
        self._cards = cards
        self._card_steps = CardSteps(
            cards, runner, on_problem=lambda text: self._show_problems((text,))
        )
        self._card_steps.answered.connect(self._card_answer)
        self._runner = runner
        self._cash_ceiling = cash_ceiling
        self._draft: PaymentDraft | None = None
        self._preview: PaymentPreview | None = None
        self._stage = Stage.IDLE
        self._amount_follows = True
        self.tenders: list[TenderWidget] = []
        self.setObjectName("paymentView")
        self.setAccessibleName(self.tr("Payment"))
        self._make_widgets()
        self._build()
        self._add_keys()

    # -- widgets ----------

    def _make_widgets(self) -> None:
        self.name = DataLabel(self.tr("Consumer name"), object_name="paymentConsumerName")
        self.name.setProperty("role", "title")
        self.account = DataLabel(self.tr("Account"), object_name="paymentAccount")
        self.total_due = DataLabel(self.tr("Owed today"), object_name="paymentTotalDue")
        self.total_due.setProperty("role", "amount")
        self.total_due.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.warnings = DataLabel(self.tr("Warnings"), object_name="paymentWarnings")
        self.warnings.setProperty("tone", "warning")
        self.warnings.setWordWrap(True)
        self.warnings.hide()
        self.printer = DataLabel(self.tr("Printer"), object_name="paymentPrinter")
        self.printer.setWordWrap(True)
        self.offline = DataLabel(self.tr("Offline"), object_name="paymentOffline")
        self.offline.setProperty("tone", "warning")
        self.offline.setWordWrap(True)
        self.offline.hide()

        self.bills = ChosenBillsModel(self)
        self.bills_table = record_table(
            self.bills, self.tr("Bills to pay"), object_name="payBillsTable", visible_rows=2
        )
        self.bills_table.setSortingEnabled(False)  # oldest first is the order money goes
        rows = self.bills_table.verticalHeader().defaultSectionSize()
        self.bills_table.setMaximumHeight(self.bills_table.minimumHeight() + 2 * rows)
        self.bills_table.installEventFilter(SpaceToggles(self.bills, self.bills_table))
        self.bills.chosen_changed.connect(self._bills_chosen)

        self.amount = QLineEdit()
        self.amount.setObjectName("paymentAmount")
        self.amount.setAccessibleName(self.tr("Amount to pay"))
        self.amount.setMaxLength(20)
        self.amount.setMaximumWidth(180)
        self.amount.textEdited.connect(self._amount_typed)
        self.amount.textChanged.connect(self._inputs_changed)
        self.policy = DataLabel(self.tr("What this category may pay"), object_name="paymentPolicy")
        self.policy.setProperty("role", "caption")

        self.tender_box = QVBoxLayout()
        self.tender_box.setSpacing(6)
        self.add_buttons: dict[TenderKind, QPushButton] = {}
        self.online_only_reason = DataLabel(
            self.tr("Card and UPI"), object_name="paymentOnlineOnly"
        )
        self.online_only_reason.setProperty("role", "caption")
        self.online_only_reason.setWordWrap(True)

        self.allocation = AllocationModel(self)
        self.allocation_table = record_table(
            self.allocation,
            self.tr("Where the money goes"),
            object_name="allocationTable",
            stretch_column=1,
        )
        self.allocation_table.setSortingEnabled(False)
        self.sums: dict[str, DataLabel] = {}
        self.problems = DataLabel(self.tr("Problems"), object_name="paymentProblems")
        self.problems.setProperty("tone", "error")
        self.problems.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Take payment  (Enter)"))
        self.confirm_button.setObjectName("confirmPayment")
        self.confirm_button.setAccessibleName(self.tr("Take payment"))
        self.confirm_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.confirm_button.clicked.connect(self.confirm)
        self.confirm_button.setEnabled(False)

    def _tender_keys(self) -> list[tuple[TenderKind, str, str]]:
        return [
            (TenderKind.CASH, self.tr("Cash"), "Ctrl+H"),
            (TenderKind.CHEQUE, self.tr("Cheque"), "Ctrl+Q"),
            (TenderKind.DEMAND_DRAFT, self.tr("Draft"), "Ctrl+D"),
            (TenderKind.CARD, self.tr("Card"), "Ctrl+K"),
            (TenderKind.UPI, self.tr("UPI"), "Ctrl+U"),
            (TenderKind.BANK_TRANSFER, self.tr("Transfer"), "Ctrl+T"),
            (TenderKind.POSTAL_ORDER, self.tr("Postal order"), "Ctrl+O"),
        ]

    def _build(self) -> None:
        header = QFrame()
        header.setProperty("role", "card")
        top = QGridLayout(header)
        top.setContentsMargins(18, 8, 18, 8)
        top.setVerticalSpacing(2)
        top.addWidget(self.name, 0, 0)
        top.addWidget(self.account, 1, 0)
        top.addWidget(self.printer, 2, 0)
        owed = caption_label(self.tr("Owed today"))
        owed.setAlignment(Qt.AlignmentFlag.AlignRight)
        top.addWidget(owed, 0, 1)
        top.addWidget(self.total_due, 1, 1, 2, 1)
        top.setColumnStretch(0, 1)

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(_card(self.tr("Bills (Space: pay it or not)"), self.bills_table), 0)
        left.addWidget(_card(self.tr("Amount and tenders"), self._tenders_panel()), 1)

        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(
            _card(self.tr("Where the money goes"), self.allocation_table, self._sums_grid()), 1
        )
        right.addWidget(self.problems)
        right.addWidget(self.confirm_button)

        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addLayout(left, 3)
        middle.addLayout(right, 2)

        hint = caption_label(
            self.tr("Enter: take payment   ·   Esc: back without taking it   ·   F1: all shortcuts")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 6)
        layout.setSpacing(8)
        layout.addWidget(header)
        layout.addWidget(self.warnings)
        layout.addWidget(self.offline)
        layout.addLayout(middle, 1)
        layout.addWidget(hint)
        self.setFocusProxy(self.amount)

    def _amount_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(caption_label(self.tr("Amount to pay"), buddy=self.amount))
        line.addWidget(self.amount)
        line.addWidget(self.policy, 1)
        return row

    def _tenders_panel(self) -> QWidget:
        panel = QWidget()
        outer = QVBoxLayout(panel)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._amount_row())
        buttons = QGridLayout()
        buttons.setSpacing(6)
        for i, (kind, title, key) in enumerate(self._tender_keys()):
            button = QPushButton(f"{title}  {key}")
            button.setObjectName(f"add_{kind.value}")
            button.setAccessibleName(self.tr("Add a {tender} tender").format(tender=title))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=kind: self.add_tender(k))
            buttons.addWidget(button, *divmod(i, 4))
            self.add_buttons[kind] = button
        outer.addLayout(buttons)
        outer.addWidget(self.online_only_reason)
        rows = QWidget()
        rows.setLayout(self.tender_box)
        self.tender_box.setContentsMargins(0, 0, 0, 0)
        self.tender_box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(rows)
        outer.addWidget(scroll, 1)
        return panel

    def _sums_grid(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setVerticalSpacing(2)
        fields = [
            ("due", self.tr("Owed (chosen bills)")),
            ("amount", self.tr("Paying")),
            ("advance", self.tr("Advance (credit)")),
            ("balance", self.tr("Balance after")),
            ("remaining", self.tr("Still to tender")),
            ("change", self.tr("Change to give")),
        ]
        for row, (key, caption) in enumerate(fields):
            value = DataLabel(caption, object_name=f"sum_{key}")
            value.setProperty("role", "value")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            grid.addWidget(caption_label(caption, buddy=value), row, 0)
            grid.addWidget(value, row, 1)
            self.sums[key] = value
        self.sums["change"].setProperty("role", "amount")
        return box

    def _add_keys(self) -> None:
        for enter in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(enter), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.confirm)
        for kind, _title, key in self._tender_keys():
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda k=kind: self.add_tender(k))
        remove = QShortcut(QKeySequence("Ctrl+Delete"), self)
        remove.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        remove.activated.connect(self._remove_focused_tender)

    # -- opening ----------

    def stage(self) -> Stage:
        return self._stage

    def draft(self) -> PaymentDraft | None:
        return self._draft

    def preview(self) -> PaymentPreview | None:
        return self._preview

    def start(self, account_no: str, operator: str, *, online: bool) -> None:
        """A new payment for ``account_no``: the service makes the draft off the UI thread."""
        self.abandon()  # a payment left by a scan, not by Esc: its card requests too
        self._clear()
        self._stage = Stage.LOADING
        self.name.set_value(self.tr("Opening a payment for {account}…").format(account=account_no))
        payments = self._payments
        self._runner.run(
            "payment-open",
            lambda: payments.open(account_no, operator, online=online),
            self._show_draft,
            self._open_failed,
        )

    def _clear(self) -> None:
        self._draft = None
        self._preview = None
        self._amount_follows = True
        for tender in list(self.tenders):
            self._drop_tender(tender)
        self.bills.set_records(())
        self.allocation.set_records(())
        for label in (self.name, self.account, self.total_due, self.policy, self.problems):
            label.set_value("")
        for label in self.sums.values():
            label.set_value("")
        self.warnings.hide()
        self.offline.hide()
        self.confirm_button.setEnabled(False)
        self.confirm_button.setText(self.tr("Take payment  (Enter)"))

    def _show_draft(self, draft: PaymentDraft) -> None:
        self._draft = draft
        self._stage = Stage.READY
        self.name.set_value(draft.consumer_name)
        self.account.set_value(
            self.tr("Account {account} · {category} · mobile {mobile}").format(
                account=draft.account_no,
                category=draft.category_name,
                mobile=draft.masked_mobile or "—",
            )
        )
        self.total_due.set_value(amount_text(draft.total_due))
        self.policy.set_value(self._policy_text(draft.policy))
        self._show_warnings(draft)
        self._show_offline(draft)
        self._show_cheque_bar(draft)
        self.bills.set_records(draft.bills)
        self.amount.setText(draft.total_due.plain() if draft.total_due.minor > 0 else "")
        self.add_tender(TenderKind.CASH)
        self.amount.setFocus()
        self.amount.selectAll()
        self.draft_shown.emit(draft)

    def _policy_text(self, policy: ExactnessPolicy) -> str:
        texts = {
            ExactnessPolicy.EXACT: self.tr("Exactly the amount due"),
            ExactnessPolicy.AT_LEAST: self.tr("The amount due or more (advance allowed)"),
            ExactnessPolicy.AT_MOST: self.tr("Part payment allowed, no advance"),
            ExactnessPolicy.ANY: self.tr("Part payment or advance allowed"),
        }
        return texts.get(policy, str(policy))

    def _show_warnings(self, draft: PaymentDraft) -> None:
        if draft.warnings:
            self.warnings.set_value("\n".join(draft.warnings))
            self.warnings.show()

    def _show_offline(self, draft: PaymentDraft) -> None:
        # Card and UPI need a live approval on the payment terminal: offline, or with no
        # terminal set up, they are off, with the reason in words.
        usable = not draft.offline and self._cards is not None
        for kind in ONLINE_ONLY_TENDERS:
            self.add_buttons[kind].setEnabled(usable)
        self.online_only_reason.setVisible(not usable)
        if draft.offline:
            # Loaded with the payment service by now (its SQL is not start-up's business).
            from ebill_desktop.services.card_tenders import OFFLINE_REASON

            self.online_only_reason.set_value(OFFLINE_REASON.format(what=self.tr("Card or UPI")))
        elif not usable:
            self.online_only_reason.set_value(
                self.tr(
                    "Card and UPI: no payment terminal is linked to this counter. "
                    "Take cash, cheque, demand draft, bank transfer or postal order."
                )
            )
        if draft.offline:
            self.offline.set_value(self._offline_text(draft))
            self.offline.show()

    def _show_cheque_bar(self, draft: PaymentDraft) -> None:
        # A cheque-barred account: its cheque and draft buttons are off; the reason is in the
        # warnings (plain text; a tooltip would guess rich text from head office's words). The
        # service refuses such tenders whatever the view does.
        barred = draft.cheque_barred is not None
        for kind in (TenderKind.CHEQUE, TenderKind.DEMAND_DRAFT):
            self.add_buttons[kind].setEnabled(not barred)

    def _offline_text(self, draft: PaymentDraft) -> str:
        standing = draft.offline_standing
        text = self.tr("OFFLINE: the receipt will say PROVISIONAL.")
        if standing is None:
            return text
        if standing.refusal:
            return text + " " + standing.refusal
        if standing.policy is not None and standing.room is not None:
            text += " " + self.tr(
                "Up to {room} more may be taken offline; at most {per} per payment."
            ).format(
                room=amount_text(standing.room),
                per=amount_text(standing.policy.max_per_payment),
            )
        return text

    def _open_failed(self, error: BaseException) -> None:
        self._stage = Stage.IDLE
        message = error.message if isinstance(error, PaymentError) else str(error)
        if not isinstance(error, PaymentError):
            log.error("opening the payment failed", exc_info=error)
        self.name.set_value(self.tr("No payment can be taken"))
        self.problems.set_value(message)
        self.refused.emit(message)

    def set_printer_status(self, text: str, *, ready: bool) -> None:
        """What the printer says, shown before the money is taken (from the printer worker)."""
        self.printer.set_value(text)
        self.printer.setProperty("tone", "info" if ready else "error")
        self.printer.style().unpolish(self.printer)
        self.printer.style().polish(self.printer)

    # -- tenders ----------

    def add_tender(self, kind: TenderKind) -> TenderWidget | None:
        """A new tender row of ``kind`` (one cash row at most; card/UPI not offline)."""
        draft = self._draft
        if draft is None or self._stage is not Stage.READY:
            return None
        button = self.add_buttons.get(kind)
        if button is not None and not button.isEnabled():
            return None
        if kind is TenderKind.CASH:
            existing = next((t for t in self.tenders if t.kind is kind), None)
            if existing is not None:
                existing.focus_first()
                return existing
            tender: TenderWidget = CashTender(draft.currency, self._cash_ceiling)
        elif kind in ONLINE_ONLY_TENDERS:
            tender = CardTender(kind)
        else:
            tender = InstrumentTender(kind)
        tender.changed.connect(self._inputs_changed)
        tender.remove_requested.connect(self._drop_tender_and_refresh)
        self.tender_box.insertWidget(len(self.tenders), tender)
        self.tenders.append(tender)
        if kind is not TenderKind.CASH:
            tender.set_amount(self._left_for(tender))
            tender.follows = False  # set once; the cash row takes up what is left
            tender.focus_first()
        self._inputs_changed()
        return tender

    def _left_for(self, tender: TenderWidget) -> Money:
        """The amount less what the other fixed (non-following) tenders pay."""
        draft = self._draft
        assert draft is not None
        zero = Money.zero(draft.currency)
        try:
            amount = read_amount(self.amount, draft.currency, "", blank=zero)
            others = [
                t.typed_amount(draft.currency)
                for t in self.tenders
                if t is not tender and not t.follows
            ]
        except TenderEntryError:
            return zero
        left = amount
        for paid in others:
            left = left - paid
        return max(left, zero)

    def _remove_focused_tender(self) -> None:
        focused = self.focusWidget()
        for tender in self.tenders:
            if focused is not None and tender.isAncestorOf(focused):
                self._drop_tender_and_refresh(tender)
                return

    def _drop_tender_and_refresh(self, tender: TenderWidget) -> None:
        if self._stage is not Stage.READY:
            return
        if isinstance(tender, CardTender):
            self._card_steps.cancel(tender)
        self._drop_tender(tender)
        self._inputs_changed()
        self.amount.setFocus()

    def _drop_tender(self, tender: TenderWidget) -> None:
        if tender in self.tenders:
            self.tenders.remove(tender)
        tender.hide()
        tender.setParent(None)
        tender.deleteLater()

    # -- amount and preview ----------

    def _amount_typed(self, _text: str) -> None:
        self._amount_follows = False

    def _bills_chosen(self) -> None:
        draft = self._draft
        if draft is None:
            return
        if self._amount_follows:
            owed = Money.zero(draft.currency)
            for bill in self.bills.chosen():
                owed = owed + bill.outstanding.total
            self.amount.setText(owed.plain() if owed.minor > 0 else "")
        self._inputs_changed()

    def _balance_tenders(self) -> None:
        for tender in self.tenders:
            if tender.follows:
                tender.set_amount(self._left_for(tender))

    def request(self) -> PaymentRequest:
        """The payment as entered; :class:`TenderEntryError` when a field cannot be read."""
        draft = self._draft
        assert draft is not None
        amount = read_amount(self.amount, draft.currency, self.tr("Amount to pay"), blank=None)
        tenders: list[TenderInput] = [
            t.tender_input(draft.currency) for t in self.tenders if not (t.follows and t.is_blank())
        ]
        chosen = tuple(b.bill_no for b in self.bills.chosen())
        every = len(chosen) == len(draft.bills)
        return PaymentRequest(amount, tuple(tenders), None if every else chosen)

    def _inputs_changed(self) -> None:
        draft = self._draft
        if draft is None or self._stage is not Stage.READY:
            return
        self._balance_tenders()
        try:
            request = self.request()
        except TenderEntryError as error:
            self._preview = None  # the last one is not what is on screen any more
            self.allocation.set_records(())
            self._show_problems((error.message,))
            return
        payments = self._payments
        self._runner.run(
            "payment-preview",
            lambda: payments.preview(draft, request),
            self._show_preview,
            self._preview_failed,
        )

    def _show_preview(self, preview: PaymentPreview) -> None:
        if self._stage is not Stage.READY:
            return
        self._preview = preview
        self.allocation.set_records(
            [
                AllocationRow(bill_no, part, amount)
                for bill_no, part, amount in allocation_rows(preview)
            ]
        )
        values = {
            "due": preview.amount_due,
            "amount": preview.amount,
            "advance": preview.advance,
            "balance": preview.balance_after,
            "remaining": preview.remaining,
            "change": preview.change,
        }
        for key, money in values.items():
            self.sums[key].set_value(amount_text(money))
        self._show_problems(preview.problems)
        self.preview_shown.emit(preview)

    def _show_problems(self, problems: Sequence[str]) -> None:
        self.problems.set_value("\n".join(problems))
        self.confirm_button.setEnabled(not problems and self._stage is Stage.READY)

    def _preview_failed(self, error: BaseException) -> None:
        log.error("the payment preview failed", exc_info=error)
        self._show_problems((self.tr("Error: {error}").format(error=error),))

    # -- confirming ----------

    def confirm(self) -> None:
        """Enter: take the payment. Ignored unless the view is ready (so twice is once).

        A card or UPI row not approved yet is sent to the terminal first (or asked about
        again); the Enter after its approval takes the payment.
        """
        draft = self._draft
        if draft is None or self._stage is not Stage.READY:
            return
        if self._card_steps.step(draft, self._card_rows()):
            return
        try:
            request = self.request()
        except TenderEntryError as error:
            self._show_problems((error.message,))
            return
        self._stage = Stage.CONFIRMING
        self.confirm_button.setEnabled(False)
        self.confirm_button.setText(self.tr("Saving the payment…"))
        for tender in self.tenders:
            tender.setEnabled(False)
        self.confirm_started.emit()
        payments = self._payments
        self._runner.run(
            "payment-confirm",
            lambda: payments.confirm(draft, request),
            self._confirmed,
            self._confirm_failed,
        )

    def _confirmed(self, done: CommittedPayment) -> None:
        self._stage = Stage.DONE
        self.confirm_button.setText(self.tr("Payment taken"))
        self.paid.emit(done)

    def _confirm_failed(self, error: BaseException) -> None:
        # Nothing was written (a refusal) or it is not known: the same draft may be confirmed
        # again, and the service takes it at most once.
        self._stage = Stage.READY
        for tender in self.tenders:
            tender.setEnabled(True)
        self.confirm_button.setText(self.tr("Take payment  (Enter)"))
        if isinstance(error, PaymentRefusedError):
            problems: tuple[str, ...] = error.problems
        elif isinstance(error, PaymentError):
            problems = (error.message,)
        else:
            log.error("confirming the payment failed", exc_info=error)
            problems = (self.tr("The payment was not confirmed: {error}").format(error=error),)
        self._show_problems(problems)
        self.refused.emit(" ".join(problems))

    def can_leave(self) -> bool:
        """Esc may leave unless the payment is being saved."""
        return self._stage is not Stage.CONFIRMING

    def _card_answer(self, row: CardTender, request: object) -> None:
        if row in self.tenders:  # not removed, nor a new payment, meanwhile
            row.set_request(request)  # type: ignore[arg-type]

    def _card_rows(self) -> list[CardTender]:
        return [t for t in self.tenders if isinstance(t, CardTender)]

    def abandon(self) -> None:
        """Leaving without taking the payment: card/UPI requests on the terminal are cancelled
        (an approved one is reversed), so no money is kept without a receipt."""
        if self._stage is Stage.DONE:
            return
        for tender in self.tenders:
            if isinstance(tender, CardTender):
                self._card_steps.cancel(tender)


def _card(title: str, *widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(12, 8, 12, 10)
    layout.setSpacing(6)
    heading = QLabel(title)
    heading.setProperty("role", "heading")
    layout.addWidget(heading)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if i == 0 else 0)
    return frame
