"""The bar code printed on a bill, which the counter's scanner types into the lookup field.

Version 1 is 43 digits, so that it fits a Code 128 (set C) or an Interleaved 2 of 5 symbol and
any keyboard-wedge scanner sends it unchanged::

    position  length  field
    1         1       version, "1"
    2-13      12      account number
    14-26     13      bill number
    27-36     10      amount payable by the due date, in paise, zero-padded
    37-42     6       due date (cash) as yyMMdd, years 2000-2099
    43        1       Damm check digit over digits 1-42

Example: account 100200300400, bill 2024060000001, ₹1,234.50 due 15 July 2024 encodes as
``1`` ``100200300400`` ``2024060000001`` ``0000123450`` ``240715`` + check digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ebill_core.check_digit import damm_check_digit, is_valid_damm
from ebill_core.money import Money

__all__ = [
    "BARCODE_LENGTH",
    "KNOWN_VERSIONS",
    "MAX_AMOUNT_MINOR",
    "BarcodeError",
    "BillBarcode",
    "looks_like_bill_barcode",
    "parse_bill_barcode",
]

BARCODE_LENGTH = 43
KNOWN_VERSIONS = frozenset({"1"})
MAX_AMOUNT_MINOR = 10**10 - 1  # ten digits of paise: just under ₹10 crore
_MAX_INPUT = 100  # a scanner burst longer than this is not a bill bar code
_ACCOUNT = re.compile(r"[0-9]{12}")
_BILL = re.compile(r"[0-9]{13}")
_DIGITS = re.compile(r"[0-9]+")


class BarcodeError(ValueError):
    """A scanned or typed bar code that cannot be read; ``message`` is for the cashier."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class BillBarcode:
    """What a bill's bar code says: whose bill, which bill, how much, due when.

    ``account_no`` is 12 digits, ``bill_no`` 13 digits, ``amount`` rupees from 0 to
    :data:`MAX_AMOUNT_MINOR` paise, ``due_date`` in 2000-2099; otherwise :class:`BarcodeError`.
    """

    account_no: str
    bill_no: str
    amount: Money
    due_date: date

    def __post_init__(self) -> None:
        if not isinstance(self.account_no, str) or _ACCOUNT.fullmatch(self.account_no) is None:
            raise BarcodeError(f"account number must be 12 digits, got {self.account_no!r}")
        if not isinstance(self.bill_no, str) or _BILL.fullmatch(self.bill_no) is None:
            raise BarcodeError(f"bill number must be 13 digits, got {self.bill_no!r}")
        if not isinstance(self.amount, Money) or self.amount.currency != "INR":
            raise BarcodeError(f"a bill bar code carries rupees, got {self.amount!r}")
        if not 0 <= self.amount.minor <= MAX_AMOUNT_MINOR:
            raise BarcodeError(
                f"amount must be from 0 to {MAX_AMOUNT_MINOR} paise, got {self.amount.minor}"
            )
        # datetime is a date subclass; a time of day has no place in a due date.
        if type(self.due_date) is not date:
            raise BarcodeError(f"due date must be a date, got {self.due_date!r}")
        if not 2000 <= self.due_date.year <= 2099:
            raise BarcodeError(f"due date must be in 2000-2099, got {self.due_date.isoformat()}")

    def encode(self) -> str:
        """The 43-digit payload, check digit included."""
        body = (
            "1"
            + self.account_no
            + self.bill_no
            + f"{self.amount.minor:010d}"
            + self.due_date.strftime("%y%m%d")
        )
        return body + damm_check_digit(body)


def looks_like_bill_barcode(text: str) -> bool:
    """Cheap test the lookup uses to route input: 43 digits (after trimming) of a known version.

    It does not check the check digit or the date; :func:`parse_bill_barcode` does.
    """
    if not isinstance(text, str) or len(text) > _MAX_INPUT:
        return False
    text = text.strip()
    return (
        len(text) == BARCODE_LENGTH
        and _DIGITS.fullmatch(text) is not None
        and text[0] in KNOWN_VERSIONS
    )


def parse_bill_barcode(text: str) -> BillBarcode:
    """Read a bill bar code as the scanner sent it (surrounding whitespace is ignored).

    Raises :class:`BarcodeError` with a message for the cashier when the text is too long,
    empty, has anything but digits, is not 43 digits, has an unknown version, fails the check
    digit, or carries a due date that does not exist.
    """
    if not isinstance(text, str):
        raise BarcodeError(f"a bar code is text, not {type(text).__name__}")
    if len(text) > _MAX_INPUT:
        raise BarcodeError(f"too long for a bill bar code ({len(text)} characters)")
    text = text.strip()
    if not text:
        raise BarcodeError("nothing was scanned")
    if _DIGITS.fullmatch(text) is None:
        raise BarcodeError("a bill bar code has only digits; this is not one")
    if len(text) != BARCODE_LENGTH:
        raise BarcodeError(f"a bill bar code has {BARCODE_LENGTH} digits; this has {len(text)}")
    if text[0] not in KNOWN_VERSIONS:
        raise BarcodeError(
            f"unknown bar-code version {text[0]!r}: this bill is not ours or too new"
        )
    if not is_valid_damm(text):
        raise BarcodeError("check digit is wrong — rescan or type the account number")
    try:
        due = date(2000 + int(text[36:38]), int(text[38:40]), int(text[40:42]))
    except ValueError:
        raise BarcodeError(f"the due date {text[36:42]!r} (yyMMdd) is not a real date") from None
    return BillBarcode(
        account_no=text[1:13],
        bill_no=text[13:26],
        amount=Money(int(text[26:36]), "INR"),
        due_date=due,
    )
