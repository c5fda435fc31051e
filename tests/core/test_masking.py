"""Masked mobile numbers and e-mail addresses for receipts and kiosk screens."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ebill_core.masking import MASK, mask_email, mask_mobile


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("9876543210", "98••••••10"),
        ("+91 98765 43210", "+91••••••••10"),
        ("+91-98765-43210", "+91••••••••10"),
        ("(022) 2345-6789", "02•••••••89"),
        ("987654", "98••54"),
        ("98765", "•••••"),
        ("12", "••"),
        ("+", ""),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_mask_mobile(number: str | None, masked: str) -> None:
    assert mask_mobile(number) == masked


def test_mask_character_for_printers() -> None:
    assert mask_mobile("9876543210", mask="*") == "98******10"
    assert mask_email("ravi.kumar@example.com", mask="x") == "raxxxxxxxx@example.com"


@given(st.text(alphabet="0123456789", min_size=6, max_size=15))
def test_mobile_shows_only_the_ends(digits: str) -> None:
    masked = mask_mobile(digits)
    assert len(masked) == len(digits)
    assert masked[:2] == digits[:2] and masked[-2:] == digits[-2:]
    assert set(masked[2:-2]) <= {MASK}


@given(st.text(max_size=40))
def test_mobile_never_shows_more_than_four_characters(text: str) -> None:
    masked = mask_mobile(text)
    assert len(masked.replace(MASK, "").removeprefix("+")) <= 4


@pytest.mark.parametrize(
    ("address", "masked"),
    [
        ("ravi.kumar@example.com", "ra••••••••@example.com"),
        ("  ravi@example.com ", "ra••@example.com"),
        ("ab@x.in", "a•@x.in"),
        ("a@x.in", "•@x.in"),
        ("@x.in", "@x.in"),
        ("a@b@c.com", "a@•@c.com"),
        ("no-at-sign", "no••••••••"),
        ("", ""),
        (" ", ""),
        (None, ""),
    ],
)
def test_mask_email(address: str | None, masked: str) -> None:
    assert mask_email(address) == masked


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._+é", min_size=1, max_size=30),
    st.from_regex(r"[a-z]{1,10}\.[a-z]{2,4}", fullmatch=True),
)
def test_email_keeps_the_domain_and_at_most_two_characters(local: str, domain: str) -> None:
    masked = mask_email(f"{local}@{domain}")
    assert masked.endswith("@" + domain)
    masked_local = masked.removesuffix("@" + domain)
    assert len(masked_local) == len(local)
    shown = masked_local.rstrip(MASK)
    assert local.startswith(shown) and len(shown) <= min(2, len(local) - 1)
