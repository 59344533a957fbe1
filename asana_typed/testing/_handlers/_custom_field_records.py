"""Custom field definitions, their enum options, and the settings that put them on containers.

A ``custom_field`` record holds its definition; its ``enum_options`` are refs to
``enum_option`` records (which point back at the field through ``_parent``), in display order.
A ``custom_field_setting`` joins a field to a container (a project, portfolio, goal or team):
the container lists its settings in ``custom_field_settings``, in order.

Shared by the custom field endpoints, the project endpoints and the seed helpers.
"""

from __future__ import annotations

from typing import Any

from .._engine._errors import bad_request, missing_input
from .._engine._state import Record, Ref, Store, ref_to

__all__ = [
    "SUBTYPES",
    "add_custom_field_setting",
    "add_enum_option",
    "apply_custom_field",
    "create_custom_field",
    "delete_custom_field",
    "move_enum_option",
    "remove_custom_field_setting",
    "settings_of",
    "update_enum_option",
]

SUBTYPES = ("text", "enum", "multi_enum", "number", "date", "people", "reference")
"""The kinds of custom field (``resource_subtype``) Asana creates."""
_FORMATS = ("currency", "identifier", "percentage", "custom", "duration", "none")
_LABEL_POSITIONS = ("prefix", "suffix", None)
_PRIVACY = ("public_with_guests", "public", "private")
_ACCESS = ("admin", "editor", "user")
_ENUM_COLORS = frozenset(
    (
        "none", "red", "orange", "yellow-orange", "yellow", "yellow-green", "green",
        "blue-green", "aqua", "blue", "indigo", "purple", "magenta", "hot-pink", "pink",
        "cool-gray",
    )
)  # fmt: skip


def create_custom_field(store: Store, data: dict[str, Any], user_gid: str) -> Record:
    """Store a new custom field from a ``CustomFieldCreateRequest`` body."""
    for required in ("workspace", "resource_subtype", "name"):
        if not data.get(required):
            raise missing_input(required)
    workspace = store.get("workspace", str(data["workspace"]))
    subtype = data["resource_subtype"]
    if subtype not in SUBTYPES:
        raise bad_request(f"resource_subtype: Must be one of {', '.join(SUBTYPES)}")
    field = store.insert(
        "custom_field",
        {
            "name": "",
            "resource_subtype": subtype,
            "type": subtype,
            "representation_type": subtype,
            "description": "",
            "enabled": True,
            "enum_options": [],
            "precision": 0 if subtype == "number" else None,
            "format": "none",
            "currency_code": None,
            "custom_label": None,
            "custom_label_position": None,
            "id_prefix": None,
            "input_restrictions": [],
            "is_formula_field": False,
            "is_value_read_only": False,
            "is_global_to_workspace": True,
            "has_notifications_enabled": True,
            "asana_created_field": None,
            "privacy_setting": "public_with_guests",
            "default_access_level": "editor",
            "created_by": Ref("user", user_gid),
            "workspace": Ref("workspace", workspace["gid"]),
        },
    )
    apply_custom_field(store, field, data)
    options = data.get("enum_options") or []
    if options and subtype not in ("enum", "multi_enum"):
        raise bad_request("enum_options: Only enum and multi_enum custom fields have options")
    if not isinstance(options, list):
        raise bad_request("enum_options: Expected a list of enum options")
    for option in options:
        add_enum_option(store, field, option if isinstance(option, dict) else {"name": option})
    return field


def apply_custom_field(store: Store, field: Record, data: dict[str, Any]) -> None:
    """Write the writable definition fields of a request into a custom field."""
    for key in ("name", "description"):
        if key in data:
            _check_text(key, data[key])
            field[key] = data[key]
    if "precision" in data:
        precision = data["precision"]
        if not isinstance(precision, int) or isinstance(precision, bool) or not 0 <= precision <= 6:
            raise bad_request(f"precision: Expected an integer from 0 to 6, got {precision!r}")
        field["precision"] = precision
    for key, allowed in (
        ("format", _FORMATS),
        ("custom_label_position", _LABEL_POSITIONS),
        ("privacy_setting", _PRIVACY),
        ("default_access_level", _ACCESS),
    ):
        if key in data:
            if data[key] not in allowed:
                raise bad_request(f"{key}: Unknown value {data[key]!r}")
            field[key] = data[key]
    for key in ("currency_code", "custom_label", "id_prefix"):
        if key in data:
            _check_text(key, data[key], nullable=True)
            field[key] = data[key]
    if "has_notifications_enabled" in data:
        field["has_notifications_enabled"] = bool(data["has_notifications_enabled"])
    if "input_restrictions" in data and field["resource_subtype"] == "reference":
        field["input_restrictions"] = list(data["input_restrictions"] or [])


def _check_text(key: str, value: Any, *, nullable: bool = False) -> None:
    if not isinstance(value, str) and not (nullable and value is None):
        raise bad_request(f"{key}: Expected a string, got {value!r}")


def delete_custom_field(store: Store, field: Record) -> None:
    """Remove a custom field, its enum options, its settings and every value of it."""
    for setting in store.all("custom_field_setting"):
        if setting["custom_field"].gid == field["gid"]:
            _detach_setting(store, setting)
    for option in _options(store, field):
        store.delete("enum_option", option["gid"])
    for resource_type in ("task", "project"):
        for record in store.all(resource_type):
            record.get("_custom_field_values", {}).pop(field["gid"], None)
    store.delete("custom_field", field["gid"])


# -- enum options -----------------------------------------------------------------------------


def _options(store: Store, field: Record) -> list[Record]:
    return store.resolve_all(field["enum_options"])


def _option_of(store: Store, field: Record, gid: Any, key: str) -> Record:
    option = store.find("enum_option", str(gid))
    if option is None or option["_parent"].gid != field["gid"]:
        raise bad_request(f"{key}: {gid} is not an enum option of custom field {field['gid']}")
    return option


def add_enum_option(store: Store, field: Record, data: dict[str, Any]) -> Record:
    """Add an enum option (at the end, or by ``insert_before`` / ``insert_after``)."""
    if field["resource_subtype"] not in ("enum", "multi_enum"):
        raise bad_request("Only enum and multi_enum custom fields have enum options")
    if not data.get("name"):
        raise missing_input("name")
    if len(field["enum_options"]) >= 500:
        raise bad_request("A custom field can have at most 500 enum options")
    names = {option["name"] for option in _options(store, field)}
    if data["name"] in names:
        raise bad_request(f"name: An enum option named {data['name']!r} already exists")
    option = store.insert(
        "enum_option",
        {"name": "", "enabled": True, "color": "none", "_parent": ref_to(field)},
    )
    update_enum_option(option, data)
    field["enum_options"].append(ref_to(option))
    before, after = data.get("insert_before"), data.get("insert_after")
    if before is not None or after is not None:
        move_enum_option(store, field, option, before=before, after=after, keys=_INSERT_KEYS)
    return option


_INSERT_KEYS = ("insert_before", "insert_after")
_MOVE_KEYS = ("before_enum_option", "after_enum_option")


def update_enum_option(option: Record, data: dict[str, Any]) -> None:
    """Write ``name``, ``enabled`` and ``color`` of a request into an enum option."""
    if "name" in data:
        _check_text("name", data["name"])
        option["name"] = data["name"]
    if "enabled" in data:
        if not isinstance(data["enabled"], bool):
            raise bad_request(f"enabled: Expected true or false, got {data['enabled']!r}")
        option["enabled"] = data["enabled"]
    if "color" in data:
        if data["color"] not in _ENUM_COLORS:
            raise bad_request(f"color: Unknown color {data['color']!r}")
        option["color"] = data["color"]


def move_enum_option(
    store: Store,
    field: Record,
    option: Record,
    *,
    before: Any,
    after: Any,
    keys: tuple[str, str] = _MOVE_KEYS,
) -> None:
    """Put ``option`` just before ``before`` or just after ``after`` (at the end: neither)."""
    if before is not None and after is not None:
        raise bad_request(f"Only one of {keys[0]} and {keys[1]} may be given")
    order = [ref for ref in field["enum_options"] if ref.gid != option["gid"]]
    position = len(order)
    if before is not None or after is not None:
        key = keys[0] if before is not None else keys[1]
        anchor = _option_of(store, field, before if before is not None else after, key)
        position = next(i for i, ref in enumerate(order) if ref.gid == anchor["gid"])
        position += 0 if before is not None else 1
    order.insert(position, ref_to(option))
    field["enum_options"] = order


# -- settings -------------------------------------------------------------------------------


def settings_of(store: Store, parent: Record) -> list[Record]:
    """The custom field settings of a container, in order."""
    return store.resolve_all(parent.get("custom_field_settings", []))


def add_custom_field_setting(
    store: Store, parent: Record, field: Record, data: dict[str, Any]
) -> Record:
    """Put a custom field on a container (``is_important``, ``insert_before``/``_after``)."""
    settings = settings_of(store, parent)
    if any(s["custom_field"].gid == field["gid"] for s in settings):
        raise bad_request("custom_field: This custom field is already on the object")
    if field["workspace"] != parent.get("workspace", field["workspace"]):
        raise bad_request("custom_field: The custom field is in another workspace")
    before, after = data.get("insert_before"), data.get("insert_after")
    if before is not None and after is not None:
        raise bad_request("Only one of insert_before and insert_after may be given")
    setting = store.insert(
        "custom_field_setting",
        {
            "parent": ref_to(parent),
            "is_important": bool(data.get("is_important")),
            "custom_field": ref_to(field),
        },
    )
    if parent["resource_type"] == "project":
        setting["project"] = ref_to(parent)
    order: list[Ref] = list(parent.get("custom_field_settings", []))
    position = len(order)
    anchor = before if before is not None else after
    if anchor is not None:
        key = "insert_before" if before is not None else "insert_after"
        at = [i for i, s in enumerate(settings) if s["custom_field"].gid == str(anchor)]
        if not at:
            raise bad_request(f"{key}: Custom field {anchor} is not on the object")
        position = order.index(ref_to(settings[at[0]])) + (0 if before is not None else 1)
    order.insert(position, ref_to(setting))
    parent["custom_field_settings"] = order
    if isinstance(parent.get("custom_fields"), list):
        parent["custom_fields"].append(ref_to(field))
    return setting


def remove_custom_field_setting(store: Store, parent: Record, field_gid: str) -> None:
    """Take a custom field off a container (nothing happens when it is not on it)."""
    for setting in settings_of(store, parent):
        if setting["custom_field"].gid == field_gid:
            _detach_setting(store, setting)


def _detach_setting(store: Store, setting: Record) -> None:
    parent = store.resolve(setting["parent"])
    if parent is not None:
        field_gid = setting["custom_field"].gid
        parent["custom_field_settings"] = [
            ref for ref in parent.get("custom_field_settings", []) if ref.gid != setting["gid"]
        ]
        if isinstance(parent.get("custom_fields"), list):
            parent["custom_fields"] = [
                ref for ref in parent["custom_fields"] if getattr(ref, "gid", None) != field_gid
            ]
    store.delete("custom_field_setting", setting["gid"])
