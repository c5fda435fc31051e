"""F1: every shortcut of the counter, over whatever view is showing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget


class HelpOverlay(QWidget):
    """A dimmed layer over its parent with a panel listing (keys, what they do)."""

    def __init__(self, shortcuts: Sequence[tuple[str, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("helpOverlay")
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._lines: list[tuple[str, str]] = list(shortcuts)

        panel = QFrame(self)
        panel.setObjectName("helpPanel")
        panel.setProperty("role", "card")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(28, 22, 28, 22)
        inner.setSpacing(12)
        title = QLabel(self.tr("Keyboard shortcuts"))
        title.setProperty("role", "title")
        inner.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(8)
        for row, (keys, meaning) in enumerate(self._lines):
            key_label = QLabel(keys)
            key_label.setProperty("role", "key")
            key_label.setTextFormat(Qt.TextFormat.PlainText)
            text_label = QLabel(meaning)
            text_label.setTextFormat(Qt.TextFormat.PlainText)
            grid.addWidget(key_label, row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(text_label, row, 1)
        inner.addLayout(grid)
        closing = QLabel(self.tr("Press Esc or F1 to close."))
        closing.setProperty("role", "muted")
        inner.addWidget(closing)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        self.setAccessibleDescription(
            "; ".join(f"{keys}: {meaning}" for keys, meaning in self._lines)
        )
        parent.installEventFilter(self)
        self.hide()

    def shortcuts(self) -> list[tuple[str, str]]:
        return list(self._lines)

    def toggle(self) -> None:
        if self.isVisible():
            self.close_help()
        else:
            self.open_help()

    def open_help(self) -> None:
        parent = self.parentWidget()
        assert parent is not None
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.setFocus()

    def close_help(self) -> None:
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if parent is not None and watched is parent and event.type() == QEvent.Type.Resize:
            self.setGeometry(parent.rect())
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(16, 24, 40, 150))
        painter.end()
