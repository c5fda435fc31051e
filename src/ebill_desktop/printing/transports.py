"""Getting bytes to a printer, and its status back where the connection can carry it.

One class per way a counter's printer is attached, all with the same small interface
(:class:`Transport`): ``open``, ``write``, ``read`` (status answers), ``close``. Every call has a
short time limit: a printer that does not answer must fail a receipt in seconds, never hang
the printer worker. :func:`open_transport` makes the right one from a printer URI
(:mod:`ebill_desktop.printing.uri`).

=======  ==========================================  ===========================
kind     how                                         status (DLE EOT) read back
=======  ==========================================  ===========================
tcp      raw socket, port 9100                       yes
serial   POSIX tty in raw mode at the given baud     yes
file     device node (``/dev/usb/lp0``) or a file    yes when the device answers
usb      pyusb bulk endpoints (pyusb optional)       yes when the printer has an IN endpoint
cups     ``lp -d QUEUE -o raw`` (the job is queued)  no
virtual  in memory, for the demo and the screen      yes (its own simulated state)
=======  ==========================================  ===========================
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import shutil
import socket
import stat
import subprocess
import sys
import time
from types import TracebackType
from typing import Any

from ebill_desktop.printing.status import (
    QUERY_OFFLINE_CAUSE,
    QUERY_PAPER,
    QUERY_PRINTER,
    UNKNOWN,
    PrinterStatus,
    interpret,
)
from ebill_desktop.printing.uri import PrinterAddress, parse_printer_uri

__all__ = [
    "CupsTransport",
    "DeviceFileTransport",
    "NetworkTransport",
    "PrinterUnavailableError",
    "SerialTransport",
    "Timeouts",
    "Transport",
    "UsbTransport",
    "open_transport",
    "query_status",
]

log = logging.getLogger(__name__)

_CHUNK = 4096


class PrinterUnavailableError(OSError):
    """The printer could not be reached or stopped taking bytes; the message says which."""


class Timeouts:
    """Time limits of one transport, seconds. Short on purpose: a cashier is waiting."""

    def __init__(self, connect: float = 2.0, send: float = 5.0, status: float = 0.5) -> None:
        if min(connect, send, status) <= 0:
            raise ValueError("printer time limits must be positive")
        self.connect, self.send, self.status = connect, send, status


class Transport:
    """One connection to one printer. Use as a context manager or call open/close."""

    can_read_status = False

    def __init__(self, address: PrinterAddress, timeouts: Timeouts | None = None) -> None:
        self.address = address
        self.timeouts = timeouts or Timeouts()

    def open(self) -> None:
        """Connect; :class:`PrinterUnavailableError` when the printer cannot be reached."""

    def write(self, data: bytes) -> None:
        """Send all of ``data``; :class:`PrinterUnavailableError` when that fails."""
        raise PrinterUnavailableError(f"{self.address.uri}: this printer cannot take bytes")

    def send(self, data: bytes, *, text: str | None = None) -> None:
        """Send one job. ``text`` is its screen rendering, kept only by the virtual printer."""
        del text
        self.write(data)

    def read(self, size: int, timeout: float) -> bytes:
        """Up to ``size`` bytes the printer sent, waiting at most ``timeout``; ``b""`` if none."""
        del size, timeout
        return b""

    def drain(self) -> None:
        """Throw away whatever the printer sent unasked (so the next answer is the next byte)."""
        while self.read(64, 0.0):
            pass

    def close(self) -> None:
        """Disconnect (never raises)."""

    def __enter__(self) -> Transport:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def query_status(transport: Transport) -> PrinterStatus:
    """Ask the printer DLE EOT 1, 2 and 4 and interpret the answers (UNKNOWN if it cannot)."""
    if not transport.can_read_status:
        return UNKNOWN
    transport.drain()
    answers: list[int | None] = []
    for query in (QUERY_PRINTER, QUERY_OFFLINE_CAUSE, QUERY_PAPER):
        transport.write(query)
        reply = transport.read(1, transport.timeouts.status)
        answers.append(reply[0] if reply else None)
        if not reply and len(answers) == 1:
            break  # no answer to the first question: it will not answer the others
    answers += [None] * (3 - len(answers))
    return interpret(answers[0], answers[1], answers[2])


# -- network ----------------------------------------------------------------------------------


class NetworkTransport(Transport):
    """Raw TCP to the printer's port 9100 (JetDirect / "socket" printing)."""

    can_read_status = True

    def __init__(self, address: PrinterAddress, timeouts: Timeouts | None = None) -> None:
        super().__init__(address, timeouts)
        self._sock: socket.socket | None = None

    def open(self) -> None:
        where = f"{self.address.host}:{self.address.port}"
        try:
            sock = socket.create_connection(
                (self.address.host, self.address.port), timeout=self.timeouts.connect
            )
        except TimeoutError:
            raise PrinterUnavailableError(
                f"printer {where} did not answer within {self.timeouts.connect:g} s"
            ) from None
        except OSError as exc:
            raise PrinterUnavailableError(
                f"printer {where} unreachable: {exc.strerror or exc}"
            ) from None
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(self.timeouts.send)
        self._sock = sock

    def _connected(self) -> socket.socket:
        if self._sock is None:
            raise PrinterUnavailableError(f"{self.address.uri}: not connected")
        return self._sock

    def write(self, data: bytes) -> None:
        sock = self._connected()
        try:
            for start in range(0, len(data), _CHUNK):
                sock.sendall(data[start : start + _CHUNK])
        except TimeoutError:
            raise PrinterUnavailableError(
                f"printer {self.address.host} stopped taking data for {self.timeouts.send:g} s"
            ) from None
        except OSError as exc:
            raise PrinterUnavailableError(
                f"printer {self.address.host} dropped the connection: {exc.strerror or exc}"
            ) from None

    def read(self, size: int, timeout: float) -> bytes:
        sock = self._connected()
        ready, _, _ = select.select([sock], [], [], timeout)
        if not ready:
            return b""
        try:
            data = sock.recv(size)
        except OSError as exc:
            raise PrinterUnavailableError(
                f"printer {self.address.host} dropped the connection: {exc.strerror or exc}"
            ) from None
        if not data:
            raise PrinterUnavailableError(f"printer {self.address.host} closed the connection")
        return data

    def close(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
            self._sock = None


# -- device node, serial port -----------------------------------------------------------------


class DeviceFileTransport(Transport):
    """Bytes written to a device node (``/dev/usb/lp0``, a tty) or a file.

    Opened read-write and non-blocking where the node allows, so status answers can be read
    back and a stuck device cannot block the worker past the send time limit.
    """

    can_read_status = True

    def __init__(self, address: PrinterAddress, timeouts: Timeouts | None = None) -> None:
        super().__init__(address, timeouts)
        self._fd: int | None = None

    def _open_flags(self) -> int:
        return os.O_RDWR | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)

    def open(self) -> None:
        path = self.address.path
        try:
            self._fd = os.open(path, self._open_flags())
        except PermissionError:
            raise PrinterUnavailableError(
                f"no permission to write to {path} (is this user in the 'lp' or 'dialout' group?)"
            ) from None
        except OSError as exc:
            try:  # some nodes are write-only: print without status
                self._fd = os.open(path, os.O_WRONLY | getattr(os, "O_NONBLOCK", 0))
                self.can_read_status = False
            except OSError:
                raise PrinterUnavailableError(
                    f"cannot open {path}: {exc.strerror or exc}"
                ) from None
        if stat.S_ISREG(os.fstat(self._fd).st_mode):
            self.can_read_status = False  # a plain file: status queries would land in it

    def _descriptor(self) -> int:
        if self._fd is None:
            raise PrinterUnavailableError(f"{self.address.uri}: not open")
        return self._fd

    def write(self, data: bytes) -> None:
        fd = self._descriptor()
        deadline = time.monotonic() + self.timeouts.send
        view = memoryview(data)
        while view:
            try:
                written = os.write(fd, view[:_CHUNK])
            except BlockingIOError:
                written = 0
            except OSError as exc:
                raise PrinterUnavailableError(
                    f"writing to {self.address.path} failed: {exc.strerror or exc}"
                ) from None
            view = view[written:]
            if view and not written:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([], [fd], [], remaining)[1]:
                    raise PrinterUnavailableError(
                        f"{self.address.path} took no data for {self.timeouts.send:g} s"
                    )

    def read(self, size: int, timeout: float) -> bytes:
        if not self.can_read_status:
            return b""
        fd = self._descriptor()
        if not select.select([fd], [], [], timeout)[0]:
            return b""
        try:
            return os.read(fd, size)
        except BlockingIOError:
            return b""
        except OSError as exc:
            raise PrinterUnavailableError(
                f"reading from {self.address.path} failed: {exc.strerror or exc}"
            ) from None

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


class SerialTransport(DeviceFileTransport):
    """A serial port (POSIX): the tty is put in raw mode, 8N1, at the URI's baud rate."""

    def open(self) -> None:
        if sys.platform == "win32":
            raise PrinterUnavailableError(
                "serial printers are supported on Linux here; on Windows use the printer's "
                "USB or network connection"
            )
        super().open()
        try:
            _configure_tty(self._descriptor(), self.address.baud)
        except (OSError, ValueError) as exc:
            self.close()
            raise PrinterUnavailableError(
                f"{self.address.path} is not a usable serial port: {exc}"
            ) from None


def _configure_tty(fd: int, baud: int) -> None:
    import termios
    import tty

    try:
        tty.setraw(fd)
        attrs = termios.tcgetattr(fd)
        speed = getattr(termios, f"B{baud}")
        attrs[4] = attrs[5] = speed  # input and output speed
        attrs[2] = (attrs[2] & ~termios.CSIZE & ~termios.PARENB & ~termios.CSTOPB) | termios.CS8
        attrs[2] |= termios.CLOCAL | termios.CREAD
        termios.tcsetattr(fd, termios.TCSANOW, attrs)
    except termios.error as exc:  # not an OSError: "Inappropriate ioctl" on a non-tty
        raise OSError(exc.args[-1]) from None


# -- USB (pyusb) ------------------------------------------------------------------------------


class UsbTransport(Transport):
    """A USB printer by vendor and product id through pyusb (bulk OUT, and IN for status).

    pyusb and libusb are optional: without them this says so, and on Linux the same printer
    usually works as ``file:///dev/usb/lp0`` through the kernel's usblp driver.
    """

    can_read_status = True

    def __init__(self, address: PrinterAddress, timeouts: Timeouts | None = None) -> None:
        super().__init__(address, timeouts)
        self._device: Any = None
        self._out: Any = None
        self._in: Any = None

    def open(self) -> None:
        ids = f"{self.address.vendor_id:04x}:{self.address.product_id:04x}"
        try:
            import usb.core
            import usb.util
        except ImportError:
            raise PrinterUnavailableError(
                "USB printing by vendor:product needs the pyusb package and libusb; "
                "on Linux use file:///dev/usb/lp0 instead"
            ) from None
        try:
            device = usb.core.find(
                idVendor=self.address.vendor_id, idProduct=self.address.product_id
            )
        except usb.core.NoBackendError:
            raise PrinterUnavailableError(
                "USB printing needs libusb, which is not installed"
            ) from None
        if device is None:
            raise PrinterUnavailableError(f"no USB printer {ids} is connected")
        try:
            if device.is_kernel_driver_active(0):
                device.detach_kernel_driver(0)
            interface = device.get_active_configuration()[(0, 0)]
        except (usb.core.USBError, NotImplementedError) as exc:
            raise PrinterUnavailableError(f"USB printer {ids} cannot be claimed: {exc}") from None

        def endpoint(direction: int) -> Any:
            return usb.util.find_descriptor(
                interface,
                custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == direction,
            )

        self._device = device
        self._out = endpoint(usb.util.ENDPOINT_OUT)
        self._in = endpoint(usb.util.ENDPOINT_IN)
        if self._out is None:
            raise PrinterUnavailableError(f"USB device {ids} has no output endpoint")
        self.can_read_status = self._in is not None

    def write(self, data: bytes) -> None:
        import usb.core

        try:
            self._out.write(data, timeout=int(self.timeouts.send * 1000))
        except usb.core.USBError as exc:
            raise PrinterUnavailableError(f"USB printer stopped taking data: {exc}") from None

    def read(self, size: int, timeout: float) -> bytes:
        import usb.core

        if self._in is None:
            return b""
        try:
            return bytes(self._in.read(size, timeout=max(1, int(timeout * 1000))))
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise PrinterUnavailableError(f"USB printer read failed: {exc}") from None

    def close(self) -> None:
        if self._device is not None:
            import usb.util

            with contextlib.suppress(Exception):  # the device may already be gone
                usb.util.dispose_resources(self._device)
            self._device = None


# -- CUPS -------------------------------------------------------------------------------------


class CupsTransport(Transport):
    """A CUPS queue, through ``lp -d QUEUE -o raw`` (the bytes go to the printer untouched).

    CUPS queues the job and answers at once: "printed" here means "accepted by CUPS". Status is
    not available this way.
    """

    def write(self, data: bytes) -> None:
        lp = shutil.which("lp")
        if lp is None:
            raise PrinterUnavailableError(
                "CUPS printing needs the 'lp' command, which is not installed"
            )
        try:
            done = subprocess.run(
                [lp, "-d", self.address.queue, "-o", "raw"],
                input=data,
                capture_output=True,
                timeout=self.timeouts.send,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PrinterUnavailableError(
                f"CUPS did not take the job within {self.timeouts.send:g} s"
            ) from None
        if done.returncode != 0:
            why = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
            raise PrinterUnavailableError(f"CUPS refused the job for {self.address.queue}: {why}")
        log.info("CUPS: %s", done.stdout.decode("utf-8", "replace").strip())


# -- choosing -------------------------------------------------------------------------------


def open_transport(uri: str, timeouts: Timeouts | None = None) -> Transport:
    """An unopened transport for the printer ``uri`` names.

    Raises :class:`~ebill_desktop.printing.uri.PrinterUriError` for a bad URI (nothing is
    touched); connection problems come later, from ``open``/``write``.
    """
    address = parse_printer_uri(uri)
    if address.kind == "virtual":
        from ebill_desktop.printing.virtual import virtual_printer

        return virtual_printer(address.name).transport(address, timeouts)
    kinds: dict[str, type[Transport]] = {
        "tcp": NetworkTransport,
        "serial": SerialTransport,
        "file": DeviceFileTransport,
        "usb": UsbTransport,
        "cups": CupsTransport,
    }
    return kinds[address.kind](address, timeouts)
