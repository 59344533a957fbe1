"""The baseline: ``httpx`` and ``json.loads``, returning the ``data`` dict, nothing validated."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import httpx

from implementations import ASYNC_READ_LIMIT, Implementation

__all__ = ["IMPLEMENTATION", "BareAsync", "BareSync"]

_HEADERS = {"Authorization": "Bearer x", "Accept": "application/json"}
_PAGE_SIZE = "100"


def _data(response: httpx.Response) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.url} answered {response.status_code}")
    return json.loads(response.content)["data"]


class BareSync:
    """``httpx.Client.get`` + ``json.loads``."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.Client(base_url=base_url, headers=_HEADERS)

    def get_task(self, task_gid: str) -> object:
        return _data(self._http.get(f"/tasks/{task_gid}"))

    def users_me(self) -> object:
        return _data(self._http.get("/users/me"))

    def project_tasks(self, project_gid: str) -> Iterator[object]:
        params = {"limit": _PAGE_SIZE}
        while True:
            response = self._http.get(f"/projects/{project_gid}/tasks", params=params)
            if response.status_code != 200:
                raise RuntimeError(f"{response.request.url} answered {response.status_code}")
            page = json.loads(response.content)
            yield from page["data"]
            if page["next_page"] is None:
                return
            params = {"limit": _PAGE_SIZE, "offset": page["next_page"]["offset"]}

    def close(self) -> None:
        self._http.close()


class BareAsync:
    """``httpx.AsyncClient.get`` + ``json.loads`` behind a semaphore of Asana's read limit."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.AsyncClient(base_url=base_url, headers=_HEADERS)
        self._reads = asyncio.Semaphore(ASYNC_READ_LIMIT)

    async def get_task(self, task_gid: str) -> object:
        async with self._reads:
            return _data(await self._http.get(f"/tasks/{task_gid}"))

    async def aclose(self) -> None:
        await self._http.aclose()


IMPLEMENTATION = Implementation("httpx", sync=BareSync, asynchronous=BareAsync)
