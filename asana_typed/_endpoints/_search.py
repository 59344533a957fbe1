"""Every match of a task search, past the 100 one search answers.

Asana's task search (``GET /workspaces/{workspace_gid}/tasks/search``) answers at most 100
tasks and no ``next_page``; its documented way through is to sort by creation time and move a
``created_at`` bound after each answer. :class:`SearchCursor` is that walk, free of I/O, driven
by the item iterators like any other cursor (``tasks.search_all_tasks_for_workspace``):

- each search asks ``sort_by=created_at`` in the walk's direction (the call's
  ``sort_ascending``; without it, newest first, as Asana sorts by default) and
  ``limit=min(100, item_limit still to go + tasks already seen at the bound)``;
- after an answer, the bound moves to the last ``created_at`` handed out, widened by one
  millisecond, so tasks sharing that moment are asked for again whether Asana's
  ``created_at.before``/``.after`` include the bound or not; the tasks already handed out
  (those before the bound in the walk's order, and those at it by gid) are skipped, so every
  match comes once;
- the walk ends with an answer shorter than its ``limit``, or at ``item_limit``;
- when a whole answer of 100 holds only tasks already handed out, more tasks share one
  ``created_at`` than a search can show past: it raises :class:`SearchOverflowError` rather
  than skip any (what came before was handed out once, and stays correct).

The call's own filters are sent with every search. Its ``created_at`` bound on the moving side
(``created_at.after`` ascending, ``created_at.before`` descending) is where the walk starts
and is never widened; the other side is sent as given. ``opt_fields`` (from params or
``RequestOptions.fields``) gets ``created_at`` added when it lacks it; without any, the
compact task's fields and ``created_at`` are asked for. Everything the walk cannot honour is
refused before anything is sent: another ``sort_by``, a ``sort_ascending`` or ``created_at``
bound that cannot be read, an ``offset``.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from ..errors import AsanaError, InvalidArgumentError, SearchOverflowError

if TYPE_CHECKING:
    from .._core import PreparedCall

__all__ = ["MAX_SEARCH_RESULTS", "SearchCursor"]

MAX_SEARCH_RESULTS = 100
"""The most tasks one search answers."""

COMPACT_TASK_FIELDS = ("created_by", "name", "resource_subtype", "resource_type")
"""What a search answers by default (a compact task, beside ``gid``)."""

_MILLISECOND = _dt.timedelta(milliseconds=1)


def parse_moment(value: object, name: str) -> _dt.datetime:
    """An aware UTC datetime from a datetime, a date or an ISO 8601 text (``Z`` allowed).

    A naive value, and a bare date (its midnight), are taken as UTC.
    """
    if isinstance(value, str):
        text = value.strip()
        text = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
        try:
            value = _dt.datetime.fromisoformat(text)
        except ValueError:
            raise InvalidArgumentError(
                f"{name} must be an ISO 8601 date-time such as 2024-01-31T12:00:00Z, got {value!r}"
            ) from None
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, _dt.datetime):
        raise InvalidArgumentError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=_dt.timezone.utc)
    return value.astimezone(_dt.timezone.utc)


def format_moment(moment: _dt.datetime) -> str:
    """Asana's form of a UTC datetime, to the millisecond: ``2024-01-31T12:00:00.123Z``."""
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


def _search_fields(given: str | None) -> str:
    """``opt_fields`` for the walk: the call's, with ``created_at``; else compact and it."""
    names = [name for name in given.split(",") if name] if given else list(COMPACT_TASK_FIELDS)
    if "created_at" not in names:
        names.append("created_at")
    return ",".join(names)


class SearchCursor:
    """The state of one walk through a task search (see the module docstring)."""

    __slots__ = (
        "_ascending",
        "_bound",
        "_fields",
        "_limit",
        "_moving",
        "_seen",
        "_start",
        "_widen",
        "done",
        "remaining",
    )

    done: bool
    """Nothing more to fetch: an answer came up short, or ``item_limit`` is reached."""
    remaining: int | None
    """Tasks still to hand out under ``item_limit``; ``None`` without a limit."""

    def __init__(self, call: PreparedCall) -> None:
        """Check the call's params and options for the walk; raises before anything is sent."""
        query, opts = call.query, call.options
        name = call.endpoint.name
        sort_by = query.get("sort_by", "created_at")
        if sort_by != "created_at":
            raise InvalidArgumentError(
                f"{name}() walks the search in creation order: sort_by must be 'created_at' "
                f"or left out, not {sort_by!r} (sort the tasks afterwards if needed)"
            )
        ascending = query.get("sort_ascending", "false")
        if ascending not in ("true", "false"):
            raise InvalidArgumentError(f"sort_ascending must be True or False, not {ascending!r}")
        if opts.offset is not None:
            raise InvalidArgumentError(
                f"{name}() takes no offset: Asana's search has no pages; give a created_at "
                "bound in the params to start from"
            )
        self._ascending = ascending == "true"
        self._moving = "created_at.after" if self._ascending else "created_at.before"
        bounds: dict[str, _dt.datetime] = {
            key: parse_moment(query[key], key)
            for key in ("created_at.after", "created_at.before")
            if key in query
        }
        self._start = bounds.get(self._moving)
        """The call's own bound on the moving side: the walk never goes past it."""
        self._fields = _search_fields(query.get("opt_fields"))
        self._bound: _dt.datetime | None = None
        """The ``created_at`` of the last task handed out."""
        self._seen: set[str] = set()
        """Gids handed out whose ``created_at`` is the bound."""
        self._limit = MAX_SEARCH_RESULTS
        self._widen = False
        self.remaining = opts.item_limit
        self.done = opts.item_limit == 0

    def page_query(self) -> dict[str, str]:
        """The query of the next search, over the call's own params."""
        limit = MAX_SEARCH_RESULTS
        if self.remaining is not None and not self._widen:
            limit = min(limit, self.remaining + len(self._seen))
        self._limit = limit
        query = {
            "sort_by": "created_at",
            "sort_ascending": "true" if self._ascending else "false",
            "opt_fields": self._fields,
            "limit": str(limit),
        }
        if self._bound is not None:
            if self._ascending:
                bound = self._bound - _MILLISECOND
                bound = bound if self._start is None else max(bound, self._start)
            else:
                bound = self._bound + _MILLISECOND
                bound = bound if self._start is None else min(bound, self._start)
            query[self._moving] = format_moment(bound)
        return query

    def _passed(self, moment: _dt.datetime, bound: _dt.datetime) -> bool:
        """Whether ``moment`` comes before ``bound`` in the walk's order."""
        return moment < bound if self._ascending else moment > bound

    def feed(self, tasks: list[Any]) -> list[Any]:
        """Take a search's answer; the tasks not handed out before, up to ``item_limit``."""
        bound, seen = self._bound, self._seen
        fresh: list[Any] = []
        for task in tasks:
            moment = _created_at(task)
            if bound is not None and (
                self._passed(moment, bound) or (moment == bound and task.gid in seen)
            ):
                continue
            if self.remaining is not None and len(fresh) == self.remaining:
                break
            fresh.append(task)
            self._widen = False
            if moment != self._bound:
                self._bound, self._seen = moment, set()
            self._seen.add(task.gid)
        full = len(tasks) >= self._limit
        if self.remaining is not None:
            self.remaining -= len(fresh)
        if not full or self.remaining == 0:
            self.done = True
        elif not fresh:  # a whole answer of tasks handed out already
            if self._limit < MAX_SEARCH_RESULTS:
                self._widen = True  # ask for all a search gives before giving up
            else:
                assert bound is not None
                self.done = True
                raise SearchOverflowError(bound, len(seen), ascending=self._ascending)
        return fresh


def _created_at(task: Any) -> _dt.datetime:
    """A searched task's ``created_at``, which the walk asked for."""
    value = getattr(task, "created_at", None)
    if value is None:
        raise AsanaError(
            f"a task search answered task {task.gid} without the created_at it was asked for"
        )
    try:
        return parse_moment(value, "created_at")
    except InvalidArgumentError as error:
        raise AsanaError(f"a task search answered task {task.gid} with {error}") from None
