"""Endpoints whose calls are more than one request and its answer.

- ``EventsNext`` (``events.get_next``): polls ``GET /events`` until events arrive and returns
  ``(events, sync)``. A missing or expired sync token (412) is replaced by the fresh one from
  the error and the call goes on at once; ``has_more`` is fetched at once; an empty answer
  waits ``poll_interval`` seconds. The caller's params dict is never changed.
- ``EventsStream`` (``events.get_iterator``): an endless item iterator over the same polling.
- ``LegacyUpload`` (``attachments.create_on_task``): the original client's upload signature,
  ``(task, file_content, file_name, file_content_type=None)``, sent as today's
  ``POST /attachments`` with ``parent``.
- ``SearchAll`` (``tasks.search_all_tasks_for_workspace``): every match of a task search,
  one search after another with a moving ``created_at`` bound (see :mod:`._search`).

Like every endpoint they are declarations both clients send; the I/O is a flow from the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _core
from ._endpoints import Endpoint
from ._search import SearchCursor
from .errors import InvalidArgumentError, InvalidTokenError

__all__ = [
    "EventsCursor",
    "EventsNext",
    "EventsStream",
    "LegacyUpload",
    "SearchAll",
    "events_next_flow",
]


def events_next_flow(
    call: _core.PreparedCall, query: Mapping[str, str]
) -> _core.Flow[tuple[list[Any], str]]:
    """Poll until events arrive; returns ``(events, sync)`` (``query`` overrides the call's)."""
    current = {**call.query, **query}
    while True:
        try:
            response = yield from _core.send_flow(call, call.request(current))
        except InvalidTokenError as error:
            if error.sync is None:
                raise
            current["sync"] = error.sync
            continue
        page = _core.parse_result(call, response)
        current["sync"] = page.sync
        if page.data:
            return list(page.data), page.sync
        if not page.has_more:
            yield _core.Sleep(call.options.poll_interval)


class EventsCursor:
    """Iteration state of ``events.get_iterator``: the sync token and the events in hand."""

    __slots__ = ("sync",)

    done = False

    def __init__(self, sync: str | None) -> None:
        self.sync = sync

    def page_query(self) -> dict[str, str]:
        return {"sync": self.sync} if self.sync else {}

    def feed(self, page: tuple[list[Any], str]) -> list[Any]:
        events, self.sync = page
        return events


class EventsNext(Endpoint):
    """``events.get_next(params)``: the next events and the sync token to continue from."""

    __slots__ = ()

    def result_flow(self, call: _core.PreparedCall) -> _core.Flow[Any]:
        """Poll until events arrive."""
        return events_next_flow(call, {})


class EventsStream(Endpoint):
    """``events.get_iterator(params)``: every event from now on, polling as needed."""

    __slots__ = ()

    def iterates(self, iterator_type: str | None) -> bool:
        """Always an iterator."""
        return True

    def page_flow(self, call: _core.PreparedCall, query: Mapping[str, str]) -> _core.Flow[Any]:
        """One poll: the next events and sync token after the given one."""
        return events_next_flow(call, query)

    def cursor(self, call: _core.PreparedCall) -> EventsCursor:
        """Iteration state that starts at the call's sync token."""
        return EventsCursor(call.query.get("sync"))


class LegacyUpload(Endpoint):
    """``attachments.create_on_task(task, file_content, file_name, file_content_type=None)``.

    The original client posted to ``/tasks/{task}/attachments``, which is gone; this sends
    ``POST /attachments`` with ``parent`` set to the task, as Asana asks today.
    """

    __slots__ = ()

    def bind_args(
        self, args: tuple[Any, ...], params: Any
    ) -> tuple[tuple[Any, ...], Mapping[str, Any]]:
        """The upload's form fields from the original client's positional arguments."""
        if len(args) not in (3, 4) or params is not None:
            raise InvalidArgumentError(
                f"{self.name}() takes (task_gid, file_content, file_name[, file_content_type])"
            )
        task, content, name = args[:3]
        _core.encode_gid(task, "task_gid")
        file = (name, content, args[3]) if len(args) == 4 and args[3] else (name, content)
        return (), {"parent": task, "file": file}


class SearchAll(Endpoint):
    """``tasks.search_all_tasks_for_workspace``: every match, past one search's 100."""

    __slots__ = ()

    def iterates(self, iterator_type: str | None) -> bool:
        """Always an iterator."""
        return True

    def cursor(self, call: _core.PreparedCall) -> SearchCursor:
        """The walk's state; refuses params and options it cannot honour."""
        return SearchCursor(call)
