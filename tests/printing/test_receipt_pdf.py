"""The receipt PDF. No PDF text extractor is installed, so the file's structure is checked:
a whole PDF, the bundled fonts embedded, ₹ mapped in the font's ToUnicode table, the
Devanagari name placed as a picture."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ebill_desktop.documents.receipt_pdf import receipt_pdf, write_receipt_pdf
from tests.printing import receipts


def _page_size(pdf: bytes) -> tuple[float, float]:
    match = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert match, "no page size"
    return float(match.group(1)), float(match.group(2))


def test_pdf_is_a_whole_document_with_embedded_fonts() -> None:
    pdf = receipt_pdf(receipts.split_confirmed_duplicate(), compress=False)
    assert pdf.startswith(b"%PDF-1.")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1  # one page
    assert b"/BaseFont /AAAAAA+DejaVuSans" in pdf
    assert b"/BaseFont /AAAAAA+DejaVuSans-Bold" in pdf
    assert pdf.count(b"/FontFile2") == 2  # both embedded (subsets), not referenced
    assert b"(Receipt 0140-012-00001235-8)" in pdf  # the title
    width, height = _page_size(pdf)
    assert width == pytest.approx(80 / 25.4 * 72)  # as wide as the roll
    assert height > width * 2


def test_rupee_sign_is_a_real_glyph() -> None:
    pdf = receipt_pdf(receipts.cash_provisional(), compress=False)
    # The subset's ToUnicode map says which glyph is U+20B9: the text has a ₹, not "Rs.".
    assert re.search(rb"<[0-9A-F]{2}> <20B9>", pdf)


def test_devanagari_name_is_a_picture_not_boxes() -> None:
    latin = receipt_pdf(receipts.cash_provisional(), compress=False)
    devanagari = receipt_pdf(receipts.devanagari_name(), compress=False)
    assert latin.count(b"/Subtype /Image") == 0
    assert devanagari.count(b"/Subtype /Image") == 1
    # DejaVu has no Devanagari: no Devanagari code point may be mapped to one of its glyphs.
    assert not re.search(rb"<[0-9A-F]{2}> <09[0-7][0-9A-F]>", devanagari)


def test_same_receipt_same_file() -> None:
    r = receipts.split_confirmed_duplicate()
    assert receipt_pdf(r) == receipt_pdf(r)


def test_write_receipt_pdf(tmp_path: Path) -> None:
    target = tmp_path / "receipts" / "r.pdf"
    write_receipt_pdf(receipts.cash_provisional(), target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["r.pdf"]  # no temporary left
