"""The fake as an in-process httpx transport, for both sync and async clients.

``httpx.Client(transport=fake.transport)`` and ``httpx.AsyncClient(transport=fake.transport)``
both work. Injected delays wait with :func:`asyncio.sleep` on the async path, so other tasks
keep running; when a delay is longer than the request's read timeout, the transport waits for
the timeout and raises :class:`httpx.ReadTimeout`, as a real connection would.

Waits use references to ``time.sleep`` and ``asyncio.sleep`` taken at import, so a test that
patches those functions to skip a client's retry back-off does not also skip the fake's delays.
"""

from __future__ import annotations

import asyncio
import time

import httpx

from ._app import FakeApp, Outcome

__all__ = ["FakeTransport"]

_sleep = time.sleep
_async_sleep = asyncio.sleep


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers httpx requests from a :class:`FakeApp` without any network."""

    def __init__(self, app: FakeApp) -> None:
        self._app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        outcome = self._app.handle(request.method, request.url, request.headers, request.read())
        wait, timed_out = _wait_for(outcome, request)
        if wait:
            _sleep(wait)
        return _finish(outcome, request, timed_out)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        outcome = self._app.handle(request.method, request.url, request.headers, body)
        wait, timed_out = _wait_for(outcome, request)
        if wait:
            await _async_sleep(wait)
        return _finish(outcome, request, timed_out)


def _wait_for(outcome: Outcome, request: httpx.Request) -> tuple[float, bool]:
    """How long to wait before answering, and whether the client gives up first."""
    if outcome.drop == "before" or outcome.delay <= 0:
        return 0.0, False
    timeouts = request.extensions.get("timeout", {})
    read_timeout = timeouts.get("read") if isinstance(timeouts, dict) else None
    if isinstance(read_timeout, (int, float)) and read_timeout < outcome.delay:
        return float(read_timeout), True
    return outcome.delay, False


def _finish(outcome: Outcome, request: httpx.Request, timed_out: bool) -> httpx.Response:
    if outcome.drop == "before":
        raise httpx.ConnectError("FakeAsana: connection refused (dropped)", request=request)
    if timed_out:
        raise httpx.ReadTimeout("FakeAsana: answer slower than the read timeout", request=request)
    if outcome.drop == "after":
        raise httpx.RemoteProtocolError(
            "FakeAsana: server disconnected without sending a response", request=request
        )
    return httpx.Response(
        outcome.status, headers=outcome.headers, content=outcome.body, request=request
    )
