"""Caps on the requests one client keeps in flight: a read lane (GET) and a write lane.

Asana answers 429 when one token has more than 50 reads or 15 writes in flight. Each client
holds one gate per flavour of concurrency (threads for :class:`Client`, asyncio tasks for
:class:`AsyncClient`); a request waits for a slot in its lane before it is sent and frees it
once its answer is read. Retry waits hold no slot.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # asyncio is imported by the async client, not with the package
    import asyncio

__all__ = ["AsyncGate", "AsyncLane", "ThreadGate"]


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


class AsyncLane:
    """A count of free slots and the tasks waiting for one, in the order they came.

    As ``asyncio.Semaphore``, with a fast path that costs no coroutine: :meth:`take` gets a
    free slot at once when there is one (nearly always), and only a task that finds none
    awaits :meth:`wait`. A slot freed by :meth:`give` passes straight to the first waiter, so
    a task arriving later never overtakes one that waits.
    """

    __slots__ = ("_free", "_waiters")

    def __init__(self, limit: int) -> None:
        self._free = limit
        self._waiters: deque[asyncio.Future[None]] = deque()

    def take(self) -> bool:
        """Take a free slot if there is one (then :meth:`give` it back once done)."""
        if self._free > 0:
            self._free -= 1
            return True
        return False

    async def wait(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wait until a slot is handed over (then :meth:`give` it back once done).

        A task cancelled while it waits takes no slot: one handed to it at that moment is
        passed on.
        """
        handed = loop.create_future()
        self._waiters.append(handed)
        try:
            await handed
        except BaseException:
            if handed.done() and not handed.cancelled():
                self.give()
            else:
                with contextlib.suppress(ValueError):
                    self._waiters.remove(handed)
            raise

    def give(self) -> None:
        """Give back a slot: to the first task still waiting, or to the free count."""
        waiters = self._waiters
        while waiters:
            handed = waiters.popleft()
            if not handed.done():
                handed.set_result(None)
                return
        self._free += 1


class AsyncGate:
    """Lanes of :class:`AsyncLane`, one per (lane, limit), renewed per event loop."""

    __slots__ = ("_lanes", "_loop")

    def __init__(self) -> None:
        self._lanes: dict[tuple[str, int], AsyncLane] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def lane(self, loop: asyncio.AbstractEventLoop, lane: str, limit: int) -> AsyncLane:
        """The lane ``lane`` at ``limit`` (a changed limit starts a new one) of ``loop``."""
        if loop is not self._loop:
            self._loop, self._lanes = loop, {}
        key = (lane, limit)
        made = self._lanes.get(key)
        if made is None:
            made = self._lanes[key] = AsyncLane(limit)
        return made
