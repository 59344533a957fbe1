"""The synchronous client: drives the core's flows with ``httpx.Client`` and ``time.sleep``."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TypeVar

import httpx
from typing_extensions import Self

from ._base_client import BaseClient
from ._batch import BatchAction, BatchResult, spread
from ._bulk import BulkResult, bulk_sync
from ._concurrency import ThreadGate
from ._core import Flow, R, Reply, Sleep
from ._misuse import guard_resource_properties
from ._oauth import OAuthSession, session_of
from ._pagination import ItemIterator
from ._transport import add_client_headers, default_http_client, untouched
from .resources import ResourceDirectory

__all__ = ["Client"]

A = TypeVar("A")
T = TypeVar("T")


class Client(BaseClient[httpx.Client], ResourceDirectory):
    """A synchronous Asana client.

    >>> client = Client.access_token("...")            # doctest: +SKIP
    >>> me = client.users.me()                         # doctest: +SKIP
    """

    _gate: ThreadGate
    _gate_class = ThreadGate
    _iterator_class = ItemIterator
    _http_factory = staticmethod(default_http_client)
    _http_class = httpx.Client

    @property
    def session(self) -> OAuthSession:
        """The OAuth session of a client made with :meth:`oauth`: authorize, fetch, revoke.

        Reading it on a client made otherwise raises :class:`AttributeError`.
        """
        return session_of(self, OAuthSession)

    def _drive(self, flow: Flow[R]) -> R:
        """Carry out a flow's commands until it returns a response (or raises)."""
        http = self.http_client
        reply: Reply = None
        while True:
            try:
                command = flow.send(reply)
            except StopIteration as done:
                result: R = done.value
                return result
            if isinstance(command, Sleep):
                time.sleep(command.seconds)
                reply = None
                continue
            with self._gate.lane(command.lane, command.limit):
                reply = self._send(http, command.request)

    def _send(self, http: httpx.Client, request: httpx.Request) -> Reply:
        """Send one request and read its answer; a transport error is returned, not raised.

        On an HTTP client this SDK made (no proxies, hooks or cookies of the user's to honour)
        with a fixed credential, the request goes straight to the transport, skipping
        ``httpx.Client.send``'s auth, redirect and cookie machinery.
        """
        try:
            direct = self._direct
            if direct is not None and untouched(http, self._headers_as_made):
                response: httpx.Response = direct.handle_request(request)
                try:
                    response.read()
                finally:
                    response.close()
                return response
            add_client_headers(http, request)
            return http.send(request, auth=self._send_auth or httpx.USE_CLIENT_DEFAULT)
        except httpx.TransportError as exc:
            return exc

    def bulk(self, call: Callable[[A], T], items: Iterable[A]) -> Iterator[BulkResult[A, T]]:
        """Call ``call(item)`` for each item in turn, one result per item, errors kept.

        The same interface as :meth:`AsyncClient.bulk`, without the concurrency.
        """
        return bulk_sync(call, items)

    def batch(self, actions: Iterable[BatchAction[T]]) -> list[BatchResult[T]]:
        """Run actions through Asana's batch API: one result per action, in input order.

        ``actions`` come from ``client.actions.<resource>.<operation>(...)``; each is checked
        here, before any request, then they go ten per ``POST /batch``, one request after the
        other, all of them before this returns (a batch that writes is never left unsent). Each
        result holds what the plain call returns (``result.value``, or ``result.unwrap()``) or
        the error it raises (``result.error``)::

            for result in client.batch(client.actions.tasks.get_task(gid) for gid in gids):
                task = result.unwrap()
        """
        chunks = self._batch_chunks(actions)
        done = bulk_sync(lambda chunk: self._drive(self._batch_flow(chunk)), chunks)
        return [result for requested in done for result in spread(requested)]

    def close(self) -> None:
        """Close the HTTP client if this client created it (never one passed in)."""
        if self._owns_http and self._http is not None:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


guard_resource_properties(ResourceDirectory, "Client")
