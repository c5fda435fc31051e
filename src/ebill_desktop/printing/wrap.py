"""Fitting text into a fixed number of printer columns: paragraphs, label/value pairs."""

from __future__ import annotations

import textwrap

__all__ = ["pair_lines", "wrap"]


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` characters (long words are split)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(
            paragraph,
            width,
            break_long_words=True,
            break_on_hyphens=False,
            drop_whitespace=True,
            replace_whitespace=True,
        ) or [""]
    return lines


def pair_lines(label: str, value: str, width: int) -> list[str]:
    """``label`` left and ``value`` right on one line when both fit with a space between;
    otherwise the label wrapped on its own and the value right-aligned under it."""
    if len(label) + 1 + len(value) <= width:
        return [label + " " * (width - len(label) - len(value)) + value]
    lines = wrap(label, width)
    return lines + [line.rjust(width) for line in wrap(value, width)]
