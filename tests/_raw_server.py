"""A scripted HTTP/1.1 server on 127.0.0.1 for the transport tests.

Unlike the FakeAsana loopback server, it writes whatever raw bytes the test's handler gives
(chunked or close-delimited bodies, interim answers, garbage, half an answer), and records
each accepted connection and each request (method, target, headers, body) it read::

    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, b"hello"))

    with RawServer(handler) as server:
        httpx.get(server.url + "/x")
        assert server.connections == 1

One thread accepts, one thread per connection reads requests (``Content-Length`` or chunked
bodies) and calls the handler for each; the handler may :meth:`Peer.close` the connection,
:meth:`Peer.hold` its answer back, or wait on :attr:`RawServer.stopping` (leaving the
``with`` block cuts every wait short).
"""

from __future__ import annotations

import contextlib
import json
import socket
import ssl
import struct
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from typing_extensions import Self

__all__ = ["Peer", "RawRequest", "RawServer", "json_response", "response"]


@dataclass(frozen=True)
class RawRequest:
    """One request as the server read it."""

    method: str
    target: str
    headers: list[tuple[str, str]]
    body: bytes
    connection: int
    """Index of the connection it came on (0 for the first accepted)."""
    seq: int
    """Index of the request on its connection (0 for the first)."""

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or ``None``."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)


class Peer:
    """The server's end of one accepted connection, as a handler sees it."""

    def __init__(self, sock: socket.socket, index: int, stopping: threading.Event) -> None:
        self.sock = sock
        self.index = index
        self.stopping = stopping
        self.closed = False
        self.client_closed = threading.Event()
        """Set when the client closed the connection (EOF while waiting for a request)."""
        self.server_closed = threading.Event()
        """Set once the server side closed the connection (:meth:`close`, :meth:`reset`)."""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def hold(self, timeout: float = 10.0) -> None:
        """Answer nothing until the client closes the connection, the server stops, or
        ``timeout`` passes (bytes the client sends meanwhile are dropped)."""
        self.sock.settimeout(timeout)
        try:
            while self.sock.recv(65536):
                pass
        except OSError:  # the timeout, or the server stopping
            return
        finally:
            with contextlib.suppress(OSError):
                self.sock.settimeout(None)
        if not self.stopping.is_set():
            self.client_closed.set()

    def close(self) -> None:
        """Close the connection (the client reads EOF)."""
        if not self.closed:
            self.closed = True
            with contextlib.suppress(OSError):
                self.sock.shutdown(socket.SHUT_RDWR)
            self.sock.close()
            self.server_closed.set()

    def reset(self) -> None:
        """Abort the connection with a TCP reset."""
        if not self.closed:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.closed = True
            self.sock.close()
            self.server_closed.set()


Handler = Callable[[Peer, RawRequest], None]


def response(
    status: int = 200,
    body: bytes = b"",
    headers: Iterable[tuple[str, str]] = (),
    reason: str = "OK",
    length: bool = True,
) -> bytes:
    """A complete HTTP/1.1 answer; ``Content-Length`` is added unless ``length`` is false."""
    lines = [f"HTTP/1.1 {status} {reason}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def json_response(data: Any, status: int = 200, headers: Iterable[tuple[str, str]] = ()) -> bytes:
    """An answer with a JSON body."""
    body = json.dumps(data).encode()
    return response(status, body, [("Content-Type", "application/json"), *headers])


ME = {"data": {"gid": "1", "name": "x"}}
"""A body the SDK accepts for ``users.me()``."""


def answer_me(peer: Peer, request: RawRequest) -> None:
    """The default handler: a 200 JSON answer for any request."""
    peer.send(json_response(ME))


class _ClosedByClient(Exception):
    pass


class RawServer:
    """A threaded loopback server answering each request through ``handler``."""

    def __init__(self, handler: Handler = answer_me, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.tls = tls
        """A server-side SSL context makes it HTTPS (each connection handshakes in its thread)."""
        self.requests: list[RawRequest] = []
        self.peers: list[Peer] = []
        self.errors: list[BaseException] = []
        """Exceptions raised by handlers (other than the client going away)."""
        self.stopping = threading.Event()
        self.active = 0
        self.max_active = 0
        """The most handlers running at once (requests in flight at the server)."""
        self.request_event = threading.Condition()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(256)
        self.port: int = self._listener.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        self._acceptor = threading.Thread(target=self._accept, name="raw server", daemon=True)

    @property
    def connections(self) -> int:
        """How many connections were accepted."""
        with self._lock:
            return len(self.peers)

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> bool:
        """Wait until at least ``count`` requests were read."""
        with self.request_event:
            return self.request_event.wait_for(lambda: len(self.requests) >= count, timeout)

    def __enter__(self) -> Self:
        self._acceptor.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        if exc_type is None and self.errors:
            raise AssertionError(f"a handler failed: {self.errors[0]!r}") from self.errors[0]

    def stop(self) -> None:
        """Stop accepting, cut every connection and wait, end the threads."""
        self.stopping.set()
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
            pass  # wakes the acceptor
        self._acceptor.join(timeout=5)
        self._listener.close()
        with self._lock:
            peers = list(self.peers)
        for peer in peers:
            with contextlib.suppress(OSError):
                peer.sock.shutdown(socket.SHUT_RDWR)
        for thread in list(self._threads):
            thread.join(timeout=5)
        for peer in peers:
            peer.sock.close()

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self._listener.accept()
            except OSError:  # pragma: no cover - the listener went away
                return
            if self.stopping.is_set():
                sock.close()
                return
            sock.settimeout(None)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                peer = Peer(sock, len(self.peers), self.stopping)
                self.peers.append(peer)
            thread = threading.Thread(target=self._serve, args=(peer,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, peer: Peer) -> None:
        seq = 0
        try:
            if self.tls is not None:
                peer.sock = self.tls.wrap_socket(peer.sock, server_side=True)
            reader = _Reader(peer.sock)
            while not peer.closed:
                try:
                    request = reader.request(peer.index, seq)
                except _ClosedByClient:
                    peer.client_closed.set()
                    return
                seq += 1
                with self.request_event:
                    self.requests.append(request)
                    self.request_event.notify_all()
                with self._lock:
                    self.active += 1
                    self.max_active = max(self.max_active, self.active)
                try:
                    self.handler(peer, request)
                finally:
                    with self._lock:
                        self.active -= 1
        except (OSError, EOFError):
            pass  # the client went away, or the server is stopping
        except BaseException as exc:
            self.errors.append(exc)
        finally:
            peer.close()


class _Reader:
    """Requests read off one connection."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _more(self) -> bytes:
        data = self.sock.recv(65536)
        if not data:
            raise EOFError
        return data

    def line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            self.buffer += self._more()
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self.buffer += self._more()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def request(self, connection: int, seq: int) -> RawRequest:
        try:
            while b"\r\n\r\n" not in self.buffer:
                self.buffer += self._more()
        except (EOFError, ConnectionResetError):
            if self.buffer:
                raise
            raise _ClosedByClient from None
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        method, target, _version = lines[0].split(" ")
        headers = [(k, v.strip()) for k, _, v in (line.partition(":") for line in lines[1:])]
        request = RawRequest(method, target, headers, b"", connection, seq)
        if "chunked" in (request.header("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.line().split(b";")[0], 16)
                if size == 0:
                    while self.line():  # trailers, then the blank line
                        pass
                    break
                chunks.append(self.exactly(size))
                if self.line():
                    raise ValueError("a chunk does not end with CRLF")
            body = b"".join(chunks)
        else:
            body = self.exactly(int(request.header("Content-Length") or 0))
        return RawRequest(method, target, headers, body, connection, seq)
