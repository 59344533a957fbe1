"""Generated code is current, and every operation of the fact file is declared correctly.

These checks need only the committed fact file (``tools/spec_facts.json``), not the spec
(except the one comparing the recorded provenance with the spec, skipped without it).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from asana_typed import AsyncClient, Client
from asana_typed._endpoints._declarations import Endpoint, Resource

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import extract_facts  # noqa: E402
import generate_resources  # noqa: E402
import regenerate  # noqa: E402
from added_methods import ADDED  # noqa: E402
from legacy_names import LEGACY, WHOLE_BODY  # noqa: E402

FACTS: dict[str, Any] = json.loads((ROOT / "tools" / "spec_facts.json").read_text("utf-8"))
OPERATIONS: list[dict[str, Any]] = FACTS["operations"]
SHAPES = {"item": "item", "empty": "item", "list": "list", "page": "page"}
RESOURCES = sorted({op["resource"] for op in OPERATIONS})
GENERATED = regenerate.generated_files(FACTS)
SPEC = extract_facts.DEFAULT_SPEC


def test_every_generated_file_is_current() -> None:
    assert regenerate.stale(GENERATED) == [], "run python tools/regenerate.py --from-facts"


def test_every_generated_module_says_so_near_its_top() -> None:
    """What tells ``tools/regenerate.py`` which modules it may remove."""
    modules = {path: text for path, text in GENERATED.items() if path.endswith(".py")}
    assert set(GENERATED) - set(modules) == {"asana_typed/testing/_engine/facts.json"}
    assert all(regenerate.is_generated(text) for text in modules.values())


def test_no_generated_module_is_left_from_a_removed_tag() -> None:
    assert regenerate.leftovers(GENERATED) == []


@pytest.mark.parametrize("folder", ["asana_typed/params", "asana_typed/resources"])
def test_every_module_of_the_generated_folders_is_generated(folder: str) -> None:
    on_disk = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).glob("*.py")}
    assert on_disk == {path for path in GENERATED if path.startswith(folder + "/")}


def test_regenerating_removes_the_modules_no_generator_writes_any_more(tmp_path: Path) -> None:
    tags = tmp_path / "asana_typed" / "resources"
    tags.mkdir(parents=True)
    kept = dict(list(GENERATED.items())[:2])
    for path, text in kept.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, "utf-8")
    dropped_tag = GENERATED["asana_typed/resources/tags.py"]
    (tags / "tags.py").write_text(dropped_tag, "utf-8")
    (tags / "_hand_written.py").write_text('"""Not generated."""\n', "utf-8")
    written, removed = regenerate.write(kept, tmp_path)
    assert (written, removed) == ([], ["asana_typed/resources/tags.py"])
    assert sorted(p.name for p in tags.iterdir()) == ["_hand_written.py"]
    assert all((tmp_path / path).read_text("utf-8") == text for path, text in kept.items())


def test_a_tag_gone_from_the_facts_leaves_its_modules_to_be_removed() -> None:
    operations = [op for op in OPERATIONS if op["resource"] != "budgets"]
    field_sets = {op.get("opt_fields") for op in operations}
    opt_fields = {k: v for k, v in FACTS["opt_fields"].items() if k in field_sets}
    files = regenerate.generated_files(dict(FACTS, operations=operations, opt_fields=opt_fields))
    assert regenerate.leftovers(files) == [
        "asana_typed/params/budgets.py",
        "asana_typed/resources/budgets.py",
    ]


def test_the_fact_file_records_which_spec_it_comes_from() -> None:
    assert set(FACTS["spec"]) == {"sha256", "version"}
    assert re.fullmatch(r"[0-9a-f]{64}", FACTS["spec"]["sha256"])
    assert FACTS["spec"]["version"]


@pytest.mark.skipif(not SPEC.exists(), reason=f"Asana's OpenAPI spec is not at {SPEC}")
def test_the_recorded_provenance_is_the_spec_beside_the_repository() -> None:
    assert FACTS["spec"]["sha256"] == hashlib.sha256(SPEC.read_bytes()).hexdigest()


def test_check_passes_on_the_committed_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert regenerate.main(["--check"]) == 0
    assert capsys.readouterr().out == f"{len(GENERATED)} generated files are current\n"


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
