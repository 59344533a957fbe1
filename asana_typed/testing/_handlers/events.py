"""``GET /events?resource=<gid>&sync=<token>``: the event stream of any object.

An event shows in the stream of every gid in its ``_feeds`` (see :func:`._state.feeds_of`): a
task's stream has the task's own changes and its stories; a project's stream also has every
change to its tasks and their stories; a tag's has its own changes and the tasks added to or
removed from it; a section's has the tasks added to or removed from it. Tokens, the 412 and
the 100-event pages are :mod:`._sync_tokens`'.
"""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import not_found
from .._engine._render import FieldTree, parse_fields, render
from .._engine._router import Endpoints
from .._engine._state import Record
from ._sync_tokens import read_events

__all__ = ["DEFAULT_EVENT_FIELDS", "endpoints", "render_event"]

endpoints = Endpoints()

_NAMED = parse_fields("resource_type,name")
DEFAULT_EVENT_FIELDS: FieldTree = {
    "user": parse_fields("resource_type,name"),
    "resource": _NAMED,
    "type": {},
    "action": {},
    "parent": _NAMED,
    "created_at": {},
    "change": {},
}


def render_event(call: Call, event: Record) -> Record:
    """An event as ``EventResponse`` JSON (``resource``/``parent`` as named resources)."""
    return render(call.store, event, call.fields or DEFAULT_EVENT_FIELDS, "full")


@endpoints.get("/events")
def get_events(call: Call) -> Reply:
    gid = call.require_query("resource")
    if call.store.find_any(gid) is None:
        raise not_found(gid)
    events, sync, has_more = read_events(
        call.store,
        f"resource:{gid}",
        call.query.get("sync"),
        lambda event: gid in event.get("_feeds", ()),
    )
    data = [render_event(call, event) for event in events]
    return Reply(200, {"data": data, "sync": sync, "has_more": has_more})
