"""Text the printer's code page cannot print, drawn as a picture the printer can.

A consumer's name in Devanagari cannot go through CP437; rather than a row of ``?`` the line is
drawn with a bundled font (Lohit Devanagari for Devanagari, DejaVu Sans for everything else),
shaped by Pillow (with libraqm where Pillow has it, so conjuncts and vowel signs join
properly), wrapped to the paper's printable width and sent as a raster image (``GS v 0``).
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache

from PIL import Image, ImageDraw, ImageFont

from ebill_desktop.resources import resource_path

__all__ = [
    "FONT_LOCK",
    "RASTER_FONT_PX",
    "has_devanagari",
    "raster_font",
    "rasterise",
    "wrap_pixels",
]

# FreeType faces are not safe to use from two threads at once, and receipts are rendered on
# the TaskRunner's threads: every use of these fonts holds this lock.
FONT_LOCK = threading.Lock()

RASTER_FONT_PX = 22  # about the height of the printer's own font A (24 dots) on 203 dpi
_LINE_GAP_PX = 4


def has_devanagari(text: str) -> bool:
    return any("\u0900" <= ch <= "\u097f" or "\ua8e0" <= ch <= "\ua8ff" for ch in text)


@cache
def raster_font(devanagari: bool, size: int = RASTER_FONT_PX) -> ImageFont.FreeTypeFont:
    """The bundled font for a line: Lohit Devanagari for Devanagari, else DejaVu Sans."""
    name = "Lohit-Devanagari.ttf" if devanagari else "DejaVuSans.ttf"
    path = resource_path("fonts", name)
    try:
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)
    except (ImportError, OSError):  # Pillow without libraqm: basic layout, still no boxes
        return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)


def wrap_pixels(text: str, font: ImageFont.FreeTypeFont, width_px: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and font.getlength(candidate) > width_px:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines or [""]


def rasterise(text: str, width_px: int, *, bold: bool = False) -> Image.Image:
    """``text`` drawn black on white, wrapped to ``width_px``; a 1-bit image that wide.

    A word wider than the paper is drawn anyway and cut at the edge (no real name is).
    Shaping and drawing cost several milliseconds, so recent lines are kept (a reprint, the
    utility's name in Devanagari on every receipt); the caller gets its own copy.
    """
    with FONT_LOCK:
        return _rasterised(text, width_px, bold).copy()


@lru_cache(maxsize=256)
def _rasterised(text: str, width_px: int, bold: bool) -> Image.Image:
    if width_px < 8 or width_px % 8:
        raise ValueError(f"raster width must be a positive multiple of 8 dots, not {width_px}")
    font = raster_font(has_devanagari(text))
    lines = wrap_pixels(text, font, width_px)
    ascent, descent = font.getmetrics()
    line_height = ascent + descent + _LINE_GAP_PX
    image = Image.new("1", (width_px, line_height * len(lines)), 1)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        y = row * line_height + _LINE_GAP_PX // 2
        draw.text((0, y), line, font=font, fill=0)
        if bold:  # a thermal head has no bold face for pictures: draw twice, a dot apart
            draw.text((1, y), line, font=font, fill=0)
    return image
