"""Answers that drift from the spec: the model anyway, with the fields that failed kept as sent.

Only reached when the fast path (``TypeAdapter.validate_json`` on the answer's bytes) raised a
``ValidationError``. :func:`salvage` reads the errors, finds for each the smallest part of the
answer to set aside (a field of an object, or an item of a list when the item itself cannot
be a model, e.g. it lacks its ``gid``), validates what remains with the same adapter, and puts
each part set aside back where it was, untouched. Setting a field aside may reveal a new
problem (a required field with a bad value is then missing), so it repeats until the rest
validates; nothing can be salvaged when the answer's own envelope is at fault.

A part is named by its path in the JSON answer (``("data", 3, "assignee")``), always in the
answer's own coordinates: list items set aside shift the indices of what is validated, so
errors are mapped back while they are read, and items are put back lowest index first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ._pages._envelopes import DataEnvelope, Page

if TYPE_CHECKING:
    from pydantic import TypeAdapter

__all__ = ["Drift", "salvage"]

Path = tuple[str | int, ...]
_ENVELOPE = frozenset({("data",), ("next_page",)})
"""Parts that are the answer's envelope: without them there is nothing to return (``data``)
or no way to go on (a ``next_page`` whose ``offset`` is not a string)."""
_ROUNDS = 8
"""How many times setting parts aside may reveal new problems before giving up."""


@dataclass(frozen=True, slots=True)
class Drift:
    """One part of an answer that did not validate and is kept as sent."""

    path: Path
    """Where it is in the JSON answer."""
    owner: str
    """What it is: ``Task.num_likes``; ``an item of Task.followers``; ``an item`` (of the
    answer's ``data``)."""
    problem: str
    """What validation found (pydantic's message)."""
    received: Any
    """The value Asana sent."""

    def describe(self, operation: str) -> str:
        """The text of its warning: the operation, what and where it is, why, what came."""
        received = repr(self.received)
        if len(received) > 80:
            received = received[:77] + "..."
        return (
            f"{operation}: {self.owner} (at {self.where}) does not match the API's spec "
            f"({self.problem}); it keeps the value Asana sent: {received} "
            f"({type(self.received).__name__})"
        )

    @property
    def where(self) -> str:
        """The path with list indices as ``[]``: ``data[].assignee.name``."""
        text = ""
        for part in self.path:
            text += "[]" if isinstance(part, int) else f".{part}" if text else part
        return text


def salvage(
    adapter: TypeAdapter[Any], answer: Any, error: ValidationError
) -> tuple[Any, list[Drift]] | None:
    """The value ``adapter`` makes of ``answer`` with the parts that failed kept as sent.

    ``error`` is what validating ``answer`` raised. ``None`` when the answer's envelope itself
    is at fault (nothing to return a model for).
    """
    aside: dict[Path, str] = {}
    for _ in range(_ROUNDS):
        found = _parts_to_set_aside(answer, aside, error.errors(include_url=False))
        if found is None:
            return None
        new = {path: text for path, text in found.items() if not _covered(path, aside)}
        if not new:
            return None
        for path in new:  # a part that holds parts set aside: say what was wrong below
            below = [p for p in aside if p[: len(path)] == path]
            if below:
                inner = below[0]
                field = ".".join(str(step) for step in inner[len(path) :])
                new[path] = f"{field}: {aside[inner]}"
        aside.update(new)
        aside = {path: text for path, text in aside.items() if not _covered(path, aside, True)}
        rest = json.dumps(_without(answer, aside, ()), separators=(",", ":"))
        try:
            value = adapter.validate_json(rest)
        except ValidationError as again:
            error = again
            continue
        return value, _put_back(value, answer, aside)
    return None


def _covered(path: Path, aside: Mapping[Path, str], strictly: bool = False) -> bool:
    """Whether ``path`` lies inside a part in ``aside`` (or is one, unless ``strictly``)."""
    end = len(path) if strictly else len(path) + 1
    return any(path[:length] in aside for length in range(1, end))


def _parts_to_set_aside(
    answer: Any, aside: Mapping[Path, str], errors: list[Any]
) -> dict[Path, str] | None:
    """The part to set aside for each error, and its message; ``None`` if one is the root or
    part of the envelope."""
    problems: list[tuple[Path, str]] = []
    unions: dict[Path, dict[str, list[tuple[Path, str]]]] = {}
    for error in errors:
        missing = error["type"] == "missing"
        text = f"missing the required field {error['loc'][-1]!r}" if missing else error["msg"]
        reached, union = _follow(answer, aside, error["loc"], missing)
        if union is None:
            problems.append((reached, text))
        else:
            members = unions.setdefault(union[0], {})
            members.setdefault(union[1], []).append((reached, text))
    # A union reports the errors of each of its members: keep the member that got furthest.
    for members in unions.values():
        problems += max(members.values(), key=lambda found: max(len(p) for p, _ in found))
    parts: dict[Path, str] = {}
    for reached, text in problems:
        part = _part(reached)
        if len(part) == 0 or part in _ENVELOPE:
            return None
        parts.setdefault(part, text)
    return parts


def _follow(
    answer: Any, aside: Mapping[Path, str], loc: tuple[Any, ...], missing: bool
) -> tuple[Path, tuple[Path, str] | None]:
    """How far an error's location goes into ``answer`` (in the answer's coordinates), and
    where its first union member tag is (the path there and the tag), if it has one.

    ``loc`` is in the coordinates of what was validated: list indices skip the items set aside.
    A part of ``loc`` that is not in the answer is a union member's tag (or, at the end of a
    ``missing`` error, the missing field).
    """
    value = answer
    path: list[str | int] = []
    union: tuple[Path, str] | None = None
    for step, part in enumerate(loc):
        if missing and step == len(loc) - 1:  # absent from what was validated
            break
        if isinstance(value, dict) and isinstance(part, str) and part in value:
            value = value[part]
            path.append(part)
        elif isinstance(value, list) and isinstance(part, int):
            index = _answer_index(aside, tuple(path), part)
            if index >= len(value):
                break
            value = value[index]
            path.append(index)
        elif union is None:
            union = (tuple(path), str(part))
    return tuple(path), union


def _answer_index(aside: Mapping[Path, str], path: Path, index: int) -> int:
    """The answer's index of item ``index`` of the validated list at ``path``."""
    skipped = sorted(p[-1] for p in aside if len(p) == len(path) + 1 and p[:-1] == path)
    for gap in skipped:
        if isinstance(gap, int) and gap <= index:
            index += 1
    return index


def _part(reached: Path) -> Path:
    """The part to set aside for a problem at ``reached``: up to its field, and the item of
    a list that field holds (when the problem is the item, or below a list of lists)."""
    last = max((i for i, part in enumerate(reached) if isinstance(part, str)), default=-1)
    if last + 1 < len(reached):
        return reached[: last + 2]
    return reached[: last + 1]


def _without(value: Any, aside: Mapping[Path, str], path: Path) -> Any:
    """A copy of ``value`` (at ``path`` in the answer) without the parts in ``aside``."""
    if isinstance(value, dict):
        return {
            key: _without(item, aside, (*path, key))
            for key, item in value.items()
            if (*path, key) not in aside
        }
    if isinstance(value, list):
        return [
            _without(item, aside, (*path, index))
            for index, item in enumerate(value)
            if (*path, index) not in aside
        ]
    return value


def _put_back(value: Any, answer: Any, aside: Mapping[Path, str]) -> list[Drift]:
    """Put each part set aside back into the validated ``value``, as sent; what was put back.

    Shallow parts first, and list items lowest index first, so every path reaches its place.
    """
    drifts = []
    for path in sorted(aside, key=_shallow_first):
        sent: Any = answer
        for part in path:
            sent = sent[part]
        holder = value
        owner = ""
        for part in path[:-1]:
            owner = _owner(holder, part, owner)
            holder = _child(holder, part)
        last = path[-1]
        if isinstance(holder, list):
            assert isinstance(last, int)
            holder.insert(last, sent)
            owner = f"an item of {owner}" if owner else "an item"
        elif isinstance(holder, BaseModel):
            assert isinstance(last, str)
            name = _field_name(type(holder), last)
            if name is None:  # not a declared field: an extra, kept as is
                extra = holder.__pydantic_extra__
                if extra is not None:
                    extra[last] = sent
            else:
                holder.__dict__[name] = sent
                holder.__pydantic_fields_set__.add(name)
            owner = f"{type(holder).__name__}.{name or last}"
        else:
            holder[last] = sent
            owner = f"{owner}[{last!r}]"
        drifts.append(Drift(path, owner, aside[path], sent))
    return drifts


def _shallow_first(path: Path) -> tuple[int, list[tuple[bool, str | int]]]:
    """Sort key: shorter paths first, then by their steps (keys and indices never compared)."""
    return len(path), [(isinstance(step, str), step) for step in path]


def _owner(holder: Any, part: str | int, owner: str) -> str:
    """How a list item's list is named in a warning: ``Task.followers`` (the field that holds
    it), or nothing for the ``data`` of a page or of an answer's envelope."""
    if isinstance(holder, (Page, DataEnvelope)):
        return ""
    if isinstance(holder, BaseModel) and isinstance(part, str):
        return f"{type(holder).__name__}.{_field_name(type(holder), part) or part}"
    return owner


def _child(holder: Any, part: str | int) -> Any:
    """The validated value under ``holder`` at one step of a JSON path."""
    if isinstance(holder, BaseModel):
        assert isinstance(part, str)
        name = _field_name(type(holder), part)
        if name is None:
            return (holder.__pydantic_extra__ or {})[part]
        return getattr(holder, name)
    return holder[part]


def _field_name(cls: type[BaseModel], key: str) -> str | None:
    """The field of ``cls`` that the JSON key ``key`` fills; ``None`` for an extra key."""
    fields = cls.model_fields
    if key in fields and fields[key].alias in (None, key):
        return key
    for name, field in fields.items():
        if field.alias == key or field.validation_alias == key:
            return name
    return None
