from __future__ import annotations

import pytest

from ebill_desktop.printing.code_page import (
    CodePageError,
    encode,
    printable,
    transliterate,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ASCII 123", "plain ASCII 123"),
        ("₹1,234.50", "Rs.1,234.50"),
        ("98••••••10", "98******10"),
        ("“quoted” – dash…", '"quoted" - dash...'),
        ("a\u00a0b\tc", "a b c"),
        ("Ślęzak", "Slezak"),  # accents CP437 lacks are stripped
        ("José", "José"),  # CP437 has é
        ("Straße Ørsted", "Straße Orsted"),
        ("bell\x07 esc\x1b", "bell esc"),
    ],
)
def test_printable_in_cp437(text: str, expected: str) -> None:
    assert printable(text, "CP437") == expected


@pytest.mark.parametrize("text", ["रमेश", "Ελλάδα", "தமிழ்", "中文"])
def test_scripts_the_code_page_lacks_need_a_picture(text: str) -> None:
    assert printable(text, "CP437") is None


def test_cp1252_keeps_what_it_has() -> None:
    assert printable("€5 • Ø", "CP1252") == "€5 • Ø"


def test_unknown_code_page_is_refused() -> None:
    with pytest.raises(CodePageError, match="unknown code page"):
        printable("x", "CP000")


def test_encode_is_strict() -> None:
    assert encode("é", "CP437") == b"\x82"
    with pytest.raises(UnicodeEncodeError):
        encode("₹", "CP437")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("रमेश कुमार", "ramesh kumaar"),
        ("सुनीता शर्मा", "suniitaa sharmaa"),
        ("कृष्ण", "krishn"),
        ("गांधी", "gaandhii"),
        ("ज़ैद", "zaid"),
        ("१२३", "123"),
        ("Ravi रवि", "Ravi ravi"),
    ],
)
def test_transliterate(text: str, expected: str) -> None:
    assert transliterate(text) == expected
