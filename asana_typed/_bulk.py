"""Many calls at once, one result per input, in input order, errors kept per item.

>>> async for result in client.bulk(client.tasks.get_task, gids):      # doctest: +SKIP
...     if result.ok:
...         print(result.value.name)
...     else:
...         print(result.item, "failed:", result.error)
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Generic, TypeVar

from .errors import AsanaError, InvalidArgumentError

if TYPE_CHECKING:  # asyncio is imported by the async client, not with the package
    import asyncio

__all__ = ["BulkResult", "bulk_async", "bulk_sync"]

A = TypeVar("A")
T = TypeVar("T")

#: What a bulk call reports per item instead of stopping: the API's errors and bad input.
ItemErrors = (AsanaError, InvalidArgumentError)


@dataclass(frozen=True, slots=True)
class BulkResult(Generic[A, T]):
    """The outcome for one input of a bulk call: ``value`` or ``error``, never both."""

    item: A
    value: T | None = None
    error: AsanaError | InvalidArgumentError | None = None

    @property
    def ok(self) -> bool:
        """Whether the call for this item succeeded."""
        return self.error is None

    def unwrap(self) -> T:
        """The value, or the item's error raised."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


def bulk_sync(call: Callable[[A], T], items: Iterable[A]) -> Iterator[BulkResult[A, T]]:
    """Call ``call(item)`` for each item in turn; yield a result per item."""
    for item in items:
        try:
            yield BulkResult(item, call(item))
        except ItemErrors as error:
            yield BulkResult(item, error=error)


async def bulk_async(
    call: Callable[[A], Awaitable[T]], items: Iterable[A], window: int
) -> AsyncIterator[BulkResult[A, T]]:
    """Run ``call(item)`` for up to ``window`` items at once; yield results in input order.

    The client's concurrency limits still apply to the requests themselves; ``window`` only
    bounds how many calls are started ahead of the one being reported.
    """
    import asyncio

    source = iter(items)
    pending: deque[tuple[A, asyncio.Future[T]]] = deque()

    def top_up() -> None:
        for item in islice(source, window - len(pending)):
            pending.append((item, asyncio.ensure_future(call(item))))

    try:
        top_up()
        while pending:
            item, future = pending.popleft()
            try:
                value = await future
            except ItemErrors as error:
                yield BulkResult(item, error=error)
            else:
                yield BulkResult(item, value)
            top_up()
    finally:
        for _, future in pending:
            future.cancel()
        if pending:
            await asyncio.gather(*(f for _, f in pending), return_exceptions=True)
