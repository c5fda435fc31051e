"""The two roll widths counters use, in characters (font A) and printable dots (203 dpi)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PAPER_WIDTHS", "Paper", "paper"]


@dataclass(frozen=True, slots=True)
class Paper:
    """One roll width: ``columns`` of the printer's 12x24 font A, ``dots`` printable."""

    mm: int
    columns: int
    dots: int


PAPER_WIDTHS: dict[int, Paper] = {
    58: Paper(mm=58, columns=32, dots=384),
    80: Paper(mm=80, columns=48, dots=576),
}


def paper(mm: int) -> Paper:
    """The paper of a roll width in millimetres (58 or 80); ValueError for any other."""
    try:
        return PAPER_WIDTHS[mm]
    except (KeyError, TypeError):
        raise ValueError(f"paper width must be 58 or 80 mm, not {mm!r}") from None
