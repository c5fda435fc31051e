"""The demo's printer: keeps every job in memory, with the text a screen shows of it.

``virtual:`` (or ``virtual://NAME``) in the printer setting sends receipts here instead of to
paper. Each job keeps its ESC/POS bytes (exactly what a real printer would have got) and its
text rendering, so the demo can show each receipt on screen and tests can read both. Its
status can be set (out of paper, cover open) to show how the counter reacts, and it answers
DLE EOT queries from that state like a real printer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ebill_desktop.printing.status import PaperState, PrinterStatus
from ebill_desktop.printing.transports import PrinterUnavailableError, Timeouts, Transport
from ebill_desktop.printing.uri import PrinterAddress

__all__ = ["VirtualJob", "VirtualPrinter", "virtual_printer"]

_MAX_KEPT = 200  # the demo runs all day: keep the latest jobs, not every one


@dataclass(frozen=True, slots=True)
class VirtualJob:
    """One job the virtual printer received."""

    data: bytes
    text: str | None
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def _status_byte(query: int, status: PrinterStatus) -> int:
    base = 0x12
    if query == 1:
        return base | (0x08 if status.offline or status.cover_open else 0)
    if query == 2:
        cover = 0x04 if status.cover_open else 0
        paper_end = 0x20 if status.paper is PaperState.OUT else 0
        return base | cover | paper_end | (0x40 if status.error else 0)
    near = 0x0C if status.paper is PaperState.NEAR_END else 0
    return base | near | (0x60 if status.paper is PaperState.OUT else 0)


class VirtualPrinter:
    """A printer in memory. Thread-safe: the worker writes, the UI reads."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._jobs: list[VirtualJob] = []
        self._status = PrinterStatus(answered=True, paper=PaperState.OK)
        self._listeners: list[Callable[[VirtualJob], None]] = []

    @property
    def status(self) -> PrinterStatus:
        with self._lock:
            return self._status

    def set_status(self, status: PrinterStatus) -> None:
        """Pretend the paper ran out, the cover opened ... (the demo's printer menu, tests)."""
        with self._lock:
            self._status = status

    def jobs(self) -> list[VirtualJob]:
        """The jobs kept, oldest first."""
        with self._lock:
            return list(self._jobs)

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()

    def add_listener(self, listener: Callable[[VirtualJob], None]) -> None:
        """Call ``listener(job)`` for each new job (on the printer worker's thread)."""
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[VirtualJob], None]) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def receive(self, data: bytes, text: str | None) -> None:
        with self._lock:
            if not self._status.can_print:
                raise PrinterUnavailableError(f"virtual printer: {self._status.problem}")
            job = VirtualJob(data, text)
            self._jobs.append(job)
            del self._jobs[:-_MAX_KEPT]
            listeners = list(self._listeners)
        for listener in listeners:
            listener(job)

    def answer(self, query: int) -> int:
        return _status_byte(query, self.status)

    def transport(self, address: PrinterAddress, timeouts: Timeouts | None = None) -> Transport:
        return _VirtualTransport(self, address, timeouts)


class _VirtualTransport(Transport):
    can_read_status = True

    def __init__(
        self, printer: VirtualPrinter, address: PrinterAddress, timeouts: Timeouts | None
    ) -> None:
        super().__init__(address, timeouts)
        self._printer = printer
        self._answers = bytearray()

    def write(self, data: bytes) -> None:
        # Status queries are answered; anything else is a job of its own.
        if len(data) == 3 and data[:2] == b"\x10\x04":
            self._answers.append(self._printer.answer(data[2]))
            return
        self._printer.receive(data, None)

    def send(self, data: bytes, *, text: str | None = None) -> None:
        self._printer.receive(data, text)

    def read(self, size: int, timeout: float) -> bytes:
        del timeout
        answer = bytes(self._answers[:size])
        del self._answers[:size]
        return answer


_PRINTERS: dict[str, VirtualPrinter] = {}
_PRINTERS_LOCK = threading.Lock()


def virtual_printer(name: str = "default") -> VirtualPrinter:
    """The process's virtual printer called ``name`` (made on first use)."""
    with _PRINTERS_LOCK:
        printer = _PRINTERS.get(name)
        if printer is None:
            printer = _PRINTERS[name] = VirtualPrinter(name)
        return printer
