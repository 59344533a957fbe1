"""Asana's official client (``pip install asana``, v5: urllib3, returns dicts).

It has no asyncio client (only a thread pool behind ``async_req=True``), so it takes no part in
the concurrent workload. Imported through :mod:`importlib` because it ships no type hints.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

from implementations import Implementation

__all__ = ["IMPLEMENTATION", "OfficialSync"]

asana: Any = importlib.import_module("asana")


class OfficialSync:
    """``asana.ApiClient`` with ``TasksApi`` and ``UsersApi``."""

    def __init__(self, base_url: str) -> None:
        configuration = asana.Configuration()
        configuration.access_token = "x"
        configuration.host = base_url
        self._api_client = asana.ApiClient(configuration)
        self._tasks = asana.TasksApi(self._api_client)
        self._users = asana.UsersApi(self._api_client)

    def get_task(self, task_gid: str) -> object:
        task: object = self._tasks.get_task(task_gid, {})
        return task

    def users_me(self) -> object:
        user: object = self._users.get_user("me", {})
        return user

    def project_tasks(self, project_gid: str) -> Iterator[object]:
        items: Iterator[object] = self._tasks.get_tasks_for_project(project_gid, {"limit": 100})
        return items

    def close(self) -> None:
        self._api_client.close()


IMPLEMENTATION = Implementation("asana", sync=OfficialSync)
