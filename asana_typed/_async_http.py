"""The asyncio HTTP/1.1 transport the SDK uses when it makes its own ``httpx.AsyncClient``.

One :class:`asyncio.Protocol` per connection feeds :class:`._wire.ResponseParser` as bytes
arrive and wakes the waiting request when its answer is complete: a request costs a write, a
callback and a future, which is what lets dozens of concurrent requests run at network speed
(``benchmarks/`` (g)). Idle connections are pooled per origin and per event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import time
from collections.abc import Callable
from typing import Any

import httpx

from ._sync_http import quiet
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

__all__ = ["AsyncHTTP11Transport"]


class _Connection(asyncio.Protocol):
    """One connection; at most one request on it at a time."""

    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport | None
    parser: ResponseParser | None
    waiter: asyncio.Future[None] | None
    closed: bool
    idle_since: float

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.transport = None
        self.parser = None
        self.waiter = None
        self.closed = False
        self.idle_since = 0.0
        self._drain: asyncio.Future[None] | None = None
        self._paused = False
        self._last_data = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._read_timeout: float | None = None

    # asyncio callbacks

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        parser = self.parser
        if parser is None:  # bytes nobody asked for: never reuse this connection
            self.abort()
            return
        self._last_data = self.loop.time()
        try:
            done = parser.feed(data)
        except ProtocolError as exc:
            self._fail(exc)
            return
        if done:
            self._wake()

    def eof_received(self) -> bool:
        parser = self.parser
        self.closed = True
        if parser is not None:
            try:
                parser.feed_eof()
            except ProtocolError as exc:
                self._fail(exc)
                return False
            self._wake()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.parser is not None and not self.parser.done:
            self._fail(exc or ProtocolError("the connection was closed"))
        drain = self._drain
        if drain is not None and not drain.done():
            drain.set_exception(exc or ConnectionResetError("the connection was closed"))

    def pause_writing(self) -> None:
        self._paused = True

    def resume_writing(self) -> None:
        self._paused = False
        drain = self._drain
        if drain is not None and not drain.done():
            drain.set_result(None)

    # used by the transport

    def usable(self, now: float) -> bool:
        """Open, of the running loop, young enough, and quiet (the server did not close it)."""
        transport = self.transport
        if (
            self.closed
            or self.loop is not asyncio.get_running_loop()
            or transport is None
            or transport.is_closing()
            or now - self.idle_since > KEEPALIVE_EXPIRY
        ):
            return False
        # closed by the server while the loop did not watch it (stopped, or busy)?
        sock = transport.get_extra_info("socket")
        return sock is None or quiet(sock)

    async def exchange(self, request: httpx.Request, out: Outgoing) -> ResponseParser:
        """Send the request and wait for its complete answer; the parser that read it."""
        head, content, chunked = out.head, out.content, out.chunked
        read_timeout, write_timeout = out.read_timeout, out.write_timeout
        transport = self.transport
        assert transport is not None
        parser = self.parser = ResponseParser(request.method == "HEAD")
        waiter = self.waiter = self.loop.create_future()
        if content is not None:
            transport.write(head + (chunk(content) + LAST_CHUNK if chunked else content))
        else:
            transport.write(head)
            async for part in request.stream:  # type: ignore[union-attr]
                transport.write(chunk(part) if chunked else part)
                if self._paused:
                    await self._wait_drain(request, write_timeout)
            if chunked:
                transport.write(LAST_CHUNK)
        if self._paused:
            await self._wait_drain(request, write_timeout)
        if read_timeout is not None and not waiter.done():
            self._read_timeout = read_timeout
            self._last_data = self.loop.time()
            self._timer = self.loop.call_at(self._last_data + read_timeout, self._check_timeout)
        try:
            await waiter
        except (ProtocolError, OSError) as exc:  # set by the callbacks above
            raise failure(exc, request, "read", received=parser.received) from exc
        finally:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self.waiter = None
            self.parser = None
        return parser

    async def _wait_drain(self, request: httpx.Request, write_timeout: float | None) -> None:
        self._drain = self.loop.create_future()
        try:
            await asyncio.wait_for(self._drain, write_timeout)
        except asyncio.TimeoutError:  # not a TimeoutError before Python 3.11
            raise failure(TimeoutError(), request, "write") from None
        except OSError as exc:
            raise failure(exc, request, "write") from exc
        finally:
            self._drain = None

    def _check_timeout(self) -> None:
        timeout = self._read_timeout
        assert timeout is not None
        due = self._last_data + timeout
        if self.loop.time() >= due:
            self._timer = None
            self._fail(TimeoutError("read timed out"))
        else:  # data came meanwhile: the timeout counts from the last bytes read
            self._timer = self.loop.call_at(due, self._check_timeout)

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _fail(self, exc: BaseException) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(exc)
        self.abort()

    def discard(self) -> None:
        """Close an idle connection, even one of an event loop that has ended."""
        try:
            self.abort()
        except RuntimeError:  # its event loop is closed: end the connection here
            transport = self.transport
            sock = transport.get_extra_info("socket") if transport is not None else None
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def abort(self) -> None:
        """Close the connection at once, without waiting for buffered data to be sent."""
        self.closed = True
        if self.transport is not None:
            self.transport.abort()


class AsyncHTTP11Transport(httpx.AsyncBaseTransport):
    """An ``httpx`` async transport speaking HTTP/1.1 over asyncio connections, TLS on ``https``.

    ``ssl_context`` is called on the first ``https`` connection.
    """

    def __init__(self, ssl_context: Callable[[], ssl.SSLContext]) -> None:
        self._ssl_context = ssl_context
        self._pool: IdlePool[_Connection] = IdlePool()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a pooled or new connection; its response, body fully received.

        A kept-alive connection that the server closed while idle is replaced, and an
        idempotent request sent again on a fresh one. Socket failures raise httpx's
        exceptions (``ConnectError``, ``ReadTimeout`` ...).
        """
        started = time.perf_counter()
        out = outgoing(request)
        loop = asyncio.get_running_loop()
        while True:
            connection = self._pool.take(out.origin, loop.time())
            reused = connection is not None
            if connection is None:
                connection = await self._connect(loop, out.origin, out.connect_timeout, request)
            try:
                parser = await connection.exchange(request, out)
            except StaleConnection:
                connection.abort()
                retry_on_fresh_connection(request, reused)
                continue
            except BaseException:  # an error, or cancelled mid-request: state unknown
                connection.abort()
                raise
            if parser.keep_alive and not connection.closed:
                self._pool.put(out.origin, connection, loop.time())
            else:
                connection.abort()
            return build_response(parser, request, started)

    async def _connect(
        self,
        loop: asyncio.AbstractEventLoop,
        origin: Origin,
        connect_timeout: float | None,
        request: httpx.Request,
    ) -> _Connection:
        connection = _Connection(loop)
        tls: dict[str, Any] = {}
        if origin.scheme == "https":
            tls = {"ssl": self._ssl_context(), "server_hostname": origin.host}
        try:
            await asyncio.wait_for(
                loop.create_connection(lambda: connection, origin.host, origin.port, **tls),
                connect_timeout,
            )
        except asyncio.TimeoutError:  # not a TimeoutError before Python 3.11
            raise failure(TimeoutError(), request, "connect") from None
        except OSError as exc:  # ssl.SSLError is an OSError
            raise failure(exc, request, "connect") from exc
        return connection

    async def aclose(self) -> None:
        """Close the idle connections; the transport sends nothing more."""
        self._pool.close()
