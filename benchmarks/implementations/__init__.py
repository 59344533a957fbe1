"""The clients compared, each behind the same small interface so every workload has one shape.

- ``httpx``: bare ``httpx`` plus ``json.loads`` (the baseline; dicts, no validation);
- ``asana_typed``: this SDK, models included (``Client`` and ``AsyncClient``);
- ``asana``: Asana's official client (v5, urllib3, dicts), when it is installed;
- ``aiohttp``: ``aiohttp`` plus ``json.loads`` (asyncio only), the asyncio peer, when installed;
- ``asana_typed dicts``: this SDK with ``full_payload=True`` (dicts, as the peers return): what
  the SDK costs apart from its models, on (a) and (h);
- ``asyncio floor`` and ``asyncio floor models``: no client, an ``asyncio.Protocol`` with
  httptools and ``json.loads`` (or the SDK's validation into a ``Task``), on (h): what the
  event loop, the sockets and the parsing cost any asyncio client.

Each module imports its library at the top and exposes ``IMPLEMENTATION``; :func:`load` imports
one by name, so a workload process pays for the library it measures and no other.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "ASYNC_READ_LIMIT",
    "NAMES",
    "AsyncApi",
    "Implementation",
    "NoSync",
    "SyncApi",
    "load",
]

#: Implementations by name, in table order; the first is the baseline.
NAMES = (
    "httpx",
    "asana_typed",
    "asana",
    "aiohttp",
    "asana_typed dicts",
    "asyncio floor",
    "asyncio floor models",
)

#: Reads in flight at once for the async clients: Asana's limit, ``AsyncClient``'s default.
ASYNC_READ_LIMIT = 50

_MODULES = {
    "httpx": "implementations.bare_httpx",
    "asana_typed": "implementations.sdk",
    "asana": "implementations.official",
    "aiohttp": "implementations.aiohttp_json",
    "asana_typed dicts": "implementations.sdk_dicts",
    "asyncio floor": "implementations.asyncio_floor",
    "asyncio floor models": "implementations.asyncio_floor:IMPLEMENTATION_MODELS",
}


class SyncApi(Protocol):
    """A blocking client pointed at the loopback server."""

    def get_task(self, task_gid: str) -> object:
        """The full task (a model or a dict)."""
        ...

    def users_me(self) -> object:
        """The authenticated user."""
        ...

    def project_tasks(self, project_gid: str) -> Iterator[object]:
        """Every compact task of the project, fetched lazily in pages of 100."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class AsyncApi(Protocol):
    """An asyncio client pointed at the loopback server, at Asana's read concurrency."""

    async def get_task(self, task_gid: str) -> object:
        """The full task (a model or a dict)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class NoSync:
    """The sync side of an implementation that is asyncio only: never made."""

    def __init__(self, base_url: str) -> None:
        raise RuntimeError("this implementation has no blocking client")

    def get_task(self, task_gid: str) -> object:  # pragma: no cover - never made
        raise NotImplementedError

    def users_me(self) -> object:  # pragma: no cover - never made
        raise NotImplementedError

    def project_tasks(self, project_gid: str) -> Iterator[object]:  # pragma: no cover
        raise NotImplementedError

    def close(self) -> None:  # pragma: no cover - never made
        raise NotImplementedError


@dataclass(frozen=True)
class Implementation:
    """How to build one client library's sync (and, if it has one, asyncio) client."""

    name: str
    sync: Callable[[str], SyncApi]
    asynchronous: Callable[[str], AsyncApi] | None = None


def load(name: str) -> Implementation:
    """Import the implementation ``name`` (and with it, its library)."""
    module, _, attribute = _MODULES[name].partition(":")
    implementation: Implementation = getattr(
        importlib.import_module(module), attribute or "IMPLEMENTATION"
    )
    return implementation
