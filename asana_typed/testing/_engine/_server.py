"""The fake as a real HTTP/1.1 server on 127.0.0.1 (a given port or an ephemeral one, one
thread per connection, keep-alive).

The listen backlog holds :data:`LISTEN_BACKLOG` connections, so a burst of concurrent clients
(Asana allows 50 reads in flight per token) is queued by the kernel at once while the accept
loop catches up; with the standard library's default of 5, the rest of a burst had its SYNs
dropped and waited for the client's retransmission (a second or more each).

Dropped connections are closed without an answer; a client sees the connection end (for
httpx, :class:`httpx.RemoteProtocolError` or a read error) whether or not the request ran:
``drop_next()`` and ``drop_next(after_receiving=True)`` differ in their effect on the data, not
on the wire. Delays hold the answer back; stopping the server cuts them short.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

from ._app import API_ROOT, FakeApp

__all__ = ["LISTEN_BACKLOG", "LoopbackServer"]

LISTEN_BACKLOG = 1024
"""Connections the kernel queues before the server accepts them (capped by the system's own
limit, ``net.core.somaxconn`` on Linux)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    app: FakeApp
    stopping: threading.Event
    connections: set[socket.socket]
    connections_lock: threading.Lock


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed-ACK stall
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        super().finish()

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def _serve(self) -> None:
        body = self._read_body()
        host = self.headers.get("Host") or "{}:{}".format(*self.server.server_address[:2])
        url = httpx.URL(f"http://{host}{self.path}")
        headers = httpx.Headers(list(self.headers.items()))
        limiter = self.server.app.limiter
        slot = limiter.admit(self.command, headers)
        try:
            outcome = self.server.app.handle(
                self.command, url, headers, body, over_limit=slot is None
            )
            delay = outcome.delay + (limiter.latency if slot is not None else 0.0)
            stopped = outcome.drop is None and bool(delay) and self.server.stopping.wait(delay)
        finally:
            limiter.release(slot)  # before answering: the client may send its next at once
        if outcome.drop is not None or stopped:
            self.close_connection = True
            return
        self.send_response(outcome.status)
        for name, value in outcome.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(outcome.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(outcome.body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def log_message(self, format: str, *args: object) -> None:
        """Keep test output quiet; the fake's request log records everything."""


class LoopbackServer:
    """Runs a :class:`FakeApp` over HTTP until :meth:`stop`."""

    def __init__(self, app: FakeApp, port: int = 0) -> None:
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.app = app
        self._server.stopping = threading.Event()
        self._server.connections = set()
        self._server.connections_lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="FakeAsana server",
            daemon=True,
        )

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/api/1.0``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{API_ROOT}"

    def start(self) -> str:
        """Start serving in a background thread; returns :attr:`base_url`."""
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop accepting, cut open connections and pending delays, release the port."""
        self._server.stopping.set()
        started = self._thread.is_alive()
        if started:
            self._server.shutdown()
        with self._server.connections_lock:
            open_connections = list(self._server.connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._server.server_close()
        if started:
            self._thread.join(timeout=5)
