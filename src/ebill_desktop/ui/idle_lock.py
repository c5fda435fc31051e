"""Locking the counter when nobody has touched it for a while.

An application-wide event filter restarts a timer on every key press, click or wheel turn; when
it runs out, :attr:`IdleLock.idle` fires and the main window goes back to the login view.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QInputEvent

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


class IdleLock(QObject):
    """Fires :attr:`idle` after ``timeout_ms`` without user input, while armed."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        """Change the idle time (a setting changed; tests use a short one)."""
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    def arm(self) -> None:
        """Start counting (after a log-in)."""
        self._timer.start()

    def disarm(self) -> None:
        """Stop counting (nobody is logged in, nothing to lock)."""
        self._timer.stop()

    def is_armed(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Every event of the application passes here (paints, timers, layouts ...): the cheap
        # class test lets all but input events go before their type is even asked.
        if isinstance(event, QInputEvent) and event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False
