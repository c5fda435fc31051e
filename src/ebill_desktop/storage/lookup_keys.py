"""Normalised forms of the numbers a cashier types, shared by the importer and the lookup."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-.()/]")
# A national number of 10 digits, optionally with the country code (+91 / 91) or a trunk 0.
_MOBILE = re.compile(r"(?:\+?91|0)?([0-9]{10})")


def without_separators(text: str) -> str:
    """``text`` without spaces, dashes, dots, slashes and brackets: "98 765-43" -> "9876543"."""
    return _SEPARATORS.sub("", text)


def mobile_key(text: str | None) -> str | None:
    """The 10-digit key a mobile number is indexed and looked up by, or None if it is not one.

    "+91 98765-43210", "09876543210" and "9876543210" all give "9876543210".
    """
    if not text:
        return None
    match = _MOBILE.fullmatch(without_separators(text))
    return None if match is None else match.group(1)
