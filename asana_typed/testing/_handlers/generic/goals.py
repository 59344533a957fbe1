"""Goals: a metric and its current value, supporting relationships, parent goals, and
goals made in a team's organization; deleting a goal drops its relationships."""

from __future__ import annotations

from typing import Any

from ..._engine._call import Call, Reply
from ..._engine._errors import bad_request
from ..._engine._facts import Operation
from ..._engine._state import Record, ref_to
from ._behaviour import BEHAVIOURS, Behaviour, hook
from ._crud import apply_body, create, list_records, lookup, new_record, require_inputs
from ._records import ref_for

__all__: list[str] = []


def _goal_deleted(call: Call, goal: Record) -> None:
    for relationship in call.store.all("goal_relationship"):
        if ref_to(goal) in (relationship["supported_goal"], relationship["supporting_resource"]):
            call.store.delete("goal_relationship", relationship["gid"])


BEHAVIOURS["goal"] = Behaviour(
    defaults={"status": None, "is_workspace_level": False, "num_likes": 0},
    required=("name",),
    filters={"time_periods": ("time_period", "=")},
    deleted=_goal_deleted,
)


@hook("create_goal")
def create_goal(call: Call, op: Operation) -> Reply:
    if not call.data.get("workspace") and call.data.get("team"):
        team = call.get("team", str(call.data["team"]))
        call.data["workspace"] = team["organization"].gid
    if not call.data.get("workspace"):
        call.require("workspace")
    return create(call, op)


@hook("create_goal_metric")
def set_metric(call: Call, op: Operation) -> Reply:
    goal = lookup(call, "goal_gid")
    metric = {
        "gid": call.store.new_gid(),
        "resource_type": "goal_metric",
        "resource_subtype": "number",
        "precision": 0,
        "unit": "none",
        "currency_code": None,
        "initial_number_value": 0,
        "target_number_value": 0,
        "current_number_value": 0,
        "progress_source": "manual",
        "is_custom_weight": False,
        "can_manage": True,
    }
    metric.update({k: call.data[k] for k in op.body if k in call.data})
    if metric["unit"] not in ("none", "currency", "percentage"):
        raise bad_request(f"unit: Must be none, currency or percentage, got {metric['unit']!r}")
    goal["metric"] = _with_display(metric)
    call.event("changed", goal)
    return call.one(goal)


@hook("update_goal_metric")
def set_metric_current_value(call: Call, op: Operation) -> Reply:
    goal = lookup(call, "goal_gid")
    if goal["metric"] is None:
        raise bad_request("This goal has no metric: set one with setMetric first")
    value = call.require("current_number_value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise bad_request(f"current_number_value: Expected a number, got {value!r}")
    goal["metric"] = _with_display({**goal["metric"], "current_number_value": value})
    call.event("changed", goal)
    return call.one(goal)


def _with_display(metric: dict[str, Any]) -> dict[str, Any]:
    value = metric["current_number_value"]
    suffix = "%" if metric["unit"] == "percentage" else ""
    metric["current_display_value"] = f"{value:.{int(metric['precision'] or 0)}f}{suffix}"
    return metric


_SUPPORTING_TYPES = {
    "goal": "subgoal",
    "project": "supporting_work",
    "portfolio": "supporting_work",
    "task": "supporting_work",
}
"""Supporting resource type -> the relationship's ``resource_subtype``."""


@hook("add_supporting_relationship")
def add_supporting_relationship(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    goal = lookup(call, "goal_gid")
    supporting = ref_for(
        call.store, call.data["supporting_resource"], call.user_gid, field="supporting_resource"
    )
    if supporting.resource_type not in _SUPPORTING_TYPES or supporting.gid == goal["gid"]:
        raise bad_request("supporting_resource: Must be another goal, a project, portfolio or task")
    for relationship in call.store.all("goal_relationship"):
        if relationship["supported_goal"] == ref_to(goal) and (
            relationship["supporting_resource"] == supporting
        ):
            return call.one(relationship)
    relationship = new_record(
        call.store,
        "goal_relationship",
        call.user_gid,
        supported_goal=ref_to(goal),
        supporting_resource=supporting,
        resource_subtype=_SUPPORTING_TYPES[supporting.resource_type],
        contribution_weight=0,
    )
    apply_body(call, relationship, ("contribution_weight",))
    call.event("added", relationship, parent=goal)
    return call.one(relationship)


@hook("remove_supporting_relationship")
def remove_supporting_relationship(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    goal = lookup(call, "goal_gid")
    gid = str(call.data["supporting_resource"])
    for relationship in call.store.all("goal_relationship"):
        if relationship["supported_goal"] == ref_to(goal) and (
            relationship["supporting_resource"].gid == gid
        ):
            call.store.delete("goal_relationship", relationship["gid"])
            call.event("removed", relationship, parent=goal)
            return call.empty()
    raise bad_request(f"supporting_resource: {gid} does not support this goal")


@hook("get_parent_goals_for_goal")
def get_parent_goals(call: Call, op: Operation) -> Reply:
    goal = lookup(call, "goal_gid")
    parents = call.store.resolve_all(
        r["supported_goal"]
        for r in call.store.all("goal_relationship")
        if r["supporting_resource"] == ref_to(goal)
    )
    return list_records(call, op, parents)
