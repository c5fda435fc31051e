"""A network receipt printer of our own, on a loopback port, for the tests.

It records every byte it receives, answers ESC/POS real-time status queries (DLE EOT 1/2/4)
the way a real printer in the chosen state would, and can misbehave on purpose:

* ``ok``            paper in, cover shut, online;
* ``out_of_paper``  answers "paper end, offline";
* ``cover_open``    answers "cover open, offline";
* ``runs_out``      fine until the first bytes of a job arrive, then out of paper;
* ``cut``           closes the connection after ``cut_after`` job bytes received on that
                    connection (a cable pulled or the printer rebooting mid-receipt); each
                    connection counts its own bytes, so an earlier job (a drawer kick) does
                    not use up the budget of the receipt after it;
* ``silent``        takes bytes, never answers status (many cheap printers).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from dataclasses import dataclass, field

_OK = (0x12, 0x12, 0x12)
_ANSWERS = {
    "ok": _OK,
    "runs_out": _OK,
    "cut": _OK,
    "out_of_paper": (0x1A, 0x32, 0x7E),
    "cover_open": (0x1A, 0x16, 0x12),
}
_QUERY_INDEX = {1: 0, 2: 1, 4: 2}


@dataclass
class FakeNetworkPrinter:
    mode: str = "ok"
    cut_after: int = 200
    received: bytearray = field(default_factory=bytearray)  # job bytes, queries left out
    queries: int = 0
    connections: int = 0

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def uri(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def job_bytes(self) -> bytes:
        with self._lock:
            return bytes(self.received)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            with conn:
                self._talk(conn)

    def _answer(self, query: int, job_seen: bool) -> bytes:
        if self.mode == "silent":
            return b""
        answers = (
            _ANSWERS["out_of_paper"]
            if self.mode == "runs_out" and job_seen
            else _ANSWERS[self.mode]
        )
        return bytes([answers[_QUERY_INDEX.get(query, 0)]])

    def _talk(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        pending = b""
        job_seen = 0
        while not self._stop.is_set():
            try:
                chunk = conn.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            pending += chunk
            while True:
                at = pending.find(b"\x10\x04")
                if at == -1 or at + 2 >= len(pending):
                    # Keep what may be the start of a query split across two reads.
                    keep = len(pending) - at if at != -1 else int(pending.endswith(b"\x10"))
                    job_seen += self._take(pending[: len(pending) - keep], job_seen)
                    pending = pending[len(pending) - keep :]
                    break
                job_seen += self._take(pending[:at], job_seen)
                query, pending = pending[at + 2], pending[at + 3 :]
                self.queries += 1
                with contextlib.suppress(OSError):
                    conn.sendall(self._answer(query, job_seen > 0))
            if self.mode == "cut" and job_seen >= self.cut_after:
                # Drop the connection hard (RST), as a printer that lost power does.
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return

    def _take(self, body: bytes, seen_on_connection: int) -> int:
        """Record job bytes; in ``cut`` mode keep only what fits this connection's budget."""
        if self.mode == "cut":
            room = max(0, self.cut_after - seen_on_connection)
            body = body[:room]
        with self._lock:
            self.received += body
        return len(body)


def unreachable_uri() -> str:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.create_server(("127.0.0.1", 0)) as sock:
        port = sock.getsockname()[1]
    return f"tcp://127.0.0.1:{port}"
