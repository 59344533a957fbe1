"""Custom field reads: a field, a workspace's fields, a project's or team's field settings.

Fields are seeded with ``FakeAsana.add_custom_field`` and put on projects with
``addCustomFieldSetting``; creating and editing definitions is not modelled.
"""

from __future__ import annotations

from ._call import Call, Reply
from ._routing import Endpoints

__all__ = ["endpoints"]

endpoints = Endpoints()


@endpoints.get("/custom_fields/{custom_field_gid}")
def get_custom_field(call: Call) -> Reply:
    return call.one(call.get("custom_field", call.param("custom_field_gid")))


@endpoints.get("/workspaces/{workspace_gid}/custom_fields")
def get_custom_fields_for_workspace(call: Call) -> Reply:
    workspace = call.get("workspace", call.param("workspace_gid"))
    fields = call.store.all("custom_field")
    return call.page([f for f in fields if f["workspace"].gid == workspace["gid"]])


@endpoints.get("/projects/{project_gid}/custom_field_settings")
def get_custom_field_settings_for_project(call: Call) -> Reply:
    project = call.get("project", call.param("project_gid"))
    settings = [call.store.resolve(ref) for ref in project["custom_field_settings"]]
    return call.page([s for s in settings if s is not None])


@endpoints.get("/teams/{team_gid}/custom_field_settings")
def get_custom_field_settings_for_team(call: Call) -> Reply:
    team = call.get("team", call.param("team_gid"))
    settings = [call.store.resolve(ref) for ref in team.get("custom_field_settings", [])]
    return call.listing([s for s in settings if s is not None])
