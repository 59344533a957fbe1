"""Answers that carry more than ``data``: written by hand, beside the generated models."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ._base import AsanaModel, ListOf
from ._generated import Event

__all__ = ["EventsPage"]


class EventsPage(AsanaModel):
    """One answer of an events feed: the events, the token to go on from, more waiting?

    Iterating it yields its events, as iterating a :class:`~asana_typed.Page` yields items.
    """

    data: ListOf[Event] = Field(default_factory=list)
    """The events that happened since the sync token sent."""
    sync: str
    """The token to send next time, to get the events after these."""
    has_more: bool = False
    """More events are waiting: ask again at once."""

    def __iter__(self) -> Iterator[Event]:  # type: ignore[override]
        """The events of this answer (``for event in page``), as ``data`` holds them."""
        return iter(self.data)
