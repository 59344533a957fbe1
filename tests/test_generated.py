"""Generated code is current, and every operation of the fact file is declared correctly.

These checks need only the committed fact file (``tools/spec_facts.json``), not the spec.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from asana_typed import Client
from asana_typed._endpoints import Endpoint, Resource

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import generate_calls  # noqa: E402
import generate_resources  # noqa: E402
from legacy_names import LEGACY, WHOLE_BODY  # noqa: E402

FACTS: dict[str, Any] = json.loads((ROOT / "tools" / "spec_facts.json").read_text("utf-8"))
OPERATIONS: list[dict[str, Any]] = FACTS["operations"]
SHAPES = {"item": "item", "empty": "item", "list": "list", "page": "page"}


@pytest.mark.parametrize("generator", [generate_calls, generate_resources])
def test_generated_files_are_current(generator: Any) -> None:
    for path, text in generator.render().items():
        assert (ROOT / path).read_text("utf-8") == text, (
            f"{path} is stale: run python tools/{generator.__name__}.py"
        )


def _resource_class(resource: str) -> type[Resource[Any]]:
    module = importlib.import_module(f"asana_typed.resources.{resource}")
    cls: type[Resource[Any]] = getattr(module, generate_resources.class_name(resource))
    return cls


@pytest.mark.parametrize("op", OPERATIONS, ids=[op["name"] for op in OPERATIONS])
def test_every_operation_is_declared_with_its_verb_path_and_shape(op: dict[str, Any]) -> None:
    endpoint = vars(_resource_class(op["resource"]))[op["name"]]
    assert isinstance(endpoint, Endpoint)
    assert (endpoint.method, endpoint.path) == (op["method"], op["path"])
    if op["name"] in WHOLE_BODY:
        assert (endpoint.shape, endpoint.model.__name__) == ("whole", WHOLE_BODY[op["name"]])
    else:
        assert endpoint.shape == SHAPES[op["response_shape"]]
        assert endpoint.model.__name__ == op["response_model"]
    assert endpoint.params.__name__ == op["params_type"]
    assert endpoint.arity == len(op["path_params"])


def test_every_resource_is_reachable_from_a_client() -> None:
    client = Client.access_token("t")
    for resource in {op["resource"] for op in OPERATIONS}:
        assert isinstance(getattr(client, resource), Resource)


LEGACY_ROWS = [(r, alias, target) for r, names in LEGACY.items() for alias, target in names.items()]


@pytest.mark.parametrize(
    ("resource", "alias", "target"), LEGACY_ROWS, ids=[f"{r}.{a}" for r, a, _ in LEGACY_ROWS]
)
def test_every_legacy_name_calls_its_operation(resource: str, alias: str, target: Any) -> None:
    name, overrides = (target, {}) if isinstance(target, str) else target
    op = next(o for o in OPERATIONS if o["name"] == name)
    endpoint = vars(_resource_class(resource))[alias]
    assert endpoint.method == op["method"]
    assert endpoint.path == overrides.get("path", op["path"])
    assert endpoint.gid_param == overrides.get("gid_param")


@pytest.mark.parametrize("op", OPERATIONS, ids=[op["name"] for op in OPERATIONS])
def test_every_operation_params_cover_its_query_and_body(op: dict[str, Any]) -> None:
    endpoint = vars(_resource_class(op["resource"]))[op["name"]]
    keys = set(endpoint.params.__required_keys__ | endpoint.params.__optional_keys__)
    assert set(op["query_params"]) | set(op["body_params"] or ()) <= keys
    assert set(op["required_params"]) <= endpoint.params.__required_keys__
    if op["method"] in ("POST", "PUT"):
        assert endpoint.query == frozenset(op["query_params"])
