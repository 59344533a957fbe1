"""Item iterators over collections (the page models themselves are in ``_envelopes.py``).

``ItemIterator[T]`` (and its async twin) yields items lazily, one page in memory at a time;
the page arithmetic (``limit`` for the next page, ``item_limit`` bookkeeping, following
``next_page.offset``) lives in :class:`PageCursor` and is shared by both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from ._envelopes import Page

__all__ = ["AsyncItemIterator", "Cursor", "ItemIterator", "PageCursor"]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
_END: Any = object()


class Cursor(Protocol[T_co]):
    """Iteration state an item iterator drives: what to fetch next, and what came back."""

    @property
    def done(self) -> bool:
        """Nothing more to fetch."""
        ...

    def page_query(self) -> dict[str, str]:
        """Query parameters of the next fetch."""
        ...

    def feed(self, page: Any) -> Iterable[T_co]:
        """Take what the fetch returned; the items to hand out from it."""
        ...


class PageCursor(Generic[T]):
    """Pagination state of one iteration, free of I/O.

    ``page_query()`` gives the ``limit``/``offset`` query for the next request, and ``feed()``
    takes the page that came back and returns its items to hand out, honouring ``item_limit``.
    """

    __slots__ = ("done", "offset", "page_size", "remaining")

    page_size: int
    """``limit`` of a full page."""
    remaining: int | None
    """Items still to hand out under ``item_limit``; ``None`` without a limit."""
    offset: str | None
    """Offset of the next page; ``None`` for the first page without a start offset."""
    done: bool
    """Nothing more to fetch: the last page came, or ``item_limit`` is reached."""

    def __init__(self, page_size: int, item_limit: int | None, offset: str | None) -> None:
        self.page_size = page_size
        self.remaining = item_limit
        self.offset = offset
        self.done = item_limit == 0

    def page_query(self) -> dict[str, str]:
        """The ``limit`` (and ``offset``) query parameters for the next page."""
        limit = self.page_size if self.remaining is None else min(self.page_size, self.remaining)
        query = {"limit": str(limit)}
        if self.offset is not None:
            query["offset"] = self.offset
        return query

    def feed(self, page: Page[T]) -> list[T]:
        """Take the page that answered ``page_query()``; its items to hand out."""
        items = page.data
        if self.remaining is not None:
            items = items[: self.remaining]
            self.remaining -= len(items)
        next_page = page.next_page
        if next_page is None or not next_page.offset or self.remaining == 0:
            self.done = True
        else:
            self.offset = next_page.offset
        return items


class ItemIterator(Generic[T]):
    """Iterates over the items of a collection, fetching pages as needed.

    Nothing is sent until the first item is asked for; with ``item_limit=0`` nothing is sent
    at all.
    """

    __slots__ = ("_cursor", "_fetch", "_items")

    _fetch: Callable[[dict[str, str]], Any]
    _cursor: Cursor[T]
    _items: Iterator[T]

    def __init__(self, fetch: Callable[[dict[str, str]], Any], cursor: Cursor[T]) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._items = iter(())

    def __iter__(self) -> ItemIterator[T]:
        """The iterator itself (it can be iterated once)."""
        return self

    def __next__(self) -> T:
        """The next item, fetching the next page when the one in hand is used up."""
        item = next(self._items, _END)
        while item is _END:  # the page in hand is used up (a failed fetch leaves it so)
            cursor = self._cursor
            if cursor.done:
                raise StopIteration
            self._items = iter(cursor.feed(self._fetch(cursor.page_query())))
            item = next(self._items, _END)
        return item

    def __repr__(self) -> str:
        return f"<ItemIterator done={self._cursor.done}>"


class AsyncItemIterator(Generic[T]):
    """The ``async for`` form of :class:`ItemIterator`."""

    __slots__ = ("_cursor", "_fetch", "_items")

    _fetch: Callable[[dict[str, str]], Awaitable[Any]]
    _cursor: Cursor[T]
    _items: Iterator[T]

    def __init__(
        self, fetch: Callable[[dict[str, str]], Awaitable[Any]], cursor: Cursor[T]
    ) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._items = iter(())

    def __aiter__(self) -> AsyncItemIterator[T]:
        """The iterator itself (it can be iterated once)."""
        return self

    async def __anext__(self) -> T:
        """The next item, fetching the next page when the one in hand is used up."""
        item = next(self._items, _END)
        while item is _END:
            cursor = self._cursor
            if cursor.done:
                raise StopAsyncIteration
            self._items = iter(cursor.feed(await self._fetch(cursor.page_query())))
            item = next(self._items, _END)
        return item

    def __repr__(self) -> str:
        return f"<AsyncItemIterator done={self._cursor.done}>"
