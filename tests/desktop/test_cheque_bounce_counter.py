"""A supervisor records a bounced cheque at the counter; it reaches head office and comes back as
a cheque bar, end to end over a real central server (the fixtures of tests/sync).

The counter takes a payment part cash, part cheque and sends it; the supervisor reports the
cheque bounced (NSF) with ChequeBounceService: audited and queued as a ``cheque_bounce`` outbox
item, which the sender posts to POST /api/v1/cheque-bounces; head office bars the account, the
counter pulls the bar and refuses the next cheque for that account. Refusals change nothing.
"""

# ruff: noqa: F811
from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from ebill_central.db.models import AccountRow, BillRow
from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.security.credentials import find_operator
from ebill_desktop.services.cheque_bounce import ChequeBounceError, ChequeBounceService
from ebill_desktop.services.payment_setup import counter_setup
from ebill_desktop.services.payment_types import PaymentRequest, TenderInput
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.outbox import OutboxKind, OutboxState, find_item, pending_items
from ebill_desktop.sync.puller import pull_changes
from ebill_desktop.sync.sender import OutboxSender, SendReport

# The fixtures of tests/sync (a real central server, an enrolled terminal), used here by name;
# pytest registers a fixture under the name it is imported as, so the test parameters shadow
# these imports on purpose (F811).
from tests.sync.conftest import (  # noqa: F401
    CentralServer,
    EnrolledTerminal,
    _platform_keyring_is_memory,
    central,
    central_template,
    terminal,
)

IST = ZoneInfo("Asia/Kolkata")
REASON = "cheque 700123 returned unpaid (NSF)"
REFUSAL = "Cheques are not accepted for this account since"


def _inr(minor: int) -> Money:
    return Money(minor, "INR")


def _cheque(minor: int, number: str) -> TenderInput:
    return TenderInput(
        TenderKind.CHEQUE,
        _inr(minor),
        reference=number,
        bank="State Bank of India",
        bank_branch="MG Road",
        instrument_date=datetime.now(IST).date(),
    )


def _accounts_owing(central: CentralServer) -> tuple[str, str]:
    with central.engine.connect() as connection:
        numbers = connection.scalars(
            select(BillRow.account_no)
            .join(AccountRow, AccountRow.account_no == BillRow.account_no)
            .where(
                AccountRow.office_code == "SD-014",
                BillRow.status == "open",
                BillRow.net_payable_minor > 1000,
            )
            .order_by(BillRow.account_no)
            .distinct()
            .limit(2)
        ).all()
        connection.rollback()
    assert len(numbers) == 2
    return numbers[0], numbers[1]


def _pull(terminal: EnrolledTerminal) -> None:
    with terminal.connection() as connection:
        assert pull_changes(terminal.db, connection, page_size=2000).complete


def _send(terminal: EnrolledTerminal) -> SendReport:
    with SyncLock(terminal.paths.data_dir) as lock, terminal.connection() as connection:
        return OutboxSender(terminal.db, connection, lock).send_due()


def _bounce_audit(terminal: EnrolledTerminal) -> list[tuple[str, dict[str, object]]]:
    rows = terminal.db.reader().execute(
        "SELECT actor, detail_json FROM audit_log WHERE action = 'cheque_bounce' ORDER BY seq"
    )
    return [(actor, json.loads(detail)) for actor, detail in rows.fetchall()]


def test_a_bounce_recorded_at_the_counter_bars_the_account_there(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    _pull(terminal)
    barred, other = _accounts_owing(central)
    setup = counter_setup(
        terminal.store.load().settings, terminal.db, utility_name="Test utility", tz=IST
    )
    payments = PaymentService(terminal.db, setup)
    bounces = ChequeBounceService(terminal.db)
    cashier = find_operator(terminal.db, "cashier")
    supervisor = find_operator(terminal.db, "supervisor")
    assert cashier is not None and supervisor is not None

    # A payment part cash, part cheque (tender 2), sent to head office.
    draft = payments.open(barred, cashier.login, online=True)
    due = draft.total_due.minor
    part = due // 2
    cash = TenderInput(TenderKind.CASH, _inr(due - part))
    taken = payments.confirm(draft, PaymentRequest(_inr(due), (cash, _cheque(part, "700123"))))
    receipt = taken.payment.receipt_no
    # Not yet taken by head office: refused.
    with pytest.raises(ChequeBounceError, match="Head office has not taken"):
        bounces.record(supervisor, receipt, 2)
    assert _send(terminal).done == 1

    # Refusals change nothing: a cashier, the cash tender, a tender that is not there.
    with pytest.raises(NotPermittedError):
        bounces.record(cashier, receipt, 2)
    with pytest.raises(ChequeBounceError, match="not a cheque"):
        bounces.record(supervisor, receipt, 1)
    with pytest.raises(ChequeBounceError, match="tenders 1 to 2"):
        bounces.record(supervisor, receipt, 3)
    with pytest.raises(ChequeBounceError, match="no receipt"):
        bounces.record(supervisor, "BR-X-99-000001", 2)
    assert pending_items(terminal.db, OutboxKind.CHEQUE_BOUNCE) == []
    assert _bounce_audit(terminal) == []

    # The supervisor reports the cheque bounced: queued and audited, once only.
    message = bounces.record(supervisor, receipt, 2)
    assert (message.tender_position, message.cheque_no, message.reason_code) == (1, "700123", "NSF")
    assert message.payment_id == taken.payment.payment_id
    (audited,) = _bounce_audit(terminal)
    assert audited[0] == "supervisor"
    assert audited[1]["receipt_no"] == receipt and audited[1]["bounce_id"] == message.bounce_id
    with pytest.raises(ChequeBounceError, match="reported bounced before"):
        bounces.record(supervisor, receipt, 2)
    assert len(pending_items(terminal.db, OutboxKind.CHEQUE_BOUNCE)) == 1

    # The sender posts it; head office applies it and bars the account.
    report = _send(terminal)
    assert (report.done, report.attention, report.failure) == (1, 0, None)
    item = find_item(terminal.db, message.bounce_id)
    assert item is not None and item.state is OutboxState.DONE
    answer = item.answer()
    assert answer is not None
    assert (answer["status"], answer["cheque_barred"]) == ("applied", True)
    assert answer["cheque"] == {"minor": part, "currency": "INR"}

    # The bar comes back in the feed: the next cheque for that account is refused.
    _pull(terminal)
    again = payments.open(barred, cashier.login, online=True)
    assert again.cheque_barred == REASON
    owed = again.total_due.minor
    check = payments.preview(again, PaymentRequest(_inr(owed), (_cheque(owed, "700124"),)))
    assert not check.ok and REFUSAL in check.problems[0]
    assert payments.open(other, cashier.login, online=True).cheque_barred is None
