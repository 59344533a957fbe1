"""The particular part: per-type behaviour and the few operations that are not CRUD.

Goals (metric, supporting relationships, parent goals), portfolios (items, members and their
memberships, duplication), statuses that become their parent's current status, briefs,
memberships derived from project, portfolio and workspace members, access requests, rules,
time tracking totals and the audit log (read from the event log).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._call import Call, Reply
from .._endpoints_projects import add_custom_field_setting, remove_custom_field_setting
from .._errors import bad_request
from .._memberships import place
from .._state import Record, Ref, Store, ref_to, utc_timestamp
from ._behaviour import BEHAVIOURS, HOOKS, Behaviour, Hook
from ._facts import Operation
from ._generic import apply_body, create, list_records, lookup, new_record, require_inputs
from ._records import ref_for, workspace_of

__all__: list[str] = []


def _hook(*names: str) -> Callable[[Hook], Hook]:
    """Register the decorated function as the handler of the named operations."""

    def register(hook: Hook) -> Hook:
        for name in names:
            HOOKS[name] = hook
        return hook

    return register


def _set_on_parent(field: str, *, parent_field: str = "_parent") -> Behaviour:
    """A status or brief that becomes its parent's ``field`` (cleared again on delete)."""

    def written(call: Call, record: Record) -> None:
        parent = call.store.resolve(record[parent_field]) if record.get(parent_field) else None
        if parent is not None:
            parent[field] = ref_to(record)

    def deleted(call: Call, record: Record) -> None:
        parent = call.store.resolve(record[parent_field]) if record.get(parent_field) else None
        if parent is not None and parent.get(field) == ref_to(record):
            parent[field] = None

    return Behaviour(written=written, deleted=deleted)


# -- memberships derived from members lists --------------------------------------------------


def _sync(store: Store, membership_type: str, holder: Record, user_gids: list[str]) -> None:
    """One ``membership_type`` record per member of ``holder``, no more."""
    link = holder["resource_type"]
    holder_ref = ref_to(holder)
    existing = [m for m in store.all(membership_type) if m.get(link) == holder_ref]
    for membership in existing:
        if membership["user"].gid not in user_gids:
            store.delete(membership_type, membership["gid"])
    have = {m["user"].gid for m in existing}
    for gid in user_gids:
        if gid not in have:
            user = Ref("user", gid)
            fields: dict[str, Any] = {link: holder_ref, "user": user}
            if membership_type == "project_membership":
                fields.update(parent=holder_ref, member=user, write_access="full_write")
            if membership_type == "workspace_membership":
                fields.update(is_active=True)
            new_record(store, membership_type, gid, **fields)


def _refresh_project_memberships(store: Store) -> None:
    for project in store.all("project"):
        _sync(store, "project_membership", project, [r.gid for r in project["members"]])


def _refresh_portfolio_memberships(store: Store) -> None:
    for portfolio in store.all("portfolio"):
        _sync(store, "portfolio_membership", portfolio, [r.gid for r in portfolio["members"]])


def _refresh_workspace_memberships(store: Store) -> None:
    for workspace in store.all("workspace"):
        members = [
            u["gid"]
            for u in store.all("user")
            if Ref("workspace", workspace["gid"]) in u.get("workspaces", [])
        ]
        _sync(store, "workspace_membership", workspace, members)


def _portfolio_written(call: Call, portfolio: Record) -> None:
    portfolio.setdefault("_items", [])
    _refresh_portfolio_memberships(call.store)


def _membership_written(call: Call, membership: Record) -> None:
    parent = call.store.resolve(membership["parent"]) if membership["parent"] else None
    if parent is not None:
        membership["resource_subtype"] = f"{parent['resource_type']}_membership"
        if parent["resource_type"] == "goal":
            membership["goal"] = ref_to(parent)
    member = membership["member"]
    if isinstance(member, Ref) and member.resource_type == "user":
        membership["user"] = member
    membership["workspace"] = _workspace_ref(call.store, membership)


def _workspace_ref(store: Store, record: Record) -> Ref | None:
    gid = workspace_of(store, record)
    return Ref("workspace", gid) if gid is not None else None


def _status_update_written(call: Call, status: Record) -> None:
    parent = call.store.resolve(status["parent"]) if status["parent"] else None
    if parent is not None:
        if parent["resource_type"] not in ("project", "portfolio", "goal"):
            raise bad_request("parent: Must be a project, portfolio or goal")
        status["resource_subtype"] = f"{parent['resource_type']}_status_update"
        parent["current_status_update"] = ref_to(status)


def _status_update_deleted(call: Call, status: Record) -> None:
    parent = call.store.resolve(status["parent"]) if status["parent"] else None
    if parent is not None and parent.get("current_status_update") == ref_to(status):
        parent["current_status_update"] = None


def _time_entry_written(call: Call, entry: Record) -> None:
    task = call.store.resolve(entry["task"]) if entry["task"] else None
    if task is not None:
        entries = [e for e in call.store.all("time_tracking_entry") if e["task"] == entry["task"]]
        task["actual_time_minutes"] = sum(e["duration_minutes"] or 0 for e in entries)


def _goal_deleted(call: Call, goal: Record) -> None:
    for relationship in call.store.all("goal_relationship"):
        if ref_to(goal) in (relationship["supported_goal"], relationship["supporting_resource"]):
            call.store.delete("goal_relationship", relationship["gid"])


BEHAVIOURS.update(
    {
        "goal": Behaviour(
            defaults={"status": None, "is_workspace_level": False, "num_likes": 0},
            required=("name",),
            filters={"time_periods": ("time_period", "=")},
            deleted=_goal_deleted,
        ),
        "portfolio": Behaviour(
            defaults={"color": "light-green", "public": False},
            required=("workspace", "name"),
            written=_portfolio_written,
        ),
        "project_status": _set_on_parent("current_status"),
        "project_brief": _set_on_parent("project_brief", parent_field="project"),
        "status_update": Behaviour(
            filters={"created_since": ("created_at", ">=")},
            written=_status_update_written,
            deleted=_status_update_deleted,
        ),
        "access_request": Behaviour(defaults={"approval_status": "pending"}),
        "membership": Behaviour(defaults={"access_level": "editor"}, written=_membership_written),
        "project_membership": Behaviour(
            defaults={"access_level": "editor"}, refresh=_refresh_project_memberships
        ),
        "portfolio_membership": Behaviour(
            defaults={"access_level": "editor"}, refresh=_refresh_portfolio_memberships
        ),
        "workspace_membership": Behaviour(refresh=_refresh_workspace_memberships),
        "time_tracking_entry": Behaviour(
            defaults={"approval_status": "DRAFT", "billable_status": "billable"},
            filters={
                "user": ("created_by", "="),
                "entered_on_start_date": ("entered_on", ">="),
                "entered_on_end_date": ("entered_on", "<="),
            },
            written=_time_entry_written,
            deleted=_time_entry_written,
        ),
        "time_tracking_category": Behaviour(defaults={"is_archived": False}),
        "timesheet_approval_status": Behaviour(
            defaults={"approval_status": "DRAFT"},
            filters={
                "approval_statuses": ("approval_status", "="),
                "from_date": ("start_date", ">="),
                "to_date": ("end_date", "<="),
            },
        ),
        "ooo_entry": Behaviour(
            filters={"start_date": ("end_date", ">="), "end_date": ("start_date", "<=")}
        ),
        "time_period": Behaviour(
            filters={"start_on": ("start_on", ">="), "end_on": ("end_on", "<=")}
        ),
        "rate": Behaviour(defaults={"currency_code": "USD"}),
        "role": Behaviour(defaults={"is_standard_role": False}),
        "allocation": Behaviour(defaults={"resource_subtype": "project_allocation"}),
        "audit_log_event": Behaviour(
            filters={"start_at": ("created_at", ">="), "end_at": ("created_at", "<=")}
        ),
    }
)


# -- goals ------------------------------------------------------------------------------------


@_hook("create_goal")
def create_goal(call: Call, op: Operation) -> Reply:
    if not call.data.get("workspace") and call.data.get("team"):
        team = call.get("team", str(call.data["team"]))
        call.data["workspace"] = team["organization"].gid
    if not call.data.get("workspace"):
        call.require("workspace")
    return create(call, op)


@_hook("create_goal_metric")
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


@_hook("update_goal_metric")
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


@_hook("add_supporting_relationship")
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


@_hook("remove_supporting_relationship")
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


@_hook("get_parent_goals_for_goal")
def get_parent_goals(call: Call, op: Operation) -> Reply:
    goal = lookup(call, "goal_gid")
    parents = [
        call.store.resolve(r["supported_goal"])
        for r in call.store.all("goal_relationship")
        if r["supporting_resource"] == ref_to(goal)
    ]
    return list_records(call, op, [p for p in parents if p is not None])


@_hook("add_custom_field_setting_for_goal", "add_custom_field_setting_for_portfolio")
def add_setting(call: Call, op: Operation) -> Reply:
    assert op.subject is not None
    return add_custom_field_setting(call, lookup(call, op.subject))


@_hook("remove_custom_field_setting_for_goal", "remove_custom_field_setting_for_portfolio")
def remove_setting(call: Call, op: Operation) -> Reply:
    assert op.subject is not None
    return remove_custom_field_setting(call, lookup(call, op.subject))


# -- portfolios -------------------------------------------------------------------------------


@_hook("add_item_for_portfolio")
def add_item(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    portfolio = lookup(call, "portfolio_gid")
    item = ref_for(call.store, call.data["item"], call.user_gid, field="item")
    if item.resource_type not in ("project", "portfolio") or item.gid == portfolio["gid"]:
        raise bad_request("item: Must be a project or another portfolio")
    order = [ref.gid for ref in portfolio["_items"]]
    place(order, item.gid, call.data.get("insert_before"), call.data.get("insert_after"))
    known = {ref.gid: ref for ref in [*portfolio["_items"], item]}
    portfolio["_items"] = [known[gid] for gid in order]
    if item.resource_type == "project" and _setting(call.store, portfolio, item) is None:
        new_record(
            call.store,
            "project_portfolio_setting",
            call.user_gid,
            portfolio=ref_to(portfolio),
            project=item,
            is_access_control_inherited=False,
        )
    call.event("added", call.get(item.resource_type, item.gid), parent=portfolio)
    return call.empty()


@_hook("remove_item_for_portfolio")
def remove_item(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    portfolio = lookup(call, "portfolio_gid")
    gid = str(call.data["item"])
    portfolio["_items"] = [ref for ref in portfolio["_items"] if ref.gid != gid]
    setting = _setting(call.store, portfolio, Ref("project", gid))
    if setting is not None:
        call.store.delete("project_portfolio_setting", setting["gid"])
    return call.empty()


def _setting(store: Store, portfolio: Record, project: Ref) -> Record | None:
    for setting in store.all("project_portfolio_setting"):
        if setting["portfolio"] == ref_to(portfolio) and setting["project"] == project:
            return setting
    return None


@_hook("get_items_for_portfolio")
def get_items(call: Call, op: Operation) -> Reply:
    portfolio = lookup(call, "portfolio_gid")
    items = [call.store.resolve(ref) for ref in portfolio["_items"]]
    return list_records(call, op, [item for item in items if item is not None])


@_hook("duplicate_portfolio")
def duplicate_portfolio(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    source = lookup(call, "portfolio_gid")
    copied = {k: v for k, v in source.items() if k not in ("gid", "resource_type")}
    copy = new_record(call.store, "portfolio", call.user_gid, **copied)
    copy.update(name=call.text("name"), _items=list(source["_items"]))
    copy["permalink_url"] = f"https://app.asana.com/0/portfolio/{copy['gid']}"
    _refresh_portfolio_memberships(call.store)
    call.event("added", copy)
    job = call.store.insert(
        "job",
        {
            "resource_subtype": "duplicate_portfolio",
            "status": "succeeded",
            "new_portfolio": ref_to(copy),
            "new_project": None,
            "new_task": None,
            "new_project_template": None,
            "_workspace": copy["_workspace"],
        },
    )
    return call.one(job, status=201)


# -- access requests, rules, audit log, goal stories -----------------------------------------


@_hook("approve_access_request", "reject_access_request")
def decide_access_request(call: Call, op: Operation) -> Reply:
    request = lookup(call, "access_request_gid")
    if request["approval_status"] != "pending":
        raise bad_request(f"This access request is already {request['approval_status']}")
    approved = op.action == "approve"
    request["approval_status"] = "approved" if approved else "denied"
    target = call.store.resolve(request["target"]) if request["target"] else None
    requester = request["requester"]
    if approved and target is not None and requester not in target.get("members", [requester]):
        target["members"].append(requester)
    call.event("changed", request)
    return call.empty()


@_hook("trigger_rule")
def trigger_rule(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    trigger = lookup(call, "rule_trigger_gid")
    resource = ref_for(call.store, call.data["resource"], call.user_gid, field="resource")
    trigger.setdefault("_runs", []).append(
        {"resource": resource, "action_data": call.data["action_data"], "at": utc_timestamp()}
    )
    return call.one({"message": "The rule was triggered"})


@_hook("get_audit_log_events")
def get_audit_log_events(call: Call, op: Operation) -> Reply:
    """The workspace's audit log, read from the fake's event log."""
    workspace = lookup(call, "workspace_gid")
    entries: list[Record] = []
    for index, event in enumerate(call.store.events):
        if event.get("_workspace") != workspace["gid"]:
            continue
        resource, user = event["resource"], event["user"]
        actor_type = "user" if user else "asana"
        entries.append(
            {
                "gid": f"{index + 1}",
                "created_at": event["created_at"],
                "event_type": f"{event['type']}_{event['action']}",
                "event_category": "content",
                "actor": {"actor_type": actor_type, **({"gid": user.gid} if user else {})},
                "resource": resource,
                "details": {},
                "context": {"context_type": "api"},
                "_actor_type": actor_type,
                "_actor_gid": user.gid if user else None,
                "_resource_gid": resource.gid,
            }
        )
    return list_records(call, op, entries)
