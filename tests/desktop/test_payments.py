"""The payment service's flows on a real cache file: what is written, what the receipt says."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from ebill_core.protocol import PaymentStatus, TenderKind, payment_from_wire
from ebill_core.receipt import ReceiptStatus
from ebill_core.records import BillStatus, ExactnessPolicy, PaymentPosting
from ebill_desktop.services.payment_sync import record_central_answers
from ebill_desktop.services.payment_types import (
    AccountNotFoundError,
    PaymentRequest,
    PaymentRules,
    TenderInput,
)
from ebill_desktop.storage.bundle_import import add_account_bundle
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.outbox import Answer, OutboxState, pending_items, record_answers
from tests.desktop.factories import account_no, bill_no, inr, make_bill, make_bundle, operator
from tests.desktop.test_payment_helpers import (
    BILL_1_OWED,
    BILL_2_OWED,
    DUE,
    NOW,
    Clock,
    cash,
    cheque,
    counts,
    make_cache,
    make_service,
    set_policy,
)

ACCOUNT = account_no(1)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    yield cache
    cache.close()


def test_open_lists_the_open_bills_oldest_first_with_what_they_owe(db: CacheDatabase) -> None:
    draft = make_service(db).open(f" {ACCOUNT} ", "asha", online=True)
    assert [b.bill_no for b in draft.bills] == [bill_no(1, 1), bill_no(1, 2)]
    assert [b.outstanding.total.minor for b in draft.bills] == [BILL_1_OWED, BILL_2_OWED]
    assert draft.total_due == inr(DUE)
    assert draft.policy is ExactnessPolicy.ANY
    assert draft.consumer_name == "Ravi Kumar"
    assert draft.masked_mobile == "98••••••10"
    assert not draft.offline and draft.offline_standing is None
    assert draft.warnings == ()
    assert draft.payment_id != make_service(db).open(ACCOUNT, "asha", online=True).payment_id


def test_an_unknown_account_cannot_be_opened(db: CacheDatabase) -> None:
    with pytest.raises(AccountNotFoundError, match="No account 999"):
        make_service(db).open("999", "asha", online=True)
    with pytest.raises(AccountNotFoundError):
        make_service(db).open("   ", "asha", online=True)


def test_cash_with_change_commits_everything_in_one_go(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    request = PaymentRequest(inr(DUE), (cash(DUE, tendered=120000),))

    preview = service.preview(draft, request)
    assert preview.ok, preview.problems
    assert preview.change == inr(120000 - DUE)
    assert preview.balance_after == inr(0)

    done = service.confirm(draft, request)

    payment, receipt = done.payment, done.receipt
    assert payment.payment_id == draft.payment_id
    assert (payment.terminal_seq, payment.receipt_no) == (
        1,
        "0140-012-00000001-" + receipt.receipt_no[-1],
    )
    assert payment.amount == inr(DUE) and payment.change == inr(120000 - DUE)
    assert [(a.bill_no, a.component, a.amount.minor) for a in payment.allocations] == [
        (bill_no(1, 1), "current", BILL_1_OWED),
        (bill_no(1, 2), "current", BILL_2_OWED),
    ]
    assert receipt.status is ReceiptStatus.PROVISIONAL
    assert not receipt.taken_offline  # taken online: "PROVISIONAL", not "OFFLINE - ..."
    assert receipt.amount_paid == inr(DUE) and receipt.balance_after == inr(0)
    assert receipt.amount_in_words == "Rupees One Thousand One Hundred Three Only"
    assert receipt.change == inr(120000 - DUE)
    assert receipt.cashier == "Asha Rao"
    assert receipt.taken_at.utcoffset() == timedelta(hours=5, minutes=30)
    assert not payment.receipt.printed
    # The outbox carries the same payment, one allocation per bill, in the seen version.
    (item,) = pending_items(db)
    message = payment_from_wire(item.body())
    assert (message.payment_id, message.terminal_seq) == (draft.payment_id, 1)
    assert [(a.bill_no, a.bill_version, a.amount.minor) for a in message.allocations] == [
        (bill_no(1, 1), 1, BILL_1_OWED),
        (bill_no(1, 2), 1, BILL_2_OWED),
    ]
    assert message.tenders[0].tendered == inr(120000)


def test_split_cash_and_cheque(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=False)
    request = PaymentRequest(inr(DUE), (cheque(100000), cash(DUE - 100000, tendered=20000)))
    done = service.confirm(draft, request)
    kinds = [(t.kind, t.amount.minor) for t in done.payment.tenders]
    assert kinds == [(TenderKind.CHEQUE, 100000), (TenderKind.CASH, DUE - 100000)]
    cheque_line = done.receipt.tenders[0]
    assert (cheque_line.reference, cheque_line.bank, cheque_line.instrument_date) == (
        "123456",
        "State Bank of India",
        date(2024, 3, 1),
    )
    assert done.payment.tenders[0].ifsc == "SBIN0001234"
    assert done.receipt.change == inr(20000 - (DUE - 100000))
    assert done.payment.offline


def test_partial_payment_pays_the_oldest_bill_first(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    done = service.confirm(draft, PaymentRequest(inr(30000), (cash(30000),)))
    assert [(a.bill_no, a.amount.minor) for a in done.payment.allocations] == [
        (bill_no(1, 1), 30000)
    ]
    assert done.receipt.balance_after == inr(DUE - 30000)
    # The next payment sees what this counter took, before head office posts it.
    again = service.open(ACCOUNT, "asha", online=True)
    assert again.total_due == inr(DUE - 30000)
    assert again.bills[0].outstanding.total == inr(BILL_1_OWED - 30000)
    assert any("Already paid today at this counter" in w for w in again.warnings)


def test_advance_goes_to_credit_and_is_not_allocated_to_a_bill(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    done = service.confirm(draft, PaymentRequest(inr(DUE + 5000), (cash(DUE + 5000),)))
    advance = done.payment.allocations[-1]
    assert (advance.bill_no, advance.component, advance.amount) == (None, "advance", inr(5000))
    assert done.receipt.balance_after == inr(-5000)
    assert done.receipt.allocations[-1].label == "advance"
    (item,) = pending_items(db)
    assert sum(a.amount.minor for a in payment_from_wire(item.body()).allocations) == DUE


def test_one_of_two_bills_can_be_paid_alone(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    request = PaymentRequest(inr(BILL_2_OWED), (cash(BILL_2_OWED),), bills=(bill_no(1, 2),))
    done = service.confirm(draft, request)
    assert [(a.bill_no, a.amount.minor) for a in done.payment.allocations] == [
        (bill_no(1, 2), BILL_2_OWED)
    ]
    assert [b.bill_no for b in done.receipt.bills] == [bill_no(1, 2)]
    assert done.receipt.amount_due == inr(BILL_2_OWED)
    assert done.receipt.balance_after == inr(BILL_1_OWED)


def test_a_bill_amended_centrally_meanwhile_is_still_paid_in_the_version_seen(
    db: CacheDatabase,
) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    amended = replace(make_bill(1, 2, status=BillStatus.OPEN), version=2, arrears=inr(999))
    bundle = make_bundle(1)
    add_account_bundle(db, replace(bundle, bills=(*bundle.bills[:2], amended)))
    done = service.confirm(draft, PaymentRequest(inr(DUE), (cash(DUE),)))
    assert {a.bill_no: a.bill_version for a in done.payment.allocations} == {
        bill_no(1, 1): 1,
        bill_no(1, 2): 1,
    }
    (item,) = pending_items(db)
    assert [a.bill_version for a in payment_from_wire(item.body()).allocations] == [1, 1]


def test_a_category_that_must_pay_exactly_is_refused_another_amount(db: CacheDatabase) -> None:
    set_policy(db, ExactnessPolicy.EXACT)
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    preview = service.preview(draft, PaymentRequest(inr(1000), (cash(1000),)))
    assert preview.plan is None
    assert preview.problems == ("This category must pay exactly ₹1,103.00.",)


def test_paid_today_elsewhere_is_a_warning(db: CacheDatabase) -> None:
    posting = PaymentPosting(
        "00000000-0000-4000-8000-000000000777",
        ACCOUNT,
        NOW - timedelta(hours=1),
        inr(20000),
        "online",
        "BBPS",
    )
    bundle = make_bundle(1)
    add_account_bundle(db, replace(bundle, postings=(posting,)))
    draft = make_service(db).open(ACCOUNT, "asha", online=True)
    assert draft.warnings == ("Already paid today online: ₹200.00 at 09:00.",)


def test_head_offices_answer_confirms_the_receipt(db: CacheDatabase) -> None:
    service = make_service(db)
    done = service.confirm(
        service.open(ACCOUNT, "asha", online=True), PaymentRequest(inr(DUE), (cash(DUE),))
    )
    assert [p.payment_id for p in service.unsynced()] == [done.payment.payment_id]
    answer = json.dumps({"status": "posted", "payment_id": done.payment.payment_id})
    with db.write_transaction() as connection:
        record_answers(connection, [Answer(done.payment.payment_id, OutboxState.DONE, answer)], NOW)
    found = service.find_receipt(done.payment.receipt_no.replace("-", " "))
    assert found is not None
    assert found.payment.central_status is PaymentStatus.POSTED
    assert found.receipt.status is ReceiptStatus.CONFIRMED
    assert service.unsynced() == []
    with db.write_transaction() as connection:
        assert record_central_answers(connection) == 1
        assert record_central_answers(connection) == 0
    row = db.reader().execute("SELECT central_status, central_at FROM payments").fetchone()
    assert row[0] == "posted" and row[1] is not None


def test_history_and_receipt_lookup(db: CacheDatabase) -> None:
    clock = Clock()
    service = make_service(db, clock)
    first = service.confirm(
        service.open(ACCOUNT, "asha", online=True), PaymentRequest(inr(100), (cash(100),))
    )
    clock.now = NOW + timedelta(minutes=5)
    second = service.confirm(
        service.open(ACCOUNT, "asha", online=True), PaymentRequest(inr(200), (cash(200),))
    )
    history = service.history(ACCOUNT)
    assert [h.payment.payment_id for h in history] == [
        second.payment.payment_id,
        first.payment.payment_id,
    ]
    assert history[1].receipt == first.receipt
    assert service.find_receipt("0140-012-00000009-0") is None
    assert service.find_receipt("not a number") is None
    assert service.history("nobody") == []
    assert {c.payment.receipt_no for c in service.unprinted()} == {
        first.payment.receipt_no,
        second.payment.receipt_no,
    }


def test_print_outcomes_and_reprints_are_recorded(db: CacheDatabase) -> None:
    service = make_service(db)
    done = service.confirm(
        service.open(ACCOUNT, "asha", online=True), PaymentRequest(inr(100), (cash(100),))
    )
    number = done.payment.receipt_no
    service.mark_print_failed(number, "asha", "printer out of paper")
    failed = service.find_receipt(number)
    assert failed is not None
    assert (failed.payment.receipt.printed, failed.payment.receipt.last_error) == (
        False,
        "printer out of paper",
    )
    duplicate = service.reprint(number, operator())
    assert duplicate.copy.reprint == 1 and duplicate.copy.duplicate
    service.mark_printed(number, "asha", copy_no=1)
    state = service.find_receipt(number)
    assert state is not None
    assert state.payment.receipt.printed and state.payment.receipt.reprint_count == 1
    assert state.payment.receipt.print_attempts == 2 and state.payment.receipt.last_error is None
    assert state.receipt.copy.reprint == 0  # the view mirrors the original
    prints = (
        db.reader()
        .execute("SELECT copy_no, outcome, operator FROM receipt_prints ORDER BY id")
        .fetchall()
    )
    assert prints == [(0, "failed", "asha"), (1, "printed", "asha")]
    assert service.unprinted() == []


def test_unknown_receipts_and_copies_never_issued_are_refused(db: CacheDatabase) -> None:
    from ebill_desktop.services.payment_types import PaymentError, ReceiptNotFoundError

    service = make_service(db)
    done = service.confirm(
        service.open(ACCOUNT, "asha", online=True), PaymentRequest(inr(100), (cash(100),))
    )
    before = counts(db)
    with pytest.raises(ReceiptNotFoundError):
        service.reprint("0140-012-00000009-0", operator())
    with pytest.raises(ReceiptNotFoundError):
        service.mark_printed("garbage", "asha")
    with pytest.raises(PaymentError, match="never issued"):
        service.mark_printed(done.payment.receipt_no, "asha", copy_no=3)
    with pytest.raises(PaymentError, match="who printed"):
        service.mark_printed(done.payment.receipt_no, "  ")
    assert counts(db) == before


def test_sequence_numbers_have_no_gaps_after_refused_payments(db: CacheDatabase) -> None:
    service = make_service(db, rules=PaymentRules())
    seqs = []
    for amount in (100, 0, 200, -5, 300):
        draft = service.open(ACCOUNT, "asha", online=True)
        with contextlib.suppress(ValueError):
            seqs.append(
                service.confirm(
                    draft, PaymentRequest(inr(amount), (cash(amount),))
                ).payment.terminal_seq
            )
    assert seqs == [1, 2, 3]
    row = db.reader().execute("SELECT next_value FROM terminal_counters").fetchone()
    assert row[0] == 4


def test_cash_at_the_ceiling_is_refused(db: CacheDatabase) -> None:
    bundle = make_bundle(1)
    big = replace(
        make_bill(1, 2, status=BillStatus.OPEN),
        net_payable=inr(50_00_000_00),
        current_charges=inr(50_00_000_00),
    )
    add_account_bundle(db, replace(bundle, bills=(bundle.bills[0], big)))
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    ok = service.preview(draft, PaymentRequest(inr(1_99_999_99), (cash(1_99_999_99),)))
    assert ok.ok, ok.problems
    refused = service.preview(draft, PaymentRequest(inr(2_00_000_00), (cash(2_00_000_00),)))
    assert refused.problems == (
        "Cash of ₹2,00,000.00 or more cannot be taken in one payment (₹2,00,000.00 entered): "
        "take the rest by cheque, draft or bank transfer.",
    )
    split = service.preview(
        draft,
        PaymentRequest(inr(2_50_000_00), (cash(1_50_000_00), cash(1_00_000_00))),
    )
    assert not split.ok
    mixed = service.preview(
        draft, PaymentRequest(inr(2_50_000_00), (cash(1_50_000_00), cheque(1_00_000_00)))
    )
    assert mixed.ok, mixed.problems


def test_card_and_upi_without_an_approval_are_refused_with_the_reason(db: CacheDatabase) -> None:
    service = make_service(db)
    card = TenderInput(TenderKind.CARD, inr(DUE), card_request_id="req-1")
    offline = service.preview(
        service.open(ACCOUNT, "asha", online=False), PaymentRequest(inr(DUE), (card,))
    )
    assert any("needs the link to head office" in p for p in offline.problems)
    upi = TenderInput(TenderKind.UPI, inr(DUE))
    online = service.preview(
        service.open(ACCOUNT, "asha", online=True), PaymentRequest(inr(DUE), (upi,))
    )
    assert online.problems == (
        "UPI (tender 1): UPI is taken on the payment terminal first: start the UPI payment "
        "there, then confirm once it is approved.",
    )
