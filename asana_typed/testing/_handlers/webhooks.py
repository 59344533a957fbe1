"""Webhooks: create (with the handshake), read, list, change filters, delete.

``POST /webhooks`` sends the handshake to the target while the request is in flight: the target
must answer 200 or 204 echoing ``X-Hook-Secret`` (see :func:`._webhook_delivery.handshake`),
otherwise the webhook is not created and the answer is a 400. The secret comes back in the
``X-Hook-Secret`` key of the body. Other requests are answered during the handshake, so the
target may call the fake before it answers. Events are delivered by :mod:`._webhook_delivery`.

Webhooks on higher-level resources (workspaces, teams, portfolios, goals) need filters, and
their filters may not name ``fields``; ``fields`` is only allowed with the ``changed`` action.
``GET /webhooks`` lists the caller's own webhooks.
"""

from __future__ import annotations

import secrets
from typing import Any

import httpx

from .._engine._call import Call, Reply
from .._engine._errors import bad_request
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store, ref_to, utc_timestamp
from ._webhook_delivery import handshake

__all__ = ["endpoints"]

endpoints = Endpoints()

_HIGHER_LEVEL = frozenset({"workspace", "team", "portfolio", "goal"})
_FILTER_KEYS = ("resource_type", "resource_subtype", "action")
_LARGER_SCOPE = (
    "Webhooks for larger scoped resources must have at least one filter and all filters must "
    "be in our whitelist."
)


def _workspace_of(store: Store, record: Record) -> str | None:
    """The gid of the workspace an object lives in (a workspace is its own)."""
    if record["resource_type"] == "workspace":
        return str(record["gid"])
    for key in ("workspace", "organization", "target", "project"):
        ref = record.get(key)
        if isinstance(ref, Ref):
            owner = store.resolve(ref)
            return _workspace_of(store, owner) if owner is not None else None
    return None


def _filters(value: Any, *, higher_level: bool) -> list[Record]:
    """The ``filters`` of a request, checked and reduced to the keys Asana keeps."""
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(f, dict) for f in value):
        raise bad_request("filters: Expected a list of filter objects")
    if higher_level and not value:
        raise bad_request(_LARGER_SCOPE)
    filters: list[Record] = []
    for given in value:
        kept: Record = {}
        for key in _FILTER_KEYS:
            if given.get(key) is not None:
                if not isinstance(given[key], str):
                    raise bad_request(f"filters.{key}: Expected a string, got {given[key]!r}")
                kept[key] = given[key]
        fields = given.get("fields")
        if fields is not None:
            if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
                raise bad_request("filters.fields: Expected a list of field names")
            if higher_level:
                raise bad_request(_LARGER_SCOPE)
            if kept.get("action") != "changed":
                raise bad_request("filters.fields: Only allowed with the action changed")
            kept["fields"] = list(fields)
        filters.append(kept)
    return filters


def _target(call: Call) -> str:
    call.require("target")
    target: str = call.text("target")
    try:
        url = httpx.URL(target)
    except httpx.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise bad_request(f"target: Not a valid http or https URL: {target!r}")
    return target


@endpoints.post("/webhooks")
def create_webhook(call: Call) -> Reply:
    resource = call.store.get_any(str(call.require("resource")))
    target = _target(call)
    higher_level = resource["resource_type"] in _HIGHER_LEVEL
    filters = _filters(call.data.get("filters"), higher_level=higher_level)
    secret = secrets.token_hex(32)
    problem = call.store.unlocked(lambda: handshake(target, secret))
    if problem is not None:
        raise bad_request(f"target: The webhook handshake failed: {problem}")
    resource = call.store.get_any(resource["gid"])  # other requests ran during the handshake
    webhook = call.store.insert(
        "webhook",
        {
            "active": True,
            "resource": ref_to(resource),
            "target": target,
            "created_at": utc_timestamp(),
            "last_failure_at": None,
            "last_failure_content": "",
            "last_success_at": None,
            "delivery_retry_count": 0,
            "next_attempt_after": None,
            "failure_deletion_timestamp": None,
            "filters": filters,
            "_secret": secret,
            "_owner": call.user_gid,
            "_workspace": _workspace_of(call.store, resource),
        },
    )
    reply = call.one(webhook, status=201)
    reply.body["X-Hook-Secret"] = secret
    return reply


@endpoints.get("/webhooks")
def get_webhooks(call: Call) -> Reply:
    workspace = call.get("workspace", call.require_query("workspace"))["gid"]
    webhooks = [
        w
        for w in call.store.all("webhook")
        if w["_workspace"] == workspace and w["_owner"] == call.user_gid
    ]
    if "resource" in call.query:
        webhooks = [w for w in webhooks if w["resource"].gid == call.query["resource"]]
    return call.page(webhooks)


@endpoints.put("/webhooks/{webhook_gid}")
def update_webhook(call: Call) -> Reply:
    webhook = call.in_path("webhook")
    if "filters" in call.data:
        resource_type = webhook["resource"].resource_type
        higher_level = resource_type in _HIGHER_LEVEL
        webhook["filters"] = _filters(call.data["filters"], higher_level=higher_level)
    return call.one(webhook)


@endpoints.delete("/webhooks/{webhook_gid}")
def delete_webhook(call: Call) -> Reply:
    call.store.delete("webhook", call.in_path("webhook")["gid"])
    return call.empty()
