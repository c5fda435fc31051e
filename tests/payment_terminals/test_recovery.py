"""After a crash: every open card/UPI request is settled by asking the terminal, never guessed.

"The app crashed" is a fresh service over a fresh connection to the same SQLite file, with the
first service's in-memory state gone; the terminal keeps its own record, as a real one does.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from ebill_core.money import Money
from ebill_core.protocol.payments import TenderKind
from ebill_desktop.payment_terminals.adapter import Approved, Cancelled, SaleRequest, Unknown
from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
from ebill_desktop.payment_terminals.pending import (
    CardRequest,
    CardRequestError,
    CardRequestState,
    insert_pending,
    load,
    mark_used,
    record_result,
)
from ebill_desktop.payment_terminals.service import CardTenderService
from ebill_desktop.payment_terminals.simulator import Outcome, TerminalSimulator
from ebill_desktop.storage.database import CacheDatabase, open_cache
from tests.payment_terminals.conftest import (
    DEVICE,
    TIMEOUT,
    money_taken,
    new_payment_id,
    sales,
    script,
)

AMOUNT = Money(180_000, "INR")


def _restarted(cache_path: Path, url: str) -> tuple[CacheDatabase, CardTenderService]:
    db = open_cache(cache_path)
    terminal = HttpPaymentTerminal(url, DEVICE, timeout=TIMEOUT)
    return db, CardTenderService(db, terminal, poll_interval_s=0.05)


def _state(db: CacheDatabase, request: CardRequest) -> CardRequestState:
    found = load(db, request.request_id)
    assert found is not None
    return found.state


def commit_payment(connection: Connection, request: CardRequest) -> None:
    """What the payment service does on confirm: the payment, its card tender, mark_used."""
    tender = request.tender()
    connection.exec_driver_sql(
        "INSERT INTO payments (payment_id, terminal_seq, receipt_no, account_no, operator, "
        "taken_at, currency, amount_minor, amount_due_minor, balance_after_minor, change_minor, "
        "offline, state) VALUES (?, 1, 'R-1', '100200300400', 'cashier', "
        "'2026-11-23T10:00:00+00:00', 'INR', ?, ?, 0, 0, 0, 'taken')",
        (request.payment_id, tender.amount.minor, tender.amount.minor),
    )
    connection.exec_driver_sql(
        "INSERT INTO payment_tenders (payment_id, seq, kind, amount_minor, reference, "
        "card_last4, card_scheme, auth_code, device_id, card_request_id) "
        "VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            request.payment_id,
            tender.kind.value,
            tender.amount.minor,
            tender.reference,
            tender.card_last4,
            tender.card_scheme,
            tender.auth_code,
            tender.device_id,
            request.request_id,
        ),
    )
    mark_used(connection, request.request_id, request.payment_id)


def test_approved_but_never_committed_is_reversed_after_a_crash(
    service: CardTenderService, simulator: TerminalSimulator, cache_path: Path
) -> None:
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    assert request.state is CardRequestState.APPROVED
    assert money_taken(simulator.url) == AMOUNT.minor
    # The app dies here: the cashier never confirmed the payment.
    db, restarted = _restarted(cache_path, simulator.url)
    report = restarted.recover()
    assert [r.state for r in report.settled] == [CardRequestState.REVERSED]
    assert report.attention == ()
    assert money_taken(simulator.url) == 0
    assert restarted.recover().settled == ()  # nothing left to do
    db.close()


def test_approved_and_committed_is_kept_after_a_crash(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase, cache_path: Path
) -> None:
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    with cache.write_transaction() as connection:
        commit_payment(connection, request)
    db, restarted = _restarted(cache_path, simulator.url)
    assert restarted.recover().settled == ()  # a used request is not even asked about
    assert _state(db, request) is CardRequestState.USED
    assert [s["state"] for s in sales(simulator.url)] == ["approved"]  # charged once, kept
    db.close()


def test_a_committed_payment_is_recognised_even_if_the_request_was_not_marked_used(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase, cache_path: Path
) -> None:
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    with cache.write_transaction() as connection:
        commit_payment(connection, request)
        connection.exec_driver_sql(  # as if the payment service had forgotten mark_used
            "UPDATE card_requests SET state = 'approved' WHERE request_id = ?",
            (request.request_id,),
        )
    db, restarted = _restarted(cache_path, simulator.url)
    report = restarted.recover()
    assert [r.state for r in report.settled] == [CardRequestState.USED]
    assert money_taken(simulator.url) == AMOUNT.minor  # never reversed under a receipt
    db.close()


def test_a_crash_while_waiting_for_the_answer_is_settled_by_the_status(
    cache: CacheDatabase, simulator: TerminalSimulator, cache_path: Path
) -> None:
    # Written pending, sent, and the app died before the answer came: the row says pending.
    request_id = str(uuid.uuid4())
    sale = SaleRequest(request_id, AMOUNT, TenderKind.UPI)
    with cache.write_transaction() as connection:
        insert_pending(connection, sale, new_payment_id(), DEVICE)
    script(simulator, Outcome("timeout", hold_ms=0))
    terminal = HttpPaymentTerminal(simulator.url, DEVICE, timeout=TIMEOUT)
    assert isinstance(terminal.request(sale), Unknown)
    assert money_taken(simulator.url) == AMOUNT.minor

    db, restarted = _restarted(cache_path, simulator.url)
    assert [r.state for r in restarted.recover().settled] == [CardRequestState.REVERSED]
    assert money_taken(simulator.url) == 0
    db.close()


def test_a_request_that_never_reached_the_terminal_is_cancelled_there_for_good(
    cache: CacheDatabase, simulator: TerminalSimulator, cache_path: Path
) -> None:
    # Written pending, then the app died before sending it.
    sale = SaleRequest(str(uuid.uuid4()), AMOUNT, TenderKind.CARD)
    with cache.write_transaction() as connection:
        insert_pending(connection, sale, new_payment_id(), DEVICE)
    db, restarted = _restarted(cache_path, simulator.url)
    assert [r.state for r in restarted.recover().settled] == [CardRequestState.CANCELLED]
    # Even if the lost request turned up now, it could not take money.
    terminal = HttpPaymentTerminal(simulator.url, DEVICE, timeout=TIMEOUT)
    assert isinstance(terminal.request(sale), Cancelled)
    assert money_taken(simulator.url) == 0
    db.close()


def test_a_pending_sale_is_cancelled_and_a_declined_one_recorded(
    service: CardTenderService, simulator: TerminalSimulator, cache_path: Path
) -> None:
    script(simulator, Outcome("delay", delay_ms=60_000), Outcome("timeout", then="decline"))
    waiting = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    assert waiting.state is CardRequestState.PENDING
    db, restarted = _restarted(cache_path, simulator.url)
    # The second one is declined at the terminal, but its answer never reached the app.
    sale = SaleRequest(str(uuid.uuid4()), AMOUNT, TenderKind.CARD)
    with db.write_transaction() as connection:
        insert_pending(connection, sale, new_payment_id(), DEVICE)
    fast = HttpPaymentTerminal(simulator.url, DEVICE, timeout=(1.0, 0.2))
    assert isinstance(fast.request(sale), Unknown)
    states = sorted(r.state.value for r in restarted.recover().settled)
    assert states == ["cancelled", "declined"]
    assert money_taken(simulator.url) == 0
    db.close()


def test_an_unreachable_terminal_leaves_requests_for_the_next_try(
    service: CardTenderService, simulator: TerminalSimulator, cache_path: Path, tmp_path: Path
) -> None:
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    with TerminalSimulator(0) as gone:
        dead_url = gone.url
    db, restarted = _restarted(cache_path, dead_url)
    report = restarted.recover()
    assert report.settled == ()
    assert [r.request_id for r in report.attention] == [request.request_id]
    assert _state(db, request) is CardRequestState.APPROVED  # not guessed either way
    db.close()

    db, back = _restarted(cache_path, simulator.url)
    assert [r.state for r in back.recover().settled] == [CardRequestState.REVERSED]
    assert back.needs_attention() == []
    assert money_taken(simulator.url) == 0
    db.close()


def test_recovery_leaves_the_requests_its_own_cashier_is_working_on(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase
) -> None:
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    assert service.recover().settled == ()
    assert _state(cache, request) is CardRequestState.APPROVED
    assert money_taken(simulator.url) == AMOUNT.minor


def test_a_terminal_reporting_money_on_a_cancelled_request_is_flagged_then_reversed(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase, cache_path: Path
) -> None:
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    approval = service.terminal.status(request.request_id)
    assert isinstance(approval, Approved)
    with cache.write_transaction() as connection:  # a wrong local record: cancelled
        connection.exec_driver_sql(
            "UPDATE card_requests SET state = 'cancelled' WHERE request_id = ?",
            (request.request_id,),
        )
        flagged = record_result(connection, request.request_id, approval)
    assert flagged.state is CardRequestState.NEEDS_ATTENTION
    assert flagged.error is not None and "recorded as cancelled" in flagged.error
    # A payment cannot use it meanwhile.
    with pytest.raises(CardRequestError), cache.write_transaction() as connection:
        mark_used(connection, request.request_id, request.payment_id)
    db, restarted = _restarted(cache_path, simulator.url)
    assert [r.request_id for r in restarted.needs_attention()] == [request.request_id]
    assert [r.state for r in restarted.recover().settled] == [CardRequestState.REVERSED]
    assert money_taken(simulator.url) == 0
    db.close()
