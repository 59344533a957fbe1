"""The generic handlers: create, get, update, delete, list, add/remove, written once.

Each takes the :class:`~._facts.Operation` it serves, so the same code answers every resource
type: the operation's facts say which type, which parent, which parameters are required and
which filters a list takes; :mod:`._behaviour` adds what is particular to a type.
"""

from __future__ import annotations

import copy
from typing import Any

from ..._engine._call import Call, Reply
from ..._engine._facts import Operation, fields_of
from ..._engine._state import Record, Ref, Store, ref_to, utc_timestamp
from ._behaviour import behaviour_of
from ._records import blank_record, convert, matches, workspace_of

__all__ = [
    "apply_body",
    "apply_values",
    "create",
    "delete",
    "get",
    "list_records",
    "lookup",
    "new_record",
    "relate",
    "relation_field",
    "require_inputs",
    "seed_record",
    "update",
]

_CREATOR_FIELDS = ("created_by", "author", "requester", "owner")
_CREATOR_LISTS = ("members", "followers")
_CREATED_FIELDS = ("created_at", "modified_at", "creation_time")


def require_inputs(call: Call, op: Operation) -> None:
    """A 400 ``<name>: Missing input`` for the first required parameter absent."""
    for name in op.required:
        if name in op.query:
            call.require_query(name)
        elif name in op.body:
            call.require(name)


def lookup(call: Call, param: str) -> Record:
    """The object a ``<type>_gid`` path parameter names (a 404 when there is none)."""
    resource_type = param.removesuffix("_gid")
    if resource_type == "user":
        return call.user(call.param(param))
    return call.in_path(resource_type)


def apply_body(call: Call, record: Record, names: tuple[str, ...]) -> None:
    """Write the request's values for ``names`` into the record (see :func:`apply_values`)."""
    values = {name: call.data[name] for name in names if name in call.data}
    apply_values(call.store, record, values, call.user_gid)


def apply_values(store: Store, record: Record, values: dict[str, Any], me: str) -> None:
    """Write values converted by their fields' type codes; a value for a name the type lacks
    is kept private (``_name``, a ref when it is a known gid), where list filters and the
    workspace lookup find it (a time tracking category's ``workspace``)."""
    codes = fields_of(record["resource_type"])
    for name, value in values.items():
        if name in codes:
            record[name] = convert(store, name, codes[name], value, me)
        else:
            known = store.find_any(value) if isinstance(value, str) else None
            record[f"_{name}"] = ref_to(known) if known is not None else value
    record["_workspace"] = workspace_of(store, record)


def new_record(
    store: Store, resource_type: str, me: str, *, within: Record | None = None, **fields: Any
) -> Record:
    """Store a record of a generic type: empty fields, the caller as its creator, linked to
    ``within`` (a parent), then the type's defaults and ``fields``; stamped with its workspace."""
    codes = fields_of(resource_type)
    values = blank_record(resource_type)
    values.update(copy.deepcopy(dict(behaviour_of(resource_type).defaults)))
    now = utc_timestamp()
    for name in _CREATED_FIELDS:
        if name in codes:
            values[name] = now
    for name in _CREATOR_FIELDS:
        if name in codes:
            values[name] = Ref("user", me)
    for name in _CREATOR_LISTS:
        if codes.get(name) == "R":
            values[name] = [Ref("user", me)]
    if within is not None:
        link = within["resource_type"]
        values[link if link in codes else "parent" if "parent" in codes else "_parent"] = ref_to(
            within
        )
        values["_parent"] = ref_to(within)
    values.update(fields)
    record = store.insert(resource_type, values)
    if "permalink_url" in codes:
        record["permalink_url"] = f"https://app.asana.com/0/{resource_type}/{record['gid']}"
    record["_workspace"] = workspace_of(store, record)
    return record


def seed_record(store: Store, resource_type: str, me: str, fields: dict[str, Any]) -> Record:
    """A record made directly (no request), as :func:`apply_values` writes them; one that
    names no workspace (nor links to an object in one) is in ``me``'s first workspace."""
    record = new_record(store, resource_type, me)
    apply_values(store, record, fields, me)
    if record["_workspace"] is None:
        workspace: Ref = store.get("user", me)["workspaces"][0]
        record["_workspace"] = workspace.gid
        if "workspace" in fields_of(resource_type):
            record["workspace"] = workspace
    return record


def create(call: Call, op: Operation) -> Reply:
    """``POST /things`` or ``POST /parents/{gid}/things``: a new object."""
    require_inputs(call, op)
    behaviour = behaviour_of(op.resource_type)
    for name in behaviour.required:
        call.require(name)
    parent = lookup(call, op.parent) if op.parent else None
    record = new_record(call.store, op.resource_type, call.user_gid, within=parent)
    try:
        apply_body(call, record, op.body)
        if behaviour.written is not None:
            behaviour.written(call, record)
    except Exception:
        call.store.delete(op.resource_type, record["gid"])
        raise
    call.event("added", record, parent=parent, workspace_gid=record["_workspace"])
    return call.one(record, status=201)


def get(call: Call, op: Operation) -> Reply:
    """``GET /things/{gid}``."""
    refresh = behaviour_of(op.resource_type).refresh
    if refresh is not None:
        refresh(call.store)
    return call.one(_subject(call, op))


def update(call: Call, op: Operation) -> Reply:
    """``PUT /things/{gid}``: the request's fields written over the object's."""
    require_inputs(call, op)
    record = _subject(call, op)
    apply_body(call, record, op.body)
    if "modified_at" in record:
        record["modified_at"] = utc_timestamp()
    _changed(call, op, record)
    return call.one(record)


def delete(call: Call, op: Operation) -> Reply:
    """``DELETE /things/{gid}``."""
    record = _subject(call, op)
    call.store.delete(op.resource_type, record["gid"])
    deleted = behaviour_of(op.resource_type).deleted
    if deleted is not None:
        deleted(call, record)
    call.event("deleted", record, workspace_gid=workspace_of(call.store, record))
    return call.empty()


def list_records(call: Call, op: Operation, records: list[Record] | None = None) -> Reply:
    """``GET /things?filter=...`` or ``GET /parents/{gid}/things``: matching objects, oldest
    first, paginated when the operation is. ``records`` replaces the type's table."""
    require_inputs(call, op)
    behaviour = behaviour_of(op.resource_type)
    if records is None:
        if behaviour.refresh is not None:
            behaviour.refresh(call.store)
        records = call.store.all(op.resource_type)
        if op.parent:
            parent = lookup(call, op.parent)
            records = [r for r in records if _links_to(r, parent)]
    for name in op.query:
        raw = call.query.get(name)
        if raw is None or raw == "":
            continue
        field, comparison = behaviour.filters.get(name, (name, "="))
        wanted = [call.user_gid if part == "me" else part for part in raw.split(",")]
        records = [r for r in records if _filter_value(call.store, r, field, wanted, comparison)]
    return call.page(records) if op.shape == "page" else call.listing(records)


def relation_field(op: Operation) -> str | None:
    """For ``addFollowers``-style actions: the list-of-refs field the body names."""
    if op.action is None or not op.action.startswith(("add", "remove")) or not op.body:
        return None
    name = op.body[0]
    return name if fields_of(op.resource_type).get(name) == "R" else None


def relate(call: Call, op: Operation) -> Reply:
    """``POST /things/{gid}/addX`` / ``removeX``: refs added to or removed from a list field."""
    require_inputs(call, op)
    record = _subject(call, op)
    field = relation_field(op)
    assert field is not None and op.action is not None
    refs = convert(call.store, field, "R", call.data.get(field), call.user_gid)
    current: list[Ref] = record[field]
    if op.action.startswith("add"):
        current.extend(ref for ref in refs if ref not in current)
    else:
        record[field] = [ref for ref in current if ref not in refs]
    _changed(call, op, record)
    return call.one(record) if op.shape == "item" else call.empty()


def _changed(call: Call, op: Operation, record: Record) -> None:
    """After a change through the API: the type's ``written`` hook, then the ``changed`` event."""
    written = behaviour_of(op.resource_type).written
    if written is not None:
        written(call, record)
    call.event("changed", record, workspace_gid=workspace_of(call.store, record))


def _subject(call: Call, op: Operation) -> Record:
    assert op.subject is not None
    return lookup(call, op.subject)


def _links_to(record: Record, parent: Record) -> bool:
    target = ref_to(parent)
    for value in record.values():
        if value == target or (isinstance(value, list) and target in value):
            return True
    return False


def _filter_value(
    store: Store, record: Record, field: str, wanted: list[str], comparison: str
) -> bool:
    """Whether the record passes one filter; a filter on a field it lacks is not applied."""
    if field == "workspace" and "workspace" not in record:
        return workspace_of(store, record) in wanted
    for key in (field, f"_{field}"):
        if key in record:
            return matches(record[key], wanted, comparison)
    return True
