"""Lock-out after 10 wrong passwords, kept across restarts; the idle lock and its unlock."""

from __future__ import annotations

from pathlib import Path

import pytest

from ebill_desktop.config import Settings, SettingsStore
from ebill_desktop.security import audit
from ebill_desktop.services.login import LoginRefused, LoginService
from ebill_desktop.storage.database import CacheDatabase, open_cache
from tests.desktop import security_support
from tests.desktop.security_support import CASHIER, PASSWORD, SUPERVISOR, Clock

staffed_template = security_support.staffed_template
staffed = security_support.staffed
WRONG = "not the password"


@pytest.fixture
def clock() -> Clock:
    return Clock()


def _fail(service: LoginService, times: int, login: str = "asha") -> None:
    for _ in range(times):
        with pytest.raises(LoginRefused, match="Wrong operator or password"):
            service.log_in(login, WRONG)


def _actions(db: CacheDatabase) -> list[str]:
    return [e.action for e in audit.entries(db)]


def test_ten_wrong_passwords_lock_for_thirty_minutes(staffed: CacheDatabase, clock: Clock) -> None:
    service = LoginService(staffed, clock=clock)
    _fail(service, 9)
    assert service.log_in("asha", PASSWORD).login == "asha"  # the count starts again
    _fail(service, 9)
    with pytest.raises(LoginRefused, match="locked until"):
        service.log_in("asha", WRONG)  # the tenth in a row
    with pytest.raises(LoginRefused, match="locked until"):
        service.log_in("ASHA", PASSWORD)  # even the right password, in any case
    clock.advance(minutes=29, seconds=59)
    with pytest.raises(LoginRefused, match="locked until"):
        service.log_in("asha", PASSWORD)
    clock.advance(seconds=1)
    assert service.log_in("asha", PASSWORD).login == "asha"
    # Another operator was never affected.
    assert service.log_in("ravi", PASSWORD).login == "ravi"


def test_the_lock_survives_a_new_service_and_a_reopened_cache(
    staffed: CacheDatabase, cache_path: Path, clock: Clock
) -> None:
    _fail(LoginService(staffed, clock=clock), 7)
    _fail(LoginService(staffed, clock=clock), 2)
    staffed.close()
    reopened = open_cache(cache_path)  # the app restarted
    try:
        service = LoginService(reopened, clock=clock)
        with pytest.raises(LoginRefused, match="locked until"):
            service.log_in("asha", WRONG)  # 7 + 2 + 1: the counts added up across instances
        clock.advance(minutes=10)
        with pytest.raises(LoginRefused, match="locked until"):
            LoginService(reopened, clock=clock).log_in("asha", PASSWORD)
    finally:
        reopened.close()


def test_unknown_logins_lock_too_so_a_lock_reveals_nobody(
    staffed: CacheDatabase, clock: Clock
) -> None:
    service = LoginService(staffed, clock=clock)
    _fail(service, 9, login="nobody")
    with pytest.raises(LoginRefused, match="locked until"):
        service.log_in("nobody", WRONG)


def test_log_ins_failures_and_locks_are_audited(staffed: CacheDatabase, clock: Clock) -> None:
    service = LoginService(staffed, clock=clock)
    service.log_in("asha", PASSWORD)
    _fail(service, 9)
    with pytest.raises(LoginRefused):
        service.log_in("asha", WRONG)
    with pytest.raises(LoginRefused):
        service.log_in("asha", PASSWORD)
    assert _actions(staffed) == ["login", *["login_failed"] * 10, "locked", "login_failed"]
    entries = audit.entries(staffed)
    assert entries[1].detail == {"reason": "wrong_password"}
    assert entries[11].detail == {"until": "2026-11-23T09:30:00+00:00", "failures": 10}
    assert entries[12].detail == {"reason": "locked"}
    assert audit.verify(staffed) is None


def test_empty_fields_neither_count_nor_audit(staffed: CacheDatabase, clock: Clock) -> None:
    service = LoginService(staffed, clock=clock)
    for _ in range(12):
        with pytest.raises(LoginRefused, match="Type your operator name"):
            service.log_in("asha", "")
    assert service.log_in("asha", PASSWORD).login == "asha"
    assert _actions(staffed) == ["login"]


def test_the_idle_lock_defaults_to_fifteen_minutes(tmp_path: Path) -> None:
    assert Settings().idle_lock_minutes == 15
    assert SettingsStore(tmp_path / "settings.json").load().settings.idle_lock_minutes == 15


def test_only_the_locked_operator_unlocks(staffed: CacheDatabase, clock: Clock) -> None:
    service = LoginService(staffed, clock=clock)
    service.lock(CASHIER)
    with pytest.raises(LoginRefused, match="Only asha can unlock"):
        service.unlock(CASHIER, "ravi", PASSWORD)
    with pytest.raises(LoginRefused, match="Wrong operator or password"):
        service.unlock(CASHIER, "asha", WRONG)
    assert service.unlock(CASHIER, " Asha ", PASSWORD).login == "asha"
    assert _actions(staffed) == ["lock", "unlock_failed", "unlock_failed", "unlock"]
    assert [e.detail.get("reason") for e in audit.entries(staffed)] == [
        "idle",
        "other_operator",
        "wrong_password",
        None,
    ]


def test_wrong_unlock_passwords_count_toward_the_lock_out(
    staffed: CacheDatabase, clock: Clock
) -> None:
    service = LoginService(staffed, clock=clock)
    for _ in range(10):
        with pytest.raises(LoginRefused, match="Wrong"):
            service.unlock(SUPERVISOR, "ravi", WRONG)
    with pytest.raises(LoginRefused, match="locked until"):
        service.log_in("ravi", PASSWORD)


def test_log_out_is_audited(staffed: CacheDatabase, clock: Clock) -> None:
    LoginService(staffed, clock=clock).log_out(CASHIER)
    (entry,) = audit.entries(staffed)
    assert (entry.actor, entry.action, entry.detail) == ("asha", "logout", {"reason": "by_hand"})


def test_an_odd_login_is_audited_without_its_control_characters(
    staffed: CacheDatabase, clock: Clock
) -> None:
    service = LoginService(staffed, clock=clock)
    with pytest.raises(LoginRefused, match="Wrong operator or password"):
        service.log_in("as\x00ha\x1b", WRONG)
    (entry,) = audit.entries(staffed)
    assert (entry.actor, entry.action) == ("asha", "login_failed")
    assert audit.verify(staffed) is None
