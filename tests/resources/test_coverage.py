"""Every operation and legacy name of the resources tested here has a test that calls it.

A test declares the names it calls with ``@covers("tasks.get_task", "tasks.find_by_id")``.
This module imports every ``test_<resource>.py`` of the package and checks the declarations
against ``tools/spec_facts.json`` (the operations) and ``tools/legacy_names.py`` (the legacy
names): none missing, none unknown, and each declared test calls what it declares.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from ._helpers import COVERED, LEGACY, OPERATIONS

RESOURCES = tuple(
    sorted(
        {op["resource"] for op in OPERATIONS}
        & {path.stem.removeprefix("test_") for path in Path(__file__).parent.glob("test_*.py")}
    )
)
"""The resources with a test module here."""

for _resource in RESOURCES:
    importlib.import_module(f"{__package__}.test_{_resource}")  # fills COVERED

_COVERS = re.compile(r"^@covers\(.*?\)\n", re.DOTALL | re.MULTILINE)


def test_every_resource_with_legacy_names_has_a_test_module() -> None:
    assert sorted(LEGACY) == sorted(RESOURCES)
    assert {name.split(".")[0] for name in COVERED} <= set(RESOURCES)


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_operation_and_legacy_name_has_a_test(resource: str) -> None:
    operations = {f"{resource}.{op['name']}" for op in OPERATIONS if op["resource"] == resource}
    legacy = {f"{resource}.{alias}" for alias in LEGACY[resource]}
    names = operations | legacy
    declared = {name for name in COVERED if name.split(".")[0] == resource}
    untested = sorted(names - declared)
    unknown = sorted(declared - names)
    assert (untested, unknown) == ([], [])


@pytest.mark.parametrize("name", sorted(COVERED))
def test_each_listed_test_calls_its_method(name: str) -> None:
    resource, method = name.split(".")
    test = COVERED[name]
    source = _COVERS.sub("", inspect.getsource(test), count=1)  # not the declaration itself
    # a test parametrized on ("resource", "method") pairs names both as strings
    names_resource = f"client.{resource}" in source or (
        '("resource", "method")' in source and f'"{resource}"' in source
    )
    assert f"client.{resource}.{method}(" in source or (
        f'"{method}"' in source and names_resource
    ), f"{test.__name__} does not call client.{resource}.{method}"
