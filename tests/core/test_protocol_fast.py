"""The feed's fast decoders agree with the strict ones: same records, same refusals, same errors.

The fast path (ebill_core.protocol.records, "fast decoders") checks the server's usual shape with
tight code and hands anything else to the strict decoder. These tests hold it to that: on every
demo record both give equal records (and the fast path really is taken), and on records broken
at random -- a field removed, added, or replaced by a value of the wrong kind, at any depth --
both refuse with the same ProtocolError (path and reason), or both accept the same record.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ebill_core.demo import DemoParams, generate_utility
from ebill_core.protocol import ProtocolError, change_page_from_wire
from ebill_core.protocol import changes as feed
from ebill_core.protocol import records as wire

UTILITY = generate_utility(DemoParams(customers=30, seed=5, today=date(2026, 11, 15)))
BUNDLES = list(UTILITY.bundles())
ZONE = ZoneInfo("Asia/Kolkata")

# entity -> (fast decoder, strict decoder, the fast path alone)
PAIRS: dict[str, tuple[Callable[..., Any], Callable[..., Any], Callable[[object], Any]]] = {
    "account": (wire.account_from_wire_fast, wire.account_from_wire, wire._fast_account),
    "consumer": (wire.consumer_from_wire_fast, wire.consumer_from_wire, wire._fast_consumer),
    "meter": (wire.meter_from_wire_fast, wire.meter_from_wire, wire._fast_meter),
    "bill": (wire.bill_from_wire_fast, wire.bill_from_wire, wire._fast_bill),
    "consumption": (
        wire.consumption_from_wire_fast,
        wire.consumption_from_wire,
        wire._fast_consumption,
    ),
    "posting": (wire.posting_from_wire_fast, wire.posting_from_wire, wire._fast_posting),
}


def _json(value: object) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


BAR_SINCE = datetime(2026, 11, 10, 11, 30, tzinfo=ZONE)


def _account(number: int, bundle: Any) -> Any:
    """Every third account cheque-barred (the demo has none), so the bar's fields vary too."""
    if number % 3:
        return bundle.account
    reason = f"cheque {700100 + number} returned unpaid (NSF)"
    return replace(bundle.account, cheque_barred=reason, cheque_barred_since=BAR_SINCE)


def _samples() -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for number, bundle in enumerate(BUNDLES):
        found.append(("consumer", wire.consumer_to_wire(bundle.consumer)))
        found.append(("account", wire.account_to_wire(_account(number, bundle))))
        found.extend(("meter", wire.meter_to_wire(m)) for m in bundle.meters)
        found.extend(("bill", wire.bill_to_wire(b)) for b in bundle.bills)
        found.append(("consumption", wire.consumption_to_wire(bundle.consumption)))
        for posting in bundle.postings:
            zoned = replace(posting, paid_at=posting.paid_at.replace(tzinfo=ZONE))
            found.append(("posting", wire.posting_to_wire(zoned)))
    return [(entity, _json(value)) for entity, value in found]


SAMPLES = _samples()


def _outcome(decode: Callable[..., Any], value: object) -> tuple[str, object]:
    try:
        return "ok", decode(value, "data")
    except ProtocolError as error:
        return "refused", str(error)


def test_every_demo_record_takes_the_fast_path_and_decodes_the_same() -> None:
    assert {entity for entity, _ in SAMPLES} == set(PAIRS)
    for entity, value in SAMPLES:
        fast, strict, fast_only = PAIRS[entity]
        expected = strict(value, "data")
        assert fast_only(value) == expected  # the fast path itself, no fallback
        assert fast(value, "data") == expected


# -- broken records ------------------------------------------------------------------------------

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 10**15, 10**15 + 1, 2**63, -(2**63) - 1]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "x" * 41,
            "x" * 600,
            "a\x00b",
            "2026-02-30",
            "2026-W46-1",
            "20261115",
            "2026-11-15T10:00:00",
            "2026-11-15T10:00:00+05:30",
            "NaN",
            "Infinity",
            "1e3",
            " 5.75 ",
            "INR",
            "USD",
            "XYZ",
            "upsert",
            "delete",
            "actual",
            "open",
        ]
    ),
    st.lists(st.integers(), max_size=2),
    st.just({"minor": 100, "currency": "INR"}),
    st.just({"minor": 100, "currency": "USD"}),
    st.just({"minor": 1.5, "currency": "INR"}),
    st.just({"minor": 100, "currency": "INR", "x": 1}),
    st.just({}),
)


def _containers(value: Any, trail: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    """Paths (key/index sequences) of every dict and list inside ``value``, itself included."""
    yield trail
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                yield from _containers(item, (*trail, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                yield from _containers(item, (*trail, index))


def _at(value: Any, trail: tuple[object, ...]) -> Any:
    for step in trail:
        value = value[step]
    return value


@st.composite
def broken_records(draw: st.DrawFn) -> tuple[str, Any]:
    entity, original = draw(st.sampled_from(SAMPLES))
    value = copy.deepcopy(original)
    target = _at(value, draw(st.sampled_from(list(_containers(value)))))
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if isinstance(target, dict) and target:
        key = draw(st.sampled_from(sorted(target)))
        if action == "remove":
            del target[key]
        elif action == "add":
            target[draw(st.sampled_from(["extra", "Bill_no", "minor ", "x"]))] = draw(JUNK)
        else:
            target[key] = draw(JUNK)
    elif isinstance(target, list) and target:
        index = draw(st.integers(0, len(target) - 1))
        if action == "remove":
            del target[index]
        elif action == "add":
            target.extend([target[0]] * draw(st.sampled_from([1, 20, 120, 1300])))
        else:
            target[index] = draw(JUNK)
    return entity, value


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_records())
def test_a_broken_record_gets_the_strict_verdict(case: tuple[str, Any]) -> None:
    entity, value = case
    fast, strict, _fast_only = PAIRS[entity]
    assert _outcome(fast, value) == _outcome(strict, value)


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        ("bill", "net_payable", {"minor": True, "currency": "INR"}),
        ("bill", "units", 1.0),
        ("bill", "bill_date", "2026-11-15T00:00:00"),
        ("bill", "amount_paid", {"minor": 0, "currency": "USD"}),
        ("account", "voltage_v", True),
        ("account", "status", "gone"),
        ("account", "cheque_barred", "x" * 201),
        ("account", "cheque_barred", 7),
        ("account", "cheque_barred_since", "2026-11-10T11:30:00"),
        ("account", "cheque_barred_since", "2026-11-10"),
        ("consumer", "name", ""),
        ("meter", "registers", []),
        ("posting", "paid_at", "2026-11-15T10:00:00"),
        ("posting", "amount", {"minor": "100", "currency": "INR"}),
    ],
)
def test_known_bad_values_are_refused_by_both(entity: str, field: str, value: object) -> None:
    original = next(v for e, v in SAMPLES if e == entity)
    broken = {**original, field: value}
    fast, strict, _fast_only = PAIRS[entity]
    verdict = _outcome(fast, broken)
    assert verdict[0] == "refused"
    assert verdict == _outcome(strict, broken)


def test_a_barred_account_round_trips_and_a_bar_date_needs_its_reason() -> None:
    barred = next(v for e, v in SAMPLES if e == "account" and v["cheque_barred"])
    account = wire._fast_account(barred)
    assert account.cheque_barred == barred["cheque_barred"]
    assert account.cheque_barred_since == BAR_SINCE
    assert wire.account_from_wire(barred) == account
    no_reason = {**barred, "cheque_barred": None}
    verdict = _outcome(wire.account_from_wire_fast, no_reason)
    assert verdict == ("refused", "data.cheque_barred_since: is set but cheque_barred is not")
    assert verdict == _outcome(wire.account_from_wire, no_reason)


def test_an_account_without_the_bar_fields_takes_cheques_both_ways() -> None:
    """What a server from before cheque bars sends: both fields absent, read as None."""
    barred = next(v for e, v in SAMPLES if e == "account" and v["cheque_barred"])
    old = {k: v for k, v in barred.items() if not k.startswith("cheque_barred")}
    verdict = _outcome(wire.account_from_wire_fast, old)
    assert verdict[0] == "ok"
    assert verdict == _outcome(wire.account_from_wire, old)
    account = wire.account_from_wire(old)
    assert account.cheque_barred is None and account.cheque_barred_since is None


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "NaN", "sNaN", "-Infinity"])
def test_a_line_quantity_that_is_not_a_finite_decimal_is_refused_by_both(text: str) -> None:
    bill = copy.deepcopy(next(v for e, v in SAMPLES if e == "bill" and v["lines"]))
    bill["lines"][0]["quantity"] = text
    verdict = _outcome(wire.bill_from_wire_fast, bill)
    assert verdict[0] == "refused"
    assert verdict == _outcome(wire.bill_from_wire, bill)


# -- whole pages ---------------------------------------------------------------------------------


@contextmanager
def _strict_feed() -> Iterator[None]:
    """The page decoder with only the strict readers (the reference to compare with)."""
    strict = {feed.Entity(entity): pair[1] for entity, pair in PAIRS.items()}
    with (
        mock.patch.dict(feed.DECODERS, strict),
        mock.patch.object(feed, "_fast_change", feed.change_from_wire),
    ):
        yield


def _page(records: list[tuple[str, Any]]) -> dict[str, Any]:
    changes: list[Any] = [
        {"seq": seq, "entity": entity, "key": "k", "op": "upsert", "data": data}
        for seq, (entity, data) in enumerate(records, start=1)
    ]
    return {"protocol": 1, "changes": changes, "next_after": len(changes), "more": False}


def _page_outcome(value: object) -> tuple[str, object]:
    try:
        return "ok", change_page_from_wire(value)
    except ProtocolError as error:
        return "refused", str(error)


CHANGE_JUNK = st.one_of(
    JUNK,
    st.just({"seq": 1, "entity": "bill", "key": "k", "op": "delete", "data": None}),
    st.just({"seq": 1, "entity": "bill", "key": "k", "op": "delete", "data": {}}),
    st.just({"seq": 1, "entity": "bill", "key": "k", "op": "upsert", "data": None}),
    st.just({"seq": 1, "entity": "bill", "key": "k", "op": "upsert"}),
    st.just({"seq": 1, "entity": "nope", "key": "k", "op": "upsert", "data": {}}),
    st.just({"seq": True, "entity": "bill", "key": "k", "op": "delete", "data": None}),
    st.just({"seq": 1, "entity": "bill", "key": "", "op": "delete", "data": None}),
    st.just({"seq": 1, "entity": "bill", "key": "k\x00", "op": "delete", "data": None}),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(SAMPLES), min_size=1, max_size=6),
    st.integers(0, 5),
    st.sampled_from(["seq", "entity", "key", "op", "data", "whole"]),
    CHANGE_JUNK,
)
def test_a_page_with_a_broken_change_gets_the_strict_verdict(
    records: list[tuple[str, Any]], where: int, field: str, junk: object
) -> None:
    page = _page(records)
    changes = page["changes"]
    index = where % len(changes)
    if field == "whole":
        changes[index] = junk
    else:
        changes[index][field] = junk
    with _strict_feed():
        expected = _page_outcome(copy.deepcopy(page))
    assert _page_outcome(page) == expected


def test_a_good_page_decodes_the_same_both_ways() -> None:
    page = _page(SAMPLES[:400])
    with _strict_feed():
        expected = change_page_from_wire(copy.deepcopy(page))
    assert change_page_from_wire(page) == expected
