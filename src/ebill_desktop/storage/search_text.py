"""How names and addresses are folded for the full-text index, and how a query is built.

The same :func:`fold` runs when a row is indexed and when a cashier types, so "José", "JOSE" and
"jose" all become "jose" on both sides. The FTS5 trigram tokenizer finds any substring of 3 or
more characters; shorter fragments cannot be searched and are reported instead.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

MIN_FRAGMENT = 3  # the trigram tokenizer cannot match fewer characters


def fold(text: str) -> str:
    """Accent- and case-folded copy of ``text``: NFKD, combining marks dropped, casefolded.

    Used for the index and for queries alike; never for display.
    """
    if text.isascii():
        # ASCII has nothing to decompose: the common case, kept fast for bulk imports.
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@dataclass(frozen=True, slots=True)
class TextQuery:
    """A typed search split into what can be searched and what is too short to."""

    fragments: tuple[str, ...]  # folded, 3+ characters each
    too_short: tuple[str, ...]  # as typed, fewer than 3 characters

    @property
    def fts_match(self) -> str:
        """The FTS5 MATCH expression: every fragment, any column, any order.

        Each fragment is a quoted FTS5 string (inner quotes doubled), so operators, column
        filters and punctuation the cashier types are searched for as text, never obeyed.
        """
        return " AND ".join('"' + fragment.replace('"', '""') + '"' for fragment in self.fragments)


def text_query(text: str) -> TextQuery:
    """Split ``text`` on whitespace and fold each word; keep order, drop repeats."""
    fragments: list[str] = []
    too_short: list[str] = []
    for word in text.split():
        folded = fold(word)
        if len(folded) < MIN_FRAGMENT:
            too_short.append(word)
        elif folded not in fragments:
            fragments.append(folded)
    return TextQuery(tuple(fragments), tuple(too_short))
