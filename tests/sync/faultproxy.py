"""A small fault-injecting TCP proxy for tests: client -> 127.0.0.1:<port> -> the real server.

The mode in force when a connection is accepted decides what happens to it:

=========  ==============================================================================
``pass``   bytes are copied both ways, keep-alive and all
``refuse`` the connection is closed as soon as it is accepted
``hang``   the request is read and never answered, until :meth:`FaultProxy.release`
``reset``  the request is forwarded, the server's whole answer is read, then the client's
           connection is reset (RST: ``SO_LINGER`` 0): the server did the work, the client
           never hears of it
``cut``    the request is forwarded and only the first ``cut_after`` bytes of the answer
           reach the client before the connection closes
``delay``  the request is forwarded and the answer reaches the client ``delay`` seconds late
``http500`` / ``http503``  the proxy answers the status itself; the server never sees the
           request
=========  ==============================================================================

Faulty modes handle one request per connection (the forwarded request is rewritten to
``Connection: close``, so the server's answer ends where its connection does). Changing the mode
closes the connections still passing bytes, so a client's kept-alive connection meets the new
mode on its next request. ``counts`` records how many connections each mode handled, so a test
can check that the fault it asked for really happened.
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
from collections import Counter
from enum import StrEnum
from types import TracebackType

MAX_HEADER = 65_536
IO_TIMEOUT = 10.0  # seconds any single read or write may take


class Mode(StrEnum):
    PASS = "pass"
    REFUSE = "refuse"
    HANG = "hang"
    RESET = "reset"
    CUT = "cut"
    DELAY = "delay"
    HTTP_500 = "http500"
    HTTP_503 = "http503"


FAULTS = tuple(mode for mode in Mode if mode is not Mode.PASS)


class FaultProxy:
    """A threaded TCP proxy on a free loopback port in front of ``upstream`` (host, port)."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.counts: Counter[Mode] = Counter()
        self._mode = Mode.PASS
        self._cut_after = 0
        self._delay = 0.0
        self._lock = threading.Lock()
        self._release = threading.Event()  # hung connections of the current mode wait on it
        self._stopping = threading.Event()
        self._open: set[socket.socket] = set()  # client sockets of pass-through connections
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self._listener.settimeout(0.1)
        self.port = int(self._listener.getsockname()[1])
        self._acceptor = threading.Thread(target=self._accept_loop, daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mode(self) -> Mode:
        return self._mode

    def set_mode(self, mode: Mode, *, cut_after: int = 0, delay: float = 0.0) -> None:
        """Apply ``mode`` to every connection from now on (open pass-through ones are closed)."""
        if cut_after < 0 or delay < 0:
            raise ValueError("cut_after and delay are not negative")
        with self._lock:
            self._mode, self._cut_after, self._delay = Mode(mode), cut_after, delay
            earlier, self._release = self._release, threading.Event()
            open_now, self._open = self._open, set()
        earlier.set()  # connections hung by an earlier mode go now
        for sock in open_now:
            _shut(sock)

    def release(self) -> None:
        """Let hung connections go (they are closed without an answer)."""
        self._release.set()

    def stop(self) -> None:
        self._stopping.set()
        self._release.set()
        self._acceptor.join(timeout=5)
        self._listener.close()
        with self._lock:
            open_now, self._open = self._open, set()
        for sock in open_now:
            _shut(sock)
        for thread in list(self._threads):
            thread.join(timeout=5)

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # -- per connection --------------------------------------------------------------------

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                mode, cut_after, delay = self._mode, self._cut_after, self._delay
                release = self._release
                self.counts[mode] += 1
                self._threads = [t for t in self._threads if t.is_alive()]
            thread = threading.Thread(
                target=self._serve, args=(client, mode, cut_after, delay, release), daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def _serve(
        self,
        client: socket.socket,
        mode: Mode,
        cut_after: int,
        delay: float,
        release: threading.Event,
    ) -> None:
        client.settimeout(IO_TIMEOUT)
        try:
            if mode is Mode.PASS:
                self._pass_through(client)
            elif mode is Mode.REFUSE:
                pass
            else:
                request = _read_request(client)
                if request is not None:
                    self._fault(client, mode, request, cut_after, delay, release)
        except OSError:
            pass  # the client or the server went away: nothing more to do for this one
        finally:
            client.close()

    def _fault(
        self,
        client: socket.socket,
        mode: Mode,
        request: bytes,
        cut_after: int,
        delay: float,
        release: threading.Event,
    ) -> None:
        if mode is Mode.HANG:
            release.wait()  # stop() and set_mode() set it too
        elif mode in (Mode.HTTP_500, Mode.HTTP_503):
            client.sendall(_status_answer(500 if mode is Mode.HTTP_500 else 503))
        else:
            answer = self._forward(request)
            if mode is Mode.RESET:
                # SO_LINGER on with a zero timeout: close() sends RST, not FIN.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif mode is Mode.CUT:
                client.sendall(answer[:cut_after])
            else:  # DELAY
                if not self._stopping.wait(delay):
                    client.sendall(answer)

    def _forward(self, request: bytes) -> bytes:
        """Send one request to the server and read its whole answer (it closes after it)."""
        with socket.create_connection(self.upstream, timeout=IO_TIMEOUT) as server:
            server.sendall(request)
            chunks = []
            while chunk := server.recv(65_536):
                chunks.append(chunk)
        return b"".join(chunks)

    def _pass_through(self, client: socket.socket) -> None:
        with self._lock:
            self._open.add(client)
        try:
            with socket.create_connection(self.upstream, timeout=IO_TIMEOUT) as server:
                _pump(client, server, self._stopping)
        finally:
            with self._lock:
                self._open.discard(client)


def _pump(client: socket.socket, server: socket.socket, stopping: threading.Event) -> None:
    """Copy bytes both ways until either side closes."""
    peers = {client: server, server: client}
    while not stopping.is_set():
        readable, _, _ = select.select(list(peers), [], [], 0.1)
        for sock in readable:
            data = sock.recv(65_536)
            if not data:
                return
            peers[sock].sendall(data)


def _read_request(client: socket.socket) -> bytes | None:
    """One HTTP request (headers and a ``Content-Length`` body), set to ``Connection: close``."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65_536)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_HEADER and b"\r\n\r\n" not in data:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = 0
    kept = [lines[0]]
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        key = name.strip().lower()
        if key == b"content-length":
            length = int(value.strip())
        if key not in (b"connection", b"keep-alive"):
            kept.append(line)
    kept.append(b"Connection: close")
    while len(body) < length:
        chunk = client.recv(65_536)
        if not chunk:
            return None
        body += chunk
    return b"\r\n".join(kept) + b"\r\n\r\n" + body


def _status_answer(status: int) -> bytes:
    reason = {500: "Internal Server Error", 503: "Service Unavailable"}[status]
    body = b'{"error": {"code": "proxy_fault", "message": "injected by the test proxy"}}'
    return (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode("ascii") + body


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
