"""Generated code is current, and every operation of the fact file is declared correctly.

These checks need only the committed fact file (``tools/spec_facts.json``), not the spec.
"""

from __future__ import annotations

import importlib
import inspect
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from asana_typed import AsyncClient, Client
from asana_typed._endpoints._declarations import Endpoint, Resource

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import generate_fake_facts  # noqa: E402
import generate_resources  # noqa: E402
from added_methods import ADDED  # noqa: E402
from legacy_names import LEGACY, WHOLE_BODY  # noqa: E402

FACTS: dict[str, Any] = json.loads((ROOT / "tools" / "spec_facts.json").read_text("utf-8"))
OPERATIONS: list[dict[str, Any]] = FACTS["operations"]
SHAPES = {"item": "item", "empty": "item", "list": "list", "page": "page"}
RESOURCES = sorted({op["resource"] for op in OPERATIONS})


def test_generated_resources_are_current() -> None:
    for path, text in generate_resources.render().items():
        assert (ROOT / path).read_text("utf-8") == text, (
            f"{path} is stale: run python tools/generate_resources.py"
        )


def test_fake_engine_facts_are_current() -> None:
    assert (ROOT / generate_fake_facts.OUTPUT_PATH).read_text("utf-8") == (
        generate_fake_facts.render()
    ), "the fake's facts are stale: run python tools/generate_fake_facts.py"


def test_no_resource_module_is_left_from_a_removed_tag() -> None:
    generated = {Path(p).name for p in generate_resources.render()}
    on_disk = {p.name for p in (ROOT / "asana_typed" / "resources").glob("*.py")}
    assert on_disk == generated


def _module(resource: str) -> ModuleType:
    return importlib.import_module(f"asana_typed.resources.{resource}")


class _Recorder:
    """Stands in for a client: records the endpoint and arguments a method hands over."""

    def __init__(self) -> None:
        self.calls: list[tuple[Endpoint, tuple[Any, ...], Any]] = []

    def _call(self, endpoint: Endpoint, args: tuple[Any, ...], params: Any, *rest: Any) -> Any:
        self.calls.append((endpoint, args, params))
        return None


def _sent_endpoint(resource: str, method: str, async_: bool = False) -> Endpoint:
    """The endpoint ``client.<resource>.<method>`` hands to its client."""
    module = _module(resource)
    name = (
        generate_resources.async_class_name(resource)
        if async_
        else generate_resources.class_name(resource)
    )
    recorder = _Recorder()
    bound = getattr(getattr(module, name)(recorder), method)
    arguments: list[Any] = [
        {} if p.name == "params" else "1"
        for p in inspect.signature(bound).parameters.values()
        if p.kind is not inspect.Parameter.KEYWORD_ONLY and p.default is inspect.Parameter.empty
    ]
    bound(*arguments)
    return recorder.calls[-1][0]


@pytest.mark.parametrize("op", OPERATIONS, ids=[op["name"] for op in OPERATIONS])
def test_every_operation_is_declared_with_its_verb_path_and_shape(op: dict[str, Any]) -> None:
    endpoint = vars(_module(op["resource"])._Endpoints)[op["name"]]
    assert isinstance(endpoint, Endpoint)
    assert (endpoint.method, endpoint.path) == (op["method"], op["path"])
    if op["name"] in WHOLE_BODY:
        assert (endpoint.shape, endpoint.model.__name__) == ("whole", WHOLE_BODY[op["name"]])
    else:
        assert endpoint.shape == SHAPES[op["response_shape"]]
        assert endpoint.model.__name__ == op["response_model"]
    assert endpoint.params.__name__ == op["params_type"]
    assert endpoint.arity == len(op["path_params"])


@pytest.mark.parametrize("op", OPERATIONS, ids=[op["name"] for op in OPERATIONS])
def test_every_operation_method_sends_its_endpoint_on_both_clients(op: dict[str, Any]) -> None:
    declared = vars(_module(op["resource"])._Endpoints)[op["name"]]
    assert _sent_endpoint(op["resource"], op["name"]) is declared
    assert _sent_endpoint(op["resource"], op["name"], async_=True) is declared


def test_every_resource_is_reachable_from_both_clients() -> None:
    client = Client.access_token("t")
    async_client = AsyncClient.access_token("t")
    for resource in RESOURCES:
        sync = getattr(client, resource)
        assert isinstance(sync, Resource)
        assert type(sync).__name__ == generate_resources.class_name(resource)
        asynchronous = getattr(async_client, resource)
        assert type(asynchronous).__name__ == generate_resources.async_class_name(resource)


LEGACY_ROWS = [(r, alias, target) for r, names in LEGACY.items() for alias, target in names.items()]


@pytest.mark.parametrize(
    ("resource", "alias", "target"), LEGACY_ROWS, ids=[f"{r}.{a}" for r, a, _ in LEGACY_ROWS]
)
def test_every_legacy_name_calls_its_operation(resource: str, alias: str, target: Any) -> None:
    name, overrides = (target, {}) if isinstance(target, str) else target
    op = next(o for o in OPERATIONS if o["name"] == name)
    for async_ in (False, True):
        endpoint = _sent_endpoint(resource, alias, async_)
        assert endpoint.method == op["method"]
        assert endpoint.path == overrides.get("path", op["path"])
        assert endpoint.gid_param == overrides.get("gid_param")


ADDED_ROWS = [(r, name, target) for r, names in ADDED.items() for name, target in names.items()]


@pytest.mark.parametrize(
    ("resource", "name", "target"), ADDED_ROWS, ids=[f"{r}.{n}" for r, n, _ in ADDED_ROWS]
)
def test_every_added_method_sends_its_operation(resource: str, name: str, target: Any) -> None:
    op = next(o for o in OPERATIONS if o["name"] == target[0])
    for async_ in (False, True):
        endpoint = _sent_endpoint(resource, name, async_)
        assert (endpoint.method, endpoint.path) == (op["method"], op["path"])
        assert type(endpoint).__name__ == target[1]["special"]


@pytest.mark.parametrize("op", OPERATIONS, ids=[op["name"] for op in OPERATIONS])
def test_every_operation_params_cover_its_query_and_body(op: dict[str, Any]) -> None:
    endpoint = vars(_module(op["resource"])._Endpoints)[op["name"]]
    keys = set(endpoint.params.__required_keys__ | endpoint.params.__optional_keys__)
    assert set(op["query_params"]) | set(op["body_params"] or ()) <= keys
    assert set(op["required_params"]) <= endpoint.params.__required_keys__
    if op["method"] in ("POST", "PUT"):
        assert endpoint.query == frozenset(op["query_params"])


def _resource_classes() -> list[type[Resource]]:
    classes: list[type[Resource]] = []
    for resource in RESOURCES:
        module = _module(resource)
        classes.append(getattr(module, generate_resources.class_name(resource)))
        classes.append(getattr(module, generate_resources.async_class_name(resource)))
    return classes


@pytest.mark.parametrize("cls", _resource_classes(), ids=lambda c: c.__name__)
def test_every_method_has_its_docstring_and_named_path_parameters(cls: type[Resource]) -> None:
    plain = cls.__name__.removeprefix("Async")
    resource = next(r for r in RESOURCES if generate_resources.class_name(r) == plain)
    by_name = {op["name"]: op for op in OPERATIONS}
    legacy = LEGACY.get(resource, {})
    added = ADDED.get(resource, {})
    methods = {name for name in vars(cls) if not name.startswith("_")}
    canonical = {op["name"] for op in OPERATIONS if op["resource"] == resource}
    assert methods == canonical | set(legacy) | set(added)
    for name in methods:
        method = getattr(cls, name)
        doc = inspect.getdoc(method) or ""
        target = {**legacy, **added}.get(name, name)
        op = by_name[target if isinstance(target, str) else target[0]]
        title = f"{op['summary']}." if name in canonical else "python-asana's"
        assert doc.startswith(op["summary"] if name in added else title), name
        assert f"https://developers.asana.com/reference/{op['operation_id'].lower()}" in doc, name
        positional = [
            p.name
            for p in inspect.signature(method).parameters.values()
            if p.kind is inspect.Parameter.POSITIONAL_ONLY and p.name != "self"
        ]
        if name in canonical:
            assert positional == op["path_params"], name
            for gid in op["path_params"]:
                assert f"    {gid}: " in doc, (name, gid)
        assert not any(p.startswith("gid") for p in positional), name
