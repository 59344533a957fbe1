"""Routes for the operations the generic handlers serve: a generic handler or a hook for each."""

from __future__ import annotations

from collections.abc import Collection

from ..._engine._call import Call, Handler, Reply
from ..._engine._facts import Operation, operations
from ..._engine._router import Endpoints
from . import goals, memberships, other_resources, portfolios  # noqa: F401  (fill the tables)
from ._behaviour import HOOKS, Hook
from ._crud import create, delete, get, list_records, relate, relation_field, update

__all__ = ["NOT_GENERIC", "generic_endpoints"]

NOT_GENERIC: frozenset[str] = frozenset(
    {
        "create_batch_request",
        "create_custom_field",
        "create_enum_option_for_custom_field",
        "create_graph_export",
        "create_organization_export",
        "create_resource_export",
        "create_webhook",
        "delete_custom_field",
        "delete_project_template",
        "delete_task_template",
        "delete_webhook",
        "get_custom_field_settings_for_goal",
        "get_custom_field_settings_for_portfolio",
        "get_job",
        "get_organization_export",
        "get_project_templates",
        "get_project_templates_for_team",
        "get_task_templates",
        "get_webhooks",
        "insert_enum_option_for_custom_field",
        "instantiate_project",
        "instantiate_task",
        "update_custom_field",
        "update_enum_option",
        "update_webhook",
    }
)
"""Operations whose behaviour is more than records (handshakes, batches, jobs, templates,
custom field definitions): answered by their own endpoint modules, never generically."""

_GENERIC: dict[str, Hook] = {
    "create": create,
    "get": get,
    "update": update,
    "delete": delete,
    "list": list_records,
}


def _handler_for(op: Operation) -> Handler | None:
    hook = HOOKS.get(op.name) or _GENERIC.get(op.kind)
    if hook is None and relation_field(op) is not None:
        hook = relate
    if hook is None:
        return None
    chosen = hook

    def handle(call: Call) -> Reply:
        return chosen(call, op)

    handle.__name__ = op.name
    return handle


def generic_endpoints(served: Collection[tuple[str, str]]) -> Endpoints:
    """Routes for every operation whose ``(method, path)`` is not in ``served``."""
    endpoints = Endpoints()
    for op in operations():
        if (op.method, op.path) in served or op.name in NOT_GENERIC:
            continue
        handler = _handler_for(op)
        if handler is not None:
            endpoints.route(op.method, op.path)(handler)
    return endpoints
