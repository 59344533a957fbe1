"""Where tasks live: projects (and their sections), parents and dependency links.

A task keeps ``projects`` and ``memberships`` (``{"project", "section"}`` pairs) as refs; a
project, a section and a parent task keep the ordered gids of their tasks in ``_tasks`` or
``_subtasks``. The functions here change both sides together so they never disagree.
"""

from __future__ import annotations

from .._engine._errors import bad_request
from .._engine._state import Record, Ref, Store

__all__ = [
    "add_to_project",
    "detach_task",
    "link_dependency",
    "place",
    "remove_from_project",
    "set_parent",
    "unlink_dependency",
]


def place(order: list[str], gid: str, insert_before: str | None, insert_after: str | None) -> None:
    """Put ``gid`` into ``order`` (moving it if present), by default at the end."""
    if gid in order:
        order.remove(gid)
    if insert_before is not None and insert_after is not None:
        raise bad_request("Specify at most one of insert_before and insert_after")
    anchor = insert_before if insert_before is not None else insert_after
    if anchor is None:
        order.append(gid)
        return
    if anchor not in order:
        name = "insert_before" if insert_before is not None else "insert_after"
        raise bad_request(f"{name}: {anchor} is not in this list")
    index = order.index(anchor) + (0 if insert_before is not None else 1)
    order.insert(index, gid)


def add_to_project(
    store: Store,
    task: Record,
    project: Record,
    *,
    section: Record | None = None,
    insert_before: str | None = None,
    insert_after: str | None = None,
) -> None:
    """Add ``task`` to ``project`` (or move it within), optionally into ``section``."""
    if task["workspace"].gid != project["workspace"].gid:
        raise bad_request("project: The project is in another workspace than the task")
    if section is not None and section["project"].gid != project["gid"]:
        raise bad_request("section: The section is not in this project")
    place(project["_tasks"], task["gid"], insert_before, insert_after)
    if all(ref.gid != project["gid"] for ref in task["projects"]):
        task["projects"].append(Ref("project", project["gid"]))
    _leave_section(store, task, project["gid"])
    memberships = [m for m in task["memberships"] if m["project"].gid != project["gid"]]
    memberships.append(
        {
            "project": Ref("project", project["gid"]),
            "section": Ref("section", section["gid"]) if section is not None else None,
        }
    )
    task["memberships"] = memberships
    if section is not None:
        place(section["_tasks"], task["gid"], None, None)


def remove_from_project(store: Store, task: Record, project_gid: str) -> None:
    """Take ``task`` out of a project (and the project's sections)."""
    _leave_section(store, task, project_gid)
    project = store.find("project", project_gid)
    if project is not None and task["gid"] in project["_tasks"]:
        project["_tasks"].remove(task["gid"])
    task["projects"] = [ref for ref in task["projects"] if ref.gid != project_gid]
    task["memberships"] = [m for m in task["memberships"] if m["project"].gid != project_gid]


def _leave_section(store: Store, task: Record, project_gid: str) -> None:
    for membership in task["memberships"]:
        section_ref = membership["section"]
        if membership["project"].gid == project_gid and section_ref is not None:
            section = store.resolve(section_ref)
            if section is not None and task["gid"] in section["_tasks"]:
                section["_tasks"].remove(task["gid"])


def set_parent(
    store: Store,
    task: Record,
    parent: Record | None,
    *,
    insert_before: str | None = None,
    insert_after: str | None = None,
) -> None:
    """Make ``task`` a subtask of ``parent`` (or a top-level task when ``None``)."""
    if parent is not None:
        ancestor: Record | None = parent
        while ancestor is not None:
            if ancestor["gid"] == task["gid"]:
                raise bad_request("parent: A task cannot be its own ancestor")
            ref = ancestor["parent"]
            ancestor = store.resolve(ref) if ref is not None else None
    old_ref = task["parent"]
    old = store.resolve(old_ref) if old_ref is not None else None
    if old is not None and task["gid"] in old["_subtasks"]:
        old["_subtasks"].remove(task["gid"])
        old["num_subtasks"] = len(old["_subtasks"])
    task["parent"] = None
    if parent is not None:
        place(parent["_subtasks"], task["gid"], insert_before, insert_after)
        parent["num_subtasks"] = len(parent["_subtasks"])
        task["parent"] = Ref("task", parent["gid"])


def link_dependency(task: Record, dependency: Record) -> None:
    """Record that ``task`` depends on (is blocked by) ``dependency``."""
    if task["gid"] == dependency["gid"]:
        raise bad_request("dependencies: A task cannot depend on itself")
    if any(ref.gid == task["gid"] for ref in dependency["dependencies"]):
        raise bad_request("dependencies: This would create a dependency cycle")
    if all(ref.gid != dependency["gid"] for ref in task["dependencies"]):
        task["dependencies"].append(Ref("task", dependency["gid"]))
    if all(ref.gid != task["gid"] for ref in dependency["dependents"]):
        dependency["dependents"].append(Ref("task", task["gid"]))


def unlink_dependency(task: Record, dependency: Record) -> None:
    """Undo :func:`link_dependency`."""
    task["dependencies"] = [r for r in task["dependencies"] if r.gid != dependency["gid"]]
    dependency["dependents"] = [r for r in dependency["dependents"] if r.gid != task["gid"]]


def detach_task(store: Store, task: Record) -> None:
    """Remove every link to ``task`` before it is deleted."""
    for ref in list(task["projects"]):
        remove_from_project(store, task, ref.gid)
    set_parent(store, task, None)
    for ref in task["dependencies"] + task["dependents"]:
        other = store.resolve(ref)
        if other is not None:
            unlink_dependency(task, other)
            unlink_dependency(other, task)
