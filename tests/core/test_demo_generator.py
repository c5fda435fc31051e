"""The demo utility: deterministic, realistic, and billed by the real engine."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest

from ebill_core.billing import calculate_bill
from ebill_core.demo import DemoParams, DemoUtility, generate_utility
from ebill_core.money import Money
from ebill_core.records import AccountBundle, BillStatus, OperatorRole, ReadingKind
from ebill_core.tariff import tariff_from_document

PARAMS = DemoParams(customers=3000, seed=42, today=date(2026, 11, 15), months=13)


@pytest.fixture(scope="module")
def utility() -> DemoUtility:
    return generate_utility(PARAMS)


@pytest.fixture(scope="module")
def bundles(utility: DemoUtility) -> list[AccountBundle]:
    return list(utility.bundles())


def test_bundle_i_is_the_same_whatever_the_range(utility: DemoUtility) -> None:
    whole = list(utility.bundles(0, 40))
    assert list(utility.bundles(25, 35)) == whole[25:35]
    assert utility.bundle(17) == whole[17]
    again = generate_utility(PARAMS)
    assert list(again.bundles(0, 40)) == whole
    other = generate_utility(DemoParams(customers=40, seed=43, today=PARAMS.today))
    assert list(other.bundles()) != whole


def test_ranges_and_params_are_checked(utility: DemoUtility) -> None:
    with pytest.raises(ValueError, match="outside"):
        list(utility.bundles(10, 3001))
    with pytest.raises(IndexError):
        utility.bundle(3000)
    with pytest.raises(ValueError, match="bills_per_account"):
        DemoParams(months=3, bills_per_account=3)
    with pytest.raises(ValueError, match="customers"):
        DemoParams(customers=-1)


def test_reference_data(utility: DemoUtility) -> None:
    logins = {op.login: op for op in utility.operators}
    assert logins["cashier"].password == "cashier-demo"
    assert logins["cashier2"].password == "cashier2-demo"
    assert logins["supervisor"].password == "supervisor-demo"
    assert logins["admin"].password == "admin-demo-pw"
    assert logins["kiosk1"].role is OperatorRole.KIOSK
    assert all(len(op.password) >= 12 for op in utility.operators)
    assert {c.code for c in utility.categories} == {"LT-1A", "LT-2", "LT-3", "LT-5", "HT-1"}
    office_codes = {o.code for o in utility.offices}
    assert {op.office_code for op in utility.operators} <= office_codes
    assert utility.as_of.date() == PARAMS.today
    for document in utility.tariffs:
        assert tariff_from_document(document).code == document.code


def test_identifiers_have_their_documented_shapes(bundles: list[AccountBundle]) -> None:
    for b in bundles:
        assert re.fullmatch(r"\d{12}", b.account.account_no)
        assert b.account.legacy_no is None or re.fullmatch(r"[A-Z0-9/]+", b.account.legacy_no)
        assert b.consumer.mobile is None or re.fullmatch(r"[6-9]\d{9}", b.consumer.mobile)
        for meter in b.meters:
            assert re.fullmatch(r"[A-Z]{3}\d{7}", meter.meter_no)
        for bill in b.bills:
            assert re.fullmatch(r"\d{13}", bill.bill_no)
            assert bill.bill_no[:4] == f"{bill.bill_date:%y%m}"


def test_identifiers_are_unique(bundles: list[AccountBundle]) -> None:
    accounts = [b.account.account_no for b in bundles]
    meters = [m.meter_no for b in bundles for m in b.meters]
    bills = [bill.bill_no for b in bundles for bill in b.bills]
    legacy = [b.account.legacy_no for b in bundles if b.account.legacy_no]
    payments = [p.payment_id for b in bundles for p in b.postings]
    for values in (accounts, meters, bills, legacy, payments):
        assert len(values) == len(set(values))
    assert len(bills) == 3 * len(bundles)


def test_the_population_is_varied(bundles: list[AccountBundle]) -> None:
    n = len(bundles)
    names = [b.consumer.name for b in bundles]
    assert any(re.search(r"[éëñçíóüâ]", name) for name in names)  # accented Latin
    assert any(re.search(r"[\u0900-\u097f]", name) for name in names)  # Devanagari
    assert any(re.search(r"[\u0b80-\u0bff]", name) for name in names)  # Tamil
    assert any(re.search(r"[\u0980-\u09ff]", name) for name in names)  # Bengali
    assert any(name in ("José Fernandes", "Inês Gonçalves", "Luís Nuñez") for name in names)
    assert 0.6 < sum(b.account.legacy_no is not None for b in bundles) / n < 0.8
    assert 0.78 < sum(b.consumer.mobile is not None for b in bundles) / n < 0.92
    owners = Counter(b.consumer.consumer_id for b in bundles)
    assert 2 in owners.values()
    assert len({b.account.category_code for b in bundles}) == 5
    assert any(len(b.meters) == 2 for b in bundles)  # a meter replaced
    kinds = {r.kind for b in bundles for r in b.readings}
    assert {ReadingKind.ESTIMATED, ReadingKind.DOOR_LOCKED} <= kinds
    rolled = [
        r
        for b in bundles
        for bill in b.bills
        for r in bill.registers
        if r.present < r.previous and not r.register.endswith("MD")
    ]
    assert rolled
    assert all(r.units >= 0 for b in bundles for bill in b.bills for r in bill.registers)


def test_money_on_the_accounts(bundles: list[AccountBundle]) -> None:
    statuses = Counter(bill.status for b in bundles for bill in b.bills)
    assert statuses[BillStatus.PAID] > statuses[BillStatus.OPEN] > 0
    assert statuses[BillStatus.PART_PAID] > 0
    assert any(bill.surcharge.minor > 0 for b in bundles for bill in b.bills)
    assert any(bill.arrears.minor > 0 for b in bundles for bill in b.bills)
    assert any(bill.arrears.minor < 0 for b in bundles for bill in b.bills)  # advance credit
    several_open = [b for b in bundles if sum(x.status is BillStatus.OPEN for x in b.bills) >= 2]
    assert several_open
    for b in bundles:
        assert len(b.consumption) == 12
        paid = sum(bill.amount_paid.minor for bill in b.bills)
        assert sum(p.amount.minor for p in b.postings) >= paid


def test_postings_are_dated_before_the_data_is_as_of(
    utility: DemoUtility, bundles: list[AccountBundle]
) -> None:
    for b in bundles:
        for posting in b.postings:
            assert posting.paid_at < utility.as_of
            assert posting.channel in ("counter", "online", "kiosk")


def test_bills_are_what_the_tariff_engine_makes(
    utility: DemoUtility, bundles: list[AccountBundle]
) -> None:
    for b in bundles[:600]:
        versions = utility.tariff_versions(b.account.tariff_code)
        for bill in b.bills:
            brought = sum(
                (line.amount for line in bill.lines if line.code == "rounding_brought_forward"),
                Money(0),
            )
            calc = calculate_bill(
                versions,
                b.account,
                bill.registers,
                period_start=bill.period_start,
                period_end=bill.period_end,
                bill_date=bill.bill_date,
                arrears=Money(max(bill.arrears.minor, 0)),
                surcharge=bill.surcharge,
                credit=Money(max(-bill.arrears.minor, 0)),
                rounding_brought_forward=brought,
            )
            again = calc.bill(bill.bill_no, bill.account_no, amount_paid=bill.amount_paid)
            assert again == bill
