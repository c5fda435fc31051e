"""A bounced cheque bars the account at the counter, end to end over a real central server.

The counter takes a payment with a cheque and sends it; a supervisor reports the cheque
returned unpaid (POST /api/v1/cheque-bounces); the change feed then carries the account with
its bar, the counter pulls it, and the next cheque for that account is refused with the reason
while cash is still taken. Other accounts in the feed carry no bar (null).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from ebill_central.db.models import AccountRow, BillRow, ChangeRow, ChequeBarRow
from ebill_central.services.rows import account_records
from ebill_core.demo.catalogue import OPERATORS
from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_desktop.services.payment_setup import counter_setup
from ebill_desktop.services.payment_types import PaymentRefusedError, PaymentRequest, TenderInput
from ebill_desktop.services.payments import PaymentService
from ebill_desktop.sync.file_lock import SyncLock
from ebill_desktop.sync.puller import pull_changes
from ebill_desktop.sync.sender import OutboxSender
from tests.sync.conftest import CentralServer, EnrolledTerminal

OFFICE = "SD-014"  # the test terminal's branch BR-A belongs to it
IST = ZoneInfo("Asia/Kolkata")  # the counter's zone: the bar's date is shown in it
BOUNCED_AT = "2026-11-20T11:00:00+05:30"
REASON = "cheque 700123 returned unpaid (NSF)"
REFUSAL = f"Cheques are not accepted for this account since 20/11/2026: {REASON}."


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


def _two_accounts_owing(central: CentralServer) -> tuple[str, str]:
    """Two accounts of the terminal's office with an open bill (the first is paid by cheque)."""
    with central.engine.connect() as connection:
        numbers = connection.scalars(
            select(BillRow.account_no)
            .join(AccountRow, AccountRow.account_no == BillRow.account_no)
            .where(
                AccountRow.office_code == OFFICE,
                BillRow.status == "open",
                BillRow.net_payable_minor > 1000,
            )
            .order_by(BillRow.account_no)
            .distinct()
            .limit(2)
        ).all()
        connection.rollback()
    assert len(numbers) == 2, "the seeded utility has open bills in the office"
    return numbers[0], numbers[1]


def _latest_account_payload(central: CentralServer, number: str) -> dict[str, object]:
    with central.engine.connect() as connection:
        payload = connection.scalar(
            select(ChangeRow.payload)
            .where(ChangeRow.entity == "account", ChangeRow.key == number)
            .order_by(ChangeRow.change_id.desc())  # a new change may not have its seq yet
            .limit(1)
        )
        connection.rollback()
    assert payload is not None
    loaded: dict[str, object] = json.loads(payload)
    return loaded


def _pull(terminal: EnrolledTerminal) -> None:
    with terminal.connection() as connection:
        report = pull_changes(terminal.db, connection, page_size=2000)
    assert report.complete


def _send(terminal: EnrolledTerminal) -> None:
    with SyncLock(terminal.paths.data_dir) as lock, terminal.connection() as connection:
        report = OutboxSender(terminal.db, connection, lock).send_due()
    assert (report.done, report.attention, report.failure) == (1, 0, None)


def test_a_bounced_cheque_reaches_the_counter_which_then_refuses_cheques(
    central: CentralServer, terminal: EnrolledTerminal
) -> None:
    _pull(terminal)  # the first sync
    barred, other = _two_accounts_owing(central)
    settings = terminal.store.load().settings
    setup = counter_setup(settings, terminal.db, utility_name="Test utility", tz=IST)
    service = PaymentService(terminal.db, setup)
    cashier = OPERATORS[0].login

    # 1. The counter takes part cash, part cheque, and sends it to head office.
    draft = service.open(barred, cashier, online=True)
    assert draft.cheque_barred is None
    due = draft.total_due.minor
    part = due // 2
    cash = TenderInput(TenderKind.CASH, _inr(due - part))
    done = service.confirm(draft, PaymentRequest(_inr(due), (cash, _cheque(part, "700123"))))
    _send(terminal)

    # 2. The cheque comes back unpaid: a supervisor reports it.
    bounce = {
        "bounce_id": str(uuid.uuid4()),
        "payment_id": done.payment.payment_id,
        "tender_position": None,
        "cheque_no": "700123",
        "reason_code": "NSF",
        "approver": OPERATORS[1].login,
        "at": BOUNCED_AT,
    }
    with terminal.connection() as connection:
        answer = connection.request("POST", "/cheque-bounces", json_body=bounce).json()
    assert (answer["status"], answer["cheque_barred"]) == ("applied", True)

    # 3. The feed carries the bar on that account, and null on the others.
    sent = _latest_account_payload(central, barred)
    assert sent["cheque_barred"] == REASON
    assert datetime.fromisoformat(str(sent["cheque_barred_since"])) == datetime.fromisoformat(
        BOUNCED_AT
    )
    untouched = _latest_account_payload(central, other)
    assert untouched["cheque_barred"] is None and untouched["cheque_barred_since"] is None

    # 4. The counter pulls it; the next cheque for that account is refused with the reason.
    _pull(terminal)
    draft = service.open(barred, cashier, online=True)
    assert draft.cheque_barred == REASON and REFUSAL in draft.warnings
    owed = draft.total_due.minor
    by_cheque = PaymentRequest(_inr(owed), (_cheque(owed, "700124"),))
    assert service.preview(draft, by_cheque).problems == (f"Cheque (tender 1): {REFUSAL}",)
    with pytest.raises(PaymentRefusedError) as refused:
        service.confirm(draft, by_cheque)
    assert refused.value.problems == (f"Cheque (tender 1): {REFUSAL}",)
    # Cash is still taken; another account still pays by cheque.
    by_cash = PaymentRequest(_inr(owed), (TenderInput(TenderKind.CASH, _inr(owed)),))
    assert service.confirm(draft, by_cash).payment.amount == _inr(owed)
    elsewhere = service.open(other, cashier, online=True)
    assert elsewhere.cheque_barred is None
    amount = elsewhere.total_due.minor
    check = service.preview(elsewhere, PaymentRequest(_inr(amount), (_cheque(amount, "700125"),)))
    assert check.ok, check.problems


def test_account_records_read_every_bar_in_one_query(central: CentralServer) -> None:
    """The builder of account records joins the bars in: one statement for any number."""
    since = datetime.fromisoformat(BOUNCED_AT)
    with Session(central.engine) as session:
        numbers = session.scalars(select(AccountRow.account_no)).all()
        session.add(ChequeBarRow(account_no=numbers[3], reason=REASON, since=since, bounce_id="b"))
        session.flush()
        statements: list[str] = []

        def count(*args: object) -> None:
            statements.append(str(args[2]))

        event.listen(central.engine, "before_cursor_execute", count)
        try:
            records = account_records(session, [*reversed(numbers), numbers[0]])
        finally:
            event.remove(central.engine, "before_cursor_execute", count)
        session.rollback()
    assert len(statements) == 1 and "cheque_bars" in statements[0]
    assert [r.account_no for r in records] == sorted(numbers)  # each once, in order
    bars = {r.account_no: (r.cheque_barred, r.cheque_barred_since) for r in records}
    assert bars.pop(numbers[3]) == (REASON, since)
    assert set(bars.values()) == {(None, None)}
