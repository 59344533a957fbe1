"""Finding tasks across a workspace: by custom id, and the search endpoint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, not_found
from .._engine._pagination import MAX_LIMIT, parse_limit
from .._engine._router import Endpoints
from .._engine._state import Record, parse_timestamp, referenced_gids
from ._custom_field_values import custom_field_filter

__all__ = ["endpoints"]

endpoints = Endpoints()


# -- lookups across a workspace -----------------------------------------------------------


@endpoints.get("/workspaces/{workspace_gid}/tasks/custom_id/{custom_id}")
def get_task_for_custom_id(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    custom_id = call.param("custom_id")
    for task in call.store.all("task"):
        if task["workspace"].gid == workspace["gid"] and task["_custom_id"] == custom_id:
            return call.one(task)
    raise not_found(custom_id)


_ANY_FILTERS = {
    "assignee.any": "assignee",
    "projects.any": "projects",
    "tags.any": "tags",
    "followers.any": "followers",
    "created_by.any": "created_by",
    "assigned_by.any": "assigned_by",
}
_NOT_FILTERS = {
    "assignee.not": "assignee",
    "projects.not": "projects",
    "tags.not": "tags",
    "followers.not": "followers",
    "created_by.not": "created_by",
    "assigned_by.not": "assigned_by",
    "liked_by.not": "likes",
}
_ALL_FILTERS = {"projects.all": "projects", "tags.all": "tags"}


_TIME_FILTERS = {
    **{
        f"{field}_{unit}{side}": (f"{field}_at", unit == "on", side)
        for field in ("created", "modified", "completed")
        for unit, sides in (("at", (".before", ".after")), ("on", ("", ".before", ".after")))
        for side in sides
    },
    **{
        f"{field}{side}": (field, True, side)
        for field in ("due_on", "start_on")
        for side in ("", ".before", ".after")
    },
    **{f"due_at{side}": ("due_at", False, side) for side in (".before", ".after")},
}
"""``created_at.before`` ... ``completed_on``, ``due_on``, ``due_at.before``, ``start_on``
...: (the task's field, by day, which side)."""


def _in_time_range(tasks: list[Record], query: dict[str, str]) -> list[Record]:
    """The tasks within the ``<field>_at.before/.after`` and ``<field>_on[.before/.after]``
    filters: bounds are exclusive, ``_on`` compares UTC days, ``<field>_on=null`` matches the
    tasks without the field."""
    for key, (field, day, side) in _TIME_FILTERS.items():
        if key not in query:
            continue
        if not side and query[key] == "null":
            tasks = [t for t in tasks if not t.get(field)]
            continue
        bound = parse_timestamp(query[key])
        if bound is None:
            raise bad_request(f"{key}: Expected an ISO 8601 date{'' if day else '-time'}")
        tasks = [t for t in tasks if _within(t.get(field), bound, side, day)]
    return tasks


def _within(value: str | None, bound: datetime, side: str, day: bool) -> bool:
    moment = parse_timestamp(value or "")
    if moment is None:
        return False
    if day:
        moment, bound = _midnight(moment), _midnight(bound)
    if side == ".before":
        return moment < bound
    if side == ".after":
        return moment > bound
    return moment == bound


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _sections_of(task: Record) -> set[str]:
    return {m["section"].gid for m in task["memberships"] if m["section"] is not None}


def _by_sections(tasks: list[Record], query: dict[str, str]) -> list[Record]:
    """``sections.any``, ``sections.not`` and ``sections.all``."""
    if "sections.any" in query:
        chosen = set(query["sections.any"].split(","))
        tasks = [t for t in tasks if chosen & _sections_of(t)]
    if "sections.not" in query:
        chosen = set(query["sections.not"].split(","))
        tasks = [t for t in tasks if not chosen & _sections_of(t)]
    if "sections.all" in query:
        chosen = set(query["sections.all"].split(","))
        tasks = [t for t in tasks if chosen <= _sections_of(t)]
    return tasks


def _by_containers(call: Call, tasks: list[Record], query: dict[str, str]) -> list[Record]:
    """``teams.any`` (the teams of a task's projects) and ``portfolios.any`` (the fake holds
    no portfolio, so no task is in one)."""
    if "teams.any" in query:
        chosen = set(query["teams.any"].split(","))

        def teams_of(task: Record) -> set[str]:
            projects = (call.store.get("project", gid) for gid in referenced_gids(task["projects"]))
            return {p["team"].gid for p in projects if p.get("team") is not None}

        tasks = [t for t in tasks if chosen & teams_of(t)]
    if "portfolios.any" in query:
        tasks = []
    return tasks


def _by_activity(call: Call, tasks: list[Record], query: dict[str, str]) -> list[Record]:
    """``commented_on_by.not`` (the authors of a task's comments) and ``has_attachment``."""
    if "commented_on_by.not" in query:
        chosen = set(query["commented_on_by.not"].split(","))
        authors: dict[str, set[str]] = {}
        for story in call.store.all("story"):
            if story["type"] == "comment" and story["created_by"] is not None:
                authors.setdefault(story["target"].gid, set()).add(story["created_by"].gid)
        tasks = [t for t in tasks if not chosen & authors.get(t["gid"], set())]
    wanted = call.query_bool("has_attachment")
    if wanted is not None:
        attached = {a["parent"].gid for a in call.store.all("attachment")}
        tasks = [t for t in tasks if (t["gid"] in attached) == wanted]
    return tasks


@endpoints.get("/workspaces/{workspace_gid}/tasks/search")
def search_tasks_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    query = call.query
    tasks = [t for t in call.store.all("task") if t["workspace"].gid == workspace["gid"]]
    text = query.get("text", "").lower()
    if text:
        tasks = [t for t in tasks if text in t["name"].lower() or text in t["notes"].lower()]
    if "resource_subtype" in query:
        tasks = [t for t in tasks if t["resource_subtype"] == query["resource_subtype"]]
    flags: list[tuple[str, Callable[[Record], bool]]] = [
        ("completed", lambda t: bool(t["completed"])),
        ("is_subtask", lambda t: t["parent"] is not None),
        ("is_blocked", lambda t: bool(t["dependencies"])),
        ("is_blocking", lambda t: bool(t["dependents"])),
    ]
    for flag, test in flags:
        wanted = call.query_bool(flag)
        if wanted is not None:
            tasks = [t for t in tasks if test(t) == wanted]
    for param, key in _ANY_FILTERS.items():
        if param in query:
            chosen = set(query[param].split(","))
            tasks = [t for t in tasks if chosen & referenced_gids(t.get(key))]
    for param, key in _NOT_FILTERS.items():
        if param in query:
            chosen = set(query[param].split(","))
            tasks = [t for t in tasks if not chosen & referenced_gids(t.get(key))]
    for param, key in _ALL_FILTERS.items():
        if param in query:
            chosen = set(query[param].split(","))
            tasks = [t for t in tasks if chosen <= referenced_gids(t.get(key))]
    tasks = _by_sections(tasks, query)
    tasks = _by_containers(call, tasks, query)
    tasks = _by_activity(call, tasks, query)
    matches = custom_field_filter(call.store, query)
    tasks = [t for t in tasks if matches(t)]
    tasks = _in_time_range(tasks, query)
    sort_by = query.get("sort_by", "modified_at")
    sort_key = {"due_date": "due_on", "likes": "num_likes"}.get(sort_by, sort_by)
    if sort_key in ("modified_at", "created_at", "due_on", "completed_at", "num_likes"):
        descending = call.query_bool("sort_ascending") is not True
        tasks.sort(key=lambda t: str(t.get(sort_key) or ""), reverse=descending)
    return call.listing(tasks, cap=parse_limit(query) or MAX_LIMIT)
