"""The daily collection report as an A4 PDF: a heading, the lines table, totals per tender.

"Save PDF…" in the collection report dialog uses this (on a worker). reportlab is imported when
the first PDF is made, not at start-up; the bundled DejaVu fonts show ``₹`` as such. The same
report gives the same bytes (reportlab's invariant mode: no creation date, fixed document id).
"""

from __future__ import annotations

import io
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from ebill_core.formatting import format_money
from ebill_core.money import Money
from ebill_desktop.resources import resource_path
from ebill_desktop.services.collection_report import (
    TENDER_NAMES,
    CollectionReport,
    CollectionTotal,
)

__all__ = ["collection_report_pdf", "write_collection_report_pdf"]

FONT = "EbillSans"
FONT_BOLD = "EbillSans-Bold"
_HEAD = ("Operator", "Tender", "Count", "Gross", "Voids", "Voided", "Net")


@cache
def _fonts() -> None:
    """Register the bundled fonts with reportlab, once (the receipt PDF uses the same names)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    known = set(pdfmetrics.getRegisteredFontNames())
    for name, file in ((FONT, "DejaVuSans.ttf"), (FONT_BOLD, "DejaVuSans-Bold.ttf")):
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file))))


def _money(amount: Money) -> str:
    return format_money(amount)


def _rows(report: CollectionReport) -> list[list[str]]:
    """The table: a header row, one row per line, then the totals (per tender, then all)."""
    rows = [list(_HEAD)]
    for line in report.lines:
        rows.append(
            [
                line.operator,
                TENDER_NAMES[line.tender],
                str(line.count),
                _money(line.gross),
                str(line.voided_count),
                _money(line.voided),
                _money(line.net),
            ]
        )
    for total in (*report.tender_totals(), *report.grand_totals()):
        rows.append(_total_row(total))
    return rows


def _total_row(total: CollectionTotal) -> list[str]:
    label = "All tenders" if total.tender is None else TENDER_NAMES[total.tender]
    return [
        "Total",
        label,
        str(total.count),
        _money(total.gross),
        str(total.voided_count),
        _money(total.voided),
        _money(total.net),
    ]


def _heading(report: CollectionReport) -> list[str]:
    who = "all operators" if report.operator is None else f"operator {report.operator}"
    return [
        f"Daily collection report — {report.day.isoformat()}",
        f"Branch {report.branch} · terminal {report.terminal} · {who}",
        f"Day in {report.timezone}; made {report.made_at:%Y-%m-%d %H:%M}",
    ]


def collection_report_pdf(report: CollectionReport, *, compress: bool = True) -> bytes:
    """The report as PDF bytes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _fonts()
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=14, leading=18)
    plain = ParagraphStyle("plain", fontName=FONT, fontSize=9, leading=12)
    first, *rest = _heading(report)
    story: list[Any] = [Paragraph(_escape(first), title)]
    story += [Paragraph(_escape(text), plain) for text in rest]
    story.append(Spacer(1, 6 * mm))
    if not report.lines:
        story.append(Paragraph("No payments on this day.", plain))
    else:
        story.append(_table(report, Table, TableStyle, colors))
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=f"Collection report {report.day.isoformat()}",
        invariant=1,
        pageCompression=1 if compress else 0,
    )
    document.build(story)
    return out.getvalue()


def _table(report: CollectionReport, table: Any, table_style: Any, colors: Any) -> Any:
    rows = _rows(report)
    first_total = len(report.lines) + 1
    grid = table(rows, repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        table_style(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
                ("FONTNAME", (0, first_total), (-1, -1), FONT_BOLD),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, first_total), (-1, first_total), 0.8, colors.black),
                (
                    "ROWBACKGROUNDS",
                    (0, 1),
                    (-1, first_total - 1),
                    [colors.white, colors.whitesmoke],
                ),
            ]
        )
    )
    return grid


def _escape(text: str) -> str:
    """Paragraph text is reportlab's mini-markup: operator names are shown as typed."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_collection_report_pdf(report: CollectionReport, path: Path) -> Path:
    """Write the report's PDF to ``path`` atomically (a crash leaves no half file)."""
    data = collection_report_pdf(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path
