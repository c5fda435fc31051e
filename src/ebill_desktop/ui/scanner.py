"""Telling a keyboard-wedge bar-code scanner from a cashier's fingers.

A wedge scanner "types" the bar code: a burst of digits a few milliseconds apart, then Enter. The
cashier may be anywhere in the application when a customer hands over a bill, so
:class:`BarcodeScanner` watches every key press in the application (an event filter on the
``QApplication``). Digits are held back for at most the burst gap: if another digit follows
quickly they are part of a burst; if not, they are handed to the widget they were meant for,
unchanged and in order. A burst of at least ``min_length`` digits ending in Enter is reported
through :attr:`BarcodeScanner.scanned` and never reaches any field as typed text.

The clock is injectable so that tests can play a burst (or a slow typist) deterministically.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from shiboken6 import isValid

_DIGITS = frozenset("0123456789")
_PLAIN_MODIFIERS = (
    Qt.KeyboardModifier.NoModifier
    | Qt.KeyboardModifier.KeypadModifier
    | Qt.KeyboardModifier.ShiftModifier  # digits are shifted on AZERTY keyboards
)
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(slots=True)
class _HeldKey:
    target: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


class BarcodeScanner(QObject):
    """Application-wide event filter that turns fast digit bursts + Enter into scans."""

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_gap_ms: int = 30,
        min_length: int = 8,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.max_gap_ms = max_gap_ms
        self.min_length = min_length
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._last_at = 0.0
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_quiet)

    @property
    def holding(self) -> str:
        """The digits held back right now (empty between bursts)."""
        return "".join(k.text for k in self._held)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here: the class test lets paints, timers and
        # the like go before anything slower is asked. Key events reach the window object first
        # and then the focus widget; only the widget delivery counts, or every key would be seen
        # twice.
        if (
            self._replaying
            or not isinstance(event, QKeyEvent)
            or event.type() != QEvent.Type.KeyPress
            or not watched.isWidgetType()
        ):
            return False
        now = self._clock()
        if self._is_digit(event):
            if self._held and self._gap_ms(now) > self.max_gap_ms:
                self.release()
            self._held.append(_HeldKey(watched, event.key(), event.modifiers(), event.text()))
            self._last_at = now
            self._timer.start(self.max_gap_ms)
            return True
        if not self._held:
            return False
        if event.key() in _ENTER_KEYS and self._is_burst(now):
            code = self.holding
            self._forget()
            self.scanned.emit(code)
            return True
        self.release()
        return False

    def _is_digit(self, event: QKeyEvent) -> bool:
        return (
            event.text() in _DIGITS
            and not event.isAutoRepeat()
            and (event.modifiers() & ~_PLAIN_MODIFIERS) == Qt.KeyboardModifier.NoModifier
        )

    def _gap_ms(self, now: float) -> float:
        return (now - self._last_at) * 1000.0

    def _is_burst(self, now: float) -> bool:
        return len(self._held) >= self.min_length and self._gap_ms(now) <= self.max_gap_ms

    def _on_quiet(self) -> None:
        # The timer only wakes us up; the (injectable) clock decides whether the burst is over.
        if not self._held:
            return
        remaining = self.max_gap_ms - self._gap_ms(self._clock())
        if remaining > 0:
            self._timer.start(max(1, int(remaining)))
        else:
            self.release()

    def release(self) -> None:
        """Hand every held digit to the widget it was typed into, in order."""
        held, self._held = self._held, []
        self._timer.stop()
        self._replaying = True
        try:
            for key in held:
                if not isValid(key.target):
                    continue
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    replay = QKeyEvent(kind, key.key, key.modifiers, key.text)
                    QCoreApplication.sendEvent(key.target, replay)
        finally:
            self._replaying = False

    def _forget(self) -> None:
        self._held = []
        self._timer.stop()
