"""AsyncClient specifics: concurrency within Asana's limits, bulk calls, clean cancellation.

The behaviour both clients share (options, pagination, retries, errors, resources) is tested
once, with the ``client`` fixture running every such test against both.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import (
    AsyncClient,
    BulkResult,
    Client,
    NotFoundError,
    RateLimitEnforcedError,
    RequestOptions,
)
from asana_typed._http._async_transport import AsyncHTTP11Transport
from asana_typed.models import Task
from asana_typed.testing import FakeAsana


@pytest.fixture
def limited_fake(fake: FakeAsana) -> FakeAsana:
    """A fake enforcing Asana's 50 reads / 15 writes, answering after 5 ms."""
    fake.limit_concurrency(reads=50, writes=15)
    fake.latency = 0.005
    return fake


@pytest.fixture
def task_gids(fake: FakeAsana) -> list[str]:
    project = fake.add_project(name="many")
    return [str(fake.add_task(name=f"t{n}", projects=[project["gid"]])["gid"]) for n in range(40)]


def _async_client(fake: FakeAsana, **options: Any) -> AsyncClient:
    http = httpx.AsyncClient(transport=fake.transport)
    return AsyncClient.access_token(
        fake.access_token, http_client=http, options=RequestOptions(**options)
    )


def test_1000_concurrent_reads_stay_under_the_limit(
    limited_fake: FakeAsana, task_gids: list[str]
) -> None:
    async def main() -> list[Task]:
        async with _async_client(limited_fake, max_retries=0) as client:
            gids = [task_gids[n % len(task_gids)] for n in range(1000)]
            return await asyncio.gather(*(client.tasks.get_task(gid) for gid in gids))

    tasks = asyncio.run(main())
    assert len(tasks) == 1000
    assert all(isinstance(t, Task) for t in tasks)
    assert limited_fake.refused_for_concurrency == 0
    assert limited_fake.peak_concurrency["read"] == 50


def test_without_the_client_limit_the_fake_answers_429(
    limited_fake: FakeAsana, task_gids: list[str]
) -> None:
    async def main() -> list[Task | BaseException]:
        async with _async_client(limited_fake, max_retries=0, max_concurrent_reads=80) as client:
            calls = (client.tasks.get_task(task_gids[n % 40]) for n in range(200))
            return await asyncio.gather(*calls, return_exceptions=True)

    results = asyncio.run(main())
    refused = [r for r in results if isinstance(r, RateLimitEnforcedError)]
    assert refused
    assert refused[0].retry_after == 1.0
    assert limited_fake.refused_for_concurrency == len(refused)


def test_calls_cancelled_in_flight_or_waiting_for_a_slot_leave_the_limit_whole(
    limited_fake: FakeAsana, task_gids: list[str]
) -> None:
    """A cancelled call gives back the slot it held and takes none it waited for: the calls
    after it still run two at a time, and none waits for a slot that is lost."""

    async def main() -> tuple[list[Task | BaseException], list[Task]]:
        async with _async_client(limited_fake, max_retries=0, max_concurrent_reads=2) as client:
            first = [asyncio.ensure_future(client.tasks.get_task(g)) for g in task_gids[:6]]
            await asyncio.sleep(0.001)  # two in flight (5 ms each), four waiting
            for call in (first[0], *first[2:5]):  # one in flight, three waiting
                call.cancel()
            results = await asyncio.gather(*first, return_exceptions=True)
            after = asyncio.gather(*(client.tasks.get_task(g) for g in task_gids[:20]))
            return results, await asyncio.wait_for(after, 10)

    results, tasks = asyncio.run(main())
    cancelled = [isinstance(r, asyncio.CancelledError) for r in results]
    assert cancelled == [True, False, True, True, True, False]
    assert len(tasks) == 20
    assert limited_fake.peak_concurrency["read"] == 2
    assert limited_fake.refused_for_concurrency == 0


def test_a_slot_handed_to_a_call_cancelled_at_that_moment_passes_on() -> None:
    from asana_typed._concurrency import AsyncLane

    async def main() -> list[bool]:
        loop = asyncio.get_running_loop()
        lane = AsyncLane(1)
        assert lane.take()
        waiter = asyncio.ensure_future(lane.wait(loop))
        later = asyncio.ensure_future(lane.wait(loop))
        await asyncio.sleep(0)  # both wait, in that order
        lane.give()  # the slot goes to the first waiter ...
        waiter.cancel()  # ... cancelled before it could run: it passes the slot on
        await asyncio.gather(waiter, return_exceptions=True)
        await asyncio.wait_for(later, 5)  # the second waiter has it
        taken = [lane.take()]  # none free: the second waiter holds the one slot
        lane.give()
        taken += [lane.take(), lane.take()]
        return taken

    assert asyncio.run(main()) == [False, True, False]


def test_concurrent_writes_stay_under_the_write_limit(limited_fake: FakeAsana) -> None:
    workspace = limited_fake.workspace["gid"]

    async def main() -> list[Task]:
        async with _async_client(limited_fake, max_retries=0) as client:
            creates = (
                client.tasks.create_task({"name": f"w{n}", "workspace": workspace})
                for n in range(60)
            )
            return await asyncio.gather(*creates)

    created = asyncio.run(main())
    assert len({t.gid for t in created}) == 60
    assert limited_fake.refused_for_concurrency == 0
    assert limited_fake.peak_concurrency["write"] == 15


def test_threads_sharing_a_sync_client_stay_under_the_limit(
    limited_fake: FakeAsana, task_gids: list[str]
) -> None:
    http = httpx.Client(transport=limited_fake.transport)
    options = RequestOptions(max_retries=0, max_concurrent_reads=10)
    with (
        Client.access_token(limited_fake.access_token, http_client=http, options=options) as client,
        ThreadPoolExecutor(max_workers=30) as pool,
    ):
        tasks = list(pool.map(client.tasks.get_task, task_gids * 3))
    assert len(tasks) == 120
    assert limited_fake.refused_for_concurrency == 0
    assert limited_fake.peak_concurrency["read"] <= 10


def test_bulk_yields_in_order_with_errors_per_item(
    limited_fake: FakeAsana, task_gids: list[str]
) -> None:
    wanted = [*task_gids[:5], "999999", *task_gids[5:300]]

    async def main() -> list[BulkResult[str, Task]]:
        async with _async_client(limited_fake) as client:
            results = client.bulk(client.tasks.get_task, wanted, window=20)
            return [result async for result in results]

    results = asyncio.run(main())
    assert_type(results, list[BulkResult[str, Task]])
    assert [r.item for r in results] == wanted
    assert isinstance(results[5].error, NotFoundError)
    assert not results[5].ok
    with pytest.raises(NotFoundError):
        results[5].unwrap()
    assert [r.unwrap().gid for r in results if r.ok] == [g for g in wanted if g != "999999"]


def test_sync_bulk_has_the_same_interface(sync_client: Client, task_gids: list[str]) -> None:
    results = list(sync_client.bulk(sync_client.tasks.get_task, [task_gids[0], ".."]))
    assert_type(results, list[BulkResult[str, Task]])
    assert results[0].unwrap().gid == task_gids[0]
    assert results[1].error is not None and not results[1].ok


@pytest.fixture
def served(fake: FakeAsana) -> Iterator[str]:
    with fake.serve() as base_url:
        yield base_url


def test_cancelling_mid_pagination_leaks_no_connection(
    fake: FakeAsana, task_gids: list[str], served: str
) -> None:
    project = fake.records("project")[0]["gid"]

    async def main() -> None:
        options = RequestOptions(base_url=served, page_size=5)
        async with AsyncClient.access_token(fake.access_token, options=options) as client:
            seen: list[str] = []

            async def consume() -> None:
                async for task in client.tasks.get_tasks_for_project(project):
                    seen.append(task.gid)
                    if len(seen) == 7:
                        fake.latency = 5.0  # the next page hangs until cancelled

            runner = asyncio.create_task(consume())
            while len(seen) < 7:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)  # the third page request is in flight now
            runner.cancel()
            with pytest.raises(asyncio.CancelledError):
                await runner
            fake.latency = 0.0
            transport = client._direct
            assert isinstance(transport, AsyncHTTP11Transport)
            pooled = list(transport._pools[asyncio.get_running_loop()])
            # the cancelled request's connection was closed and dropped; none is left busy
            assert all(c.parser is None and not c.closed for c in pooled)
            assert (await client.users.me()).gid == fake.me["gid"]  # the client still works
        assert client.http_client.is_closed

    asyncio.run(main())


def test_async_with_closes_the_client_it_created() -> None:
    async def main() -> httpx.AsyncClient:
        async with AsyncClient.access_token("t") as client:
            return client.http_client

    assert asyncio.run(main()).is_closed


def test_async_with_leaves_a_given_client_open(fake: FakeAsana) -> None:
    async def main() -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=fake.transport)
        async with AsyncClient.access_token(fake.access_token, http_client=http) as client:
            await client.users.me()
        return http

    assert not asyncio.run(main()).is_closed
