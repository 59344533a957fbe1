"""Run the benchmarks and print one table (see benchmarks/README.md)::

    python benchmarks/run.py                  # every workload, 5 repeats (a few minutes)
    python benchmarks/run.py --quick          # smoke test, under a minute
    python benchmarks/run.py --only a,g --repeats 9 --json results.json

Starts its loopback servers (nginx if installed, else the builtin one; the builtin one with
20 ms latency for (g)), then runs every (workload, implementation) pair ``--repeats`` times, each
run a fresh process, the implementations of one repeat back to back (in rotating order) so the
ratios can be paired. With two CPUs or more the servers are pinned to the first and the
workloads to the second.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from catalogue import LATENCY_S, Workload, select
from loopback import LoopbackServer, ServerKind, serve
from payloads import answer_sizes
from report import Results, Sample, machine, render, to_json

_HERE = Path(__file__).resolve().parent
_RUN_TIMEOUT_S = 900


def _child_environment() -> dict[str, str]:
    """This environment, but with bytecode caching on, as after ``pip install``.

    Without it (``PYTHONDONTWRITEBYTECODE=1``) an editable install would recompile its modules
    in every process and the import workload would measure the compiler.
    """
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def _cpus() -> tuple[int | None, int | None]:
    """(server CPU, workload CPU) when there are two CPUs to pin to, else ``(None, None)``."""
    if not hasattr(os, "sched_getaffinity"):
        return None, None
    cpus = sorted(os.sched_getaffinity(0))
    return (cpus[0], cpus[1]) if len(cpus) >= 2 else (None, None)


def _available(implementation: str) -> str | None:
    """Why ``implementation`` cannot run here, or ``None`` if it can."""
    if implementation == "asana" and importlib.util.find_spec("asana") is None:
        return "skipped: Asana's official client is not installed (pip install asana)"
    if implementation == "aiohttp" and importlib.util.find_spec("aiohttp") is None:
        return "skipped: aiohttp is not installed (pip install aiohttp)"
    return None


class Runner:
    """Runs single workload processes against the servers of this invocation."""

    def __init__(
        self,
        servers: dict[str, LoopbackServer],
        *,
        quick: bool,
        cpu: int | None,
    ) -> None:
        self.servers = servers
        self.quick = quick
        self.cpu = cpu

    def command(self, workload: Workload, implementation: str) -> list[str]:
        if workload.server == "none":
            return [sys.executable, str(_HERE / "import_time.py"), implementation]
        server = self.servers[workload.server]
        return [
            sys.executable,
            str(_HERE / "workloads.py"),
            implementation,
            workload.name,
            server.base_url,
            "--requests",
            str(workload.size(self.quick)),
            "--server-pid",
            str(server.pid),
            "--latency",
            str(server.latency),
        ]

    def run(self, workload: Workload, implementation: str) -> Sample:
        """One fresh process; raises ``RuntimeError`` with its stderr if it fails."""
        process = subprocess.Popen(
            self.command(workload, implementation),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_child_environment(),
        )
        if self.cpu is not None:
            with contextlib.suppress(OSError):  # already gone? its exit status will tell
                os.sched_setaffinity(process.pid, {self.cpu})
        try:
            out, err = process.communicate(timeout=_RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise RuntimeError(f"timed out after {_RUN_TIMEOUT_S} s") from None
        lines = out.strip().splitlines()
        if process.returncode != 0 or not lines:
            tail = err.strip().splitlines()[-1:] or [f"exit status {process.returncode}"]
            raise RuntimeError(tail[0])
        printed = json.loads(lines[-1])
        return Sample(printed["metrics"], printed.get("server_cpu_share"))


def _progress(message: str) -> None:
    end = "\r" if sys.stderr.isatty() else "\n"
    print(f"\033[2K{message}" if end == "\r" else message, end=end, file=sys.stderr, flush=True)


def run_all(workloads: tuple[Workload, ...], runner: Runner, repeats: int) -> Results:
    """Every workload, ``repeats`` rounds (times its runs per repeat) of every implementation."""
    results = Results()
    for workload in workloads:
        implementations = []
        for implementation in workload.implementations:
            reason = _available(implementation)
            if reason is None:
                implementations.append(implementation)
            else:
                results.skipped[(workload.name, implementation)] = reason
        rounds = repeats * (1 if runner.quick else workload.runs_per_repeat)
        for index in range(rounds):
            shift = index % len(implementations)
            for implementation in implementations[shift:] + implementations[:shift]:
                if (workload.name, implementation) in results.skipped:
                    continue
                _progress(
                    f"{workload.heading(runner.quick)}: {implementation}, run {index + 1}/{rounds}"
                )
                try:
                    results.add(workload.name, implementation, runner.run(workload, implementation))
                except RuntimeError as exc:
                    results.skipped[(workload.name, implementation)] = f"failed: {exc}"
    if sys.stderr.isatty():
        _progress("")
    return results


def _warm_up(workloads: tuple[Workload, ...]) -> None:
    """Import each library once, unmeasured, so bytecode caches and file caches are warm."""
    implementations = {i for w in workloads for i in w.implementations if _available(i) is None}
    for implementation in sorted(implementations):
        subprocess.run(
            [sys.executable, str(_HERE / "import_time.py"), implementation],
            stdout=subprocess.DEVNULL,
            env=_child_environment(),
            check=False,
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark asana_typed against bare httpx + json (and Asana's client)."
    )
    parser.add_argument(
        "--quick", action="store_true", help="fewer repeats and requests: a smoke test"
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="WORKLOAD",
        help="run only these workloads, by letter or name (a,c or get_task; repeatable)",
    )
    parser.add_argument(
        "--repeats", type=int, help="fresh-process runs per implementation (default 5, quick 3)"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results here")
    parser.add_argument(
        "--server",
        choices=["auto", "nginx", "builtin"],
        default="auto",
        help="the fast server: nginx if installed (auto), or force one",
    )
    args = parser.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    try:
        args.workloads = select(args.only)
    except ValueError as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    repeats: int = args.repeats or (3 if args.quick else 5)
    workloads: tuple[Workload, ...] = args.workloads
    server_cpu, workload_cpu = _cpus()
    kind: ServerKind = args.server
    with ExitStack() as stack:
        servers: dict[str, LoopbackServer] = {}
        if any(w.server == "fast" for w in workloads):
            servers["fast"] = stack.enter_context(serve(kind, cpu=server_cpu))
        if any(w.server == "latency" for w in workloads):
            servers["latency"] = stack.enter_context(
                serve("builtin", latency=LATENCY_S, cpu=server_cpu)
            )
        runner = Runner(servers, quick=args.quick, cpu=workload_cpu)
        _warm_up(workloads)
        results = run_all(workloads, runner, repeats)
    described = {f"{role} server": server.description for role, server in servers.items()}
    if workload_cpu is not None:
        described["pinning"] = f"servers on CPU {server_cpu}, workloads on CPU {workload_cpu}"
    info = machine(described)
    print(render(results, info, quick=args.quick, runs=repeats))
    print("\nanswer bytes on the wire, without and with Accept-Encoding: gzip (zlib level 6):")
    for name, plain, packed in answer_sizes():
        print(f"  {name:<36} {plain:>8,} B  {packed:>7,} B gzip  ({plain / packed:.1f}x smaller)")
    elapsed = time.perf_counter() - started
    print(f"\ntotal time: {elapsed:.0f} s")
    if args.json is not None:
        document = to_json(results, info, quick=args.quick, runs=repeats)
        document["elapsed_s"] = elapsed
        args.json.write_text(json.dumps(document, indent=2) + "\n")


if __name__ == "__main__":
    main()
