"""Units billed per period, as bars drawn with QPainter (PySide6-Essentials has no QtCharts).

The chart is also text: its accessible description reads every period and its units, and
estimated readings are named as such, so nothing in it is visible only to the eye.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ebill_core.records import ConsumptionPoint, ReadingKind
from ebill_desktop.ui.display import month_text, short_month_text

_BAR = QColor("#1f5fa8")
_ESTIMATED = QColor("#9bb7d9")
_AXIS = QColor("#8a94a3")
_TEXT = QColor("#1c2430")


class ConsumptionChart(QWidget):
    """A bar per billing period (oldest on the left), units above each bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[ConsumptionPoint, ...] = ()
        self.setObjectName("consumptionChart")
        self.setAccessibleName(self.tr("Consumption chart"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(180)
        self._describe()

    def points(self) -> tuple[ConsumptionPoint, ...]:
        return self._points

    def set_points(self, points: Sequence[ConsumptionPoint]) -> None:
        self._points = tuple(points)
        self._describe()
        self.update()

    def description(self) -> str:
        """The chart as one sentence per period (what a screen reader says)."""
        return self.accessibleDescription()

    def _describe(self) -> None:
        if not self._points:
            self.setAccessibleDescription(self.tr("No consumption recorded yet."))
            return
        actual = self.tr("{month}: {units} units")
        estimated = self.tr("{month}: {units} units (estimated)")
        parts = [
            (actual if point.kind == ReadingKind.ACTUAL else estimated).format(
                month=month_text(point.period_end), units=f"{point.units:,}"
            )
            for point in self._points
        ]
        self.setAccessibleDescription("; ".join(parts) + ".")

    def sizeHint(self) -> QSize:
        return QSize(520, 230)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(self.rect()).adjusted(8, line + 6, -8, -(line + 8))
        painter.setPen(QPen(_AXIS, 1))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self._points:
            painter.setPen(_TEXT)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.description())
            return
        peak = max(point.units for point in self._points) or 1
        slot = area.width() / len(self._points)
        bar_width = max(6.0, slot * 0.62)
        for i, point in enumerate(self._points):
            height = area.height() * point.units / peak
            left = area.left() + i * slot + (slot - bar_width) / 2
            bar = QRectF(left, area.bottom() - height, bar_width, height)
            estimated = point.kind != ReadingKind.ACTUAL
            painter.fillRect(bar, _ESTIMATED if estimated else _BAR)
            painter.setPen(_TEXT)
            above = QRectF(area.left() + i * slot, bar.top() - line - 2, slot, line)
            painter.drawText(above, Qt.AlignmentFlag.AlignCenter, f"{point.units:,}")
            below = QRectF(area.left() + i * slot, area.bottom() + 4, slot, line)
            painter.drawText(
                below, Qt.AlignmentFlag.AlignCenter, short_month_text(point.period_end)
            )
        painter.end()
