"""Exports: graph exports, resource exports and organization exports.

Each export is written when requested, as a gzip file the fake serves once the export is
complete (see :mod:`.jobs`):

- a *graph export* (``POST /exports/graph``, a job): JSON ``{"data": [...]}`` of the parent
  (a project, team, portfolio or goal) and what it holds: a team's projects, a project's
  sections and tasks, every task's subtasks, each in its full view;
- a *resource export* (``POST /exports/resource``, a job): JSON Lines, one object per task or
  team of the workspace that passes the request's filters, with the requested ``fields``;
- an *organization export* (``POST /organization_exports``): JSON of the organization and its
  users, teams, projects, sections, tasks and tags. It is ``pending`` when created and
  ``finished`` from the first ``GET`` on.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from typing import Any

from .._engine._call import Call, Reply
from .._engine._errors import bad_request
from .._engine._render import parse_fields, render
from .._engine._router import Endpoints
from .._engine._state import (
    Record,
    Ref,
    Store,
    parse_timestamp,
    referenced_gids,
    utc_timestamp,
)
from .jobs import publish, start_job

__all__ = ["endpoints"]

endpoints = Endpoints()

_GRAPH_PARENTS = frozenset({"project", "team", "portfolio", "goal"})
_EXPORTABLE = frozenset({"task", "team", "message"})


def _packed(text: str) -> bytes:
    return gzip.compress(text.encode("utf-8"))


def _export(store: Store, resource_type: str, text: str, extension: str, **fields: Any) -> Record:
    return store.insert(
        resource_type,
        {
            "created_at": utc_timestamp(),
            "download_url": None,
            **fields,
            "_file": _packed(text),
            "_extension": extension,
        },
    )


# -- graph exports ----------------------------------------------------------------------------


def _graph(store: Store, record: Record) -> Iterator[Record]:
    """``record`` and, depth first, everything it holds."""
    yield record
    kind, gid = record["resource_type"], record["gid"]
    children: list[Record | None] = []
    if kind == "team":
        children = [p for p in store.all("project") if p["team"] == Ref("team", gid)]
    elif kind == "project":
        children = [s for s in store.all("section") if s["project"].gid == gid]
        children += [store.find("task", t) for t in record["_tasks"]]
    elif kind == "task":
        children = [store.find("task", t) for t in record["_subtasks"]]
    for child in children:
        if child is not None:
            yield from _graph(store, child)


@endpoints.post("/exports/graph")
def create_graph_export(call: Call) -> Reply:
    parent = call.store.get_any(str(call.require("parent")))
    if parent["resource_type"] not in _GRAPH_PARENTS:
        raise bad_request("parent: Expected a goal, project, portfolio or team")
    data = [render(call.store, r, None, "full") for r in _graph(call.store, parent)]
    text = json.dumps({"data": data}, ensure_ascii=False)
    export = _export(call.store, "graph_export", text, "json", completed_at=None)
    return start_job(call, "graph_export_request", new_graph_export=export)


# -- resource exports -------------------------------------------------------------------------


def _commenters(store: Store, record: Record) -> set[str]:
    return {
        s["created_by"].gid
        for s in store.all("story")
        if s["target"].gid == record["gid"] and s["type"] == "comment" and s["created_by"]
    }


_USER_FILTERS: dict[str, Callable[[Store, Record], set[str]]] = {
    "assignee.any": lambda store, r: referenced_gids(r.get("assignee")),
    "assigned_by.any": lambda store, r: referenced_gids(r.get("assigned_by")),
    "created_by.any": lambda store, r: referenced_gids(r.get("created_by")),
    "followers.any": lambda store, r: referenced_gids(r.get("followers")),
    "liked_by.any": lambda store, r: referenced_gids(r.get("likes")),
    "commented_on_by.any": _commenters,
}


def _passes(store: Store, record: Record, filters: dict[str, Any]) -> bool:
    for key, wanted in filters.items():
        if key in _USER_FILTERS:
            if not set(map(str, wanted)) & _USER_FILTERS[key](store, record):
                return False
            continue
        field, _, side = key.partition(".")
        if field not in ("created_at", "modified_at") or side not in ("after", "before"):
            raise bad_request(f"filters.{key}: Not a filter of resource exports")
        bound, moment = parse_timestamp(str(wanted)), parse_timestamp(record.get(field) or "")
        if bound is None:
            raise bad_request(f"filters.{key}: Expected an ISO 8601 date-time")
        if moment is None or (moment <= bound if side == "after" else moment >= bound):
            return False
    return True


def _in_workspace(store: Store, resource_type: str, workspace_gid: str) -> list[Record]:
    key = "organization" if resource_type == "team" else "workspace"
    return [r for r in store.all(resource_type) if r[key] == Ref("workspace", workspace_gid)]


@endpoints.post("/exports/resource")
def create_resource_export(call: Call) -> Reply:
    workspace = call.get("workspace", str(call.require("workspace")))
    requests = call.require("export_request_parameters")
    if not isinstance(requests, list) or not all(isinstance(r, dict) for r in requests):
        raise bad_request("export_request_parameters: Expected a list of objects")
    lines: list[str] = []
    for request in requests:
        resource_type = request.get("resource_type")
        if resource_type not in _EXPORTABLE:
            raise bad_request(
                "export_request_parameters.resource_type: Expected task, team or message"
            )
        filters = request.get("filters") or {}
        fields = request.get("fields")
        tree = parse_fields(fields) if isinstance(fields, (list, str)) and fields else None
        for record in _in_workspace(call.store, resource_type, workspace["gid"]):
            if _passes(call.store, record, filters):
                rendered = render(call.store, record, tree, "full")
                lines.append(json.dumps(rendered, ensure_ascii=False))
    text = "".join(line + "\n" for line in lines)
    export = _export(call.store, "export_request", text, "jsonl", completed_at=None)
    return start_job(call, "export_request", new_resource_export=export)


# -- organization exports ---------------------------------------------------------------------


def _organization_dump(store: Store, organization: Record) -> str:
    here = Ref("workspace", organization["gid"])
    projects = _in_workspace(store, "project", organization["gid"])
    project_gids = {p["gid"] for p in projects}
    groups = {
        "users": [u for u in store.all("user") if here in u["workspaces"]],
        "teams": _in_workspace(store, "team", organization["gid"]),
        "projects": projects,
        "sections": [s for s in store.all("section") if s["project"].gid in project_gids],
        "tasks": _in_workspace(store, "task", organization["gid"]),
        "tags": _in_workspace(store, "tag", organization["gid"]),
    }
    dump: dict[str, Any] = {"organization": render(store, organization, None, "full")}
    for name, records in groups.items():
        dump[name] = [render(store, r, None, "full") for r in records]
    return json.dumps(dump, ensure_ascii=False)


@endpoints.post("/organization_exports")
def create_organization_export(call: Call) -> Reply:
    organization = call.get("workspace", str(call.require("organization")))
    if not organization["is_organization"]:
        raise bad_request("organization: Only organizations can be exported")
    text = _organization_dump(call.store, organization)
    export = _export(
        call.store,
        "organization_export",
        text,
        "json",
        state="pending",
        organization=Ref("workspace", organization["gid"]),
    )
    return call.one(export, status=201)


@endpoints.get("/organization_exports/{organization_export_gid}")
def get_organization_export(call: Call) -> Reply:
    export = call.in_path("organization_export")
    if export["state"] == "pending":
        export["state"] = "finished"
        publish(call, export)
    return call.one(export)
