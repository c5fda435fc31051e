"""The receipt as a PDF: the same blocks as the printed receipt, on a page as wide as the roll.

"Save as PDF" in the receipt view and an e-mailed receipt use this. The page is 80 mm wide and
as long as the receipt, so the PDF looks like the paper the consumer was handed.

Fonts: DejaVu Sans (bundled in ``resources/fonts``, embedded as a subset) has ``₹``, so money
shows with the rupee sign, not ``Rs.``. Devanagari needs shaping (vowel signs reorder, letters
join into conjuncts), which reportlab does only with the optional ``uharfbuzz`` package; so a
line with characters DejaVu lacks is drawn by Pillow (shaped with libraqm) with the bundled
Lohit Devanagari font and placed as a 300 dpi picture: it reads correctly and prints sharp,
but that line is not selectable text.

reportlab is imported when the first PDF is made, not at start-up.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from ebill_core.formatting import format_money
from ebill_core.receipt import Receipt
from ebill_desktop.printing.raster import FONT_LOCK, has_devanagari, raster_font, wrap_pixels
from ebill_desktop.printing.receipt_layout import (
    Align,
    Block,
    Cut,
    Pair,
    QrCode,
    Rule,
    Text,
    receipt_blocks,
)
from ebill_desktop.resources import resource_path

__all__ = ["PAGE_WIDTH_MM", "receipt_pdf", "write_receipt_pdf"]

PAGE_WIDTH_MM = 80.0
_MARGIN_MM = 4.0
_SIZE = 8.0  # points
_BIG = 12.0
_LEADING = 1.25
_QR_MM = 28.0
_PICTURE_DPI = 300
FONT = "EbillSans"
FONT_BOLD = "EbillSans-Bold"

Draw = Callable[[Any, float], None]  # (canvas, top y) -> None


@dataclass(frozen=True, slots=True)
class _Item:
    height: float  # points
    draw: Draw


@cache
def _reportlab() -> dict[str, Any]:
    """Import reportlab and register the bundled fonts, once."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    regular = TTFont(FONT, str(resource_path("fonts", "DejaVuSans.ttf")))
    pdfmetrics.registerFont(regular)
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(resource_path("fonts", "DejaVuSans-Bold.ttf"))))
    return {
        "Canvas": Canvas,
        "mm": mm,
        "ImageReader": ImageReader,
        "QrCodeWidget": QrCodeWidget,
        "Drawing": Drawing,
        "renderPDF": renderPDF,
        "stringWidth": pdfmetrics.stringWidth,
        "covered": frozenset(regular.face.charToGlyph),
    }


class _Layout:
    """Turns blocks into measured drawing steps, so the page can be exactly as long as needed."""

    def __init__(self) -> None:
        self.rl = _reportlab()
        mm = self.rl["mm"]
        self.left = _MARGIN_MM * mm
        self.width = (PAGE_WIDTH_MM - 2 * _MARGIN_MM) * mm

    def _font(self, bold: bool) -> str:
        return FONT_BOLD if bold else FONT

    def _needs_picture(self, text: str) -> bool:
        covered: frozenset[int] = self.rl["covered"]
        return any(ord(ch) not in covered for ch in text if not ch.isspace())

    def _split(self, text: str, font: str, size: float) -> list[str]:
        from reportlab.lib.utils import simpleSplit

        return simpleSplit(text, font, size, self.width) or [""]

    def text(self, block: Text) -> _Item:
        if self._needs_picture(block.text):
            return self._picture(block)
        size = _BIG if block.big else _SIZE
        font = self._font(block.bold or block.big)
        lines = self._split(block.text, font, size)
        line_height = size * _LEADING
        left, width = self.left, self.width

        def draw(c: Any, top: float) -> None:
            if block.invert:
                c.rect(
                    left, top - line_height * len(lines), width, line_height * len(lines), fill=1
                )
                c.setFillGray(1)
            c.setFont(font, size)
            for n, line in enumerate(lines):
                y = top - line_height * (n + 1) + size * 0.25
                if block.align is Align.CENTER:
                    c.drawCentredString(left + width / 2, y, line)
                else:
                    c.drawString(left, y, line)
            c.setFillGray(0)

        return _Item(line_height * len(lines), draw)

    def _picture(self, block: Text) -> _Item:
        """A line with a script DejaVu lacks, shaped by Pillow, placed as a picture."""
        size = _BIG if block.big else _SIZE
        scale = _PICTURE_DPI / 72
        font = raster_font(has_devanagari(block.text), round(size * scale * 1.1))
        width_px = round(self.width * scale)
        lines = wrap_pixels(block.text, font, width_px)
        ascent, descent = font.getmetrics()
        line_px = round((ascent + descent) * 1.1)
        image = Image.new("L", (width_px, line_px * len(lines)), 255)
        painter = ImageDraw.Draw(image)
        for n, line in enumerate(lines):
            x = (width_px - font.getlength(line)) / 2 if block.align is Align.CENTER else 0
            painter.text((x, n * line_px), line, font=font, fill=0)
        reader = self.rl["ImageReader"](image)
        height = image.height / scale
        left, width = self.left, self.width

        def draw(c: Any, top: float) -> None:
            c.drawImage(reader, left, top - height, width=width, height=height)

        return _Item(height, draw)

    def pair(self, block: Pair) -> _Item:
        if self._needs_picture(block.label + block.value):
            return self._picture(Text(f"{block.label}  {block.value}", bold=block.bold))
        font = self._font(block.bold)
        value_width = self.rl["stringWidth"](block.value, font, _SIZE)
        label_lines = self._split(block.label, font, _SIZE)
        last_fits = (
            self.rl["stringWidth"](label_lines[-1], font, _SIZE) + value_width + 6 <= self.width
        )
        rows = len(label_lines) + (0 if last_fits else 1)
        line_height = _SIZE * _LEADING
        left, right = self.left, self.left + self.width

        def draw(c: Any, top: float) -> None:
            c.setFont(font, _SIZE)
            for n, line in enumerate(label_lines):
                c.drawString(left, top - line_height * (n + 1) + _SIZE * 0.25, line)
            c.drawRightString(right, top - line_height * rows + _SIZE * 0.25, block.value)

        return _Item(line_height * rows, draw)

    def rule(self, block: Rule) -> _Item:
        left, right = self.left, self.left + self.width
        double = block.char == "="

        def draw(c: Any, top: float) -> None:
            c.setLineWidth(0.5)
            c.line(left, top - 3, right, top - 3)
            if double:
                c.line(left, top - 4.5, right, top - 4.5)

        return _Item(7, draw)

    def qr(self, block: QrCode) -> _Item:
        mm = self.rl["mm"]
        side = _QR_MM * mm
        widget = self.rl["QrCodeWidget"](block.data, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = self.rl["Drawing"](
            side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0]
        )
        drawing.add(widget)
        x = self.left + (self.width - side) / 2
        render = self.rl["renderPDF"]

        def draw(c: Any, top: float) -> None:
            render.draw(drawing, c, x, top - side)

        return _Item(side + 2, draw)

    def item(self, block: Block) -> _Item | None:
        match block:
            case Text():
                return self.text(block)
            case Pair():
                return self.pair(block)
            case Rule():
                return self.rule(block)
            case QrCode():
                return self.qr(block)
            case Cut():
                return None
        raise TypeError(f"not a receipt block: {block!r}")


def blocks_pdf(blocks: list[Block], *, title: str, compress: bool = True) -> bytes:
    """A one-page PDF of ``blocks``, 80 mm wide and as long as they are."""
    # reportlab's font registry and the shared FreeType faces are not for two threads at once.
    with FONT_LOCK:
        return _blocks_pdf(blocks, title=title, compress=compress)


def _blocks_pdf(blocks: list[Block], *, title: str, compress: bool) -> bytes:
    layout = _Layout()
    items = [item for block in blocks if (item := layout.item(block)) is not None]
    mm = layout.rl["mm"]
    margin = _MARGIN_MM * mm
    height = sum(item.height for item in items) + 2 * margin
    out = io.BytesIO()
    canvas = layout.rl["Canvas"](
        out,
        pagesize=(PAGE_WIDTH_MM * mm, height),
        pageCompression=1 if compress else 0,
        invariant=1,  # the same receipt gives the same file (no creation-time noise)
    )
    canvas.setTitle(title)
    canvas.setAuthor("ebill")
    top = height - margin
    for item in items:
        item.draw(canvas, top)
        top -= item.height
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def receipt_pdf(receipt: Receipt, *, locale: str = "en_IN", compress: bool = True) -> bytes:
    """``receipt`` as PDF bytes, money with the ``₹`` sign."""
    blocks = receipt_blocks(receipt, lambda m: format_money(m, locale=locale))
    return blocks_pdf(blocks, title=f"Receipt {receipt.receipt_no}", compress=compress)


def write_receipt_pdf(receipt: Receipt, path: Path) -> Path:
    """Write ``receipt``'s PDF to ``path`` (atomically: a crash leaves no half file)."""
    data = receipt_pdf(receipt)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path
