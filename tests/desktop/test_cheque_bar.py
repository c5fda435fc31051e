"""A cheque-barred account at the counter: cheques and drafts refused with the reason, cash taken.

Real cache files (the payment tests' template), the bar written by the bundle importer as the
first sync writes it, read back through the account summary into the payment draft.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from ebill_core.protocol import TenderKind
from ebill_desktop.services.account_summary import AccountSummaryService
from ebill_desktop.services.payment_types import PaymentRefusedError, PaymentRequest, TenderInput
from ebill_desktop.storage.bundle_import import add_account_bundle
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.ui.payment_view import PaymentView
from ebill_desktop.ui.tasks import TaskRunner
from tests.desktop.factories import account_no, inr, make_bundle
from tests.desktop.test_payment_helpers import (
    BILL_1_OWED,
    DUE,
    cash,
    cheque,
    counts,
    make_cache,
    make_service,
)

BARRED = account_no(2)
REASON = "cheque 700123 returned unpaid (NSF)"
# 01:30 on 8 March at the counter (IST), still the 7th in UTC: the date shown is the local one.
SINCE = datetime(2024, 3, 7, 20, 0, tzinfo=UTC)
REFUSAL = f"Cheques are not accepted for this account since 08/03/2024: {REASON}."


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    bundle = make_bundle(2)
    barred = replace(bundle.account, cheque_barred=REASON, cheque_barred_since=SINCE)
    add_account_bundle(cache, replace(bundle, account=barred))
    yield cache
    cache.close()


def test_the_cache_keeps_the_bar_as_the_feed_sent_it(db: CacheDatabase) -> None:
    summary = AccountSummaryService(db).summary(BARRED)
    assert summary is not None
    assert summary.account.cheque_barred == REASON
    assert summary.account.cheque_barred_since == SINCE
    other = AccountSummaryService(db).summary(account_no(1))
    assert other is not None
    assert (other.account.cheque_barred, other.account.cheque_barred_since) == (None, None)


def test_a_barred_accounts_cheque_is_refused_with_the_reason(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(BARRED, "asha", online=True)
    assert (draft.cheque_barred, draft.cheque_barred_since) == (REASON, date(2024, 3, 8))
    assert REFUSAL in draft.warnings  # shown before any tender is entered
    due = draft.total_due.minor
    request = PaymentRequest(inr(due), (cheque(due),))
    preview = service.preview(draft, request)
    assert preview.problems == (f"Cheque (tender 1): {REFUSAL}",)
    assert preview.tenders == ()
    before = counts(db)
    with pytest.raises(PaymentRefusedError) as refused:
        service.confirm(draft, request)
    assert refused.value.problems == preview.problems
    assert counts(db) == before  # nothing written


def test_a_demand_draft_is_refused_too_and_each_instrument_says_so(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(BARRED, "asha", online=True)
    due = draft.total_due.minor
    half = due // 2
    dd = replace(cheque(due - half, number="654321"), kind=TenderKind.DEMAND_DRAFT)
    preview = service.preview(draft, PaymentRequest(inr(due), (cheque(half), dd)))
    assert preview.problems == (
        f"Cheque (tender 1): {REFUSAL}",
        f"Demand draft (tender 2): {REFUSAL}",
    )


def test_cash_and_a_postal_order_are_still_taken_from_a_barred_account(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(BARRED, "asha", online=True)
    due = draft.total_due.minor
    order = TenderInput(
        TenderKind.POSTAL_ORDER, inr(100), reference="PO123456", instrument_date=date(2024, 3, 1)
    )
    request = PaymentRequest(inr(due), (cash(due - 100), order))
    preview = service.preview(draft, request)
    assert preview.ok, preview.problems
    done = service.confirm(draft, request)
    assert done.payment.account_no == BARRED and done.payment.amount == inr(due)


def test_an_account_without_a_bar_takes_cheques(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(account_no(1), "asha", online=True)
    assert draft.cheque_barred is None and not draft.warnings
    request = PaymentRequest(inr(DUE), (cheque(BILL_1_OWED), cheque(DUE - BILL_1_OWED)))
    preview = service.preview(draft, request)
    assert preview.ok, preview.problems
    assert [t.kind for t in preview.tenders] == [TenderKind.CHEQUE, TenderKind.CHEQUE]


def test_a_bar_lifted_by_head_office_lets_cheques_in_again(db: CacheDatabase) -> None:
    add_account_bundle(db, make_bundle(2))  # the feed sends the account without its bar
    service = make_service(db)
    draft = service.open(BARRED, "asha", online=True)
    assert draft.cheque_barred is None and draft.cheque_barred_since is None
    due = draft.total_due.minor
    preview = service.preview(draft, PaymentRequest(inr(due), (cheque(due),)))
    assert preview.ok, preview.problems


def test_the_payment_view_turns_cheques_off_for_a_barred_account(
    qtbot: QtBot, db: CacheDatabase
) -> None:
    runner = TaskRunner()
    view = PaymentView(make_service(db), runner)
    qtbot.addWidget(view)
    try:
        with qtbot.waitSignal(view.draft_shown, timeout=10_000):
            view.start(BARRED, "asha", online=True)
        off = [TenderKind.CHEQUE, TenderKind.DEMAND_DRAFT]
        assert [view.add_buttons[k].isEnabled() for k in off] == [False, False]
        assert view.add_buttons[TenderKind.CASH].isEnabled()
        assert view.add_buttons[TenderKind.POSTAL_ORDER].isEnabled()
        assert REFUSAL in view.warnings.text()
        assert view.add_tender(TenderKind.CHEQUE) is None  # Ctrl+Q does nothing either
        # The next consumer, not barred: the buttons are back.
        with qtbot.waitSignal(view.draft_shown, timeout=10_000):
            view.start(account_no(1), "asha", online=True)
        assert [view.add_buttons[k].isEnabled() for k in off] == [True, True]
        assert view.add_tender(TenderKind.CHEQUE) is not None
    finally:
        view.abandon()
        assert runner.shutdown(10_000)


def test_a_bar_that_arrives_while_the_payment_view_is_open_applies_at_confirm(
    db: CacheDatabase,
) -> None:
    service = make_service(db)
    draft = service.open(account_no(1), "asha", online=True)  # no bar yet: cheques allowed
    due = draft.total_due.minor
    request = PaymentRequest(inr(due), (cheque(due),))
    assert service.preview(draft, request).ok
    with db.write_transaction() as connection:  # the feed brings the bar meanwhile
        connection.exec_driver_sql(
            "UPDATE accounts SET cheque_barred = ?, cheque_barred_since = ? WHERE account_no = ?",
            (REASON, SINCE.isoformat(), account_no(1)),
        )
    before = counts(db)
    with pytest.raises(PaymentRefusedError) as refused:
        service.confirm(draft, request)
    assert refused.value.problems == (f"Cheque (tender 1): {REFUSAL}",)
    assert counts(db) == before
