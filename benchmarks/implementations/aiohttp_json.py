"""The asyncio peer: ``aiohttp`` + ``json.loads``, returning the ``data`` dict (no validation).

aiohttp has no blocking client, so it takes part in the asyncio workloads only. Imported
through :mod:`importlib`: it is an optional benchmark dependency (the ``bench`` extra), which
the type check of the repository does not install.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from typing import Any

from implementations import ASYNC_READ_LIMIT, Implementation, NoSync

__all__ = ["IMPLEMENTATION", "AiohttpAsync"]

aiohttp: Any = importlib.import_module("aiohttp")
_HEADERS = {"Authorization": "Bearer x", "Accept": "application/json"}


class AiohttpAsync:
    """``aiohttp.ClientSession.get`` + ``json.loads`` behind a semaphore of Asana's read limit."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self._session: Any = None
        self._reads = asyncio.Semaphore(ASYNC_READ_LIMIT)

    async def get_task(self, task_gid: str) -> object:
        session = self._session
        if session is None:  # made inside the running loop, as aiohttp wants
            session = self._session = aiohttp.ClientSession(headers=_HEADERS)
        async with self._reads, session.get(f"{self._base_url}/tasks/{task_gid}") as response:
            if response.status != 200:
                raise RuntimeError(f"{response.url} answered {response.status}")
            return json.loads(await response.read())["data"]

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()


IMPLEMENTATION = Implementation("aiohttp", sync=NoSync, asynchronous=AiohttpAsync)
