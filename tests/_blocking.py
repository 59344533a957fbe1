"""Run an AsyncClient through the sync Client's calling conventions.

Shared behaviour tests take a ``client`` fixture parametrized over both clients; for the async
one they get a :class:`BlockingAsyncClient`, which runs each awaited call (and each step of an
``async for``) to completion on a private event loop. The tests are written once; the
AsyncClient code under test is the real one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

from asana_typed import AsyncClient
from asana_typed._endpoints import Resource
from asana_typed._pagination import AsyncItemIterator


class BlockingAsyncClient:
    """Attribute access passes through to the AsyncClient; resource calls are run to the end."""

    def __init__(self, client: AsyncClient, loop: asyncio.AbstractEventLoop) -> None:
        object.__setattr__(self, "_client", client)
        object.__setattr__(self, "_loop", loop)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._client, name)
        if isinstance(value, Resource):
            return _BlockingResource(value, self._loop)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._client, name, value)

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())

    def batch(self, actions: Iterable[Any]) -> Iterator[Any]:
        return _iterate(self._client.batch(actions), self._loop)


class _BlockingResource:
    def __init__(self, resource: Resource, loop: asyncio.AbstractEventLoop) -> None:
        self._resource = resource
        self._loop = loop

    def __getattr__(self, name: str) -> Callable[..., Any]:
        bound = getattr(self._resource, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            result = bound(*args, **kwargs)
            if isinstance(result, AsyncItemIterator):
                return _iterate(result, self._loop)
            return self._loop.run_until_complete(result)

        return call


class _iterate(Iterator[Any]):
    """``next()`` runs one ``__anext__`` to the end; an error leaves the iterator usable."""

    def __init__(self, items: AsyncIterator[Any], loop: asyncio.AbstractEventLoop) -> None:
        self._items = items
        self._loop = loop

    def __next__(self) -> Any:
        try:
            return self._loop.run_until_complete(self._items.__anext__())
        except StopAsyncIteration:
            raise StopIteration from None
