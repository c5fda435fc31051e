"""The receipt's ESC/POS bytes: golden files, fallbacks for ₹ and Devanagari, paper width.

Golden files are in tests/printing/golden/. After an intended change of the receipt's layout,
regenerate them and review the diff of the text they print::

    EBILL_REGENERATE_GOLDEN=1 .venv/bin/pytest -q tests/printing/test_receipt_escpos.py
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from ebill_core.receipt import Receipt, ReceiptCopy, ReceiptStatus
from ebill_desktop.printing.code_page import CodePageError
from ebill_desktop.printing.paper import paper
from ebill_desktop.printing.receipt_escpos import drawer_kick, render_receipt
from tests.printing import receipts
from tests.printing.escpos_scan import scan

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("EBILL_REGENERATE_GOLDEN") == "1"

CASES: dict[str, Callable[[], Receipt]] = {
    "cash_provisional": receipts.cash_provisional,
    "split_confirmed_duplicate": receipts.split_confirmed_duplicate,
}


@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize("name", sorted(CASES))
def test_bytes_match_the_golden_file(name: str, paper_mm: int) -> None:
    rendered = render_receipt(CASES[name](), paper_mm=paper_mm)
    golden = GOLDEN / f"{name}_{paper_mm}.bin"
    if REGENERATE:
        golden.write_bytes(rendered)
    assert golden.exists(), f"{golden} missing: run with EBILL_REGENERATE_GOLDEN=1"
    assert rendered == golden.read_bytes(), (
        f"{golden.name} differs; if the change is intended, regenerate (see module docstring)"
    )


def test_rendering_is_pure() -> None:
    r = receipts.split_confirmed_duplicate()
    assert render_receipt(r, paper_mm=58) == render_receipt(r, paper_mm=58)


@pytest.mark.parametrize("paper_mm", [58, 80])
@pytest.mark.parametrize(
    "make",
    [receipts.cash_provisional, receipts.split_confirmed_duplicate, receipts.devanagari_name],
)
def test_lines_stay_within_the_paper(make: Callable[[], Receipt], paper_mm: int) -> None:
    roll = paper(paper_mm)
    scanned = scan(render_receipt(make(), paper_mm=paper_mm))
    for line, double in scanned.lines:
        assert len(line) <= (roll.columns // 2 if double else roll.columns), line
    for width, _height in scanned.images:
        assert width <= roll.dots


def test_every_field_is_printed() -> None:
    r = receipts.split_confirmed_duplicate()
    text = scan(render_receipt(r, paper_mm=80)).text().decode("cp437")
    flat = " ".join(text.split())
    for expected in [
        "Dakshin Power",
        "GSTIN: 29ABCDE1234F1Z5",
        "Jayanagar Sub-Division Office",
        "Counter 3",
        "Lakshmi Narayan",
        "0140-012-00001235-8",
        "23-11-2026 14:35",
        "0d6e1f2a",
        "CONFIRMED",
        "CP-2026-000981234",
        "1100234568",
        "Sri Venkateshwara Rice Mill",
        "+9********10",
        "B2610-000101",
        "01-10-2026 - 31-10-2026",
        "20-11-2026",
        "Rs. 24,250.75",
        "Rs. 25,000.00",
        "Rupees Twenty-Five Thousand Only",
        "surcharge (B2611-000102)",
        "advance",
        "-Rs. 749.25",
        "No. 004512",
        "State Bank of India, Jayanagar 4th Block",
        "VISA xxxx4242",
        "RRN 632711223344 Auth A1B2C3",
        "Ref 632798765432",
        "DUPLICATE",
        "Reprint no. 2",
        "Helpline: 1912",
    ]:
        assert expected in flat, expected
    assert "PROVISIONAL" not in flat


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_provisional_wording_says_offline_only_when_taken_offline(paper_mm: int) -> None:
    offline = receipts.cash_provisional()
    online = replace(offline, taken_offline=False)  # sent at once, not yet confirmed
    offline_text = " ".join(
        scan(render_receipt(offline, paper_mm=paper_mm)).text().decode("cp437").split()
    )
    online_text = " ".join(
        scan(render_receipt(online, paper_mm=paper_mm)).text().decode("cp437").split()
    )
    assert "OFFLINE - PROVISIONAL" in offline_text
    assert "OFFLINE" not in online_text
    assert "PROVISIONAL Confirmation will follow by SMS" in online_text
    # A confirmed receipt says CONFIRMED whichever way it was taken.
    confirmed = replace(offline, status=ReceiptStatus.CONFIRMED, central_reference="CP-1")
    confirmed_text = scan(render_receipt(confirmed, paper_mm=paper_mm)).text().decode("cp437")
    assert "CONFIRMED" in confirmed_text and "PROVISIONAL" not in confirmed_text


def test_provisional_cash_receipt_says_so_and_shows_change() -> None:
    scanned = scan(render_receipt(receipts.cash_provisional(), paper_mm=58))
    flat = " ".join(scanned.text().decode("cp437").split())
    assert "OFFLINE - PROVISIONAL" in flat
    assert "Confirmation will follow by SMS" in flat
    assert "Tendered Rs. 1,500.00" in flat
    assert "Change given Rs. 265.50" in flat
    assert "DUPLICATE" not in flat
    assert scanned.qr_codes == [b"0140012000012344"]  # drawn by the printer: GS ( k
    assert scanned.code_page == 0
    assert scanned.cuts == 1


def test_void_copy_says_void() -> None:
    flat = scan(render_receipt(receipts.void_copy(), paper_mm=80)).text().decode("cp437")
    assert "*** VOID ***" in flat
    assert "VOID - NOT A PROOF OF PAYMENT" in flat


def test_rupee_sign_becomes_rs_never_a_question_mark() -> None:
    r = replace(receipts.cash_provisional(), consumer_name="Shop ₹ 10 Store", cashier="A•B")
    scanned = scan(render_receipt(r, paper_mm=58))
    text = scanned.text()
    assert b"?" not in text
    assert b"Shop Rs. 10 Store" in text
    assert b"A*B" in text
    assert scanned.images == []


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_devanagari_name_is_drawn_as_a_picture(paper_mm: int) -> None:
    scanned = scan(render_receipt(receipts.devanagari_name(), paper_mm=paper_mm))
    assert b"?" not in scanned.text()
    assert len(scanned.images) == 1
    width, height = scanned.images[0]
    assert width == paper(paper_mm).dots
    assert height > 20  # a line of text, not an empty picture


def test_devanagari_name_can_be_transliterated_instead() -> None:
    r = receipts.devanagari_name()
    scanned = scan(render_receipt(r, paper_mm=58, fallback="transliterate"))
    assert scanned.images == []
    assert b"ramesh kumaar sharmaa" in scanned.text()
    assert b"?" not in scanned.text()


def test_a_script_without_transliteration_is_named_not_questioned() -> None:
    r = replace(receipts.cash_provisional(), consumer_name="தமிழ்")
    text = scan(render_receipt(r, paper_mm=80, fallback="transliterate")).text()
    assert b"?" not in text
    assert b"<U+0BA4>" in text


def test_accents_follow_the_code_page() -> None:
    r = replace(receipts.cash_provisional(), consumer_name="José Ørsted")
    cp437 = scan(render_receipt(r, paper_mm=80, code_page="CP437")).text()
    cp858 = scan(render_receipt(r, paper_mm=80, code_page="CP858")).text()
    assert "José Orsted".encode("cp437") in cp437  # CP437 has é but no Ø
    assert "José Ørsted".encode("cp858") in cp858


def test_control_characters_in_user_data_are_not_sent_as_commands() -> None:
    r = replace(receipts.cash_provisional(), consumer_name="Evil\x1dV\x00Name\x1bp\x00")
    data = render_receipt(r, paper_mm=80)
    assert scan(data).cuts == 1  # only the receipt's own cut
    assert scan(data).drawer_kicks == 0
    assert b"EvilVNamep" in scan(data).text()


def test_duplicate_and_status_follow_the_record() -> None:
    r = replace(
        receipts.cash_provisional(),
        status=ReceiptStatus.CONFIRMED,
        central_reference="REF-1",
        copy=ReceiptCopy(reprint=3),
    )
    flat = " ".join(scan(render_receipt(r)).text().decode("cp437").split())
    assert "CONFIRMED Ref: REF-1" in flat
    assert "DUPLICATE - reprint 3" in flat
    assert "PROVISIONAL" not in flat


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"paper_mm": 76}, ValueError),
        ({"code_page": "CP999"}, CodePageError),
        ({"fallback": "guess"}, ValueError),
        ({"profile": "no-such-printer"}, ValueError),
    ],
)
def test_bad_options_are_refused(options: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        render_receipt(receipts.cash_provisional(), **options)


def test_drawer_kick() -> None:
    assert drawer_kick(2) == b"\x1bp\x00\x32\x32"
    assert drawer_kick(5) == b"\x1bp\x01\x32\x32"
    with pytest.raises(ValueError, match="pin 2 or 5"):
        drawer_kick(3)


def test_rendering_on_several_threads_gives_the_same_bytes() -> None:
    # Receipts render on the TaskRunner's threads; the shared fonts and escpos must not race.
    from concurrent.futures import ThreadPoolExecutor

    from ebill_desktop.printing import raster

    made = [replace(receipts.cash_provisional(), consumer_name=f"सुरेश {n}") for n in range(8)]
    raster._rasterised.cache_clear()  # every picture drawn while the threads overlap
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda r: render_receipt(r, paper_mm=58), made))
    raster._rasterised.cache_clear()
    assert threaded == [render_receipt(r, paper_mm=58) for r in made]
