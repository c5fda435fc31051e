"""The Damm check digit, used on receipt numbers and bill bar codes.

Damm's algorithm (H. Michael Damm, 2004) runs the digits through a totally anti-symmetric
quasigroup of order 10. One appended digit then catches **every** single-digit error and
**every** transposition of two adjacent digits, which the Luhn digit does not (it misses 09 <-> 90),
and it needs no weights and no digit outside 0-9 (unlike ISO 7064 mod 11,10's "X").

A number with its check digit appended runs through the table to 0; that is the whole test.
"""

from __future__ import annotations

import re

__all__ = ["DAMM_TABLE", "damm_check_digit", "is_valid_damm"]

# The quasigroup from Damm's thesis (as published, e.g. on Wikipedia): row = interim digit,
# column = next digit. Its diagonal is all zeros, so appending the interim digit yields 0.
DAMM_TABLE: tuple[tuple[int, ...], ...] = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

# ASCII digits only: str.isdigit() would also let through "²" and Devanagari digits.
_DIGITS = re.compile(r"[0-9]+")


def _interim(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = DAMM_TABLE[interim][ord(ch) - 48]
    return interim


def damm_check_digit(digits: str) -> str:
    """The Damm check digit of ``digits`` (ASCII 0-9, at least one): ``"572"`` -> ``"4"``.

    Anything else raises :class:`ValueError`.
    """
    if not isinstance(digits, str) or _DIGITS.fullmatch(digits) is None:
        raise ValueError(f"a check digit needs one or more digits 0-9, got {str(digits)[:40]!r}")
    return str(_interim(digits))


def is_valid_damm(digits_with_check: str) -> bool:
    """True when the last digit of ``digits_with_check`` is the Damm check digit of the rest.

    Empty text, a lone digit and anything with a character other than 0-9 are simply not valid.
    """
    if not isinstance(digits_with_check, str) or len(digits_with_check) < 2:
        return False
    if _DIGITS.fullmatch(digits_with_check) is None:
        return False
    return _interim(digits_with_check) == 0
