"""Tags: CRUD, listings by workspace and task, and their followers.

A tag's event stream (``GET /events?resource=<tag>``) shows the tag's own changes (one
``changed`` event per field changed, and its deletion) and the tasks added to or removed from
it.

A task's tags live in its ``tags`` refs (``addTag``/``removeTag`` change them); the tasks of
a tag are found from there, so both sides always agree.
"""

from __future__ import annotations

from typing import Any

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, missing_input
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store, user_gid_of, utc_timestamp
from ._activity import record_field_changes
from ._text_fields import write_text_fields

__all__ = ["create_tag", "endpoints"]

endpoints = Endpoints()

TAG_COLORS = frozenset(
    f"{shade}-{hue}"
    for shade in ("dark", "light")
    for hue in ("pink", "green", "blue", "red", "teal", "brown", "orange", "purple", "warm-gray")
)


def create_tag(store: Store, data: dict[str, Any], user_gid: str) -> Record:
    """Store a new tag from a ``TagCreateRequest`` body (``workspace`` needed)."""
    if not data.get("workspace"):
        raise missing_input("workspace")
    workspace = store.get("workspace", str(data["workspace"]))
    tag = store.insert(
        "tag",
        {
            "name": "",
            "color": None,
            "notes": "",
            "created_at": utc_timestamp(),
            "followers": [],
            "workspace": Ref("workspace", workspace["gid"]),
        },
    )
    tag["permalink_url"] = f"https://app.asana.com/0/{tag['gid']}/list"
    _apply(tag, data)
    followers = data.get("followers") or []
    for identifier in followers if isinstance(followers, list) else str(followers).split(","):
        gid = user_gid_of(store, str(identifier).strip(), user_gid)
        if all(ref.gid != gid for ref in tag["followers"]):
            tag["followers"].append(Ref("user", gid))
    return tag


_WRITABLE = ("name", "notes", "color")


def _apply(tag: Record, data: dict[str, Any]) -> None:
    write_text_fields(tag, data, ("name", "notes"))
    if "color" in data:
        if data["color"] is not None and data["color"] not in TAG_COLORS:
            raise bad_request(f"color: Unknown color {data['color']!r}")
        tag["color"] = data["color"]


def _created(call: Call, data: dict[str, Any]) -> Reply:
    tag = create_tag(call.store, data, call.user_gid)
    call.event("added", tag)
    return call.one(tag, status=201)


@endpoints.get("/tags")
def get_tags(call: Call) -> Reply:
    workspace = call.get("workspace", call.require_query("workspace"))
    return call.page([t for t in call.store.all("tag") if t["workspace"].gid == workspace["gid"]])


@endpoints.post("/tags")
def create_tag_endpoint(call: Call) -> Reply:
    return _created(call, call.data)


@endpoints.put("/tags/{tag_gid}")
def update_tag(call: Call) -> Reply:
    tag = call.in_path("tag")
    before = dict(tag)
    _apply(tag, call.data)
    record_field_changes(call.store, tag, before, call.user_gid, _WRITABLE)
    return call.one(tag)


@endpoints.delete("/tags/{tag_gid}")
def delete_tag(call: Call) -> Reply:
    tag = call.in_path("tag")
    for task in call.store.all("task"):
        task["tags"] = [ref for ref in task["tags"] if ref.gid != tag["gid"]]
    call.event("deleted", tag)
    call.store.delete("tag", tag["gid"])
    return call.empty()


@endpoints.get("/tasks/{task_gid}/tags")
def get_tags_for_task(call: Call) -> Reply:
    task = call.in_path("task")
    return call.page(call.store.resolve_all(task["tags"]))


@endpoints.post("/workspaces/{workspace_gid}/tags")
def create_tag_for_workspace(call: Call) -> Reply:
    return _created(call, call.data_within("workspace"))
