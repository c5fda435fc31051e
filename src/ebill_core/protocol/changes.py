"""The change feed's messages: one page of changes, each an upsert or a tombstone.

A page on the wire::

    {"protocol": 1, "changes": [{"seq": 17, "entity": "account", "key": "1140001234",
      "op": "upsert", "data": {...}}, {"seq": 18, "entity": "meter", "key": "GEN0001",
      "op": "delete", "data": null}], "next_after": 18, "more": false}

``next_after`` is the cursor to send as ``after`` for the next page; ``more`` says whether the
server had more changes than the page held. On the last page ``next_after`` may be above the
last change's ``seq`` (the server skips numbers that belonged to other terminals' scopes).
A tombstone (``op == "delete"``) has no data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from ebill_core.protocol import records as wire
from ebill_core.protocol.errors import ProtocolError
from ebill_core.protocol.fields import Fields
from ebill_core.records import (
    Account,
    Bill,
    Consumer,
    ConsumerCategory,
    ConsumptionPoint,
    Meter,
    Office,
    Operator,
    PaymentPosting,
    TariffDocument,
)

PROTOCOL_VERSION = 1
MAX_PAGE = 10_000  # most changes one page may hold

FeedRecord = (
    Office
    | ConsumerCategory
    | TariffDocument
    | Consumer
    | Account
    | Meter
    | Bill
    | tuple[ConsumptionPoint, ...]
    | PaymentPosting
    | Operator
    | wire.OfflinePolicy
)


class Entity(StrEnum):
    """What a change is about."""

    OFFICE = "office"
    CATEGORY = "category"
    TARIFF = "tariff"
    CONSUMER = "consumer"
    ACCOUNT = "account"
    METER = "meter"
    BILL = "bill"
    CONSUMPTION = "consumption"
    POSTING = "posting"
    OPERATOR = "operator"
    POLICY = "policy"


class ChangeOp(StrEnum):
    UPSERT = "upsert"  # the record as it now is
    DELETE = "delete"  # a tombstone: the record with this key is gone


# The bulk entities go through the fast decoders (same verdicts and errors, see records.py).
DECODERS: dict[Entity, Callable[[object, str], FeedRecord]] = {
    Entity.OFFICE: wire.office_from_wire,
    Entity.CATEGORY: wire.category_from_wire,
    Entity.TARIFF: wire.tariff_from_wire,
    Entity.CONSUMER: wire.consumer_from_wire_fast,
    Entity.ACCOUNT: wire.account_from_wire_fast,
    Entity.METER: wire.meter_from_wire_fast,
    Entity.BILL: wire.bill_from_wire_fast,
    Entity.CONSUMPTION: wire.consumption_from_wire_fast,
    Entity.POSTING: wire.posting_from_wire_fast,
    Entity.OPERATOR: wire.operator_from_wire,
    Entity.POLICY: wire.policy_from_wire,
}
_ENTITIES = {entity.value: entity for entity in Entity}
_OPS = {op.value: op for op in ChangeOp}
_CHANGE_KEYS = frozenset(("seq", "entity", "key", "op", "data"))


def tariff_key(code: str, version: int) -> str:
    """The feed key of a tariff version: ``"LT-1A@3"``."""
    return f"{code}@{version}"


@dataclass(frozen=True, slots=True)
class Change:
    """One change: ``record`` is the new state, or None for a tombstone."""

    seq: int
    entity: Entity
    key: str
    op: ChangeOp
    record: FeedRecord | None


@dataclass(frozen=True, slots=True)
class ChangePage:
    changes: tuple[Change, ...]
    next_after: int
    more: bool


def change_from_wire(value: object, path: str = "") -> Change:
    """One change from its wire form; the record is decoded by its entity's decoder."""
    f = Fields(value, path)
    seq = f.integer("seq", low=1)
    entity = f.choice("entity", Entity)
    key = f.text("key", max_len=200, min_len=1)
    op = f.choice("op", ChangeOp)
    data = f.optional("data")
    f.done()
    if op is ChangeOp.DELETE:
        if data is not None:
            raise ProtocolError(f.at("data"), "a tombstone carries no data")
        return Change(seq, entity, key, op, None)
    if data is None:
        raise ProtocolError(f.at("data"), "an upsert carries the record")
    return Change(seq, entity, key, op, DECODERS[entity](data, f.at("data")))


def _fast_change(value: object, path: str) -> Change:
    """:func:`change_from_wire` for the usual shape, by a tight path; anything unusual (or
    wrong) goes to :func:`change_from_wire`, which gives the same verdict and error."""
    if type(value) is dict and value.keys() == _CHANGE_KEYS:
        seq, entity, key, op, data = (
            value["seq"],
            value["entity"],
            value["key"],
            value["op"],
            value["data"],
        )
        if (
            type(seq) is int
            and 1 <= seq <= 2**63 - 1
            and type(entity) is str
            and entity in _ENTITIES
            and type(key) is str
            and 1 <= len(key) <= 200
            and "\x00" not in key
            and type(op) is str
        ):
            if op == "upsert" and data is not None:
                kind = _ENTITIES[entity]
                return Change(seq, kind, key, ChangeOp.UPSERT, DECODERS[kind](data, f"{path}.data"))
            if op == "delete" and data is None:
                return Change(seq, _ENTITIES[entity], key, ChangeOp.DELETE, None)
    return change_from_wire(value, path)


def change_page_from_wire(value: object) -> ChangePage:
    """A page of the feed, checked strictly: version, order of ``seq``, and every record."""
    f = Fields(value)
    version = f.integer("protocol", low=0)
    if version != PROTOCOL_VERSION:
        raise ProtocolError("protocol", f"this program speaks version {PROTOCOL_VERSION}")
    items = f.raw("changes")
    if type(items) is list and len(items) <= MAX_PAGE:
        changes = tuple(_fast_change(item, f"changes[{index}]") for index, item in enumerate(items))
    else:
        changes = tuple(
            change_from_wire(item, item_path)
            for item_path, item in f.items("changes", max_items=MAX_PAGE)
        )
    next_after = f.integer("next_after", low=0)
    more = f.boolean("more")
    f.done()
    previous = 0
    for index, change in enumerate(changes):
        if change.seq <= previous:
            raise ProtocolError(f"changes[{index}].seq", "changes must be in increasing order")
        previous = change.seq
    if changes and (next_after < changes[-1].seq or (more and next_after != changes[-1].seq)):
        raise ProtocolError("next_after", "must be the last change's seq (or above, at the end)")
    return ChangePage(changes, next_after, more)
