"""The reference site's moving parts (the strict build itself runs in CI: see .ci/run).

The pages of ``client.<resource>`` are generated at build time by tools/docs_reference.py;
these tests check, quickly, what would otherwise break only in the build: a resource without
a page, a README section the guide pages include that lost its markers, and generated
docstrings the google parser would misread.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")
griffe = pytest.importorskip("griffe")

from asana_typed.resources import ResourceDirectory  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))  # the tools are scripts, not a package

from docs_reference import markdown_docstring, resource_modules, resource_page  # noqa: E402


def test_every_client_resource_has_a_page() -> None:
    attributes = sorted(
        name for name, value in vars(ResourceDirectory).items() if isinstance(value, property)
    )
    assert resource_modules() == attributes
    page = resource_page("tasks")
    assert "::: asana_typed.resources.tasks.Tasks\n" in page
    assert "::: asana_typed.resources.tasks.AsyncTasks\n" in page
    assert "::: asana_typed.params.tasks\n" in page


def test_every_included_section_is_marked_in_its_file() -> None:
    includes = [
        match.groups()
        for page in (ROOT / "docs").glob("*.md")
        for match in re.finditer(r'^--8<-- "([^":]+)(?::(\w+))?"$', page.read_text(), re.M)
    ]
    assert ("README.md", "params") in includes
    for file, section in includes:
        text = (ROOT / file).read_text(encoding="utf-8")
        if section is not None:
            assert f"--8<-- [start:{section}]" in text, (file, section)
            assert f"--8<-- [end:{section}]" in text, (file, section)


def _parsed_parameters(docstring: str) -> list[str]:
    parsed = griffe.parse_google(griffe.Docstring(docstring), warn_missing_types=False)
    return [
        param.name
        for section in parsed
        if section.kind is griffe.DocstringSectionKind.parameters
        for param in section.value
    ]


@pytest.mark.parametrize("module", ["tasks", "attachments", "events"])
def test_generated_docstrings_list_only_real_arguments_as_parameters(module: str) -> None:
    resource = importlib.import_module(f"asana_typed.resources.{module}")
    checked = 0
    # the batch actions classes point at the plain methods for their arguments
    classes = [getattr(resource, name) for name in resource.__all__ if not name.endswith("Actions")]
    for cls in classes:
        for name, method in vars(cls).items():
            if name.startswith("_") or not callable(method) or not method.__doc__:
                continue
            docstring = inspect.cleandoc(method.__doc__)
            arguments = set(inspect.signature(method).parameters)
            parsed = _parsed_parameters(markdown_docstring(docstring))
            assert parsed and set(parsed) <= arguments, (name, parsed)
            if "\nParams:\n" in docstring:  # without the rewrite, the keys pass for arguments
                assert not set(_parsed_parameters(docstring)) <= arguments
            checked += 1
    assert checked >= 8


def test_rst_roles_and_literal_blocks_become_markdown() -> None:
    text = markdown_docstring(
        "Uses :class:`~asana_typed.Client` and :meth:`bulk`, for example::\n\n    x = 1\n"
    )
    assert text == "Uses `asana_typed.Client` and `bulk`, for example:\n\n    x = 1\n"
