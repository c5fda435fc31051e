"""Where a printer is, as one string a cashier's supervisor can type and a setting can hold.

==============================  ============================================================
``tcp://HOST[:PORT]``           network printer, raw TCP (port 9100 unless given)
``usb://VID:PID``               USB printer by vendor and product id, in hex (needs pyusb)
``serial:///dev/ttyUSB0?baud=9600``  serial port (POSIX); baud 9600 unless given
``file:///dev/usb/lp0``         a device node (Linux usblp) or any file the bytes go to
``cups://QUEUE``                a CUPS queue, sent raw through the ``lp`` command
``virtual:`` or ``virtual://NAME``  the demo's printer: keeps receipts in memory for the screen
==============================  ============================================================

:func:`parse_printer_uri` checks everything it can without touching the device and raises
:class:`PrinterUriError` saying what is wrong and what a right one looks like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

__all__ = ["BAUD_RATES", "PrinterAddress", "PrinterUriError", "parse_printer_uri"]

BAUD_RATES = (2400, 4800, 9600, 19200, 38400, 57600, 115200)
DEFAULT_TCP_PORT = 9100
_EXAMPLES = (
    "tcp://192.168.1.50:9100, usb://04b8:0202, serial:///dev/ttyUSB0?baud=9600, "
    "file:///dev/usb/lp0, cups://Receipts, virtual:"
)
_HOST = re.compile(r"[A-Za-z0-9.\-]{1,253}|\[[0-9A-Fa-f:.]+\]")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_QUEUE = re.compile(r"[A-Za-z0-9_.\-]{1,127}")
_NAME = re.compile(r"[A-Za-z0-9_\-]{0,40}")
_MAX_URI = 500


class PrinterUriError(ValueError):
    """A printer address that cannot be used; the message says why and shows good ones."""


@dataclass(frozen=True, slots=True)
class PrinterAddress:
    """A parsed printer URI. ``kind`` is tcp, usb, serial, file, cups or virtual."""

    kind: str
    uri: str
    host: str = ""
    port: int = 0
    path: str = ""
    vendor_id: int = 0
    product_id: int = 0
    baud: int = 0
    queue: str = ""
    name: str = ""


def _fail(uri: str, why: str) -> PrinterUriError:
    return PrinterUriError(f"printer address {uri!r}: {why} (examples: {_EXAMPLES})")


def _query(uri: str, query: str, allowed: set[str]) -> dict[str, str]:
    try:
        values = parse_qs(query, strict_parsing=bool(query), max_num_fields=5)
    except ValueError:
        raise _fail(uri, "the part after '?' is not name=value pairs") from None
    unknown = set(values) - allowed
    if unknown:
        raise _fail(uri, f"unknown option {sorted(unknown)[0]!r}")
    return {name: vals[-1] for name, vals in values.items()}


def _tcp(uri: str, netloc: str) -> PrinterAddress:
    host, _, port_text = netloc.rpartition(":") if not netloc.endswith("]") else (netloc, "", "")
    if not host:  # no ':' at all
        host, port_text = netloc, ""
    if not host or _HOST.fullmatch(host) is None:
        raise _fail(uri, "a network printer needs a host name or IP address")
    port = DEFAULT_TCP_PORT
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise _fail(uri, f"port {port_text!r} is not a number from 1 to 65535")
        port = int(port_text)
    return PrinterAddress("tcp", uri, host=host.strip("[]"), port=port)


def _usb(uri: str, netloc: str) -> PrinterAddress:
    vid, _, pid = netloc.partition(":")
    if _HEX4.fullmatch(vid) is None or _HEX4.fullmatch(pid) is None:
        raise _fail(uri, "a USB printer is vendor:product in 4 hex digits each, e.g. 04b8:0202")
    return PrinterAddress("usb", uri, vendor_id=int(vid, 16), product_id=int(pid, 16))


def _serial(uri: str, netloc: str, path: str, query: str) -> PrinterAddress:
    device = path if not netloc else netloc + path
    if not device:
        raise _fail(uri, "a serial printer needs its port, e.g. serial:///dev/ttyUSB0")
    options = _query(uri, query, {"baud"})
    baud_text = options.get("baud", "9600")
    if not baud_text.isdigit() or int(baud_text) not in BAUD_RATES:
        rates = ", ".join(map(str, BAUD_RATES))
        raise _fail(uri, f"baud must be one of {rates}, not {baud_text!r}")
    return PrinterAddress("serial", uri, path=device, baud=int(baud_text))


def parse_printer_uri(uri: str) -> PrinterAddress:
    """The printer ``uri`` names; :class:`PrinterUriError` for anything unusable."""
    if not isinstance(uri, str) or not uri.strip():
        raise PrinterUriError(f"no printer address was given (examples: {_EXAMPLES})")
    uri = uri.strip()
    if len(uri) > _MAX_URI or any(not ch.isprintable() or ch.isspace() for ch in uri):
        raise _fail(uri[:60], "it is too long or has spaces or control characters")
    scheme, _, rest = uri.partition(":")
    scheme = scheme.lower()
    if scheme == "virtual":
        name = rest.removeprefix("//")
        if _NAME.fullmatch(name) is None:
            raise _fail(uri, "a virtual printer's name is letters, digits, '-' and '_'")
        return PrinterAddress("virtual", uri, name=name or "default")
    if not rest.startswith("//"):
        raise _fail(uri, "it does not start with a known kind of printer and '://'")
    parts = urlsplit(uri)
    if scheme == "tcp":
        if parts.path not in ("", "/") or parts.query:
            raise _fail(uri, "a network printer address has only host and port")
        return _tcp(uri, parts.netloc)
    if scheme == "usb":
        return _usb(uri, parts.netloc)
    if scheme == "serial":
        return _serial(uri, parts.netloc, parts.path, parts.query)
    if scheme == "file":
        if parts.netloc or not parts.path.startswith("/") or parts.query:
            raise _fail(uri, "a device or file is file:// and an absolute path")
        return PrinterAddress("file", uri, path=parts.path)
    if scheme == "cups":
        if _QUEUE.fullmatch(parts.netloc) is None or parts.path not in ("", "/"):
            raise _fail(uri, "a CUPS queue name is letters, digits, '.', '-' and '_'")
        return PrinterAddress("cups", uri, queue=parts.netloc)
    raise _fail(uri, f"unknown kind of printer {scheme!r}")
