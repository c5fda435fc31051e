"""Password hashing: argon2id, verify never raises for bad input, rehash when parameters change."""

from __future__ import annotations

import unicodedata

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from hypothesis import given, settings
from hypothesis import strategies as st

from ebill_core.passwords import (
    MAX_PASSWORD_CHARS,
    MEMORY_COST_KIB,
    PARALLELISM,
    TIME_COST,
    hash_password,
    needs_rehash,
    verify_password,
)


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password("correct horse")


def test_hash_is_argon2id_with_the_documented_parameters(stored: str) -> None:
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    params = extract_parameters(stored)
    assert params.type is Type.ID
    assert (params.memory_cost, params.time_cost, params.parallelism) == (
        MEMORY_COST_KIB,
        TIME_COST,
        PARALLELISM,
    )
    assert params.hash_len == 32 and params.salt_len == 16


def test_verify(stored: str) -> None:
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "correct horse ")
    assert not verify_password(stored, "Correct horse")
    assert not verify_password(stored, "")


def test_each_hash_has_its_own_salt() -> None:
    first, second = hash_password("same"), hash_password("same")
    assert first != second
    assert verify_password(first, "same") and verify_password(second, "same")


@pytest.mark.parametrize(
    "bad_hash",
    [
        "",
        "not a hash",
        "$argon2id$v=19$m=19456,t=2,p=1$",
        "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$broken!!",
        "$2b$12$abcdefghijklmnopqrstuuQJ3yj0D0Q6gE9QvJ8d1Q5o1bV1j1X2",  # bcrypt
        "\x00" * 40,
    ],
)
def test_malformed_hashes_never_verify_and_never_raise(bad_hash: str) -> None:
    assert verify_password(bad_hash, "anything") is False
    assert needs_rehash(bad_hash) is True


def test_non_text_never_raises(stored: str) -> None:
    assert verify_password(None, "x") is False  # type: ignore[arg-type]
    assert verify_password(stored, None) is False  # type: ignore[arg-type]
    assert verify_password(stored.encode(), "correct horse") is False  # type: ignore[arg-type]
    assert needs_rehash(None) is True  # type: ignore[arg-type]


def test_needs_rehash(stored: str) -> None:
    assert needs_rehash(stored) is False
    weaker = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID)
    old = weaker.hash("correct horse")
    assert needs_rehash(old) is True
    # Still verifies, so the login service can log the operator in and then rehash.
    assert verify_password(old, "correct horse")
    argon2i = PasswordHasher(
        time_cost=TIME_COST, memory_cost=MEMORY_COST_KIB, parallelism=PARALLELISM, type=Type.I
    ).hash("correct horse")
    assert needs_rehash(argon2i) is True


def test_unicode_forms_of_one_password_match() -> None:
    composed = unicodedata.normalize("NFC", "Pässwörd-ञ")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert verify_password(hash_password(composed), decomposed)


def test_empty_long_and_non_text_passwords_are_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        hash_password("")
    with pytest.raises(ValueError, match="longer than"):
        hash_password("x" * (MAX_PASSWORD_CHARS + 1))
    with pytest.raises(ValueError, match="text"):
        hash_password(b"bytes")  # type: ignore[arg-type]
    assert hash_password("x" * MAX_PASSWORD_CHARS)


def test_over_long_password_does_not_verify(stored: str) -> None:
    assert not verify_password(stored, "correct horse" * 100)


@settings(max_examples=5, deadline=None)
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_only_the_right_password_verifies(password: str, other: str) -> None:
    hashed = hash_password(password)
    assert verify_password(hashed, password)
    same = unicodedata.normalize("NFKC", other) == unicodedata.normalize("NFKC", password)
    assert verify_password(hashed, other) is same
