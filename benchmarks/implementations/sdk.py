"""This SDK: ``asana_typed.Client`` and ``AsyncClient`` at their defaults, models included."""

from __future__ import annotations

from collections.abc import Iterator

from asana_typed import AsyncClient, Client, RequestOptions
from implementations import Implementation

__all__ = ["IMPLEMENTATION", "SdkAsync", "SdkSync"]

_PAGES_OF_100 = RequestOptions(page_size=100)


class SdkSync:
    """``Client.access_token``; the calls return ``Task`` and ``User`` models."""

    def __init__(self, base_url: str) -> None:
        self._client = Client.access_token("x")
        self._client.options.base_url = base_url

    def get_task(self, task_gid: str) -> object:
        return self._client.tasks.get_task(task_gid)

    def users_me(self) -> object:
        return self._client.users.me()

    def project_tasks(self, project_gid: str) -> Iterator[object]:
        return iter(self._client.tasks.get_tasks_for_project(project_gid, options=_PAGES_OF_100))

    def close(self) -> None:
        self._client.close()


class SdkAsync:
    """``AsyncClient.access_token`` at its default concurrency limits (50 reads)."""

    def __init__(self, base_url: str) -> None:
        self._client = AsyncClient.access_token("x")
        self._client.options.base_url = base_url

    async def get_task(self, task_gid: str) -> object:
        return await self._client.tasks.get_task(task_gid)

    async def aclose(self) -> None:
        await self._client.aclose()


IMPLEMENTATION = Implementation("asana_typed", sync=SdkSync, asynchronous=SdkAsync)
