"""The synchronous HTTP/1.1 transport the SDK uses when it makes its own ``httpx.Client``.

Blocking sockets, one kept-alive connection per request in flight, idle connections pooled
per origin. The protocol work is in :mod:`._wire`; this module only moves bytes and maps
socket failures to httpx's exceptions, so the client's retry rules apply unchanged.
"""

from __future__ import annotations

import select
import socket
import ssl
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from ._wire import (
    KEEPALIVE_EXPIRY,
    LAST_CHUNK,
    IdlePool,
    Origin,
    Outgoing,
    ProtocolError,
    ResponseParser,
    StaleConnection,
    build_response,
    chunk,
    failure,
    outgoing,
    retry_on_fresh_connection,
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
    """One kept-alive socket (plain or TLS) and when it became idle."""

    __slots__ = ("idle_since", "sock")

    sock: socket.socket
    idle_since: float

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.idle_since = 0.0

    def usable(self, now: float) -> bool:
        """Still open and quiet: a readable idle connection was closed (or is confused)."""
        if now - self.idle_since > KEEPALIVE_EXPIRY:
            return False
        return quiet(self.sock)

    def discard(self) -> None:
        """Close the socket."""
        self.sock.close()


class HTTP11Transport(httpx.BaseTransport):
    """An ``httpx`` transport speaking HTTP/1.1 over plain sockets, TLS on ``https``.

    ``ssl_context`` is called on the first ``https`` connection (the CA bundle is loaded then,
    not when the client is made).
    """

    def __init__(self, ssl_context: Callable[[], ssl.SSLContext]) -> None:
        self._ssl_context = ssl_context
        self._pool: IdlePool[_Connection] = IdlePool()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a pooled or new connection; its response, body fully received.

        A kept-alive connection that the server closed while idle is replaced, and an
        idempotent request sent again on a fresh one. Socket failures raise httpx's
        exceptions (``ConnectError``, ``ReadTimeout`` ...).
        """
        started = time.perf_counter()
        out = outgoing(request)
        while True:
            connection = self._pool.take(out.origin, time.monotonic())
            reused = connection is not None
            if connection is None:
                connection = self._connect(out.origin, out.connect_timeout, request)
            try:
                parser = self._exchange(connection, request, out)
            except StaleConnection:
                connection.discard()
                retry_on_fresh_connection(request, reused)
                continue
            except BaseException:
                connection.discard()
                raise
            if parser.keep_alive:
                self._pool.put(out.origin, connection, time.monotonic())
            else:
                connection.discard()
            return build_response(parser, request, started)

    def _connect(
        self, origin: Origin, connect_timeout: float | None, request: httpx.Request
    ) -> _Connection:
        try:
            sock = socket.create_connection((origin.host, origin.port), timeout=connect_timeout)
        except OSError as exc:  # TimeoutError included
            raise failure(exc, request, "connect") from exc
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if origin.scheme == "https":
                sock = self._ssl_context().wrap_socket(sock, server_hostname=origin.host)
        except OSError as exc:  # ssl.SSLError is an OSError
            sock.close()
            raise failure(exc, request, "connect") from exc
        return _Connection(sock)

    def _exchange(
        self, connection: _Connection, request: httpx.Request, out: Outgoing
    ) -> ResponseParser:
        sock = connection.sock
        head, content, chunked = out.head, out.content, out.chunked
        try:
            sock.settimeout(out.write_timeout)
            if content is not None:
                sock.sendall(head + (chunk(content) + LAST_CHUNK if chunked else content))
            else:
                sock.sendall(head)
                for part in request.stream:  # type: ignore[union-attr]
                    sock.sendall(chunk(part) if chunked else part)
                if chunked:
                    sock.sendall(LAST_CHUNK)
        except OSError as exc:
            raise failure(exc, request, "write") from exc
        parser = ResponseParser(request.method == "HEAD")
        try:
            sock.settimeout(out.read_timeout)
            recv = sock.recv
            while True:
                data = recv(_READ_SIZE)
                if data:
                    if parser.feed(data):
                        return parser
                elif parser.feed_eof():
                    return parser
        except (ProtocolError, OSError) as exc:
            raise failure(exc, request, "read", received=parser.received) from exc

    def close(self) -> None:
        """Close the idle connections; the transport sends nothing more."""
        self._pool.close()
