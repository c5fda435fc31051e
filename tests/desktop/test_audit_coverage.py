"""Every act issue 4 lists is in the audit trail, written by the services themselves.

"Every log-in and failed log-in, lock, approval, void, reprint, drawer open, shift open/close,
settings change and attention-list resolution is appended to an audit table": each act is done
here through the real service (real cache file), and the test reads back which audit actions
the trail holds and that the chain verifies. "Drawer open" is the no-sale open (``drawer_open``);
the drawer kick of a cash payment is not a separate entry (the payment row, its operator, moment
and gap-free receipt number, records it): see docs/security.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ebill_core.cash_count import CashCount
from ebill_desktop.app import Terminal, open_terminal
from ebill_desktop.config import DataPaths, Settings
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import Approval, ApprovalService, NotPermittedError
from ebill_desktop.security.lockout import LockoutPolicy
from ebill_desktop.security.roles import Action
from ebill_desktop.services.login import LoginRefused, LoginService
from ebill_desktop.services.payment_types import CommittedPayment, PaymentRequest, TenderInput
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.services.shifts import ShiftRules, ShiftService
from ebill_desktop.services.voids import VoidReason, VoidService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.coordinator import SyncCoordinator
from ebill_desktop.sync.outbox import (
    Answer,
    OutboxError,
    OutboxState,
    Resolution,
    find_item,
    record_answers,
)
from tests.desktop.factories import account_no, inr
from tests.desktop.security_support import (
    ADMIN,
    CASHIER,
    OTHER_CASHIER,
    PASSWORD,
    SUPERVISOR,
    add_staff,
)
from tests.desktop.test_payment_helpers import Clock, cash, cheque, make_cache, make_service

ACCOUNT = account_no(1)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """A terminal (settings file and all) over the payment tests' cache, with every role."""
    paths = DataPaths.under(tmp_path / "terminal")
    make_cache(paths.cache_file).close()
    opened = open_terminal(paths)
    add_staff(opened.db)
    yield opened
    opened.db.close()


@pytest.fixture
def db(terminal: Terminal) -> CacheDatabase:
    return terminal.db


@pytest.fixture
def clock() -> Clock:
    return Clock()


def actions(db: CacheDatabase) -> list[str]:
    return [entry.action for entry in audit.entries(db)]


def approve(db: CacheDatabase, clock: Clock, action: Action) -> Approval:
    return ApprovalService(db, clock=clock).approve(
        action, SUPERVISOR.login, PASSWORD, cashier=CASHIER.login
    )


def pay(service: PaymentService, *tenders: TenderInput) -> CommittedPayment:
    amount = sum((t.amount for t in tenders), inr(0))
    draft = service.open(ACCOUNT, CASHIER.login, online=True)
    return service.confirm(draft, PaymentRequest(amount, tuple(tenders)))


def no_keyring() -> object:
    raise AssertionError("resolving an attention item never reads the keyring")


def coordinator(terminal: Terminal, clock: Clock) -> SyncCoordinator:
    """The real coordinator, not started: ``resolve`` is what the F6 view calls."""
    return SyncCoordinator(
        terminal.db,
        terminal.paths.data_dir,
        Settings(),
        no_keyring,  # type: ignore[arg-type]
        clock=clock,
    )


def on_attention_list(db: CacheDatabase, *done: CommittedPayment) -> None:
    """Head office refused these payments: they are on the attention list."""
    answers = [
        Answer(d.payment.payment_id, OutboxState.ATTENTION, None, "rejected: test refusal")
        for d in done
    ]
    with db.write_transaction() as connection:
        record_answers(connection, answers, datetime.now(UTC))


def test_every_act_the_issue_lists_is_audited(
    terminal: Terminal, db: CacheDatabase, clock: Clock
) -> None:
    # Log-in, a failed log-in, a lock-out, the idle lock and its unlock.
    login = LoginService(db, clock=clock, policy=LockoutPolicy(max_failures=2))
    cashier = login.log_in(CASHIER.login, PASSWORD)
    for _ in range(2):
        with pytest.raises(LoginRefused):
            login.log_in(OTHER_CASHIER.login, "not the password")
    login.lock(cashier)
    login.unlock(cashier, CASHIER.login, PASSWORD)

    # Shift open, a payment, a no-sale drawer open (approved), a drop.
    shifts = ShiftService(db, terminal="012", rules=ShiftRules(), clock=clock)
    shift = shifts.open(cashier, CashCount.of("INR", {10_000: 10}))
    payments = make_service(db, clock)
    taken = pay(payments, cash(300_00, tendered=500_00))
    by_cheque = pay(payments, cheque(200_00))
    shifts.no_sale(shift.shift_id, cashier, "change", approve(db, clock, Action.NO_SALE_OPEN))
    shifts.drop(shift.shift_id, cashier, inr(300_00), "to head cashier")

    # A void (approved), a first and a second (approved) reprint.
    VoidService(db, clock=clock).void(
        by_cheque.payment.receipt_no,
        cashier,
        VoidReason.DUPLICATE,
        approve(db, clock, Action.VOID),
    )
    payments.reprint(taken.payment.receipt_no, cashier)
    payments.reprint(taken.payment.receipt_no, cashier, approve(db, clock, Action.REPRINT_SECOND))

    # The attention list: a supervisor retries a refused payment.
    on_attention_list(db, taken)
    coordinator(terminal, clock).resolve(
        taken.payment.payment_id, Resolution.RETRY, "ravi: fixed", actor=SUPERVISOR
    )

    # Shift close: counted even, payments unsynced (approved).
    shifts.record_count(shift.shift_id, cashier, CashCount.of("INR", {10_000: 10}))
    shifts.close(
        shift.shift_id, cashier, unsynced_approval=approve(db, clock, Action.CLOSE_WITH_UNSYNCED)
    )

    # A settings change (the printer set-up dialog's service); a cashier's is refused unwritten.
    before = len(audit.entries(db))
    with pytest.raises(NotPermittedError):
        terminal.settings_change(cashier).update(terminal.settings, printer_uri="virtual:")
    assert len(audit.entries(db)) == before
    terminal.settings_change(ADMIN).update(terminal.settings, printer_uri="virtual:")

    login.log_out(cashier)

    recorded = actions(db)
    for action in (
        "login",
        "login_failed",
        "locked",
        "lock",
        "unlock",
        "shift_open",
        "approve",
        "drawer_open",
        "drop",
        "void",
        "reprint",
        "attention_resolved",
        "shift_count",
        "shift_close",
        "settings_change",
        "logout",
    ):
        assert action in recorded, action
    assert recorded.count("reprint") == 2
    assert recorded.count("approve") == 4  # no-sale, void, second reprint, unsynced close
    assert recorded.count("login_failed") == 2
    assert audit.verify(db) is None
    by_action = {entry.action: entry for entry in audit.entries(db)}
    assert by_action["settings_change"].actor == ADMIN.login
    assert by_action["settings_change"].detail["printer_uri"] == {"from": None, "to": "virtual:"}
    assert by_action["void"].detail["approved_by"] == SUPERVISOR.login
    assert by_action["locked"].actor == OTHER_CASHIER.login


def test_resolving_an_attention_item_writes_one_entry_in_its_transaction(
    terminal: Terminal, db: CacheDatabase, clock: Clock
) -> None:
    shifts = ShiftService(db, terminal="012", rules=ShiftRules(), clock=clock)
    shifts.open(CASHIER, CashCount.of("INR", {10_000: 1}))
    payments = make_service(db, clock)
    first, second = pay(payments, cash(100_00)), pay(payments, cheque(50_00))
    on_attention_list(db, first, second)
    sync = coordinator(terminal, clock)
    before = audit.entries(db)

    note = "posted by hand at head office, ticket 4411 (Mr. Rao's cheque)"
    sync.resolve(second.payment.payment_id, Resolution.SET_ASIDE, note, actor=SUPERVISOR)

    after = audit.entries(db)
    assert len(after) == len(before) + 1
    entry = after[-1]
    assert (entry.actor, entry.action, entry.at) == (
        SUPERVISOR.login,
        "attention_resolved",
        clock.now,
    )
    assert entry.detail == {
        "item": second.payment.payment_id,
        "kind": "payment",
        "resolution": "set_aside",
        "note_chars": len(note),
    }
    assert "Rao" not in json.dumps(entry.detail)  # the note's length, never its text
    assert audit.verify(db) is None
    item = find_item(db, second.payment.payment_id)
    assert item is not None and item.state is OutboxState.DONE

    # Refused resolutions change nothing and audit nothing: a blank note, an item off the list.
    with pytest.raises(OutboxError):
        sync.resolve(first.payment.payment_id, Resolution.RETRY, "  ", actor=SUPERVISOR)
    with pytest.raises(OutboxError):
        sync.resolve(second.payment.payment_id, Resolution.RETRY, "again", actor=SUPERVISOR)
    assert audit.entries(db) == after
    item = find_item(db, first.payment.payment_id)
    assert item is not None and item.state is OutboxState.ATTENTION
