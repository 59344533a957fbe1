"""Generic records: defaults from a type's fields, input values checked and converted by
their type code, the workspace an object belongs to, and list filters.

A body value for a reference field (``r``/``R``) is a gid (``me`` for the caller), turned into
a :class:`~asana_typed.testing._engine._state.Ref` to whatever object has that gid; an unknown
gid is Asana's 400 ``Not a recognized ID``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..._engine._errors import bad_request
from ..._engine._facts import fields_of
from ..._engine._state import Record, Ref, Store, is_date, ref_to, user_gid_of

__all__ = ["blank_record", "convert", "matches", "ref_for", "workspace_of"]

_WORKSPACE_LINKS = (
    "team",
    "project",
    "portfolio",
    "goal",
    "task",
    "parent",
    "supported_goal",
    "_parent",
    "_target",
)
"""Fields followed to find the workspace of an object that does not name one."""


def blank_record(resource_type: str) -> Record:
    """Every field of the type at its empty value (``[]`` for lists, ``False`` for booleans)."""
    return {
        name: [] if code in ("R", "l") else False if code == "b" else None
        for name, code in fields_of(resource_type).items()
        if name not in ("gid", "resource_type")
    }


def ref_for(store: Store, gid: Any, me: str, *, field: str) -> Ref:
    """A ref to the object with ``gid`` (``me`` or an email for a user)."""
    text = str(gid["gid"] if isinstance(gid, Mapping) and "gid" in gid else gid)
    record = store.find_any(text)
    if record is None and (text == "me" or "@" in text):
        record = store.find("user", user_gid_of(store, text, me))
    if record is None:
        raise bad_request(f"{field}: Not a recognized ID: {text}")
    return ref_to(record)


def convert(store: Store, name: str, code: str, value: Any, me: str) -> Any:
    """A body value checked against its field's type code, refs resolved."""
    if value is None:
        return [] if code in ("R", "l") else None
    if code == "r":
        return ref_for(store, value, me, field=name)
    if code == "R":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            raise bad_request(f"{name}: Expected a list of object ids, got {value!r}")
        return [ref_for(store, item, me, field=name) for item in items if str(item).strip()]
    if code == "b" and not isinstance(value, bool):
        raise bad_request(f"{name}: Expected true or false, got {value!r}")
    if code == "n" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise bad_request(f"{name}: Expected a number, got {value!r}")
    if code == "s" and not isinstance(value, str):
        raise bad_request(f"{name}: Expected a string, got {value!r}")
    if code == "d" and not is_date(value):
        raise bad_request(f"{name}: Expected a date in the format YYYY-MM-DD, got {value!r}")
    if code.startswith("e:") and value not in code[2:].split("|"):
        raise bad_request(f"{name}: Must be one of {code[2:].replace('|', ', ')}, got {value!r}")
    return value


def workspace_of(store: Store, record: Record, depth: int = 0) -> str | None:
    """The gid of the workspace an object lives in, following its links; ``None`` if none."""
    if record.get("resource_type") == "workspace":
        return str(record["gid"])
    for key in ("workspace", "organization", "_workspace"):
        value = record.get(key)
        if isinstance(value, Ref):
            return value.gid
        if key == "_workspace" and isinstance(value, str):
            return value
    if depth > 4:
        return None
    for key in _WORKSPACE_LINKS:
        value = record.get(key)
        target = store.resolve(value) if isinstance(value, Ref) else None
        if target is not None:
            found = workspace_of(store, target, depth + 1)
            if found is not None:
                return found
    return None


def matches(value: Any, wanted: Iterable[str], comparison: str = "=") -> bool:
    """Whether a field value fits a filter: a ref or list of refs to one of ``wanted``, an
    equal scalar, or (for ``>=``/``<=``) a date or time on that side of the one wanted."""
    wanted = list(wanted)
    if comparison != "=":
        if value is None:
            return False
        bound = wanted[0]
        return str(value) >= bound if comparison == ">=" else str(value)[: len(bound)] <= bound
    if isinstance(value, list):
        return any(matches(item, wanted) for item in value)
    if isinstance(value, Ref):
        return value.gid in wanted
    if isinstance(value, bool):
        return ("true" if value else "false") in wanted
    return value is not None and str(value) in wanted
