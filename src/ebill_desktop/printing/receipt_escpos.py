"""A receipt as ESC/POS bytes: a pure function, tested byte for byte against golden files.

``render_receipt(receipt, paper_mm=58)`` gives the bytes a 58 mm printer prints; nothing is
sent anywhere (python-escpos's ``Dummy`` collects them). Text goes out in one fixed code page
(CP437 unless the printer is set up otherwise), selected with ``ESC t`` at the top, so the bytes
never depend on python-escpos guessing encodings. What the code page lacks is handled on
purpose (:mod:`ebill_desktop.printing.code_page`): ``₹`` prints as ``Rs.``; a name in
Devanagari is drawn as a raster image line (or, with ``fallback="transliterate"``, spelled in
Latin letters) and never becomes ``?``. The QR code of the receipt number is drawn by the
printer itself (``GS ( k``), so it is sharp and costs a few bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from ebill_core.formatting import format_money
from ebill_core.money import Money
from ebill_core.receipt import Receipt
from ebill_desktop.printing.code_page import (
    CODE_PAGES,
    CodePageError,
    encode,
    printable,
    transliterate,
)
from ebill_desktop.printing.escpos_loader import escpos_printer
from ebill_desktop.printing.paper import Paper, paper
from ebill_desktop.printing.raster import rasterise
from ebill_desktop.printing.receipt_layout import (
    Block,
    Cut,
    Pair,
    QrCode,
    Rule,
    Text,
    receipt_blocks,
)
from ebill_desktop.printing.wrap import pair_lines, wrap

__all__ = ["Fallback", "PrintFormat", "drawer_kick", "render_blocks", "render_receipt"]

Fallback = Literal["raster", "transliterate"]

ESC = b"\x1b"
GS = b"\x1d"
_QR_ERROR_LEVEL_M = 1  # 15 % of the code may be torn or smudged and it still scans


@dataclass(frozen=True, slots=True)
class PrintFormat:
    """How one printer wants its bytes: roll width, code page, escpos profile, fallback."""

    paper_mm: int = 80
    code_page: str = "CP437"
    profile: str = "default"
    fallback: Fallback = "raster"
    qr_module_dots: int = 6

    def __post_init__(self) -> None:
        paper(self.paper_mm)  # raises for a width other than 58/80
        if self.code_page not in CODE_PAGES:
            raise CodePageError(f"unknown code page {self.code_page!r}")
        if self.fallback not in ("raster", "transliterate"):
            raise ValueError(f"fallback must be 'raster' or 'transliterate', not {self.fallback!r}")
        if not 1 <= self.qr_module_dots <= 16:
            raise ValueError("qr_module_dots must be 1 to 16")


def printer_money(m: Money) -> str:
    """Money as a code page prints it: ``Rs. 1,234.00``."""
    return format_money(m, symbol_fallback=True)


@cache
def _profile(name: str, paper_mm: int) -> Any:
    """An escpos profile that knows the roll's printable width (the stock "default" profile
    does not, and python-escpos prints a warning to stdout on every image without it)."""
    escpos_printer()  # the contained import, before escpos.capabilities is touched
    from escpos.capabilities import get_profile

    try:
        profile = get_profile(name)
    except KeyError:
        raise ValueError(f"unknown printer profile {name!r}") from None
    roll = paper(paper_mm)
    data = dict(profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": roll.mm, "pixels": roll.dots}}
    profile.profile_data = data  # this instance only; the shared class data stays as it was
    return profile


class _Renderer:
    """Writes blocks into a python-escpos Dummy printer."""

    def __init__(self, fmt: PrintFormat) -> None:
        self.fmt = fmt
        self.paper: Paper = paper(fmt.paper_mm)
        profile = _profile(fmt.profile, fmt.paper_mm)  # ValueError for an unknown one
        self.dummy = escpos_printer().Dummy(profile=fmt.profile)
        self.dummy.profile = profile
        self.dummy._raw(ESC + b"@")  # initialise: no style left over from a previous job
        self.dummy._raw(ESC + b"t" + bytes([CODE_PAGES[fmt.code_page]]))

    def _fit(self, text: str) -> str | None:
        """``text`` the code page prints, or None when only a picture will do."""
        done = printable(text, self.fmt.code_page)
        if done is not None or self.fmt.fallback == "raster":
            return done
        spelled = printable(transliterate(text), self.fmt.code_page)
        if spelled is not None:
            return spelled
        # A script with no transliteration: name the characters rather than print '?'.
        return "".join(printable(ch, self.fmt.code_page) or f"<U+{ord(ch):04X}>" for ch in text)

    def _lines(self, lines: list[str]) -> None:
        self.dummy._raw(encode("\n".join(lines) + "\n", self.fmt.code_page))

    def text(self, block: Text) -> None:
        d = self.dummy
        d.set(align=block.align.value, bold=block.bold, invert=block.invert)
        fitted = self._fit(block.text)
        if fitted is None:
            image = rasterise(block.text, self.paper.dots, bold=block.bold)
            d.image(image, impl="bitImageRaster")
        else:
            if block.big:
                d.set(double_width=True, double_height=True)
            columns = self.paper.columns // 2 if block.big else self.paper.columns
            self._lines(wrap(fitted, columns))
            if block.big:
                d.set(normal_textsize=True)
        d.set(align="left", bold=False, invert=False)

    def pair(self, block: Pair) -> None:
        label, value = self._fit(block.label), self._fit(block.value)
        if label is None or value is None:  # a non-Latin label: one picture line
            self.text(Text(f"{block.label}  {block.value}", bold=block.bold))
            return
        if block.bold:
            self.dummy.set(bold=True)
        self._lines(pair_lines(label, value, self.paper.columns))
        if block.bold:
            self.dummy.set(bold=False)

    def qr(self, block: QrCode) -> None:
        self.dummy.set(align="center")
        self.dummy.qr(block.data, native=True, size=self.fmt.qr_module_dots, ec=_QR_ERROR_LEVEL_M)
        self.dummy._raw(b"\n")
        self.dummy.set(align="left")

    def block(self, block: Block) -> None:
        match block:
            case Text():
                self.text(block)
            case Pair():
                self.pair(block)
            case Rule():
                self._lines([block.char * self.paper.columns])
            case QrCode():
                self.qr(block)
            case Cut():
                self.dummy.cut()


def render_blocks(blocks: list[Block], fmt: PrintFormat) -> bytes:
    """ESC/POS bytes of ``blocks`` on the printer ``fmt`` describes."""
    renderer = _Renderer(fmt)
    for block in blocks:
        renderer.block(block)
    output: bytes = renderer.dummy.output
    return output


def render_receipt(
    receipt: Receipt,
    *,
    paper_mm: int = 80,
    code_page: str = "CP437",
    profile: str = "default",
    fallback: Fallback = "raster",
) -> bytes:
    """The ESC/POS bytes of ``receipt`` for a ``paper_mm`` (58 or 80) roll.

    Pure: the same receipt and options always give the same bytes. Raises ValueError for an
    unknown paper width, code page, profile or fallback.
    """
    fmt = PrintFormat(paper_mm=paper_mm, code_page=code_page, profile=profile, fallback=fallback)
    return render_blocks(receipt_blocks(receipt, printer_money), fmt)


def drawer_kick(pin: int = 2) -> bytes:
    """ESC p: a pulse on drawer pin 2 (or 5) that opens the cash drawer (100 ms on, 100 ms off)."""
    if pin not in (2, 5):
        raise ValueError(f"the cash drawer is on pin 2 or 5, not {pin!r}")
    return ESC + b"p" + (b"\x00" if pin == 2 else b"\x01") + bytes([50, 50])
