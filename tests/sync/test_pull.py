"""The change feed puller against a real central server: first sync, resume, later changes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from ebill_central.feed.scopes import office_scope
from ebill_central.feed.writer import record_change
from ebill_central.services.organisation import add_operator
from ebill_core.protocol import Entity
from ebill_desktop.services.lookup import LookupService
from ebill_desktop.storage import change_apply
from ebill_desktop.storage.change_apply import offline_policy
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.storage.search_text import fold
from ebill_desktop.sync import puller
from ebill_desktop.sync.http import CentralUnreachable, CredentialRefused
from ebill_desktop.sync.puller import FEED_CURSOR, PullReport, pull_changes, stored_cursor
from tests.sync.conftest import BRANCH, CentralServer, EnrolledTerminal, enrol_terminal

OFFICE = "SD-014"
PAGE = 400  # small pages, so the 200-customer feed takes several

# What the cache holds, by natural keys only (internal ids may differ between two caches).
DIGEST_QUERIES = {
    "offices": "SELECT code, name FROM offices ORDER BY code",
    "categories": "SELECT * FROM categories ORDER BY code",
    "tariffs": "SELECT code, version, effective_from, body_json FROM tariffs "
    "ORDER BY code, version",
    "consumers": "SELECT * FROM consumers ORDER BY consumer_id",
    "accounts": "SELECT account_no, legacy_no, consumer_id, address, category_code, tariff_code, "
    "supply_type, voltage_v, sanctioned_load_w, office_code, pole, connected_on, status, "
    "currency FROM accounts ORDER BY account_no",
    "meters": "SELECT m.meter_no, a.account_no, m.multiplying_factor, m.digits, m.registers_json, "
    "m.installed_on, m.removed_on FROM meters m JOIN accounts a ON a.id = m.account_id "
    "ORDER BY m.meter_no",
    "bills": "SELECT b.bill_no, a.account_no, b.version, b.bill_date, b.due_date, b.units, "
    "b.currency, b.net_payable_minor, b.amount_paid_minor, b.arrears_minor, b.status "
    "FROM bills b JOIN accounts a ON a.id = b.account_id ORDER BY b.bill_no",
    "bill_lines": "SELECT b.bill_no, l.seq, l.code, l.quantity, l.rate, l.amount_minor "
    "FROM bill_lines l JOIN bills b ON b.id = l.bill_id ORDER BY b.bill_no, l.seq",
    "bill_registers": "SELECT b.bill_no, r.seq, r.meter_no, r.present, r.units "
    "FROM bill_registers r JOIN bills b ON b.id = r.bill_id ORDER BY b.bill_no, r.seq",
    "consumption": "SELECT a.account_no, c.period_end, c.units, c.kind FROM consumption c "
    "JOIN accounts a ON a.id = c.account_id ORDER BY a.account_no, c.period_end",
    "postings": "SELECT p.payment_id, a.account_no, p.paid_at, p.amount_minor, p.currency, "
    "p.channel, p.place FROM payment_postings p JOIN accounts a ON a.id = p.account_id "
    "ORDER BY p.payment_id",
    "operators": "SELECT * FROM operators ORDER BY login",
    "sync_state": "SELECT key, value FROM sync_state WHERE key <> 'data_as_of' ORDER BY key",
}


def digest(db: CacheDatabase) -> dict[str, list[tuple[object, ...]]]:
    reader = db.reader()
    return {name: reader.execute(query).fetchall() for name, query in DIGEST_QUERIES.items()}


def search_index_rows(db: CacheDatabase, words: str) -> set[str]:
    """Account numbers the full-text index finds for all of ``words`` (each 3+ letters)."""
    match = " AND ".join(f'"{fold(word)}"' for word in words.split())
    rows = db.reader().execute(
        "SELECT a.account_no FROM account_search JOIN accounts a ON a.id = account_search.rowid "
        "WHERE account_search MATCH ?",
        (match,),
    )
    return {no for (no,) in rows}


def check_search_index(db: CacheDatabase) -> None:
    """The contentless index agrees with the tables: every account findable, nothing extra."""
    reader = db.reader()
    for account_id, name in reader.execute(
        "SELECT a.id, c.name FROM accounts a JOIN consumers c USING (consumer_id)"
    ).fetchall():
        word = max(name.split(), key=len)
        hits = reader.execute(
            "SELECT rowid FROM account_search WHERE account_search MATCH ?",
            (f'"{fold(word)}"',),
        ).fetchall()
        assert (account_id,) in hits, f"account {account_id} ({name}) is not in the index"
    count = reader.execute("SELECT COUNT(*) FROM account_search").fetchone()[0]
    assert count == reader.execute("SELECT COUNT(*) FROM accounts").fetchone()[0]


def server_accounts(central: CentralServer, office: str = OFFICE) -> set[str]:
    with central.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT account_no FROM accounts WHERE office_code = :office"), {"office": office}
        )
        return {no for (no,) in rows}


def full_sync(terminal: EnrolledTerminal, **options: object) -> PullReport:
    with terminal.connection() as connection:
        return pull_changes(terminal.db, connection, page_size=PAGE, **options)  # type: ignore[arg-type]


@pytest.fixture
def second(central: CentralServer, tmp_path: Path) -> Iterator[EnrolledTerminal]:
    """Another terminal of the same branch, for comparing end states."""
    other = enrol_terminal(central, tmp_path / "second-terminal")
    yield other
    other.db.close()


def test_first_sync_fills_the_cache(terminal: EnrolledTerminal, central: CentralServer) -> None:
    seen: list[tuple[int, int]] = []
    report = full_sync(terminal, progress=lambda done, total: seen.append((done, total)))

    assert report.complete and report.pages >= 3
    assert stored_cursor(terminal.db) == report.cursor > 0
    assert terminal.db.data_as_of() == report.data_as_of is not None
    cached = {no for (no,) in terminal.db.reader().execute("SELECT account_no FROM accounts")}
    assert cached == server_accounts(central) and len(cached) > 10
    assert report.applied.upserts[Entity.ACCOUNT] == len(cached)
    # Progress: after every page, growing, ending at everything with an exact total.
    assert len(seen) == report.pages
    assert [done for done, _ in seen] == sorted({done for done, _ in seen})
    assert seen[-1] == (report.changes, report.changes)
    assert all(total >= done for done, total in seen)
    # Bills, operators (with their hashes, for offline log-in) and the branch's policy came too.
    db = terminal.db
    assert db.reader().execute("SELECT COUNT(*) FROM bills").fetchone()[0] >= len(cached)
    assert db.reader().execute("SELECT COUNT(*) FROM bill_lines").fetchone()[0] > 0
    logins = {r[0] for r in db.reader().execute("SELECT login FROM operators")}
    assert "cashier" in logins
    policy = offline_policy(db)
    assert policy is not None and policy.branch_code == BRANCH
    assert policy.max_per_payment.currency == db.currency() == "INR"
    check_search_index(db)


def test_the_lookup_finds_synced_accounts(terminal: EnrolledTerminal) -> None:
    full_sync(terminal)
    account_no, name = (
        terminal.db.reader()
        .execute(
            "SELECT a.account_no, c.name FROM accounts a JOIN consumers c USING (consumer_id) "
            "ORDER BY a.account_no LIMIT 1"
        )
        .fetchone()
    )
    lookup = LookupService(terminal.db)
    exact = lookup.search(account_no)
    assert [hit.account_no for hit in exact.hits] == [account_no]
    by_name = lookup.search(name)
    assert account_no in {hit.account_no for hit in by_name.hits}
    assert exact.hits[0].outstanding.currency == "INR"


def test_a_second_sync_with_nothing_new_changes_nothing(terminal: EnrolledTerminal) -> None:
    first = full_sync(terminal)
    before = digest(terminal.db)
    again = full_sync(terminal)
    assert again.complete and again.changes == 0 and again.cursor == first.cursor
    assert again.data_as_of is not None and first.data_as_of is not None
    assert again.data_as_of >= first.data_as_of
    assert terminal.db.data_as_of() == again.data_as_of
    assert digest(terminal.db) == before


def test_a_pull_stopped_after_some_pages_resumes_exactly(
    terminal: EnrolledTerminal, second: EnrolledTerminal
) -> None:
    part = full_sync(terminal, max_pages=2)
    assert part.pages == 2 and not part.complete
    assert stored_cursor(terminal.db) == part.cursor
    assert terminal.db.data_as_of() is None  # not up to date yet: no "data as of"
    rest = full_sync(terminal)
    assert rest.complete and rest.changes > 0
    whole = full_sync(second)
    assert part.changes + rest.changes == whole.changes
    assert digest(terminal.db) == digest(second.db)
    check_search_index(terminal.db)


def test_a_page_cut_short_by_a_crash_is_not_half_applied(
    terminal: EnrolledTerminal, second: EnrolledTerminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    full_sync(terminal, max_pages=1)
    before, cursor = digest(terminal.db), stored_cursor(terminal.db)

    def apply_then_die(connection: object, changes: object) -> object:
        change_apply.apply_changes(connection, changes)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # the process is stopped after writing, before committing

    monkeypatch.setattr(puller, "apply_changes", apply_then_die)
    with pytest.raises(KeyboardInterrupt):
        full_sync(terminal)
    assert stored_cursor(terminal.db) == cursor
    assert digest(terminal.db) == before
    monkeypatch.undo()
    assert full_sync(terminal).complete
    full_sync(second)
    assert digest(terminal.db) == digest(second.db)


def test_the_server_going_away_mid_sync_then_coming_back(
    terminal: EnrolledTerminal, second: EnrolledTerminal, central: CentralServer
) -> None:
    def stop_after_two_pages(done: int, total: int) -> None:
        if report.pages == 2:
            central.stop()

    report = PullReport()
    with pytest.raises(CentralUnreachable):
        full_sync(terminal, progress=stop_after_two_pages, report=report)
    assert report.pages == 2 and stored_cursor(terminal.db) == report.cursor
    central.start()
    assert full_sync(terminal).complete
    full_sync(second)
    assert digest(terminal.db) == digest(second.db)


def test_tombstones_delete(terminal: EnrolledTerminal, central: CentralServer) -> None:
    full_sync(terminal)
    db = terminal.db
    account_no, account_id, name = (
        db.reader()
        .execute(
            "SELECT a.account_no, a.id, c.name FROM accounts a "
            "JOIN consumers c USING (consumer_id) ORDER BY a.account_no LIMIT 1 OFFSET 3"
        )
        .fetchone()
    )
    other_id, meter_no, bill_no, payment_id = (
        db.reader()
        .execute(
            "SELECT a.id, m.meter_no, b.bill_no, p.payment_id FROM accounts a "
            "JOIN meters m ON m.account_id = a.id JOIN bills b ON b.account_id = a.id "
            "JOIN payment_postings p ON p.account_id = a.id WHERE a.id <> ? LIMIT 1",
            (account_id,),
        )
        .fetchone()
    )
    assert account_no in search_index_rows(db, name)
    scope = office_scope(OFFICE)
    with central.engine.begin() as connection:
        for entity, key in (
            (Entity.METER, meter_no),
            (Entity.BILL, bill_no),
            (Entity.POSTING, payment_id),
            (Entity.CONSUMPTION, account_no),
            (Entity.ACCOUNT, account_no),
            (Entity.METER, "NO-SUCH-METER"),  # a tombstone of something never held
        ):
            record_change(connection, entity, key, scope, None)
    report = full_sync(terminal)
    assert report.applied.deletes[Entity.METER] == 2
    assert report.applied.deletes[Entity.ACCOUNT] == 1
    reader = db.reader()
    assert reader.execute("SELECT 1 FROM meters WHERE meter_no = ?", (meter_no,)).fetchone() is None
    assert reader.execute("SELECT 1 FROM bills WHERE bill_no = ?", (bill_no,)).fetchone() is None
    assert (
        reader.execute(
            "SELECT 1 FROM payment_postings WHERE payment_id = ?", (payment_id,)
        ).fetchone()
        is None
    )
    assert (
        reader.execute("SELECT 1 FROM accounts WHERE account_no = ?", (account_no,)).fetchone()
        is None
    )
    for table in ("bills", "meters", "consumption", "payment_postings"):
        left = reader.execute(
            f"SELECT COUNT(*) FROM {table} WHERE account_id = ?", (account_id,)
        ).fetchone()[0]
        assert left == 0, f"{table} still holds rows of the deleted account"
    assert (
        reader.execute("SELECT COUNT(*) FROM bills WHERE account_id = ?", (other_id,)).fetchone()[0]
        > 0
    )  # the other account lost only the bill named
    assert account_no not in search_index_rows(db, max(name.split(), key=len))
    check_search_index(db)


def test_changes_made_after_a_sync_arrive_on_the_next(
    terminal: EnrolledTerminal, central: CentralServer
) -> None:
    first = full_sync(terminal)
    db = terminal.db
    consumer_id, account_no, old_name, address = (
        db.reader()
        .execute(
            "SELECT c.consumer_id, a.account_no, c.name, a.address FROM consumers c "
            "JOIN accounts a USING (consumer_id) ORDER BY a.account_no LIMIT 1"
        )
        .fetchone()
    )
    assert account_no in search_index_rows(db, old_name)
    with central.engine.begin() as connection:
        mobile, email = connection.execute(
            text("SELECT mobile, email FROM consumers WHERE consumer_id = :id"),
            {"id": consumer_id},
        ).one()
        record_change(
            connection,
            Entity.CONSUMER,
            str(consumer_id),
            office_scope(OFFICE),
            {
                "consumer_id": consumer_id,
                "name": "Zenobia Quixwell",
                "mobile": mobile,
                "email": email,
            },
        )
    add_operator(
        central.engine, "late.cashier", "Late Cashier", "cashier", OFFICE, "a-long-password"
    )

    report = full_sync(terminal)
    assert report.complete and report.cursor > first.cursor
    assert report.applied.upserts == {Entity.CONSUMER: 1, Entity.OPERATOR: 1}
    assert db.reader().execute(
        "SELECT full_name FROM operators WHERE login = 'late.cashier'"
    ).fetchone() == ("Late Cashier",)
    hits = LookupService(db).search("quixwell").hits
    assert account_no in {hit.account_no for hit in hits}
    # No word of the old name finds the account any more (unless its address has the word).
    for word in old_name.split():
        if len(fold(word)) >= 3 and fold(word) not in fold(address):
            assert account_no not in search_index_rows(db, word), word
    check_search_index(db)


def test_a_revoked_terminal_is_refused(terminal: EnrolledTerminal, central: CentralServer) -> None:
    full_sync(terminal, max_pages=1)
    before, cursor = digest(terminal.db), stored_cursor(terminal.db)
    central.revoke(terminal.identity.terminal_id)
    with pytest.raises(CredentialRefused) as refused:
        full_sync(terminal)
    assert refused.value.status == 401 and refused.value.code == "terminal_revoked"
    assert digest(terminal.db) == before and stored_cursor(terminal.db) == cursor


def test_another_branch_gets_its_own_office(central: CentralServer, tmp_path: Path) -> None:
    other = enrol_terminal(central, tmp_path / "other", branch="BR-B")
    try:
        full_sync(other)
        cached = {no for (no,) in other.db.reader().execute("SELECT account_no FROM accounts")}
        assert cached == server_accounts(central, "SD-011")
        assert cached.isdisjoint(server_accounts(central, OFFICE))
        policy = offline_policy(other.db)
        assert policy is not None and policy.branch_code == "BR-B"
    finally:
        other.db.close()


def test_the_cursor_is_in_sync_state(terminal: EnrolledTerminal) -> None:
    report = full_sync(terminal, max_pages=1)
    stored = terminal.db.sync_value(FEED_CURSOR)
    assert stored is not None and int(stored) == report.cursor


def _rename_consumer(central: CentralServer, consumer_id: int, name: str) -> None:
    with central.engine.begin() as connection:
        mobile, email = connection.execute(
            text("SELECT mobile, email FROM consumers WHERE consumer_id = :id"),
            {"id": consumer_id},
        ).one()
        record = {"consumer_id": consumer_id, "name": name, "mobile": mobile, "email": email}
        record_change(connection, Entity.CONSUMER, str(consumer_id), office_scope(OFFICE), record)


def test_a_page_older_than_the_stored_cursor_is_dropped(
    terminal: EnrolledTerminal, central: CentralServer
) -> None:
    # Another app instance syncs to the end while this pull waits for a page asked for earlier:
    # that stale page (which still names the consumer's old name) must not be written.
    full_sync(terminal)
    consumer_id = (
        terminal.db.reader().execute("SELECT MIN(consumer_id) FROM consumers").fetchone()[0]
    )
    _rename_consumer(central, consumer_id, "Old Stalename")
    cursor = stored_cursor(terminal.db)

    class OtherInstanceRacesAhead:
        def __init__(self) -> None:
            self.inner = terminal.connection()
            self.raced = False

        def request(self, method: str, path: str, **kwargs: object) -> object:
            response = self.inner.request(method, path, **kwargs)  # type: ignore[arg-type]
            if not self.raced:
                self.raced = True
                _rename_consumer(central, consumer_id, "New Freshname")
                full_sync(terminal)  # the other instance applies both renames
            return response

    racing = OtherInstanceRacesAhead()
    report = pull_changes(terminal.db, racing, page_size=PAGE)  # type: ignore[arg-type]
    racing.inner.close()
    assert report.complete and report.pages == 1  # the stale page was not counted as applied
    assert stored_cursor(terminal.db) > cursor
    name = (
        terminal.db.reader()
        .execute("SELECT name FROM consumers WHERE consumer_id = ?", (consumer_id,))
        .fetchone()[0]
    )
    assert name == "New Freshname"
    check_search_index(terminal.db)
