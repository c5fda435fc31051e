"""Roles and supervisor approvals, checked by the services themselves (not only the UI)."""

from __future__ import annotations

import dataclasses

import pytest

from ebill_core.records import OperatorRole
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import (
    Approval,
    ApprovalRefused,
    ApprovalService,
    NotPermittedError,
    authorise,
)
from ebill_desktop.security.roles import RULES, Action, Permission, permission
from ebill_desktop.storage.database import CacheDatabase
from tests.desktop import security_support
from tests.desktop.security_support import (
    ADMIN,
    CASHIER,
    KIOSK,
    OTHER_CASHIER,
    PASSWORD,
    RETIRED,
    SUPERVISOR,
    Clock,
)

SUPERVISED = (
    Action.VOID,
    Action.REPRINT_SECOND,
    Action.OVER_SHORT_BEYOND_TOLERANCE,
    Action.CLOSE_WITH_UNSYNCED,
    Action.NO_SALE_OPEN,
)


staffed_template = security_support.staffed_template
staffed = security_support.staffed


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(staffed: CacheDatabase) -> CacheDatabase:
    return staffed


@pytest.fixture
def approvals(cache: CacheDatabase, clock: Clock) -> ApprovalService:
    return ApprovalService(cache, clock=clock)


def test_every_action_has_a_rule_and_the_kiosk_may_do_none() -> None:
    assert set(RULES) == set(Action)
    assert all(permission(a, OperatorRole.KIOSK) is Permission.NEVER for a in Action)


@pytest.mark.parametrize("action", SUPERVISED)
def test_a_cashier_needs_an_approval_a_supervisor_does_not(action: Action) -> None:
    with pytest.raises(NotPermittedError, match="A supervisor must approve"):
        authorise(action, CASHIER)
    authorise(action, SUPERVISOR)
    authorise(action, ADMIN)


@pytest.mark.parametrize("action", SUPERVISED)
def test_a_cashier_with_a_supervisors_approval_may(
    approvals: ApprovalService, action: Action
) -> None:
    approval = approvals.approve(action, "RAVI", PASSWORD, cashier="asha")
    assert (approval.action, approval.approver, approval.cashier) == (action, "ravi", "asha")
    authorise(action, CASHIER, approval)


def test_an_approval_is_for_one_action_and_one_cashier(approvals: ApprovalService) -> None:
    approval = approvals.approve(Action.VOID, "ravi", PASSWORD, cashier="asha")
    with pytest.raises(NotPermittedError, match="not for this"):
        authorise(Action.NO_SALE_OPEN, CASHIER, approval)
    with pytest.raises(NotPermittedError, match="not for this"):
        authorise(Action.VOID, OTHER_CASHIER, approval)


def test_a_hand_made_or_altered_approval_is_refused(
    approvals: ApprovalService, clock: Clock
) -> None:
    forged = Approval(Action.VOID, "ravi", "asha", clock())
    with pytest.raises(NotPermittedError, match="not for this"):
        authorise(Action.VOID, CASHIER, forged)
    genuine = approvals.approve(Action.REPRINT_SECOND, "ravi", PASSWORD, cashier="asha")
    altered = dataclasses.replace(genuine, action=Action.VOID)
    with pytest.raises(NotPermittedError, match="not for this"):
        authorise(Action.VOID, CASHIER, altered)


def test_a_cashier_cannot_approve_themselves_or_be_approved_by_a_cashier(
    approvals: ApprovalService, cache: CacheDatabase
) -> None:
    with pytest.raises(ApprovalRefused, match="cannot be you"):
        approvals.approve(Action.VOID, " Asha ", PASSWORD, cashier="asha")
    with pytest.raises(ApprovalRefused, match="not a supervisor"):
        approvals.approve(Action.VOID, "bina", PASSWORD, cashier="asha")
    refused = [e for e in audit.entries(cache) if e.action == "approval_refused"]
    assert [e.detail["reason"] for e in refused] == ["same_person", "not_a_supervisor"]


def test_a_kiosk_cannot_approve_nor_act(approvals: ApprovalService) -> None:
    with pytest.raises(ApprovalRefused, match="not a supervisor"):
        approvals.approve(Action.VOID, "kiosk1", PASSWORD, cashier="asha")
    approval = approvals.approve(Action.VOID, "ravi", PASSWORD, cashier="kiosk1")
    with pytest.raises(NotPermittedError, match="A kiosk may not"):
        authorise(Action.VOID, KIOSK, approval)


def test_a_supervisor_approving_their_own_act_gains_nothing(approvals: ApprovalService) -> None:
    # A supervisor may act alone; an approval naming themselves as the cashier is refused.
    with pytest.raises(ApprovalRefused, match="cannot be you"):
        approvals.approve(Action.VOID, "ravi", PASSWORD, cashier="RAVI")


@pytest.mark.parametrize(
    ("login", "password", "message"),
    [
        ("ravi", "wrong password", "Wrong operator or password"),
        ("nobody", PASSWORD, "Wrong operator or password"),
        ("old", PASSWORD, "disabled"),
        ("", PASSWORD, "Type your operator name"),
    ],
)
def test_bad_credentials_are_refused_and_audited(
    approvals: ApprovalService, cache: CacheDatabase, login: str, password: str, message: str
) -> None:
    with pytest.raises(ApprovalRefused, match=message):
        approvals.approve(Action.VOID, login, password, cashier="asha")
    actions = [e.action for e in audit.entries(cache)]
    assert "approve" not in actions
    assert actions == ([] if not login else ["approval_refused"])


def test_a_granted_approval_is_audited(approvals: ApprovalService, cache: CacheDatabase) -> None:
    approvals.approve(Action.VOID, "ravi", PASSWORD, cashier="asha")
    (entry,) = audit.entries(cache)
    assert (entry.actor, entry.action) == ("ravi", "approve")
    assert entry.detail == {"for_action": "void", "cashier": "asha"}
    assert audit.verify(cache) is None


def test_wrong_approval_passwords_lock_the_supervisor(
    approvals: ApprovalService, clock: Clock
) -> None:
    for _ in range(10):
        with pytest.raises(ApprovalRefused, match="Wrong"):
            approvals.approve(Action.VOID, "ravi", "wrong password", cashier="asha")
    with pytest.raises(ApprovalRefused, match="locked"):
        approvals.approve(Action.VOID, "ravi", PASSWORD, cashier="asha")
    clock.advance(minutes=30, seconds=1)
    approvals.approve(Action.VOID, "ravi", PASSWORD, cashier="asha")


@pytest.mark.parametrize(
    "action", [Action.RESET_PASSWORD, Action.RESOLVE_ATTENTION, Action.CHEQUE_BOUNCE]
)
def test_supervisor_only_actions_cannot_be_approved_for_a_cashier(
    approvals: ApprovalService, action: Action
) -> None:
    approval = approvals.approve(action, "ravi", PASSWORD, cashier="asha")
    with pytest.raises(NotPermittedError, match="A cashier may not"):
        authorise(action, CASHIER, approval)
    authorise(action, SUPERVISOR)


def test_settings_are_for_administrators_only() -> None:
    authorise(Action.CHANGE_SETTINGS, ADMIN)
    for someone in (SUPERVISOR, CASHIER):
        with pytest.raises(NotPermittedError):
            authorise(Action.CHANGE_SETTINGS, someone)


def test_a_disabled_operator_may_do_nothing() -> None:
    with pytest.raises(NotPermittedError, match="disabled"):
        authorise(Action.OPEN_SHIFT, RETIRED)


def test_the_void_service_checks_the_role_itself(
    approvals: ApprovalService, cache: CacheDatabase
) -> None:
    from ebill_desktop.services.voids import VoidError, VoidReason, VoidService

    voids = VoidService(cache)
    reason = next(iter(VoidReason))
    with pytest.raises(NotPermittedError, match="A supervisor must approve"):
        voids.void("SD014-T01-000001-0", CASHIER, reason)
    reprint = approvals.approve(Action.REPRINT_SECOND, "ravi", PASSWORD, cashier="asha")
    with pytest.raises(NotPermittedError, match="not for this"):
        voids.void("SD014-T01-000001-0", CASHIER, reason, reprint)
    with pytest.raises(NotPermittedError, match="A kiosk may not"):
        voids.void("SD014-T01-000001-0", KIOSK, reason)
    # With the right approval the role check passes; the unknown receipt is what stops it.
    approval = approvals.approve(Action.VOID, "ravi", PASSWORD, cashier="asha")
    with pytest.raises(VoidError):
        voids.void("SD014-T01-000001-0", CASHIER, reason, approval)
