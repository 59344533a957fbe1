"""Duplicating tasks and projects: new objects built from the original, answered as a job.

``POST /tasks/{gid}/duplicate`` copies the task's name and subtype and the parts named in
``include`` (``notes``, ``assignee``, ``dates``, ``projects``, ``tags``, ``followers``,
``parent``, ``dependencies``, ``attachments``, ``subtasks``). ``POST /projects/{gid}/duplicate``
copies every task, in its section, and the ``task_*`` parts named in ``include`` for each, plus
``notes`` and ``members``; ``schedule_dates`` moves the tasks' dates so that the first starts
on ``start_on`` (or the last is due on ``due_on``), weekends included (``should_skip_weekends``
is not modelled). Other ``include`` values are accepted and change nothing (the fake has no
forms, rules or allocations to copy).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, missing_input
from .._engine._router import Endpoints
from ._copying import (
    TASK_PARTS,
    build_project,
    build_task,
    dates_of,
    project_blueprint,
    task_blueprint,
)
from ._task_records import gid_list
from .jobs import start_job

__all__ = ["endpoints", "required_name", "shift_to"]

endpoints = Endpoints()


def required_name(call: Call) -> str:
    """The ``name`` of the new object, which must be given."""
    if not call.data.get("name"):
        raise missing_input("name")
    name: str = call.text("name")
    return name


def shift_to(blueprint: dict[str, Any], wanted: str | None, *, last: bool = False) -> int:
    """Days to move a blueprint's dates so its first (or ``last``) date falls on ``wanted``."""
    days = dates_of(blueprint)
    if wanted is None or not days:
        return 0
    try:
        target = date.fromisoformat(str(wanted)[:10])
    except ValueError:
        raise bad_request(f"Expected a date in the format YYYY-MM-DD, got {wanted!r}") from None
    return (target - (max(days) if last else min(days))).days


@endpoints.post("/tasks/{task_gid}/duplicate")
def duplicate_task(call: Call) -> Reply:
    source = call.in_path("task")
    name = required_name(call)
    parts = set(gid_list(call.data.get("include"))) & TASK_PARTS
    blueprint = {**task_blueprint(call.store, source, parts), "name": name}
    copy = build_task(call, blueprint, {"workspace": source["workspace"].gid})
    return start_job(call, "duplicate_task", new_task=copy)


@endpoints.post("/projects/{project_gid}/duplicate")
def duplicate_project(call: Call) -> Reply:
    source = call.in_path("project")
    name = required_name(call)
    include = set(gid_list(call.data.get("include")))
    parts = {part.removeprefix("task_") for part in include} & TASK_PARTS
    blueprint = project_blueprint(call.store, source, parts)
    data: dict[str, Any] = {"name": name, "workspace": source["workspace"].gid}
    team = call.data.get("team") or (source["team"].gid if source["team"] else None)
    if team:
        data["team"] = str(team)
    schedule = call.data.get("schedule_dates") or {}
    if not isinstance(schedule, dict):
        raise bad_request("schedule_dates: Expected an object")
    shift = shift_to(blueprint, schedule.get("start_on")) or shift_to(
        blueprint, schedule.get("due_on"), last=True
    )
    copy = build_project(call, blueprint, data, notes="notes" in include, shift=shift)
    if "members" in include:
        for ref in source["members"]:
            if ref not in copy["members"]:
                copy["members"].append(ref)
    return start_job(call, "duplicate_project", new_project=copy)
