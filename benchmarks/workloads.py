"""The workloads, each run in a fresh process and reported as one JSON line::

    python benchmarks/workloads.py IMPLEMENTATION WORKLOAD BASE_URL [--requests N]
        [--server-pid PID] [--latency SECONDS]

``IMPLEMENTATION`` is ``httpx``, ``asana_typed`` or ``asana`` (see :mod:`implementations`);
``WORKLOAD`` one of :data:`WORKLOADS`. The output is ``{"metrics": {...}}`` plus, when
``--server-pid`` is given, ``server_cpu_share``: the server's CPU seconds over the wall seconds
of the measured stretch (near 1.0 would mean the server, not the client, was the bottleneck).
CPU is ``time.process_time()``, wall ``time.perf_counter()``; warm-up requests are not
measured. Workload (d), import time, is :mod:`import_time`.
"""

from __future__ import annotations

import itertools
import json
import math
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import procfs
from implementations import ASYNC_READ_LIMIT, Implementation, load
from payloads import PROJECT_GID, TASK_GID

__all__ = ["WORKLOADS", "Measured", "Window", "main", "measure"]

Metrics = dict[str, float]
_MIB = 1024 * 1024
_WARMUP_REQUESTS = 50
_WARMUP_ITEMS = 200


@dataclass
class Window:
    """A measured stretch: CPU and wall seconds of this process, CPU seconds of the server."""

    cpu_s: float = 0.0
    wall_s: float = 0.0
    server_cpu_s: float | None = None


@dataclass
class Measured:
    """What a workload reports."""

    metrics: Metrics
    windows: list[Window] = field(default_factory=list)


@contextmanager
def measure(server_pid: int | None) -> Iterator[Window]:
    """Time the ``with`` block; the window is filled in when the block ends."""
    window = Window()
    server_start = procfs.cpu_seconds(server_pid) if server_pid else None
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    yield window
    window.wall_s = time.perf_counter() - wall_start
    window.cpu_s = time.process_time() - cpu_start
    server_end = procfs.cpu_seconds(server_pid) if server_pid else None
    if server_start is not None and server_end is not None:
        window.server_cpu_s = server_end - server_start


@dataclass(frozen=True)
class Run:
    """The arguments of one workload run."""

    implementation: Implementation
    base_url: str
    requests: int
    server_pid: int | None
    #: The latency the server adds (the concurrent workload computes its floor from it).
    latency: float = 0.0


def _per_request(window: Window, run: Run) -> Measured:
    """CPU and wall milliseconds per request of ``run.requests`` requests measured in ``window``."""
    return Measured(
        {
            "cpu_ms_per_request": window.cpu_s * 1000 / run.requests,
            "wall_ms_per_request": window.wall_s * 1000 / run.requests,
        },
        [window],
    )


def _sequential(call: Callable[[], object], run: Run) -> Measured:
    for _ in range(_WARMUP_REQUESTS):
        call()
    with measure(run.server_pid) as window:
        for _ in range(run.requests):
            call()
    return _per_request(window, run)


def get_task(run: Run) -> Measured:
    """(a) ``requests`` sequential reads of the ~5 KB full task: CPU ms per request."""
    client = run.implementation.sync(run.base_url)
    return _sequential(lambda: client.get_task(TASK_GID), run)


def users_me(run: Run) -> Measured:
    """(b) ``requests`` sequential ``users.me``: CPU ms per request."""
    client = run.implementation.sync(run.base_url)
    return _sequential(client.users_me, run)


def paginate(run: Run) -> Measured:
    """(c) Iterate ``requests`` compact tasks in pages of 100: items per second."""
    client = run.implementation.sync(run.base_url)
    for _ in itertools.islice(client.project_tasks(PROJECT_GID), _WARMUP_ITEMS):
        pass
    seen = 0
    with measure(run.server_pid) as window:
        for _ in itertools.islice(client.project_tasks(PROJECT_GID), run.requests):
            seen += 1
    if seen != run.requests:
        raise RuntimeError(f"expected {run.requests} items, got {seen}")
    return Measured(
        {
            "items_per_cpu_s": seen / window.cpu_s,
            "items_per_wall_s": seen / window.wall_s,
        },
        [window],
    )


def memory(run: Run) -> Measured:
    """(f) Memory growth from the first page to the last while iterating ``requests`` items.

    ``rss_growth_mb``: peak RSS during the iteration minus RSS once the first page arrived.
    ``traced_growth_mb``: Python allocations still held at the end minus those held after the
    first page (tracemalloc); ``traced_peak_growth_mb``: their peak minus the same start;
    ``traced_second_half_mb``: what the second half of the items added (about 0 unless memory
    grows with the items).
    """
    client = run.implementation.sync(run.base_url)
    for _ in itertools.islice(client.project_tasks(PROJECT_GID), _WARMUP_ITEMS):
        pass
    tracemalloc.start()
    items = itertools.islice(client.project_tasks(PROJECT_GID), run.requests)
    next(items)
    procfs.reset_peak_rss()
    rss_start = procfs.rss_bytes() or 0
    traced_start, _ = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    seen = 1
    halfway = run.requests // 2
    traced_halfway = traced_start
    with measure(run.server_pid) as window:
        for _ in items:
            seen += 1
            if seen == halfway:
                traced_halfway, _ = tracemalloc.get_traced_memory()
    traced_end, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_peak = procfs.peak_rss_bytes() or 0
    if seen != run.requests:
        raise RuntimeError(f"expected {run.requests} items, got {seen}")
    return Measured(
        {
            "rss_growth_mb": (rss_peak - rss_start) / _MIB,
            "traced_growth_mb": (traced_end - traced_start) / _MIB,
            "traced_peak_growth_mb": (traced_peak - traced_start) / _MIB,
            "traced_second_half_mb": (traced_end - traced_halfway) / _MIB,
        },
        [window],
    )


class _CaBundleSpy:
    """Counts certificate loads (``load_verify_locations``/``load_default_certs``) from now on."""

    def __init__(self) -> None:
        import ssl

        self.loads = 0
        for name in ("load_verify_locations", "load_default_certs"):
            original = getattr(ssl.SSLContext, name)
            setattr(ssl.SSLContext, name, self._counting(original))

    def _counting(self, original: Callable[..., object]) -> Callable[..., object]:
        def counted(*args: object, **kwargs: object) -> object:
            self.loads += 1
            return original(*args, **kwargs)

        return counted


def construct(run: Run) -> Measured:
    """(e) Build a client, then send its first request (``users.me``) to ``http://127.0.0.1``.

    Everything is imported first; ``ca_bundle_loads`` counts certificate loads over both steps
    (a plain-HTTP client should not need any).
    """
    spy = _CaBundleSpy()
    with measure(None) as built:
        client = run.implementation.sync(run.base_url)
    with measure(run.server_pid) as first:
        client.users_me()
    return Measured(
        {
            "construct_ms": built.wall_s * 1000,
            "first_request_ms": first.wall_s * 1000,
            "ca_bundle_loads": float(spy.loads),
        }
    )


def gather(run: Run) -> Measured:
    """(g) ``requests`` reads with ``asyncio.gather`` on the async client at its default limits.

    Run against the latency server; one round of warm-up reads opens the connections first.
    ``floor_ratio`` is the wall time over the floor: rounds of ``ASYNC_READ_LIMIT`` reads times
    the latency (1,000 reads / 50 x 20 ms = 0.4 s).
    """
    import asyncio

    make_async = run.implementation.asynchronous
    if make_async is None:
        raise RuntimeError(f"{run.implementation.name} has no asyncio client")

    async def main() -> Window:
        client = make_async(run.base_url)
        await asyncio.gather(*(client.get_task(TASK_GID) for _ in range(ASYNC_READ_LIMIT)))
        with measure(run.server_pid) as window:
            await asyncio.gather(*(client.get_task(TASK_GID) for _ in range(run.requests)))
        await client.aclose()
        return window

    window = asyncio.run(main())
    floor_s = math.ceil(run.requests / ASYNC_READ_LIMIT) * run.latency
    metrics = {"wall_s": window.wall_s, "cpu_s": window.cpu_s}
    if floor_s > 0:
        metrics["floor_ratio"] = window.wall_s / floor_s
    return Measured(metrics, [window])


def async_get_task(run: Run) -> Measured:
    """(h) ``requests`` reads of the full task on the asyncio client, by ``ASYNC_READ_LIMIT``
    workers each reading in turn (so that many are in flight, and each result is dropped once
    read, as an application would), against the fast server: CPU ms per request. The asyncio
    peer is aiohttp."""
    import asyncio

    make_async = run.implementation.asynchronous
    if make_async is None:
        raise RuntimeError(f"{run.implementation.name} has no asyncio client")

    async def worker(client: Any, count: int) -> None:
        for _ in range(count):
            await client.get_task(TASK_GID)

    async def main() -> Window:
        client = make_async(run.base_url)
        workers = ASYNC_READ_LIMIT
        await asyncio.gather(*(worker(client, 1) for _ in range(workers)))
        with measure(run.server_pid) as window:
            await asyncio.gather(*(worker(client, run.requests // workers) for _ in range(workers)))
        await client.aclose()
        return window

    window = asyncio.run(main())
    return _per_request(window, run)


def sequential(run: Run) -> Measured:
    """(g) The same reads as :func:`gather`, one by one on the sync client."""
    client = run.implementation.sync(run.base_url)
    client.get_task(TASK_GID)
    with measure(run.server_pid) as window:
        for _ in range(run.requests):
            client.get_task(TASK_GID)
    return Measured({"wall_s": window.wall_s, "cpu_s": window.cpu_s}, [window])


WORKLOADS: dict[str, Callable[[Run], Measured]] = {
    "get_task": get_task,
    "async_get_task": async_get_task,
    "users_me": users_me,
    "paginate": paginate,
    "construct": construct,
    "memory": memory,
    "gather": gather,
    "sequential": sequential,
}


def _server_cpu_share(windows: list[Window]) -> float | None:
    server_cpu = [w.server_cpu_s for w in windows if w.server_cpu_s is not None]
    wall = sum(w.wall_s for w in windows if w.server_cpu_s is not None)
    return sum(server_cpu) / wall if server_cpu and wall > 0 else None


_FLAGS = ("--requests", "--server-pid", "--latency")


def _parse(argv: list[str]) -> tuple[str, str, str, dict[str, str]]:
    """Positional arguments and flags (no argparse: keep the process light)."""
    positional: list[str] = []
    flags: dict[str, str] = {}
    args = iter(argv)
    for arg in args:
        if arg in _FLAGS:
            flags[arg[2:]] = next(args)
        else:
            positional.append(arg)
    if len(positional) != 3 or positional[1] not in WORKLOADS:
        raise SystemExit(f"usage: workloads.py IMPLEMENTATION {{{','.join(WORKLOADS)}}} BASE_URL")
    return positional[0], positional[1], positional[2], flags


def main() -> None:
    implementation_name, workload, base_url, flags = _parse(sys.argv[1:])
    run = Run(
        implementation=load(implementation_name),
        base_url=base_url,
        requests=int(flags.get("requests", 1500)),
        server_pid=int(flags["server-pid"]) if "server-pid" in flags else None,
        latency=float(flags.get("latency", 0.0)),
    )
    measured = WORKLOADS[workload](run)
    print(
        json.dumps(
            {"metrics": measured.metrics, "server_cpu_share": _server_cpu_share(measured.windows)}
        )
    )


if __name__ == "__main__":
    main()
