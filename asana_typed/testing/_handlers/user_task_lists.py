"""User task lists ("My Tasks"): one per user and workspace, created on first use."""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import not_found
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store

__all__ = ["endpoints", "user_task_list_for"]

endpoints = Endpoints()


def user_task_list_for(store: Store, user: Record, workspace_gid: str) -> Record:
    """The user's task list in a workspace, created the first time it is asked for."""
    for record in store.all("user_task_list"):
        if record["owner"].gid == user["gid"] and record["workspace"].gid == workspace_gid:
            return record
    return store.insert(
        "user_task_list",
        {
            "name": "My Tasks",
            "owner": Ref("user", user["gid"]),
            "workspace": Ref("workspace", workspace_gid),
        },
    )


@endpoints.get("/users/{user_gid}/user_task_list")
def get_user_task_list_for_user(call: Call) -> Reply:
    user = call.user(call.param("user_gid"))
    workspace = call.get("workspace", call.require_query("workspace"))
    if all(ref.gid != workspace["gid"] for ref in user["workspaces"]):
        raise not_found(workspace["gid"])
    return call.one(user_task_list_for(call.store, user, workspace["gid"]))
