"""Project templates and task templates: saving, listing, deleting, instantiating.

A project template is made by ``POST /projects/{gid}/saveAsTemplate`` (or
:meth:`FakeAsana.add_project_template`): it keeps a blueprint of the project's sections and
tasks (see :mod:`._copying`). When the project has dated tasks, the template requests the
date variable ``1`` (the start date): ``instantiateProject`` moves every date so the first one
falls on the date given in ``requested_dates``; without one, on today, or, with ``is_strict``,
Asana's 422.

Asana's API cannot create task templates; :meth:`FakeAsana.add_task_template` seeds them.
``instantiateTask`` makes the recipe's task in the template's project: its description,
subtype, subtasks, and due and start dates ``relative_due_on`` / ``relative_start_on`` days
from today.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from .._engine._call import Call, Reply
from .._engine._errors import ApiError, bad_request, missing_input
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store, utc_timestamp
from ._copying import TASK_PARTS, build_project, build_task, dates_of, project_blueprint
from ._rich_text import html_to_text, text_to_html
from .duplicates import required_name, shift_to
from .jobs import start_job

__all__ = ["create_project_template", "create_task_template", "endpoints"]

endpoints = Endpoints()

START_DATE: Record = {
    "gid": "1",
    "name": "Start Date",
    "description": "The day the project's first dated task starts.",
}
_RECIPE_SUBTYPES = {
    "default_task": "default_task",
    "milestone_task": "milestone",
    "approval_task": "approval",
}


def create_project_template(
    store: Store,
    project: Record,
    user_gid: str,
    *,
    name: str,
    public: bool = False,
    team: str | None = None,
) -> Record:
    """Store a template of ``project``: its notes, sections and tasks (with every task part)."""
    blueprint = project_blueprint(store, project, TASK_PARTS - {"projects", "parent"})
    team_ref = Ref("team", store.get("team", team)["gid"]) if team else project["team"]
    return store.insert(
        "project_template",
        {
            "name": name,
            "description": project["notes"],
            "html_description": project["html_notes"],
            "public": public,
            "owner": Ref("user", user_gid),
            "team": team_ref,
            "requested_dates": [dict(START_DATE)] if dates_of(blueprint) else [],
            "color": project["color"],
            "requested_roles": [],
            "_workspace": project["workspace"].gid,
            "_blueprint": blueprint,
        },
    )


def create_task_template(
    store: Store, project: Record, user_gid: str, *, name: str, recipe: dict[str, Any]
) -> Record:
    """Store a task template in ``project``; ``recipe`` holds ``TaskTemplateRecipe`` fields."""
    subtype = recipe.get("task_resource_subtype", "default_task")
    if subtype not in _RECIPE_SUBTYPES:
        raise ValueError(f"task_resource_subtype must be one of {sorted(_RECIPE_SUBTYPES)}")
    description = recipe.get("description")
    html = recipe.get("html_description")
    full: Record = {
        "name": recipe.get("name", name),
        "task_resource_subtype": subtype,
        "description": description if description is not None else html_to_text(html or ""),
        "html_description": html if html is not None else text_to_html(description or ""),
        "memberships": [Ref("project", project["gid"])],
        "relative_start_on": recipe.get("relative_start_on"),
        "relative_due_on": recipe.get("relative_due_on"),
        "due_time": recipe.get("due_time"),
        "dependencies": [],
        "dependents": [],
        "followers": [Ref("user", str(gid)) for gid in recipe.get("followers", [])],
        "attachments": [],
        "subtasks": [_subtask(item) for item in recipe.get("subtasks", [])],
        "custom_fields": [],
    }
    return store.insert(
        "task_template",
        {
            "name": name,
            "project": Ref("project", project["gid"]),
            "template": full,
            "created_by": Ref("user", user_gid),
            "created_at": utc_timestamp(),
        },
    )


def _subtask(item: Any) -> Record:
    name = item if isinstance(item, str) else item.get("name") if isinstance(item, dict) else None
    if not isinstance(name, str):
        raise ValueError("subtasks: give names, or objects with a name")
    return {"name": name, "task_resource_subtype": "default_task"}


# -- project templates ------------------------------------------------------------------------


@endpoints.post("/projects/{project_gid}/saveAsTemplate")
def project_save_as_template(call: Call) -> Reply:
    project = call.in_path("project")
    name = required_name(call)
    public = call.data_bool("public")
    if public is None:
        raise missing_input("public")
    team = str(call.data["team"]) if call.data.get("team") else None
    template = create_project_template(
        call.store, project, call.user_gid, name=name, public=public, team=team
    )
    return start_job(call, "save_project_as_template", new_project_template=template)


def _templates_of_team(call: Call, team_gid: str) -> list[Record]:
    return [t for t in call.store.all("project_template") if t["team"] == Ref("team", team_gid)]


@endpoints.get("/project_templates")
def get_project_templates(call: Call) -> Reply:
    if "team" in call.query:
        return call.page(_templates_of_team(call, call.get("team", call.query["team"])["gid"]))
    workspace = call.get("workspace", call.require_query("workspace"))["gid"]
    templates = call.store.all("project_template")
    return call.page([t for t in templates if t["_workspace"] == workspace])


@endpoints.get("/teams/{team_gid}/project_templates")
def get_project_templates_for_team(call: Call) -> Reply:
    team = call.in_path("team")
    return call.page(_templates_of_team(call, team["gid"]))


@endpoints.delete("/project_templates/{project_template_gid}")
def delete_project_template(call: Call) -> Reply:
    call.store.delete("project_template", call.in_path("project_template")["gid"])
    return call.empty()


def _start_date(call: Call, template: Record) -> str | None:
    """The start date requested for the new project (``None`` when the template has none)."""
    if not template["requested_dates"]:
        return None
    given = call.data.get("requested_dates") or []
    if not isinstance(given, list) or not all(isinstance(d, dict) for d in given):
        raise bad_request("requested_dates: Expected a list of {gid, value} objects")
    value = next((d.get("value") for d in given if str(d.get("gid")) == "1"), None)
    if value is None and call.data_bool("is_strict"):
        raise ApiError(422, "requested_dates: The template needs a value for date variable 1")
    return str(value) if value is not None else date.today().isoformat()


@endpoints.post("/project_templates/{project_template_gid}/instantiateProject")
def instantiate_project(call: Call) -> Reply:
    template = call.in_path("project_template")
    blueprint = template["_blueprint"]
    data: dict[str, Any] = {"name": required_name(call), "workspace": template["_workspace"]}
    team = call.data.get("team") or (template["team"].gid if template["team"] else None)
    if team:
        data["team"] = str(team)
    for key in ("privacy_setting", "public"):
        if key in call.data:
            data[key] = call.data[key]
    shift = shift_to(blueprint, _start_date(call, template))
    project = build_project(call, blueprint, data, shift=shift)
    project["created_from_template"] = Ref("project_template", template["gid"])
    return start_job(call, "instantiate_project", new_project=project)


# -- task templates ---------------------------------------------------------------------------


@endpoints.get("/task_templates")
def get_task_templates(call: Call) -> Reply:
    templates = call.store.all("task_template")
    if "project" in call.query:
        project = call.get("project", call.query["project"])["gid"]
        templates = [t for t in templates if t["project"].gid == project]
    return call.page(templates)


@endpoints.delete("/task_templates/{task_template_gid}")
def delete_task_template(call: Call) -> Reply:
    call.store.delete("task_template", call.in_path("task_template")["gid"])
    return call.empty()


def _in_days(days: Any) -> str | None:
    return (date.today() + timedelta(days=int(days))).isoformat() if days is not None else None


@endpoints.post("/task_templates/{task_template_gid}/instantiateTask")
def instantiate_task(call: Call) -> Reply:
    template = call.in_path("task_template")
    recipe = template["template"]
    name = call.text("name") if call.data.get("name") else recipe["name"]
    blueprint: Record = {
        "from": template["gid"],
        "name": name,
        "resource_subtype": _RECIPE_SUBTYPES[recipe["task_resource_subtype"]],
        "html_notes": recipe["html_description"],
        "followers": [ref.gid for ref in recipe["followers"]],
        "subtasks": [
            {"from": "", "name": s["name"], "resource_subtype": "default_task"}
            for s in recipe["subtasks"]
        ],
    }
    for key, days in (("due_on", "relative_due_on"), ("start_on", "relative_start_on")):
        if recipe[days] is not None:
            blueprint[key] = _in_days(recipe[days])
    task = build_task(call, blueprint, {"projects": [template["project"].gid]})
    return start_job(call, "instantiate_task", new_task=task)
