"""Setting passwords: the 12-character rule, who may reset whose, the outbox item, the audit."""

from __future__ import annotations

import json

import pytest

from ebill_core.passwords import verify_password
from ebill_desktop.security import audit
from ebill_desktop.security.approvals import NotPermittedError
from ebill_desktop.security.credentials import find_operator
from ebill_desktop.security.password_change import (
    PasswordRuleError,
    PasswordService,
    check_new_password,
)
from ebill_desktop.services.login import LoginRefused, LoginService
from ebill_desktop.storage.database import CacheDatabase
from ebill_desktop.sync.outbox import OutboxKind, pending_items
from tests.desktop import security_support
from tests.desktop.security_support import (
    ADMIN,
    CASHIER,
    KIOSK,
    OTHER_CASHIER,
    PASSWORD,
    SUPERVISOR,
    Clock,
)

staffed_template = security_support.staffed_template
staffed = security_support.staffed
NEW = "a new one, 12+"


@pytest.fixture
def service(staffed: CacheDatabase) -> PasswordService:
    return PasswordService(staffed, clock=Clock())


def _resets(db: CacheDatabase) -> list[dict[str, object]]:
    return [i.body() for i in pending_items(db, kind=OutboxKind.PASSWORD_RESET)]


@pytest.mark.parametrize(
    ("password", "message"),
    [("eleven char", "at least 12"), ("            ", "only spaces"), ("x" * 1025, "at most")],
)
def test_password_rules(password: str, message: str) -> None:
    with pytest.raises(PasswordRuleError, match=message):
        check_new_password(password)
    check_new_password("twelve chars")


def test_a_supervisor_resets_a_cashiers_password(
    service: PasswordService, staffed: CacheDatabase
) -> None:
    service.reset(SUPERVISOR, " ASHA ", NEW)
    stored = find_operator(staffed, "asha")
    assert stored is not None and verify_password(stored.password_hash, NEW)
    assert LoginService(staffed).log_in("asha", NEW).login == "asha"
    with pytest.raises(LoginRefused):
        LoginService(staffed).log_in("asha", PASSWORD)
    (body,) = _resets(staffed)
    assert body["operator"] == "asha" and body["set_by"] == "ravi"
    assert body["password_hash"] == stored.password_hash
    assert NEW not in json.dumps(body)
    assert [(e.actor, e.action, e.detail) for e in audit.entries(staffed)][:1] == [
        ("ravi", "password_reset", {"operator": "asha"})
    ]


def test_a_reset_lifts_a_lock_out(service: PasswordService, staffed: CacheDatabase) -> None:
    login = LoginService(staffed, clock=Clock())
    for _ in range(10):
        with pytest.raises(LoginRefused):
            login.log_in("asha", "not the password")
    service.reset(SUPERVISOR, "asha", NEW)
    assert login.log_in("asha", NEW).login == "asha"


@pytest.mark.parametrize(
    ("actor", "target", "error", "message"),
    [
        (CASHIER, "bina", NotPermittedError, "A cashier may not"),
        (KIOSK, "asha", NotPermittedError, "A kiosk may not"),
        (
            SUPERVISOR,
            "meena",
            NotPermittedError,
            r"cannot reset the password of meena \(administrator\)",
        ),
        (SUPERVISOR, "ravi", NotPermittedError, "your own password"),
        (SUPERVISOR, "nobody", PasswordRuleError, "no operator"),
    ],
)
def test_resets_that_are_not_allowed_change_nothing(
    service: PasswordService,
    staffed: CacheDatabase,
    actor: object,
    target: str,
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error, match=message):
        service.reset(actor, target, NEW)  # type: ignore[arg-type]
    assert _resets(staffed) == []
    assert audit.entries(staffed) == []


def test_a_short_password_is_refused_before_anything_is_written(
    service: PasswordService, staffed: CacheDatabase
) -> None:
    with pytest.raises(PasswordRuleError, match="at least 12"):
        service.reset(SUPERVISOR, "asha", "short")
    assert LoginService(staffed).log_in("asha", PASSWORD).login == "asha"
    assert _resets(staffed) == []


def test_an_administrator_resets_a_supervisor(
    service: PasswordService, staffed: CacheDatabase
) -> None:
    service.reset(ADMIN, "ravi", NEW)
    assert LoginService(staffed).log_in("ravi", NEW).login == "ravi"


def test_an_operator_changes_their_own_password(
    service: PasswordService, staffed: CacheDatabase
) -> None:
    with pytest.raises(PasswordRuleError, match="current password is wrong"):
        service.change_own(OTHER_CASHIER, "wrong", NEW)
    with pytest.raises(PasswordRuleError, match="must differ"):
        service.change_own(OTHER_CASHIER, PASSWORD, PASSWORD)
    service.change_own(OTHER_CASHIER, PASSWORD, NEW)
    assert LoginService(staffed).log_in("bina", NEW).login == "bina"
    assert [i["operator"] for i in _resets(staffed)] == ["bina"]
    assert audit.entries(staffed)[0].action == "password_changed"
