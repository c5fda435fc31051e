from __future__ import annotations

import pytest

from ebill_desktop.printing.transports import (
    CupsTransport,
    DeviceFileTransport,
    NetworkTransport,
    SerialTransport,
    UsbTransport,
    open_transport,
)
from ebill_desktop.printing.uri import PrinterUriError, parse_printer_uri


@pytest.mark.parametrize(
    ("uri", "fields"),
    [
        ("tcp://192.168.1.50:9100", {"kind": "tcp", "host": "192.168.1.50", "port": 9100}),
        ("tcp://printer.local", {"kind": "tcp", "host": "printer.local", "port": 9100}),
        ("TCP://[::1]:9101", {"kind": "tcp", "host": "::1", "port": 9101}),
        ("usb://04b8:0E15", {"kind": "usb", "vendor_id": 0x04B8, "product_id": 0x0E15}),
        ("serial:///dev/ttyUSB0", {"kind": "serial", "path": "/dev/ttyUSB0", "baud": 9600}),
        ("serial:///dev/ttyS1?baud=115200", {"kind": "serial", "baud": 115200}),
        ("file:///dev/usb/lp0", {"kind": "file", "path": "/dev/usb/lp0"}),
        ("cups://Receipt_Printer-1", {"kind": "cups", "queue": "Receipt_Printer-1"}),
        ("virtual:", {"kind": "virtual", "name": "default"}),
        ("virtual://demo", {"kind": "virtual", "name": "demo"}),
        ("  tcp://10.0.0.5  ", {"kind": "tcp", "host": "10.0.0.5"}),
    ],
)
def test_good_uris(uri: str, fields: dict[str, object]) -> None:
    address = parse_printer_uri(uri)
    for name, value in fields.items():
        assert getattr(address, name) == value


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("", "no printer address"),
        ("   ", "no printer address"),
        ("192.168.1.50", "known kind of printer"),
        ("http://printer", "unknown kind of printer 'http'"),
        ("tcp://", "host name or IP address"),
        ("tcp://host:0", "port '0'"),
        ("tcp://host:65536", "port '65536'"),
        ("tcp://host:ninety", "port 'ninety'"),
        ("tcp://host:9100/path", "only host and port"),
        ("tcp://bad_host!:9100", "host name"),
        ("usb://4b8:202", "4 hex digits"),
        ("usb://04b8", "4 hex digits"),
        ("serial://", "needs its port"),
        ("serial:///dev/ttyS0?baud=12345", "baud must be one of"),
        ("serial:///dev/ttyS0?parity=odd", "unknown option 'parity'"),
        ("file://relative/path", "absolute path"),
        ("cups://", "CUPS queue name"),
        ("cups://a/b", "CUPS queue name"),
        ("virtual://bad name", "spaces or control"),
        ("tcp://host\n:9100", "spaces or control"),
        ("tcp://" + "a" * 600, "too long"),
    ],
)
def test_bad_uris_say_what_is_wrong(uri: str, message: str) -> None:
    with pytest.raises(PrinterUriError, match=message) as caught:
        parse_printer_uri(uri)
    assert "examples:" in str(caught.value)


def test_non_text_is_refused() -> None:
    with pytest.raises(PrinterUriError):
        parse_printer_uri(None)


@pytest.mark.parametrize(
    ("uri", "kind"),
    [
        ("tcp://127.0.0.1", NetworkTransport),
        ("serial:///dev/ttyS0", SerialTransport),
        ("file:///dev/usb/lp0", DeviceFileTransport),
        ("usb://04b8:0202", UsbTransport),
        ("cups://Receipts", CupsTransport),
    ],
)
def test_open_transport_picks_the_kind(uri: str, kind: type) -> None:
    assert type(open_transport(uri)) is kind


def test_open_transport_refuses_bad_uri_without_touching_anything() -> None:
    with pytest.raises(PrinterUriError):
        open_transport("tcp://:9100")
