"""Typeahead: objects of one type in a workspace whose name matches a query."""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import bad_request
from .._engine._router import Endpoints
from .._engine._state import Ref
from .users import is_member

__all__ = ["endpoints"]

endpoints = Endpoints()

_DEFAULT_COUNT = 20
_MAX_COUNT = 100


@endpoints.get("/workspaces/{workspace_gid}/typeahead")
def typeahead_for_workspace(call: Call) -> Reply:
    workspace = call.in_path("workspace")
    resource_type = call.query.get("resource_type") or call.query.get("type") or "user"
    query = call.query.get("query", "").lower()
    try:
        count = int(call.query.get("count", _DEFAULT_COUNT))
    except ValueError:
        raise bad_request("count: Must be an integer between 1 and 100") from None
    if not 1 <= count <= _MAX_COUNT:
        raise bad_request("count: Must be an integer between 1 and 100")
    matches = []
    for record in call.store.all(resource_type):
        if resource_type == "user":
            in_workspace = is_member(record, workspace["gid"])
        else:
            ref = record.get("workspace")
            in_workspace = isinstance(ref, Ref) and ref.gid == workspace["gid"]
        if in_workspace and query in str(record.get("name", "")).lower():
            matches.append(record)
    return call.listing(matches, cap=count)
