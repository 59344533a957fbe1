"""Sections: CRUD within a project, ordering, and moving tasks into a section.

A project keeps the order of its sections in ``_sections`` (gids); a section keeps the order of
its tasks in ``_tasks``, kept in step with the tasks' ``memberships`` by :mod:`._task_placement`.
"""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, missing_input
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store, utc_timestamp
from ._activity import record_section_change
from ._task_placement import add_to_project

__all__ = ["create_section", "endpoints", "sections_of"]

endpoints = Endpoints()


def sections_of(store: Store, project: Record) -> list[Record]:
    """The sections of a project in their order (sections not yet ordered go last)."""
    order: list[str] = project.setdefault("_sections", [])
    present = {s["gid"]: s for s in store.all("section") if s["project"].gid == project["gid"]}
    order[:] = [gid for gid in order if gid in present]
    order.extend(gid for gid in present if gid not in order)
    return [present[gid] for gid in order]


def _move(order: list[str], gid: str, before: str | None, after: str | None, *, top: bool) -> None:
    """Put ``gid`` before/after an anchor in ``order``, else at the top or the end."""
    if before is not None and after is not None:
        raise bad_request("Specify at most one of insert_before and insert_after")
    anchor = before if before is not None else after
    if anchor is not None and (anchor not in order or anchor == gid):
        raise bad_request(f"{anchor} is not in this list")
    if gid in order:
        order.remove(gid)
    if anchor is None:
        order.insert(0 if top else len(order), gid)
    else:
        order.insert(order.index(anchor) + (0 if before is not None else 1), gid)


def create_section(
    store: Store,
    project: Record,
    name: str,
    *,
    insert_before: str | None = None,
    insert_after: str | None = None,
) -> Record:
    """Store a new section at the end of ``project`` (or before/after another section)."""
    order = [s["gid"] for s in sections_of(store, project)]
    section = store.insert(
        "section",
        {
            "name": name,
            "created_at": utc_timestamp(),
            "project": Ref("project", project["gid"]),
            "projects": [Ref("project", project["gid"])],
            "_tasks": [],
        },
    )
    order.append(section["gid"])
    _move(order, section["gid"], insert_before, insert_after, top=False)
    project["_sections"] = order
    return section


def _anchors(call: Call, before: str, after: str) -> tuple[str | None, str | None]:
    first, second = call.data.get(before), call.data.get(after)
    return (str(first) if first else None), (str(second) if second else None)


@endpoints.get("/projects/{project_gid}/sections")
def get_sections_for_project(call: Call) -> Reply:
    project = call.in_path("project")
    return call.page(sections_of(call.store, project))


@endpoints.post("/projects/{project_gid}/sections")
def create_section_for_project(call: Call) -> Reply:
    project = call.in_path("project")
    name = call.text("name") if "name" in call.data else None
    if not name:
        raise missing_input("name")
    before, after = _anchors(call, "insert_before", "insert_after")
    section = create_section(call.store, project, name, insert_before=before, insert_after=after)
    call.event("added", section, parent=project)
    return call.one(section, status=201)


@endpoints.put("/sections/{section_gid}")
def update_section(call: Call) -> Reply:
    section = call.in_path("section")
    if "name" in call.data:
        name = call.text("name")
        if not name:
            raise bad_request("name: A section needs a name")
        section["name"] = name
    before, after = _anchors(call, "insert_before", "insert_after")
    if before is not None or after is not None:
        project = call.get("project", section["project"].gid)
        order = [s["gid"] for s in sections_of(call.store, project)]
        _move(order, section["gid"], before, after, top=False)
        project["_sections"] = order
    call.event("changed", section)
    return call.one(section)


@endpoints.delete("/sections/{section_gid}")
def delete_section(call: Call) -> Reply:
    section = call.in_path("section")
    if any(call.store.find("task", gid) is not None for gid in section["_tasks"]):
        raise bad_request("Sections must be empty to be deleted")
    call.event("deleted", section)
    call.store.delete("section", section["gid"])
    return call.empty()


@endpoints.post("/sections/{section_gid}/addTask")
def add_task_for_section(call: Call) -> Reply:
    section = call.in_path("section")
    task = call.get("task", str(call.require("task")))
    if task["resource_subtype"] == "section":
        raise bad_request("task: Separators cannot be moved into a section")
    project = call.get("project", section["project"].gid)
    old = next(
        (m["section"] for m in task["memberships"] if m["project"].gid == project["gid"]), None
    )
    before, after = _anchors(call, "insert_before", "insert_after")
    add_to_project(call.store, task, project, section=section)
    _move(section["_tasks"], task["gid"], before, after, top=True)
    if old is None or old.gid != section["gid"]:
        record_section_change(call.store, task, old, section, call.user_gid)
    return call.empty()


@endpoints.post("/projects/{project_gid}/sections/insert")
def insert_section_for_project(call: Call) -> Reply:
    project = call.in_path("project")
    section = call.get("section", str(call.require("section")))
    if section["project"].gid != project["gid"]:
        raise bad_request("section: Sections cannot be moved between projects")
    before, after = _anchors(call, "before_section", "after_section")
    if before is None and after is None:
        raise bad_request("One of before_section or after_section is required")
    order = [s["gid"] for s in sections_of(call.store, project)]
    _move(order, section["gid"], before, after, top=False)
    project["_sections"] = order
    call.event("changed", project)
    return call.empty()
