"""Turn the samples of one invocation into the printed table and the performance targets.

Every figure is a median over the runs (each run a fresh process). A ratio is *paired*: run ``i``
of an implementation is divided by run ``i`` of the baseline (they ran back to back), and the
median of those quotients is shown, which cancels most of the drift of a shared machine.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from catalogue import BASELINE, WORKLOADS, Metric, Workload

__all__ = [
    "Results",
    "Sample",
    "Summary",
    "Target",
    "machine",
    "paired_ratio",
    "render",
    "summarise",
    "targets",
    "to_json",
]


@dataclass(frozen=True)
class Sample:
    """What one workload process printed."""

    metrics: dict[str, float]
    server_cpu_share: float | None = None


@dataclass
class Results:
    """Every sample of an invocation, by (workload name, implementation), in run order."""

    samples: dict[tuple[str, str], list[Sample]] = field(default_factory=dict)
    #: (workload name, implementation) pairs that did not run or failed, with the reason.
    skipped: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, workload: str, implementation: str, sample: Sample) -> None:
        self.samples.setdefault((workload, implementation), []).append(sample)

    def values(self, workload: str, implementation: str, key: str) -> list[float]:
        return [
            s.metrics[key]
            for s in self.samples.get((workload, implementation), ())
            if key in s.metrics
        ]


@dataclass(frozen=True)
class Summary:
    """One (workload, implementation, metric) row."""

    median: float
    low: float
    high: float
    ratio: float | None


def paired_ratio(values: list[float], baseline: list[float]) -> float | None:
    """Median of ``values[i] / baseline[i]``."""
    pairs = [v / b for v, b in zip(values, baseline, strict=False) if b]
    return statistics.median(pairs) if pairs else None


def summarise(
    results: Results, workload: Workload, implementation: str, metric: Metric
) -> Summary | None:
    values = results.values(workload.name, implementation, metric.key)
    if not values:
        return None
    ratio = None
    if metric.ratio and BASELINE in workload.implementations:
        ratio = paired_ratio(values, results.values(workload.name, BASELINE, metric.key))
    return Summary(statistics.median(values), min(values), max(values), ratio)


def _server_share(results: Results, workload: Workload, implementation: str) -> float | None:
    shares = [
        s.server_cpu_share
        for s in results.samples.get((workload.name, implementation), ())
        if s.server_cpu_share is not None
    ]
    return statistics.median(shares) if shares else None


def machine(servers: dict[str, str]) -> dict[str, str]:
    """The machine and versions the figures were taken on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    versions = []
    for package in ("httpx", "pydantic", "pydantic-core", "asana-typed", "asana"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            continue
    return {
        "source": _source_revision(),
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "system": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "packages": ", ".join(versions),
        **servers,
    }


def _source_revision() -> str:
    """The checkout measured: ``git describe`` of this repository (``-dirty`` if edited)."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"git {described.stdout.strip()}"


@dataclass(frozen=True)
class Target:
    """One performance target and the figure achieved."""

    label: str
    achieved: str
    goal: str
    passed: bool | None


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _ratio_target(
    results: Results, label: str, workload: str, key: str, limit: float, at_least: bool
) -> Target | None:
    ratio = paired_ratio(
        results.values(workload, "asana_typed", key), results.values(workload, BASELINE, key)
    )
    if ratio is None:
        return None
    passed = ratio >= limit if at_least else ratio <= limit
    goal = f"{'>=' if at_least else '<='} {limit:.2f}x"
    return Target(label, f"{ratio:.2f}x", goal, passed)


def _import_target(results: Results) -> Target | None:
    sdk = results.values("import", "asana_typed", "import_ms")
    base = results.values("import", BASELINE, "import_ms")
    differences = [s - b for s, b in zip(sdk, base, strict=False)]
    if not differences:
        return None
    difference = statistics.median(differences)
    achieved = (
        f"{statistics.median(sdk):.0f} ms vs {statistics.median(base):.0f} ms: {difference:+.0f} ms"
    )
    label = "(d) from asana_typed import Client vs httpx + BaseModel"
    return Target(label, achieved, "<= +30 ms", difference <= 30)


def _construct_targets(results: Results) -> Iterable[Target]:
    built = _median(results.values("construct", "asana_typed", "construct_ms"))
    if built is not None:
        yield Target('(e) Client.access_token("x")', f"{built:.2f} ms", "<= 10 ms", built <= 10)
    loads = results.values("construct", "asana_typed", "ca_bundle_loads")
    if loads:
        worst = max(loads)
        yield Target(
            "(e) CA bundle loads, client + 1st request to http://",
            f"{worst:.0f}",
            "0",
            worst == 0,
        )


def _memory_target(results: Results) -> Target | None:
    rss = _median(results.values("memory", "asana_typed", "rss_growth_mb"))
    traced = _median(results.values("memory", "asana_typed", "traced_peak_growth_mb"))
    second_half = _median(results.values("memory", "asana_typed", "traced_second_half_mb"))
    if rss is None or traced is None or second_half is None:
        return None
    return Target(
        "(f) memory growth (peak RSS, traced peak; 2nd half)",
        f"{rss:.2f}, {traced:.2f}; {second_half:+.2f} MB",
        "<= 4; ~0 MB",
        max(rss, traced) <= 4 and second_half <= 0.5,
    )


def _gather_targets(results: Results) -> Iterable[Target]:
    floor = _median(results.values("gather", "asana_typed", "floor_ratio"))
    if floor is not None:
        yield Target("(g) AsyncClient gather vs floor", f"{floor:.2f}x", "<= 1.25x", floor <= 1.25)
    speedup = paired_ratio(
        results.values("sequential", "asana_typed", "wall_s"),
        results.values("gather", "asana_typed", "wall_s"),
    )
    if speedup is not None:
        yield Target("(g) sync Client one by one / AsyncClient", f"{speedup:.1f}x", "", None)


_PEERS = (  # ahead of each peer, measured in the same run: (label, workload, ours, peer, goal)
    ("(a) get_task CPU/request vs Asana's v5 client", "get_task", "asana_typed", "asana", True),
    (
        "(h) AsyncClient CPU/request vs aiohttp + json.loads",
        "async_get_task",
        "asana_typed",
        "aiohttp",
        True,
    ),
    # the same calls returning dicts, as the peers do: the SDK's cost apart from its models
    (
        "(a) dicts (full_payload) vs Asana's v5 client",
        "get_task",
        "asana_typed dicts",
        "asana",
        False,
    ),
    (
        "(h) dicts (full_payload) vs aiohttp + json.loads",
        "async_get_task",
        "asana_typed dicts",
        "aiohttp",
        False,
    ),
    # no client at all: what is left for a client's own machinery within the peer's cost
    (
        "(h) asyncio floor, models vs aiohttp + json.loads",
        "async_get_task",
        "asyncio floor models",
        "aiohttp",
        False,
    ),
    (
        "(h) AsyncClient vs the asyncio floor, models",
        "async_get_task",
        "asana_typed",
        "asyncio floor models",
        False,
    ),
    (
        "(h) aiohttp + json.loads vs the asyncio floor",
        "async_get_task",
        "aiohttp",
        "asyncio floor",
        False,
    ),
)


def _peer_targets(results: Results) -> Iterable[Target]:
    for label, workload, ours, peer, goal in _PEERS:
        ratio = paired_ratio(
            results.values(workload, ours, "cpu_ms_per_request"),
            results.values(workload, peer, "cpu_ms_per_request"),
        )
        if ratio is not None:
            yield Target(
                label, f"{ratio:.2f}x", "<= 1.00x" if goal else "", ratio <= 1.0 if goal else None
            )


_TARGETS: tuple[Callable[[Results], Target | Iterable[Target] | None], ...] = (
    lambda r: _ratio_target(
        r, "(a) get_task CPU/request vs httpx", "get_task", "cpu_ms_per_request", 1.05, False
    ),
    lambda r: _ratio_target(
        r, "(b) users.me CPU/request vs httpx", "users_me", "cpu_ms_per_request", 1.05, False
    ),
    lambda r: _ratio_target(
        r, "(c) pagination items/s (CPU) vs httpx", "paginate", "items_per_cpu_s", 1.0, True
    ),
    _import_target,
    _construct_targets,
    _memory_target,
    _gather_targets,
    _peer_targets,
)


def targets(results: Results) -> list[Target]:
    """The targets whose workloads ran, with the achieved figures."""
    found: list[Target] = []
    for target in _TARGETS:
        outcome = target(results)
        if isinstance(outcome, Target):
            found.append(outcome)
        elif outcome is not None:
            found.extend(outcome)
    return found


def _number(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}"


def _ratio(value: float) -> str:
    return f"{value:.3f}x" if value < 0.1 else f"{value:.2f}x"


def _rows(results: Results, workload: Workload) -> Iterable[list[str]]:
    for implementation in workload.implementations:
        reason = results.skipped.get((workload.name, implementation))
        if reason is not None:
            yield ["  " + implementation, reason]
            continue
        share = _server_share(results, workload, implementation)
        first = True
        for metric in workload.metrics:
            summary = summarise(results, workload, implementation, metric)
            if summary is None:
                continue
            d = metric.digits
            yield [
                "  " + implementation if first else "",
                metric.label,
                _number(summary.median, d),
                f"{_number(summary.low, d)}..{_number(summary.high, d)}",
                "" if summary.ratio is None else _ratio(summary.ratio),
                "" if share is None or not first else f"{share:.0%}",
            ]
            first = False


def render(results: Results, info: dict[str, str], *, quick: bool, runs: int) -> str:
    """The whole printout: machine, one table, targets."""
    lines = [f"{key}: {value}" for key, value in info.items()]
    doubled = "" if quick else ", (d) and (e) twice per repeat"
    lines.append(
        f"{runs} repeat(s), every run a fresh process{doubled}; median, min..max; "
        f"'vs {BASELINE}' is the median of paired ratios (items/s: higher is better, "
        "times: lower is better); 'srv CPU' is the server's CPU share while measured"
        + ("; QUICK run: smoke test, figures indicative only" if quick else "")
    )
    header = [
        "workload / implementation",
        "metric",
        "median",
        "min..max",
        f"vs {BASELINE}",
        "srv CPU",
    ]
    table: list[list[str]] = [header]
    for workload in WORKLOADS:
        ran = [*results.samples, *results.skipped]
        if not any(name == workload.name for name, _ in ran):
            continue
        table.append([workload.heading(quick)])
        table.extend(_rows(results, workload))
    widths = [
        max(len(row[i]) for row in table if len(row) > 1 and i < len(row))
        for i in range(len(header))
    ]
    rule = "-" * (sum(widths) + 2 * (len(widths) - 1))
    lines += ["", rule]
    for row in table:
        if len(row) == 1:
            lines.append(row[0])
        elif len(row) == 2:
            lines.append(f"{row[0]:<{widths[0]}}  {row[1]}")
        else:
            cells = [f"{row[0]:<{widths[0]}}", f"{row[1]:<{widths[1]}}"]
            cells += [f"{cell:>{width}}" for cell, width in zip(row[2:], widths[2:], strict=True)]
            lines.append("  ".join(cells).rstrip())
        if row is header:
            lines.append(rule)
    lines.append(rule)
    found = targets(results)
    if found:
        label_width = max(len(t.label) for t in found)
        achieved_width = max(len(t.achieved) for t in found)
        lines += ["", "targets" + (" - QUICK run, indicative only" if quick else "")]
        for target in found:
            verdict = "info" if target.passed is None else ("PASS" if target.passed else "FAIL")
            lines.append(
                f"  {target.label:<{label_width}}  {target.achieved:>{achieved_width}}"
                f"  {target.goal:<10}  {verdict}"
            )
    return "\n".join(lines)


def to_json(results: Results, info: dict[str, str], *, quick: bool, runs: int) -> dict[str, Any]:
    """Everything :func:`render` prints, plus every sample, as JSON-ready data."""
    rows = []
    for workload in WORKLOADS:
        for implementation in workload.implementations:
            samples = results.samples.get((workload.name, implementation))
            if not samples:
                continue
            rows.append(
                {
                    "letter": workload.letter,
                    "workload": workload.name,
                    "title": workload.heading(quick),
                    "implementation": implementation,
                    "summary": {
                        metric.key: asdict(summary)
                        for metric in workload.metrics
                        if (summary := summarise(results, workload, implementation, metric))
                    },
                    "server_cpu_share": _server_share(results, workload, implementation),
                    "samples": [asdict(sample) for sample in samples],
                }
            )
    return {
        "machine": info,
        "quick": quick,
        "repeats": runs,
        "baseline": BASELINE,
        "skipped": [
            {"workload": name, "implementation": implementation, "reason": reason}
            for (name, implementation), reason in results.skipped.items()
        ],
        "results": rows,
        "targets": [asdict(target) for target in targets(results)],
    }
