"""Public names imported on first use (PEP 562), so importing a package loads nothing heavy."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Collection, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, modules: Mapping[str, str], submodules: Collection[str] = ()
) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``name`` comes from ``modules[name]`` (a
    module relative to the package), imported when the name is first asked for and then kept
    in the package like an ordinary import. The public ``submodules`` are attributes too
    (``asana_typed.errors`` after a bare ``import asana_typed``), imported when first used."""

    def __getattr__(name: str) -> Any:
        if name in submodules:
            return importlib.import_module(f".{name}", package)
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
