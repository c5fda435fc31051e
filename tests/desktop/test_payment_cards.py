"""Card and UPI tenders: only from an approved terminal request of the same payment, used once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ebill_core.money import Money
from ebill_core.protocol import TenderKind, payment_from_wire
from ebill_desktop.payment_terminals.adapter import (
    ApprovalDetails,
    Approved,
    Declined,
    SaleRequest,
)
from ebill_desktop.payment_terminals.pending import (
    CardRequestState,
    insert_pending,
    load,
    record_result,
)
from ebill_desktop.services.payment_types import PaymentRefusedError, PaymentRequest, TenderInput
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.outbox import pending_items
from tests.desktop.factories import account_no, inr
from tests.desktop.test_payment_helpers import DUE, cash, counts, make_cache, make_service

ACCOUNT = account_no(1)
CARD = ApprovalDetails(rrn="412345678901", scheme="VISA", last4="4242", auth_code="A1B2C3")


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "cache.sqlite3")
    yield cache
    cache.close()


def _request(
    db: CacheDatabase,
    payment_id: str,
    amount: Money,
    kind: TenderKind = TenderKind.CARD,
    answer: Approved | Declined | None = None,
) -> str:
    request_id = str(uuid.uuid4())
    with db.write_transaction() as connection:
        insert_pending(connection, SaleRequest(request_id, amount, kind), payment_id, "POS-7")
        if answer is not None:
            record_result(connection, request_id, answer)
    return request_id


def test_an_approved_card_pays_with_only_what_may_be_kept(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    request_id = _request(db, draft.payment_id, inr(60000), answer=Approved(CARD))
    request = PaymentRequest(
        inr(DUE),
        (
            TenderInput(TenderKind.CARD, inr(60000), card_request_id=request_id),
            cash(DUE - 60000),
        ),
    )
    done = service.confirm(draft, request)
    card = done.payment.tenders[0]
    assert (card.card_last4, card.card_scheme, card.reference, card.auth_code, card.device_id) == (
        "4242",
        "VISA",
        "412345678901",
        "A1B2C3",
        "POS-7",
    )
    assert done.receipt.tenders[0].card_last4 == "4242"
    found = load(db, request_id)
    assert found is not None and found.state is CardRequestState.USED
    row = db.reader().execute("SELECT card_request_id FROM payment_tenders WHERE seq = 1")
    assert row.fetchone()[0] == request_id
    (item,) = pending_items(db)
    assert payment_from_wire(item.body()).tenders[0].card_last4 == "4242"


def test_upi_pays_with_its_utr(db: CacheDatabase) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    request_id = _request(
        db, draft.payment_id, inr(DUE), TenderKind.UPI, Approved(ApprovalDetails("UTR123456789"))
    )
    upi = TenderInput(TenderKind.UPI, inr(DUE), card_request_id=request_id)
    done = service.confirm(draft, PaymentRequest(inr(DUE), (upi,)))
    assert done.payment.tenders[0].reference == "UTR123456789"


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("declined", "declined, not approved"),
        ("pending", "pending, not approved"),
        ("other payment", "another payment"),
        ("other amount", "approved ₹100.00, not ₹1,103.00"),
        ("unknown", "start the Card payment there"),
        ("used elsewhere", "another payment"),
    ],
)
def test_a_card_tender_without_its_approval_is_refused(
    db: CacheDatabase, case: str, reason: str
) -> None:
    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    if case == "declined":
        request_id = _request(db, draft.payment_id, inr(DUE), answer=Declined("insufficient"))
    elif case == "pending":
        request_id = _request(db, draft.payment_id, inr(DUE))
    elif case == "other payment":
        request_id = _request(db, str(uuid.uuid4()), inr(DUE), answer=Approved(CARD))
    elif case == "other amount":
        request_id = _request(db, draft.payment_id, inr(10000), answer=Approved(CARD))
    elif case == "unknown":
        request_id = str(uuid.uuid4())
    else:
        other = service.open(ACCOUNT, "asha", online=True)
        request_id = _request(db, other.payment_id, inr(DUE), answer=Approved(CARD))
        card = TenderInput(TenderKind.CARD, inr(DUE), card_request_id=request_id)
        service.confirm(other, PaymentRequest(inr(DUE), (card,)))
    before = counts(db)
    card = TenderInput(TenderKind.CARD, inr(DUE), card_request_id=request_id)
    with pytest.raises(PaymentRefusedError) as refused:
        service.confirm(draft, PaymentRequest(inr(DUE), (card,)))
    assert any(reason in problem for problem in refused.value.problems), refused.value.problems
    assert counts(db) == before


def test_a_request_reversed_after_the_preview_refuses_the_whole_payment(
    db: CacheDatabase,
) -> None:
    from ebill_desktop.payment_terminals.pending import claim_for_reversal

    service = make_service(db)
    draft = service.open(ACCOUNT, "asha", online=True)
    request_id = _request(db, draft.payment_id, inr(DUE), answer=Approved(CARD))
    card = TenderInput(TenderKind.CARD, inr(DUE), card_request_id=request_id)
    request = PaymentRequest(inr(DUE), (card,))
    assert service.preview(draft, request).ok
    with db.write_transaction() as connection:
        assert claim_for_reversal(connection, request_id, "cashier removed the card tender")
    before = counts(db)
    with pytest.raises(PaymentRefusedError, match="needs_attention, not approved"):
        service.confirm(draft, request)
    assert counts(db) == before
