"""The demo utility loaded into a cache: findable, with working demo log-ins."""

from __future__ import annotations

from pathlib import Path

from ebill_core.demo import DemoParams, generate_utility
from ebill_desktop.services.account_summary import AccountSummaryService
from ebill_desktop.services.login import LoginService
from ebill_desktop.services.lookup import LookupService
from ebill_desktop.services.lookup_results import LookupKind
from ebill_desktop.storage.database import CacheDatabase, open_cache
from ebill_desktop.storage.demo_seed import seed_demo

CUSTOMERS = 60


def test_demo_seed_loads_accounts_operators_and_the_data_date(cache_path: Path) -> None:
    db: CacheDatabase = open_cache(cache_path)
    calls: list[tuple[int, int]] = []
    operators = seed_demo(
        db, customers=CUSTOMERS, seed=7, progress=lambda d, t: calls.append((d, t))
    )
    expected = generate_utility(DemoParams(customers=CUSTOMERS, seed=7))
    try:
        assert calls[-1] == (CUSTOMERS, CUSTOMERS)
        assert not db.is_empty()
        assert db.data_as_of() == expected.as_of
        first = next(expected.bundles())
        outcome = LookupService(db).search(first.account.account_no)
        assert outcome.kind is LookupKind.EXACT
        assert outcome.hits[0].name == first.consumer.name
        summary = AccountSummaryService(db).summary(first.account.account_no)
        assert summary is not None
        assert len(summary.recent_bills) == len(first.bills)
        demo = operators[0]
        assert LoginService(db).log_in(demo.login, demo.password).login == demo.login
    finally:
        db.close()


def test_seeding_again_replaces_rather_than_duplicates(cache_path: Path) -> None:
    db = open_cache(cache_path)
    try:
        seed_demo(db, customers=10, seed=3)
        seed_demo(db, customers=10, seed=3)
        count = db.reader().execute("SELECT COUNT(*) FROM accounts").fetchone()[0]
        assert count == 10
    finally:
        db.close()
