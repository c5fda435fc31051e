"""Seeding the central database with the deterministic demo utility (ebill_core.demo).

Rows go in with executemany in batches of bundles, one transaction per batch, each holding the
sequencer lock so that its change rows can be numbered as they are written (no second pass).
PostgreSQL takes them by COPY; SQLite by the driver's own ``executemany`` with the columns' bind
processors applied once per value (SQLAlchemy's per-row parameter handling cost more than the
generator itself: a 1,000,000-customer seed is tens of millions of rows).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Dialect, Engine, func, select

from ebill_central.db.models import (
    AccountRow,
    BillLineRow,
    BillRegisterRow,
    BillRow,
    CategoryRow,
    ChangeRow,
    ConsumerRow,
    ConsumptionRow,
    MeterRow,
    OfficeRow,
    OperatorRow,
    PostingRow,
    ReadingRow,
    TariffRow,
)
from ebill_central.errors import ConflictError
from ebill_central.feed.scopes import EVERYONE, office_scope
from ebill_central.feed.sequencer import take_sequencer_lock, top_seq
from ebill_central.feed.writer import change_values
from ebill_central.services.rows import account_row_values
from ebill_core.demo import DemoParams, generate_utility
from ebill_core.passwords import hash_password
from ebill_core.protocol import Entity, tariff_key
from ebill_core.protocol import records as wire
from ebill_core.records import AccountBundle, Bill, Operator, PaymentPosting

BATCH_BUNDLES = 1000


@dataclass(frozen=True, slots=True)
class SeedResult:
    accounts: int
    bills: int
    changes: int


class _Batch:
    """The rows of one batch, per table, plus its change rows."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.rows: dict[type[Any], list[dict[str, Any]]] = {}
        self.changes: list[dict[str, Any]] = []
        self.consumers: set[int] = set()  # consumer rows added to this batch

    def add(self, table: type[Any], values: dict[str, Any]) -> None:
        self.rows.setdefault(table, []).append(values)

    def change(self, entity: Entity, key: str, scope: str, record: dict[str, object]) -> None:
        self.changes.append(change_values(entity, key, scope, record, self.now))

    def write(self, connection: Connection, order: Iterable[type[Any]]) -> int:
        insert_rows = _copy_rows if connection.dialect.name == "postgresql" else _insert_rows
        for table in order:
            if self.rows.get(table):
                insert_rows(connection, table, self.rows[table])
        take_sequencer_lock(connection)
        base = top_seq(connection)
        for offset, row in enumerate(self.changes, start=1):
            row["seq"] = base + offset
        if self.changes:
            insert_rows(connection, ChangeRow, self.changes)
        return len(self.changes)


def _insert_rows(connection: Connection, table: type[Any], rows: list[dict[str, Any]]) -> None:
    """SQLite: one driver ``executemany``, each value through its column type's bind processor."""
    columns = list(rows[0])
    dialect = connection.dialect
    processors: list[Callable[[Any], Any] | None] = [
        _bind_processor(table, column, dialect) for column in columns
    ]
    if not any(processors):
        values: list[tuple[Any, ...]] = [tuple(row[c] for c in columns) for row in rows]
    else:
        pairs = list(zip(columns, processors, strict=True))
        values = [tuple(row[c] if p is None else p(row[c]) for c, p in pairs) for row in rows]
    names = ", ".join(f'"{column}"' for column in columns)
    marks = ", ".join("?" * len(columns))
    statement = f'INSERT INTO "{table.__table__.name}" ({names}) VALUES ({marks})'  # noqa: S608
    connection.exec_driver_sql(statement, values)


def _bind_processor(table: type[Any], column: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    """What SQLAlchemy applies to a value of ``column`` before the driver sees it (or None)."""
    column_type = table.__table__.c[column].type
    processor: Callable[[Any], Any] | None = column_type.dialect_impl(dialect).bind_processor(
        dialect
    )
    return processor


def _copy_rows(connection: Connection, table: type[Any], rows: list[dict[str, Any]]) -> None:
    """PostgreSQL's COPY: several times faster than INSERT for a batch of fresh rows.

    Values go as psycopg dumps them (dates, zoned datetimes, Decimal as text), which is what
    the columns hold; the column names come from our own models, never from input.
    """
    columns = list(rows[0])
    name = table.__table__.name
    column_list = ", ".join(f'"{column}"' for column in columns)
    raw = connection.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{name}" ({column_list}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


_TABLE_ORDER = (
    OfficeRow,
    CategoryRow,
    TariffRow,
    OperatorRow,
    ConsumerRow,
    AccountRow,
    MeterRow,
    ReadingRow,
    ConsumptionRow,
    BillRow,
    BillLineRow,
    BillRegisterRow,
    PostingRow,
)


def seed_demo(
    engine: Engine,
    customers: int,
    seed: int = 42,
    today: date | None = None,
    timezone: str = "Asia/Kolkata",
    *,
    also_into: Sequence[Engine] = (),
    account_scope: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SeedResult:
    """Load the demo utility's reference data and ``customers`` accounts.

    Refuses (and changes nothing) when a database already holds accounts; offices,
    categories, tariffs and operators that already exist are left as they are.

    ``also_into``: further databases that get the same rows from the same run of the generator
    (the first-sync benchmark seeds SQLite and PostgreSQL alike). ``account_scope``: the feed
    scope of every account's changes instead of its office's, so that one terminal receives
    the whole utility (the benchmark's first sync of every consumer). ``progress(done, total)``
    is called after each batch.
    """
    params = DemoParams(customers=customers, seed=seed, bills_per_account=3, months=13)
    if today is not None:
        params = replace(params, today=today)
    utility = generate_utility(params)
    zone = ZoneInfo(timezone)
    engines = (engine, *also_into)
    for target in engines:
        with target.connect() as connection:
            existing = connection.execute(select(func.count()).select_from(AccountRow)).scalar_one()
            connection.rollback()
        if existing:
            raise ConflictError("not_empty", f"the database already holds {existing} accounts")
    changes = _seed_reference(engine, utility)
    for other in also_into:
        _seed_reference(other, utility)
    bills = 0
    for start in range(0, customers, BATCH_BUNDLES):
        stop = min(customers, start + BATCH_BUNDLES)
        batch = _Batch(datetime.now(UTC))
        seen_consumers: set[tuple[int, str]] = set()
        for bundle in utility.bundles(start, stop):
            bills += len(bundle.bills)
            _add_bundle(batch, bundle, seen_consumers, zone, account_scope)
        for target in engines:
            with target.begin() as connection:
                written = batch.write(connection, _TABLE_ORDER)
        changes += written
        if progress is not None:
            progress(stop, customers)
    return SeedResult(accounts=customers, bills=bills, changes=changes)


def _seed_reference(engine: Engine, utility: Any) -> int:
    batch = _Batch(datetime.now(UTC))
    with engine.connect() as connection:
        offices = set(connection.execute(select(OfficeRow.code)).scalars())
        categories = set(connection.execute(select(CategoryRow.code)).scalars())
        tariffs = {
            (code, version)
            for code, version in connection.execute(select(TariffRow.code, TariffRow.version))
        }
        operators = set(connection.execute(select(OperatorRow.login)).scalars())
        connection.rollback()
    for office in utility.offices:
        if office.code not in offices:
            batch.add(OfficeRow, {"code": office.code, "name": office.name})
            batch.change(Entity.OFFICE, office.code, EVERYONE, wire.office_to_wire(office))
    for category in utility.categories:
        if category.code not in categories:
            batch.add(
                CategoryRow,
                {
                    "code": category.code,
                    "name": category.name,
                    "tariff_code": category.tariff_code,
                    "exactness": category.exactness.value,
                },
            )
            batch.change(Entity.CATEGORY, category.code, EVERYONE, wire.category_to_wire(category))
    for tariff in utility.tariffs:
        if (tariff.code, tariff.version) not in tariffs:
            batch.add(
                TariffRow,
                {
                    "code": tariff.code,
                    "version": tariff.version,
                    "effective_from": tariff.effective_from,
                    "body_json": tariff.body_json,
                },
            )
            key = tariff_key(tariff.code, tariff.version)
            batch.change(Entity.TARIFF, key, EVERYONE, wire.tariff_to_wire(tariff))
    for demo in utility.operators:
        if demo.login not in operators:
            operator = Operator(
                login=demo.login,
                full_name=demo.full_name,
                role=demo.role,
                password_hash=hash_password(demo.password),
                office_code=demo.office_code,
            )
            batch.add(
                OperatorRow,
                {
                    "login": operator.login,
                    "full_name": operator.full_name,
                    "role": operator.role.value,
                    "password_hash": operator.password_hash,
                    "office_code": operator.office_code,
                    "active": True,
                },
            )
            batch.change(
                Entity.OPERATOR,
                operator.login,
                office_scope(operator.office_code),
                wire.operator_to_wire(operator),
            )
    with engine.begin() as connection:
        return batch.write(connection, _TABLE_ORDER)


def _add_bundle(
    batch: _Batch,
    bundle: AccountBundle,
    seen: set[tuple[int, str]],
    zone: ZoneInfo,
    account_scope: str | None = None,
) -> None:
    consumer, account = bundle.consumer, bundle.account
    scope = account_scope or office_scope(account.office_code)
    if consumer.consumer_id not in batch.consumers:
        batch.consumers.add(consumer.consumer_id)
        batch.add(
            ConsumerRow,
            {
                "consumer_id": consumer.consumer_id,
                "name": consumer.name,
                "mobile": consumer.mobile,
                "email": consumer.email,
            },
        )
    if (consumer.consumer_id, account.office_code) not in seen:
        seen.add((consumer.consumer_id, account.office_code))
        batch.change(
            Entity.CONSUMER, str(consumer.consumer_id), scope, wire.consumer_to_wire(consumer)
        )
    account_wire = wire.account_to_wire(account)
    batch.add(AccountRow, account_row_values(account))  # the wire form also has the cheque bar
    batch.change(Entity.ACCOUNT, account.account_no, scope, account_wire)
    for meter in bundle.meters:
        batch.add(
            MeterRow,
            {
                "meter_no": meter.meter_no,
                "account_no": meter.account_no,
                "multiplying_factor": meter.multiplying_factor,
                "digits": meter.digits,
                "registers": " ".join(meter.registers),
                "installed_on": meter.installed_on,
                "removed_on": meter.removed_on,
            },
        )
        batch.change(Entity.METER, meter.meter_no, scope, wire.meter_to_wire(meter))
    for reading in bundle.readings:
        batch.add(
            ReadingRow,
            {
                "meter_no": reading.meter_no,
                "register": reading.register,
                "read_on": reading.read_on,
                "value": reading.value,
                "kind": reading.kind.value,
            },
        )
    for point in bundle.consumption:
        batch.add(
            ConsumptionRow,
            {
                "account_no": point.account_no,
                "period_end": point.period_end,
                "units": point.units,
                "kind": point.kind.value,
            },
        )
    if bundle.consumption:
        batch.change(
            Entity.CONSUMPTION,
            account.account_no,
            scope,
            wire.consumption_to_wire(bundle.consumption),
        )
    for bill in bundle.bills:
        _add_bill(batch, bill, scope)
    for demo_posting in bundle.postings:
        # The generator's times are the utility's wall clock; stored and sent with their offset.
        posting = _zoned(demo_posting, zone)
        batch.add(
            PostingRow,
            {
                "payment_id": posting.payment_id,
                "account_no": posting.account_no,
                "paid_at": posting.paid_at,
                "amount_minor": posting.amount.minor,
                "currency": posting.amount.currency,
                "channel": posting.channel,
                "place": posting.place,
                "receipt_no": posting.receipt_no,
            },
        )
        batch.change(Entity.POSTING, posting.payment_id, scope, wire.posting_to_wire(posting))


def _zoned(posting: PaymentPosting, zone: ZoneInfo) -> PaymentPosting:
    if posting.paid_at.tzinfo is not None:
        return posting
    return replace(posting, paid_at=posting.paid_at.replace(tzinfo=zone))


def _add_bill(batch: _Batch, bill: Bill, scope: str) -> None:
    batch.add(
        BillRow,
        {
            "bill_no": bill.bill_no,
            "account_no": bill.account_no,
            "version": bill.version,
            "bill_date": bill.bill_date,
            "period_start": bill.period_start,
            "period_end": bill.period_end,
            "due_date": bill.due_date,
            "cheque_due_date": bill.cheque_due_date,
            "disconnection_date": bill.disconnection_date,
            "units": bill.units,
            "currency": bill.net_payable.currency,
            "current_charges_minor": bill.current_charges.minor,
            "arrears_minor": bill.arrears.minor,
            "surcharge_minor": bill.surcharge.minor,
            "net_payable_minor": bill.net_payable.minor,
            "payable_after_due_minor": bill.payable_after_due.minor,
            "amount_paid_minor": bill.amount_paid.minor,
            "status": bill.status.value,
            "rounding_carried_minor": None
            if bill.rounding_carried is None
            else bill.rounding_carried.minor,
            "early_payment_rebate_minor": None
            if bill.early_payment_rebate is None
            else bill.early_payment_rebate.minor,
            "rebate_by": bill.rebate_by,
        },
    )
    for position, line in enumerate(bill.lines):
        batch.add(
            BillLineRow,
            {
                "bill_no": bill.bill_no,
                "position": position,
                "code": line.code,
                "description": line.description,
                "quantity": line.quantity,
                "rate": line.rate,
                "amount_minor": line.amount.minor,
                "currency": line.amount.currency,
            },
        )
    for position, register in enumerate(bill.registers):
        batch.add(
            BillRegisterRow,
            {
                "bill_no": bill.bill_no,
                "position": position,
                "meter_no": register.meter_no,
                "register": register.register,
                "previous": register.previous,
                "previous_on": register.previous_on,
                "present": register.present,
                "present_on": register.present_on,
                "multiplying_factor": register.multiplying_factor,
                "units": register.units,
                "kind": register.kind.value,
            },
        )
    batch.change(Entity.BILL, bill.bill_no, scope, wire.bill_to_wire(bill))
