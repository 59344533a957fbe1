"""Workspaces: list, read, rename, add/remove users, and the workspace event stream."""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import bad_request
from .._engine._render import parse_fields, render
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store
from ._sync_tokens import read_events

__all__ = ["create_workspace", "endpoints"]

endpoints = Endpoints()

_USER_BASE_FIELDS = parse_fields("resource_type,name,email,photo")


def create_workspace(
    store: Store, *, name: str, is_organization: bool, email_domains: list[str] | None = None
) -> Record:
    """Store a new workspace (an organization when ``is_organization``)."""
    return store.insert(
        "workspace",
        {
            "name": name,
            "email_domains": list(email_domains or []),
            "is_organization": is_organization,
        },
    )


@endpoints.get("/workspaces")
def get_workspaces(call: Call) -> Reply:
    return call.page(call.store.resolve_all(call.user("me")["workspaces"]))


@endpoints.put("/workspaces/{workspace_gid}")
def update_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    if "name" in call.data:
        workspace["name"] = call.text("name")
        call.event("changed", workspace, workspace_gid=workspace["gid"])
    return call.one(workspace)


@endpoints.post("/workspaces/{workspace_gid}/addUser")
def add_user_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    user = call.user(str(call.require("user")))
    if all(ref.gid != workspace["gid"] for ref in user["workspaces"]):
        user["workspaces"].append(Ref("workspace", workspace["gid"]))
        call.event("added", user, parent=workspace, workspace_gid=workspace["gid"])
    return Reply(200, {"data": render(call.store, user, call.fields or _USER_BASE_FIELDS, "full")})


@endpoints.post("/workspaces/{workspace_gid}/removeUser")
def remove_user_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    user = call.user(str(call.require("user")))
    if user["gid"] == call.user_gid and len(user["workspaces"]) == 1:
        raise bad_request("user: You cannot remove yourself from your last workspace")
    user["workspaces"] = [ref for ref in user["workspaces"] if ref.gid != workspace["gid"]]
    call.event("removed", user, parent=workspace, workspace_gid=workspace["gid"])
    return call.empty()


@endpoints.get("/workspaces/{workspace_gid}/events")
def get_workspace_events(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    gid = workspace["gid"]
    events, sync, has_more = read_events(
        call.store,
        f"workspace:{gid}",
        call.query.get("sync"),
        lambda event: event.get("_workspace") == gid,
    )
    data = [render(call.store, event, call.fields, "full") for event in events]
    return Reply(200, {"data": data, "sync": sync, "has_more": has_more})
