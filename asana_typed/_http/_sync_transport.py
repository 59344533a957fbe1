"""The synchronous HTTP/1.1 transport the SDK uses when it makes its own ``httpx.Client``.

Blocking sockets, one kept-alive connection per request in flight, connections pooled per
origin within httpx's default limits. The protocol work is in :mod:`._wire`; this module only
moves bytes and maps socket failures to httpx's exceptions, so the client's retry rules apply
unchanged.
"""

from __future__ import annotations

import errno
import select
import selectors
import socket
import ssl
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import httpx

from ._wire import (
    KEEPALIVE_EXPIRY,
    LAST_CHUNK,
    ConnectionPool,
    Origin,
    Outgoing,
    ProtocolError,
    ResponseParser,
    StaleConnection,
    build_response,
    chunk,
    failure,
    idle_allowance,
    outgoing,
    retry_on_fresh_connection,
)

if TYPE_CHECKING:
    from _typeshed import FileDescriptorLike

__all__ = ["HAPPY_EYEBALLS_DELAY", "HTTP11Transport", "open_socket"]

_READ_SIZE = 256 * 1024
HAPPY_EYEBALLS_DELAY: float = 0.25
"""Seconds a connection attempt to one address has before the next address is tried too
(RFC 8305, as asyncio's ``happy_eyeballs_delay``)."""
EARLY_ANSWER_WAIT: float = 1.0
"""Seconds to wait for an answer the server sent before it stopped reading the request."""


class IdleProbe:
    """Tells whether an idle socket is still quiet; made once per connection.

    ``poll`` where there is one (``select`` refuses sockets numbered above 1024), registered
    once, so that each check before reuse is a single system call.
    """

    __slots__ = ("_poller", "_sock")

    def __init__(self, sock: FileDescriptorLike) -> None:
        self._sock = sock
        self._poller: Any = None
        if hasattr(select, "poll"):
            try:
                poller = select.poll()
                poller.register(sock, select.POLLIN)
            except (OSError, ValueError):
                return
            self._poller = poller

    def quiet(self) -> bool:
        """Nothing to read: the server neither closed the socket nor sent anything."""
        try:
            poller = self._poller
            if poller is not None:
                return not poller.poll(0)
            readable, _, _ = select.select([self._sock], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable


Address = tuple[int, Any]
"""An address family and a socket address of it."""


def _interleaved(infos: Sequence[tuple[Any, ...]]) -> list[Address]:
    """Addresses in RFC 8305 order: families alternating, the resolver's first family first."""
    by_family: dict[int, list[Address]] = {}
    for family, _, _, _, address in infos:
        by_family.setdefault(family, []).append((family, address))
    queues = list(by_family.values())
    ordered: list[Address] = []
    while queues:
        for queue in list(queues):
            ordered.append(queue.pop(0))
            if not queue:
                queues.remove(queue)
    return ordered


def open_socket(
    host: str, port: int, timeout: float | None, delay: float = HAPPY_EYEBALLS_DELAY
) -> socket.socket:
    """A connected TCP socket to ``host``, racing its addresses (RFC 8305 happy eyeballs).

    The first address gets ``delay`` seconds before the next one is tried as well, and so on;
    the first connection made wins, the others are closed. ``timeout`` bounds the whole race
    (``TimeoutError``); when every address fails, the last error is raised.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = _interleaved(infos)
    if not addresses:  # pragma: no cover - getaddrinfo raises instead
        raise OSError(f"no address for {host}")
    deadline = None if timeout is None else time.monotonic() + timeout
    selector = selectors.DefaultSelector()
    pending: list[socket.socket] = []
    winner: socket.socket | None = None
    error: OSError | None = None
    next_attempt = time.monotonic()
    try:
        while winner is None:
            now = time.monotonic()
            if addresses and (now >= next_attempt or not pending):
                family, address = addresses.pop(0)
                sock = socket.socket(family, socket.SOCK_STREAM)
                sock.setblocking(False)
                code = sock.connect_ex(address)
                if code == 0:
                    winner = sock
                    break
                if code in (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EAGAIN):
                    pending.append(sock)
                    selector.register(sock, selectors.EVENT_WRITE)
                else:
                    sock.close()
                    error = OSError(code, f"{errno.errorcode.get(code, code)}: {address}")
                next_attempt = now + delay
                continue
            if not pending:
                raise error or OSError(f"could not connect to {host}")
            wait = next_attempt - now if addresses else None
            if deadline is not None:
                left = deadline - now
                if left <= 0:
                    raise TimeoutError(f"connecting to {host} timed out")
                wait = left if wait is None else min(wait, left)
            for key, _ in selector.select(wait):
                sock = key.fileobj  # type: ignore[assignment]
                selector.unregister(sock)
                pending.remove(sock)
                code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if code == 0:
                    winner = sock
                    break
                sock.close()
                error = OSError(code, f"{errno.errorcode.get(code, code)} connecting to {host}")
    finally:
        for sock in pending:
            if sock is not winner:
                sock.close()
        selector.close()
    winner.setblocking(True)
    return winner


class _Connection:
    """One kept-alive socket (plain or TLS) and when it became idle."""

    __slots__ = ("_probe", "idle_since", "max_idle", "sock")

    sock: socket.socket
    idle_since: float
    max_idle: float

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.idle_since = 0.0
        self.max_idle = KEEPALIVE_EXPIRY
        self._probe: IdleProbe | None = None

    def usable(self, now: float) -> bool:
        """Still open and quiet: a readable idle connection was closed (or is confused)."""
        probe = self._probe
        if probe is None:
            probe = self._probe = IdleProbe(self.sock)
        return probe.quiet()

    def discard(self) -> None:
        """Close the socket."""
        self.sock.close()


class HTTP11Transport(httpx.BaseTransport):
    """An ``httpx`` transport speaking HTTP/1.1 over plain sockets, TLS on ``https``.

    ``ssl_context`` is called on the first ``https`` connection (the CA bundle is loaded then,
    not when the client is made); an error loading it is raised as it is, never retried.
    """

    def __init__(self, ssl_context: Callable[[], ssl.SSLContext]) -> None:
        self._ssl_context = ssl_context
        self._pool: ConnectionPool[_Connection] = ConnectionPool()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a pooled or new connection; its response, body fully received.

        A kept-alive connection that the server closed while idle is replaced, and an
        idempotent request sent again on a fresh one. Socket failures raise httpx's
        exceptions (``ConnectError``, ``ReadTimeout`` ...).
        """
        started = time.perf_counter()
        out = outgoing(request)
        context = self._ssl_context() if out.origin.scheme == "https" else None
        while True:
            connection = self._checkout(out, request)
            reused = connection is not None
            if connection is None:
                try:
                    connection = self._connect(out.origin, out.connect_timeout, request, context)
                except BaseException:
                    self._pool.drop(None)
                    raise
            try:
                parser = self._exchange(connection, request, out)
            except StaleConnection:
                self._pool.drop(connection)
                retry_on_fresh_connection(request, reused, out.idempotent)
                continue
            except BaseException:
                self._pool.drop(connection)
                raise
            connection.max_idle = idle_allowance(parser.keep_alive_timeout)
            self._pool.checkin(out.origin, connection, time.monotonic(), parser.keep_alive)
            return build_response(parser, request, started)

    def _checkout(self, out: Outgoing, request: httpx.Request) -> _Connection | None:
        """A pooled connection, or ``None`` with a slot for a new one (waits for a slot)."""
        connection, reserved = self._pool.checkout(out.origin, time.monotonic(), out.idempotent)
        if connection is not None or reserved:
            return connection
        deadline = None if out.pool_timeout is None else time.monotonic() + out.pool_timeout
        while True:
            freed = threading.Event()
            connection, reserved = self._pool.checkout(
                out.origin, time.monotonic(), out.idempotent, freed.set
            )
            if connection is not None or reserved:
                return connection
            left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            if not freed.wait(left):
                self._pool.cancel_wait(freed.set)
                raise httpx.PoolTimeout("no connection came free in time", request=request)

    def _connect(
        self,
        origin: Origin,
        connect_timeout: float | None,
        request: httpx.Request,
        context: ssl.SSLContext | None,
    ) -> _Connection:
        try:
            sock = open_socket(origin.host, origin.port, connect_timeout)
        except OSError as exc:  # TimeoutError included
            raise failure(exc, request, "connect") from exc
        try:
            sock.settimeout(connect_timeout)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if context is not None:
                sock = context.wrap_socket(sock, server_hostname=origin.host)
        except OSError as exc:  # ssl.SSLError is an OSError
            sock.close()
            raise failure(exc, request, "connect") from exc
        return _Connection(sock)

    def _exchange(
        self, connection: _Connection, request: httpx.Request, out: Outgoing
    ) -> ResponseParser:
        sock = connection.sock
        head, content, chunked = out.head, out.content, out.chunked
        parser = ResponseParser(request.method == "HEAD")
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
            # The server may have answered early (413 ...) and stopped reading: its answer
            # is the one to return.
            if isinstance(exc, TimeoutError) or not self._early_answer(sock, parser):
                raise failure(exc, request, "write") from exc
            return parser
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

    @staticmethod
    def _early_answer(sock: socket.socket, parser: ResponseParser) -> bool:
        """Read a whole answer already sent on a socket we could no longer write to."""
        try:
            sock.settimeout(EARLY_ANSWER_WAIT)
            while True:
                data = sock.recv(_READ_SIZE)
                if data:
                    if parser.feed(data):
                        break
                elif parser.feed_eof():
                    break
        except (ProtocolError, OSError):
            return False
        parser.keep_alive = False
        return True

    def close(self) -> None:
        """Close the idle connections; the transport sends nothing more."""
        self._pool.close()
