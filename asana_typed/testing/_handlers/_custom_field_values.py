"""Custom field values on tasks: written as ``custom_fields: {field_gid: value}``, read back
in the record's ``custom_fields`` list, and matched by the search's ``custom_fields.*``
parameters.

Values are kept per record in ``_custom_field_values`` (field gid to a normalised value: the
text, the number, the enum option's gid, a list of option or user gids, ``{"date": ...,
"date_time": ...}``). A write replaces that dict rather than changing it, so a copy of the
record taken before the change still shows the old values.

A task may carry the fields of its projects' custom field settings; ``custom_fields`` lists
those (``null`` values included) and any other field the task still holds a value of
(``enabled: false``), as Asana does.
"""

from __future__ import annotations

import contextlib
import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

from .._engine._errors import ApiError, bad_request
from .._engine._render import Computed
from .._engine._state import Record, Ref, Store, parse_timestamp, user_gid_of, utc_timestamp
from ._custom_field_records import settings_of

__all__ = [
    "custom_field_filter",
    "custom_field_values",
    "display_value",
    "set_custom_field_values",
]

_FILTER_PREFIX = "custom_fields."
_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "value": operator.eq,
    "less_than": operator.lt,
    "greater_than": operator.gt,
}
"""How a number or date parameter compares the value (left) with its operand (right)."""
_OPERATORS: dict[str, tuple[str, ...]] = {
    "is_set": ("text", "enum", "multi_enum", "number", "date", "people", "reference"),
    "value": ("text", "number", "enum", "date"),
    "starts_with": ("text",),
    "ends_with": ("text",),
    "contains": ("text",),
    "less_than": ("number",),
    "greater_than": ("number",),
}


def custom_field_values(record: Record) -> Computed:
    """The ``custom_fields`` field of a task: its values as Asana shows them, when rendered."""
    return Computed(lambda store: _entries(store, record))


# -- writing ----------------------------------------------------------------------------------


def set_custom_field_values(store: Store, record: Record, values: Any, user_gid: str) -> None:
    """Write ``{field_gid: value}`` into a record; a 400 for a wrong field, type or option."""
    if not isinstance(values, Mapping):
        raise bad_request("custom_fields: Expected an object mapping custom field ids to values")
    allowed = {field["gid"] for field in _available_fields(store, record)}
    stored = dict(record.get("_custom_field_values", {}))
    for gid, value in values.items():
        field = store.find("custom_field", str(gid))
        if field is None:
            raise bad_request(f"custom_fields: Not a recognized ID: {gid}")
        if field["gid"] not in allowed:
            raise bad_request(f"custom_fields: Custom field with ID {gid} is not on given object")
        stored[field["gid"]] = _normalise(store, field, value, user_gid)
    record["_custom_field_values"] = stored


def _available_fields(store: Store, record: Record) -> list[Record]:
    """The fields a record may carry: for a task, those its projects have settings for."""
    containers = store.resolve_all(record.get("projects", []))
    fields: dict[str, Record] = {}
    for container in containers:
        for setting in settings_of(store, container):
            field = store.resolve(setting["custom_field"])
            if field is not None:
                fields.setdefault(field["gid"], field)
    return list(fields.values())


def _normalise(store: Store, field: Record, value: Any, user_gid: str) -> Any:
    """The stored form of a value written to ``field``; a 400 if it does not fit."""
    subtype = field["resource_subtype"]
    where = f"custom_fields: {field['name']!r} ({field['gid']})"
    if value is None:
        return [] if subtype in ("multi_enum", "people", "reference") else None
    if subtype == "text":
        if not isinstance(value, str):
            raise bad_request(f"{where}: Expected a string for a text field, got {value!r}")
        return value
    if subtype == "number":
        return _number(value, where)
    if subtype == "enum":
        return _option(store, field, value, where)
    if subtype == "multi_enum":
        return [_option(store, field, item, where) for item in _listed(value, where)]
    if subtype == "date":
        return _date(value, where)
    if subtype == "people":
        return [_person(store, item, user_gid, where) for item in _listed(value, where)]
    return [_reference(store, item, where) for item in _listed(value, where)]


def _number(value: Any, where: str) -> float | int:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise bad_request(f"{where}: Expected a number, got {value!r}")
    return value


def _option(store: Store, field: Record, value: Any, where: str) -> str:
    option = store.find("enum_option", str(value)) if isinstance(value, str) else None
    if option is None or option["_parent"].gid != field["gid"]:
        raise bad_request(f"{where}: {value!r} is not an enum option of this field")
    if not option["enabled"]:
        raise bad_request(f"{where}: enum option {value} is disabled")
    return str(option["gid"])


def _listed(value: Any, where: str) -> list[Any]:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if not isinstance(value, list):
        raise bad_request(f"{where}: Expected a list of ids, got {value!r}")
    return value


def _date(value: Any, where: str) -> Record:
    if not isinstance(value, Mapping) or not ({"date", "date_time"} & set(value)):
        raise bad_request(f"{where}: Expected an object with date or date_time, got {value!r}")
    date_time = value.get("date_time")
    if date_time is not None:
        moment = parse_timestamp(date_time) if isinstance(date_time, str) else None
        if moment is None or "T" not in date_time:
            raise bad_request(f"{where}: date_time must be an ISO 8601 date-time")
        return {"date": utc_timestamp(moment)[:10], "date_time": utc_timestamp(moment)}
    date = value.get("date")
    if not isinstance(date, str) or "T" in date or parse_timestamp(date) is None:
        raise bad_request(f"{where}: date must be a date in the format YYYY-MM-DD")
    return {"date": date, "date_time": None}


def _person(store: Store, identifier: Any, user_gid: str, where: str) -> str:
    try:
        return user_gid_of(store, str(identifier), user_gid)
    except ApiError:
        raise bad_request(f"{where}: {identifier!r} is not a user (gid, email or me)") from None


def _reference(store: Store, gid: Any, where: str) -> Ref:
    target = store.find_any(str(gid))
    if target is None or target["resource_type"] not in ("task", "project", "portfolio", "goal"):
        raise bad_request(f"{where}: {gid!r} is not a task, project, portfolio or goal")
    return Ref(target["resource_type"], target["gid"])


# -- reading ----------------------------------------------------------------------------------


def _entries(store: Store, record: Record) -> list[Record]:
    values: dict[str, Any] = record.get("_custom_field_values", {})
    available = _available_fields(store, record)
    enabled = {field["gid"] for field in available}
    extra = (store.find("custom_field", gid) for gid in values if gid not in enabled)
    fields = available + [field for field in extra if field is not None]
    return [
        _entry(store, field, values.get(field["gid"]), field["gid"] in enabled) for field in fields
    ]


def _entry(store: Store, field: Record, value: Any, enabled: bool) -> Record:
    subtype = field["resource_subtype"]
    entry: Record = {
        "gid": field["gid"],
        "resource_type": "custom_field",
        "name": field["name"],
        "type": subtype,
        "resource_subtype": subtype,
        "representation_type": field["representation_type"],
        "enabled": enabled,
        "display_value": display_value(store, field, value),
    }
    if subtype in ("enum", "multi_enum"):
        entry["enum_options"] = field["enum_options"]
    if subtype == "number":
        entry.update(precision=field["precision"], format=field["format"])
    if subtype == "text":
        entry["text_value"] = value
    elif subtype == "number":
        entry["number_value"] = value
    elif subtype == "enum":
        entry["enum_value"] = Ref("enum_option", value) if value else None
    elif subtype == "multi_enum":
        entry["multi_enum_values"] = [Ref("enum_option", gid) for gid in value or []]
    elif subtype == "date":
        entry["date_value"] = value
    elif subtype == "people":
        entry["people_value"] = [Ref("user", gid) for gid in value or []]
    else:
        entry["reference_value"] = list(value or [])
    return entry


def display_value(store: Store, field: Record, value: Any) -> str | None:
    """The value as text, as Asana's ``display_value`` shows it; ``None`` when unset."""
    if value is None or value == []:
        return None
    subtype = field["resource_subtype"]
    if subtype == "text":
        return str(value)
    if subtype == "number":
        return _format_number(field, value)
    if subtype == "date":
        return str(value["date_time"] or value["date"])
    if subtype in ("enum", "multi_enum", "people"):
        kind = "user" if subtype == "people" else "enum_option"
        gids = [value] if subtype == "enum" else value
        refs = [Ref(kind, gid) for gid in gids]
    else:
        refs = value
    return ", ".join(str(record.get("name", "")) for record in store.resolve_all(refs))


def _format_number(field: Record, value: float | int) -> str:
    precision = field["precision"] or 0
    if field["format"] == "percentage":
        return f"{value * 100:.{precision}f}%"
    text = f"{value:.{precision}f}"
    if field["format"] == "currency" and field["currency_code"]:
        return f"{field['currency_code']} {text}"
    if field["format"] == "custom" and field["custom_label"]:
        label = field["custom_label"]
        return f"{label}{text}" if field["custom_label_position"] == "prefix" else f"{text}{label}"
    return text


# -- search -----------------------------------------------------------------------------------


def custom_field_filter(store: Store, query: Mapping[str, str]) -> Callable[[Record], bool]:
    """A predicate for the ``custom_fields.{gid}.{operator}`` parameters of a search."""
    tests: list[Callable[[Record], bool]] = []
    for key, raw in query.items():
        if not key.startswith(_FILTER_PREFIX):
            continue
        gid, _, name = key[len(_FILTER_PREFIX) :].partition(".")
        field = store.find("custom_field", gid)
        if field is None:
            raise bad_request(f"{key}: Not a recognized ID: {gid}")
        subtypes = _OPERATORS.get(name)
        if subtypes is None:
            raise bad_request(f"{key}: Unknown operator {name!r}")
        if field["resource_subtype"] not in subtypes:
            subtype = field["resource_subtype"]
            raise bad_request(f"{key}: Not supported for {subtype} custom fields")
        tests.append(_test(field, name, raw, key))
    return lambda record: all(test(record.get("_custom_field_values", {})) for test in tests)


def _test(field: Record, name: str, raw: str, key: str) -> Callable[[dict[str, Any]], bool]:
    """The test of one ``custom_fields.{gid}.{name}`` parameter, on a record's values."""
    gid, subtype = field["gid"], field["resource_subtype"]

    def value_of(values: dict[str, Any]) -> Any:
        value = values.get(gid)
        if subtype == "date" and value is not None:
            return value["date"]
        return value

    if name == "is_set":
        wanted = _flag(raw, key)
        return lambda values: (value_of(values) not in (None, [], "")) == wanted
    if subtype in ("number", "date"):
        operand = _number(raw, key) if subtype == "number" else _day(raw, key)
        compare = _COMPARISONS[name]
        return lambda values: value_of(values) is not None and compare(value_of(values), operand)
    if subtype == "enum":
        return lambda values: value_of(values) == raw
    needle = raw.lower()
    text_test: Callable[[str], bool] = {
        "value": lambda v: v == raw,
        "starts_with": lambda v: v.lower().startswith(needle),
        "ends_with": lambda v: v.lower().endswith(needle),
        "contains": lambda v: needle in v.lower(),
    }[name]
    return lambda values: isinstance(value_of(values), str) and text_test(value_of(values))


def _day(raw: str, key: str) -> str:
    if "T" in raw or parse_timestamp(raw) is None:
        raise bad_request(f"{key}: Expected a date in the format YYYY-MM-DD, got {raw!r}")
    return raw


def _flag(raw: str, key: str) -> bool:
    if raw not in ("true", "false"):
        raise bad_request(f"{key}: Expected true or false, got {raw!r}")
    return raw == "true"
