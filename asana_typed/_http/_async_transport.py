"""The asyncio HTTP/1.1 transport the SDK uses when it makes its own ``httpx.AsyncClient``.

One :class:`asyncio.Protocol` per connection feeds :class:`._wire.ResponseParser` as bytes
arrive and wakes the waiting request when its answer is complete: a request costs a write, a
callback and a future, which is what lets dozens of concurrent requests run at network speed
(the benchmarks' 1,000 concurrent reads). Idle connections are pooled per origin and per event
loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import socket
import ssl
import time
import weakref
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, TypeVar

import httpx

from ._sync_transport import HAPPY_EYEBALLS_DELAY, IdleProbe
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

__all__ = ["AsyncHTTP11Transport"]


class _Connection(asyncio.Protocol):
    """One connection; at most one request on it at a time."""

    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport | None
    parser: ResponseParser | None
    waiter: asyncio.Future[None] | None
    closed: bool
    idle_since: float
    max_idle: float

    def __init__(self, loop: asyncio.AbstractEventLoop, watch: _ReadWatch) -> None:
        self.loop = loop
        self._watch = watch
        self.transport = None
        self.parser = None
        self.waiter = None
        self.closed = False
        self.idle_since = 0.0
        self.max_idle = KEEPALIVE_EXPIRY
        self._drain: asyncio.Future[None] | None = None
        self._paused = False
        self._last_data = 0.0
        self.read_timeout = 0.0
        self._probe: IdleProbe | None = None
        self._clock = clock_of(loop)

    # asyncio callbacks

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        parser = self.parser
        if parser is None:  # bytes nobody asked for: never reuse this connection
            self.abort()
            return
        self._last_data = self._clock()
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
        """Open and quiet (the server did not close it while the loop was not watching)."""
        transport = self.transport
        if self.closed or transport is None or transport.is_closing():
            return False
        # closed by the server while the loop did not watch it (stopped, or busy)?
        probe = self._probe
        if probe is None:
            sock = transport.get_extra_info("socket")
            if sock is None:
                return True
            probe = self._probe = IdleProbe(sock)
        return probe.quiet()

    async def exchange(self, request: httpx.Request, out: Outgoing) -> ResponseParser:
        """Send the request and wait for its complete answer; the parser that read it."""
        head, content, chunked = out.head, out.content, out.chunked
        read_timeout, write_timeout = out.read_timeout, out.write_timeout
        transport = self.transport
        assert transport is not None
        parser = self.parser = ResponseParser(request.method == "HEAD")
        waiter = self.waiter = self.loop.create_future()
        try:
            if content is not None:
                transport.write(head + (chunk(content) + LAST_CHUNK if chunked else content))
            else:
                transport.write(head)
                async for part in request.stream:  # type: ignore[union-attr]
                    if waiter.done():  # answered (or failed) before the whole request went
                        break
                    transport.write(chunk(part) if chunked else part)
                    if self._paused:
                        await self._wait_drain(request, write_timeout)
                if chunked and not waiter.done():
                    transport.write(LAST_CHUNK)
            if self._paused and not waiter.done():
                await self._wait_drain(request, write_timeout)
        except (httpx.WriteError, StaleConnection):
            if not parser.done:  # an answer the server sent before it stopped reading wins
                raise
        if parser.done and not waiter.done():
            waiter.set_result(None)
        watched = read_timeout is not None and not waiter.done()
        if watched:
            self.read_timeout = read_timeout  # type: ignore[assignment]
            now = self._last_data = self._clock()
            self._watch.add(self, now + read_timeout)  # type: ignore[operator]
        try:
            await waiter
        except (ProtocolError, OSError) as exc:  # set by the callbacks above
            raise failure(exc, request, "read", received=parser.received) from exc
        finally:
            if watched:
                self._watch.discard(self)
            self.waiter = None
            self.parser = None
        return parser

    @property
    def read_due(self) -> float:
        """When the answer being read times out: ``read_timeout`` after the last bytes."""
        return self._last_data + self.read_timeout

    def read_timed_out(self) -> None:
        """Fail the request waiting for its answer (called by the loop's :class:`_ReadWatch`)."""
        self._fail(TimeoutError("read timed out"))

    async def _wait_drain(self, request: httpx.Request, write_timeout: float | None) -> None:
        drain = self._drain = self.loop.create_future()
        try:
            if not await wait_until(drain, write_timeout):
                raise failure(TimeoutError(), request, "write") from None
            drain.result()
        except OSError as exc:
            raise failure(exc, request, "write") from exc
        finally:
            self._drain = None

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


class _ReadWatch:
    """The read timeouts of one event loop's connections, kept by one timer.

    A connection waiting for its answer is added with its due time (``read_timeout`` after the
    last bytes it received) and taken out when the answer is in. The timer is set for the
    earliest due time when it is scheduled; when it fires, it fails the connections that are
    due and is set again for the next one. Requests with the same timeout, started one after
    another, are due later than the timer already set, so a request schedules no timer of its
    own (a timer per request costs a handle and heap work on every request).
    """

    def __init__(self) -> None:  # no reference to the loop: it is the key it is kept under
        self._waiting: set[_Connection] = set()
        self._timer: asyncio.TimerHandle | None = None
        self._due = math.inf

    def add(self, connection: _Connection, due: float) -> None:
        """Watch ``connection``, whose answer is ``due`` (its ``read_due`` now)."""
        self._waiting.add(connection)
        if due < self._due:
            self._schedule(connection.loop, due)

    def discard(self, connection: _Connection) -> None:
        waiting = self._waiting
        waiting.discard(connection)
        if not waiting and self._timer is not None:
            self._timer.cancel()
            self._timer = None
            self._due = math.inf

    def _schedule(self, loop: asyncio.AbstractEventLoop, due: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._due = due
        self._timer = loop.call_at(due, self._check)

    def _check(self) -> None:
        self._timer = None
        self._due = math.inf
        loop = asyncio.get_running_loop()
        now = loop.time()
        next_due = math.inf
        for connection in list(self._waiting):
            due = connection.read_due
            if due <= now:
                self._waiting.discard(connection)
                connection.read_timed_out()
            elif due < next_due:
                next_due = due
        if next_due < math.inf:
            self._schedule(loop, next_due)


T = TypeVar("T")


def clock_of(loop: asyncio.AbstractEventLoop) -> Callable[[], float]:
    """``loop.time``, or the ``time.monotonic`` it returns when it is asyncio's own (one
    Python call less each time: the transport reads the clock several times a request)."""
    if type(loop).time is asyncio.BaseEventLoop.time:
        return time.monotonic
    return loop.time


async def wait_until(future: asyncio.Future[Any], timeout: float | None) -> bool:
    """Wait until ``future`` is done, for ``timeout`` seconds at most: whether it is done.

    Unlike ``asyncio.wait_for`` (Python 3.10 and 3.11), a cancel of the caller always raises
    ``CancelledError`` here, even when ``future`` completes at the same moment.
    """
    if future.done():
        return True
    done, _ = await asyncio.wait({future}, timeout=timeout)
    return bool(done)


async def _race(work: Awaitable[T], timeout: float | None, undo: Callable[[T], object]) -> T:
    """``work`` in a task of its own, bounded by ``timeout`` (``TimeoutError``).

    If the caller is cancelled, or the time runs out, ``work`` is cancelled, and a result it
    reached all the same is handed to ``undo`` (a connection made is closed): a cancel that
    returned ``True`` never lets the request go out.
    """
    task = asyncio.ensure_future(work)
    try:
        finished = await wait_until(task, timeout)
    except BaseException:
        _abandon(task, undo)
        raise
    if not finished:
        _abandon(task, undo)
        raise TimeoutError
    return task.result()


def _abandon(task: asyncio.Future[T], undo: Callable[[T], object]) -> None:
    if not task.done():
        task.cancel()
        task.add_done_callback(lambda done: _abandon(done, undo))
    elif not task.cancelled() and task.exception() is None:
        undo(task.result())


class AsyncHTTP11Transport(httpx.AsyncBaseTransport):
    """An ``httpx`` async transport speaking HTTP/1.1 over asyncio connections, TLS on ``https``.

    Each event loop has its own pool of connections, within httpx's default limits; when a
    loop run by ``asyncio.run`` ends, its connections are closed while it still runs (no file
    descriptor or ``ResourceWarning`` is left behind). ``ssl_context`` is called on the first
    ``https`` connection.
    """

    def __init__(self, ssl_context: Callable[[], ssl.SSLContext]) -> None:
        self._ssl_context = ssl_context
        self._pools: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, ConnectionPool[_Connection]
        ] = weakref.WeakKeyDictionary()
        self._closers: weakref.WeakKeyDictionary[
            asyncio.AbstractEventLoop, AsyncGenerator[None, None]
        ] = weakref.WeakKeyDictionary()
        self._watches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _ReadWatch] = (
            weakref.WeakKeyDictionary()
        )
        self._closed = False
        self._last: (
            tuple[
                weakref.ref[asyncio.AbstractEventLoop],
                ConnectionPool[_Connection],
                Callable[[], float],
            ]
            | None
        ) = None
        """The loop of the last request, its pool and clock (most requests come from one)."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` on a pooled or new connection; its response, body fully received.

        A kept-alive connection that the server closed while idle is replaced, and an
        idempotent request sent again on a fresh one. Socket failures raise httpx's
        exceptions (``ConnectError``, ``ReadTimeout`` ...).
        """
        return await self.send_on(asyncio.get_running_loop(), request)

    async def send_on(
        self, loop: asyncio.AbstractEventLoop, request: httpx.Request
    ) -> httpx.Response:
        """:meth:`handle_async_request` in ``loop``, the running loop (known to the caller)."""
        started = time.perf_counter()
        out = outgoing(request)
        last = self._last
        if last is not None and last[0]() is loop:
            pool, clock = last[1], last[2]
        else:
            pool = self._pools.get(loop) or await self._pool(loop)
            clock = clock_of(loop)
            self._last = (weakref.ref(loop), pool, clock)
        context = self._ssl_context() if out.origin.scheme == "https" else None
        while True:
            # the common case (an idle connection, or room for a new one) without a coroutine
            connection, reserved = pool.checkout(out.origin, clock(), out.idempotent)
            if connection is None and not reserved:
                connection = await self._wait_for_slot(pool, loop, out, request)
            reused = connection is not None
            if connection is None:
                try:
                    connection = await self._connect(
                        loop, out.origin, out.connect_timeout, request, context
                    )
                except BaseException:
                    pool.drop(None)
                    raise
            try:
                parser = await connection.exchange(request, out)
            except StaleConnection:
                pool.drop(connection)
                retry_on_fresh_connection(request, reused, out.idempotent)
                continue
            except BaseException:  # an error, or cancelled mid-request: state unknown
                pool.drop(connection)
                raise
            connection.max_idle = idle_allowance(parser.keep_alive_timeout)
            reusable = parser.keep_alive and not connection.closed
            pool.checkin(out.origin, connection, clock(), reusable)
            return build_response(parser, request, started)

    async def _pool(self, loop: asyncio.AbstractEventLoop) -> ConnectionPool[_Connection]:
        """The pool of ``loop``, made with a closer that runs when the loop shuts down."""
        pool = self._pools.get(loop)
        if pool is None:
            if self._closed:
                raise RuntimeError("the HTTP transport is closed")
            pool = self._pools[loop] = ConnectionPool()
            self._watches[loop] = _ReadWatch()
            closer = self._closers[loop] = _close_at_shutdown(pool)
            await closer.__anext__()  # suspended in its try: finalised by shutdown_asyncgens
        return pool

    @staticmethod
    async def _wait_for_slot(
        pool: ConnectionPool[_Connection],
        loop: asyncio.AbstractEventLoop,
        out: Outgoing,
        request: httpx.Request,
    ) -> _Connection | None:
        """Wait until the full pool frees a connection (returned) or a slot (``None``)."""
        deadline = None if out.pool_timeout is None else loop.time() + out.pool_timeout
        while True:
            freed: asyncio.Future[None] = loop.create_future()

            def wake(freed: asyncio.Future[None] = freed) -> None:
                if not freed.done():
                    freed.set_result(None)

            connection, reserved = pool.checkout(out.origin, loop.time(), out.idempotent, wake)
            if connection is not None or reserved:
                return connection
            left = None if deadline is None else max(deadline - loop.time(), 0.0)
            try:
                woken = await wait_until(freed, left)
            except BaseException:
                pool.cancel_wait(wake)
                raise
            if not woken:
                pool.cancel_wait(wake)
                raise httpx.PoolTimeout("no connection came free in time", request=request)

    async def _connect(
        self,
        loop: asyncio.AbstractEventLoop,
        origin: Origin,
        connect_timeout: float | None,
        request: httpx.Request,
        context: ssl.SSLContext | None,
    ) -> _Connection:
        connection = _Connection(loop, self._watches[loop])
        tls: dict[str, Any] = {}
        if context is not None:
            tls = {"ssl": context, "server_hostname": origin.host}
        work = loop.create_connection(
            lambda: connection,
            origin.host,
            origin.port,
            happy_eyeballs_delay=HAPPY_EYEBALLS_DELAY,
            **tls,
        )
        try:
            await _race(work, connect_timeout, lambda made: made[0].abort())
        except TimeoutError:
            raise failure(TimeoutError(), request, "connect") from None
        except OSError as exc:  # ssl.SSLError is an OSError
            raise failure(exc, request, "connect") from exc
        return connection

    async def aclose(self) -> None:
        """Close the idle connections; the transport sends nothing more."""
        self._closed = True
        for pool in list(self._pools.values()):
            pool.close()


async def _close_at_shutdown(pool: ConnectionPool[_Connection]) -> AsyncGenerator[None, None]:
    """Closes ``pool`` when its loop's async generators are finalised (``asyncio.run`` does it
    before closing the loop), so that its connections end while the loop can still run."""
    try:
        yield
        yield  # never resumed: only finalised
    finally:
        pool.close()
