"""The lookup field: every kind of input, and bad input answered with a message."""

from __future__ import annotations

import time
from datetime import date

import pytest

from ebill_core.bill_barcode import BillBarcode
from ebill_desktop.services.lookup import LookupService
from ebill_desktop.services.lookup_results import LookupKind
from ebill_desktop.storage.bundle_import import add_account_bundle, import_bundles
from ebill_desktop.storage.database import CacheDatabase
from tests.desktop.factories import account_no, bill_no, inr, make_bundle

PEOPLE = [
    ("José Fernandes", "4 Church Street, Margao"),
    ("Zoë D'Souza", "Flat 2, Sea Breeze, Panaji"),
    ("Ramesh Sharma", "17 Shastri Nagar, Jaipur"),
    ("Sunita Sharma", "3 Gandhi Road, Kota"),
    ("Anil Verma", "88 Sharma Nagar, Jaipur"),
]


@pytest.fixture
def lookup(cache: CacheDatabase) -> LookupService:
    import_bundles(
        cache,
        [make_bundle(n, name=name, address=address) for n, (name, address) in enumerate(PEOPLE)],
    )
    return LookupService(cache)


def _names(lookup: LookupService, text: str) -> list[str]:
    return [hit.name for hit in lookup.search(text).hits]


def test_empty_input_is_empty(lookup: LookupService) -> None:
    assert lookup.search("   ").kind is LookupKind.EMPTY


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("jose", "José Fernandes"),
        ("ZOE", "Zoë D'Souza"),
        ("fernandes", "José Fernandes"),
        ("MARGAO", "José Fernandes"),
    ],
)
def test_names_and_addresses_ignore_accents_and_case(
    lookup: LookupService, typed: str, name: str
) -> None:
    outcome = lookup.search(typed)
    assert outcome.kind is LookupKind.TEXT
    assert [hit.name for hit in outcome.hits] == [name]


def test_fragments_match_together_in_any_order(lookup: LookupService) -> None:
    assert set(_names(lookup, "sharma nagar")) == {"Ramesh Sharma", "Anil Verma"}
    assert set(_names(lookup, "nagar sharma")) == {"Ramesh Sharma", "Anil Verma"}
    assert _names(lookup, "sharma kota") == ["Sunita Sharma"]


def test_a_name_match_ranks_above_an_address_match(lookup: LookupService) -> None:
    names = _names(lookup, "sharma")
    assert set(names[:2]) == {"Ramesh Sharma", "Sunita Sharma"}
    assert names[2] == "Anil Verma"


def test_two_letters_get_a_message(lookup: LookupService) -> None:
    outcome = lookup.search("ra")
    assert outcome.kind is LookupKind.INVALID
    assert outcome.message is not None and "3 letters" in outcome.message


def test_short_words_beside_long_ones_are_ignored_with_a_note(lookup: LookupService) -> None:
    outcome = lookup.search("R K Sharma")
    assert outcome.kind is LookupKind.TEXT
    assert len(outcome.hits) == 3
    assert outcome.message is not None and "“R”, “K”" in outcome.message


def test_sql_is_searched_as_text_and_changes_nothing(
    lookup: LookupService, cache: CacheDatabase
) -> None:
    for attack in ("'; DROP TABLE accounts; --", "x' OR '1'='1", '" OR 1=1 --', "sharma*"):
        outcome = lookup.search(attack)
        assert outcome.hits == ()
        assert outcome.kind in (LookupKind.TEXT, LookupKind.INVALID)
    assert cache.reader().execute("SELECT COUNT(*) FROM accounts").fetchone()[0] == len(PEOPLE)


def test_html_is_plain_text(cache: CacheDatabase) -> None:
    add_account_bundle(cache, make_bundle(90, name="<b>x</b>", address="<i>Main</i> Road"))
    outcome = LookupService(cache).search("<b>x</b>")
    assert [hit.name for hit in outcome.hits] == ["<b>x</b>"]
    assert outcome.hits[0].address == "<i>Main</i> Road"


def test_ten_thousand_characters_are_refused_quickly(lookup: LookupService) -> None:
    start = time.perf_counter()
    outcome = lookup.search("sharma " * 1430)
    assert time.perf_counter() - start < 0.05
    assert outcome.kind is LookupKind.INVALID
    assert outcome.message is not None and "at most 200" in outcome.message


def test_results_over_the_limit_are_truncated(cache: CacheDatabase) -> None:
    import_bundles(cache, [make_bundle(n, name=f"Kumar {n}") for n in range(12)])
    outcome = LookupService(cache).search("kumar", limit=5)
    assert len(outcome.hits) == 5
    assert outcome.truncated
    assert outcome.message is not None and "More than 5" in outcome.message


def test_unknown_number_says_so(lookup: LookupService) -> None:
    outcome = lookup.search("999999999999")
    assert outcome.kind is LookupKind.EXACT
    assert outcome.hits == ()
    assert outcome.message is not None and "999999999999" in outcome.message


def test_hit_masks_the_mobile_and_sums_open_bills(lookup: LookupService) -> None:
    hit = lookup.search(account_no(2)).hits[0]
    assert hit.mobile_masked == "98••••••10"
    assert hit.outstanding == inr(60150 - 10000 + 60150)
    assert hit.meter_no == "MTR-0000002"
    assert hit.status == "active"


def _barcode(account: str, bill: str) -> str:
    return BillBarcode(account, bill, inr(110300), date(2024, 4, 17)).encode()


def test_bill_bar_code_opens_the_account_and_names_the_bill(lookup: LookupService) -> None:
    outcome = lookup.search(_barcode(account_no(3), bill_no(3, 2)) + "\n")
    assert outcome.kind is LookupKind.BARCODE
    assert [hit.account_no for hit in outcome.hits] == [account_no(3)]
    assert outcome.bill_no == bill_no(3, 2)


def test_bar_code_with_a_wrong_check_digit_is_refused(lookup: LookupService) -> None:
    code = _barcode(account_no(3), bill_no(3, 2))
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    outcome = lookup.search(wrong)
    assert outcome.kind is LookupKind.INVALID
    assert outcome.message is not None and "check digit" in outcome.message
    assert outcome.hits == ()


def test_bar_code_of_an_account_not_cached_says_so(lookup: LookupService) -> None:
    outcome = lookup.search(_barcode("555555555555", "5555555555555"))
    assert outcome.kind is LookupKind.BARCODE
    assert outcome.hits == ()
    assert outcome.message is not None and "555555555555" in outcome.message


def test_lookup_works_from_several_threads(lookup: LookupService) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda n: lookup.search(account_no(n % 5)).hits, range(40)))
    assert [hits[0].account_no for hits in results] == [account_no(n % 5) for n in range(40)]
