"""Task relations: subtasks and parents, dependencies, projects, tags and followers."""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import missing_input
from .._engine._router import Endpoints
from .._engine._state import Ref
from ._activity import (
    record_dependency_added,
    record_followers_added,
    record_project_change,
    record_tag_change,
)
from ._task_placement import (
    add_to_project,
    link_dependency,
    remove_from_project,
    set_parent,
    unlink_dependency,
)
from ._task_records import (
    add_follower,
    created_task_reply,
    existing_tasks,
)

__all__ = ["endpoints"]

endpoints = Endpoints()


# -- subtasks and parents -----------------------------------------------------------------


@endpoints.get("/tasks/{task_gid}/subtasks")
def get_subtasks_for_task(call: Call) -> Reply:
    return call.page(existing_tasks(call, call.in_path("task")["_subtasks"]))


@endpoints.post("/tasks/{task_gid}/subtasks")
def create_subtask_for_task(call: Call) -> Reply:
    return created_task_reply(call, call.data_within("task", "parent"))


@endpoints.post("/tasks/{task_gid}/setParent")
def set_parent_for_task(call: Call) -> Reply:
    task = call.in_path("task")
    if "parent" not in call.data:
        raise missing_input("parent")
    parent_gid = call.data["parent"]
    parent = call.get("task", str(parent_gid)) if parent_gid else None
    set_parent(
        call.store,
        task,
        parent,
        insert_before=call.data.get("insert_before"),
        insert_after=call.data.get("insert_after"),
    )
    call.event("changed", task)
    return call.one(task)


# -- dependencies -------------------------------------------------------------------------


@endpoints.get("/tasks/{task_gid}/dependencies")
def get_dependencies_for_task(call: Call) -> Reply:
    return call.page(
        existing_tasks(call, [ref.gid for ref in call.in_path("task")["dependencies"]])
    )


@endpoints.get("/tasks/{task_gid}/dependents")
def get_dependents_for_task(call: Call) -> Reply:
    return call.page(call.store.resolve_all(call.in_path("task")["dependents"]))


def _change_links(call: Call, key: str, adding: bool) -> Reply:
    task = call.in_path("task")
    for gid in call.gid_list(key):
        other = call.get("task", gid)
        blocked, blocker = (task, other) if key == "dependencies" else (other, task)
        if adding:
            link_dependency(blocked, blocker)
            record_dependency_added(call.store, blocked, blocker, call.user_gid)
        else:
            unlink_dependency(blocked, blocker)
    call.event("changed", task)
    return call.empty()


endpoints.add_and_remove("/tasks/{task_gid}", ("dependencies", "dependents"), _change_links)


# -- projects, tags, followers ------------------------------------------------------------


def _change_project(call: Call, key: str, adding: bool) -> Reply:
    task = call.in_path("task")
    project = call.get(key, str(call.require(key)))
    if adding:
        section_gid = call.data.get("section")
        add_to_project(
            call.store,
            task,
            project,
            section=call.get("section", str(section_gid)) if section_gid else None,
            insert_before=call.data.get("insert_before"),
            insert_after=call.data.get("insert_after"),
        )
    else:
        remove_from_project(call.store, task, project["gid"])
    call.event("added" if adding else "removed", task, parent=project)
    record_project_change(call.store, task, project, call.user_gid, added=adding)
    return call.empty()


def _change_tag(call: Call, key: str, adding: bool) -> Reply:
    task = call.in_path("task")
    tag = call.get(key, str(call.require(key)))
    if not adding:
        task["tags"] = [ref for ref in task["tags"] if ref.gid != tag["gid"]]
    elif all(ref.gid != tag["gid"] for ref in task["tags"]):
        task["tags"].append(Ref("tag", tag["gid"]))
    call.event("added" if adding else "removed", task, parent=tag)
    record_tag_change(call.store, task, tag, call.user_gid, added=adding)
    return call.empty()


endpoints.add_and_remove("/tasks/{task_gid}", ("project",), _change_project)
endpoints.add_and_remove("/tasks/{task_gid}", ("tag",), _change_tag)


@endpoints.post("/tasks/{task_gid}/addFollowers")
def add_followers_for_task(call: Call) -> Reply:
    task = call.in_path("task")
    known = {ref.gid for ref in task["followers"]}
    for identifier in call.gid_list("followers"):
        add_follower(call.store, task, call.user(identifier)["gid"])
    added = [ref.gid for ref in task["followers"] if ref.gid not in known]
    record_followers_added(call.store, task, added, call.user_gid)
    return call.one(task)


@endpoints.post("/tasks/{task_gid}/removeFollowers")
def remove_follower_for_task(call: Call) -> Reply:
    task = call.in_path("task")
    gone = {call.user(identifier)["gid"] for identifier in call.gid_list("followers")}
    task["followers"] = [ref for ref in task["followers"] if ref.gid not in gone]
    call.event("changed", task)
    return call.one(task)
