"""The asyncio floor: no HTTP client at all, to show what any asyncio client must spend.

One ``asyncio.Protocol`` per connection, a request head written as prepared bytes, the answer
parsed by httptools (llhttp, the parser under the SDK's transports), then ``json.loads``
(``asyncio floor``) or the SDK's own validation of the answer into a ``Task``
(``asyncio floor models``). No retries, options, pooling limits, timeouts or error mapping:
not a client anyone should use, but a measure of the event loop, the sockets and the parsing,
so that a table shows how much of each client's cost is its own machinery (an ``info`` row).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httptools

from implementations import Implementation, NoSync

__all__ = ["IMPLEMENTATION", "IMPLEMENTATION_MODELS"]


class _Connection(asyncio.Protocol):
    """One kept-alive connection carrying one request at a time."""

    def __init__(self) -> None:
        self._transport: Any = None
        self._parser: Any = None
        self._body: list[bytes] = []
        self._answer: asyncio.Future[bytes] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport

    def data_received(self, data: bytes) -> None:
        self._parser.feed_data(data)

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        assert self._answer is not None
        self._answer.set_result(b"".join(self._body))

    async def exchange(self, head: bytes) -> bytes:
        self._body = []
        self._parser = httptools.HttpResponseParser(self)
        self._answer = asyncio.get_running_loop().create_future()
        self._transport.write(head)
        body = await self._answer
        if self._parser.get_status_code() != 200:
            raise RuntimeError(f"answered {self._parser.get_status_code()}")
        return body

    def close(self) -> None:
        self._transport.close()


class FloorAsync:
    """Idle connections reused newest first; a new one when none is idle."""

    def __init__(self, base_url: str) -> None:
        self.decode: Callable[[bytes], object] = lambda body: json.loads(body)["data"]
        url = urlsplit(base_url)
        self._host, self._port = url.hostname or "127.0.0.1", url.port or 80
        self._prefix = url.path
        self._headers = (
            f"Host: {url.netloc}\r\nAuthorization: Bearer x\r\nAccept: application/json\r\n\r\n"
        )
        self._idle: list[_Connection] = []
        self._all: list[_Connection] = []

    async def get_task(self, task_gid: str) -> object:
        head = f"GET {self._prefix}/tasks/{task_gid} HTTP/1.1\r\n{self._headers}".encode()
        if self._idle:
            connection = self._idle.pop()
        else:
            loop = asyncio.get_running_loop()
            _, connection = await loop.create_connection(_Connection, self._host, self._port)
            self._all.append(connection)
        body = await connection.exchange(head)
        self._idle.append(connection)
        return self.decode(body)

    async def aclose(self) -> None:
        for connection in self._all:
            connection.close()


class FloorModelsAsync(FloorAsync):
    """The floor, each answer validated into a ``Task`` as ``AsyncClient`` validates it."""

    def __init__(self, base_url: str) -> None:
        super().__init__(base_url)
        from asana_typed._core import _adapter
        from asana_typed.models import Task

        validate = _adapter("one", Task).validate_json
        self.decode = lambda body: validate(body).data


IMPLEMENTATION = Implementation("asyncio floor", sync=NoSync, asynchronous=FloorAsync)
IMPLEMENTATION_MODELS = Implementation(
    "asyncio floor models", sync=NoSync, asynchronous=FloorModelsAsync
)
