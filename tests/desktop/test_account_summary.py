"""The consumer view's summary: contents, order and limits."""

from __future__ import annotations

from datetime import UTC, datetime

from ebill_core.records import BillStatus
from ebill_desktop.services.account_summary import AccountSummaryService
from ebill_desktop.storage.bundle_import import add_account_bundle
from ebill_desktop.storage.database import CacheDatabase, set_data_as_of
from tests.desktop.factories import account_no, inr, make_bill, make_bundle


def test_unknown_account_has_no_summary(cache: CacheDatabase) -> None:
    assert AccountSummaryService(cache).summary("000000000000") is None
    assert AccountSummaryService(cache).summary("x" * 10_000) is None


def test_summary_holds_the_account_in_the_documented_order(cache: CacheDatabase) -> None:
    bills = (
        *(make_bill(5, k, status=BillStatus.PAID, paid=60150) for k in range(10)),
        make_bill(5, 10, status=BillStatus.PART_PAID, paid=150),
        make_bill(5, 11, status=BillStatus.OPEN),
        make_bill(5, 12, status=BillStatus.CANCELLED),
        make_bill(5, 13, status=BillStatus.OPEN),
    )
    bundle = make_bundle(5, name="José Sharma", bills=bills, consumption_periods=15, postings=25)
    add_account_bundle(cache, bundle)
    as_of = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    with cache.write_transaction() as connection:
        set_data_as_of(connection, as_of)

    summary = AccountSummaryService(cache).summary(f"  {account_no(5)} ")

    assert summary is not None
    assert summary.consumer == bundle.consumer
    assert summary.account == bundle.account
    assert (summary.category_name, summary.office_name) == ("Domestic", "Gandhi Nagar Sub-division")
    assert summary.meters == bundle.meters
    assert [b.bill_no for b in summary.open_bills] == [bills[i].bill_no for i in (10, 11, 13)]
    assert summary.open_bills[0] == bills[10]  # lines, registers, money and dates round-trip
    assert [b.bill_no for b in summary.recent_bills] == [bills[i].bill_no for i in range(13, 1, -1)]
    assert summary.consumption == bundle.consumption[-12:]
    assert summary.postings == tuple(reversed(bundle.postings))[:20]
    assert summary.data_as_of == as_of
    assert summary.total_outstanding == inr(60150 - 150 + 60150 + 60150)


def test_account_without_open_bills_owes_nothing(cache: CacheDatabase) -> None:
    add_account_bundle(
        cache, make_bundle(6, bills=(make_bill(6, 0, status=BillStatus.PAID, paid=60150),))
    )
    summary = AccountSummaryService(cache).summary(account_no(6))
    assert summary is not None
    assert summary.open_bills == ()
    assert summary.total_outstanding == inr(0)
