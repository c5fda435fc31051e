"""Reprints through the payment service: the second and later need a supervisor, all audited.

The service checks it itself (issue 4: "calling a service directly without approval is
refused"), in the transaction that counts the reprint, so a refusal records nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ebill_desktop.security import audit
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.security.roles import Action
from ebill_desktop.services.payments import PaymentService, ReprintNeedsApproval
from ebill_desktop.storage.database import CacheDatabase
from tests.desktop.security_support import (
    CASHIER,
    KIOSK,
    OTHER_CASHIER,
    RETIRED,
    SUPERVISOR,
    add_staff,
)
from tests.desktop.test_payment_helpers import Clock, cash, make_cache, make_service
from tests.desktop.test_shifts import approve, pay


@pytest.fixture
def db(tmp_path: Path) -> Iterator[CacheDatabase]:
    cache = make_cache(tmp_path / "terminal" / "cache.sqlite3")
    add_staff(cache)
    yield cache
    cache.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def service(db: CacheDatabase, clock: Clock) -> PaymentService:
    return make_service(db, clock)


def recorded(db: CacheDatabase, receipt_no: str) -> tuple[int, int]:
    """(reprint_count, audit rows): what a refused reprint must leave as it was."""
    count = db.reader().execute(
        "SELECT reprint_count FROM receipts WHERE receipt_no = ?", (receipt_no,)
    )
    return int(count.fetchone()[0]), len(audit.entries(db))


def reprints_audited(db: CacheDatabase) -> list[tuple[str, dict[str, object]]]:
    return [(e.actor, dict(e.detail)) for e in audit.entries(db) if e.action == "reprint"]


def test_first_reprint_by_a_cashier_needs_no_approval_and_is_audited(
    db: CacheDatabase, service: PaymentService
) -> None:
    number = pay(service, cash(100_00)).payment.receipt_no
    duplicate = service.reprint(number, CASHIER)
    assert duplicate.copy.reprint == 1 and duplicate.copy.duplicate
    assert reprints_audited(db) == [("asha", {"receipt_no": number, "copy_no": 1})]


def test_second_reprint_without_approval_is_refused_and_nothing_recorded(
    db: CacheDatabase, service: PaymentService
) -> None:
    number = pay(service, cash(100_00)).payment.receipt_no
    service.reprint(number, CASHIER)
    before = recorded(db, number)
    with pytest.raises(ReprintNeedsApproval, match="supervisor must approve"):
        service.reprint(number, CASHIER)
    with pytest.raises(ReprintNeedsApproval):
        service.reprint(number, OTHER_CASHIER)
    assert recorded(db, number) == before == (1, before[1])


def test_second_reprint_with_a_supervisors_approval_is_made_and_names_the_approver(
    db: CacheDatabase, service: PaymentService, clock: Clock
) -> None:
    number = pay(service, cash(100_00)).payment.receipt_no
    service.reprint(number, CASHIER)
    duplicate = service.reprint(number, CASHIER, approve(db, clock, Action.REPRINT_SECOND))
    assert duplicate.copy.reprint == 2
    assert reprints_audited(db)[-1] == (
        "asha",
        {"receipt_no": number, "copy_no": 2, "approved_by": "ravi"},
    )
    assert recorded(db, number)[0] == 2


def test_a_supervisor_reprints_again_alone(db: CacheDatabase, service: PaymentService) -> None:
    number = pay(service, cash(100_00)).payment.receipt_no
    for copy_no in (1, 2, 3):
        assert service.reprint(number, SUPERVISOR).copy.reprint == copy_no
    assert [d["copy_no"] for _, d in reprints_audited(db)] == [1, 2, 3]
    assert all("approved_by" not in d for _, d in reprints_audited(db))


def test_approvals_for_something_else_or_someone_else_are_refused(
    db: CacheDatabase, service: PaymentService, clock: Clock
) -> None:
    number = pay(service, cash(100_00)).payment.receipt_no
    service.reprint(number, CASHIER)
    before = recorded(db, number)
    void_approval = approve(db, clock, Action.VOID)
    for_bina = approve(db, clock, Action.REPRINT_SECOND, cashier="bina")
    forged = replace(approve(db, clock, Action.REPRINT_SECOND), approver="bina")
    after_approvals = recorded(db, number)
    for wrong in (void_approval, for_bina, forged):
        with pytest.raises(NotPermittedError, match="not for this"):
            service.reprint(number, CASHIER, wrong)
    assert recorded(db, number) == after_approvals
    assert after_approvals[0] == before[0]


def test_a_kiosk_never_reprints_twice_and_a_disabled_operator_not_at_all(
    db: CacheDatabase, service: PaymentService, clock: Clock
) -> None:
    number = pay(service, cash(100_00)).payment.receipt_no
    with pytest.raises(NotPermittedError, match="disabled"):
        service.reprint(number, RETIRED)
    assert service.reprint(number, KIOSK).copy.reprint == 1
    before = recorded(db, number)
    with pytest.raises(NotPermittedError, match="kiosk may not") as refused:
        service.reprint(number, KIOSK)
    assert not isinstance(refused.value, ReprintNeedsApproval)  # no dialog would help
    assert recorded(db, number) == before
