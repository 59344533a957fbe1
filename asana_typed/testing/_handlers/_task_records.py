"""Task records: creating them and applying the writable fields of a request.

Shared by the task endpoint modules and by :meth:`FakeAsana.add_task`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._engine._call import Call, Reply
from .._engine._errors import bad_request
from .._engine._state import Record, Ref, Store, parse_timestamp, user_gid_of, utc_timestamp
from ._activity import record_task_created
from ._custom_field_values import custom_field_values, set_custom_field_values
from ._task_placement import add_to_project, set_parent
from ._text_fields import write_text_fields

__all__ = [
    "add_follower",
    "apply_task_fields",
    "create_task",
    "created_task_reply",
    "existing_tasks",
    "gid_list",
    "log_task_added",
    "task_page",
]

_SUBTYPES = ("default_task", "milestone", "section", "approval")
_APPROVAL_STATUSES = ("pending", "approved", "rejected", "changes_requested")
_ASSIGNEE_STATUSES = ("inbox", "later", "today", "upcoming")
SET_ELSEWHERE = {
    "projects": "addProject / removeProject",
    "memberships": "addProject / removeProject",
    "parent": "setParent",
    "followers": "addFollowers / removeFollowers",
    "tags": "addTag / removeTag",
    "workspace": "(a task cannot change workspace)",
}


def create_task(store: Store, data: dict[str, Any], user_gid: str) -> Record:
    """Store a new task from a ``TaskCreateRequest`` body.

    The task needs a home: ``workspace``, ``projects``, ``memberships`` or ``parent``.
    """
    project_gids = gid_list(data.get("projects"))
    memberships = data.get("memberships") or []
    if not isinstance(memberships, list):
        raise bad_request("memberships: Expected a list of {project, section} objects")
    parent = store.get("task", str(data["parent"])) if data.get("parent") else None
    workspace_gid: str | None = None
    if data.get("workspace"):
        workspace_gid = store.get("workspace", str(data["workspace"]))["gid"]
    elif parent is not None:
        workspace_gid = parent["workspace"].gid
    elif project_gids:
        workspace_gid = store.get("project", project_gids[0])["workspace"].gid
    elif memberships:
        workspace_gid = store.get("project", str(memberships[0].get("project")))["workspace"].gid
    if workspace_gid is None:
        raise bad_request("workspace: Missing input; give one of workspace, projects or parent")
    now = utc_timestamp()
    me = Ref("user", user_gid)
    task = store.insert(
        "task",
        {
            "name": "",
            "resource_subtype": "default_task",
            "created_by": {"gid": user_gid, "resource_type": "user"},
            "assignee_status": "upcoming",
            "assigned_by": None,
            "completed": False,
            "completed_at": None,
            "completed_by": None,
            "created_at": now,
            "dependencies": [],
            "dependents": [],
            "due_at": None,
            "due_on": None,
            "external": None,
            "html_notes": "<body></body>",
            "hearted": False,
            "hearts": [],
            "is_rendered_as_separator": False,
            "liked": False,
            "likes": [],
            "memberships": [],
            "modified_at": now,
            "notes": "",
            "num_hearts": 0,
            "num_likes": 0,
            "num_subtasks": 0,
            "start_at": None,
            "start_on": None,
            "actual_time_minutes": None,
            "assignee": None,
            "assignee_section": None,
            "custom_type": None,
            "custom_type_status_option": None,
            "followers": [me],
            "parent": None,
            "projects": [],
            "tags": [],
            "workspace": Ref("workspace", workspace_gid),
            "_subtasks": [],
            "_custom_id": None,
            "_custom_field_values": {},
        },
    )
    task["permalink_url"] = f"https://app.asana.com/0/0/{task['gid']}"
    task["custom_fields"] = custom_field_values(task)
    values = data.get("custom_fields")
    fields = {key: value for key, value in data.items() if key != "custom_fields"}
    apply_task_fields(store, task, fields, user_gid)
    for gid in project_gids:
        add_to_project(store, task, store.get("project", gid))
    for membership in memberships:
        project = store.get("project", str(membership.get("project")))
        section_gid = membership.get("section")
        section = store.get("section", str(section_gid)) if section_gid else None
        add_to_project(store, task, project, section=section)
    if parent is not None:
        set_parent(store, task, parent)
    for identifier in gid_list(data.get("followers")):
        add_follower(store, task, user_gid_of(store, identifier, user_gid))
    for gid in gid_list(data.get("tags")):
        task["tags"].append(Ref("tag", store.get("tag", gid)["gid"]))
    if values is not None:  # once the task is in its projects, which bring the fields
        set_custom_field_values(store, task, values, user_gid)
    return task


def gid_list(value: Any) -> list[str]:
    """Gids given as a list or as a comma-separated string."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [str(item) for item in value]
    raise bad_request(f"Expected a list of object ids, got {value!r}")


def _choice(data: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = data[key]
    if value not in allowed:
        raise bad_request(f"{key}: Must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _date(data: dict[str, Any], key: str, *, with_time: bool) -> str | None:
    value = data[key]
    if value is None:
        return None
    moment = parse_timestamp(value) if isinstance(value, str) else None
    if moment is None or ("T" in value) != with_time:
        expected = "an ISO 8601 date-time" if with_time else "a date in the format YYYY-MM-DD"
        raise bad_request(f"{key}: Expected {expected}, got {value!r}")
    return utc_timestamp(moment) if with_time else value


def apply_task_fields(store: Store, task: Record, data: dict[str, Any], user_gid: str) -> None:
    """Write the writable fields of a task request into the record, as ``user_gid``."""
    write_text_fields(task, data, ("name", "notes", "html_notes"), rich=("notes", "html_notes"))
    if "resource_subtype" in data:
        task["resource_subtype"] = _choice(data, "resource_subtype", _SUBTYPES)
        if task["resource_subtype"] == "approval":
            task.setdefault("approval_status", "pending")
    if "approval_status" in data:
        task["approval_status"] = _choice(data, "approval_status", _APPROVAL_STATUSES)
    if "assignee_status" in data:
        task["assignee_status"] = _choice(data, "assignee_status", _ASSIGNEE_STATUSES)
    if "due_on" in data and "due_at" in data and data["due_on"] and data["due_at"]:
        raise bad_request("You may only provide one of due_on or due_at")
    for key, with_time in (
        ("due_on", False),
        ("due_at", True),
        ("start_on", False),
        ("start_at", True),
    ):
        if key in data:
            task[key] = _date(data, key, with_time=with_time)
            if key == "due_at":
                task["due_on"] = task["due_at"][:10] if task["due_at"] else None
            if key == "due_on" and data[key] is not None:
                task["due_at"] = None
    if "completed" in data:
        completed = data["completed"]
        if not isinstance(completed, bool):
            raise bad_request(f"completed: Expected true or false, got {completed!r}")
        if completed != task["completed"]:
            task["completed"] = completed
            task["completed_at"] = utc_timestamp() if completed else None
            task["completed_by"] = Ref("user", user_gid) if completed else None
    if "liked" in data:
        _set_liked(store, task, user_gid, bool(data["liked"]))
    if "external" in data:
        if data["external"] is not None and not isinstance(data["external"], dict):
            raise bad_request("external: Expected an object with gid and data")
        task["external"] = data["external"]
    if "assignee" in data:
        assignee = data["assignee"]
        gid = user_gid_of(store, str(assignee), user_gid) if assignee is not None else None
        task["assignee"] = Ref("user", gid) if gid else None
        task["assigned_by"] = Ref("user", user_gid) if gid else None
        if gid:
            add_follower(store, task, gid)
    if "custom_fields" in data:
        set_custom_field_values(store, task, data["custom_fields"], user_gid)
    task["modified_at"] = utc_timestamp()


def add_follower(store: Store, task: Record, user_gid: str) -> None:
    """Make a user (who must exist) follow a task."""
    store.get("user", user_gid)
    if all(ref.gid != user_gid for ref in task["followers"]):
        task["followers"].append(Ref("user", user_gid))


def _set_liked(store: Store, task: Record, user_gid: str, liked: bool) -> None:
    likes = [like for like in task["likes"] if like["user"].gid != user_gid]
    if liked:
        likes.append({"gid": store.new_gid(), "user": Ref("user", user_gid)})
    task["likes"] = task["hearts"] = likes
    task["liked"] = task["hearted"] = liked
    task["num_likes"] = task["num_hearts"] = len(likes)


def existing_tasks(call: Call, gids: list[str]) -> list[Record]:
    """The tasks with these gids that still exist, in order."""
    tasks = [call.store.find("task", gid) for gid in gids]
    return [task for task in tasks if task is not None]


def _since_filter(call: Call, name: str) -> Callable[[Record], bool]:
    """A predicate for ``completed_since`` / ``modified_since``; accepts all when absent."""
    raw = call.query.get(name)
    if raw is None:
        return lambda task: True
    if name == "completed_since" and raw == "now":
        return lambda task: not task["completed"]
    since = parse_timestamp(raw)
    if since is None:
        raise bad_request(f"{name}: Expected an ISO 8601 date-time or 'now', got {raw!r}")
    if name == "completed_since":
        return lambda task: not task["completed"] or (_after(task["completed_at"], since))
    return lambda task: _after(task["modified_at"], since)


def _after(timestamp: str | None, since: Any) -> bool:
    moment = parse_timestamp(timestamp) if timestamp else None
    return moment is not None and moment >= since


def task_page(call: Call, tasks: list[Record]) -> Reply:
    """A page of tasks, filtered by ``completed_since`` and ``modified_since``."""
    completed = _since_filter(call, "completed_since")
    modified = _since_filter(call, "modified_since")
    return call.page([t for t in tasks if completed(t) and modified(t)])


def log_task_added(call: Call, task: Record) -> None:
    """The events and the ``created`` story of a task the caller has just made."""
    call.event("added", task)
    record_task_created(call.store, task, call.user_gid)
    for ref in task["projects"]:
        project = call.store.resolve(ref)
        if project is not None:
            call.event("added", task, parent=project)


def created_task_reply(call: Call, data: dict[str, Any]) -> Reply:
    """Create a task from a request body, log its events, answer 201."""
    task = create_task(call.store, data, call.user_gid)
    log_task_added(call, task)
    return call.one(task, status=201)
