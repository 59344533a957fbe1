"""Projects: CRUD, listings by workspace/team/task, search, members, followers,
custom field settings and task counts."""

from __future__ import annotations

from typing import Any

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, missing_input
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store, is_date, user_gid_of, utc_timestamp
from ._custom_field_records import add_custom_field_setting, remove_custom_field_setting
from ._task_placement import remove_from_project
from ._task_records import gid_list
from ._text_fields import write_text_fields

__all__ = [
    "add_custom_field_setting_to",
    "create_project",
    "endpoints",
    "remove_custom_field_setting_from",
]

endpoints = Endpoints()

_TEXT_FIELDS = (
    "name",
    "notes",
    "html_notes",
    "default_view",
    "privacy_setting",
    "default_access_level",
    "icon",
    "minimum_access_level_for_customization",
    "minimum_access_level_for_sharing",
)


def create_project(store: Store, data: dict[str, Any], user_gid: str) -> Record:
    """Store a new project from a ``ProjectRequest`` body (``workspace`` or ``team`` needed)."""
    team = store.get("team", str(data["team"])) if data.get("team") else None
    if team is not None:
        workspace_gid = team["organization"].gid
        if data.get("workspace") and str(data["workspace"]) != workspace_gid:
            raise bad_request("team: The team is not in this workspace")
    elif data.get("workspace"):
        workspace_gid = store.get("workspace", str(data["workspace"]))["gid"]
    else:
        raise missing_input("workspace")
    now = utc_timestamp()
    me = Ref("user", user_gid)
    project = store.insert(
        "project",
        {
            "name": "",
            "archived": False,
            "color": None,
            "icon": None,
            "created_at": now,
            "current_status": None,
            "current_status_update": None,
            "custom_field_settings": [],
            "default_view": "list",
            "due_date": None,
            "due_on": None,
            "html_notes": "<body></body>",
            "members": [me],
            "modified_at": now,
            "notes": "",
            "public": False,
            "privacy_setting": "public_to_workspace",
            "start_on": None,
            "default_access_level": "editor",
            "minimum_access_level_for_customization": "admin",
            "minimum_access_level_for_sharing": "admin",
            "custom_fields": [],
            "completed": False,
            "completed_at": None,
            "completed_by": None,
            "followers": [me],
            "owner": me,
            "team": Ref("team", team["gid"]) if team is not None else None,
            "workspace": Ref("workspace", workspace_gid),
            "project_brief": None,
            "created_from_template": None,
            "_tasks": [],
        },
    )
    project["permalink_url"] = f"https://app.asana.com/0/{project['gid']}/{project['gid']}"
    _apply(store, project, data, user_gid)
    for gid in gid_list(data.get("followers")):
        _add_user(project, "followers", user_gid_of(store, gid, user_gid))
    return project


def _apply(store: Store, project: Record, data: dict[str, Any], user_gid: str) -> None:
    """Write the writable fields of a project request into the record."""
    write_text_fields(project, data, _TEXT_FIELDS, rich=("notes", "html_notes"), nullable={"icon"})
    if "color" in data:
        project["color"] = data["color"]
    for key in ("archived", "public"):
        if key in data:
            if not isinstance(data[key], bool):
                raise bad_request(f"{key}: Expected true or false, got {data[key]!r}")
            project[key] = data[key]
    for key in ("due_on", "due_date", "start_on"):
        if key in data:
            value = data[key]
            if value is not None and not is_date(value):
                raise bad_request(f"{key}: Expected a date in the format YYYY-MM-DD")
            project[key] = value
            if key in ("due_on", "due_date"):
                project["due_on"] = project["due_date"] = value
    if "owner" in data:
        owner = data["owner"]
        project["owner"] = Ref("user", user_gid_of(store, str(owner), user_gid)) if owner else None
    project["modified_at"] = utc_timestamp()


def _add_user(project: Record, key: str, gid: str) -> None:
    if all(ref.gid != gid for ref in project[key]):
        project[key].append(Ref("user", gid))


def _remove_user(project: Record, key: str, gid: str) -> None:
    project[key] = [ref for ref in project[key] if ref.gid != gid]


def _filter_archived(call: Call, projects: list[Record]) -> list[Record]:
    archived = call.query_bool("archived")
    if archived is None:
        return projects
    return [p for p in projects if p["archived"] == archived]


def _in_workspace(projects: list[Record], workspace_gid: str) -> list[Record]:
    return [p for p in projects if p["workspace"].gid == workspace_gid]


def _created(call: Call, data: dict[str, Any]) -> Reply:
    project = create_project(call.store, data, call.user_gid)
    call.event("added", project)
    return call.one(project, status=201)


@endpoints.get("/projects")
def get_projects(call: Call) -> Reply:
    projects = call.store.all("project")
    if "workspace" in call.query:
        projects = _in_workspace(projects, call.query["workspace"])
    if "team" in call.query:
        team_gid = call.query["team"]
        projects = [p for p in projects if p["team"] is not None and p["team"].gid == team_gid]
    return call.page(_filter_archived(call, projects))


@endpoints.post("/projects")
def create_project_endpoint(call: Call) -> Reply:
    return _created(call, call.data)


@endpoints.put("/projects/{project_gid}")
def update_project(call: Call) -> Reply:
    project = call.in_path("project")
    _apply(call.store, project, call.data, call.user_gid)
    call.event("changed", project)
    return call.one(project)


@endpoints.delete("/projects/{project_gid}")
def delete_project(call: Call) -> Reply:
    project = call.in_path("project")
    for gid in list(project["_tasks"]):
        task = call.store.find("task", gid)
        if task is not None:
            remove_from_project(call.store, task, project["gid"])
    for section in call.store.all("section"):
        if section["project"].gid == project["gid"]:
            call.store.delete("section", section["gid"])
    call.store.delete("project", project["gid"])
    call.event("deleted", project)
    return call.empty()


@endpoints.get("/tasks/{task_gid}/projects")
def get_projects_for_task(call: Call) -> Reply:
    task = call.in_path("task")
    return call.page(call.store.resolve_all(task["projects"]))


@endpoints.get("/teams/{team_gid}/projects")
def get_projects_for_team(call: Call) -> Reply:
    team = call.in_path("team")
    projects = [
        p
        for p in call.store.all("project")
        if p["team"] is not None and p["team"].gid == team["gid"]
    ]
    return call.page(_filter_archived(call, projects))


@endpoints.post("/teams/{team_gid}/projects")
def create_project_for_team(call: Call) -> Reply:
    return _created(call, call.data_within("team"))


@endpoints.get("/workspaces/{workspace_gid}/projects")
def get_projects_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    projects = _in_workspace(call.store.all("project"), workspace["gid"])
    return call.page(_filter_archived(call, projects))


@endpoints.post("/workspaces/{workspace_gid}/projects")
def create_project_for_workspace(call: Call) -> Reply:
    return _created(call, call.data_within("workspace"))


@endpoints.get("/workspaces/{workspace_gid}/projects/search")
def search_projects_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    projects = _in_workspace(call.store.all("project"), workspace["gid"])
    text = call.query.get("text", "").lower()
    projects = [p for p in projects if text in p["name"].lower()]
    completed = call.query_bool("completed")
    if completed is not None:
        projects = [p for p in projects if p["completed"] == completed]
    for param, key in (("teams.any", "team"), ("owner.any", "owner")):
        if param in call.query:
            wanted = set(call.query[param].split(","))
            projects = [p for p in projects if p[key] is not None and p[key].gid in wanted]
    if "members.any" in call.query:
        wanted = set(call.query["members.any"].split(","))
        projects = [p for p in projects if wanted & {ref.gid for ref in p["members"]}]
    if "members.not" in call.query:
        unwanted = set(call.query["members.not"].split(","))
        projects = [p for p in projects if not unwanted & {ref.gid for ref in p["members"]}]
    descending = call.query_bool("sort_ascending") is False
    sort_key = call.query.get("sort_by", "modified_at")
    if sort_key in ("modified_at", "created_at", "due_date", "completed_at", "name"):
        projects.sort(key=lambda p: str(p.get(sort_key) or ""), reverse=descending)
    return call.listing(projects, cap=100)


@endpoints.post("/projects/{project_gid}/addCustomFieldSetting")
def add_custom_field_setting_for_project(call: Call) -> Reply:
    return add_custom_field_setting_to(call, call.in_path("project"))


@endpoints.post("/projects/{project_gid}/removeCustomFieldSetting")
def remove_custom_field_setting_for_project(call: Call) -> Reply:
    return remove_custom_field_setting_from(call, call.in_path("project"))


def add_custom_field_setting_to(call: Call, holder: Record) -> Reply:
    """Put the body's ``custom_field`` on a project, portfolio or goal: its new setting."""
    field = call.get("custom_field", str(call.require("custom_field")))
    setting = add_custom_field_setting(call.store, holder, field, call.data)
    call.event("changed", holder)
    return call.one(setting)


def remove_custom_field_setting_from(call: Call, holder: Record) -> Reply:
    """Take the body's ``custom_field`` off a project, portfolio or goal."""
    remove_custom_field_setting(call.store, holder, str(call.require("custom_field")))
    call.event("changed", holder)
    return call.empty()


@endpoints.get("/projects/{project_gid}/task_counts")
def get_task_counts_for_project(call: Call) -> Reply:
    project = call.in_path("project")
    tasks = [call.store.find("task", gid) for gid in project["_tasks"]]
    present = [t for t in tasks if t is not None]
    milestones = [t for t in present if t["resource_subtype"] == "milestone"]
    counts = {
        "num_tasks": len(present),
        "num_incomplete_tasks": sum(not t["completed"] for t in present),
        "num_completed_tasks": sum(bool(t["completed"]) for t in present),
        "num_milestones": len(milestones),
        "num_incomplete_milestones": sum(not t["completed"] for t in milestones),
        "num_completed_milestones": sum(bool(t["completed"]) for t in milestones),
    }
    wanted = call.fields or {}
    return Reply(200, {"data": {k: v for k, v in counts.items() if k in wanted}})


def _change_users(call: Call, key: str, adding: bool) -> Reply:
    project = call.in_path("project")
    for identifier in call.gid_list(key):
        gid = call.user(identifier)["gid"]
        if adding:
            _add_user(project, key, gid)
            if key == "followers":
                _add_user(project, "members", gid)
        else:
            _remove_user(project, key, gid)
            if key == "members":
                _remove_user(project, "followers", gid)
    call.event("changed", project)
    return call.one(project)


endpoints.add_and_remove("/projects/{project_gid}", ("members", "followers"), _change_users)
