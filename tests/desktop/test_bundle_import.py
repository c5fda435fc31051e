"""Bulk import: every key findable afterwards; replacement; refusals that change nothing."""

from __future__ import annotations

import dataclasses

import pytest

from ebill_core.money import Money
from ebill_desktop.services.lookup import LookupService
from ebill_desktop.services.lookup_results import LookupKind
from ebill_desktop.storage.bundle_import import (
    ImportRefusedError,
    add_account_bundle,
    import_bundles,
)
from ebill_desktop.storage.database import CacheDatabase
from tests.desktop.factories import account_no, bill_no, inr, make_bundle, meter_no


def _count(cache: CacheDatabase, table: str) -> int:
    return int(cache.reader().execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_import_writes_every_table_in_batches_with_progress(cache: CacheDatabase) -> None:
    calls: list[tuple[int, int]] = []
    written = import_bundles(
        cache,
        (make_bundle(n, mobile=f"98{n:08d}") for n in range(25)),
        total=25,
        progress=lambda done, total: calls.append((done, total)),
        batch_size=10,
    )
    assert written == 25
    assert calls == [(10, 25), (20, 25), (25, 25)]
    counts = {
        table: _count(cache, table)
        for table in (
            "consumers",
            "accounts",
            "meters",
            "readings",
            "bills",
            "bill_lines",
            "bill_registers",
            "consumption",
            "payment_postings",
            "account_search",
        )
    }
    assert counts == {
        "consumers": 25,
        "accounts": 25,
        "meters": 25,
        "readings": 25,
        "bills": 75,
        "bill_lines": 150,
        "bill_registers": 75,
        "consumption": 75,
        "payment_postings": 25,
        "account_search": 25,
    }
    assert not cache.is_empty()


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        (account_no(7), "account_no"),
        ("98000 00007", "mobile"),
        ("+91 98000-00007", "mobile"),
        (bill_no(7, 2), "bill_no"),
        ("l/7", "legacy_no"),
        (meter_no(7).lower(), "meter_no"),
    ],
)
def test_every_key_finds_the_account(cache: CacheDatabase, typed: str, key: str) -> None:
    import_bundles(cache, (make_bundle(n, mobile=f"98{n:08d}") for n in range(10)))
    outcome = LookupService(cache).search(typed)
    assert outcome.kind is LookupKind.EXACT
    assert outcome.matched_key == key
    assert [hit.account_no for hit in outcome.hits] == [account_no(7)]
    assert outcome.hits[0].outstanding == inr(60150 - 10000 + 60150)


def test_reimport_replaces_the_account_and_its_index_entry(cache: CacheDatabase) -> None:
    add_account_bundle(cache, make_bundle(1, name="Old Name", address="Lake View"))
    first_id = cache.reader().execute("SELECT id FROM accounts").fetchone()[0]
    add_account_bundle(cache, make_bundle(1, name="New Name", address="Hill Top", postings=3))
    lookup = LookupService(cache)
    assert lookup.search("old name").hits == ()
    assert lookup.search("lake").hits == ()
    assert [h.name for h in lookup.search("new name hill").hits] == ["New Name"]
    assert cache.reader().execute("SELECT id FROM accounts").fetchone()[0] == first_id
    assert _count(cache, "bills") == 3
    assert _count(cache, "payment_postings") == 3
    assert _count(cache, "account_search") == 1


def test_renaming_a_consumer_reindexes_their_other_accounts(cache: CacheDatabase) -> None:
    import_bundles(
        cache,
        [
            make_bundle(1, name="Meena Iyer", consumer_id=50),
            make_bundle(2, name="Meena Iyer", consumer_id=50),
        ],
    )
    add_account_bundle(cache, make_bundle(1, name="Meena Krishnan", consumer_id=50))
    lookup = LookupService(cache)
    assert lookup.search("iyer").hits == ()
    assert {h.account_no for h in lookup.search("krishnan").hits} == {account_no(1), account_no(2)}


def _snapshot(cache: CacheDatabase) -> dict[str, int]:
    return {t: _count(cache, t) for t in ("accounts", "bills", "consumers", "account_search")}


def test_unknown_office_is_refused_and_the_batch_changes_nothing(cache: CacheDatabase) -> None:
    add_account_bundle(cache, make_bundle(1))
    before = _snapshot(cache)
    good = make_bundle(2)
    bad = dataclasses.replace(
        make_bundle(3), account=dataclasses.replace(make_bundle(3).account, office_code="NOPE")
    )
    with pytest.raises(ImportRefusedError, match="unknown office 'NOPE'"):
        import_bundles(cache, [good, bad])
    assert _snapshot(cache) == before


def test_mixed_currencies_are_refused(cache: CacheDatabase) -> None:
    add_account_bundle(cache, make_bundle(1))
    bundle = make_bundle(2)
    posting = dataclasses.replace(bundle.postings[0], amount=Money(5, "USD"))
    with pytest.raises(ImportRefusedError, match="USD"):
        add_account_bundle(cache, dataclasses.replace(bundle, postings=(posting,)))
    assert _count(cache, "accounts") == 1


def test_a_meter_of_another_account_is_refused_whole(cache: CacheDatabase) -> None:
    add_account_bundle(cache, make_bundle(1))
    before = _snapshot(cache)
    thief = make_bundle(2)
    stolen = dataclasses.replace(thief.meters[0], meter_no=meter_no(1))
    reading = dataclasses.replace(thief.readings[0], meter_no=meter_no(1))
    with pytest.raises(ImportRefusedError, match="another account"):
        add_account_bundle(cache, dataclasses.replace(thief, meters=(stolen,), readings=(reading,)))
    assert _snapshot(cache) == before
