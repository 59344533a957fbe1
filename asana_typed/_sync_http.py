"""The synchronous HTTP/1.1 transport the SDK uses when it makes its own ``httpx.Client``.

Blocking sockets, one kept-alive connection per request in flight, idle connections pooled
per origin. The protocol work is in :mod:`._wire`; this module only moves bytes and maps
socket failures to httpx's exceptions, so the client's retry rules apply unchanged.
"""

from __future__ import annotations

import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from ._wire import (
    IDEMPOTENT,
    KEEPALIVE_EXPIRY,
    LAST_CHUNK,
    MAX_IDLE,
    Origin,
    ProtocolError,
    ResponseParser,
    body_parts,
    build_response,
    chunk,
    request_head,
    timeouts,
    wire_target,
)

if TYPE_CHECKING:
    from _typeshed import FileDescriptorLike

__all__ = ["HTTP11Transport"]

_READ_SIZE = 256 * 1024


def quiet(sock: FileDescriptorLike) -> bool:
    """Nothing to read on an idle socket: the server neither closed it nor sent anything.

    ``poll`` where there is one: ``select`` refuses sockets numbered above 1024.
    """
    try:
        if hasattr(select, "poll"):
            poller = select.poll()
            poller.register(sock, select.POLLIN)
            return not poller.poll(0)
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


class _Connection:
    __slots__ = ("idle_since", "sock")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.idle_since = 0.0

    def usable(self, now: float) -> bool:
        """Still open and quiet: a readable idle connection was closed (or is confused)."""
        if now - self.idle_since > KEEPALIVE_EXPIRY:
            return False
        return quiet(self.sock)

    def close(self) -> None:
        self.sock.close()


class HTTP11Transport(httpx.BaseTransport):
    """An ``httpx`` transport speaking HTTP/1.1 over plain sockets, TLS on ``https``.

    ``ssl_context`` is called on the first ``https`` connection (the CA bundle is loaded then,
    not when the client is made).
    """

    def __init__(self, ssl_context: Callable[[], ssl.SSLContext]) -> None:
        self._ssl_context = ssl_context
        self._idle: dict[Origin, list[_Connection]] = {}
        self._lock = threading.Lock()
        self._closed = False

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        origin, target = wire_target(request)
        connect_timeout, read_timeout, write_timeout = timeouts(request)
        head = request_head(request.method, target, request.headers.raw)
        content, chunked = body_parts(request)
        while True:
            connection, reused = self._connection(origin, connect_timeout, request)
            try:
                parser = self._exchange(
                    connection, request, head, content, chunked, read_timeout, write_timeout
                )
            except _StaleConnection:
                connection.close()
                if reused and request.method in IDEMPOTENT:
                    continue  # the server closed it while idle: once more on a fresh one
                raise httpx.RemoteProtocolError(
                    "the server closed the connection without answering", request=request
                ) from None
            except BaseException:
                connection.close()
                raise
            if parser.keep_alive:
                self._release(origin, connection)
            else:
                connection.close()
            return build_response(parser, request)

    def _connection(
        self, origin: Origin, connect_timeout: float | None, request: httpx.Request
    ) -> tuple[_Connection, bool]:
        if self._closed:
            raise RuntimeError("the HTTP transport is closed")
        now = time.monotonic()
        with self._lock:
            idle = self._idle.get(origin)
            while idle:
                connection = idle.pop()
                if connection.usable(now):
                    return connection, True
                connection.close()
        return self._connect(origin, connect_timeout, request), False

    def _connect(
        self, origin: Origin, connect_timeout: float | None, request: httpx.Request
    ) -> _Connection:
        try:
            sock = socket.create_connection((origin.host, origin.port), timeout=connect_timeout)
        except TimeoutError as exc:
            raise httpx.ConnectTimeout(str(exc) or "connect timed out", request=request) from exc
        except OSError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if origin.scheme == "https":
                sock = self._ssl_context().wrap_socket(sock, server_hostname=origin.host)
        except TimeoutError as exc:
            sock.close()
            raise httpx.ConnectTimeout(
                str(exc) or "TLS handshake timed out", request=request
            ) from exc
        except OSError as exc:  # ssl.SSLError is an OSError
            sock.close()
            raise httpx.ConnectError(str(exc), request=request) from exc
        return _Connection(sock)

    def _exchange(
        self,
        connection: _Connection,
        request: httpx.Request,
        head: bytes,
        content: bytes | None,
        chunked: bool,
        read_timeout: float | None,
        write_timeout: float | None,
    ) -> ResponseParser:
        sock = connection.sock
        try:
            sock.settimeout(write_timeout)
            if content is not None:
                sock.sendall(head + (chunk(content) + LAST_CHUNK if chunked else content))
            else:
                sock.sendall(head)
                for part in request.stream:  # type: ignore[union-attr]
                    sock.sendall(chunk(part) if chunked else part)
                if chunked:
                    sock.sendall(LAST_CHUNK)
        except TimeoutError as exc:
            raise httpx.WriteTimeout(str(exc) or "write timed out", request=request) from exc
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise _StaleConnection from exc
        except OSError as exc:
            raise httpx.WriteError(str(exc), request=request) from exc
        parser = ResponseParser(request.method == "HEAD")
        try:
            sock.settimeout(read_timeout)
            recv = sock.recv
            while True:
                data = recv(_READ_SIZE)
                if data:
                    if parser.feed(data):
                        return parser
                elif parser.feed_eof():
                    return parser
        except TimeoutError as exc:
            raise httpx.ReadTimeout(str(exc) or "read timed out", request=request) from exc
        except ProtocolError as exc:
            if not parser.received:
                raise _StaleConnection from exc
            raise httpx.RemoteProtocolError(str(exc), request=request) from exc
        except ConnectionResetError as exc:
            if not parser.received:
                raise _StaleConnection from exc
            raise httpx.ReadError(str(exc), request=request) from exc
        except OSError as exc:
            raise httpx.ReadError(str(exc), request=request) from exc

    def _release(self, origin: Origin, connection: _Connection) -> None:
        connection.idle_since = time.monotonic()
        with self._lock:
            if not self._closed:
                idle = self._idle.setdefault(origin, [])
                if len(idle) < MAX_IDLE:
                    idle.append(connection)
                    return
        connection.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, {}
        for connections in idle.values():
            for connection in connections:
                connection.close()


class _StaleConnection(Exception):
    """The connection was closed before any answer came (a kept-alive one may be retried)."""
