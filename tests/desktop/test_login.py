"""Operator log-in against argon2id hashes in the cache."""

from __future__ import annotations

import pytest

from ebill_core.passwords import hash_password
from ebill_desktop.services.login import LoginRefused, LoginService
from ebill_desktop.storage.bundle_import import import_reference
from ebill_desktop.storage.database import CacheDatabase
from tests.desktop.factories import operator

PASSWORD = "counter-7 secret"


@pytest.fixture
def login(cache: CacheDatabase) -> LoginService:
    digest = hash_password(PASSWORD)
    import_reference(
        cache, [], [], [], [operator("asha", digest), operator("old", digest, active=False)]
    )
    return LoginService(cache)


def test_right_password_logs_in_any_case_of_the_name(login: LoginService) -> None:
    assert login.log_in(" ASHA ", PASSWORD).login == "asha"


@pytest.mark.parametrize(
    ("name", "password"), [("asha", "wrong"), ("nobody", PASSWORD), ("asha", PASSWORD.upper())]
)
def test_wrong_password_and_unknown_operator_get_the_same_answer(
    login: LoginService, name: str, password: str
) -> None:
    with pytest.raises(LoginRefused) as refused:
        login.log_in(name, password)
    assert str(refused.value) == "Wrong operator or password"


def test_disabled_operator_is_told_after_the_right_password(login: LoginService) -> None:
    with pytest.raises(LoginRefused, match="disabled"):
        login.log_in("old", PASSWORD)
    with pytest.raises(LoginRefused, match="Wrong operator or password"):
        login.log_in("old", "wrong")


@pytest.mark.parametrize(("name", "password"), [("", PASSWORD), ("asha", ""), ("  ", "x")])
def test_empty_fields_are_asked_for(login: LoginService, name: str, password: str) -> None:
    with pytest.raises(LoginRefused, match="Type your operator name and password"):
        login.log_in(name, password)


def test_overlong_name_is_refused_without_a_lookup(login: LoginService) -> None:
    with pytest.raises(LoginRefused, match="Wrong operator"):
        login.log_in("a" * 10_000, PASSWORD)
