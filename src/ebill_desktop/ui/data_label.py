"""Labels that show the utility's data: always plain text, readable aloud with their caption.

Qt guesses whether a label's text is rich text; a consumer named ``<b>x</b>`` would render bold
and ``<img src=...>`` would load an image. Every label showing data is made here, in plain-text
mode, and tells screen readers what it holds ("Account no.: 1000234").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class DataLabel(QLabel):
    """A plain-text label for one value, with its caption as part of its accessible name."""

    def __init__(
        self,
        caption: str,
        text: str = "",
        *,
        object_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._caption = caption
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if object_name is not None:
            self.setObjectName(object_name)
        self.set_value(text)

    def set_value(self, text: str) -> None:
        """Show ``text`` literally (markup stays visible as typed)."""
        self.setText(text)
        self.setAccessibleName(f"{self._caption}: {text}" if text else self._caption)

    def show_message(self, text: str, *, tone: str) -> None:
        """A dialog's message line: ``text`` in the style sheet's ``tone`` (error, ok ...),
        hidden while empty. The style is polished again so the new tone takes effect."""
        self.setProperty("tone", tone)
        self.style().unpolish(self)
        self.style().polish(self)
        self.set_value(text)
        self.setVisible(bool(text))


def caption_label(
    text: str, *, buddy: QWidget | None = None, parent: QWidget | None = None
) -> QLabel:
    """A label for a caption we wrote ourselves (plain text too; a buddy if it names a field)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setProperty("role", "caption")
    if buddy is not None:
        label.setBuddy(buddy)
    return label
