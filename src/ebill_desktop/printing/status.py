"""What a printer says about itself: ESC/POS real-time status (``DLE EOT n``), interpreted.

Three one-byte answers matter at a counter:

* ``DLE EOT 1`` printer status: bit 3 = offline;
* ``DLE EOT 2`` offline cause: bit 2 = cover open, bit 5 = stopped at paper end, bit 6 = error;
* ``DLE EOT 4`` roll paper sensor: bits 2-3 = near end, bits 5-6 = paper out.

Every answer has bit 1 and bit 4 set and bits 0 and 7 clear; a byte that does not is not an
answer (noise, or a printer that does not speak ESC/POS status) and is treated as no answer.
Printers that never answer (most CUPS queues, USB printers without a back channel) give
:data:`UNKNOWN`: the counter then prints without a pre-check rather than refusing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = [
    "QUERY_OFFLINE_CAUSE",
    "QUERY_PAPER",
    "QUERY_PRINTER",
    "UNKNOWN",
    "PaperState",
    "PrinterStatus",
    "interpret",
    "is_status_byte",
]

DLE_EOT = b"\x10\x04"
QUERY_PRINTER = DLE_EOT + b"\x01"
QUERY_OFFLINE_CAUSE = DLE_EOT + b"\x02"
QUERY_PAPER = DLE_EOT + b"\x04"

_FIXED_MASK = 0x93  # bits 0, 1, 4, 7
_FIXED_VALUE = 0x12  # bits 1 and 4 set, 0 and 7 clear


class PaperState(Enum):
    OK = "ok"
    NEAR_END = "near end"
    OUT = "out"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """The printer's state as far as it told us; ``answered`` False means it told us nothing."""

    answered: bool
    paper: PaperState = PaperState.UNKNOWN
    cover_open: bool = False
    offline: bool = False
    error: bool = False

    @property
    def can_print(self) -> bool:
        """False only when the printer said it cannot print now (unknown counts as yes)."""
        return not (self.paper is PaperState.OUT or self.cover_open or self.offline or self.error)

    @property
    def problem(self) -> str | None:
        """What stops printing, in words for the cashier; None when nothing does."""
        if self.paper is PaperState.OUT:
            return "the printer is out of paper"
        if self.cover_open:
            return "the printer's cover is open"
        if self.error:
            return "the printer reports an error (cutter jam or overheating)"
        if self.offline:
            return "the printer is offline"
        return None

    def describe(self) -> str:
        """One line for a status bar or the command line."""
        if not self.answered:
            return "status unknown (the printer does not answer status queries)"
        if self.problem:
            return self.problem
        if self.paper is PaperState.NEAR_END:
            return "ready; paper is running low"
        return "ready; paper ok"


UNKNOWN = PrinterStatus(answered=False)


def is_status_byte(value: int) -> bool:
    """Whether ``value`` has the fixed bits of a real-time status answer."""
    return value & _FIXED_MASK == _FIXED_VALUE


def interpret(printer: int | None, cause: int | None, paper: int | None) -> PrinterStatus:
    """The status from the answers to DLE EOT 1, 2 and 4 (None where none came).

    An answer without the fixed bits counts as none. No valid answer at all gives UNKNOWN.
    """
    printer, cause, paper = (
        b if b is not None and is_status_byte(b) else None for b in (printer, cause, paper)
    )
    if printer is None and cause is None and paper is None:
        return UNKNOWN
    paper_state = PaperState.UNKNOWN
    if paper is not None:
        if paper & 0x60:
            paper_state = PaperState.OUT
        elif paper & 0x0C:
            paper_state = PaperState.NEAR_END
        else:
            paper_state = PaperState.OK
    if cause is not None and cause & 0x20:
        paper_state = PaperState.OUT
    return PrinterStatus(
        answered=True,
        paper=paper_state,
        cover_open=cause is not None and bool(cause & 0x04),
        offline=printer is not None and bool(printer & 0x08),
        error=cause is not None and bool(cause & 0x40),
    )
