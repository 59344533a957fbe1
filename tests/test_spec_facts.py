"""The fact file, the generated code and Asana's spec agree with each other.

That the generated files are current is checked in ``test_generated.py``.
"""

from __future__ import annotations

import datetime
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import BaseModel

import asana_typed.models
import asana_typed.params

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))  # the tools are scripts, not a package

import extract_facts  # noqa: E402

FACTS: dict[str, Any] = json.loads(extract_facts.FACTS_PATH.read_text(encoding="utf-8"))
OPERATIONS: list[dict[str, Any]] = FACTS["operations"]
needs_spec = pytest.mark.skipif(
    not extract_facts.DEFAULT_SPEC.exists(),
    reason=f"Asana's OpenAPI spec is not at {extract_facts.DEFAULT_SPEC}",
)


# --------------------------------------------------------------------------- always


def test_every_operation_has_a_unique_name_per_resource() -> None:
    keys = [(op["resource"], op["name"]) for op in OPERATIONS]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys)


def test_every_response_model_exists_in_models() -> None:
    for op in OPERATIONS:
        model = getattr(asana_typed.models, op["response_model"], None)
        assert isinstance(model, type) and issubclass(model, BaseModel), op["operation_id"]


def test_models_package_exports_every_model() -> None:
    assert set(FACTS["models"]) <= set(asana_typed.models.__all__)


def test_every_params_type_exists_with_the_operation_keys() -> None:
    for op in OPERATIONS:
        params_type = getattr(asana_typed.params, op["params_type"])
        keys = op["query_params"] + (op["body_params"] or [])
        declared = params_type.__required_keys__ | params_type.__optional_keys__
        assert sorted(declared) == sorted(keys), op["operation_id"]
        assert params_type.__required_keys__ == frozenset(op["required_params"])


def test_operation_names_are_snake_case_with_acronyms_as_one_word() -> None:
    names = {op["operation_id"]: op["name"] for op in OPERATIONS}
    assert names["getTaskForCustomID"] == "get_task_for_custom_id"
    assert names["getTask"] == "get_task"
    assert extract_facts.snake_case("getURLForThing") == "get_url_for_thing"
    resources = {op["tag"]: op["resource"] for op in OPERATIONS}
    assert resources["Audit log API"] == "audit_log_api"
    assert resources["Custom fields"] == "custom_fields"


def test_response_shapes_follow_the_envelopes() -> None:
    by_id = {op["operation_id"]: op for op in OPERATIONS}
    assert by_id["getTask"]["response_shape"] == "item"
    assert by_id["getTasks"]["response_shape"] == "page"
    assert by_id["getTasks"]["paginated"] is True
    assert by_id["deleteTask"]["response_shape"] == "empty"
    assert by_id["deleteTask"]["response_model"] == "EmptyResponse"
    assert by_id["typeaheadForWorkspace"]["response_shape"] == "list"
    assert by_id["createAttachmentForObject"]["body_content_type"] == "multipart/form-data"
    assert "file" in by_id["createAttachmentForObject"]["body_params"]


def test_fact_file_holds_no_prose() -> None:
    """Only names and facts: an operation's ``summary`` is its short title, used as a name."""
    prose_keys = {"description", "summary", "example", "examples", "x-readme", "title"}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            allowed = {"summary"} if "operation_id" in node else set()
            assert not (prose_keys - allowed) & node.keys()
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            assert len(node) <= 80 and ". " not in node, node

    walk(FACTS)


# --------------------------------------------------------------------------- against the spec


@pytest.fixture(scope="module")
def spec() -> extract_facts.Spec:
    return extract_facts.Spec.load(extract_facts.DEFAULT_SPEC)


@needs_spec
def test_extracting_the_spec_reproduces_the_fact_file(spec: extract_facts.Spec) -> None:
    facts = extract_facts.extract(spec)
    assert len(facts["operations"]) == 247
    assert extract_facts.dumps(facts) == extract_facts.FACTS_PATH.read_text(encoding="utf-8"), (
        "tools/spec_facts.json is stale: run python tools/extract_facts.py"
    )


@needs_spec
def test_models_declare_every_property_of_their_schemas(spec: extract_facts.Spec) -> None:
    checker = SchemaChecker(spec)
    for name, model in FACTS["models"].items():
        cls = getattr(asana_typed.models, name)
        for schema_name in model["schemas"]:
            checker.check_object(spec.schemas[schema_name], cls, schema_name)
    assert not checker.problems, "\n".join(checker.problems)


GENERIC_MODELS = (asana_typed.models.AsanaResource, asana_typed.models.AsanaNamedResource)


class SchemaChecker:
    """Checks a model class against a spec schema, recursing into nested objects."""

    def __init__(self, spec: extract_facts.Spec) -> None:
        self.spec = spec
        self.problems: list[str] = []
        self.seen: set[tuple[int, type]] = set()

    def check_object(self, node: dict[str, Any], cls: type[BaseModel], where: str) -> None:
        if (id(node), cls) in self.seen or cls in GENERIC_MODELS:
            return
        self.seen.add((id(node), cls))
        cls.model_rebuild()
        fields = {f.alias or name: f for name, f in cls.model_fields.items()}
        options = node.get("anyOf", [node])
        for option in options:
            properties, _ = self.spec.flatten(option)
            for prop_name, prop in properties.items():
                field = fields.get(prop_name)
                if field is None:
                    self.problems.append(f"{where}.{prop_name}: missing on {cls.__name__}")
                    continue
                self.check_value(prop, field.annotation, f"{where}.{prop_name}")

    def check_value(self, node: dict[str, Any], hint: Any, where: str) -> None:
        leaves = leaf_types(hint)
        if Any in leaves:
            return
        node = self.spec.resolve(node)
        refs = [p for p in node.get("allOf", []) if "$ref" in p]
        if refs:
            node = self.spec.resolve(refs[0])
        kind = node.get("type")
        if kind == "array":
            lists = [leaf for leaf in leaves if typing.get_origin(leaf) is list]
            if not lists:
                self.problems.append(f"{where}: spec has an array, model has {hint}")
                return
            self.check_value(node["items"], typing.get_args(lists[0])[0], where + "[]")
            return
        if kind == "object" or "properties" in node or "anyOf" in node:
            models = [t for t in leaves if isinstance(t, type) and issubclass(t, BaseModel)]
            if models:
                self.check_object(node, models[0], where)
            elif dict not in {typing.get_origin(leaf) or leaf for leaf in leaves}:
                self.problems.append(f"{where}: spec has an object, model has {hint}")
            return
        expected = SCALARS.get((kind, node.get("format")), SCALARS.get((kind, None)))
        if expected is not None and expected not in leaves:
            self.problems.append(f"{where}: spec has {kind}/{node.get('format')}, model has {hint}")


SCALARS: dict[tuple[Any, Any], type] = {
    ("string", None): str,
    ("string", "date"): datetime.date,
    ("string", "date-time"): datetime.datetime,
    ("integer", None): int,
    ("number", None): float,
    ("boolean", None): bool,
}


def leaf_types(hint: Any) -> set[Any]:
    """The members of a union, without ``Annotated`` wrappers; ``Literal`` counts as ``str``."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return leaf_types(typing.get_args(hint)[0])
    if origin in (typing.Union, types.UnionType):
        return set().union(*(leaf_types(arg) for arg in typing.get_args(hint)))
    if origin is Literal:
        return {type(value) for value in typing.get_args(hint)}
    return {hint}
