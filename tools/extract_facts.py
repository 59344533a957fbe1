"""Extract a compact, prose-free fact file from Asana's OpenAPI spec.

Usage: ``python tools/extract_facts.py [SPEC_PATH]`` writes ``tools/spec_facts.json`` only;
``python tools/regenerate.py [SPEC_PATH]`` runs it and then every generator that reads its
output, which is what a newer spec needs.

The fact file is the only input of the code generators, so it holds everything they need and
nothing else: no descriptions, no examples, no other prose from the spec. It has three parts:

- ``operations``: one record per API operation (method, path, parameter names, response shape).
- ``models``: one record per model class; a resource's Compact/Base/Response schemas fold into
  one model holding the union of their properties. Field types use a small grammar (see
  ``field_type``).
- ``params``: for each operation's params TypedDict, its keys with their value types.
- ``opt_fields``: the field paths an operation's ``opt_fields`` accepts (the spec's enum), one
  named set per distinct list; an operation's ``opt_fields`` key names its set.
- ``spec``: where the facts come from: the SHA-256 of the spec file and its ``info.version``,
  so a fact file says which spec it was extracted from.

Operations keep the spec's ``summary``: a short title, used as the name of the SDK method in
its docstring (never the spec's descriptions).

The output is deterministic: sorted keys, lists in a stable order.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

Node = dict[str, Any]
TypeFact = dict[str, Any]

TOOLS_DIR = Path(__file__).resolve().parent
REPO_DIR = TOOLS_DIR.parent
DEFAULT_SPEC = REPO_DIR.parent / "shared" / "asana-openapi" / "asana_oas.yaml"
FACTS_PATH = TOOLS_DIR / "spec_facts.json"

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
# Query parameters every SDK call handles through RequestOptions, never through params.
# (``opt_fields`` is both: a typed params key and the untyped ``RequestOptions.fields``.)
OPTION_QUERY_PARAMS = frozenset({"opt_fields", "opt_pretty", "limit", "offset"})

# Schemas defined by hand in asana_typed.models._base (not generated).
BASE_MODELS = frozenset({"AsanaResource"})
# Schema name -> model name, where stripping the suffix would give a poor name.
MODEL_RENAMES = {
    "EmptyResponse": "EmptyResponse",
    "BatchResponse": "BatchResponse",
    "StoryResponseDates": "StoryDates",
}
# Longest first: "UserBaseResponse" -> "User".
SCHEMA_SUFFIXES = (
    "CompactResponse",
    "NormalResponse",
    "BaseResponse",
    "Response",
    "Compact",
    "Base",
)
# Family members are merged in this order, so fields read compact-first.
SUFFIX_RANK = {"Compact": 0, "": 1, "Base": 2, "CompactResponse": 3, "BaseResponse": 4}
RESOURCE_KEYS = frozenset({"gid", "resource_type"})
NAMED_RESOURCE_KEYS = frozenset({"gid", "resource_type", "name"})


# --------------------------------------------------------------------------- names


def snake_case(name: str) -> str:
    """``getTaskForCustomID`` -> ``get_task_for_custom_id``; ``Audit log API`` -> ``audit_log_api``.

    An acronym counts as one word.
    """
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()


def pascal_case(name: str) -> str:
    """``date_value`` -> ``DateValue``."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9a-zA-Z]+", name))


def singular(name: str) -> str:
    """Crude English singular for naming list items: ``memberships`` -> ``membership``."""
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "uses", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith(("ss", "us")):
        return name[:-1]
    return name


def model_name_for_schema(schema_name: str) -> str:
    """The model a named schema folds into: ``UserCompact``/``UserResponse`` -> ``User``."""
    if schema_name in MODEL_RENAMES:
        return MODEL_RENAMES[schema_name]
    name = schema_name.removeprefix("Deprecated")
    for suffix in SCHEMA_SUFFIXES:
        if name.endswith(suffix) and name != suffix:
            return name[: -len(suffix)]
    return name


def suffix_rank(schema_name: str) -> tuple[int, str]:
    name = schema_name.removeprefix("Deprecated")
    for suffix in SCHEMA_SUFFIXES:
        if name.endswith(suffix) and name != suffix:
            return SUFFIX_RANK.get(suffix, 5), schema_name
    return SUFFIX_RANK[""], schema_name


# --------------------------------------------------------------------------- spec access


class Spec:
    """The parsed spec with ``$ref`` resolution and ``allOf`` flattening."""

    def __init__(self, raw: Node, sha256: str | None = None) -> None:
        self.raw = raw
        self.sha256 = sha256
        """The SHA-256 of the spec file's bytes (``None`` for a spec not read from a file)."""
        self.components: Node = raw["components"]
        self.schemas: dict[str, Node] = self.components["schemas"]

    @classmethod
    def load(cls, path: Path) -> Spec:
        data = path.read_bytes()
        return cls(yaml.load(data, Loader=yaml.CSafeLoader), hashlib.sha256(data).hexdigest())

    def provenance(self) -> Node:
        """Which spec the facts come from: its file's ``sha256`` and its ``info.version``."""
        version = self.raw.get("info", {}).get("version")
        return {"sha256": self.sha256, "version": None if version is None else str(version)}

    def resolve(self, node: Node) -> Node:
        while "$ref" in node:
            _, _, kind, name = node["$ref"].split("/")
            node = self.components[kind][name]
        return node

    @staticmethod
    def ref_name(node: Node) -> str | None:
        ref = node.get("$ref")
        return ref.rsplit("/", 1)[1] if isinstance(ref, str) else None

    def flatten(self, node: Node) -> tuple[dict[str, Node], list[str]]:
        """Properties (later definitions win, first position kept) and required names."""
        node = self.resolve(node)
        properties: dict[str, Node] = {}
        required: list[str] = []
        for part in node.get("allOf", []):
            part_properties, part_required = self.flatten(part)
            properties.update(part_properties)
            required += part_required
        for part in node.get("anyOf", []) + node.get("oneOf", []):
            part_properties, _ = self.flatten(part)
            for name, prop in part_properties.items():
                properties.setdefault(name, prop)
        properties.update(node.get("properties", {}))
        required += node.get("required", [])
        return properties, list(dict.fromkeys(required))

    def operations(self) -> list[tuple[str, str, Node, list[Node]]]:
        """(path, method, operation, parameters with path-level ones merged in)."""
        result = []
        for path, item in self.raw["paths"].items():
            shared = [self.resolve(p) for p in item.get("parameters", [])]
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                operation = item[method]
                merged = {(p["name"], p["in"]): p for p in shared}
                for param in operation.get("parameters", []):
                    param = self.resolve(param)
                    merged[(param["name"], param["in"])] = param
                result.append((path, method, operation, list(merged.values())))
        return result

    def success_schema(self, operation: Node) -> Node | None:
        for code, response in operation["responses"].items():
            if str(code).startswith("2"):
                content = self.resolve(response).get("content")
                if not content:
                    return None
                return self.resolve(next(iter(content.values()))["schema"])
        return None


def flags(node: Node) -> tuple[bool, bool]:
    """(nullable, readOnly), looking into ``allOf`` parts too."""
    nullable = bool(node.get("nullable")) or None in node.get("enum", [])
    read_only = bool(node.get("readOnly"))
    for part in node.get("allOf", []):
        nullable = nullable or bool(part.get("nullable"))
        read_only = read_only or bool(part.get("readOnly"))
    return nullable, read_only


def scalar_type(node: Node) -> TypeFact:
    """Type of a node that is neither an object, an array nor a reference."""
    if "enum" in node:
        return {"type": "enum", "values": [v for v in node["enum"] if v is not None]}
    kind = node.get("type")
    fmt: str = node.get("format", "")
    if kind == "string":
        return {"type": {"date": "date", "date-time": "datetime", "binary": "file"}.get(fmt, "str")}
    if kind == "integer":
        return {"type": "int"}
    if kind == "number":
        return {"type": "float"}
    if kind == "boolean":
        return {"type": "bool"}
    return {"type": "any"}


# --------------------------------------------------------------------------- models


class ModelExtractor:
    """Collects the models the responses need, folding schema families into one model."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.models: dict[str, Node] = {}
        self.conflicts: list[str] = []

    def reachable_schemas(self, roots: list[Node]) -> set[str]:
        """Named schemas used as a value somewhere in the responses (not as an allOf parent)."""
        found: set[str] = set()
        stack: list[Node] = list(roots)
        while stack:
            node = stack.pop()
            name = self.spec.ref_name(node)
            if name is not None:
                if name not in found:
                    found.add(name)
                    stack.extend(self.spec.flatten(self.spec.schemas[name])[0].values())
                continue
            stack.extend(node.get("properties", {}).values())
            for key in ("allOf", "anyOf", "oneOf"):
                stack.extend(node.get(key, []))
            if "items" in node:
                stack.append(node["items"])
        return found

    def build(self, roots: list[Node]) -> dict[str, Node]:
        families: dict[str, list[str]] = {}
        for schema_name in self.reachable_schemas(roots):
            model = model_name_for_schema(schema_name)
            if schema_name not in BASE_MODELS:
                families.setdefault(model, []).append(schema_name)
        for model in sorted(families):
            self.models[model] = {"resource": False, "schemas": [], "fields": []}
        for model, members in sorted(families.items()):
            for schema_name in sorted(members, key=suffix_rank):
                self.models[model]["schemas"].append(schema_name)
                schema = self.spec.schemas[schema_name]
                # A union schema (anyOf) becomes one model with the fields of every option.
                for option in schema.get("anyOf", [schema]):
                    properties, _ = self.spec.flatten(option)
                    self.add_fields(model, properties, widen="anyOf" in schema)
        return self.models

    def add_fields(self, model: str, properties: dict[str, Node], widen: bool = False) -> None:
        entry = self.models[model]
        fields: list[Node] = entry["fields"]
        by_name = {f["name"]: f for f in fields}
        for name, prop in properties.items():
            new = self.field_fact(model, name, prop)
            old = by_name.get(name)
            if old is None:
                fields.append(new)
                by_name[name] = new
            else:
                self.merge_field(model, old, new, widen)
        entry["resource"] = by_name.keys() >= RESOURCE_KEYS

    def merge_field(self, model: str, old: Node, new: Node, widen: bool) -> None:
        old["nullable"] = old["nullable"] or new["nullable"]
        old["read_only"] = old["read_only"] and new["read_only"]
        if old["type"] != new["type"]:
            merged = merge_types(old["type"], new["type"])
            if merged is None and widen and old["type"]["type"] == new["type"]["type"] == "model":
                merged = {"type": "model", "model": "AsanaNamedResource"}
            if merged is None:
                self.conflicts.append(f"{model}.{old['name']}: {old['type']} vs {new['type']}")
            else:
                old["type"] = merged

    def field_fact(self, owner: str, name: str, prop: Node) -> Node:
        nullable, read_only = flags(prop)
        return {
            "name": name,
            "type": self.field_type(prop, owner, name),
            "nullable": nullable,
            "read_only": read_only,
        }

    def field_type(self, node: Node, owner: str, name: str) -> TypeFact:
        """Type of field ``name`` of model ``owner``, in this grammar: ``{"type": T}`` with T in
        str, int, float, bool, date, datetime, any, dict; ``{"type": "model", "model": M}``;
        ``{"type": "list", "items": ...}``; ``{"type": "enum", "values": [...]}``."""
        ref = self.spec.ref_name(node)
        if ref is not None:
            return {"type": "model", "model": model_name_for_schema(ref)}
        parts = node.get("allOf", [])
        refs = [p for p in parts if "$ref" in p]
        if len(refs) == 1 and not any("properties" in p for p in parts if "$ref" not in p):
            return self.field_type(refs[0], owner, name)
        if node.get("type") == "array":
            return {"type": "list", "items": self.field_type(node["items"], owner, singular(name))}
        if node.get("type") == "object" or "properties" in node or parts:
            properties, _ = self.spec.flatten(node)
            if not properties:
                return {"type": "dict"}
            if RESOURCE_KEYS <= properties.keys() <= NAMED_RESOURCE_KEYS:
                if "name" in properties:
                    return {"type": "model", "model": "AsanaNamedResource"}
                return {"type": "model", "model": "AsanaResource"}
            inline_name = owner + pascal_case(name)
            if inline_name not in self.models:
                self.models[inline_name] = {
                    "resource": False,
                    "schemas": [],
                    "nested_in": owner,
                    "fields": [],
                }
            elif self.models[inline_name]["schemas"]:
                self.conflicts.append(f"inline object {inline_name} collides with a schema model")
            self.add_fields(inline_name, properties)
            return {"type": "model", "model": inline_name}
        if "anyOf" in node or "oneOf" in node:
            return {"type": "any"}
        return scalar_type(node)


GENERIC_MODELS = ("AsanaResource", "AsanaNamedResource")


def merge_types(old: TypeFact, new: TypeFact) -> TypeFact | None:
    """The wider of two field types from sibling schemas, or None if they disagree."""
    if old["type"] == new["type"] == "model":
        if old["model"] in GENERIC_MODELS:
            return new
        if new["model"] in GENERIC_MODELS:
            return old
        return None
    if old["type"] == new["type"] == "list":
        items = merge_types(old["items"], new["items"])
        return None if items is None else {"type": "list", "items": items}
    if old["type"] == new["type"] == "enum":
        return {"type": "enum", "values": list(dict.fromkeys(old["values"] + new["values"]))}
    if {old["type"], new["type"]} == {"enum", "str"}:
        return old if old["type"] == "enum" else new
    if old["type"] == "any":
        return new
    if new["type"] == "any":
        return old
    return None


# --------------------------------------------------------------------------- params


def param_type(spec: Spec, node: Node) -> TypeFact:
    """Value type of a request parameter: nested objects are plain dicts here."""
    node = spec.resolve(node)
    options = node.get("oneOf") or node.get("anyOf")
    if options:
        return {"type": "union", "options": [param_type(spec, o) for o in options]}
    parts = node.get("allOf", [])
    refs = [p for p in parts if "$ref" in p]
    if len(refs) == 1 and not any("properties" in p for p in parts if "$ref" not in p):
        return param_type(spec, refs[0])
    if node.get("type") == "array":
        return {"type": "list", "items": param_type(spec, node["items"])}
    if node.get("type") == "object" or "properties" in node or parts:
        return {"type": "dict"}
    return scalar_type(node)


def param_fact(spec: Spec, name: str, location: str, node: Node, required: bool) -> Node:
    nullable, _ = flags(spec.resolve(node))
    return {
        "name": name,
        "location": location,
        "required": required,
        "nullable": nullable,
        "type": param_type(spec, node),
    }


def body_facts(spec: Spec, operation: Node) -> tuple[str | None, list[Node] | None]:
    """(content type, body params) of an operation's request body."""
    body = operation.get("requestBody")
    if body is None:
        return None, None
    content_type, content = next(iter(spec.resolve(body)["content"].items()))
    schema = spec.resolve(content["schema"])
    if content_type == "application/json":
        schema = schema.get("properties", {}).get("data", {})
    properties, required = spec.flatten(schema)
    facts = [
        param_fact(spec, name, "body", prop, name in required)
        for name, prop in properties.items()
        if not flags(prop)[1]
    ]
    return content_type, facts


# --------------------------------------------------------------------------- operations


def response_facts(spec: Spec, operation: Node, accepts_paging: bool) -> tuple[str, Node | None]:
    """(response shape, schema of ``data`` or of its items)."""
    schema = spec.success_schema(operation)
    data = None if schema is None else schema.get("properties", {}).get("data")
    if data is None or spec.ref_name(data) == "EmptyResponse":
        return "empty", None
    if data.get("type") == "array":
        has_next_page = "next_page" in schema.get("properties", {})  # type: ignore[union-attr]
        return ("page" if has_next_page or accepts_paging else "list"), data["items"]
    return "item", data


def opt_fields_values(parameters: list[Node]) -> list[str] | None:
    """The field paths an operation's ``opt_fields`` accepts, or None without one."""
    for param in parameters:
        if param["in"] == "query" and param["name"] == "opt_fields":
            return list(param["schema"]["items"]["enum"])
    return None


def name_field_sets(operations: list[Node], values: dict[str, list[str]]) -> dict[str, str]:
    """A name for each distinct ``opt_fields`` list, keyed by the lists' JSON.

    Named after the model the operations return: ``TaskOptField`` for the field paths of the
    calls that return one task or a plain list, ``TaskPageOptField`` for those of paginated
    calls (they add ``next_page``'s fields). Where a model has more sets of one kind, the set
    most calls use takes that name and the others are named after their first operation.
    """
    users: dict[str, list[Node]] = {}
    for op in operations:
        if op["name"] in values:
            users.setdefault(json.dumps(values[op["name"]]), []).append(op)
    by_models: dict[tuple[str, ...], list[str]] = {}
    for key, ops in users.items():
        by_models.setdefault(tuple(sorted({op["response_model"] for op in ops})), []).append(key)
    names: dict[str, str] = {}
    for models, keys in by_models.items():
        paged = {k: all(op["response_shape"] == "page" for op in users[k]) for k in keys}
        for key in keys:
            same_kind = [k for k in keys if paged[k] == paged[key]]
            first = min(users[key], key=lambda op: str(op["name"]))
            main = max(same_kind, key=lambda k: (len(users[k]), -keys.index(k)))
            if len(models) == 1 and key == main:
                stem = models[0] + ("Page" if paged[key] and len(keys) > 1 else "")
            else:
                stem = pascal_case(first["name"])
            names[key] = stem + "OptField"
    assert len(set(names.values())) == len(names), "two opt_fields sets got the same name"
    return names


def extract(spec: Spec) -> Node:
    operations: list[Node] = []
    params: dict[str, list[Node]] = {}
    field_values: dict[str, list[str]] = {}
    response_roots: list[Node] = []
    response_refs: list[tuple[Node, Node]] = []
    for path, method, operation, parameters in spec.operations():
        operation_id: str = operation["operationId"]
        names = {p["name"] for p in parameters if p["in"] == "query"}
        query = [
            param_fact(spec, p["name"], "query", p["schema"], bool(p.get("required")))
            for p in parameters
            if p["in"] == "query" and p["name"] not in OPTION_QUERY_PARAMS
        ]
        content_type, body = body_facts(spec, operation)
        field_paths = opt_fields_values(parameters)
        if field_paths is not None:
            field_values[snake_case(operation_id)] = field_paths
            fields_type = {"type": "fields"}
            query.append(
                {"name": "opt_fields", "location": "query", "required": False, "type": fields_type}
            )
        accepts_paging = {"limit", "offset"} <= names
        shape, data = response_facts(spec, operation, accepts_paging)
        if data is not None:
            response_roots.append(data)
        all_params = query + (body or [])
        params_type = operation_id[:1].upper() + operation_id[1:] + "Params"
        params[params_type] = all_params
        record: Node = {
            "operation_id": operation_id,
            "name": snake_case(operation_id),
            "summary": operation["summary"],
            "tag": operation["tags"][0],
            "resource": snake_case(operation["tags"][0]),
            "method": method.upper(),
            "path": path,
            "path_params": re.findall(r"{(\w+)}", path),
            "query_params": [p["name"] for p in query],
            "body_params": None if body is None else [p["name"] for p in body],
            "body_content_type": content_type,
            "required_params": [p["name"] for p in all_params if p["required"]],
            "opt_fields": None,
            "paginated": shape == "page",
            "response_shape": shape,
            "response_model": "EmptyResponse",
            "params_type": params_type,
        }
        operations.append(record)
        if data is not None:
            response_refs.append((record, data))

    extractor = ModelExtractor(spec)
    # Generic references ({gid, resource_type, name}) use this model even if no response does.
    response_roots.append({"$ref": "#/components/schemas/AsanaNamedResource"})
    models = extractor.build(response_roots)
    for record, data in response_refs:
        model = extractor.field_type(data, pascal_case(record["name"]), "data")
        record["response_model"] = model["model"]
    empty = {"resource": False, "schemas": ["EmptyResponse"], "fields": []}
    models.setdefault("EmptyResponse", empty)
    if extractor.conflicts:
        raise SystemExit("unresolved field type conflicts:\n" + "\n".join(extractor.conflicts))
    operations.sort(key=lambda op: (op["resource"], op["name"]))
    set_names = name_field_sets(operations, field_values)
    field_sets: dict[str, list[str]] = {}
    for record in operations:
        if record["name"] in field_values:
            values = field_values[record["name"]]
            record["opt_fields"] = set_names[json.dumps(values)]
            field_sets[record["opt_fields"]] = values
            for key in params[record["params_type"]]:
                if key["type"] == {"type": "fields"}:
                    key["type"]["set"] = record["opt_fields"]
    # Flags are written only when true, to keep the file short.
    fields = [field for model in models.values() for field in model["fields"]]
    for record in fields + [key for keys in params.values() for key in keys]:
        for flag in ("nullable", "read_only", "required"):
            if record.get(flag) is False:
                del record[flag]
    return {
        "spec": spec.provenance(),
        "operations": operations,
        "models": models,
        "params": params,
        "opt_fields": field_sets,
    }


def dumps(facts: Any, indent: str = "") -> str:
    """JSON with sorted keys; a value that fits in one line of 100 characters stays inline."""
    inline = json.dumps(facts, sort_keys=True, ensure_ascii=False)
    end = "\n" if not indent else ""
    if len(indent) + len(inline) <= 100 or not isinstance(facts, (dict, list)) or not facts:
        return inline + end
    inner = indent + " "
    if isinstance(facts, dict):
        items = [f"{inner}{json.dumps(k)}: {dumps(v, inner)}" for k, v in sorted(facts.items())]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}" + end
    items = [inner + dumps(v, inner) for v in facts]
    return "[\n" + ",\n".join(items) + f"\n{indent}]" + end


def main(argv: list[str]) -> None:
    spec_path = Path(argv[1]) if len(argv) > 1 else DEFAULT_SPEC
    facts = extract(Spec.load(spec_path))
    FACTS_PATH.write_text(dumps(facts), encoding="utf-8")
    print(
        f"wrote {FACTS_PATH.relative_to(REPO_DIR)}: {len(facts['operations'])} operations, "
        f"{len(facts['models'])} models"
    )


if __name__ == "__main__":
    main(sys.argv)
