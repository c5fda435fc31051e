"""Cash control at head office: shift closes reconciled, reversals, cheque bounces, audit chains.

A real server on loopback over a small utility of this module's own, on SQLite and (when
``EBILL_TEST_POSTGRES_URL`` is set) PostgreSQL.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from ebill_central.db.models import (
    AccountChargeRow,
    AttentionRow,
    AuditEntryRow,
    ChangeRow,
    ChequeBarRow,
    ChequeBounceRow,
    PostingRow,
    ReversalRow,
    ReversedAllocationRow,
    ShiftCloseRow,
    ShiftTenderTotalRow,
)
from ebill_central.services.pending import apply_pending
from ebill_core.audit_chain import AuditEntry, entry_digest, genesis_digest
from ebill_core.money import Money
from ebill_core.protocol import audit_chain_terminal
from ebill_core.protocol.cash_control import audit_entry_to_wire
from ebill_core.protocol.cash_control_answers import (
    ApplyStatus,
    ShiftCloseStatus,
    audit_answer_from_wire,
    cheque_bounce_answer_from_wire,
    reversal_answer_from_wire,
    shift_close_answer_from_wire,
)
from tests.central.cash_control_support import (
    BOUNCE_CHARGE_MINOR,
    SHIFT_START,
    attention,
    bill,
    bounce,
    cash,
    cheque,
    count,
    open_bill,
    own_utility,
    payment,
    post,
    reversal,
    rows,
    terminal_id,
    upload,
)
from tests.central.conftest import Databases, LiveServer, SeededUtility, enrol_terminal


@pytest.fixture(scope="module")
def utility(databases: Databases) -> Iterator[SeededUtility]:
    with own_utility(databases) as made:
        yield made


@pytest.fixture(scope="module")
def live(utility: SeededUtility) -> Iterator[LiveServer]:
    server = LiveServer(utility.settings, utility.engine)
    yield server
    server.stop()


@pytest.fixture
def http(live: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live.base_url, timeout=30) as client:
        yield client


# -- shift close -----------------------------------------------------------------------------


def _shift(
    credential: str,
    operator: str,
    tenders: list[tuple[str, int, int]],
    receipts: tuple[int, str | None, str | None],
    voids: tuple[int, int] = (0, 0),
    shift_id: str | None = None,
) -> dict[str, object]:
    def money(minor: int) -> dict[str, object]:
        return {"minor": minor, "currency": "INR"}

    return {
        "shift_id": shift_id or str(uuid.uuid4()),
        "terminal_id": terminal_id(credential),
        "branch_code": "BR-CC",
        "operator": operator,
        "opened_at": SHIFT_START.isoformat(),
        "closed_at": (SHIFT_START + timedelta(hours=8)).isoformat(),
        "opening_float": money(200_000),
        "tenders": [{"kind": k, "count": c, "total": money(m)} for k, c, m in tenders],
        "receipts": receipts[0],
        "first_receipt_no": receipts[1],
        "last_receipt_no": receipts[2],
        "voids": {"count": voids[0], "total": money(voids[1])},
        "reprints": 1,
        "drops": {"count": 1, "total": money(100_000)},
        "pay_outs": {"count": 0, "total": money(0)},
        "over_short": money(-500),
        "unsynced": 0,
    }


def _inr(minor: int) -> dict[str, object]:
    return {"minor": minor, "currency": "INR"}


def _shift_payments(http: httpx.Client, utility: SeededUtility, credential: str) -> str:
    """Two payments by a fresh operator in the shift (one outside it): cash 300.00 and
    cash 100.00 + cheque 150.00; the operator's login."""
    operator = f"op-{uuid.uuid4().hex[:8]}"
    account = open_bill(utility).account_no
    upload(
        http,
        credential,
        payment(account, 1, [cash(30_000)], operator=operator),
        payment(account, 2, [cash(10_000), cheque(15_000, "400001")], operator=operator),
        payment(
            account, 3, [cash(99_900)], operator=operator, taken_at=SHIFT_START - timedelta(hours=1)
        ),
    )
    return operator


def test_a_shift_close_that_matches_is_reconciled_and_raises_nothing(
    http: httpx.Client, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    operator = _shift_payments(http, utility, credential)
    body = _shift(
        credential,
        operator,
        [("cash", 2, 40_000), ("cheque", 1, 15_000)],
        (2, "R-000001", "R-000002"),
    )
    answer = post(http, credential, "shift-closes", body)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "shift_id": body["shift_id"],
        "status": "reconciled",
        "differences": [],
    }
    assert attention(utility, "shift_close_mismatch", str(body["shift_id"])) == []
    assert (
        count(
            utility,
            select(ShiftCloseRow.reconciled).where(ShiftCloseRow.shift_id == body["shift_id"]),
        )
        == 1
    )
    # A resend gets the first answer; the same UUID with other figures is refused.
    again = post(http, credential, "shift-closes", body)
    assert again.status_code == 200 and again.json() == answer.json()
    changed = {**body, "reprints": 2}
    clash = post(http, credential, "shift-closes", changed)
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "shift_id_reused"


def test_a_control_total_mismatch_is_flagged_with_the_figures(
    http: httpx.Client, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    operator = _shift_payments(http, utility, credential)
    # The counter says 3 cash tenders for 410.00 and no cheque; it also claims a void.
    body = _shift(
        credential, operator, [("cash", 3, 41_000)], (2, "R-000001", "R-000002"), voids=(1, 100)
    )
    answer = post(http, credential, "shift-closes", body)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert shift_close_answer_from_wire(found).status is ShiftCloseStatus.MISMATCH
    assert {"what": "cash count", "counter": "3", "server": "2"} in found["differences"]
    cash_total = {"what": "cash total", "counter": str(Money(41_000)), "server": str(Money(40_000))}
    assert cash_total in found["differences"]
    assert [d["what"] for d in found["differences"]] == [
        "cash count",
        "cash total",
        "cheque count",
        "cheque total",
        "voids count",
        "voids total",
    ]
    details = attention(utility, "shift_close_mismatch", str(body["shift_id"]))
    assert len(details) == 1
    assert f"operator {operator}" in details[0] and "cash count: counter 3, server 2" in details[0]
    with utility.engine.connect() as connection:
        totals = connection.execute(
            select(ShiftTenderTotalRow).where(ShiftTenderTotalRow.shift_id == body["shift_id"])
        ).all()
        connection.rollback()
    by_kind = {t.kind: t for t in totals}
    assert (by_kind["cash"].reported_minor, by_kind["cash"].held_minor) == (41_000, 40_000)
    assert (by_kind["cheque"].reported_count, by_kind["cheque"].held_count) == (0, 1)


def test_a_shift_close_names_its_own_terminal(http: httpx.Client, utility: SeededUtility) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    other = enrol_terminal(http, utility, "BR-CC")
    body = _shift(other, "cashier", [], (0, None, None))
    before = rows(utility, ShiftCloseRow)
    answer = post(http, credential, "shift-closes", body)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "other_terminal"
    assert rows(utility, ShiftCloseRow) == before


# -- reversals -------------------------------------------------------------------------------


def _paid_bill(http: httpx.Client, utility: SeededUtility, credential: str) -> tuple[Any, str]:
    """An open bill paid in full (plus 50.00 credit) by a new payment: (bill, payment UUID)."""
    target = open_bill(utility)
    due = int(target.net_payable_minor)
    body = payment(
        target.account_no, 1, [cash(due + 5_000)], ((target.bill_no, target.version, due),)
    )
    upload(http, credential, body)
    assert bill(utility, target.bill_no).status == "paid"
    return target, str(body["payment_id"])


def _changes(utility: SeededUtility, entity: str, key: str) -> list[tuple[str, str | None]]:
    with utility.engine.connect() as connection:
        found = connection.execute(
            select(ChangeRow.op, ChangeRow.payload)
            .where(ChangeRow.entity == entity, ChangeRow.key == key)
            .order_by(ChangeRow.change_id)
        ).all()
        connection.rollback()
    return [(op, payload) for op, payload in found]


def test_a_reversal_makes_the_bills_owe_again(http: httpx.Client, utility: SeededUtility) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    target, payment_id = _paid_bill(http, utility, credential)
    body = reversal(payment_id)
    answer = post(http, credential, "reversals", body)
    assert answer.status_code == 200, answer.text
    assert reversal_answer_from_wire(answer.json()).status is ApplyStatus.APPLIED
    due = int(target.net_payable_minor)
    assert answer.json() == {
        "reversal_id": body["reversal_id"],
        "payment_id": payment_id,
        "status": "applied",
        "reversed": {"minor": due + 5_000, "currency": "INR"},
    }
    after = bill(utility, target.bill_no)
    assert (after.status, after.amount_paid_minor) == ("open", 0)
    # Every counter of the office hears: the bill owes again, the posting is withdrawn.
    assert _changes(utility, "bill", target.bill_no)[-1][1] is not None
    assert '"status":"open"' in str(_changes(utility, "bill", target.bill_no)[-1][1])
    assert _changes(utility, "posting", payment_id)[-1] == ("delete", None)
    assert (
        count(
            utility,
            select(func.count()).select_from(PostingRow).where(PostingRow.payment_id == payment_id),
        )
        == 0
    )
    # Resend: the first answer, nothing more taken back.
    again = post(http, credential, "reversals", body)
    assert again.status_code == 200 and again.json() == answer.json()
    assert bill(utility, target.bill_no).amount_paid_minor == 0
    clash = post(http, credential, "reversals", {**body, "reason_code": "other"})
    assert (clash.status_code, clash.json()["error"]["code"]) == (409, "reversal_id_reused")
    second = post(http, credential, "reversals", reversal(payment_id))
    assert (second.status_code, second.json()["error"]["code"]) == (
        409,
        "payment_already_reversed",
    )


def test_one_reversal_sent_four_times_at_once_is_applied_once(
    http: httpx.Client, live: LiveServer, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    target, payment_id = _paid_bill(http, utility, credential)
    body = reversal(payment_id)
    answers: list[httpx.Response] = []
    start = threading.Barrier(4)

    def send() -> None:
        with httpx.Client(base_url=live.base_url, timeout=30) as own:
            start.wait()
            answers.append(post(own, credential, "reversals", body))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [200] * 4, [a.text for a in answers]
    assert len({a.text for a in answers}) == 1
    assert bill(utility, target.bill_no).amount_paid_minor == 0
    taken = count(
        utility,
        select(func.sum(ReversedAllocationRow.amount_minor)).where(
            ReversedAllocationRow.payment_id == payment_id
        ),
    )
    assert taken == int(target.net_payable_minor) + 5_000


def test_another_branch_cannot_reverse_a_payment(
    http: httpx.Client, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    stranger = enrol_terminal(http, utility, "BR-CD")
    target, payment_id = _paid_bill(http, utility, credential)
    before = rows(utility, ReversalRow)
    answer = post(http, stranger, "reversals", reversal(payment_id))
    assert (answer.status_code, answer.json()["error"]["code"]) == (403, "other_branch")
    assert rows(utility, ReversalRow) == before
    assert bill(utility, target.bill_no).status == "paid"
    refused = post(http, stranger, "cheque-bounces", bounce(payment_id, position=0))
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "other_branch")


def test_a_reversal_before_its_payment_waits_for_it(
    http: httpx.Client, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    target = open_bill(utility)
    due = int(target.net_payable_minor)
    body = payment(target.account_no, 1, [cash(due)], ((target.bill_no, target.version, due),))
    early = reversal(str(body["payment_id"]))
    answer = post(http, credential, "reversals", early)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "pending" and answer.json()["reversed"] is None
    assert len(attention(utility, "reversal_pending", str(body["payment_id"]))) == 1
    upload(http, credential, body)  # the upload itself applies what waited for the payment
    assert bill(utility, target.bill_no).status == "open"
    assert apply_pending(utility.engine) == 0  # nothing left waiting
    with utility.engine.connect() as connection:
        status = connection.execute(
            select(ReversalRow.status).where(ReversalRow.reversal_id == early["reversal_id"])
        ).scalar_one()
        connection.rollback()
    assert status == "applied"
    # The resend still gets the first answer (what the terminal's outbox was told).
    assert post(http, credential, "reversals", early).json() == answer.json()


# -- cheque bounce ---------------------------------------------------------------------------


def test_a_bounced_cheque_is_taken_back_charged_and_bars_the_account(
    http: httpx.Client, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    target = open_bill(utility)
    due = int(target.net_payable_minor)
    part = due // 2
    body = payment(
        target.account_no,
        1,
        [cash(due - part), cheque(part, "700123")],
        ((target.bill_no, target.version, due),),
    )
    upload(http, credential, body)
    assert bill(utility, target.bill_no).status == "paid"
    sent = bounce(str(body["payment_id"]), cheque_no="700123")
    answer = post(http, credential, "cheque-bounces", sent)
    assert answer.status_code == 200, answer.text
    assert cheque_bounce_answer_from_wire(answer.json()).cheque_barred
    assert answer.json() == {
        "bounce_id": sent["bounce_id"],
        "payment_id": body["payment_id"],
        "status": "applied",
        "tender_position": 1,
        "cheque": {"minor": part, "currency": "INR"},
        "reversed": {"minor": part, "currency": "INR"},
        "charge": {"minor": BOUNCE_CHARGE_MINOR, "currency": "INR"},
        "account_no": target.account_no,
        "cheque_barred": True,
    }
    after = bill(utility, target.bill_no)
    assert (after.status, after.amount_paid_minor) == ("part_paid", due - part)
    with utility.engine.connect() as connection:
        charge = connection.execute(
            select(AccountChargeRow).where(AccountChargeRow.source_id == sent["bounce_id"])
        ).one()
        bar = connection.execute(
            select(ChequeBarRow).where(ChequeBarRow.account_no == target.account_no)
        ).one()
        connection.rollback()
    assert (charge.account_no, charge.amount_minor, charge.kind) == (
        target.account_no,
        BOUNCE_CHARGE_MINOR,
        "cheque_bounce",
    )
    assert (
        bar.reason == "cheque 700123 returned unpaid (NSF)" and bar.bounce_id == sent["bounce_id"]
    )
    # The posting now shows what is left; the account is re-published to its office.
    posting = _changes(utility, "posting", str(body["payment_id"]))[-1]
    assert posting[0] == "upsert" and f'"minor":{due - part}' in str(posting[1])
    assert _changes(utility, "account", target.account_no)[-1][0] == "upsert"
    # Resend: the first answer; nothing charged twice.
    again = post(http, credential, "cheque-bounces", sent)
    assert again.json() == answer.json()
    assert (
        count(
            utility,
            select(func.count())
            .select_from(AccountChargeRow)
            .where(AccountChargeRow.source_id == sent["bounce_id"]),
        )
        == 1
    )
    twice = post(http, credential, "cheque-bounces", bounce(str(body["payment_id"]), position=1))
    assert (twice.status_code, twice.json()["error"]["code"]) == (409, "cheque_already_bounced")


def test_only_a_cheque_tender_can_bounce(http: httpx.Client, utility: SeededUtility) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    target = open_bill(utility)
    body = payment(target.account_no, 1, [cash(10_000), cheque(5_000, "900001")])
    upload(http, credential, body)
    before = rows(utility, ChequeBounceRow)
    for wrong in (
        bounce(str(body["payment_id"]), position=0),  # the cash tender
        bounce(str(body["payment_id"]), cheque_no="999999"),  # no such cheque
        bounce(str(body["payment_id"]), position=1, cheque_no="111111"),  # names disagree
    ):
        answer = post(http, credential, "cheque-bounces", wrong)
        assert (answer.status_code, answer.json()["error"]["code"]) == (422, "no_such_cheque")
    assert rows(utility, ChequeBounceRow) == before
    assert (
        count(
            utility,
            select(func.count())
            .select_from(ChequeBarRow)
            .where(ChequeBarRow.account_no == target.account_no),
        )
        == 0
    )


# -- audit -----------------------------------------------------------------------------------


def _chain(tid: int, count_: int, start: int = 1, prev: str | None = None) -> list[AuditEntry]:
    entries: list[AuditEntry] = []
    prev = prev or genesis_digest(audit_chain_terminal(tid))
    for seq in range(start, start + count_):
        at = datetime.fromisoformat("2026-11-16T09:00:00+05:30") + timedelta(minutes=seq)
        detail: dict[str, object] = {"receipt_no": f"R-{seq}", "copies": seq}
        digest = entry_digest(prev, seq, at, "ravi", "reprint", detail)
        entries.append(AuditEntry(seq, at, "ravi", "reprint", detail, prev, digest))
        prev = digest
    return entries


def _send(http: httpx.Client, credential: str, entries: list[AuditEntry]) -> httpx.Response:
    body = {"entries": [audit_entry_to_wire(e) for e in entries]}
    return post(http, credential, "audit", body)


def _stored(utility: SeededUtility, tid: int) -> int:
    return count(
        utility,
        select(func.count()).select_from(AuditEntryRow).where(AuditEntryRow.terminal_id == tid),
    )


def test_an_audit_chain_is_accepted_in_runs_and_resends_are_harmless(
    http: httpx.Client, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    tid = terminal_id(credential)
    chain = _chain(tid, 8)
    first = _send(http, credential, chain[:5])
    assert first.status_code == 200, first.text
    assert audit_answer_from_wire(first.json()).last_seq == 5
    assert first.json() == {"accepted": 5, "last_seq": 5, "last_digest": chain[4].digest}
    overlapping = _send(http, credential, chain[3:])  # 4 and 5 again, then 6-8
    assert overlapping.json() == {"accepted": 3, "last_seq": 8, "last_digest": chain[7].digest}
    again = _send(http, credential, chain[6:])
    assert again.json() == {"accepted": 0, "last_seq": 8, "last_digest": chain[7].digest}
    assert _stored(utility, tid) == 8


def _edited(entries: list[AuditEntry], index: int) -> list[AuditEntry]:
    entries = list(entries)
    entries[index] = AuditEntry(**{**_fields(entries[index]), "actor": "mallory"})
    return entries


def _resealed(entries: list[AuditEntry], index: int) -> list[AuditEntry]:
    entries = list(entries)
    e = entries[index]
    detail = {"receipt_no": "R-forged", "copies": 1}
    entries[index] = AuditEntry(
        e.seq,
        e.at,
        e.actor,
        e.action,
        detail,
        e.prev_digest,
        entry_digest(e.prev_digest, e.seq, e.at, e.actor, e.action, detail),
    )
    return entries


def _fields(entry: AuditEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in AuditEntry.__slots__}


def _deleted(entries: list[AuditEntry], index: int) -> list[AuditEntry]:
    return entries[:index] + entries[index + 1 :]


def _inserted(entries: list[AuditEntry], index: int) -> list[AuditEntry]:
    e = entries[index - 1]
    detail = {"note": "slipped in"}
    extra = AuditEntry(
        e.seq,
        e.at,
        "mallory",
        "drawer_open",
        detail,
        e.prev_digest,
        entry_digest(e.prev_digest, e.seq, e.at, "mallory", "drawer_open", detail),
    )
    return [*entries[:index], extra, *entries[index:]]


@pytest.mark.parametrize(
    ("tamper", "code", "seq"),
    [
        (lambda c: _edited(c, 6), "audit_chain_edited", 7),
        (lambda c: _resealed(c, 6), "audit_chain_edited", 7),
        (lambda c: _deleted(c, 6), "audit_chain_deleted", 8),
        (lambda c: _inserted(c, 6), "audit_chain_inserted", 6),
        (lambda c: _edited(c, 1), "audit_chain_edited", 2),  # a held entry, sent again changed
    ],
    ids=["edited", "edited-and-resealed", "deleted", "inserted", "held-entry-changed"],
)
def test_a_tampered_audit_upload_is_refused_and_flagged(
    http: httpx.Client, utility: SeededUtility, tamper: Any, code: str, seq: int
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    tid = terminal_id(credential)
    chain = _chain(tid, 10)
    assert _send(http, credential, chain[:5]).status_code == 200
    answer = _send(http, credential, tamper(chain)[1:])
    assert answer.status_code == 409, answer.text
    error = answer.json()["error"]
    assert error["code"] == code and error["message"].startswith(f"entry {seq}:"), error
    assert _stored(utility, tid) == 5  # nothing of the upload was kept
    flagged = attention(utility, "audit_chain_broken", f"terminal {tid}")
    assert len(flagged) == 1 and f"at entry {seq}" in flagged[0]
    # The untampered rest is still welcome.
    assert _send(http, credential, chain[5:]).json()["accepted"] == 5


def test_another_terminals_chain_is_refused(http: httpx.Client, utility: SeededUtility) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    other = terminal_id(enrol_terminal(http, utility, "BR-CC"))
    answer = _send(http, credential, _chain(other, 3))
    assert (answer.status_code, answer.json()["error"]["code"]) == (409, "audit_chain_inserted")


# -- authentication and bad input ------------------------------------------------------------

_PATHS = ("shift-closes", "reversals", "cheque-bounces", "audit")


def _written(utility: SeededUtility) -> tuple[int, ...]:
    return tuple(
        rows(utility, model)
        for model in (
            ShiftCloseRow,
            ReversalRow,
            ChequeBounceRow,
            AuditEntryRow,
            AttentionRow,
            AccountChargeRow,
        )
    )


def test_every_route_wants_a_terminal_credential(
    http: httpx.Client, utility: SeededUtility
) -> None:
    before = _written(utility)
    for path in _PATHS:
        answer = post(http, None, path, {})
        assert (answer.status_code, answer.json()["error"]["code"]) == (401, "credential_missing")
        forged = post(http, "1.not-a-secret", path, {})
        assert forged.status_code == 401
    assert _written(utility) == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("reversals", {**reversal(str(uuid.uuid4())), "payment_id": "nope"}, "payment_id"),
        ("reversals", {**reversal(str(uuid.uuid4())), "at": "2026-11-16T10:00:00"}, "at"),
        ("reversals", {**reversal(str(uuid.uuid4())), "extra": 1}, "extra"),
        ("cheque-bounces", bounce(str(uuid.uuid4())), "tender_position"),
        (
            "cheque-bounces",
            {**bounce(str(uuid.uuid4()), position=0), "reason_code": "N S F"},
            "reason_code",
        ),
        ("audit", {"entries": []}, "entries"),
        ("audit", {"entries": [{"seq": 1}]}, "entries[0]"),
        ("shift-closes", {"shift_id": str(uuid.uuid4())}, "terminal_id"),
        ("shift-closes", [], ""),
    ],
)
def test_bad_input_is_a_4xx_and_changes_nothing(
    http: httpx.Client, utility: SeededUtility, path: str, body: object, field: str
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    before = _written(utility)
    answer = post(http, credential, path, body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["code"] == "invalid_message"
    assert field in answer.json()["error"]["message"]
    raw = http.post(
        f"/api/v1/{path}",
        content=b"{not json",
        headers={"Authorization": f"Bearer {credential}", "Content-Type": "application/json"},
    )
    assert (raw.status_code, raw.json()["error"]["code"]) == (400, "invalid_json")
    assert _written(utility) == before


def test_shift_close_figures_that_cannot_add_up_are_refused(
    http: httpx.Client, utility: SeededUtility
) -> None:
    credential = enrol_terminal(http, utility, "BR-CC")
    good = _shift(credential, "cashier", [("cash", 1, 100)], (1, "R-1", "R-1"))
    before = _written(utility)
    for bad in (
        {**good, "closed_at": "2026-11-15T09:00:00+05:30"},  # closes before it opens
        {**good, "tenders": [{"kind": "cash", "count": 0, "total": _inr(5)}]},
        {**good, "receipts": 0},  # names receipts it does not have
        {**good, "opening_float": {"minor": 100.5, "currency": "INR"}},
        {**good, "over_short": {"minor": 1, "currency": "USD"}},
    ):
        answer = post(http, credential, "shift-closes", bad)
        assert answer.status_code == 422, (bad, answer.text)
    assert _written(utility) == before
