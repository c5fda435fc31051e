"""Receipt numbers a terminal makes by itself, offline, unique without asking anyone.

A receipt number is 16 digits::

    0140 012 00001234 4
    |    |   |        +-- Damm check digit over the 15 digits before it
    |    |   +----------- the terminal's own sequence, 1 .. 99,999,999, zero-padded to 8
    |    +--------------- terminal (counter or kiosk) within the branch, 3 digits
    +-------------------- branch, 4 digits

It is displayed and printed with hyphens between the parts: ``0140-012-00001234-4``. Typed or
scanned back, hyphens and spaces anywhere are ignored, so ``0140012000012344`` and
``0140 012 00001234 4`` are the same receipt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ebill_core.check_digit import damm_check_digit, is_valid_damm

__all__ = [
    "MAX_SEQUENCE",
    "RECEIPT_DIGITS",
    "ReceiptNumber",
    "ReceiptNumberError",
    "parse_receipt_number",
]

RECEIPT_DIGITS = 16
MAX_SEQUENCE = 99_999_999
_MAX_INPUT = 64  # anything longer is not a receipt number; refuse before looking further
_BRANCH = re.compile(r"[0-9]{4}")
_TERMINAL = re.compile(r"[0-9]{3}")
_SEPARATORS = re.compile(r"[\s-]+")


class ReceiptNumberError(ValueError):
    """Text or parts that do not make a valid receipt number; the message says why."""


@dataclass(frozen=True, slots=True, order=True)
class ReceiptNumber:
    """One receipt's number: ``ReceiptNumber("0140", "012", 1234).text == "0140-012-00001234-4"``.

    ``branch`` is 4 digits, ``terminal`` 3 digits, ``sequence`` 1 .. 99,999,999; anything else
    raises :class:`ReceiptNumberError`. Numbers of one terminal sort in sequence order.
    """

    branch: str
    terminal: str
    sequence: int

    def __post_init__(self) -> None:
        if not isinstance(self.branch, str) or _BRANCH.fullmatch(self.branch) is None:
            raise ReceiptNumberError(f"branch must be 4 digits, got {self.branch!r}")
        if not isinstance(self.terminal, str) or _TERMINAL.fullmatch(self.terminal) is None:
            raise ReceiptNumberError(f"terminal must be 3 digits, got {self.terminal!r}")
        if not isinstance(self.sequence, int) or isinstance(self.sequence, bool):
            raise ReceiptNumberError(f"sequence must be a whole number, got {self.sequence!r}")
        if not 1 <= self.sequence <= MAX_SEQUENCE:
            raise ReceiptNumberError(
                f"sequence must be between 1 and {MAX_SEQUENCE:,}, got {self.sequence}"
            )

    @property
    def body(self) -> str:
        """The 15 digits the check digit protects."""
        return f"{self.branch}{self.terminal}{self.sequence:08d}"

    @property
    def check_digit(self) -> str:
        """The Damm check digit of :attr:`body`."""
        return damm_check_digit(self.body)

    @property
    def digits(self) -> str:
        """All 16 digits, no separators: what a receipt's bar code carries."""
        return self.body + self.check_digit

    @property
    def text(self) -> str:
        """The display and print form, ``"0140-012-00001234-4"``."""
        return f"{self.branch}-{self.terminal}-{self.sequence:08d}-{self.check_digit}"

    def __str__(self) -> str:
        return self.text


def parse_receipt_number(text: str) -> ReceiptNumber:
    """Read a receipt number as typed, printed or scanned.

    Hyphens and whitespace anywhere are ignored. Raises :class:`ReceiptNumberError` when the
    text is empty, too long, has a character other than digits, hyphens and spaces, has other
    than 16 digits, fails the check digit, or has sequence 0.
    """
    if not isinstance(text, str):
        raise ReceiptNumberError(f"a receipt number is text, not {type(text).__name__}")
    if len(text) > _MAX_INPUT:
        raise ReceiptNumberError(
            f"that is {len(text)} characters; a receipt number has {RECEIPT_DIGITS} digits"
        )
    digits = _SEPARATORS.sub("", text)
    if not digits:
        raise ReceiptNumberError("no receipt number was entered")
    if any(ch not in "0123456789" for ch in digits):
        raise ReceiptNumberError(
            "a receipt number has only digits (hyphens and spaces are allowed between them)"
        )
    if len(digits) != RECEIPT_DIGITS:
        raise ReceiptNumberError(
            f"a receipt number has {RECEIPT_DIGITS} digits; this has {len(digits)}"
        )
    if not is_valid_damm(digits):
        raise ReceiptNumberError("the check digit is wrong: a digit was mistyped or swapped")
    return ReceiptNumber(digits[0:4], digits[4:7], int(digits[7:15]))
