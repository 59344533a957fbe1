"""The HTTP clients the SDK makes when the user brings none.

Creating an ``httpx.Client()`` loads the CA bundle into a new SSL context (tens of
milliseconds). Here the context is made once per process, on the first ``https`` request, and
shared by every client; a client that only talks to ``http://127.0.0.1`` (a test server) never
loads it. The asyncio client spreads its connections over many small pools
(:class:`ShardedAsyncTransport`), which keeps httpcore's per-request bookkeeping small when
dozens of requests are in flight.
"""

from __future__ import annotations

import ssl
import threading
import urllib.request
from collections.abc import Callable
from typing import Any

import httpx

__all__ = [
    "ShardedAsyncTransport",
    "default_async_http_client",
    "default_http_client",
    "shared_ssl_context",
]

_context: ssl.SSLContext | None = None
_context_lock = threading.Lock()


def shared_ssl_context() -> ssl.SSLContext:
    """The verifying SSL context every SDK-made client uses, created on first call."""
    global _context
    if _context is None:
        with _context_lock:
            if _context is None:
                _context = httpx.create_ssl_context()
    return _context


class _LazyTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A transport made on its first request (sync or async, by the factory given)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._inner: Any = None
        self._lock = threading.Lock()

    def _transport(self) -> Any:
        if self._inner is None:
            with self._lock:
                if self._inner is None:
                    self._inner = self._make()
        return self._inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response: httpx.Response = self._transport().handle_request(request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response: httpx.Response = await self._transport().handle_async_request(request)
        return response

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()

    async def aclose(self) -> None:
        if self._inner is not None:
            await self._inner.aclose()


def _environment_proxies() -> bool:
    """Whether proxy variables (``HTTPS_PROXY`` ...) are set; httpx then routes through them."""
    return bool(urllib.request.getproxies())


def default_http_client() -> httpx.Client:
    """An ``httpx.Client`` whose TLS setup happens on its first ``https`` request.

    With proxies configured in the environment, httpx's own setup (which honours them) is used,
    still with the one shared SSL context.
    """
    if _environment_proxies():
        return httpx.Client(verify=shared_ssl_context())
    return httpx.Client(
        transport=_LazyTransport(lambda: httpx.HTTPTransport(verify=False)),
        mounts={
            "https://": _LazyTransport(lambda: httpx.HTTPTransport(verify=shared_ssl_context()))
        },
    )


class ShardedAsyncTransport(httpx.AsyncBaseTransport):
    """Many small connection pools instead of one large one, for many concurrent requests.

    httpcore's asyncio pool revisits every connection each time it hands one out, so with
    dozens of requests in flight its bookkeeping grows with the square of the connections and
    the client, not the network, becomes the bottleneck. Spreading requests over ``shards``
    pools of ``connections`` each (a request goes to the least busy pool) keeps each pool
    small: 1,000 concurrent reads ran about three times faster in ``benchmarks/`` (g).
    """

    def __init__(
        self,
        make: Callable[[httpx.Limits], httpx.AsyncBaseTransport],
        shards: int,
        connections: int,
    ) -> None:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self._pools = [make(limits) for _ in range(shards)]
        self._busy = [0] * shards

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        busy = self._busy
        shard = busy.index(min(busy))
        busy[shard] += 1
        try:
            return await self._pools[shard].handle_async_request(request)
        finally:
            busy[shard] -= 1

    async def aclose(self) -> None:
        for pool in self._pools:
            await pool.aclose()


# 33 pools of 2 connections: room for Asana's 50 concurrent reads and 15 writes per token.
_SHARDS, _CONNECTIONS_PER_SHARD = 33, 2


def _sharded(verify: Callable[[], ssl.SSLContext | bool]) -> _LazyTransport:
    def make() -> ShardedAsyncTransport:
        context = verify()
        return ShardedAsyncTransport(
            lambda limits: httpx.AsyncHTTPTransport(verify=context, limits=limits),
            _SHARDS,
            _CONNECTIONS_PER_SHARD,
        )

    return _LazyTransport(make)


def default_async_http_client() -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` with sharded pools; TLS set up on its first ``https`` request."""
    if _environment_proxies():
        return httpx.AsyncClient(verify=shared_ssl_context())
    return httpx.AsyncClient(
        transport=_sharded(lambda: False),
        mounts={"https://": _sharded(shared_ssl_context)},
    )
