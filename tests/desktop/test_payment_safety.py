"""A payment is taken once, never half, and only within the rules: idempotency, threads, bad
input, the offline policy, and a crash between commit and print."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from ebill_core.money import Money
from ebill_core.protocol import TenderKind
from ebill_desktop.services.payment_types import (
    PaymentRefusedError,
    PaymentRequest,
    PaymentRules,
    TenderInput,
)
from ebill_desktop.storage.database import CacheDatabase, open_cache, set_data_as_of
from ebill_desktop.sync.outbox import Answer, OutboxState, pending_items, record_answers
from tests.desktop.factories import account_no, inr, operator
from tests.desktop.test_payment_helpers import (
    DUE,
    NOW,
    POLICY,
    Clock,
    cash,
    cheque,
    counts,
    make_cache,
    make_service,
)

ACCOUNT = account_no(1)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    yield cache
    cache.close()


# -- idempotency and concurrency ----------------------------------------------------------------


def test_a_second_confirm_of_the_same_draft_returns_the_first_payment(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    first = service.confirm(draft, PaymentRequest(inr(DUE), (cash(DUE),)))
    # Even a different request (a second Enter after an edit) gives back the first payment.
    second = service.confirm(draft, PaymentRequest(inr(500), (cash(500),)))
    assert second == first
    assert counts(db)["payments"] == 1 and len(pending_items(db)) == 1


def test_concurrent_confirms_from_two_threads_take_one_payment(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    request = PaymentRequest(inr(DUE), (cash(DUE),))
    results: list[object] = []
    start = threading.Barrier(4)

    def confirm() -> None:
        start.wait()
        results.append(service.confirm(draft, request))

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(r == results[0] for r in results)
    assert counts(db)["payments"] == 1 and counts(db)["outbox"] == 1


def test_different_payments_from_threads_get_distinct_gap_free_numbers(db: CacheDatabase) -> None:
    service = make_service(db)
    drafts = [service.open(ACCOUNT, "asha", online=True) for _ in range(6)]
    numbers: list[int] = []

    def confirm(index: int) -> None:
        done = service.confirm(drafts[index], PaymentRequest(inr(100), (cash(100),)))
        numbers.append(done.payment.terminal_seq)

    threads = [threading.Thread(target=confirm, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]


# -- bad input changes nothing ------------------------------------------------------------------

BAD_REQUESTS = {
    "negative": (PaymentRequest(inr(-100), (cash(-100),)), "more than zero"),
    "zero": (PaymentRequest(inr(0), (cash(0),)), "greater than zero"),
    "no tender": (PaymentRequest(inr(100), ()), "Add a tender"),
    "malformed cheque date": (
        PaymentRequest(inr(1000), (cheque(1000, dated="31/02/2024"),)),
        "not a date of the calendar",
    ),
    "unreadable cheque date": (
        PaymentRequest(inr(1000), (cheque(1000, dated="yesterday"),)),
        "is not a date",
    ),
    "post-dated cheque": (
        PaymentRequest(inr(1000), (cheque(1000, dated=date(2024, 3, 11)),)),
        "post-dated",
    ),
    "stale cheque": (
        PaymentRequest(inr(1000), (cheque(1000, dated=date(2023, 12, 10)),)),
        "stale",
    ),
    "bad IFSC": (PaymentRequest(inr(1000), (cheque(1000, ifsc="SBIN1234"),)), "IFSC"),
    "cheque number": (PaymentRequest(inr(1000), (cheque(1000, number="12a"),)), "6 digits"),
    "cheque without bank": (PaymentRequest(inr(1000), (cheque(1000, bank=None),)), "bank"),
    "too many tenders": (PaymentRequest(inr(1100), tuple(cash(100) for _ in range(11))), "at most"),
    "tenders short": (PaymentRequest(inr(1000), (cash(900),)), "₹1.00 still to tender"),
    "tendered less": (PaymentRequest(inr(1000), (cash(1000, tendered=500),)), "less than"),
    "other currency": (
        PaymentRequest(inr(100), (TenderInput(TenderKind.CASH, Money(100, "USD")),)),
        "in USD",
    ),
    "unknown bill": (PaymentRequest(inr(100), (cash(100),), bills=("nope",)), "Not an open bill"),
    "transfer without UTR": (
        PaymentRequest(
            inr(100),
            (TenderInput(TenderKind.BANK_TRANSFER, inr(100), instrument_date=date(2024, 3, 9)),),
        ),
        "bank transfer number",
    ),
}


@pytest.mark.parametrize("case", list(BAD_REQUESTS), ids=list(BAD_REQUESTS))
def test_bad_input_is_refused_with_a_reason_and_changes_nothing(
    db: CacheDatabase, case: str
) -> None:
    request, reason = BAD_REQUESTS[case]
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    before = counts(db)
    assert any(reason in p for p in service.preview(draft, request).problems), case
    with pytest.raises(PaymentRefusedError) as refused:
        service.confirm(draft, request)
    assert any(reason in p for p in refused.value.problems)
    assert counts(db) == before
    # The same draft can still be confirmed once the input is right.
    assert service.confirm(draft, PaymentRequest(inr(100), (cash(100),))).payment.terminal_seq == 1


def test_a_cheque_dated_three_months_ago_less_a_day_is_still_good(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    good = service.preview(draft, PaymentRequest(inr(1000), (cheque(1000, dated="11/12/2023"),)))
    assert good.ok, good.problems


# -- the offline policy (POLICY: 24 hours, ₹5,000 while offline, ₹2,000 per payment) -----------


def test_offline_payment_within_the_policy_is_taken_and_marked_offline(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=False)
    assert draft.offline_standing is not None and draft.offline_standing.room == inr(5_000_00)
    done = service.confirm(draft, PaymentRequest(inr(DUE), (cash(DUE),)))
    assert done.payment.offline
    again = service.open(ACCOUNT, "asha", online=False)
    assert again.offline_standing is not None and again.offline_standing.used == inr(DUE)


def test_offline_limits_per_payment_and_in_total(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=False)
    big = service.preview(draft, PaymentRequest(inr(2_000_01), (cash(2_000_01),)))
    assert "Offline, one payment may be at most ₹2,000.00." in big.problems
    for _ in range(2):
        taken = service.open(ACCOUNT, "asha", online=False)
        done = service.confirm(taken, PaymentRequest(inr(2_000_00), (cash(2_000_00),)))
        assert done.receipt.taken_offline  # printed "OFFLINE - PROVISIONAL"
    assert all(c.receipt.taken_offline for c in service.history(ACCOUNT))  # as stored
    over = service.open(ACCOUNT, "asha", online=False)
    before = counts(db)
    with pytest.raises(PaymentRefusedError, match=r"at most ₹1,000.00 more"):
        service.confirm(over, PaymentRequest(inr(1_500_00), (cash(1_500_00),)))
    assert counts(db) == before
    # Once head office has answered for them, they no longer count against the offline total.
    with db.write_transaction() as connection:
        answers = [
            Answer(item.item_id, OutboxState.DONE, '{"status": "posted"}')
            for item in pending_items(db)
        ]
        record_answers(connection, answers, NOW)
    assert service.confirm(over, PaymentRequest(inr(1_500_00), (cash(1_500_00),))).payment.offline


def test_two_offline_drafts_opened_together_cannot_both_pass_the_total(db: CacheDatabase) -> None:
    service = make_service(db)
    first = service.open(ACCOUNT, "asha", online=False)
    second = service.open(ACCOUNT, "asha", online=False)
    third = service.open(ACCOUNT, "asha", online=False)
    request = PaymentRequest(inr(2_000_00), (cash(2_000_00),))
    service.confirm(first, request)
    service.confirm(second, request)
    with pytest.raises(PaymentRefusedError, match="until it syncs"):
        service.confirm(third, request)


def test_offline_too_long_after_the_last_sync_takes_nothing(db: CacheDatabase) -> None:
    clock = Clock(NOW + timedelta(hours=23))
    service = make_service(db, clock)
    draft = service.open(ACCOUNT, "asha", online=False)
    assert draft.offline_standing is not None
    assert draft.offline_standing.refusal is not None
    assert "The last sync was 25 hours ago" in draft.offline_standing.refusal
    with pytest.raises(PaymentRefusedError, match="Connect to head office"):
        service.confirm(draft, PaymentRequest(inr(100), (cash(100),)))
    # Online, the same payment is taken.
    assert service.confirm(
        service.open(ACCOUNT, "asha", online=True), PaymentRequest(inr(100), (cash(100),))
    )


def test_without_a_policy_offline_payments_wait_for_the_first_sync(tmp_path: Path) -> None:
    db = make_cache(tmp_path / "cache.sqlite3")
    try:
        with db.write_transaction() as connection:
            connection.exec_driver_sql("DELETE FROM sync_state WHERE key = 'offline_policy'")
        service = make_service(db)
        refusal = service.preview(
            service.open(ACCOUNT, "asha", online=False),
            PaymentRequest(inr(100), (cash(100),)),
        ).problems
        assert any("not sent this counter an offline policy" in p for p in refusal)
        demo = make_service(db, rules=PaymentRules(fallback_offline_policy=POLICY))
        assert demo.preview(
            demo.open(ACCOUNT, "asha", online=False), PaymentRequest(inr(100), (cash(100),))
        ).ok
        with db.write_transaction() as connection:
            connection.exec_driver_sql("DELETE FROM sync_state WHERE key = 'data_as_of'")
        never = demo.open(ACCOUNT, "asha", online=False).offline_standing
        assert never is not None and never.refusal is not None and "never synced" in never.refusal
    finally:
        db.close()


# -- a crash between commit and print -----------------------------------------------------------

_CRASH = """
import os, signal, sys
from ebill_desktop.services.payment_types import PaymentRequest
from ebill_desktop.storage.database import open_cache
from tests.desktop.factories import account_no, inr
from tests.desktop.test_payment_helpers import cash, make_service

db = open_cache(__import__("pathlib").Path(sys.argv[1]))
service = make_service(db)
draft = service.open(account_no(1), "asha", online=True)
done = service.confirm(draft, PaymentRequest(inr(1000), (cash(1000, tendered=2000),)))
print(done.payment.payment_id, done.payment.receipt_no, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the app dies before the receipt reaches the printer
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killed_between_commit_and_print_the_payment_is_there_once_and_reprints(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite3"
    make_cache(path).close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "src")])}
    run = subprocess.run(
        [sys.executable, "-c", _CRASH, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
    payment_id, receipt_no = run.stdout.split()
    db = open_cache(path)
    try:
        service = make_service(db)
        assert counts(db)["payments"] == 1 and counts(db)["outbox"] == 1
        (unprinted,) = service.unprinted()
        assert unprinted.payment.payment_id == payment_id
        assert not unprinted.payment.receipt.printed
        duplicate = service.reprint(receipt_no, operator())
        assert duplicate.copy.reprint == 1 and duplicate.receipt_no == receipt_no
        assert duplicate.change == inr(1000)
        service.mark_printed(receipt_no, "asha", copy_no=duplicate.copy.reprint)
        assert service.unprinted() == []
        # The next payment carries on the sequence.
        draft = service.open(ACCOUNT, "asha", online=True)
        nxt = service.confirm(draft, PaymentRequest(inr(100), (cash(100),)))
        assert nxt.payment.terminal_seq == 2
    finally:
        db.close()


def test_a_last_sync_without_offset_is_read_as_the_machines_time(db: CacheDatabase) -> None:
    local = (NOW - timedelta(hours=2)).astimezone().replace(tzinfo=None)  # as the demo writes it
    with db.write_transaction() as connection:
        set_data_as_of(connection, local)
    standing = make_service(db).open(ACCOUNT, "asha", online=False).offline_standing
    assert standing is not None and standing.hours_since_sync == pytest.approx(2.0)
    assert standing.refusal is None
