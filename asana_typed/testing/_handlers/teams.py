"""Teams: create, read, update, listings by organization and user, adding and removing members.

A team keeps its members as ordered user refs in ``_members`` (``GET /teams/{gid}/users``
reads them); each membership is also a ``team_membership`` record, which ``addUser`` returns.
"""

from __future__ import annotations

from typing import Any

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, forbidden, missing_input, not_found
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store
from ._text_fields import write_text_fields

__all__ = ["add_team_member", "create_team", "endpoints"]

endpoints = Endpoints()

_ACCESS_LEVELS = ("all_team_members", "only_team_admins")
_CHOICES: dict[str, tuple[str, ...]] = {
    "visibility": ("secret", "request_to_join", "public"),
    "edit_team_name_or_description_access_level": _ACCESS_LEVELS,
    "edit_team_visibility_or_trash_team_access_level": _ACCESS_LEVELS,
    "member_invite_management_access_level": _ACCESS_LEVELS,
    "guest_invite_management_access_level": _ACCESS_LEVELS,
    "join_request_management_access_level": _ACCESS_LEVELS,
    "team_member_removal_access_level": _ACCESS_LEVELS,
    "team_content_management_access_level": ("no_restriction", "only_team_admins"),
}


def create_team(store: Store, data: dict[str, Any], member_gids: list[str]) -> Record:
    """Store a new team from a ``TeamRequest`` body (``organization`` needed)."""
    if not data.get("organization"):
        raise missing_input("organization")
    organization = store.get("workspace", str(data["organization"]))
    team = store.insert(
        "team",
        {
            "name": "",
            "description": "",
            "html_description": "<body></body>",
            "organization": Ref("workspace", organization["gid"]),
            "visibility": "secret",
            **{key: "all_team_members" for key in _CHOICES if key != "visibility"},
            "team_content_management_access_level": "no_restriction",
            "endorsed": False,
            "custom_field_settings": [],
            "_members": [],
        },
    )
    team["permalink_url"] = f"https://app.asana.com/0/{team['gid']}/overview"
    _apply(team, data)
    for gid in member_gids:
        add_team_member(store, team, store.get("user", gid))
    return team


def _apply(team: Record, data: dict[str, Any]) -> None:
    texts = ("name", "description", "html_description")
    write_text_fields(team, data, texts, rich=("description", "html_description"))
    for key, allowed in _CHOICES.items():
        if key in data:
            if data[key] not in allowed:
                raise bad_request(f"{key}: Must be one of {', '.join(allowed)}, got {data[key]!r}")
            team[key] = data[key]
    if "endorsed" in data:
        if not isinstance(data["endorsed"], bool):
            raise bad_request(f"endorsed: Expected true or false, got {data['endorsed']!r}")
        team["endorsed"] = data["endorsed"]


def add_team_member(store: Store, team: Record, user: Record) -> Record:
    """Make ``user`` a member of ``team`` (a no-op if already); the membership record."""
    for membership in store.all("team_membership"):
        if membership["team"].gid == team["gid"] and membership["user"].gid == user["gid"]:
            return membership
    team["_members"].append(Ref("user", user["gid"]))
    return store.insert(
        "team_membership",
        {
            "user": Ref("user", user["gid"]),
            "team": Ref("team", team["gid"]),
            "is_guest": False,
            "is_limited_access": False,
            "is_admin": False,
        },
    )


def _is_member(team: Record, user_gid: str) -> bool:
    return any(ref.gid == user_gid for ref in team["_members"])


@endpoints.post("/teams")
def create_team_endpoint(call: Call) -> Reply:
    organization = call.get("workspace", str(call.require("organization")))
    if not organization["is_organization"]:
        raise bad_request("organization: Teams exist only in organizations")
    team = create_team(call.store, call.data, [call.user_gid])
    call.event("added", team, workspace_gid=team["organization"].gid)
    return call.one(team, status=201)


@endpoints.put("/teams/{team_gid}")
def update_team(call: Call) -> Reply:
    team = call.in_path("team")
    if "organization" in call.data and str(call.data["organization"]) != team["organization"].gid:
        raise bad_request("organization: A team cannot move to another organization")
    _apply(team, call.data)
    call.event("changed", team, workspace_gid=team["organization"].gid)
    return call.one(team)


@endpoints.get("/workspaces/{workspace_gid}/teams")
def get_teams_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    if not workspace["is_organization"]:
        raise bad_request("workspace: Teams exist only in organizations")
    teams = [t for t in call.store.all("team") if t["organization"].gid == workspace["gid"]]
    return call.page(teams)


@endpoints.get("/users/{user_gid}/teams")
def get_teams_for_user(call: Call) -> Reply:
    user = call.user(call.param("user_gid"))
    organization = call.get("workspace", call.require_query("organization"))
    teams = [
        t
        for t in call.store.all("team")
        if t["organization"].gid == organization["gid"] and _is_member(t, user["gid"])
    ]
    return call.page(teams)


@endpoints.post("/teams/{team_gid}/addUser")
def add_user_for_team(call: Call) -> Reply:
    team = call.in_path("team")
    user = call.user(str(call.require("user")))
    if all(ref.gid != team["organization"].gid for ref in user["workspaces"]):
        raise bad_request("user: The user is not in the team's organization")
    membership = add_team_member(call.store, team, user)
    call.event("added", user, parent=team, workspace_gid=team["organization"].gid)
    return call.one(membership)


@endpoints.post("/teams/{team_gid}/removeUser")
def remove_user_for_team(call: Call) -> Reply:
    team = call.in_path("team")
    user = call.user(str(call.require("user")))
    if not _is_member(team, call.user_gid):
        raise forbidden("You must be a member of the team to remove its members")
    if not _is_member(team, user["gid"]):
        raise not_found(user["gid"])
    team["_members"] = [ref for ref in team["_members"] if ref.gid != user["gid"]]
    for membership in call.store.all("team_membership"):
        if membership["team"].gid == team["gid"] and membership["user"].gid == user["gid"]:
            call.store.delete("team_membership", membership["gid"])
    call.event("removed", user, parent=team, workspace_gid=team["organization"].gid)
    return call.empty()
