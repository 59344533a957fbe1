"""What the harness runs: the workloads (a)..(h), their metrics and sizes.

Shared by :mod:`run` (which schedules them) and :mod:`report` (which prints them). The
workload code itself is in :mod:`workloads` and :mod:`import_time`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["ASYNC_LIMIT", "BASELINE", "LATENCY_S", "WORKLOADS", "Metric", "Workload", "select"]

#: The implementation every ratio is taken against.
BASELINE = "httpx"
#: The latency the server adds for the concurrent workloads (g).
LATENCY_S = 0.02
#: Reads in flight at once in the asyncio workloads (Asana's limit; see implementations).
ASYNC_LIMIT = 50

ServerNeed = Literal["fast", "latency", "none"]


@dataclass(frozen=True)
class Metric:
    """One figure a workload reports, and how to print it."""

    key: str
    label: str
    higher_is_better: bool = False
    ratio: bool = True
    digits: int = 3


@dataclass(frozen=True)
class Workload:
    """One workload: its letter and name, what it reports, how big it is, who runs it."""

    letter: str
    name: str
    title: str
    metrics: tuple[Metric, ...]
    implementations: tuple[str, ...]
    server: ServerNeed
    requests: int = 0
    quick_requests: int = 0
    #: Runs per repeat (cheap, noisy workloads run more often; once in a quick run).
    runs_per_repeat: int = 1

    def size(self, quick: bool) -> int:
        return self.quick_requests if quick else self.requests

    def heading(self, quick: bool) -> str:
        return f"({self.letter}) " + self.title.format(n=self.size(quick), limit=ASYNC_LIMIT)


_ALL = ("httpx", "asana_typed", "asana")
_PER_REQUEST = (
    Metric("cpu_ms_per_request", "CPU ms/request"),
    Metric("wall_ms_per_request", "wall ms/request"),
)

WORKLOADS: tuple[Workload, ...] = (
    Workload(
        "a",
        "get_task",
        "get_task x{n:,} (5 KB full task)",
        _PER_REQUEST,
        (*_ALL, "asana_typed dicts"),
        "fast",
        requests=1500,
        quick_requests=200,
    ),
    Workload(
        "b",
        "users_me",
        "users.me x{n:,}",
        _PER_REQUEST,
        _ALL,
        "fast",
        requests=1500,
        quick_requests=200,
    ),
    Workload(
        "c",
        "paginate",
        "iterate {n:,} compact tasks, pages of 100",
        (
            Metric("items_per_cpu_s", "items/s (CPU)", higher_is_better=True, digits=0),
            Metric("items_per_wall_s", "items/s (wall)", higher_is_better=True, digits=0),
        ),
        _ALL,
        "fast",
        requests=50_000,
        quick_requests=5_000,
    ),
    Workload(
        "d",
        "import",
        "import time (fresh interpreter)",
        (Metric("import_ms", "import ms", digits=1),),
        _ALL,
        "none",
        runs_per_repeat=2,
    ),
    Workload(
        "e",
        "construct",
        "client construction, first request to http://127.0.0.1",
        (
            Metric("construct_ms", "construct ms", digits=2),
            Metric("first_request_ms", "1st request ms", digits=1),
            Metric("ca_bundle_loads", "CA bundle loads", ratio=False, digits=0),
        ),
        _ALL,
        "fast",
        runs_per_repeat=2,
    ),
    Workload(
        "f",
        "memory",
        "memory while iterating {n:,} items",
        (
            Metric("rss_growth_mb", "peak RSS growth MB", ratio=False, digits=2),
            Metric("traced_growth_mb", "traced growth MB", ratio=False, digits=2),
            Metric("traced_peak_growth_mb", "traced peak growth MB", ratio=False, digits=2),
            Metric("traced_second_half_mb", "2nd half traced MB", ratio=False, digits=2),
        ),
        _ALL,
        "fast",
        requests=50_000,
        quick_requests=5_000,
    ),
    Workload(
        "g",
        "gather",
        "{n:,} get_task, asyncio.gather, 20 ms latency",
        (
            Metric("wall_s", "wall s"),
            Metric("floor_ratio", "x floor", ratio=False, digits=2),
            Metric("cpu_s", "CPU s"),
        ),
        ("httpx", "asana_typed"),
        "latency",
        requests=1000,
        quick_requests=100,
    ),
    Workload(
        "h",
        "async_get_task",
        "get_task x{n:,}, {limit} in flight, asyncio (no latency)",
        _PER_REQUEST,
        (
            "httpx",
            "asana_typed",
            "aiohttp",
            "asana_typed dicts",
            "asyncio floor",
            "asyncio floor models",
        ),
        "fast",
        requests=2000,
        quick_requests=300,
    ),
    Workload(
        "g",
        "sequential",
        "the same {n:,} get_task one by one, sync Client",
        (Metric("wall_s", "wall s", ratio=False), Metric("cpu_s", "CPU s", ratio=False)),
        ("asana_typed",),
        "latency",
        requests=1000,
        quick_requests=100,
    ),
)


def select(only: list[str] | None) -> tuple[Workload, ...]:
    """The workloads named (by letter or name) in ``only``; all of them for ``None``."""
    if not only:
        return WORKLOADS
    wanted = {name.strip().lower() for item in only for name in item.split(",")}
    unknown = wanted - {w.letter for w in WORKLOADS} - {w.name for w in WORKLOADS}
    if unknown:
        choices = ", ".join(f"{w.letter}/{w.name}" for w in WORKLOADS)
        raise ValueError(f"unknown workload(s) {', '.join(sorted(unknown))}; choose from {choices}")
    return tuple(w for w in WORKLOADS if w.letter in wanted or w.name in wanted)
