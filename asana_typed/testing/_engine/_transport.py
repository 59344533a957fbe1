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
import dataclasses
import time

import httpx

from ._app import FakeApp, Outcome
from ._concurrency import Slot

__all__ = ["FakeTransport"]

_sleep = time.sleep
_async_sleep = asyncio.sleep


class FakeTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers httpx requests from a :class:`FakeApp` without any network."""

    _app: FakeApp

    def __init__(self, app: FakeApp) -> None:
        self._app = app

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` (for ``httpx.Client``); injected delays block this thread.

        A dropped request raises ``httpx.ConnectError`` (``"before"``) or
        ``httpx.RemoteProtocolError`` (``"after"``); a delay longer than the read timeout
        raises ``httpx.ReadTimeout`` once the timeout has passed.
        """
        body = request.read()
        slot = self._app.limiter.admit(request.method, request.headers)
        try:
            outcome = self._handle(request, body, slot)
            wait, timed_out = _wait_for(outcome, request)
            if wait:
                _sleep(wait)
        finally:
            self._app.limiter.release(slot)
        return _finish(outcome, request, timed_out)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` (for ``httpx.AsyncClient``); injected delays are awaited.

        Failures are raised as by :meth:`handle_request`.
        """
        body = await request.aread()
        slot = self._app.limiter.admit(request.method, request.headers)
        try:
            outcome = self._handle(request, body, slot)
            wait, timed_out = _wait_for(outcome, request)
            if wait:
                await _async_sleep(wait)
        finally:
            self._app.limiter.release(slot)
        return _finish(outcome, request, timed_out)

    def _handle(self, request: httpx.Request, body: bytes, slot: Slot | None) -> Outcome:
        """The app's outcome, with the configured latency added to admitted requests."""
        outcome = self._app.handle(
            request.method, request.url, request.headers, body, over_limit=slot is None
        )
        latency = self._app.limiter.latency if slot is not None else 0.0
        return dataclasses.replace(outcome, delay=outcome.delay + latency) if latency else outcome


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
