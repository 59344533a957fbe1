"""Copies of tasks and projects, built from blueprints.

A *blueprint* is plain data describing what to build: a task's name, subtype and the parts asked
for (notes, assignee, dates, tags, followers, projects, parent, dependencies, attachments,
subtasks), or a project's notes and its sections with their tasks. Duplicating takes the
blueprint of the original and builds it at once; a project or task template keeps one and
builds it at each instantiation, its dates moved by a number of days.

Built tasks are logged as tasks created by the caller (the ``created`` story and ``added``
events), so event streams and webhooks see them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from .._engine._call import Call
from .._engine._state import Record, Store
from ._task_placement import link_dependency
from ._task_records import create_task, log_task_added
from .attachments import create_attachment
from .projects import create_project
from .sections import create_section, sections_of

__all__ = [
    "TASK_PARTS",
    "build_project",
    "build_task",
    "dates_of",
    "project_blueprint",
    "task_blueprint",
]

TASK_PARTS = frozenset(
    {
        "assignee",
        "attachments",
        "dates",
        "dependencies",
        "followers",
        "notes",
        "parent",
        "projects",
        "subtasks",
        "tags",
    }
)
"""What a task copy may keep (``include`` of ``duplicate_task``; ``task_*`` for projects)."""

_DATE_KEYS = ("due_on", "start_on", "due_at", "start_at")


def task_blueprint(store: Store, task: Record, parts: Iterable[str]) -> Record:
    """What a copy of ``task`` keeps: name and subtype, and the ``parts`` asked for."""
    keep = frozenset(parts)
    blueprint: Record = {
        "from": task["gid"],
        "name": task["name"],
        "resource_subtype": task["resource_subtype"],
    }
    if "notes" in keep:
        blueprint["html_notes"] = task["html_notes"]
    if "assignee" in keep and task["assignee"] is not None:
        blueprint["assignee"] = task["assignee"].gid
    if "dates" in keep:
        blueprint.update({key: task[key] for key in _DATE_KEYS if task.get(key)})
        if blueprint.get("due_at"):
            blueprint.pop("due_on", None)
    for key in ("projects", "tags", "followers", "dependencies"):
        if key in keep:
            blueprint[key] = [ref.gid for ref in task[key]]
    if "parent" in keep and task["parent"] is not None:
        blueprint["parent"] = task["parent"].gid
    if "attachments" in keep:
        blueprint["attachments"] = [
            a["gid"] for a in store.all("attachment") if a["parent"].gid == task["gid"]
        ]
    if "subtasks" in keep:
        children = [store.find("task", gid) for gid in task["_subtasks"]]
        below = keep - {"parent", "projects"}
        blueprint["subtasks"] = [task_blueprint(store, c, below) for c in children if c]
    return blueprint


def project_blueprint(store: Store, project: Record, parts: Iterable[str]) -> Record:
    """A project's notes, color, view, and its tasks by section (task ``parts`` as above)."""
    keep = frozenset(parts)
    sectioned: set[str] = set()
    sections: list[Record] = []
    for section in sections_of(store, project):
        tasks = _tasks(store, section["_tasks"], project, keep)
        sectioned.update(section["_tasks"])
        sections.append({"name": section["name"], "tasks": tasks})
    loose = [gid for gid in project["_tasks"] if gid not in sectioned]
    return {
        "html_notes": project["html_notes"],
        "color": project["color"],
        "default_view": project["default_view"],
        "sections": sections,
        "tasks": _tasks(store, loose, project, keep),
    }


def _tasks(store: Store, gids: list[str], project: Record, keep: frozenset[str]) -> list[Record]:
    blueprints = []
    for gid in gids:
        task = store.find("task", gid)
        if task is not None:
            blueprint = task_blueprint(store, task, keep)
            if "projects" in blueprint:
                blueprint["projects"] = [p for p in blueprint["projects"] if p != project["gid"]]
            blueprints.append(blueprint)
    return blueprints


def dates_of(blueprint: Record) -> list[date]:
    """Every task date of a project or task blueprint (what date moves count from)."""
    return [
        date.fromisoformat(str(task[key])[:10])
        for task in _walk([blueprint])
        for key in _DATE_KEYS
        if task.get(key)
    ]


def _walk(blueprints: Iterable[Record]) -> Iterator[Record]:
    for blueprint in blueprints:
        yield blueprint
        for section in blueprint.get("sections", []):
            yield from _walk(section["tasks"])
        yield from _walk(blueprint.get("tasks", []))
        yield from _walk(blueprint.get("subtasks", []))


def _shifted(value: str, days: int) -> str:
    moved = date.fromisoformat(value[:10]) + timedelta(days=days)
    return moved.isoformat() + value[10:]


def build_task(call: Call, blueprint: Record, home: dict[str, Any], *, shift: int = 0) -> Record:
    """Create the task a blueprint describes in ``home`` (``projects``, ``memberships``,
    ``parent`` or ``workspace``), dates moved by ``shift`` days, and its subtasks."""
    copies: dict[str, str] = {}
    task = _build(call, blueprint, home, shift, copies)
    _link_dependencies(call.store, [blueprint], copies)
    return task


def _build(
    call: Call, blueprint: Record, home: dict[str, Any], shift: int, copies: dict[str, str]
) -> Record:
    data: dict[str, Any] = {
        key: value
        for key, value in blueprint.items()
        if key not in ("from", "subtasks", "dependencies", "attachments", "projects", "parent")
    }
    for key in _DATE_KEYS:
        if data.get(key):
            data[key] = _shifted(str(data[key]), shift)
    data.update(home)
    if blueprint.get("projects"):
        data["projects"] = [*data.get("projects", []), *blueprint["projects"]]
    if blueprint.get("parent") and "parent" not in home:
        data["parent"] = blueprint["parent"]
    task = create_task(call.store, data, call.user_gid)
    log_task_added(call, task)
    copies[blueprint["from"]] = task["gid"]
    for gid in blueprint.get("attachments", []):
        original = call.store.find("attachment", gid)
        if original is not None:
            create_attachment(
                call.store,
                task,
                name=original["name"],
                resource_subtype=original["resource_subtype"],
                content=original["_content"],
                content_type=original["_content_type"],
                url=None if original["_content"] is not None else original["download_url"],
            )
    for child in blueprint.get("subtasks", []):
        _build(call, child, {"parent": task["gid"]}, shift, copies)
    return task


def _link_dependencies(store: Store, blueprints: list[Record], copies: dict[str, str]) -> None:
    """Make copies depend on the copies of what the originals depended on (else the same)."""
    for blueprint in _walk(blueprints):
        task = store.find("task", copies.get(blueprint.get("from", ""), ""))
        for gid in blueprint.get("dependencies", []):
            dependency = store.find("task", copies.get(gid, gid))
            if task is not None and dependency is not None:
                link_dependency(task, dependency)


def build_project(
    call: Call, blueprint: Record, data: dict[str, Any], *, notes: bool = True, shift: int = 0
) -> Record:
    """Create a project from ``data`` (a ``ProjectRequest``) with the blueprint's sections
    and tasks (and notes, unless ``notes`` is false); logs its ``added`` event."""
    fields = {"color": blueprint["color"], "default_view": blueprint["default_view"], **data}
    if notes:
        fields["html_notes"] = blueprint["html_notes"]
    project = create_project(call.store, fields, call.user_gid)
    call.event("added", project)
    copies: dict[str, str] = {}
    for section_blueprint in blueprint["sections"]:
        section = create_section(call.store, project, section_blueprint["name"])
        home = {"memberships": [{"project": project["gid"], "section": section["gid"]}]}
        for task in section_blueprint["tasks"]:
            _build(call, task, home, shift, copies)
    for task in blueprint["tasks"]:
        _build(call, task, {"projects": [project["gid"]]}, shift, copies)
    _link_dependencies(call.store, [blueprint], copies)
    return project
