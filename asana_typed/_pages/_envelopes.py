"""``Page[T]``: one page of a collection as the API sent it, and ``NextPage``.

Pydantic models, so this module is imported when a page is first read, not with the package.
Parsing caches JSON keys only (``cache_strings="keys"``): caching every string costs about 3 us
per compact item of a page of distinct gids and names, and saves nothing there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = ["DataEnvelope", "NextPage", "Page"]

T = TypeVar("T")


class NextPage(BaseModel):
    """Where the next page starts: pass ``offset`` as ``RequestOptions(offset=...)``."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow", defer_build=True, cache_strings="keys"
    )

    offset: str
    """Opaque cursor of the next page (the ``offset`` query parameter)."""
    path: str | None = None
    """Path of the next page below the API root, with its query."""
    uri: str | None = None
    """Full URL of the next page."""


class Page(BaseModel, Generic[T]):
    """One page of a collection: ``data`` and, unless it is the last, ``next_page``.

    Iterating a page yields its items (``for task in page``).
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow", defer_build=True, cache_strings="keys"
    )

    data: list[T]
    """The items of this page."""
    next_page: NextPage | None = None
    """Where the next page starts; ``None`` on the last page."""

    def __iter__(self) -> Iterator[T]:  # type: ignore[override]
        """The items of this page (``for task in page``), as ``page.data`` holds them."""
        return iter(self.data)


class DataEnvelope(BaseModel, Generic[T]):
    """``{"data": ...}``: how the API wraps one object or a plain array."""

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow", defer_build=True, cache_strings="keys"
    )

    data: T
    """The object or array the API sent."""
