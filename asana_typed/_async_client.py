"""The asyncio client: drives the core's flows with ``httpx.AsyncClient`` and ``asyncio.sleep``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from types import TracebackType
from typing import TypeVar

import httpx
from typing_extensions import Self

from ._base_client import BaseClient
from ._batch import BatchAction, BatchResult, spread_async
from ._bulk import BulkResult, bulk_async
from ._concurrency import AsyncGate
from ._core import Flow, R, Reply, Sleep
from ._endpoints._misuse import guard_resource_properties
from ._http._default_clients import add_client_headers, default_async_http_client, untouched
from ._oauth import AsyncOAuthSession, session_of
from ._pages._iterators import AsyncItemIterator
from .resources import AsyncResourceDirectory

__all__ = ["AsyncClient"]

A = TypeVar("A")
T = TypeVar("T")


class AsyncClient(BaseClient[httpx.AsyncClient], AsyncResourceDirectory):
    """An asyncio Asana client: the same resources and options as :class:`Client`, awaited.

    >>> async with AsyncClient.access_token("...") as client:   # doctest: +SKIP
    ...     me = await client.users.me()
    """

    _gate: AsyncGate
    _gate_class = AsyncGate
    _iterator_class = AsyncItemIterator
    _http_factory = staticmethod(default_async_http_client)
    _http_class = httpx.AsyncClient

    @property
    def session(self) -> AsyncOAuthSession:
        """The OAuth session of a client made with :meth:`oauth`: authorize, fetch, revoke.

        Reading it on a client made otherwise raises :class:`AttributeError`.
        """
        return session_of(self, AsyncOAuthSession)

    async def _drive(self, flow: Flow[R]) -> R:
        """Carry out a flow's commands until it returns a response (or raises)."""
        http = self.http_client
        loop = asyncio.get_running_loop()
        reply: Reply = None
        while True:
            try:
                command = flow.send(reply)
            except StopIteration as done:
                result: R = done.value
                return result
            if isinstance(command, Sleep):
                await asyncio.sleep(command.seconds)
                reply = None
                continue
            lane = self._gate.lane(loop, command.lane, command.limit)
            if not lane.take():
                await lane.wait(loop)
            try:
                reply = await self._send(http, command.request, loop)
            finally:
                lane.give()

    async def _send(
        self, http: httpx.AsyncClient, request: httpx.Request, loop: asyncio.AbstractEventLoop
    ) -> Reply:
        """Send one request and read its answer; a transport error is returned, not raised.

        Goes straight to the transport when :meth:`Client._send` would (see there).
        """
        try:
            direct = self._direct
            if direct is not None and untouched(http, self._headers_as_made):
                response: httpx.Response = await direct.send_on(loop, request)
                if not response.is_closed:  # an encoded body, decoded as it is read
                    try:
                        await response.aread()
                    finally:
                        await response.aclose()
                return response
            add_client_headers(http, request)
            return await http.send(request, auth=self._send_auth or httpx.USE_CLIENT_DEFAULT)
        except httpx.TransportError as exc:
            return exc

    def bulk(
        self,
        call: Callable[[A], Awaitable[T]],
        items: Iterable[A],
        *,
        window: int = 100,
    ) -> AsyncIterator[BulkResult[A, T]]:
        """Run ``call(item)`` for many items concurrently, yielding results in input order.

        Errors are reported per item (``result.error``) instead of abandoning the rest; the
        client's ``max_concurrent_reads``/``max_concurrent_writes`` keep the requests under
        Asana's limits, and ``window`` bounds how many calls are started ahead::

            async for result in client.bulk(client.tasks.get_task, gids):
                task = result.unwrap()
        """
        return bulk_async(call, items, window)

    def batch(
        self, actions: Iterable[BatchAction[T]], *, window: int = 20
    ) -> AsyncIterator[BatchResult[T]]:
        """Run actions through Asana's batch API, one result per action, in input order.

        As :meth:`Client.batch`, with the results coming as an ``async for`` reaches them and
        the ``POST /batch`` requests sent concurrently once it starts: the client's
        ``max_concurrent_writes`` bounds how many are in flight, and ``window`` how many are
        started ahead of the one being reported::

            async for result in client.batch([client.actions.tasks.get_task(gid) for gid in gids]):
                task = result.unwrap()
        """
        chunks = self._batch_chunks(actions)
        done = bulk_async(lambda chunk: self._drive(self._batch_flow(chunk)), chunks, window)
        return spread_async(done)

    async def aclose(self) -> None:
        """Close the HTTP client if this client created it (never one passed in)."""
        if self._owns_http and self._http is not None:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


guard_resource_properties(AsyncResourceDirectory, "AsyncClient")
