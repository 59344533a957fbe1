"""Tasks: create, read, update, delete, and the task listings (by project,
section, tag, user task list, or assignee and workspace)."""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import bad_request
from .._engine._router import Endpoints
from .._engine._state import Record
from ._activity import record_task_update
from ._task_placement import detach_task
from ._task_records import (
    SET_ELSEWHERE,
    apply_task_fields,
    created_task_reply,
    existing_tasks,
    task_page,
)

__all__ = ["endpoints"]

endpoints = Endpoints()


# -- the task itself ------------------------------------------------------------------------


@endpoints.get("/tasks")
def get_tasks(call: Call) -> Reply:
    query = call.query
    if "project" in query:
        tasks = existing_tasks(call, call.get("project", query["project"])["_tasks"])
    elif "section" in query:
        tasks = existing_tasks(call, call.get("section", query["section"])["_tasks"])
    elif "tag" in query:
        tasks = _tagged(call, call.get("tag", query["tag"])["gid"])
    elif "assignee" in query and "workspace" in query:
        assignee = call.user(query["assignee"])["gid"]
        workspace = call.get("workspace", query["workspace"])["gid"]
        tasks = [
            t
            for t in call.store.all("task")
            if t["workspace"].gid == workspace
            and t["assignee"] is not None
            and t["assignee"].gid == assignee
        ]
    else:
        raise bad_request(
            "Must specify exactly one of project, tag, section, user task list, or assignee + "
            "workspace"
        )
    return task_page(call, tasks)


@endpoints.post("/tasks")
def create_task_endpoint(call: Call) -> Reply:
    return created_task_reply(call, call.data)


@endpoints.put("/tasks/{task_gid}")
def update_task(call: Call) -> Reply:
    task = call.in_path("task")
    for key, instead in SET_ELSEWHERE.items():
        if key in call.data:
            raise bad_request(f"{key}: Cannot be changed with this request; use {instead}")
    before = dict(task)
    apply_task_fields(call.store, task, call.data, call.user_gid)
    record_task_update(call.store, task, before, call.user_gid)
    return call.one(task)


@endpoints.delete("/tasks/{task_gid}")
def delete_task(call: Call) -> Reply:
    task = call.in_path("task")
    doomed = [task]
    index = 0
    while index < len(doomed):
        doomed.extend(existing_tasks(call, doomed[index]["_subtasks"]))
        index += 1
    for victim in reversed(doomed):
        call.event("deleted", victim)  # first, so the task's projects still see it
        detach_task(call.store, victim)
        call.store.delete("task", victim["gid"])
    return call.empty()


# -- listings -----------------------------------------------------------------------------


def _tagged(call: Call, tag_gid: str) -> list[Record]:
    return [t for t in call.store.all("task") if any(r.gid == tag_gid for r in t["tags"])]


@endpoints.get("/projects/{project_gid}/tasks")
def get_tasks_for_project(call: Call) -> Reply:
    return task_page(call, existing_tasks(call, call.in_path("project")["_tasks"]))


@endpoints.get("/sections/{section_gid}/tasks")
def get_tasks_for_section(call: Call) -> Reply:
    return task_page(call, existing_tasks(call, call.in_path("section")["_tasks"]))


@endpoints.get("/tags/{tag_gid}/tasks")
def get_tasks_for_tag(call: Call) -> Reply:
    return task_page(call, _tagged(call, call.in_path("tag")["gid"]))


@endpoints.get("/user_task_lists/{user_task_list_gid}/tasks")
def get_tasks_for_user_task_list(call: Call) -> Reply:
    task_list = call.in_path("user_task_list")
    owner, workspace = task_list["owner"].gid, task_list["workspace"].gid
    tasks = [
        t
        for t in call.store.all("task")
        if t["workspace"].gid == workspace
        and t["assignee"] is not None
        and t["assignee"].gid == owner
    ]
    return task_page(call, tasks)
