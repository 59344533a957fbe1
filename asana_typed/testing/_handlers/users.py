"""Users: ``/users``, ``/users/{user_gid}``, favourites and workspace/team member lists."""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import not_found
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store

__all__ = ["create_user", "endpoints", "is_member"]

endpoints = Endpoints()


def create_user(store: Store, *, name: str, email: str, workspace_gids: list[str]) -> Record:
    """Store a new user who belongs to the given workspaces."""
    workspaces = [Ref("workspace", store.get("workspace", gid)["gid"]) for gid in workspace_gids]
    return store.insert(
        "user",
        {
            "name": name,
            "email": email,
            "photo": None,
            "workspaces": workspaces,
            "custom_fields": [],
            "_favorites": [],
        },
    )


def is_member(user: Record, workspace_gid: str) -> bool:
    """Whether a user belongs to a workspace."""
    return any(ref.gid == workspace_gid for ref in user["workspaces"])


def _visible_users(call: Call) -> list[Record]:
    """Users sharing at least one workspace with the caller."""
    mine = {ref.gid for ref in call.user("me")["workspaces"]}
    return [u for u in call.store.all("user") if mine & {ref.gid for ref in u["workspaces"]}]


def _update_user(call: Call, user: Record) -> None:
    """Apply a ``UserUpdateRequest``: the name (custom field values are accepted, not kept)."""
    if "name" in call.data:
        user["name"] = call.text("name")


@endpoints.get("/users")
def get_users(call: Call) -> Reply:
    users = _visible_users(call)
    if "workspace" in call.query:
        users = [u for u in users if is_member(u, call.query["workspace"])]
    if "team" in call.query:
        team = call.get("team", call.query["team"])
        member_gids = {ref.gid for ref in team.get("_members", [])}
        users = [u for u in users if u["gid"] in member_gids]
    return call.page(users)


@endpoints.get("/users/{user_gid}")
def get_user(call: Call) -> Reply:
    return call.one(call.user(call.param("user_gid")))


@endpoints.put("/users/{user_gid}")
def update_user(call: Call) -> Reply:
    user = call.user(call.param("user_gid"))
    _update_user(call, user)
    return call.one(user)


@endpoints.get("/users/{user_gid}/favorites")
def get_favorites_for_user(call: Call) -> Reply:
    user = call.user(call.param("user_gid"))
    resource_type = call.require_query("resource_type")
    workspace_gid = call.require_query("workspace")
    favorites = []
    for ref in user["_favorites"]:
        record = call.store.resolve(ref)
        if record is None or record["resource_type"] != resource_type:
            continue
        workspace = record.get("workspace")
        if isinstance(workspace, Ref) and workspace.gid != workspace_gid:
            continue
        favorites.append(record)
    return call.page(favorites)


@endpoints.get("/teams/{team_gid}/users")
def get_users_for_team(call: Call) -> Reply:
    team = call.in_path("team")
    return call.page(call.store.resolve_all(team.get("_members", [])))


@endpoints.get("/workspaces/{workspace_gid}/users")
def get_users_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    return call.page([u for u in call.store.all("user") if is_member(u, workspace["gid"])])


def _member(call: Call) -> Record:
    workspace = call.in_path("workspace")
    user = call.user(call.param("user_gid"))
    if not is_member(user, workspace["gid"]):
        raise not_found(call.param("user_gid"))
    return user


@endpoints.get("/workspaces/{workspace_gid}/users/{user_gid}")
def get_user_for_workspace(call: Call) -> Reply:
    return call.one(_member(call))


@endpoints.put("/workspaces/{workspace_gid}/users/{user_gid}")
def update_user_for_workspace(call: Call) -> Reply:
    user = _member(call)
    _update_user(call, user)
    return call.one(user)
