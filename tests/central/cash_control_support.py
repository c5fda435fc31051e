"""Shared pieces of the cash-control tests: a utility of their own, payments, messages."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ebill_central.config import CentralSettings
from ebill_central.db.engine import make_engine
from ebill_central.db.migrate import upgrade
from ebill_central.db.models import AccountRow, AttentionRow, BillRow, TariffRow
from ebill_central.services.organisation import add_branch
from ebill_central.services.seed import seed_demo
from ebill_core.tariff import parse_tariff, tariff_to_json
from tests.central.conftest import SEED_TODAY, Databases, SeededUtility, bearer

BOUNCE_CHARGE_MINOR = 25_000  # 250.00, in the tariff versions the fixture adds
SHIFT_START = datetime(2026, 11, 16, 3, 30, tzinfo=UTC)  # 09:00 in Asia/Kolkata


@contextmanager
def own_utility(databases: Databases) -> Iterator[SeededUtility]:
    """A small seeded utility of the calling module's own (its bills are paid and reversed at will),
    with branches BR-CC and BR-CD (both of office SD-014), and every tariff given a bounce
    charge by a new version."""
    url = databases.fresh_url()
    engine = make_engine(url)
    upgrade(engine)
    seed_demo(engine, 20, seed=11, today=SEED_TODAY)
    add_branch(engine, "BR-CC", "Cash control hall", "SD-014")
    add_branch(engine, "BR-CD", "Next door hall", "SD-014")
    _add_bounce_charges(engine)
    yield SeededUtility(url, engine, CentralSettings(database_url=url, enrol_attempts=10_000))
    engine.dispose()


def _add_bounce_charges(engine: Any) -> None:
    with Session(engine) as session, session.begin():
        latest: dict[str, TariffRow] = {}
        for row in session.scalars(select(TariffRow)):
            if row.code not in latest or row.version > latest[row.code].version:
                latest[row.code] = row
        for row in latest.values():
            tariff = replace(
                parse_tariff(row.body_json),
                version=row.version + 1,
                cheque_bounce_charge=Decimal("250.00"),
            )
            session.add(
                TariffRow(
                    code=row.code,
                    version=row.version + 1,
                    effective_from=row.effective_from,
                    body_json=tariff_to_json(tariff),
                )
            )


def terminal_id(credential: str) -> int:
    return int(credential.split(".", 1)[0])


def open_bill(utility: SeededUtility, office: str = "SD-014") -> Any:
    """An open, unpaid bill of ``office`` (each test pays the one it gets)."""
    with utility.engine.connect() as connection:
        row = connection.execute(
            select(BillRow)
            .join(AccountRow, AccountRow.account_no == BillRow.account_no)
            .where(
                AccountRow.office_code == office,
                BillRow.status == "open",
                BillRow.amount_paid_minor == 0,
                BillRow.net_payable_minor > 10_000,
            )
            .order_by(BillRow.bill_no)
        ).first()
        connection.rollback()
    assert row is not None
    return row


def bill(utility: SeededUtility, bill_no: str) -> Any:
    with utility.engine.connect() as connection:
        row = connection.execute(select(BillRow).where(BillRow.bill_no == bill_no)).one()
        connection.rollback()
    return row


def count(utility: SeededUtility, statement: Any) -> int:
    with utility.engine.connect() as connection:
        value = int(connection.execute(statement).scalar_one())
        connection.rollback()
    return value


def rows(utility: SeededUtility, model: Any) -> int:
    return count(utility, select(func.count()).select_from(model))


def attention(utility: SeededUtility, kind: str, subject: str) -> list[str]:
    with utility.engine.connect() as connection:
        found = connection.execute(
            select(AttentionRow.detail).where(
                AttentionRow.kind == kind, AttentionRow.subject.contains(subject)
            )
        ).scalars()
        details = list(found)
        connection.rollback()
    return details


def cash(minor: int) -> dict[str, object]:
    return {"kind": "cash", "amount": {"minor": minor, "currency": "INR"}}


def cheque(minor: int, number: str) -> dict[str, object]:
    return {
        "kind": "cheque",
        "amount": {"minor": minor, "currency": "INR"},
        "reference": number,
        "bank": "State Bank",
        "instrument_date": "2026-11-16",
    }


def payment(
    account_no: str,
    seq: int,
    tenders: list[dict[str, object]],
    allocations: tuple[tuple[str, int, int], ...] = (),
    *,
    operator: str = "cashier",
    taken_at: datetime = SHIFT_START + timedelta(hours=1),
    payment_id: str | None = None,
) -> dict[str, object]:
    return {
        "payment_id": payment_id or str(uuid.uuid4()),
        "terminal_seq": seq,
        "receipt_no": f"R-{seq:06d}",
        "account_no": account_no,
        "taken_at": taken_at.isoformat(),
        "operator": operator,
        "offline": False,
        "tenders": tenders,
        "allocations": [
            {"bill_no": b, "bill_version": v, "amount": {"minor": m, "currency": "INR"}}
            for b, v, m in allocations
        ],
    }


def upload(http: httpx.Client, credential: str, *payments: dict[str, object]) -> None:
    answer = http.post(
        "/api/v1/payments", json={"payments": list(payments)}, headers=bearer(credential)
    )
    assert answer.status_code == 200, answer.text
    for result in answer.json()["results"]:
        assert result["status"] == "posted", result


def post(http: httpx.Client, credential: str | None, path: str, body: object) -> httpx.Response:
    headers = bearer(credential) if credential else {}
    return http.post(f"/api/v1/{path}", json=body, headers=headers)


def reversal(payment_id: str, reversal_id: str | None = None) -> dict[str, object]:
    return {
        "reversal_id": reversal_id or str(uuid.uuid4()),
        "payment_id": payment_id,
        "reason_code": "wrong_account",
        "approver": "supervisor",
        "at": (SHIFT_START + timedelta(hours=2)).isoformat(),
    }


def bounce(
    payment_id: str, *, position: int | None = None, cheque_no: str | None = None
) -> dict[str, object]:
    return {
        "bounce_id": str(uuid.uuid4()),
        "payment_id": payment_id,
        "tender_position": position,
        "cheque_no": cheque_no,
        "reason_code": "NSF",
        "approver": "supervisor",
        "at": "2026-11-20T11:00:00+05:30",
    }
