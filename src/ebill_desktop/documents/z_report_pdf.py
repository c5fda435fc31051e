"""The X or Z report as a PDF: the printed report's blocks on a page as wide as the roll.

"Save PDF" in the shift report view uses this; the close keeps the Z report as a file beside
the printed one. Drawn by the receipt's PDF layout (:func:`ebill_desktop.documents.receipt_pdf.
blocks_pdf`: bundled DejaVu fonts, ``₹`` shown as such); reportlab is imported when the first
PDF is made, not at start-up.
"""

from __future__ import annotations

import os
import tempfile
from datetime import tzinfo
from pathlib import Path

from ebill_core.formatting import format_money
from ebill_core.receipt import ReceiptHeader
from ebill_desktop.printing.z_report import shift_report_blocks
from ebill_desktop.services.shift_reports import ShiftReport

__all__ = ["shift_report_pdf", "write_shift_report_pdf"]


def shift_report_pdf(
    report: ShiftReport, header: ReceiptHeader, tz: tzinfo, *, compress: bool = True
) -> bytes:
    """The report as PDF bytes (the same report gives the same bytes)."""
    from ebill_desktop.documents.receipt_pdf import blocks_pdf  # reportlab comes with it

    blocks = shift_report_blocks(report, header, tz, lambda m: format_money(m))
    title = f"{report.kind.value} report {report.shift_id[:8]}"
    return blocks_pdf(blocks, title=title, compress=compress)


def write_shift_report_pdf(
    report: ShiftReport, header: ReceiptHeader, tz: tzinfo, path: Path
) -> Path:
    """Write the report's PDF to ``path`` atomically (a crash leaves no half file)."""
    data = shift_report_pdf(report, header, tz)
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
