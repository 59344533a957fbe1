"""This SDK returning the JSON as dicts (``full_payload=True``): the same output as the peers.

Not a way anyone is advised to call the SDK; it separates what the transport and the call path
cost from what the models cost, on workloads (a) and (h).
"""

from __future__ import annotations

from implementations import Implementation
from implementations.sdk import SdkAsync, SdkSync

__all__ = ["IMPLEMENTATION"]


class SdkSyncDicts(SdkSync):
    """``Client.access_token``; ``get_task`` returns the ``data`` dict, unvalidated."""

    def get_task(self, task_gid: str) -> object:
        return self._client.tasks.get_task(task_gid, full_payload=True)["data"]


class SdkAsyncDicts(SdkAsync):
    """``AsyncClient.access_token``; ``get_task`` returns the ``data`` dict, unvalidated."""

    async def get_task(self, task_gid: str) -> object:
        return (await self._client.tasks.get_task(task_gid, full_payload=True))["data"]


IMPLEMENTATION = Implementation("asana_typed dicts", sync=SdkSyncDicts, asynchronous=SdkAsyncDicts)
