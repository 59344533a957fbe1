"""Build-time pieces of the reference site (``mkdocs.yml`` loads both).

* MkDocs hooks: one page per resource module of ``asana_typed/resources`` is generated
  on every build (nothing to keep in step by hand), and listed under "Resources" in the
  navigation.
* A griffe extension: the generated methods' docstrings carry a ``Params:`` block (the keys
  of the params dict) and RST cross-reference roles; they are turned into Markdown here,
  so that the google docstring parser neither mistakes the keys for arguments nor prints
  ``:class:`` literally.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import griffe
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
RESOURCES = ROOT / "asana_typed" / "resources"
PARAMS = ROOT / "asana_typed" / "params"


def resource_modules() -> list[str]:
    """The resource modules, as ``client.<name>`` attributes: every module but ``__init__``."""
    return sorted(p.stem for p in RESOURCES.glob("*.py") if not p.stem.startswith("_"))


def _class_names(module: str) -> tuple[str, str, str | None]:
    """``(Tasks, AsyncTasks, TasksActions)``: the classes a resource module declares in
    ``__all__`` (the batch actions class only where the resource has batchable calls)."""
    text = (RESOURCES / f"{module}.py").read_text(encoding="utf-8")
    match = re.search(r"^__all__ = \[(.*?)\]", text, re.M | re.S)
    if match is None:
        raise ValueError(f"asana_typed/resources/{module}.py has no __all__")
    names = re.findall(r'"(\w+)"', match.group(1))
    sync = [n for n in names if not n.startswith("Async") and not n.endswith("Actions")]
    if len(sync) != 1 or "Async" + sync[0] not in names:
        raise ValueError(f"asana_typed/resources/{module}.py: expected a class and its Async twin")
    actions = sync[0] + "Actions"
    if set(names) - {sync[0], "Async" + sync[0], actions}:
        raise ValueError(f"asana_typed/resources/{module}.py: unexpected classes {names}")
    return sync[0], "Async" + sync[0], actions if actions in names else None


_SIGNATURES_ONLY = [
    "    options:",
    "      show_docstring_description: false",
    "      show_docstring_parameters: false",
    "      show_docstring_returns: false",
    "      show_docstring_other_parameters: false",
    "      show_docstring_examples: false",
    "      show_docstring_raises: false",
    "      show_if_no_docstring: true",
]


def resource_page(module: str) -> str:
    """The Markdown of the page of ``client.<module>``: its classes, then its params."""
    sync, async_, actions = _class_names(module)
    lines = [
        f"# client.{module}",
        "",
        f"`client.{module}` is a `{sync}` on a `Client` and an `{async_}` on an "
        "`AsyncClient`. Each method shows one signature per form of the call (the default, "
        "`full_payload=True`, `raw_response=True`, and for listings `iterator_type=None`), "
        "each with what it returns, then what it sends and the keys of its params. The async "
        "twins, below, take the same arguments; they are awaited, and listings iterate with "
        "`async for`.",
        "",
        f"::: asana_typed.resources.{module}.{sync}",
        "",
        f"::: asana_typed.resources.{module}.{async_}",
        *_SIGNATURES_ONLY,
        "",
    ]
    if actions is not None:
        lines += [
            f"`client.actions.{module}` makes the same calls as actions for `client.batch` "
            "(see Batches).",
            "",
            f"::: asana_typed.resources.{module}.{actions}",
            *_SIGNATURES_ONLY,
            "",
        ]
    if (PARAMS / f"{module}.py").exists():
        lines += [
            "## Params",
            "",
            f"::: asana_typed.params.{module}",
            "    options:",
            "      show_root_heading: false",
            "      show_if_no_docstring: true",
            "      members_order: source",
            "      heading_level: 3",
            "",
        ]
    return "\n".join(lines)


# MkDocs hooks --------------------------------------------------------------------------


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Add the generated resource pages to the navigation, under "Resources"."""
    pages = [{f"client.{m}": f"resources/{m}.md"} for m in resource_modules()]
    nav = config.nav or []
    for entry in nav:
        if isinstance(entry, dict) and "Resources" in entry:
            entry["Resources"] = [*(entry["Resources"] or []), *pages]
            break
    else:
        nav.append({"Resources": pages})
    config.nav = nav
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Generate ``resources/<module>.md`` for every resource module."""
    for module in resource_modules():
        page = resource_page(module)
        files.append(File.generated(config, f"resources/{module}.md", content=page))
    return files


# griffe extension ----------------------------------------------------------------------

_ROLE = re.compile(r":(?:class|meth|func|attr|data|exc|mod|obj):`~?([^`]+)`")
_PARAMS_BLOCK = re.compile(r"^Params:\n((?:    .*\n?|\n(?=    ))+)", re.M)
_LITERAL_BLOCK = re.compile(r"::\n\n")
_API_LINK = re.compile(r"^API reference: (https://\S+)$", re.M)


def markdown_docstring(text: str) -> str:
    """A docstring of the package, with RST roles and the ``Params:`` block as Markdown."""
    text = _ROLE.sub(r"`\1`", text)

    def params(match: re.Match[str]) -> str:
        items = [line.strip() for line in match.group(1).splitlines() if line.strip()]
        return "**Keys of `params`** (where each goes, its type):\n\n" + "".join(
            f"- {item}\n" for item in items
        )

    text = _PARAMS_BLOCK.sub(params, text)
    text = _LITERAL_BLOCK.sub(":\n\n", text)
    return _API_LINK.sub(r"API reference: <\1>", text)


class MarkdownDocstrings(griffe.Extension):
    """Rewrites each docstring with :func:`markdown_docstring` before it is parsed."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
