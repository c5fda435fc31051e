"""The sync protocol's wire forms: exact round trips, and strict refusals that name the field."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.demo import DemoParams, generate_utility
from ebill_core.money import CURRENCY_EXPONENTS, Money
from ebill_core.protocol import (
    DECODERS,
    ChangeOp,
    EnrolRequest,
    Entity,
    OfflinePolicy,
    ProtocolError,
    change_page_from_wire,
    enrol_request_from_wire,
    enrol_request_to_wire,
)
from ebill_core.protocol import records as wire
from ebill_core.protocol.fields import MAX_MINOR, money_value, money_wire
from ebill_core.records import Operator

UTILITY = generate_utility(DemoParams(customers=40, seed=11, today=date(2026, 11, 15)))
BUNDLES = list(UTILITY.bundles())
ZONE = ZoneInfo("Asia/Kolkata")


def _through_json(value: object) -> object:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_every_demo_record_round_trips_exactly() -> None:
    pairs: list[tuple[object, Entity, dict[str, object]]] = []
    for office in UTILITY.offices:
        pairs.append((office, Entity.OFFICE, wire.office_to_wire(office)))
    for category in UTILITY.categories:
        pairs.append((category, Entity.CATEGORY, wire.category_to_wire(category)))
    for tariff in UTILITY.tariffs:
        pairs.append((tariff, Entity.TARIFF, wire.tariff_to_wire(tariff)))
    for bundle in BUNDLES:
        pairs.append((bundle.consumer, Entity.CONSUMER, wire.consumer_to_wire(bundle.consumer)))
        pairs.append((bundle.account, Entity.ACCOUNT, wire.account_to_wire(bundle.account)))
        pairs.extend((m, Entity.METER, wire.meter_to_wire(m)) for m in bundle.meters)
        pairs.extend((b, Entity.BILL, wire.bill_to_wire(b)) for b in bundle.bills)
        for posting in bundle.postings:
            zoned = replace(posting, paid_at=posting.paid_at.replace(tzinfo=ZONE))
            pairs.append((zoned, Entity.POSTING, wire.posting_to_wire(zoned)))
        pairs.append(
            (bundle.consumption, Entity.CONSUMPTION, wire.consumption_to_wire(bundle.consumption))
        )
    assert {entity for _, entity, _ in pairs} >= set(Entity) - {Entity.OPERATOR, Entity.POLICY}
    for record, entity, value in pairs:
        assert DECODERS[entity](_through_json(value), "") == record


def test_operator_and_policy_round_trip() -> None:
    demo = UTILITY.operators[0]

    operator = Operator(demo.login, demo.full_name, demo.role, "$argon2id$v=19$x", "SD-014")
    assert wire.operator_from_wire(_through_json(wire.operator_to_wire(operator))) == operator
    policy = OfflinePolicy("BR-1", 24, Money(5_000_000), Money(1_000_000))
    assert wire.policy_from_wire(_through_json(wire.policy_to_wire(policy))) == policy


@given(
    st.integers(min_value=-MAX_MINOR, max_value=MAX_MINOR),
    st.sampled_from(sorted(CURRENCY_EXPONENTS)),
)
def test_money_round_trips_as_integer_minor_units(minor: int, currency: str) -> None:
    amount = Money(minor, currency)
    assert money_value(_through_json(money_wire(amount)), "amount") == amount


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ({"minor": 12.5, "currency": "INR"}, "whole number"),
        ({"minor": 1250.0, "currency": "INR"}, "whole number"),
        ({"minor": True, "currency": "INR"}, "whole number"),
        ({"minor": "1250", "currency": "INR"}, "whole number"),
        ({"minor": MAX_MINOR + 1, "currency": "INR"}, "between"),
        ({"minor": 1, "currency": "XYZ"}, "unknown currency"),
        ({"minor": 1}, "is required"),
        ({"minor": 1, "currency": "INR", "rupees": 0.01}, "unknown field"),
        (1250, "expected an object"),
    ],
)
def test_money_that_is_not_exact_integer_minor_units_is_refused(value: object, reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason) as caught:
        money_value(value, "bill.net_payable")
    assert caught.value.path.startswith("bill.net_payable")


def test_each_missing_bill_field_is_named() -> None:
    bill_wire = wire.bill_to_wire(BUNDLES[0].bills[0])
    for name in bill_wire:
        damaged = {k: v for k, v in bill_wire.items() if k != name}
        try:
            wire.bill_from_wire(_through_json(damaged), "data")
        except ProtocolError as error:
            assert error.path == f"data.{name}"
        else:  # only the optional fields may be left out
            assert name in {"disconnection_date", "rounding_carried", "early_payment_rebate",
                            "rebate_by"}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("bill_date", "15/11/2026", "YYYY-MM-DD"),
        ("bill_date", "2026-11-15T00:00", "YYYY-MM-DD"),
        ("units", -1, "between"),
        ("status", "settled", "expected one of"),
        ("lines", {"code": "x"}, "expected a list"),
        ("version", 1.0, "whole number"),
    ],
)
def test_wrongly_typed_bill_fields_are_refused(field: str, value: object, reason: str) -> None:
    bill_wire = _through_json(wire.bill_to_wire(BUNDLES[0].bills[0]))
    assert isinstance(bill_wire, dict)
    bill_wire[field] = value
    with pytest.raises(ProtocolError, match=reason):
        wire.bill_from_wire(bill_wire, "data")


def test_a_rate_sent_as_a_json_number_is_refused() -> None:
    bill_wire = _through_json(wire.bill_to_wire(BUNDLES[0].bills[0]))
    assert isinstance(bill_wire, dict)
    bill_wire["lines"][0]["rate"] = 5.75
    with pytest.raises(ProtocolError, match=r"lines\[0\]\.rate: expected a string"):
        wire.bill_from_wire(bill_wire, "data")


def test_a_payment_time_without_its_offset_is_refused() -> None:
    posting = next(p for b in BUNDLES for p in b.postings)  # the generator's naive wall clock
    with pytest.raises(ProtocolError, match="UTC offset"):
        wire.posting_from_wire(_through_json(wire.posting_to_wire(posting)))


def _page(*changes: dict[str, object], next_after: int | None = None) -> dict[str, object]:
    last = changes[-1]["seq"] if changes else 0
    return {
        "protocol": 1,
        "changes": list(changes),
        "next_after": last if next_after is None else next_after,
        "more": False,
    }


OFFICE = {"code": "SD-1", "name": "One"}


def test_a_page_decodes_upserts_and_tombstones() -> None:
    page = change_page_from_wire(
        _page(
            {"seq": 3, "entity": "office", "key": "SD-1", "op": "upsert", "data": OFFICE},
            {"seq": 9, "entity": "meter", "key": "M1", "op": "delete", "data": None},
        )
    )
    assert [(c.seq, c.op) for c in page.changes] == [(3, ChangeOp.UPSERT), (9, ChangeOp.DELETE)]
    assert page.changes[1].record is None and page.next_after == 9
    # The last page may move the cursor past numbers that were other terminals' changes.
    assert change_page_from_wire(_page(next_after=40)).next_after == 40


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        (
            _page(
                {"seq": 5, "entity": "office", "key": "a", "op": "upsert", "data": OFFICE},
                {"seq": 5, "entity": "office", "key": "b", "op": "upsert", "data": OFFICE},
            ),
            "increasing order",
        ),
        (
            _page({"seq": 1, "entity": "meter", "key": "M", "op": "delete", "data": OFFICE}),
            "no data",
        ),
        (
            _page({"seq": 1, "entity": "office", "key": "a", "op": "upsert", "data": None}),
            "carries",
        ),
        (_page({"seq": 1, "entity": "planet", "key": "a", "op": "upsert", "data": {}}), "one of"),
        (_page({"seq": 1, "entity": "office", "key": "a", "op": "upsert", "data": {}}), "code"),
        (
            _page(
                {"seq": 1, "entity": "office", "key": "a", "op": "upsert", "data": OFFICE},
                next_after=0,
            ),
            "last change",
        ),
        (
            {
                **_page(
                    {"seq": 1, "entity": "office", "key": "a", "op": "upsert", "data": OFFICE},
                    next_after=7,
                ),
                "more": True,
            },
            "last change",
        ),
        ({**_page(), "protocol": 2}, "version 1"),
        ({**_page(), "more": "no"}, "true or false"),
    ],
)
def test_malformed_pages_are_refused(page: dict[str, object], reason: str) -> None:
    with pytest.raises(ProtocolError, match=reason):
        change_page_from_wire(page)


def test_enrolment_codes_are_read_as_typed() -> None:
    request = enrol_request_from_wire({"code": "abcd efgh-jkmn-pqrs", "machine_name": " pc "})
    assert request == EnrolRequest("ABCDEFGHJKMNPQRS", "pc")
    assert enrol_request_from_wire(enrol_request_to_wire(request)) == request
    for bad in ("ABCD-EFGH-JKMN-PQR", "ABCD-EFGH-JKMN-PQR0", "ABCD-EFGH-JKMN-PQRI"):
        with pytest.raises(ProtocolError, match="16 letters"):
            enrol_request_from_wire({"code": bad, "machine_name": "pc"})
