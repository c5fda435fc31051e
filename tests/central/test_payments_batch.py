"""Payments in, batch by batch: tender details kept, one bad item never fails the batch, races.

Besides tests/central/test_payments.py (the rules per payment), these check what posting a batch
in one transaction must not change: details stored and covered by "the same body", duplicates
inside one batch, an item the database refuses (answered rejected, kept for review, nothing of
it written, the rest posted), the same batch uploaded twice at once, and two terminals paying
the same bills at once. Also that NaN and Infinity are not JSON.
"""

from __future__ import annotations

import json
import threading
import uuid
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ebill_central.db.models import (
    AccountRow,
    AllocationRow,
    AttentionRow,
    BillRow,
    ChangeRow,
    PaymentRow,
    PostingRow,
    TenderRow,
)
from ebill_central.services.rows import bill_record
from ebill_core.protocol import BatchResult, PaymentStatus, error_from_wire
from ebill_core.protocol.records import bill_to_wire
from tests.central.conftest import LiveServer, SeededUtility, bearer, enrol_terminal
from tests.central.test_payments import _attention, _bill, _count, _payment, _upload

INR = "INR"


def _money(minor: int) -> dict[str, object]:
    return {"minor": minor, "currency": INR}


def _unpaid_bills(seeded: SeededUtility, count: int, office: str = "SD-014") -> list[Any]:
    """``count`` open bills of ``office`` that nobody has paid, taken from the end of the list
    (test_payments.py takes its bills from the front)."""
    with seeded.engine.connect() as connection:
        rows = connection.execute(
            select(BillRow)
            .join(AccountRow, AccountRow.account_no == BillRow.account_no)
            .where(
                AccountRow.office_code == office,
                BillRow.status == "open",
                BillRow.amount_paid_minor == 0,
                BillRow.net_payable_minor > 10_000,
            )
            .order_by(BillRow.bill_no.desc())
            .limit(count)
        ).all()
        connection.rollback()
    assert len(rows) == count
    return list(rows)


def _with_tenders(payment: dict[str, object], tenders: list[dict[str, object]]) -> None:
    payment["tenders"] = tenders


def _payments_of(seeded: SeededUtility, model: Any, payment_id: object) -> int:
    return _count(
        seeded,
        select(func.count()).select_from(model).where(model.payment_id == str(payment_id)),
    )


# -- tender details ------------------------------------------------------------------------------


def _detailed_payment(account_no: str, seq: int) -> dict[str, object]:
    payment = _payment(account_no, seq, 0)
    _with_tenders(
        payment,
        [
            {"kind": "cash", "amount": _money(1_000), "tendered": _money(2_000)},
            {
                "kind": "card",
                "amount": _money(2_500),
                "reference": "412345678901",
                "card_last4": "4242",
                "card_scheme": "RUPAY",
                "auth_code": "A1B2C3",
                "device_id": "PT-0042",
            },
            {
                "kind": "cheque",
                "amount": _money(3_000),
                "reference": "004512",
                "bank": "State Bank of India",
                "bank_branch": "Lake View",
                "ifsc": "SBIN0001234",
                "instrument_date": "2026-11-14",
            },
            {
                "kind": "bank_transfer",
                "amount": _money(4_000),
                "reference": "UTR2026111600001",
            },
        ],
    )
    return payment


def test_tender_details_are_stored_and_a_resend_changes_nothing(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    account = _unpaid_bills(seeded, 1)[0].account_no
    payment = _detailed_payment(account, 1)
    first = _upload(client, credential, payment).outcomes[0]
    assert (first.status, first.flags) == (PaymentStatus.POSTED, ("credit",))
    with seeded.engine.connect() as connection:
        tenders = connection.execute(
            select(TenderRow)
            .where(TenderRow.payment_id == payment["payment_id"])
            .order_by(TenderRow.position)
        ).all()
        connection.rollback()
    cash, card, cheque, transfer = tenders
    assert (cash.kind, cash.amount_minor, cash.tendered_minor) == ("cash", 1_000, 2_000)
    assert (card.card_last4, card.card_scheme, card.auth_code, card.device_id) == (
        "4242",
        "RUPAY",
        "A1B2C3",
        "PT-0042",
    )
    assert (card.reference, card.tendered_minor, card.ifsc) == ("412345678901", None, None)
    assert (cheque.bank, cheque.bank_branch, cheque.ifsc, cheque.instrument_date) == (
        "State Bank of India",
        "Lake View",
        "SBIN0001234",
        date(2026, 11, 14),
    )
    assert (transfer.kind, transfer.reference, transfer.card_last4) == (
        "bank_transfer",
        "UTR2026111600001",
        None,
    )
    again = _upload(client, credential, payment).outcomes[0]
    assert again == first
    assert _payments_of(seeded, TenderRow, payment["payment_id"]) == 4


@pytest.mark.parametrize(
    ("tender", "field", "value"),
    [
        (0, "tendered", _money(2_500)),
        (1, "auth_code", "ZZZZZZ"),
        (1, "card_last4", "1111"),
        (1, "device_id", None),
        (2, "ifsc", "HDFC0000001"),
        (2, "bank_branch", "Main road"),
    ],
)
def test_the_same_uuid_with_other_tender_details_is_a_conflict(
    client: httpx.Client, seeded: SeededUtility, tender: int, field: str, value: object
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    account = _unpaid_bills(seeded, 1)[0].account_no
    payment = _detailed_payment(account, 1)
    assert _upload(client, credential, payment).outcomes[0].status is PaymentStatus.POSTED
    changed = _detailed_payment(account, 1)
    changed["payment_id"] = payment["payment_id"]
    tenders: Any = changed["tenders"]
    if value is None:
        del tenders[tender][field]
    else:
        tenders[tender][field] = value
    clash = _upload(client, credential, changed).outcomes[0]
    assert (clash.status, clash.error_code) == (PaymentStatus.CONFLICT, "payment_id_reused")
    with seeded.engine.connect() as connection:
        stored = connection.execute(
            select(TenderRow.tendered_minor, TenderRow.auth_code, TenderRow.ifsc)
            .where(TenderRow.payment_id == payment["payment_id"])
            .order_by(TenderRow.position)
        ).all()
        connection.rollback()
    assert [tuple(row) for row in stored] == [
        (2_000, None, None),
        (None, "A1B2C3", None),
        (None, None, "SBIN0001234"),
        (None, None, None),
    ]


# -- one batch ----------------------------------------------------------------------------------


def test_duplicates_inside_one_batch_are_judged_in_order(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bill = _unpaid_bills(seeded, 1)[0]
    part = bill.net_payable_minor // 4
    payment = _payment(bill.account_no, 1, part, ((bill.bill_no, bill.version, part),))
    other_body = _payment(bill.account_no, 2, part + 1, payment_id=str(payment["payment_id"]))
    same_seq = _payment(bill.account_no, 1, 700)
    result = _upload(client, credential, payment, payment, other_body, same_seq)
    assert [(o.index, o.status, o.error_code) for o in result.outcomes] == [
        (0, PaymentStatus.POSTED, None),
        (1, PaymentStatus.POSTED, None),
        (2, PaymentStatus.CONFLICT, "payment_id_reused"),
        (3, PaymentStatus.CONFLICT, "terminal_seq_reused"),
    ]
    assert _bill(seeded, bill.bill_no).amount_paid_minor == part  # paid once
    assert _payments_of(seeded, PaymentRow, payment["payment_id"]) == 1
    assert _payments_of(seeded, PaymentRow, same_seq["payment_id"]) == 0


def _seeded_posting_id(seeded: SeededUtility) -> str:
    """The UUID of a posting the demo seeder made (a payment taken through another channel)."""
    with seeded.engine.connect() as connection:
        found = connection.execute(
            select(PostingRow.payment_id).order_by(PostingRow.payment_id.desc()).limit(1)
        ).scalar_one()
        connection.rollback()
    return str(found)


def test_an_item_the_database_refuses_is_kept_for_review_and_the_rest_is_posted(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    """The database refuses one item every time (its UUID is already a posting's key): before,
    the second refusal turned the whole upload into a 500 that the terminal retried forever."""
    credential = enrol_terminal(client, seeded, "BR-A")
    bills = _unpaid_bills(seeded, 3)[1:]
    refused = _payment(
        bills[0].account_no,
        2,
        5_000,
        ((bills[0].bill_no, bills[0].version, 5_000),),
        payment_id=_seeded_posting_id(seeded),
    )
    before = _count(
        seeded, select(func.count()).select_from(PostingRow).where(
            PostingRow.payment_id == refused["payment_id"]
        )
    )  # fmt: skip
    good = [
        _payment(bill.account_no, seq, 1_000, ((bill.bill_no, bill.version, 1_000),))
        for seq, bill in ((1, bills[0]), (3, bills[1]))
    ]
    for attempt in range(2):  # a resend gets the same answers and adds nothing
        result = _upload(client, credential, good[0], refused, good[1])
        assert [(o.payment_id, o.status, o.error_code) for o in result.outcomes] == [
            (good[0]["payment_id"], PaymentStatus.POSTED, None),
            (refused["payment_id"], PaymentStatus.REJECTED, "not_stored"),
            (good[1]["payment_id"], PaymentStatus.POSTED, None),
        ], f"attempt {attempt}"
        assert result.gaps == ((2, 2),)
        for model in (PaymentRow, TenderRow, AllocationRow):
            assert _payments_of(seeded, model, refused["payment_id"]) == 0
        assert _payments_of(seeded, PostingRow, refused["payment_id"]) == before
        assert _bill(seeded, bills[0].bill_no).amount_paid_minor == 1_000
        assert _bill(seeded, bills[1].bill_no).amount_paid_minor == 1_000
        assert _attention(seeded, "payment_not_stored", str(refused["payment_id"])) == 1
    with seeded.engine.connect() as connection:
        detail = connection.execute(
            select(AttentionRow.detail).where(
                AttentionRow.kind == "payment_not_stored",
                AttentionRow.subject.contains(str(refused["payment_id"])),
            )
        ).scalar_one()
        connection.rollback()
    assert "IntegrityError" in detail or "UniqueViolation" in detail
    assert f'"receipt_no": "{refused["receipt_no"]}"' in detail  # the item as it was sent


# -- at the same time ---------------------------------------------------------------------------


def _at_once(server: LiveServer, uploads: list[tuple[str, list[dict[str, object]]]]) -> list[Any]:
    """Run the uploads (credential, payments) at the same moment, each on its own connection."""
    start = threading.Barrier(len(uploads))
    results: list[Any] = [None] * len(uploads)

    def upload(slot: int, credential: str, payments: list[dict[str, object]]) -> None:
        with httpx.Client(base_url=server.base_url, timeout=60) as own:
            start.wait()
            results[slot] = _upload(own, credential, *payments)

    threads = [
        threading.Thread(target=upload, args=(slot, credential, payments))
        for slot, (credential, payments) in enumerate(uploads)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(result, BatchResult) for result in results)
    return results


def test_one_batch_uploaded_twice_at_once_posts_each_payment_once(
    server: LiveServer, client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bills = _unpaid_bills(seeded, 8)[3:]
    payments = [
        _payment(bill.account_no, seq, 900, ((bill.bill_no, bill.version, 900),))
        for seq, bill in enumerate(bills * 2, start=1)
    ]
    results = _at_once(server, [(credential, payments), (credential, payments)])
    for result in results:
        assert [o.status for o in result.outcomes] == [PaymentStatus.POSTED] * len(payments)
        assert [o.flags for o in result.outcomes] == [()] * len(payments)
    for bill in bills:
        assert _bill(seeded, bill.bill_no).amount_paid_minor == 1_800
    for payment in payments:
        assert _payments_of(seeded, PaymentRow, payment["payment_id"]) == 1


def test_two_terminals_paying_the_same_bills_at_once_never_overpay_them(
    server: LiveServer, client: httpx.Client, seeded: SeededUtility
) -> None:
    """Each terminal pays most of every bill: one of the two must find each bill changed."""
    terminals = [enrol_terminal(client, seeded, "BR-A") for _ in range(2)]
    bills = _unpaid_bills(seeded, 14)[8:]
    batches = [
        [
            _payment(bill.account_no, seq, share, ((bill.bill_no, bill.version, share),))
            for seq, bill in enumerate(bills, start=1)
            for share in [bill.net_payable_minor * 2 // 3]
        ]
        for _terminal in terminals
    ]
    results = _at_once(server, list(zip(terminals, batches, strict=True)))
    for position, bill in enumerate(bills):
        flags = sorted(result.outcomes[position].flags for result in results)
        assert flags == [(), ("bill_changed", "credit")], bill.bill_no
        stored = _bill(seeded, bill.bill_no)
        assert stored.amount_paid_minor == bill.net_payable_minor * 2 // 3
        assert stored.status == "part_paid"


# -- numbers JSON does not have -----------------------------------------------------------------


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999", "-1.5e400"])
def test_nan_and_infinity_are_refused_and_nothing_is_kept(
    client: httpx.Client, seeded: SeededUtility, number: str
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    marker = str(uuid.uuid4())
    body = (
        f'{{"payments": [{{"payment_id": "{marker}", "terminal_seq": 1, "receipt_no": "R-1", '
        f'"account_no": "1", "taken_at": "2026-11-16T10:30:00+05:30", "operator": "c", '
        f'"offline": true, "allocations": [], '
        f'"tenders": [{{"kind": "cash", "amount": {{"minor": {number}, "currency": "INR"}}}}]}}]}}'
    )
    headers = {**bearer(credential), "Content-Type": "application/json"}
    answer = client.post("/api/v1/payments", content=body.encode(), headers=headers)
    assert answer.status_code == 400, answer.text
    error = error_from_wire(answer.json())
    assert error.code == "invalid_json"
    assert "JSON number" in error.message
    assert _attention(seeded, "payment_unreadable", marker) == 0
    enrol = client.post(
        "/api/v1/enrol",
        content=f'{{"code": "AAAA-BBBB-CCCC-DDDD", "machine_name": {number}}}'.encode(),
        headers={"Content-Type": "application/json"},
    )
    assert (enrol.status_code, error_from_wire(enrol.json()).code) == (400, "invalid_json")


def test_the_feed_record_of_a_paid_bill_is_the_bill_as_stored(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    """The batch builds bill records from rows read in bulk; they must be what the feed's own
    builder (services.rows.bill_record) makes of the stored bill."""
    credential = enrol_terminal(client, seeded, "BR-A")
    bills = _unpaid_bills(seeded, 17)[14:]
    payments = [
        _payment(bill.account_no, seq, 1_500, ((bill.bill_no, bill.version, 1_500),))
        for seq, bill in enumerate(bills, start=1)
    ]
    assert {o.flags for o in _upload(client, credential, *payments).outcomes} == {()}
    with Session(seeded.engine) as session:
        for bill in bills:
            payload = session.scalars(
                select(ChangeRow.payload)
                .where(ChangeRow.entity == "bill", ChangeRow.key == bill.bill_no)
                .order_by(ChangeRow.change_id.desc())
                .limit(1)
            ).one()
            stored = session.get(BillRow, bill.bill_no)
            assert stored is not None and stored.amount_paid_minor == 1_500
            assert json.loads(str(payload)) == bill_to_wire(bill_record(session, stored))
