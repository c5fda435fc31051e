"""The card/UPI service against the real simulator: approve, decline, timeout, cancel, remove."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from ebill_core.money import Money
from ebill_core.protocol.payments import Tender, TenderKind
from ebill_desktop.payment_terminals.http_terminal import HttpPaymentTerminal
from ebill_desktop.payment_terminals.pending import (
    CardRequestError,
    CardRequestState,
    load,
    mark_used,
)
from ebill_desktop.payment_terminals.service import CardTenderService, unavailable_reason
from ebill_desktop.payment_terminals.simulator import Outcome, TerminalSimulator
from ebill_desktop.storage.database import CacheDatabase
from tests.payment_terminals.conftest import (
    DEVICE,
    TIMEOUT,
    money_taken,
    new_payment_id,
    sales,
    script,
)

AMOUNT = Money(250_000, "INR")


def _rows(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return list(connection.execute("SELECT request_id, state FROM card_requests"))


def test_an_approved_card_tender_becomes_a_tender_and_is_used_by_its_payment(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase
) -> None:
    script(simulator, Outcome("approve", scheme="VISA", last4="1881"))
    payment_id = new_payment_id()
    request = service.start(payment_id, TenderKind.CARD, AMOUNT)
    assert request.state is CardRequestState.APPROVED
    assert (request.scheme, request.last4, request.device_id) == ("VISA", "1881", DEVICE)
    tender = request.tender()
    assert tender == Tender(
        kind=TenderKind.CARD,
        amount=AMOUNT,
        reference=request.rrn,
        card_last4="1881",
        card_scheme="VISA",
        auth_code=request.auth_code,
        device_id=DEVICE,
    )
    with cache.write_transaction() as connection:
        used = mark_used(connection, request.request_id, payment_id)
    assert used.state is CardRequestState.USED
    with cache.write_transaction() as connection:  # again, for the same payment: no change
        mark_used(connection, request.request_id, payment_id)
    loaded = load(cache, request.request_id)
    assert loaded is not None and loaded.state is CardRequestState.USED
    assert money_taken(simulator.url) == AMOUNT.minor


def test_upi_approval_keeps_the_utr_and_no_card_details(
    service: CardTenderService, simulator: TerminalSimulator
) -> None:
    script(simulator, Outcome("approve", payer_handle="asha@okaxis"))
    request = service.start(new_payment_id(), TenderKind.UPI, AMOUNT)
    assert request.state is CardRequestState.APPROVED and request.rrn is not None
    assert (request.scheme, request.last4, request.auth_code) == (None, None, None)
    assert request.tender().reference == request.rrn


def test_a_decline_is_recorded_with_its_reason_and_cannot_be_used(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase
) -> None:
    script(simulator, Outcome("decline", reason="Do not honour"))
    payment_id = new_payment_id()
    request = service.start(payment_id, TenderKind.CARD, AMOUNT)
    assert (request.state, request.error) == (CardRequestState.DECLINED, "Do not honour")
    with pytest.raises(CardRequestError), cache.write_transaction() as connection:
        mark_used(connection, request.request_id, payment_id)
    with pytest.raises(CardRequestError):
        request.tender()
    assert money_taken(simulator.url) == 0


@pytest.mark.parametrize("then", ["approve", "decline"])
def test_a_timeout_is_resolved_by_asking_the_status_never_by_guessing(
    cache: CacheDatabase, simulator: TerminalSimulator, then: str
) -> None:
    script(simulator, Outcome("timeout", then=then, hold_ms=10_000))
    impatient = HttpPaymentTerminal(simulator.url, DEVICE, timeout=(1.0, 0.3))
    service = CardTenderService(cache, impatient)
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    expected = CardRequestState.APPROVED if then == "approve" else CardRequestState.DECLINED
    assert request.state is expected
    assert len(sales(simulator.url)) == 1


def test_a_dropped_connection_after_approval_is_resolved_by_the_status(
    service: CardTenderService, simulator: TerminalSimulator
) -> None:
    script(simulator, Outcome("approve_then_drop"))
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    assert request.state is CardRequestState.APPROVED and request.error is None
    assert money_taken(simulator.url) == AMOUNT.minor


def test_a_pending_sale_is_polled_until_it_settles(
    service: CardTenderService, simulator: TerminalSimulator
) -> None:
    script(simulator, Outcome("delay", delay_ms=300))
    request = service.start(new_payment_id(), TenderKind.UPI, AMOUNT)
    assert request.state is CardRequestState.PENDING
    settled = service.wait(request.request_id, timeout_s=10)
    assert settled.state is CardRequestState.APPROVED


def test_wait_gives_up_at_its_timeout_and_leaves_the_request_pending(
    service: CardTenderService, simulator: TerminalSimulator
) -> None:
    script(simulator, Outcome("delay", delay_ms=60_000))
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    assert service.wait(request.request_id, timeout_s=0.2).state is CardRequestState.PENDING


def test_cancelling_a_pending_tender_cancels_it_on_the_terminal(
    service: CardTenderService, simulator: TerminalSimulator
) -> None:
    script(simulator, Outcome("delay", delay_ms=60_000))
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    cancelled = service.cancel(request.request_id)
    assert cancelled.state is CardRequestState.CANCELLED
    assert [s["state"] for s in sales(simulator.url)] == ["cancelled"]


def test_removing_an_approved_tender_reverses_it_on_the_terminal(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase
) -> None:
    payment_id = new_payment_id()
    request = service.start(payment_id, TenderKind.CARD, AMOUNT)
    assert request.state is CardRequestState.APPROVED
    removed = service.cancel(request.request_id)
    assert removed.state is CardRequestState.REVERSED
    assert money_taken(simulator.url) == 0
    with pytest.raises(CardRequestError), cache.write_transaction() as connection:
        mark_used(connection, request.request_id, payment_id)
    assert service.cancel(request.request_id).state is CardRequestState.REVERSED  # idempotent


def test_a_tender_of_a_committed_payment_cannot_be_removed(
    service: CardTenderService, simulator: TerminalSimulator, cache: CacheDatabase
) -> None:
    payment_id = new_payment_id()
    request = service.start(payment_id, TenderKind.CARD, AMOUNT)
    with cache.write_transaction() as connection:
        mark_used(connection, request.request_id, payment_id)
    with pytest.raises(CardRequestError, match="void the payment"):
        service.cancel(request.request_id)
    assert money_taken(simulator.url) == AMOUNT.minor


def test_mark_used_refuses_another_payment_and_an_unknown_request(
    service: CardTenderService, cache: CacheDatabase
) -> None:
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    with pytest.raises(CardRequestError, match="another payment"), cache.write_transaction() as c:
        mark_used(c, request.request_id, new_payment_id())
    with pytest.raises(CardRequestError, match="No card request"), cache.write_transaction() as c:
        mark_used(c, str(uuid.uuid4()), new_payment_id())
    loaded = load(cache, request.request_id)
    assert loaded is not None and loaded.state is CardRequestState.APPROVED


def test_the_pending_row_is_committed_before_the_request_is_sent(
    cache: CacheDatabase, cache_path: Path
) -> None:
    seen: list[list[tuple[object, ...]]] = []

    class Watching(HttpPaymentTerminal):
        def request(self, sale):  # type: ignore[no-untyped-def]
            seen.append(_rows(cache_path))  # another connection sees only what is committed
            return super().request(sale)

    with TerminalSimulator(0) as simulator:
        terminal = Watching(simulator.url, DEVICE, timeout=TIMEOUT)
        request = CardTenderService(cache, terminal).start(
            new_payment_id(), TenderKind.CARD, AMOUNT
        )
    assert seen == [[(request.request_id, "pending")]]


def test_an_unreachable_terminal_leaves_the_request_pending_and_on_the_attention_list(
    cache: CacheDatabase, tmp_path: Path
) -> None:
    with TerminalSimulator(0) as gone:
        url = gone.url  # a port nobody listens on any more
    service = CardTenderService(cache, HttpPaymentTerminal(url, DEVICE, timeout=TIMEOUT))
    request = service.start(new_payment_id(), TenderKind.CARD, AMOUNT)
    assert request.state is CardRequestState.PENDING
    assert request.error is not None and "no answer" in request.error
    assert service.needs_attention() == []  # the cashier is still on it
    fresh = CardTenderService(cache, HttpPaymentTerminal(url, DEVICE, timeout=TIMEOUT))
    assert [r.request_id for r in fresh.needs_attention()] == [request.request_id]


@pytest.mark.parametrize(
    ("payment_id", "kind", "amount"),
    [
        ("not-a-uuid", TenderKind.CARD, AMOUNT),
        ("2A11C96E-90D4-481A-BCE7-6C8DCC5478FE", TenderKind.CARD, AMOUNT),
        ("d13f8a99-5156-46a2-9835-c05c678cc85f", TenderKind.CASH, AMOUNT),
        ("3b7b1cfd-1e6e-4f8e-b330-5daf54197a7d", TenderKind.CARD, Money(0, "INR")),
        ("fa6f73b1-8547-4730-9f56-d2eef6570c90", TenderKind.UPI, Money(-100, "INR")),
    ],
    # Fixed ids: pytest-xdist's workers must collect the same test names.
    ids=["not-a-uuid", "upper-case-uuid", "cash-tender", "zero-amount", "negative-amount"],
)
def test_bad_input_to_start_is_refused_and_nothing_is_written_or_sent(
    service: CardTenderService,
    simulator: TerminalSimulator,
    cache_path: Path,
    payment_id: str,
    kind: TenderKind,
    amount: Money,
) -> None:
    with pytest.raises(CardRequestError):
        service.start(payment_id, kind, amount)
    assert _rows(cache_path) == []
    assert sales(simulator.url) == []


def test_card_and_upi_are_disabled_offline_with_a_reason() -> None:
    assert unavailable_reason(TenderKind.CARD, online=True) is None
    assert unavailable_reason(TenderKind.CASH, online=False) is None
    card = unavailable_reason(TenderKind.CARD, online=False)
    upi = unavailable_reason(TenderKind.UPI, online=False)
    assert card is not None and card.startswith("Card payments need the link")
    assert upi is not None and upi.startswith("UPI payments need the link")
