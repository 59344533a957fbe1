"""Custom fields: definitions (CRUD, a workspace's fields), their enum options, and the
custom field settings of projects, portfolios, goals and teams.

Values of the fields on tasks are :mod:`._custom_field_values`'; putting a field on a project
(``addCustomFieldSetting``) is with the project endpoints.
"""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, missing_input, not_found
from .._engine._router import Endpoints
from .._engine._state import Record
from ._custom_field_records import (
    add_enum_option,
    apply_custom_field,
    create_custom_field,
    delete_custom_field,
    move_enum_option,
    settings_of,
    update_enum_option,
)

__all__ = ["endpoints"]

endpoints = Endpoints()


@endpoints.post("/custom_fields")
def create_custom_field_endpoint(call: Call) -> Reply:
    field = create_custom_field(call.store, call.data, call.user_gid)
    call.event("added", field)
    return call.one(field, status=201)


@endpoints.put("/custom_fields/{custom_field_gid}")
def update_custom_field(call: Call) -> Reply:
    field = call.in_path("custom_field")
    if "resource_subtype" in call.data or "type" in call.data:
        raise bad_request("resource_subtype: A custom field's type cannot be changed")
    if "enum_options" in call.data:
        raise bad_request("enum_options: Change enum options with the enum option endpoints")
    if "workspace" in call.data and str(call.data["workspace"]) != field["workspace"].gid:
        raise bad_request("workspace: A custom field cannot move to another workspace")
    apply_custom_field(call.store, field, call.data)
    call.event("changed", field)
    return call.one(field)


@endpoints.delete("/custom_fields/{custom_field_gid}")
def delete_custom_field_endpoint(call: Call) -> Reply:
    field = call.in_path("custom_field")
    call.event("deleted", field)
    delete_custom_field(call.store, field)
    return call.empty()


@endpoints.get("/workspaces/{workspace_gid}/custom_fields")
def get_custom_fields_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    fields = call.store.all("custom_field")
    return call.page([f for f in fields if f["workspace"].gid == workspace["gid"]])


# -- enum options ---------------------------------------------------------------------------


@endpoints.post("/custom_fields/{custom_field_gid}/enum_options")
def create_enum_option_for_custom_field(call: Call) -> Reply:
    option = add_enum_option(call.store, call.in_path("custom_field"), call.data)
    return call.one(option, status=201)


@endpoints.post("/custom_fields/{custom_field_gid}/enum_options/insert")
def insert_enum_option_for_custom_field(call: Call) -> Reply:
    field = call.in_path("custom_field")
    gid = call.data.get("enum_option")
    if not gid:
        raise missing_input("enum_option")
    option = call.store.find("enum_option", str(gid))
    if option is None or option["_parent"].gid != field["gid"]:
        raise bad_request(f"enum_option: {gid} is not an enum option of this custom field")
    before, after = call.data.get("before_enum_option"), call.data.get("after_enum_option")
    move_enum_option(call.store, field, option, before=before, after=after)
    return call.one(option)


@endpoints.put("/enum_options/{enum_option_gid}")
def update_enum_option_endpoint(call: Call) -> Reply:
    option = call.in_path("enum_option")
    update_enum_option(option, call.data)
    return call.one(option)


# -- settings ---------------------------------------------------------------------------------


def _settings(call: Call, resource_type: str) -> list[Record]:
    """The custom field settings of the container named in the path.

    A portfolio or goal the store does not hold as a record (made by no endpoint of this fake)
    is known by the settings whose ``parent`` it is; without any, it is a 404.
    """
    gid = call.param(f"{resource_type}_gid")
    container = call.store.find(resource_type, gid)
    if container is not None:
        return settings_of(call.store, container)
    settings = [s for s in call.store.all("custom_field_setting") if s["parent"].gid == gid]
    if not settings:
        raise not_found(gid)
    return settings


@endpoints.get("/projects/{project_gid}/custom_field_settings")
def get_custom_field_settings_for_project(call: Call) -> Reply:
    return call.page(_settings(call, "project"))


@endpoints.get("/portfolios/{portfolio_gid}/custom_field_settings")
def get_custom_field_settings_for_portfolio(call: Call) -> Reply:
    return call.page(_settings(call, "portfolio"))


@endpoints.get("/goals/{goal_gid}/custom_field_settings")
def get_custom_field_settings_for_goal(call: Call) -> Reply:
    return call.page(_settings(call, "goal"))


@endpoints.get("/teams/{team_gid}/custom_field_settings")
def get_custom_field_settings_for_team(call: Call) -> Reply:
    return call.listing(_settings(call, "team"))
