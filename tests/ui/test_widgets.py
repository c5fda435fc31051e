"""Small widgets: plain-text data labels and the consumption chart."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ebill_desktop.ui.consumption_chart import ConsumptionChart
from ebill_desktop.ui.data_label import DataLabel
from tests.ui.sample_records import consumption


def test_data_label_is_plain_text_and_reads_with_its_caption(qtbot: QtBot) -> None:
    label = DataLabel("Consumer name", "<b>x</b> & <img src=y>")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>x</b> & <img src=y>"
    assert label.accessibleName() == "Consumer name: <b>x</b> & <img src=y>"
    label.set_value("")
    assert label.accessibleName() == "Consumer name"


def test_chart_draws_and_describes_every_period(qtbot: QtBot) -> None:
    chart = ConsumptionChart()
    qtbot.addWidget(chart)
    chart.resize(520, 230)
    assert chart.accessibleDescription() == "No consumption recorded yet."
    chart.grab()  # draws the empty state without failing
    points = consumption([120, 95, 1300, 0, 210, 180, 175, 160, 150, 140, 130, 125])
    chart.set_points(points)
    text = chart.accessibleDescription()
    assert text.count(";") == 11
    assert "1,300 units" in text and "210 units (estimated)" in text
    image = chart.grab().toImage()
    # The tallest bar (1,300 units) reaches higher than the short ones.
    column_of = {i: int(8 + (i + 0.5) * (520 - 16) / 12) for i in range(12)}

    def top(i: int) -> int:
        x = column_of[i]
        for y in range(image.height()):
            color = image.pixelColor(x, y)
            if color.blue() > 150 and color.red() < 100:
                return y
        return image.height()

    assert top(2) < top(0) < top(1)
    assert top(3) == image.height()  # zero units: no bar
