"""Every operation of the fact file, sent through ``client.<resource>.<method>`` to FakeAsana,
is answered from state, on Client and AsyncClient.

Objects are made first (seeded, or created through the operations themselves), then every
other operation gets their gids: reads see what the creates made, deletes remove it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from asana_typed import AsanaError, Client
from asana_typed.testing import FakeAsana
from asana_typed.testing._engine._facts import operations

from ._receiver import webhook_receiver

FACTS = json.loads(
    (Path(__file__).resolve().parents[2] / "tools" / "spec_facts.json").read_text("utf-8")
)
OPERATIONS: list[dict[str, Any]] = FACTS["operations"]
KINDS = {op.name: (op.kind, op.action or "") for op in operations()}

DELIBERATE_REFUSALS: dict[str, int] = {
    "get_events": 412,
    "get_workspace_events": 412,
}
"""Operations whose first call is refused by design (a new events stream: 412 and a token)."""

Context = dict[str, str]
Arguments = tuple[tuple[str, ...], dict[str, Any]]


def _seed(fake: FakeAsana) -> Context:
    """Objects the operations work on: gids by resource type."""
    workspace = fake.workspace["gid"]
    other = fake.add_user(name="Other User")
    team = fake.add_team(name="Team", members=[fake.me, other])
    project = fake.add_project(name="Project", team=team)
    section = fake.add_section(name="Section", project=project)
    task = fake.add_task(name="Task", projects=[project], custom_id="TASK-1")
    story = fake.add_story(task, text="A comment")
    field = fake.add_custom_field(name="Field", resource_subtype="enum", enum_options=["A", "B"])
    fake.add_project_template(project, name="Template")
    fake.add_task_template(name="Task template", project=project)
    return {
        "workspace": workspace,
        "user": fake.me["gid"],
        "other_user": other["gid"],
        "team": team["gid"],
        "project": project["gid"],
        "section": section["gid"],
        "task": task["gid"],
        "story": story["gid"],
        "tag": fake.add_tag(name="Tag")["gid"],
        "custom_field": field["gid"],
        "enum_option": fake.records("enum_option")[0]["gid"],
        "attachment": fake.add_attachment(task, name="a.txt", content=b"x")["gid"],
        "agent": fake.add_object("agent", name="Agent")["gid"],
        "custom_type": fake.add_object("custom_type", name="Type", project=project)["gid"],
        "time_period": fake.add_object(
            "time_period", period="Q1", start_on="2026-01-01", end_on="2026-03-31"
        )["gid"],
        "reaction": fake.add_object(
            "reaction", emoji="👍", user=fake.me, target=story, emoji_base="👍"
        )["gid"],
        "rule_trigger": fake.add_object("rule_trigger")["gid"],
    }


def _value(name: str, ctx: Context) -> Any:
    """A plausible value for a parameter, by its name."""
    values: dict[str, Callable[[], Any]] = {
        "workspace": lambda: ctx["workspace"],
        "organization": lambda: ctx["workspace"],
        "user": lambda: "me",
        "assignee": lambda: "me",
        "parent": lambda: ctx["project"],
        "target": lambda: ctx["project"],
        "resource": lambda: ctx["task"],
        "project": lambda: ctx["project"],
        "section": lambda: ctx["section"],
        "tag": lambda: ctx["tag"],
        "task": lambda: ctx["task"],
        "team": lambda: ctx["team"],
        "custom_field": lambda: ctx["custom_field"],
        "followers": lambda: [ctx["other_user"]],
        "members": lambda: [ctx["other_user"]],
        "item": lambda: ctx["project"],
        "supporting_resource": lambda: ctx["project"],
        "supported_goal": lambda: ctx["goal"],
        "name": lambda: "Plausible",
        "title": lambda: "Plausible",
        "text": lambda: "All good",
        "description": lambda: "Described",
        "status_type": lambda: "on_track",
        "start_date": lambda: "2026-03-02",
        "end_date": lambda: "2026-03-06",
        "base_role_type": lambda: "member",
        "rate": lambda: 100,
        "approval_status": lambda: "SUBMITTED",
        "action_data": lambda: {},
        "emoji_base": lambda: "👍",
        "resource_type": lambda: "task",
        "query": lambda: "Task",
        "public": lambda: False,
        "duration_minutes": lambda: 30,
        "current_number_value": lambda: 5,
    }
    return values[name]()


CREATE_FIELDS = ("name", "workspace", "parent", "title", "text", "duration_minutes")
"""Optional body fields a create is sent when the operation has them."""

OVERRIDES: dict[str, Callable[[Context], dict[str, Any]]] = {
    "create_access_request": lambda ctx: {"target": ctx["project"], "message": "Let me in"},
    "create_rate": lambda ctx: {"parent": ctx["project"], "resource": "me", "rate": 80},
    "create_membership": lambda ctx: {"parent": ctx["goal"], "member": ctx["other_user"]},
    "get_reactions_on_object": lambda ctx: {"target": ctx["story"], "emoji_base": "👍"},
    "create_allocation": lambda ctx: {
        "parent": ctx["project"],
        "assignee": "me",
        "start_date": "2026-03-02",
        "end_date": "2026-03-06",
        "effort": {"type": "hours", "value": 10},
    },
    "create_time_tracking_category": lambda ctx: {"name": "Design", "workspace": ctx["workspace"]},
    "create_project_for_team": lambda ctx: {"name": "Plausible"},
    "create_task": lambda ctx: {"name": "Plausible", "workspace": ctx["workspace"]},
    "create_team": lambda ctx: {"name": "Plausible", "organization": ctx["workspace"]},
    "create_attachment_for_object": lambda ctx: {
        "parent": ctx["task"],
        "url": "https://example.com/a",
        "resource_subtype": "external",
        "name": "Link",
    },
    "duplicate_task": lambda ctx: {"name": "Copy"},
    "get_tags": lambda ctx: {"workspace": ctx["workspace"]},
    "get_tasks": lambda ctx: {"project": ctx["project"]},
    "insert_section_for_project": lambda ctx: {
        "section": ctx["other_section"],
        "before_section": ctx["section"],
    },
    "update_goal_metric": lambda ctx: {"current_number_value": 5},
    "update_timesheet_approval_status": lambda ctx: {"approval_status": "SUBMITTED"},
    "add_user_for_workspace": lambda ctx: {"user": ctx["other_user"]},
    "add_user_for_team": lambda ctx: {"user": ctx["other_user"]},
    "remove_user_for_team": lambda ctx: {"user": ctx["other_user"]},
    "remove_user_for_workspace": lambda ctx: {"user": ctx["other_user"]},
    "add_dependencies_for_task": lambda ctx: {"dependencies": [ctx["other_task"]]},
    "remove_dependencies_for_task": lambda ctx: {"dependencies": [ctx["other_task"]]},
    "add_dependents_for_task": lambda ctx: {"dependents": [ctx["third_task"]]},
    "remove_dependents_for_task": lambda ctx: {"dependents": [ctx["third_task"]]},
    "set_parent_for_task": lambda ctx: {"parent": ctx["other_task"]},
    "create_custom_field": lambda ctx: {
        "name": "Plausible",
        "workspace": ctx["workspace"],
        "resource_subtype": "enum",
        "enum_options": [{"name": "One"}],
    },
    "insert_enum_option_for_custom_field": lambda ctx: {"enum_option": ctx["enum_option"]},
    "create_organization_export": lambda ctx: {"organization": ctx["workspace"]},
    "create_graph_export": lambda ctx: {"parent": ctx["project"]},
    "create_resource_export": lambda ctx: {
        "workspace": ctx["workspace"],
        "export_request_parameters": [{"resource_type": "task"}],
    },
    "get_project_templates": lambda ctx: {"workspace": ctx["workspace"]},
    "create_webhook": lambda ctx: {"resource": ctx["task"], "target": ctx["webhook_target"]},
    "create_batch_request": lambda ctx: {
        "actions": [{"relative_path": f"/tasks/{ctx['task']}", "method": "get"}]
    },
}


def _order(op: dict[str, Any]) -> tuple[int, str]:
    """Creates, additions and copies first, then reads and writes, removals, deletes last."""
    kind, action = KINDS[op["name"]]
    name = op["name"]
    if kind == "create":
        return 0, name
    if action.startswith(("add", "duplicate", "instantiate")) or name.startswith("add"):
        return 1, name
    if kind == "list":
        return 2, name
    if kind in ("get", "update"):
        return 3, name
    if kind == "delete":  # children before their parents: delete_section before delete_project
        return 6, "".join(chr(0x10FFFF - ord(c)) for c in name)
    if action.startswith("remove") or name.startswith("remove"):
        return 5, name
    return 4, name


def _arguments(op: dict[str, Any], ctx: Context, fake: FakeAsana) -> Arguments:
    if op["name"] in PATH_OVERRIDES:
        gids: tuple[str, ...] = (PATH_OVERRIDES[op["name"]](ctx, fake),)
    else:
        gids = tuple(_path_value(param, ctx, fake) for param in op["path_params"])
    if op["name"] in OVERRIDES:
        return gids, OVERRIDES[op["name"]](ctx)
    names = [n for n in op["required_params"] if n not in op["path_params"]]
    if KINDS[op["name"]][0] == "create":
        names += [n for n in CREATE_FIELDS if n in (op["body_params"] or []) and n not in names]
    return gids, {name: _value(name, ctx) for name in names}


PATH_OVERRIDES: dict[str, Callable[[Context, FakeAsana], str]] = {
    "reject_access_request": lambda ctx, fake: fake.add_object(
        "access_request", target=ctx["project"], approval_status="pending"
    )["gid"],
}
"""Path gids other than the first object of the type."""


def _path_value(param: str, ctx: Context, fake: FakeAsana) -> str:
    if param == "custom_id":
        return "TASK-1"
    resource_type = param.removesuffix("_gid")
    if resource_type not in ctx:
        records = fake.records(resource_type)
        if not records:
            raise LookupError(f"nothing of type {resource_type} to call with")
        ctx[resource_type] = records[0]["gid"]
    return ctx[resource_type]


def test_every_operation_is_served_from_state(inprocess_client: Client, fake: FakeAsana) -> None:
    with webhook_receiver() as receiver:  # the target of create_webhook's handshake
        _send_every_operation(inprocess_client, fake, receiver.url)


def _send_every_operation(inprocess_client: Client, fake: FakeAsana, webhook_target: str) -> None:
    ctx = _seed(fake)
    ctx["webhook_target"] = webhook_target
    ctx["other_task"] = fake.add_task(name="Other task")["gid"]
    ctx["third_task"] = fake.add_task(name="Third task")["gid"]
    ctx["goal"] = fake.add_object("goal", name="Seeded goal")["gid"]
    ctx["other_section"] = fake.add_section(name="Other", project=ctx["project"])["gid"]
    user_task_list = inprocess_client.user_task_lists.get_user_task_list_for_user(
        "me", {"workspace": ctx["workspace"]}
    )
    ctx["user_task_list"] = user_task_list.gid
    failures: list[str] = []
    for op in sorted(OPERATIONS, key=_order):
        try:
            gids, params = _arguments(op, ctx, fake)
        except LookupError as error:
            failures.append(f"{op['name']}: {error}")
            continue
        method = getattr(getattr(inprocess_client, op["resource"]), op["name"])
        args = (*gids, params or {})
        paged = {"iterator_type": None} if op["response_shape"] == "page" else {}
        try:
            body = method(*args, full_payload=True, **paged)
        except AsanaError as error:
            if DELIBERATE_REFUSALS.get(op["name"]) != error.status:
                failures.append(f"{op['name']}: {error.status} {error.message}")
            continue
        problem = _check(op, gids, body, ctx, fake)
        if problem:
            failures.append(f"{op['name']}: {problem}")
    assert not failures, "\n".join(failures)


def _check(
    op: dict[str, Any], gids: tuple[str, ...], body: Any, ctx: Context, fake: FakeAsana
) -> str | None:
    """Why the answer is not what the operation's state should give, if it is not."""
    kind = KINDS[op["name"]][0]
    data = body.get("data") if isinstance(body, dict) else None
    if op["response_shape"] in ("list", "page"):
        return None if isinstance(data, list) else f"not a list: {body!r}"
    if kind == "create" and op["response_shape"] == "item":
        resource_type = str(data.get("resource_type")) if isinstance(data, dict) else ""
        if fake.get_record(resource_type, str(data.get("gid") if data else "")) is None:
            return f"created nothing: {body!r}"
        ctx.setdefault(resource_type, str(data["gid"]) if data else "")
        return None
    if kind == "get" and (not isinstance(data, dict) or data.get("gid") != gids[-1]):
        return f"answered another object: {body!r}"
    if kind == "delete":
        resource_type = op["path_params"][-1].removesuffix("_gid")
        if fake.get_record(resource_type, gids[-1]) is not None:
            return "the object is still there"
    return None


def test_the_exceptions_name_only_real_operations() -> None:
    names = {op["name"] for op in OPERATIONS}
    assert names >= set(DELIBERATE_REFUSALS) | set(OVERRIDES) | set(PATH_OVERRIDES)
