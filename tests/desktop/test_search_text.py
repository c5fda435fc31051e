"""Folding and FTS query building: one fold for index and query; typed text stays text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ebill_desktop.storage.search_text import fold, text_query


def test_accents_and_case_fold_away() -> None:
    assert fold("José") == fold("JOSE") == "jose"
    assert fold("Zoë") == fold("ZOE") == "zoe"
    assert fold("Straße") == "strasse"
    assert fold("Ｓｈａｒｍａ") == "sharma"  # full-width letters (NFKD)


@given(st.text(max_size=40))
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=40))
def test_ascii_case_never_matters(text: str) -> None:
    assert fold(text.upper()) == fold(text.lower())


def test_fragments_are_folded_deduplicated_and_short_ones_set_aside() -> None:
    query = text_query("  Sharma  NAGAR r k sharma ")
    assert query.fragments == ("sharma", "nagar")
    assert query.too_short == ("r", "k")
    assert query.fts_match == '"sharma" AND "nagar"'


def test_fts_syntax_typed_by_the_cashier_is_quoted() -> None:
    query = text_query('name:"x OR y* NEAR(')
    assert query.fts_match == '"name:""x" AND "near("'
