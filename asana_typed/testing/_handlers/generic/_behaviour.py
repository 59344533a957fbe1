"""What is particular to a resource type: the small table the generic engine consults.

Most resource types need no entry. An entry adds initial field values, maps list filters
that are not plain field equality, and names functions run after a write or a delete, or
before a read (to derive records such as memberships from other state). An operation that is
not CRUD has a hook: a handler registered with :func:`hook` by the module of its resource
(:mod:`.goals`, :mod:`.portfolios`, :mod:`.memberships`, :mod:`.other_resources`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..._engine._call import Call, Reply
from ..._engine._facts import Operation
from ..._engine._state import Record, Store

__all__ = ["BEHAVIOURS", "HOOKS", "Behaviour", "Hook", "behaviour_of", "hook"]

Hook = Callable[[Call, Operation], Reply]
"""A handler for an operation the generic engine cannot do alone."""


@dataclass(frozen=True)
class Behaviour:
    """One resource type's particulars."""

    defaults: Mapping[str, Any] = field(default_factory=dict)
    """Initial values of a created record (before the request's fields)."""
    required: tuple[str, ...] = ()
    """Body fields a create needs although the spec does not mark them required."""
    filters: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """List query parameter -> (field, ``=``/``>=``/``<=``) when it is not ``(name, "=")``."""
    written: Callable[[Call, Record], None] | None = None
    """Run after a create or update through the API."""
    deleted: Callable[[Call, Record], None] | None = None
    """Run after a delete."""
    refresh: Callable[[Store], None] | None = None
    """Run before a get or list: brings derived records up to date."""


BEHAVIOURS: dict[str, Behaviour] = {}
"""Resource type -> its particulars."""

HOOKS: dict[str, Hook] = {}
"""Operation name -> the handler that replaces the generic one."""

_PLAIN = Behaviour()


def hook(*names: str) -> Callable[[Hook], Hook]:
    """Register the decorated function as the handler of the named operations."""

    def register(handler: Hook) -> Hook:
        for name in names:
            HOOKS[name] = handler
        return handler

    return register


def behaviour_of(resource_type: str) -> Behaviour:
    """The particulars of a type (none for most)."""
    return BEHAVIOURS.get(resource_type, _PLAIN)
