"""The daily collection report: per branch, operator and tender, net of reversals and bounces."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ebill_central.cli import run
from ebill_central.services.auth import TerminalIdentity
from ebill_central.services.cheque_bounces import post_bounce
from ebill_central.services.collection_report import collection_report, report_csv
from ebill_central.services.payments import post_batch
from ebill_central.services.reversals import post_reversal
from ebill_central.services.terminals import add_terminal
from ebill_core.money import Money
from ebill_core.protocol import cheque_bounce_from_wire, reversal_from_wire
from tests.central.cash_control_support import (
    bounce,
    cash,
    cheque,
    open_bill,
    own_utility,
    payment,
    reversal,
)
from tests.central.conftest import Databases, SeededUtility

DAY = date(2026, 11, 17)
KOLKATA = ZoneInfo("Asia/Kolkata")


def _terminal(utility: SeededUtility, branch: str) -> TerminalIdentity:
    new = add_terminal(utility.engine, branch, f"Counter {uuid.uuid4().hex[:6]}", code_hours=1)
    return TerminalIdentity(new.terminal_id, "Counter", branch, "SD-014")


def _at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=KOLKATA)


@pytest.fixture(scope="module")
def day_of_payments(databases: Databases) -> Iterator[SeededUtility]:
    """On DAY: at BR-CC asha takes cash 100 + 200 and a cheque 300 (bounced), ravi cash 50
    (reversed); at BR-CD asha takes UPI 70. Either side of the day (local time), two more."""
    with own_utility(databases) as utility:
        account = open_bill(utility).account_no
        cc, cd = _terminal(utility, "BR-CC"), _terminal(utility, "BR-CD")
        with_cheque = payment(
            account, 2, [cash(20_000), cheque(30_000, "C-1")], operator="asha", taken_at=_at(11)
        )
        voided = payment(account, 3, [cash(5_000)], operator="ravi", taken_at=_at(12))
        items = [
            payment(account, 1, [cash(10_000)], operator="asha", taken_at=_at(0, 10)),
            with_cheque,
            voided,
            payment(
                account,
                4,
                [cash(99_900)],
                operator="asha",
                taken_at=_at(23, 50, DAY - timedelta(days=1)),
            ),
            payment(
                account,
                5,
                [cash(88_800)],
                operator="asha",
                taken_at=_at(0, 0, DAY + timedelta(days=1)),
            ),
        ]
        post_batch(utility.engine, cc, list(items))
        upi = {"kind": "upi", "amount": {"minor": 7_000, "currency": "INR"}, "reference": "U1"}
        post_batch(
            utility.engine, cd, [payment(account, 1, [upi], operator="asha", taken_at=_at(15))]
        )
        post_reversal(utility.engine, cc, reversal_from_wire(reversal(str(voided["payment_id"]))))
        bounced = bounce(str(with_cheque["payment_id"]), cheque_no="C-1")
        post_bounce(utility.engine, cc, cheque_bounce_from_wire(bounced))
        yield utility


def _lines(utility: SeededUtility, branch: str | None) -> list[tuple[object, ...]]:
    report = collection_report(utility.engine, DAY, branch, "Asia/Kolkata")
    return [
        (
            line.branch_code,
            line.operator,
            line.tender,
            line.count,
            line.gross.minor,
            line.reversed_count,
            line.reversed.minor,
            line.net.minor,
        )
        for line in report.lines
    ]


def test_one_branch_per_operator_and_tender_net_of_reversals(
    day_of_payments: SeededUtility,
) -> None:
    assert _lines(day_of_payments, "BR-CC") == [
        ("BR-CC", "asha", "cash", 2, 30_000, 0, 0, 30_000),
        ("BR-CC", "asha", "cheque", 1, 30_000, 1, 30_000, 0),
        ("BR-CC", "ravi", "cash", 1, 5_000, 1, 5_000, 0),
    ]


def test_every_branch_and_the_totals(day_of_payments: SeededUtility) -> None:
    assert [line[:3] for line in _lines(day_of_payments, None)] == [
        ("BR-CC", "asha", "cash"),
        ("BR-CC", "asha", "cheque"),
        ("BR-CC", "ravi", "cash"),
        ("BR-CD", "asha", "upi"),
    ]
    report = collection_report(day_of_payments.engine, DAY, None, "Asia/Kolkata")
    assert report.totals() == {
        ("cash", "INR"): Money(30_000),
        ("cheque", "INR"): Money(0),
        ("upi", "INR"): Money(7_000),
    }
    empty = collection_report(day_of_payments.engine, DAY + timedelta(days=5), None)
    assert empty.lines == () and report_csv(empty).count("\n") == 1


def test_the_command_prints_and_writes_csv(
    day_of_payments: SeededUtility, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "collections.csv"
    argv = ["--database", day_of_payments.url, "report", "collections", "--day", DAY.isoformat()]
    assert run([*argv, "--branch", "BR-CC", "--csv", str(target)]) == 0
    printed = capsys.readouterr().out
    assert "Collections on 2026-11-17 (Asia/Kolkata), BR-CC" in printed
    assert "300.00" in printed and "BR-CD" not in printed
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[1] == {
        "day": "2026-11-17",
        "branch": "BR-CC",
        "operator": "asha",
        "tender": "cheque",
        "currency": "INR",
        "count": "1",
        "gross": "300.00",
        "reversed_count": "1",
        "reversed": "300.00",
        "net": "0.00",
    }
    assert run([*argv, "--branch", "BR-NOPE"]) == 1
    assert "there is no branch BR-NOPE" in capsys.readouterr().err
