"""Asana's per-credential concurrency limits, and a fixed answer latency.

Asana lets one token have at most 50 read (GET) and 15 write requests in flight; one more is
answered with 429 and ``Retry-After``. :class:`ConcurrencyLimiter` counts the requests the
transport or the server is answering, refuses those over the configured limits, and
remembers the peak it saw, so tests can prove a client stays under the limits. ``latency``
holds every answer back, which is what lets requests overlap in the first place.
"""

from __future__ import annotations

import threading
from collections import Counter

import httpx

__all__ = ["ASANA_READ_LIMIT", "ASANA_WRITE_LIMIT", "ConcurrencyLimiter", "Slot"]

ASANA_READ_LIMIT: int = 50
"""Read (GET) requests Asana lets one token have in flight."""
ASANA_WRITE_LIMIT: int = 15
"""Write requests (any other method) Asana lets one token have in flight."""

Slot = tuple[str, str]
"""(credential, ``"read"`` or ``"write"``) of an admitted request."""


class ConcurrencyLimiter:
    """Counts requests in flight per credential; off until limits are set."""

    reads: int | None
    """Read (GET, HEAD, OPTIONS) requests one credential may have in flight; ``None``: any."""
    writes: int | None
    """Write requests one credential may have in flight; ``None``: any."""
    latency: float
    """Seconds every admitted request is held back before its answer (default 0)."""
    refused: int
    """Requests refused with 429 so far for being over a limit."""
    peak: Counter[str]
    """Most requests seen in flight at once for one credential, by ``"read"``/``"write"``."""

    def __init__(self) -> None:
        self.reads = None
        self.writes = None
        self.latency = 0.0
        self.refused = 0
        self.peak = Counter()
        self._in_flight: Counter[Slot] = Counter()
        self._lock = threading.Lock()

    def admit(self, method: str, headers: httpx.Headers) -> Slot | None:
        """Count a request in; ``None`` when it is over the limit (answer 429)."""
        kind = "read" if method.upper() in ("GET", "HEAD", "OPTIONS") else "write"
        slot = (headers.get("authorization", ""), kind)
        limit = self.reads if kind == "read" else self.writes
        with self._lock:
            if limit is not None and self._in_flight[slot] >= limit:
                self.refused += 1
                return None
            self._in_flight[slot] += 1
            self.peak[kind] = max(self.peak[kind], self._in_flight[slot])
        return slot

    def release(self, slot: Slot | None) -> None:
        """Count an admitted request out once its answer has gone."""
        if slot is not None:
            with self._lock:
                self._in_flight[slot] -= 1
