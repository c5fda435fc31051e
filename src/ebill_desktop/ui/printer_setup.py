"""The printer set-up dialog: how the receipt printer is attached, its roll, a test page.

A supervisor picks the connection (network, USB, serial, device, CUPS, or the demo's virtual
printer), types its address, picks 58 or 80 mm, and prints the test page before saving. The
test page runs on the TaskRunner (the same worker code as the counter's receipts, on its own
connection), so the dialog stays live while a printer times out; saving writes the settings
file off the UI thread too. The address is checked with the same parser the worker uses, and
a bad one is explained in words and never saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ebill_desktop.config import Settings
from ebill_desktop.printing.code_page import CODE_PAGES
from ebill_desktop.printing.uri import (
    BAUD_RATES,
    PrinterAddress,
    PrinterUriError,
    parse_printer_uri,
)
from ebill_desktop.ui.counter_services import SettingsUpdater
from ebill_desktop.ui.data_label import DataLabel, caption_label
from ebill_desktop.ui.tasks import TaskRunner

__all__ = ["CONNECTIONS", "PrinterSetupDialog", "printer_uri"]


@dataclass(frozen=True, slots=True)
class Connection:
    kind: str
    label: str
    placeholder: str


CONNECTIONS = (
    Connection("tcp", "Network (TCP port 9100)", "192.168.1.50 or 192.168.1.50:9100"),
    Connection("usb", "USB (vendor:product)", "04b8:0202"),
    Connection("serial", "Serial port", "/dev/ttyUSB0"),
    Connection("file", "Device file", "/dev/usb/lp0"),
    Connection("cups", "CUPS queue", "Receipts"),
    Connection("virtual", "Virtual (on screen, demo)", "leave empty, or a name"),
)


def printer_uri(kind: str, address: str, baud: int = 9600) -> str:
    """The printer URI for a connection kind and what was typed in the address field."""
    address = address.strip()
    if kind == "tcp":
        return f"tcp://{address}"
    if kind == "usb":
        return f"usb://{address}"
    if kind == "serial":
        return f"serial://{address}?baud={baud}"
    if kind == "file":
        return f"file://{address}"
    if kind == "cups":
        return f"cups://{address}"
    if kind == "virtual":
        return f"virtual://{address}" if address else "virtual:"
    raise ValueError(f"unknown printer connection {kind!r}")


def _address_text(address: PrinterAddress) -> str:
    """What the address field shows for a stored printer."""
    if address.kind == "tcp":
        return address.host if address.port == 9100 else f"{address.host}:{address.port}"
    if address.kind == "usb":
        return f"{address.vendor_id:04x}:{address.product_id:04x}"
    if address.kind in ("serial", "file"):
        return address.path
    if address.kind == "cups":
        return address.queue
    return "" if address.name == "default" else address.name


_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str) -> _W:
    widget.setObjectName(name)
    return widget


class PrinterSetupDialog(QDialog):
    """Set up the receipt printer; ``saved`` carries the new Settings once written."""

    saved = Signal(object)  # Settings
    test_finished = Signal(str)  # the result line shown (for tests and the screenshot tool)

    def __init__(
        self,
        settings: Settings,
        store: SettingsUpdater,
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("printerSetupDialog")
        self.setWindowTitle(self.tr("Receipt printer"))
        self._settings = settings
        self._store = store
        self._runner = runner
        self._build()
        self._load(settings)

    # -- building -------------------------------------------------------------------------

    def _build(self) -> None:
        self.connection = _named(QComboBox(), "printerConnection")
        for connection in CONNECTIONS:
            self.connection.addItem(self.tr(connection.label), connection.kind)
        self.address = _named(QLineEdit(), "printerAddress")
        self.address.setMaxLength(300)
        self.baud = _named(QComboBox(), "printerBaud")
        for rate in BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        self._select(self.baud, 9600)  # what receipt printers ship set to
        self.paper = _named(QComboBox(), "printerPaper")
        self.paper.addItem(self.tr("80 mm"), 80)
        self.paper.addItem(self.tr("58 mm"), 58)
        self.code_page = _named(QComboBox(), "printerCodePage")
        for name in CODE_PAGES:
            self.code_page.addItem(name, name)
        self.uri_label = DataLabel(self.tr("Printer address"), object_name="printerUri")
        self.message = DataLabel(self.tr("Message"), object_name="printerMessage")
        self.message.setWordWrap(True)
        # The receipt printer's worker holds the old address until the counter restarts.
        self.applies_note = DataLabel(self.tr("Note"), object_name="printerAppliesNote")
        self.applies_note.setWordWrap(True)
        self.applies_note.set_value(
            self.tr("Saved changes apply at the next start of the counter.")
        )
        self.test_button = _named(QPushButton(self.tr("Print test page")), "printTestButton")
        self.test_button.setAccessibleName(self.tr("Print test page"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout()
        for caption, field in (
            (self.tr("Connection"), self.connection),
            (self.tr("Address"), self.address),
            (self.tr("Baud rate"), self.baud),
            (self.tr("Paper"), self.paper),
            (self.tr("Code page"), self.code_page),
        ):
            field.setAccessibleName(caption)
            form.addRow(caption_label(caption, buddy=field), field)
        form.addRow(caption_label(self.tr("Printer address")), self.uri_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_button, alignment=Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.message)
        layout.addWidget(self.applies_note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.connection.currentIndexChanged.connect(self._connection_changed)
        self.address.textChanged.connect(self._refresh_uri)
        self.baud.currentIndexChanged.connect(self._refresh_uri)
        self.test_button.clicked.connect(self.print_test_page)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.resize(520, 0)

    def _load(self, settings: Settings) -> None:
        self._select(self.paper, settings.printer_paper_mm)
        self._select(self.code_page, settings.printer_code_page)
        if settings.printer_uri is None:
            self._connection_changed()
            return
        address = parse_printer_uri(settings.printer_uri)
        self._select(self.connection, address.kind)
        self.address.setText(_address_text(address))
        if address.kind == "serial":
            self._select(self.baud, address.baud)
        self._connection_changed()

    @staticmethod
    def _select(combo: QComboBox, value: object) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    # -- reacting -------------------------------------------------------------------------

    def _kind(self) -> str:
        return str(self.connection.currentData())

    def _connection_changed(self) -> None:
        kind = self._kind()
        placeholder = next(c.placeholder for c in CONNECTIONS if c.kind == kind)
        self.address.setPlaceholderText(placeholder)
        self.baud.setEnabled(kind == "serial")
        self._refresh_uri()

    def uri(self) -> str:
        """The printer URI the fields make now (not checked)."""
        return printer_uri(self._kind(), self.address.text(), int(self.baud.currentData()))

    def _refresh_uri(self) -> None:
        self.uri_label.set_value(self.uri())

    def _checked_uri(self) -> str | None:
        try:
            return parse_printer_uri(self.uri()).uri
        except PrinterUriError as exc:
            self._say(str(exc))
            return None

    def _say(self, text: str) -> None:
        self.message.set_value(text)

    # -- actions --------------------------------------------------------------------------

    def print_test_page(self) -> None:
        """Print the test page off the UI thread; the result is shown under the button."""
        uri = self._checked_uri()
        if uri is None:
            return
        paper_mm, code_page = int(self.paper.currentData()), str(self.code_page.currentData())
        self.test_button.setEnabled(False)
        self._say(self.tr("Printing the test page on %1 ...").replace("%1", uri))

        def work() -> tuple[str, str | None]:
            from ebill_desktop.printing.cli import print_test_page

            return print_test_page(uri, paper_mm=paper_mm, code_page=code_page)

        self._runner.run("printer-test", work, self._test_done, self._test_failed)

    def _test_done(self, result: tuple[str, str | None]) -> None:
        status, failure = result
        if failure is None:
            line = self.tr("Test page printed. Printer: %1").replace("%1", status)
        else:
            line = self.tr("Test page NOT printed: %1").replace("%1", failure)
        self._finish_test(line)

    def _test_failed(self, error: BaseException) -> None:
        self._finish_test(self.tr("Test page NOT printed: %1").replace("%1", str(error)))

    def _finish_test(self, line: str) -> None:
        self.test_button.setEnabled(True)
        self._say(line)
        self.test_finished.emit(line)

    def save(self) -> None:
        """Check the address, write the settings off the UI thread, then close."""
        uri = self._checked_uri()
        if uri is None:
            return
        store, settings = self._store, self._settings
        paper_mm, code_page = int(self.paper.currentData()), str(self.code_page.currentData())
        self.buttons.setEnabled(False)

        def work() -> Settings:
            return store.update(
                settings,
                printer_uri=uri,
                printer_paper_mm=paper_mm,
                printer_code_page=code_page,
            )

        self._runner.run("printer-save", work, self._saved, self._save_failed)

    def _saved(self, settings: Settings) -> None:
        self._settings = settings
        self.buttons.setEnabled(True)
        self.saved.emit(settings)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        self._say(self.tr("The settings could not be saved: %1").replace("%1", str(error)))
