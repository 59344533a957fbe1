"""Workload (d): how long importing a client library takes, in this fresh interpreter.

A separate script from :mod:`workloads` so nothing but ``sys``, ``time`` and ``importlib`` is
loaded before the measured import (the workloads module pulls in ``json``, ``asyncio`` ... which
would make any library look cheaper)::

    python benchmarks/import_time.py asana_typed     # prints {"import_ms": ...}

The baseline ``httpx`` imports what any typed client on this stack needs: ``import httpx;
from pydantic import BaseModel`` (pydantic loads ``BaseModel`` lazily, on attribute access).
asana_typed loads its public names lazily too, so what is measured is ``from asana_typed import
Client``: the SDK a program uses, not the bare package.
"""

from __future__ import annotations

import importlib
import sys
import time

__all__ = ["IMPORTS", "main", "measure"]

#: What each implementation imports: (module, attribute to fetch or ``None``).
IMPORTS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "httpx": (("httpx", None), ("pydantic", "BaseModel")),
    "asana_typed": (("asana_typed", "Client"),),
    "asana": (("asana", None),),
    "aiohttp": (("aiohttp", None),),
    "asana_typed dicts": (("asana_typed", "Client"),),
    "asyncio floor": (("httptools", None),),
    "asyncio floor models": (("httptools", None), ("asana_typed.models", "Task")),
}


def measure(implementation: str) -> float:
    """Milliseconds to import ``implementation``'s modules (wall clock)."""
    start = time.perf_counter()
    for module_name, attribute in IMPORTS[implementation]:
        module = importlib.import_module(module_name)
        if attribute is not None:
            getattr(module, attribute)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    elapsed_ms = measure(sys.argv[1])
    print(f'{{"metrics": {{"import_ms": {elapsed_ms!r}}}}}')


if __name__ == "__main__":
    main()
