"""What editors show for the hand-written modules: docstrings present, options documented.

Attribute docstrings (a string literal under an annotated name) are read by editors only;
these tests read them from the source, as an editor does, and check that pydantic is not
asked to turn them into field descriptions.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from asana_typed import _options, errors
from asana_typed._options import OptionValues, RequestOptions

MODULES = [
    "asana_typed.errors",
    "asana_typed._options",
    "asana_typed._oauth",
    "asana_typed._auth",
    "asana_typed._pagination",
    "asana_typed._page",
    "asana_typed._bulk",
    "asana_typed._batch",
    "asana_typed._concurrency",
    "asana_typed._retry",
    "asana_typed._upload",
    "asana_typed._wire",
    "asana_typed._sync_http",
    "asana_typed._async_http",
    "asana_typed._transport",
    "asana_typed.__main__",
    "asana_typed._misuse",
    "asana_typed._cli",
    "asana_typed._cli._commands",
    "asana_typed._cli._output",
    "asana_typed._cli._demo",
    "asana_typed.models._base",
    "asana_typed.models._pages",
    "asana_typed.testing",
    "asana_typed.testing.pytest_plugin",
    *sorted(  # the endpoint modules export only their route table
        f"asana_typed.testing.{path.stem}"
        for path in (Path(__file__).parents[1] / "asana_typed" / "testing").glob("_*.py")
        if path.stem != "__init__" and not path.stem.startswith("_endpoints_")
    ),
]


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """``name: type`` followed by a string literal, in the class body, as editors read them."""
    tree = ast.parse(Path(inspect.getfile(cls)).read_text(encoding="utf-8"))
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == cls.__name__)
    docs: dict[str, str] = {}
    for statement, following in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(statement, ast.AnnAssign)
            and isinstance(statement.target, ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.target.id] = following.value.value
    return docs


def _public_members(module_name: str) -> list[tuple[str, Any]]:
    """The exported (``__all__``, else public and defined here) classes and functions of a
    module, with the public methods and properties of its own classes."""
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    if exported is None:
        exported = [
            name
            for name, value in vars(module).items()
            if not name.startswith("_") and getattr(value, "__module__", None) == module_name
        ]
    found: list[tuple[str, Any]] = []
    for name in exported:
        value = getattr(module, name)
        if typing.get_origin(value) is not None:  # a type alias (a class on Python 3.10)
            continue
        if inspect.isclass(value) or inspect.isfunction(value):
            found.append((f"{module_name}.{name}", value))
        if inspect.isclass(value) and value.__module__ == module_name:
            for attr, member in vars(value).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                if isinstance(member, property):
                    member = member.fget
                if inspect.isfunction(member):
                    found.append((f"{module_name}.{name}.{attr}", member))
    return found


@pytest.mark.parametrize("module_name", MODULES)
def test_public_classes_functions_and_methods_have_docstrings(module_name: str) -> None:
    missing = [name for name, value in _public_members(module_name) if not value.__doc__]
    assert missing == []


def test_every_option_has_an_attribute_docstring_with_its_default() -> None:
    docs = _attribute_docstrings(RequestOptions)
    names = set(_options._OPTIONS)
    assert set(OptionValues.__annotations__) == names
    assert names <= set(docs), names - set(docs)
    keyword_docs = _attribute_docstrings(OptionValues)
    for name in names:
        assert "default" in docs[name].lower(), name
        assert name in keyword_docs, name


def test_option_docstrings_name_where_options_are_sent() -> None:
    docs = _attribute_docstrings(RequestOptions)
    assert "``limit``" in docs["page_size"]
    assert "opt_fields" in docs["fields"] and "options.fields" in docs["fields"]
    assert "opt_expand" in docs["expand"] and "options.expand" in docs["expand"]
    assert "opt_pretty" in docs["pretty"] and "options.pretty" in docs["pretty"]
    assert "Asana-Enable" in docs["asana_enable"]
    assert "Asana-Disable" in docs["asana_disable"]


@pytest.mark.parametrize("name", errors.__all__)
def test_error_classes_say_when_they_are_raised(name: str) -> None:
    doc = getattr(errors, name).__doc__ or ""
    if name not in ("AsanaChangeWarning", "AsanaSchemaWarning"):  # warnings are issued
        assert "raised" in doc.lower() or "base of" in doc.lower(), name


def test_error_attributes_are_documented() -> None:
    assert {"status", "errors", "message", "phrase", "response"} <= set(
        _attribute_docstrings(errors.AsanaError)
    )
    assert "sync" in _attribute_docstrings(errors.InvalidTokenError)
    assert "retry_after" in _attribute_docstrings(errors.RateLimitEnforcedError)


def test_slot_annotations_do_not_shadow_slots() -> None:
    from asana_typed._pagination import AsyncItemIterator, ItemIterator, PageCursor
    from asana_typed._sync_http import _Connection
    from asana_typed._wire import ResponseParser

    for cls in (RequestOptions, PageCursor, ItemIterator, AsyncItemIterator, ResponseParser):
        for slot in cls.__slots__:
            assert isinstance(vars(cls)[slot], types.MemberDescriptorType), (cls, slot)
    for slot in _Connection.__slots__:
        assert isinstance(vars(_Connection)[slot], types.MemberDescriptorType), slot


def test_attribute_docstrings_do_not_become_field_descriptions() -> None:
    from asana_typed._page import NextPage
    from asana_typed.models import AsanaModel, EventsPage

    assert not AsanaModel.model_config.get("use_attribute_docstrings")
    assert NextPage.model_fields["offset"].description is None
    assert EventsPage.model_fields["sync"].description is None


def test_request_options_stay_unhashable() -> None:
    with pytest.raises(TypeError):
        hash(RequestOptions())
