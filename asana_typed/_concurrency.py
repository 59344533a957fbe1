"""Caps on the requests one client keeps in flight: a read lane (GET) and a write lane.

Asana answers 429 when one token has more than 50 reads or 15 writes in flight. Each client
holds one gate per flavour of concurrency (threads for :class:`Client`, asyncio tasks for
:class:`AsyncClient`); a request waits for a slot in its lane before it is sent and frees it
once its answer is read. Retry waits hold no slot.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # asyncio is imported by the async client, not with the package
    import asyncio

__all__ = ["AsyncGate", "ThreadGate"]


class ThreadGate:
    """Lanes of :class:`threading.BoundedSemaphore`, one per (lane, limit)."""

    __slots__ = ("_lock", "_semaphores")

    def __init__(self) -> None:
        self._semaphores: dict[tuple[str, int], threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def lane(self, lane: str, limit: int) -> threading.BoundedSemaphore:
        """The semaphore of ``lane`` at ``limit`` (a changed limit starts a new one)."""
        key = (lane, limit)
        semaphore = self._semaphores.get(key)
        if semaphore is None:
            with self._lock:
                semaphore = self._semaphores.setdefault(key, threading.BoundedSemaphore(limit))
        return semaphore


class AsyncGate:
    """Lanes of :class:`asyncio.Semaphore`, one per (lane, limit), renewed per event loop."""

    __slots__ = ("_loop", "_semaphores")

    def __init__(self) -> None:
        self._semaphores: dict[tuple[str, int], asyncio.Semaphore] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def lane(self, lane: str, limit: int) -> asyncio.Semaphore:
        """The semaphore of ``lane`` at ``limit`` for the running loop."""
        import asyncio

        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self._semaphores = loop, {}
        key = (lane, limit)
        semaphore = self._semaphores.get(key)
        if semaphore is None:
            semaphore = self._semaphores[key] = asyncio.Semaphore(limit)
        return semaphore
