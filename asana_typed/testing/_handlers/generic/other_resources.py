"""The rest of what is particular: statuses and briefs that become their parent's current
one, a task's tracked time, custom field settings on goals and portfolios, access requests,
rules, the audit log (read from the fake's event log), and the defaults and filters of the
plainer types."""

from __future__ import annotations

from ..._engine._call import Call, Reply
from ..._engine._errors import bad_request
from ..._engine._facts import Operation
from ..._engine._state import Record, ref_to, utc_timestamp
from ..projects import add_custom_field_setting_to, remove_custom_field_setting_from
from ._behaviour import BEHAVIOURS, Behaviour, hook
from ._crud import list_records, lookup, require_inputs
from ._records import ref_for

__all__: list[str] = []


def _becomes_current(field: str, *, link: str = "_parent") -> Behaviour:
    """A status or brief that becomes the ``field`` of the object its ``link`` names, until
    it is deleted."""

    def written(call: Call, record: Record) -> None:
        parent = call.store.resolve(record[link]) if record.get(link) else None
        if parent is not None:
            parent[field] = ref_to(record)

    def deleted(call: Call, record: Record) -> None:
        parent = call.store.resolve(record[link]) if record.get(link) else None
        if parent is not None and parent.get(field) == ref_to(record):
            parent[field] = None

    return Behaviour(written=written, deleted=deleted)


_CURRENT_STATUS_UPDATE = _becomes_current("current_status_update", link="parent")


def _status_update_written(call: Call, status: Record) -> None:
    parent = call.store.resolve(status["parent"]) if status["parent"] else None
    if parent is not None:
        if parent["resource_type"] not in ("project", "portfolio", "goal"):
            raise bad_request("parent: Must be a project, portfolio or goal")
        status["resource_subtype"] = f"{parent['resource_type']}_status_update"
    assert _CURRENT_STATUS_UPDATE.written is not None
    _CURRENT_STATUS_UPDATE.written(call, status)


def _time_entry_written(call: Call, entry: Record) -> None:
    task = call.store.resolve(entry["task"]) if entry["task"] else None
    if task is not None:
        entries = [e for e in call.store.all("time_tracking_entry") if e["task"] == entry["task"]]
        task["actual_time_minutes"] = sum(e["duration_minutes"] or 0 for e in entries)


BEHAVIOURS.update(
    {
        "project_status": _becomes_current("current_status"),
        "project_brief": _becomes_current("project_brief", link="project"),
        "status_update": Behaviour(
            filters={"created_since": ("created_at", ">=")},
            written=_status_update_written,
            deleted=_CURRENT_STATUS_UPDATE.deleted,
        ),
        "access_request": Behaviour(defaults={"approval_status": "pending"}),
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


@hook("add_custom_field_setting_for_goal", "add_custom_field_setting_for_portfolio")
def add_setting(call: Call, op: Operation) -> Reply:
    assert op.subject is not None
    return add_custom_field_setting_to(call, lookup(call, op.subject))


@hook("remove_custom_field_setting_for_goal", "remove_custom_field_setting_for_portfolio")
def remove_setting(call: Call, op: Operation) -> Reply:
    assert op.subject is not None
    return remove_custom_field_setting_from(call, lookup(call, op.subject))


@hook("approve_access_request", "reject_access_request")
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


@hook("trigger_rule")
def trigger_rule(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    trigger = lookup(call, "rule_trigger_gid")
    resource = ref_for(call.store, call.data["resource"], call.user_gid, field="resource")
    trigger.setdefault("_runs", []).append(
        {"resource": resource, "action_data": call.data["action_data"], "at": utc_timestamp()}
    )
    return call.one({"message": "The rule was triggered"})


@hook("get_audit_log_events")
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
