"""Answers that carry more than ``data``: written by hand, beside the generated models."""

from __future__ import annotations

from pydantic import Field

from ._base import AsanaModel, ListOf
from ._generated import Event

__all__ = ["EventsPage"]


class EventsPage(AsanaModel):
    """One answer of an events feed: the events, the token to go on from, more waiting?"""

    data: ListOf[Event] = Field(default_factory=list)
    """The events that happened since the sync token sent."""
    sync: str
    """The token to send next time, to get the events after these."""
    has_more: bool = False
    """More events are waiting: ask again at once."""
