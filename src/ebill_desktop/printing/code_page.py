"""Text a printer's code page can print, decided on purpose, character by character.

A thermal printer prints single bytes through a code page (CP437 on most, CP858 or CP1252 on
some). Encoding with ``errors="replace"`` would turn ``₹`` or a Devanagari name into ``?``,
which on a proof of payment reads as a fault. Instead:

* known symbols get their usual ASCII stand-ins: ``₹`` -> ``Rs.``, the mask dot ``•`` -> ``*``,
  curly quotes, dashes and odd spaces -> their plain forms;
* accented Latin letters the code page lacks lose their accents (``é`` -> ``e``);
* anything still unprintable (Devanagari, other scripts) makes :func:`printable` answer
  ``None``: the renderer then rasterises the line as an image, or, where asked, transliterates
  Devanagari to Latin letters (:func:`transliterate`).
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import cache

__all__ = [
    "CODE_PAGES",
    "SYMBOL_STAND_INS",
    "CodePageError",
    "printable",
    "transliterate",
]

# Code pages every profile of python-escpos's "default" printer knows, with the ESC t number
# it selects them by. Others can be added once a printer is seen that needs them.
CODE_PAGES: dict[str, int] = {
    "CP437": 0,
    "CP850": 2,
    "CP858": 19,
    "CP1252": 16,
    "CP866": 17,
    "CP852": 18,
    "ISO_8859-15": 40,
}

_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200b": "", "\t": " "}

# Used only when the code page lacks the character itself.
SYMBOL_STAND_INS: dict[str, str] = {
    "₹": "Rs.",
    "•": "*",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2026": "...",
    "€": "EUR",
    "£": "GBP",
    # Latin letters that have no accent to strip (NFKD leaves them whole).
    "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "ß": "ss", "Ł": "L",
    "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i",
}  # fmt: skip


class CodePageError(ValueError):
    """A code page name the renderer does not know."""


@cache
def _codec(code_page: str) -> codecs.CodecInfo:
    if code_page not in CODE_PAGES:
        known = ", ".join(sorted(CODE_PAGES))
        raise CodePageError(f"unknown code page {code_page!r}; known: {known}")
    return codecs.lookup(code_page.replace("_", ""))


def _encodable(ch: str, code_page: str) -> bool:
    try:
        _codec(code_page).encode(ch)
    except UnicodeEncodeError:
        return False
    return True


def _printable_char(ch: str, code_page: str) -> str | None:
    if ch in _SPACES:  # odd spaces wrap badly and print oddly: always plain ones
        return _SPACES[ch]
    if unicodedata.category(ch) in ("Cc", "Cf"):
        # Control characters in user data would be printer commands (ESC, GS ...): dropped.
        return ""
    if ch.isprintable() and _encodable(ch, code_page):
        return ch
    if ch in SYMBOL_STAND_INS:
        return SYMBOL_STAND_INS[ch]
    stripped = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if stripped and stripped != ch and all(_encodable(c, code_page) for c in stripped):
        return stripped
    return None


def printable(text: str, code_page: str = "CP437") -> str | None:
    """``text`` made of characters ``code_page`` has, or None when that cannot be done without
    losing letters (a non-Latin script): the caller rasterises or transliterates it.

    Raises :class:`CodePageError` for an unknown code page.
    """
    _codec(code_page)
    if text.isascii() and text.isprintable():  # nearly every line of a receipt
        return text
    out: list[str] = []
    for ch in text:
        mapped = ch if ch.isascii() and ch.isprintable() else None
        if mapped is None:
            mapped = _printable_char(ch, code_page)
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)


def encode(text: str, code_page: str) -> bytes:
    """Bytes of text already made :func:`printable` (strict: a miss is a bug, not a ``?``)."""
    return _codec(code_page).encode(text)[0]


# -- Devanagari -> Latin (a reading aid, ISO 15919-like without diacritics) ------------------

_VOWELS = {
    "अ": "a", "आ": "aa", "इ": "i", "ई": "ii", "उ": "u", "ऊ": "uu", "ऋ": "ri", "ए": "e",
    "ऐ": "ai", "ओ": "o", "औ": "au", "ऑ": "o", "ऍ": "e",
}  # fmt: skip
_SIGNS = {
    "ा": "aa", "ि": "i", "ी": "ii", "ु": "u", "ू": "uu", "ृ": "ri", "े": "e", "ै": "ai",
    "ो": "o", "ौ": "au", "ॉ": "o", "ॅ": "e",
}  # fmt: skip
_CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j",
    "झ": "jh", "ञ": "n", "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t",
    "थ": "th", "द": "d", "ध": "dh", "न": "n", "प": "p", "फ": "ph", "ब": "b", "भ": "bh",
    "म": "m", "य": "y", "र": "r", "ल": "l", "व": "v", "श": "sh", "ष": "sh", "स": "s",
    "ह": "h", "ळ": "l", "क़": "q", "ख़": "kh", "ग़": "gh", "ज़": "z", "ड़": "r", "ढ़": "rh",
    "फ़": "f", "य़": "y",
}  # fmt: skip
_CONSONANTS = {unicodedata.normalize("NFC", k): v for k, v in _CONSONANTS.items()}
_MARKS = {"ं": "n", "ँ": "n", "ः": "h", "़": "", "ऽ": "", "।": ".", "॥": "."}
_DIGITS = {chr(0x0966 + i): str(i) for i in range(10)}
_VIRAMA = "्"


def transliterate(text: str) -> str:
    """Devanagari in ``text`` spelled in Latin letters (``"रमेश कुमार"`` -> ``"ramesh kumaar"``);
    other characters unchanged. Consonants carry the inherent ``a`` unless a vowel sign or the
    virama follows; a word-final inherent ``a`` is dropped, as Hindi speech does.
    """
    text = unicodedata.normalize("NFC", text)  # nukta letters become letter + nukta
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if text[i : i + 2] in _CONSONANTS:  # a letter with nukta (ज़ -> z)
            ch = text[i : i + 2]
        i += len(ch)
        following = text[i] if i < len(text) else ""
        if ch in _CONSONANTS:
            out.append(_CONSONANTS[ch])
            ends_word = not ("\u0900" <= following <= "\u097f")
            if following not in _SIGNS and following != _VIRAMA and not ends_word:
                out.append("a")
        elif ch in _SIGNS:
            out.append(_SIGNS[ch])
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
        elif ch in _MARKS:
            out.append(_MARKS[ch])
        elif ch in _DIGITS:
            out.append(_DIGITS[ch])
        elif ch != _VIRAMA:
            out.append(ch)
    return "".join(out)
