"""``Page[T]``: one page of a collection as the API sent it, and ``NextPage``.

Pydantic models, so this module is imported when a page is first read, not with the package.
Parsing caches JSON keys only (``cache_strings="keys"``): caching every string costs about 3 us
per compact item of a page of distinct gids and names, and saves nothing there.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = ["DataEnvelope", "NextPage", "Page"]

T = TypeVar("T")


class NextPage(BaseModel):
    """Where the next page starts: pass ``offset`` as ``RequestOptions(offset=...)``."""

    model_config = ConfigDict(extra="allow", defer_build=True, cache_strings="keys")

    offset: str
    path: str | None = None
    uri: str | None = None


class Page(BaseModel, Generic[T]):
    """One page of a collection: ``data`` and, unless it is the last, ``next_page``."""

    model_config = ConfigDict(extra="allow", defer_build=True, cache_strings="keys")

    data: list[T]
    next_page: NextPage | None = None


class DataEnvelope(BaseModel, Generic[T]):
    """``{"data": ...}``: how the API wraps one object or a plain array."""

    model_config = ConfigDict(extra="allow", defer_build=True, cache_strings="keys")

    data: T
