"""A cancel that returned ``True`` means the call ends with ``CancelledError`` and sends
nothing more: on every supported Python (3.10's and 3.11's ``asyncio.wait_for`` could hand
back a result after a successful cancel, and so a request went out).

Calls are cancelled after 0, 1, 2 ... turns of the event loop, which walks the cancel
through every await of a request's life: the concurrency gate, name resolution, connecting,
sending, waiting for the answer, and the retry waits.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from asana_typed import AsyncClient, RequestOptions
from asana_typed.models import Task

from ._raw_server import Peer, RawRequest, RawServer, json_response

CREATED = {"data": {"gid": "9", "name": "made"}}
TURNS = range(0, 40)


def _server(arrivals: list[float], delay: float) -> RawServer:
    def answer(peer: Peer, request: RawRequest) -> None:
        arrivals.append(time.monotonic())
        time.sleep(delay)
        peer.send(json_response(CREATED, status=201))

    return RawServer(answer)


@pytest.mark.parametrize("fresh_connection", [True, False], ids=["connecting", "kept-alive"])
def test_a_successful_cancel_ends_the_call_and_sends_nothing_after(fresh_connection: bool) -> None:
    arrivals: list[float] = []
    outcomes: list[tuple[int, bool, str]] = []
    with _server(arrivals, delay=0.05) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0", max_retries=3)

        async def run() -> None:
            client = AsyncClient.access_token("t", options=options)
            try:
                for turns in TURNS:
                    if fresh_connection:
                        await client.aclose()
                        client = AsyncClient.access_token("t", options=options)
                    call = asyncio.ensure_future(client.tasks.create_task({"name": "x"}))
                    for _ in range(turns):
                        await asyncio.sleep(0)
                    cancelled_at = time.monotonic()
                    cancelled = call.cancel()
                    try:
                        result = await call
                    except asyncio.CancelledError:
                        outcome = "cancelled"
                    else:
                        assert isinstance(result, Task)
                        outcome = "result"
                    outcomes.append((turns, cancelled, outcome))
                    await asyncio.sleep(0.1)  # anything still going out arrives meanwhile
                    late = [t for t in arrivals if t > cancelled_at + 0.02]
                    if cancelled:
                        assert late == [], f"a request arrived after a cancel at turn {turns}"
                    arrivals.clear()
            finally:
                await client.aclose()

        asyncio.run(run())
    wrong = [(t, o) for t, cancelled, o in outcomes if cancelled and o != "cancelled"]
    assert wrong == [], f"cancel() returned True, yet the call returned: {wrong}"
    assert any(cancelled for _, cancelled, _ in outcomes)


def test_a_cancelled_retry_wait_sends_no_retry() -> None:
    """A call waiting to retry after a 503 is cancelled: no retry is sent later."""
    lock = threading.Lock()
    count = [0]

    def answer(peer: Peer, request: RawRequest) -> None:
        with lock:
            count[0] += 1
        peer.send(json_response({"errors": [{"message": "busy"}]}, status=503))

    with RawServer(answer) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0", max_retries=5)

        async def run() -> None:
            async with AsyncClient.access_token("t", options=options) as client:
                call = asyncio.ensure_future(client.tasks.get_task("1"))
                while count[0] == 0:
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.05)  # now in the 1 s wait before the first retry
                assert call.cancel()
                with pytest.raises(asyncio.CancelledError):
                    await call
                await asyncio.sleep(1.5)

        asyncio.run(run())
    assert count[0] == 1
