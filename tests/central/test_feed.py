"""The change feed: paged from zero to the end, strict on the wire, tombstones, gzip."""

from __future__ import annotations

import gzip
import json

import httpx
from sqlalchemy import select

from ebill_central.db.models import AccountRow, BillRow
from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import record_change
from ebill_central.services.organisation import add_operator
from ebill_core.money import Money
from ebill_core.passwords import verify_password
from ebill_core.protocol import Change, ChangeOp, ChangePage, Entity, change_page_from_wire
from ebill_core.records import Bill, Meter, Operator, PaymentPosting
from tests.central.conftest import SeededUtility, bearer, enrol_terminal


def _read_all(
    client: httpx.Client, credential: str, after: int = 0, limit: int = 97
) -> list[Change]:
    changes: list[Change] = []
    pages = 0
    while True:
        answer = client.get(
            "/api/v1/changes", params={"after": after, "limit": limit}, headers=bearer(credential)
        )
        assert answer.status_code == 200
        page = change_page_from_wire(answer.json())  # strict: every record decodes
        assert len(page.changes) <= limit
        changes.extend(page.changes)
        pages += 1
        if not page.more:
            assert page.next_after >= (page.changes[-1].seq if page.changes else after)
            return changes
        assert len(page.changes) == limit
        after = page.next_after
        assert pages < 10_000


def _office_rows(seeded: SeededUtility, column: object, office: str) -> set[str]:
    with seeded.engine.connect() as connection:
        query = (
            select(column).join_from(BillRow, AccountRow)
            if column is BillRow.bill_no
            else (select(column))
        )
        keys = set(connection.execute(query.where(AccountRow.office_code == office)).scalars())
        connection.rollback()
    return keys


def test_paging_from_zero_reaches_every_record_of_the_office_once(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    changes = _read_all(client, credential)
    seqs = [c.seq for c in changes]
    assert seqs == sorted(set(seqs))  # increasing, no repeats across pages
    accounts = [c.key for c in changes if c.entity is Entity.ACCOUNT]
    bills = [c for c in changes if c.entity is Entity.BILL]
    assert sorted(accounts) == sorted(_office_rows(seeded, AccountRow.account_no, "SD-014"))
    # A bill paid by another test appears again with its new state: compare the set.
    assert {c.key for c in bills} == _office_rows(seeded, BillRow.bill_no, "SD-014")
    first_bill = bills[0].record
    assert isinstance(first_bill, Bill) and first_bill.lines
    assert sum((line.amount for line in first_bill.lines), Money.zero()) == (
        first_bill.current_charges
    )
    # (Other tests on this shared database add meter tombstones; the seed's are upserts.)
    meters = [c.record for c in changes if c.entity is Entity.METER and c.op is ChangeOp.UPSERT]
    assert meters and all(isinstance(m, Meter) for m in meters)
    postings = [c.record for c in changes if isinstance(c.record, PaymentPosting)]
    assert postings and all(p.paid_at.tzinfo is not None for p in postings)
    # Operators travel with their hashes, so a cashier can log in offline.
    cashier = next(c.record for c in changes if c.key == "cashier")
    assert isinstance(cashier, Operator)
    assert verify_password(cashier.password_hash, "cashier-demo")
    # From the last cursor there is nothing more.
    assert _read_all(client, credential, after=seqs[-1]) == []


def test_new_changes_arrive_after_the_cursor_and_deletions_as_tombstones(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    cursor = _read_all(client, credential, limit=5000)[-1].seq
    add_operator(seeded.engine, "feed.tester", "Feed Tester", "cashier", "SD-014", "x" * 12)
    with seeded.engine.begin() as connection:
        record_change(connection, Entity.METER, "GONE-0001", office_scope("SD-014"), None)
        record_change(connection, Entity.METER, "GONE-0002", office_scope("SD-022"), None)
    fresh = _read_all(client, credential, after=cursor)
    assert [(c.entity, c.key, c.op) for c in fresh if c.key in {"feed.tester", "GONE-0001"}] == [
        (Entity.OPERATOR, "feed.tester", ChangeOp.UPSERT),
        (Entity.METER, "GONE-0001", ChangeOp.DELETE),
    ]
    tombstone = next(c for c in fresh if c.key == "GONE-0001")
    assert tombstone.record is None
    assert all(c.key != "GONE-0002" for c in fresh)  # another office's deletion


def test_pages_are_gzipped_when_the_client_accepts_it(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-A")
    params = {"after": 0, "limit": 1000}
    headers = bearer(credential)
    plain = client.get(
        "/api/v1/changes", params=params, headers={**headers, "Accept-Encoding": "identity"}
    )
    assert "content-encoding" not in plain.headers
    with client.stream(
        "GET", "/api/v1/changes", params=params, headers={**headers, "Accept-Encoding": "gzip"}
    ) as zipped:
        assert zipped.headers["content-encoding"] == "gzip"
        raw = b"".join(zipped.iter_raw())
    assert len(raw) * 4 < len(plain.content)
    assert json.loads(gzip.decompress(raw)) == plain.json()


def test_the_cursor_moves_past_other_offices_changes(
    client: httpx.Client, seeded: SeededUtility
) -> None:
    credential = enrol_terminal(client, seeded, "BR-B")  # office SD-011
    cursor = _read_all_pages(client, credential)
    with seeded.engine.begin() as connection:
        for number in range(5):
            record_change(connection, Entity.METER, f"SKIP-{number}", office_scope("SD-014"), None)
    page = _page(client, credential, cursor)
    assert page.changes == () and page.next_after > cursor  # nothing for us, but moved on
    with seeded.engine.begin() as connection:
        record_change(connection, Entity.METER, "MINE-1", office_scope("SD-011"), None)
    mine = _page(client, credential, page.next_after)
    assert [c.key for c in mine.changes] == ["MINE-1"]


def _page(client: httpx.Client, credential: str, after: int) -> ChangePage:
    answer = client.get(
        "/api/v1/changes", params={"after": after, "limit": 10_000}, headers=bearer(credential)
    )
    return change_page_from_wire(answer.json())


def _read_all_pages(client: httpx.Client, credential: str) -> int:
    after = 0
    while True:
        page = _page(client, credential, after)
        after = page.next_after
        if not page.more:
            return after
