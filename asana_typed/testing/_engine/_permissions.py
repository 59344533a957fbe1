"""Who may see what: an object of a workspace the caller is not a member of is a 403.

The check runs once per request, before the handler, over every gid the request names: path
parameters, query values (comma-separated lists included) and the strings (and object keys)
of the body's ``data``. A gid the store does not know is left to the handler, which answers
404; so every endpoint, present and future, gets the same rule without code of its own. Users
are checked only in the path: a body or query may name any user (to invite them to a
workspace, say), and the handler decides what that means.

An object belongs to the workspaces found by following its fields: a workspace is its own, a
user belongs to every workspace in their ``workspaces``, anything else to the workspace of the
first ref among :data:`OWNER_FIELDS` (``workspace``, ``organization``, ``parent``, ``project``
...). An object with none of them is visible to everyone.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ._errors import forbidden
from ._state import Record, Ref, Store

__all__ = ["OWNER_FIELDS", "check_access", "workspaces_of"]

OWNER_FIELDS = (
    "workspace",
    "organization",
    "_parent",
    "parent",
    "project",
    "target",
    "task",
    "team",
    "portfolio",
    "goal",
    "custom_field",
    "resource",
)
"""Fields leading from an object to its container, tried in this order (refs only)."""

_MAX_DEPTH = 16
_NOT_GIDS = frozenset({"limit", "offset", "sync", "text", "query"})


def workspaces_of(store: Store, record: Record, depth: int = 0) -> set[str] | None:
    """The gids of the workspaces an object belongs to, or ``None`` when it names none."""
    kind = record.get("resource_type")
    if kind == "workspace":
        return {str(record["gid"])}
    if kind == "user":
        return {ref.gid for ref in record.get("workspaces", []) if isinstance(ref, Ref)}
    if depth >= _MAX_DEPTH:
        return None
    for field in OWNER_FIELDS:
        value = record.get(field)
        if isinstance(value, Ref):
            owner = store.resolve(value)
            if owner is not None:
                return workspaces_of(store, owner, depth + 1)
    return None


def check_access(
    store: Store,
    user_gid: str,
    path_params: Mapping[str, str],
    query: Mapping[str, str],
    data: Mapping[str, Any],
) -> None:
    """Raise the 403 if the request names an object outside the caller's workspaces."""
    caller = store.find("user", user_gid)
    if caller is None:
        return
    mine = workspaces_of(store, caller) or set()
    named = [(gid, True) for gid in path_params.values()]
    named += [(gid, False) for gid in _named_gids(query, data)]
    for gid, in_path in named:
        record = store.find_any(gid)
        if record is None or record is caller:
            continue
        if record.get("resource_type") == "user" and not in_path:
            continue
        owners = workspaces_of(store, record)
        if owners is not None and not owners & mine:
            raise forbidden(f"Forbidden: {gid} is in a workspace you are not a member of")


def _named_gids(query: Mapping[str, str], data: Mapping[str, Any]) -> Iterator[str]:
    for key, value in query.items():
        if key not in _NOT_GIDS and not key.startswith("opt_"):
            yield from value.split(",")
    yield from _strings(data, 0)


def _strings(value: Any, depth: int) -> Iterator[str]:
    if isinstance(value, str):
        if value.isdigit():
            yield value
    elif depth < 3 and isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key, depth + 1)
            yield from _strings(item, depth + 1)
    elif depth < 3 and isinstance(value, list):
        for item in value:
            yield from _strings(item, depth + 1)
