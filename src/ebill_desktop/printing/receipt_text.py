"""A receipt as plain text lines, as wide as the paper: what a screen shows of a receipt.

The virtual printer keeps this beside the bytes, and a receipt view can show it, so the person
at the counter sees what the paper says. It is made from the same blocks as the ESC/POS bytes
(:mod:`ebill_desktop.printing.receipt_layout`) with the screen's money format (``₹``) and the
names as entered (a screen has every script).
"""

from __future__ import annotations

from ebill_core.formatting import format_money
from ebill_core.receipt import Receipt
from ebill_desktop.printing.paper import paper
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
from ebill_desktop.printing.wrap import pair_lines, wrap

__all__ = ["blocks_text", "receipt_text"]


def _block_lines(block: Block, columns: int) -> list[str]:
    match block:
        case Text():
            # Big type is twice as wide on paper: break it where the paper does.
            lines = wrap(block.text, columns // 2 if block.big else columns)
            if block.align is Align.CENTER:
                return [line.center(columns).rstrip() for line in lines]
            return lines
        case Pair():
            return pair_lines(block.label, block.value, columns)
        case Rule():
            return [block.char * columns]
        case QrCode():
            return [f"[QR {block.data}]".center(columns).rstrip()]
        case Cut():
            return []
    raise TypeError(f"not a receipt block: {block!r}")


def blocks_text(blocks: list[Block], columns: int) -> str:
    """The text of ``blocks`` in lines of at most ``columns`` characters."""
    lines: list[str] = []
    for block in blocks:
        lines += _block_lines(block, columns)
    return "\n".join(lines) + "\n"


def receipt_text(receipt: Receipt, *, paper_mm: int = 80, locale: str = "en_IN") -> str:
    """``receipt`` as the text of a ``paper_mm`` roll, money with its symbol (``₹1,234.50``)."""
    columns = paper(paper_mm).columns
    blocks = receipt_blocks(receipt, lambda m: format_money(m, locale=locale))
    return blocks_text(blocks, columns)
