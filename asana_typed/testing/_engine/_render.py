"""Turning stored records into response JSON, honouring ``opt_fields``.

``opt_fields=name,assignee.email`` parses into the field tree
``{"name": {}, "assignee": {"email": {}}}``. With a tree, a record shows its ``gid`` plus
exactly the requested fields; a nested object named without sub-fields is compact. Without a
tree, a record shows its type's default view (full or compact, see :mod:`._schema`) and every
nested object is compact (``gid``, ``resource_type`` and ``name`` for a type the schema does
not know).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ._schema import kind_of
from ._state import Record, Ref, Store

__all__ = ["Computed", "FieldTree", "View", "parse_fields", "render"]

FieldTree = dict[str, "FieldTree"]
"""Requested fields: each name maps to the sub-fields requested below it (often none)."""

View = Literal["full", "compact"]

_NAMED = ("gid", "resource_type", "name")
"""What a nested object of a type :mod:`._schema` does not know shows: it may point back at
the record being rendered, so showing all of it could go round in circles."""


@dataclass(frozen=True)
class Computed:
    """A stored field whose value is worked out from the store each time it is rendered.

    For what depends on other objects and changes with them, such as a task's custom field
    values (their names, options and whether the task's projects still carry them).
    """

    compute: Callable[[Store], Any]


def parse_fields(paths: str | list[str]) -> FieldTree:
    """Parse ``"a,b.c"`` (or ``["a", "b.c"]``) into ``{"a": {}, "b": {"c": {}}}``."""
    items = paths.split(",") if isinstance(paths, str) else paths
    tree: FieldTree = {}
    for item in items:
        node = tree
        for part in str(item).strip().split("."):
            if part:
                node = node.setdefault(part, {})
    return tree


def render(store: Store, record: Record, fields: FieldTree | None, view: View) -> Record:
    """The JSON for one record: the requested fields, or the default ``view``."""
    if fields:
        names = ["gid", *(name for name in fields if name != "gid")]
        return {
            name: _render_value(store, record[name], fields.get(name) or None)
            for name in names
            if name in record and not name.startswith("_")
        }
    kind = kind_of(str(record.get("resource_type", "")))
    if kind is None:
        names = [name for name in record if not name.startswith("_")]
    else:
        names = list(kind.full if view == "full" else kind.compact)
    return {name: _render_value(store, record[name], None) for name in names if name in record}


def _render_value(store: Store, value: Any, fields: FieldTree | None) -> Any:
    if isinstance(value, Computed):
        value = value.compute(store)
    if isinstance(value, Ref):
        target = store.resolve(value)
        if target is None:
            return {"gid": value.gid, "resource_type": value.resource_type}
        if not fields and kind_of(value.resource_type) is None:
            return {name: target[name] for name in _NAMED if name in target}
        return render(store, target, fields, "compact")
    if isinstance(value, list):
        return [_render_value(store, item, fields) for item in value]
    if isinstance(value, dict):
        names = ["gid", *(name for name in fields if name != "gid")] if fields else list(value)
        return {
            name: _render_value(store, value[name], fields.get(name) if fields else None)
            for name in names
            if name in value and not name.startswith("_")
        }
    return value
