"""Sync tokens over the store's event log, shared by the event endpoints.

A sync token names a position in the log and the stream it belongs to (e.g. one workspace), as
opaque hex. A request without a token, or with one that is unknown or belongs to another
stream, gets Asana's 412 with a fresh token in the body's ``sync`` key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from .._engine._errors import ApiError
from .._engine._state import Record, Store

__all__ = ["MAX_EVENTS", "read_events"]

MAX_EVENTS = 100

_STALE = (
    "Sync token invalid or too old. If you are attempting to keep resources in sync, you must "
    "fetch the full dataset for this query now and use the new sync token for the next sync."
)


def read_events(
    store: Store, stream: str, sync: str | None, wanted: Callable[[Record], bool]
) -> tuple[list[Record], str, bool]:
    """The events after ``sync`` that ``wanted`` keeps, the next token and ``has_more``."""
    position = _decode(stream, sync, len(store.events)) if sync else None
    if position is None:
        fresh = _encode(stream, len(store.events))
        message = _STALE if sync else "Sync token invalid or too old."
        raise ApiError(412, message, extra={"sync": fresh})
    found: list[Record] = []
    index = position
    while index < len(store.events) and len(found) < MAX_EVENTS:
        if wanted(store.events[index]):
            found.append(store.events[index])
        index += 1
    has_more = any(wanted(event) for event in store.events[index:])
    return found, _encode(stream, index), has_more


def _stream_tag(stream: str) -> str:
    return hashlib.sha256(stream.encode()).hexdigest()[:24]


def _encode(stream: str, position: int) -> str:
    return f"{_stream_tag(stream)}{position:08x}"


def _decode(stream: str, token: str, end: int) -> int | None:
    tag, digits = token[:24], token[24:]
    if tag != _stream_tag(stream) or len(digits) != 8:
        return None
    try:
        position = int(digits, 16)
    except ValueError:
        return None
    return position if 0 <= position <= end else None
