"""Payments in: posted exactly once, never dropped; resends, conflicts, changed bills, gaps."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from ebill_central.db.models import AccountRow, AttentionRow, BillRow, PaymentRow
from ebill_core.protocol import (
    BatchResult,
    Entity,
    PaymentOutcome,
    PaymentStatus,
    batch_result_from_wire,
    change_page_from_wire,
    error_from_wire,
)
from ebill_core.records import Bill, PaymentPosting
from tests.central.conftest import LiveServer, SeededUtility, bearer, enrol_terminal


def _open_bill(seeded: SeededUtility, office: str = "SD-014") -> BillRow:
    """An open bill of ``office`` that no test has paid yet (tests share the database)."""
    with seeded.engine.connect() as connection:
        row = connection.execute(
            select(BillRow)
            .join(AccountRow, AccountRow.account_no == BillRow.account_no)
            .where(
                AccountRow.office_code == office,
                BillRow.status == "open",
                BillRow.amount_paid_minor == 0,
                BillRow.net_payable_minor > 1000,
            )
            .order_by(BillRow.bill_no)
        ).first()
        connection.rollback()
    assert row is not None
    return row  # type: ignore[return-value]


def _bill(seeded: SeededUtility, bill_no: str) -> Any:
    with seeded.engine.connect() as connection:
        row = connection.execute(select(BillRow).where(BillRow.bill_no == bill_no)).one()
        connection.rollback()
    return row


def _payment(
    account_no: str,
    seq: int,
    tender_minor: int,
    allocations: tuple[tuple[str, int, int], ...] = (),
    payment_id: str | None = None,
) -> dict[str, object]:
    return {
        "payment_id": payment_id or str(uuid.uuid4()),
        "terminal_seq": seq,
        "receipt_no": f"R-{seq}",
        "account_no": account_no,
        "taken_at": datetime(2026, 11, 16, 10, 30, tzinfo=UTC).isoformat(),
        "operator": "cashier",
        "offline": True,
        "tenders": [
            {
                "kind": "cash",
                "amount": {"minor": tender_minor, "currency": "INR"},
                "reference": None,
                "bank": None,
                "instrument_date": None,
            }
        ],
        "allocations": [
            {"bill_no": b, "bill_version": v, "amount": {"minor": m, "currency": "INR"}}
            for b, v, m in allocations
        ],
    }


def _upload(client: httpx.Client, credential: str, *payments: object) -> BatchResult:
    answer = client.post(
        "/api/v1/payments", json={"payments": list(payments)}, headers=bearer(credential)
    )
    assert answer.status_code == 200, answer.text
    return batch_result_from_wire(answer.json())


def _count(seeded: SeededUtility, statement: Any) -> int:
    with seeded.engine.connect() as connection:
        value = int(connection.execute(statement).scalar_one())
        connection.rollback()
    return value


def _attention(seeded: SeededUtility, kind: str, subject: str) -> int:
    return _count(
        seeded,
        select(func.count())
        .select_from(AttentionRow)
        .where(AttentionRow.kind == kind, AttentionRow.subject.contains(subject)),
    )


def test_a_payment_pays_its_bill_and_every_counter_of_the_office_sees_it(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    payer = enrol_terminal(client, seeded, "BR-A")
    neighbour = enrol_terminal(client, seeded, "BR-A")
    elsewhere = enrol_terminal(client, seeded, "BR-B")
    cursors = {c: _end_of_feed(client, c) for c in (neighbour, elsewhere)}
    bill = _open_bill(seeded)
    payment = _payment(bill.account_no, 1, bill.net_payable_minor,
                       ((bill.bill_no, bill.version, bill.net_payable_minor),))  # fmt: skip
    result = _upload(client, payer, payment)
    outcome = result.outcomes[0]
    assert (outcome.payment_id, outcome.status, outcome.flags) == (
        payment["payment_id"],
        PaymentStatus.POSTED,
        (),
    )
    stored = _bill(seeded, bill.bill_no)
    assert (stored.status, stored.amount_paid_minor) == ("paid", bill.net_payable_minor)
    seen = _changes_after(client, neighbour, cursors[neighbour])
    posting = next(c.record for c in seen if c.entity is Entity.POSTING)
    assert isinstance(posting, PaymentPosting)
    assert posting.payment_id == payment["payment_id"]
    assert posting.amount.minor == bill.net_payable_minor
    paid_bill = next(c.record for c in seen if c.entity is Entity.BILL)
    assert isinstance(paid_bill, Bill) and paid_bill.outstanding.minor == 0
    assert all(
        c.key != payment["payment_id"]
        for c in _changes_after(client, elsewhere, cursors[elsewhere])
    )


def test_a_resend_gets_the_first_answer_and_changes_nothing(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bill = _open_bill(seeded)
    part = bill.net_payable_minor // 2
    payment = _payment(bill.account_no, 1, part, ((bill.bill_no, bill.version, part),))
    first = _upload(client, credential, payment)
    again = _upload(client, credential, {"x": "unreadable"}, payment)
    assert first.outcomes[0] == PaymentOutcome(0, payment["payment_id"], PaymentStatus.POSTED)
    assert again.outcomes[1] == PaymentOutcome(1, payment["payment_id"], PaymentStatus.POSTED)
    stored = _bill(seeded, bill.bill_no)
    assert (stored.status, stored.amount_paid_minor) == ("part_paid", part)
    rows = select(func.count()).select_from(PaymentRow)
    assert _count(seeded, rows.where(PaymentRow.payment_id == payment["payment_id"])) == 1


def test_the_same_uuid_with_different_content_is_a_conflict(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bill = _open_bill(seeded)
    payment = _payment(bill.account_no, 1, 1000)
    _upload(client, credential, payment)
    changed = _payment(bill.account_no, 1, 9000, payment_id=str(payment["payment_id"]))
    clash = _upload(client, credential, changed).outcomes[0]
    assert (clash.status, clash.error_code) == (PaymentStatus.CONFLICT, "payment_id_reused")
    with seeded.engine.connect() as connection:
        amount = connection.execute(
            select(PaymentRow.amount_minor).where(PaymentRow.payment_id == payment["payment_id"])
        ).scalar_one()
        connection.rollback()
    assert amount == 1000
    assert _attention(seeded, "payment_conflict", str(payment["payment_id"])) == 1
    reused_seq = _upload(client, credential, _payment(bill.account_no, 1, 500)).outcomes[0]
    assert (reused_seq.status, reused_seq.error_code) == (
        PaymentStatus.CONFLICT,
        "terminal_seq_reused",
    )


def test_money_for_a_changed_or_paid_bill_is_posted_as_credit_and_flagged(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bill = _open_bill(seeded)
    whole = bill.net_payable_minor
    stale = _payment(bill.account_no, 1, whole, ((bill.bill_no, bill.version + 1, whole),))
    outcome = _upload(client, credential, stale).outcomes[0]
    assert (outcome.status, outcome.flags) == (PaymentStatus.POSTED, ("bill_changed", "credit"))
    assert _bill(seeded, bill.bill_no).amount_paid_minor == 0
    assert _attention(seeded, "payment_on_changed_bill", str(stale["payment_id"])) == 1
    pays = _payment(bill.account_no, 2, whole, ((bill.bill_no, bill.version, whole),))
    late = _payment(bill.account_no, 3, whole, ((bill.bill_no, bill.version, whole),))
    result = _upload(client, credential, pays, late)
    assert [o.flags for o in result.outcomes] == [(), ("bill_changed", "credit")]
    assert _bill(seeded, bill.bill_no).amount_paid_minor == whole  # paid once, not twice
    with seeded.engine.connect() as connection:
        credit = connection.execute(
            select(PaymentRow.credit_minor).where(PaymentRow.payment_id == late["payment_id"])
        ).scalar_one()
        connection.rollback()
    assert credit == whole


def test_an_unallocated_remainder_is_credit(client: httpx.Client, seeded: SeededUtility) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bill = _open_bill(seeded)
    payment = _payment(bill.account_no, 1, 1500, ((bill.bill_no, bill.version, 1000),))
    assert _upload(client, credential, payment).outcomes[0].flags == ("credit",)
    assert _bill(seeded, bill.bill_no).amount_paid_minor == 1000


def test_a_payment_for_an_unknown_account_goes_to_suspense(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    payment = _payment("999999999999", 1, 25_000)
    outcome = _upload(client, credential, payment).outcomes[0]
    assert (outcome.status, outcome.flags) == (PaymentStatus.SUSPENSE, ("unknown_account",))
    assert _attention(seeded, "payment_in_suspense", str(payment["payment_id"])) == 1
    resent = _upload(client, credential, payment).outcomes[0]
    assert resent.status is PaymentStatus.SUSPENSE
    assert _attention(seeded, "payment_in_suspense", str(payment["payment_id"])) == 1


def test_the_answer_names_the_terminals_missing_sequence_numbers(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    account = _open_bill(seeded).account_no
    first = _upload(client, credential, *(_payment(account, s, 100) for s in (2, 3, 7)))
    assert first.gaps == ((1, 1), (4, 6))
    rest = _upload(client, credential, *(_payment(account, s, 100) for s in (1, 4, 5, 6)))
    assert rest.gaps == ()


def test_an_unreadable_item_is_rejected_kept_for_review_and_blocks_nothing(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    account = _open_bill(seeded).account_no
    broken = _payment(account, 1, 100)
    broken["tenders"] = [{"kind": "cash", "amount": {"minor": 12.5, "currency": "INR"}}]
    good = _payment(account, 2, 100)
    result = _upload(client, credential, broken, good)
    assert [o.status for o in result.outcomes] == [PaymentStatus.REJECTED, PaymentStatus.POSTED]
    rejected = result.outcomes[0]
    assert rejected.payment_id == broken["payment_id"] and rejected.error_code == "invalid_message"
    assert "payments[0].tenders[0].amount.minor" in (rejected.message or "")
    assert _attention(seeded, "payment_unreadable", str(broken["payment_id"])) == 1
    assert _count(
        seeded,
        select(func.count()).select_from(PaymentRow).where(
            PaymentRow.payment_id == broken["payment_id"]
        ),
    ) == 0  # fmt: skip


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"payments": []}, 422, "invalid_message"),
        ({"payments": "all"}, 422, "invalid_message"),
        ({"payment": []}, 422, "invalid_message"),
        ({"payments": [{}] * 501}, 422, "invalid_message"),
    ],
)
def test_a_malformed_upload_is_refused_whole(
    client: httpx.Client, seeded: SeededUtility, body: object, status: int, code: str
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    answer = client.post("/api/v1/payments", json=body, headers=bearer(credential))
    assert answer.status_code == status
    assert error_from_wire(answer.json()).code == code


def test_uploading_needs_a_credential(client: httpx.Client) -> None:
    answer = client.post("/api/v1/payments", json={"payments": [_payment("1", 1, 100)]})
    assert answer.status_code == 401


def test_one_payment_uploaded_at_once_from_four_connections_posts_once(
    server: LiveServer, client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    bill = _open_bill(seeded)
    part = bill.net_payable_minor // 3
    payment = _payment(bill.account_no, 1, part, ((bill.bill_no, bill.version, part),))
    start = threading.Barrier(4)
    results: list[BatchResult] = []

    def upload() -> None:
        with httpx.Client(base_url=server.base_url, timeout=30) as own:
            start.wait()
            results.append(_upload(own, credential, payment))

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert {(r.outcomes[0].status, r.outcomes[0].flags) for r in results} == {
        (PaymentStatus.POSTED, ())
    }
    assert _bill(seeded, bill.bill_no).amount_paid_minor == part


def _end_of_feed(client: httpx.Client, credential: str) -> int:
    after = 0
    while True:
        page = change_page_from_wire(
            client.get(
                "/api/v1/changes",
                params={"after": after, "limit": 10_000},
                headers=bearer(credential),
            ).json()
        )
        after = page.next_after
        if not page.more:
            return after


def _changes_after(client: httpx.Client, credential: str, after: int) -> list[Any]:
    page = change_page_from_wire(
        client.get(
            "/api/v1/changes", params={"after": after, "limit": 10_000}, headers=bearer(credential)
        ).json()
    )
    return list(page.changes)
