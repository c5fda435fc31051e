"""The counter's daily collection report on a real cache: figures, day bounds, roles, files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ebill_core.cash_count import CashCount
from ebill_core.protocol import TenderKind
from ebill_core.records import Operator
from ebill_desktop.documents.collection_report_pdf import (
    collection_report_pdf,
    write_collection_report_pdf,
)
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.services.collection_report import (
    _ALL,
    TENDER_NAMES,
    CollectionReport,
    CollectionReportError,
    CollectionReportService,
    day_bounds,
    report_csv,
    write_report_csv,
)
from ebill_desktop.services.payment_types import CommittedPayment, PaymentRequest, TenderInput
from ebill_desktop.services.shifts import ShiftService
from ebill_desktop.services.voids import VoidReason, VoidService
from ebill_desktop.storage.database import CacheDatabase
from tests.desktop.factories import account_no, inr
from tests.desktop.security_support import (
    ADMIN,
    CASHIER,
    KIOSK,
    OTHER_CASHIER,
    RETIRED,
    SUPERVISOR,
    add_staff,
)
from tests.desktop.test_payment_helpers import IST, NOW, Clock, cash, cheque, make_cache

DAY = date(2024, 3, 10)  # NOW is 10:00 at the counter (IST) on this day
LATER = NOW + timedelta(days=2)  # when the reports are asked for


def lines(report: CollectionReport) -> list[tuple[object, ...]]:
    return [
        (
            x.operator,
            x.tender.value,
            x.count,
            x.gross.minor,
            x.voided_count,
            x.voided.minor,
            x.net.minor,
        )
        for x in report.lines
    ]


def pay(
    db: CacheDatabase, at: datetime, operator: Operator, *tenders: TenderInput
) -> CommittedPayment:
    from tests.desktop.test_payment_helpers import make_service

    service = make_service(db, Clock(at))
    amount = sum((t.amount for t in tenders), inr(0))
    draft = service.open(account_no(1), operator.login, online=True)
    return service.confirm(draft, PaymentRequest(amount, tuple(tenders)))


@pytest.fixture(scope="module")
def day_of_payments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CacheDatabase]:
    """On DAY (IST): asha (in her shift) cash 300, cheque 200, cash 100 + cheque 50 (voided);
    bina (no shift) cash 70 at 00:00:00 and a cheque 30 at 23:59:59.999999. Either side of the
    day: bina's cash 999 at 23:59:59 the day before and 888 at 00:00 the day after."""
    db = make_cache(tmp_path_factory.mktemp("collections") / "cache.sqlite3")
    add_staff(db)
    clock = Clock(NOW)
    shifts = ShiftService(db, terminal="012", clock=clock)
    shifts.open(CASHIER, CashCount.of("INR", {10_000: 1}))
    midnight = datetime(2024, 3, 9, 18, 30, tzinfo=UTC)  # 00:00 on DAY at the counter
    pay(db, NOW, CASHIER, cash(300_00, tendered=500_00))
    pay(db, NOW + timedelta(minutes=5), CASHIER, cheque(200_00))
    mixed = pay(
        db, NOW + timedelta(minutes=9), CASHIER, cash(100_00), cheque(50_00, number="654321")
    )
    pay(db, midnight, OTHER_CASHIER, cash(70_00))
    pay(db, midnight + timedelta(days=1, microseconds=-1), OTHER_CASHIER, cheque(30_00))
    pay(db, midnight - timedelta(seconds=1), OTHER_CASHIER, cash(999_00))
    pay(db, midnight + timedelta(days=1), OTHER_CASHIER, cash(888_00))
    VoidService(db, clock=clock).void(
        mixed.payment.receipt_no, SUPERVISOR, VoidReason.WRONG_ACCOUNT
    )
    yield db
    db.close()


def service(db: CacheDatabase, now: datetime = LATER) -> CollectionReportService:
    return CollectionReportService(db, branch="BR-1", terminal="012", tz=IST, clock=Clock(now))


def test_a_supervisor_sees_every_operator_per_tender_with_the_void(
    day_of_payments: CacheDatabase,
) -> None:
    report = service(day_of_payments).report(SUPERVISOR, DAY)
    assert (report.day, report.branch, report.terminal, report.operator) == (
        DAY,
        "BR-1",
        "012",
        None,
    )
    # Hand-computed, by head office's definitions: tender rows per (operator, kind); the voided
    # payment (cash 100 + cheque 50) is in gross and in voided, against asha's day.
    assert lines(report) == [
        ("asha", "cash", 2, 400_00, 1, 100_00, 300_00),
        ("asha", "cheque", 2, 250_00, 1, 50_00, 200_00),
        ("bina", "cash", 1, 70_00, 0, 0, 70_00),
        ("bina", "cheque", 1, 30_00, 0, 0, 30_00),
    ]
    totals = [(t.tender, t.count, t.gross.minor, t.voided.minor) for t in report.tender_totals()]
    assert totals == [(TenderKind.CASH, 3, 470_00, 100_00), (TenderKind.CHEQUE, 3, 280_00, 50_00)]
    (grand,) = report.grand_totals()
    assert (grand.tender, grand.count, grand.voided_count) == (None, 6, 2)
    assert (grand.gross, grand.voided, grand.net) == (inr(750_00), inr(150_00), inr(600_00))
    assert lines(service(day_of_payments).report(ADMIN, DAY)) == lines(report)


def test_the_day_is_the_counters_local_day(day_of_payments: CacheDatabase) -> None:
    before = service(day_of_payments).report(SUPERVISOR, DAY - timedelta(days=1))
    after = service(day_of_payments).report(SUPERVISOR, "2024-03-11")
    assert lines(before) == [("bina", "cash", 1, 999_00, 0, 0, 999_00)]
    assert lines(after) == [("bina", "cash", 1, 888_00, 0, 0, 888_00)]
    empty = service(day_of_payments).report(SUPERVISOR, date(2024, 3, 1))
    assert empty.lines == () and empty.tender_totals() == () and empty.grand_totals() == ()
    assert day_bounds(DAY, IST) == ("2024-03-09T18:30:00+00:00", "2024-03-10T18:30:00+00:00")


def test_a_cashier_sees_their_own_lines_only(day_of_payments: CacheDatabase) -> None:
    own = service(day_of_payments).report(CASHIER, DAY)
    assert own.operator == "asha"
    assert [x[:2] for x in lines(own)] == [("asha", "cash"), ("asha", "cheque")]
    theirs = service(day_of_payments).report(replace(OTHER_CASHIER, login="BINA"), DAY)
    assert [x[:2] for x in lines(theirs)] == [("bina", "cash"), ("bina", "cheque")]


@pytest.mark.parametrize("who", [KIOSK, RETIRED, replace(CASHIER, active=False)])
def test_a_kiosk_or_a_disabled_operator_is_refused(
    day_of_payments: CacheDatabase, who: Operator
) -> None:
    with pytest.raises(NotPermittedError):
        service(day_of_payments).report(who, DAY)


@pytest.mark.parametrize(
    "day",
    [
        "2024-13-01",
        "2024-02-30",
        "10/03/2024",
        "",
        " ",
        "2024-3-1",
        "0001-01-01",
        date(1999, 12, 31),
        20240310,
        None,
        NOW,
    ],
)
def test_a_bad_day_is_refused(day_of_payments: CacheDatabase, day: object) -> None:
    with pytest.raises(CollectionReportError):
        service(day_of_payments).report(SUPERVISOR, day)


def test_a_day_not_yet_come_is_refused_today_is_not(day_of_payments: CacheDatabase) -> None:
    reports = service(day_of_payments, now=NOW)
    assert reports.today() == DAY
    with pytest.raises(CollectionReportError, match="has not come yet"):
        reports.report(SUPERVISOR, DAY + timedelta(days=1))
    assert reports.report(SUPERVISOR, DAY).lines  # today so far


def test_every_tender_kind_has_a_name_for_the_screen_and_paper() -> None:
    assert set(TENDER_NAMES) == set(TenderKind)


def test_the_query_uses_the_taken_at_index(day_of_payments: CacheDatabase) -> None:
    plan = day_of_payments.reader().execute("EXPLAIN QUERY PLAN " + _ALL, ("a", "b")).fetchall()
    text = " ".join(str(row[-1]) for row in plan)
    assert "ix_payments_taken_at" in text, text


def test_csv_has_a_header_and_plain_decimal_amounts(
    day_of_payments: CacheDatabase, tmp_path: Path
) -> None:
    report = service(day_of_payments).report(SUPERVISOR, DAY)
    text = report_csv(report)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "day",
        "branch",
        "terminal",
        "operator",
        "tender",
        "currency",
        "count",
        "gross",
        "voided_count",
        "voided",
        "net",
    ]
    assert rows[1] == [
        "2024-03-10",
        "BR-1",
        "012",
        "asha",
        "cash",
        "INR",
        "2",
        "400.00",
        "1",
        "100.00",
        "300.00",
    ]
    assert len(rows) == 5 and rows[4][3:] == [
        "bina",
        "cheque",
        "INR",
        "1",
        "30.00",
        "0",
        "0.00",
        "30.00",
    ]
    path = write_report_csv(report, tmp_path / "out" / "collections.csv")
    assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in path.parent.iterdir()) == ["collections.csv"]  # no temp left


def test_pdf_is_made_and_written(day_of_payments: CacheDatabase, tmp_path: Path) -> None:
    report = service(day_of_payments).report(SUPERVISOR, DAY)
    data = collection_report_pdf(report)
    assert data.startswith(b"%PDF-") and len(data) > 2_000
    assert collection_report_pdf(report) == data  # the same report, the same bytes
    assert b"/Title (Collection report 2024-03-10)" in data
    if shutil.which("pdftotext"):  # poppler, where installed: the figures are on the page
        shown = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
        ).stdout.decode("utf-8")
        assert "Daily collection report — 2024-03-10" in shown
        assert "bina" in shown and "Cheque" in shown and "₹300.00" in shown and "₹600.00" in shown
    path = write_collection_report_pdf(report, tmp_path / "collections.pdf")
    assert path.read_bytes() == data
    empty = service(day_of_payments).report(SUPERVISOR, date(2024, 3, 1))
    assert collection_report_pdf(empty).startswith(b"%PDF-")


def test_head_office_reports_the_same_figures_for_the_same_payments(
    day_of_payments: CacheDatabase, tmp_path: Path
) -> None:
    """The counter's outbox (its payments and the void's reversal, the bodies it sends) is
    posted through head office's own services into a real central database; both reports then
    agree line for line, on the day and either side of it."""
    from ebill_central.db.engine import make_engine
    from ebill_central.db.migrate import upgrade
    from ebill_central.services.auth import TerminalIdentity
    from ebill_central.services.collection_report import collection_report
    from ebill_central.services.organisation import add_branch, add_office
    from ebill_central.services.payments import post_batch
    from ebill_central.services.reversals import post_reversal
    from ebill_central.services.terminals import add_terminal
    from ebill_core.protocol import reversal_from_wire

    engine = make_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    try:
        upgrade(engine)
        add_office(engine, "SD-014", "Gandhi Nagar")
        add_branch(engine, "BR-1", "Counter hall", "SD-014")
        new = add_terminal(engine, "BR-1", "Counter 012", code_hours=1)
        terminal = TerminalIdentity(new.terminal_id, "Counter 012", "BR-1", "SD-014")
        outbox = day_of_payments.reader().execute("SELECT kind, body_json FROM outbox ORDER BY id")
        bodies = [(kind, json.loads(body)) for kind, body in outbox]
        batch = post_batch(engine, terminal, [body for kind, body in bodies if kind == "payment"])
        assert len(batch.outcomes) == 7 and all(o.error_code is None for o in batch.outcomes)
        for kind, body in bodies:
            if kind == "reversal":
                assert post_reversal(engine, terminal, reversal_from_wire(body))["status"] == (
                    "applied"
                )
        counter = service(day_of_payments)
        for day in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)):
            central = collection_report(engine, day, "BR-1", "Asia/Kolkata")
            theirs = [
                (
                    x.operator,
                    x.tender,
                    x.count,
                    x.gross.minor,
                    x.reversed_count,
                    x.reversed.minor,
                    x.net.minor,
                )
                for x in central.lines
            ]
            assert lines(counter.report(SUPERVISOR, day)) == theirs
            assert theirs  # every one of the three days has payments
    finally:
        engine.dispose()
