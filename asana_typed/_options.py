"""Request options and how their three layers combine.

``Client.DEFAULTS`` < ``client.options`` < the ``options=`` of one call. A layer overrides the
one below only with the options that were explicitly set on it (``None`` set explicitly is a
value); ``headers`` are merged key by key across all layers. Layers are read at call time, so
changing ``Client.DEFAULTS`` affects clients that already exist.

``RequestOptions`` is a small validated class rather than a pydantic model: it is made for
every client and checked on every call, and importing the package should not build a schema.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias

import httpx
from typing_extensions import TypedDict, Unpack

from .errors import InvalidArgumentError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "OptionValues",
    "RequestOptions",
    "ResolvedOptions",
    "merge_options",
]

DEFAULT_BASE_URL = "https://app.asana.com/api/1.0"
DEFAULT_TIMEOUT = 30.0


class OptionValues(TypedDict, total=False):
    """The keyword arguments of :class:`RequestOptions` (every one optional)."""

    base_url: str
    max_retries: int
    page_size: int
    item_limit: int | None
    offset: str | None
    fields: list[str] | None
    expand: list[str] | None
    pretty: bool | None
    poll_interval: float
    timeout: float | httpx.Timeout | None
    headers: dict[str, str]
    asana_enable: list[str]
    asana_disable: list[str]
    retry_non_idempotent: bool
    max_concurrent_reads: int
    max_concurrent_writes: int


def _fail(name: str, expected: str, value: object) -> InvalidArgumentError:
    return InvalidArgumentError(f"option {name} must be {expected}, got {value!r}")


def _int(low: int, high: int | None = None, optional: bool = False) -> Callable[[str, Any], Any]:
    expected = f"an int from {low} to {high}" if high is not None else f"an int >= {low}"
    expected += " or None" if optional else ""

    def check(name: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(name, expected, value)
        if value < low or (high is not None and value > high):
            raise _fail(name, expected, value)
        return value

    return check


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise _fail(name, "a number of seconds >= 0", value)
    return float(value)


def _timeout(name: str, value: Any) -> float | httpx.Timeout | None:
    if value is None or isinstance(value, httpx.Timeout):
        return value
    return _number(name, value)


def _bool(optional: bool) -> Callable[[str, Any], Any]:
    def check(name: str, value: Any) -> Any:
        if isinstance(value, bool) or (optional and value is None):
            return value
        raise _fail(name, "True or False" + (" or None" if optional else ""), value)

    return check


def _str(optional: bool) -> Callable[[str, Any], Any]:
    def check(name: str, value: Any) -> Any:
        if isinstance(value, str) or (optional and value is None):
            return value
        raise _fail(name, "a str" + (" or None" if optional else ""), value)

    return check


def _url(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.startswith(("https://", "http://")):
        raise _fail(name, "an http(s) URL", value)
    return value


def _strings(optional: bool) -> Callable[[str, Any], Any]:
    expected = "a list of str" + (" or None" if optional else "")

    def check(name: str, value: Any) -> Any:
        if value is None and optional:
            return None
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise _fail(name, expected, value)
        if not all(isinstance(item, str) for item in value):
            raise _fail(name, expected, value)
        return list(value)

    return check


def _headers(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _fail(name, "a dict of str to str", value)
    return dict(value)


# Every option: (default, validator). Containers are copied for each instance.
_OPTIONS: dict[str, tuple[Any, Callable[[str, Any], Any]]] = {
    "base_url": (DEFAULT_BASE_URL, _url),
    "max_retries": (5, _int(0)),
    "page_size": (50, _int(1, 100)),
    "item_limit": (None, _int(0, optional=True)),
    "offset": (None, _str(optional=True)),
    "fields": (None, _strings(optional=True)),
    "expand": (None, _strings(optional=True)),
    "pretty": (None, _bool(optional=True)),
    "poll_interval": (5.0, _number),
    "timeout": (DEFAULT_TIMEOUT, _timeout),
    "headers": ({}, _headers),
    "asana_enable": ([], _strings(optional=False)),
    "asana_disable": ([], _strings(optional=False)),
    "retry_non_idempotent": (False, _bool(optional=False)),
    "max_concurrent_reads": (50, _int(1)),
    "max_concurrent_writes": (15, _int(1)),
}
_CONTAINER_FIELDS = frozenset({"headers", "asana_enable", "asana_disable"})


class RequestOptions:
    """Options for requests: one object per layer (defaults, client, call).

    Every option is a keyword argument; assignments are validated, and unknown option names
    are refused at once (by mypy too)::

        client.options.page_size = 100
        client.tasks.get_tasks({"project": gid}, options=RequestOptions(item_limit=10))

    ``base_url`` (``"https://app.asana.com/api/1.0"``), ``max_retries`` (5), ``page_size``
    (50, 1..100), ``item_limit`` (None: all), ``offset``, ``fields`` / ``expand`` /
    ``pretty`` (``opt_*``), ``poll_interval`` (5 s), ``timeout`` (30 s), ``headers``,
    ``asana_enable`` / ``asana_disable``, ``retry_non_idempotent`` (False),
    ``max_concurrent_reads`` (50) and ``max_concurrent_writes`` (15).
    """

    __slots__ = ("_explicit", *_OPTIONS)

    _explicit: set[str]
    base_url: str
    """Root of the API."""
    max_retries: int
    """Retries (not attempts) after 429, 5xx, timeouts and connection errors."""
    page_size: int
    """``limit`` sent for each page (the API accepts 1..100)."""
    item_limit: int | None
    """Total items an iterator yields; ``None`` for all."""
    offset: str | None
    """Cursor to start from: the ``next_page.offset`` of an earlier page."""
    fields: list[str] | None
    """Field paths to return (``opt_fields``)."""
    expand: list[str] | None
    """Fields to expand (``opt_expand``)."""
    pretty: bool | None
    """Ask for indented JSON (``opt_pretty``)."""
    poll_interval: float
    """Seconds between event polls when no event is waiting."""
    timeout: float | httpx.Timeout | None
    """Seconds (or an ``httpx.Timeout``) for each attempt; ``None`` waits forever."""
    headers: dict[str, str]
    """Extra request headers, merged key by key across layers."""
    asana_enable: list[str]
    """Deprecation changes to opt into (``Asana-Enable``)."""
    asana_disable: list[str]
    """Deprecation changes to opt out of (``Asana-Disable``)."""
    retry_non_idempotent: bool
    """Also retry POST requests after 5xx answers and broken connections."""
    max_concurrent_reads: int
    """GET requests one client keeps in flight at most (Asana allows 50 per token)."""
    max_concurrent_writes: int
    """Other requests one client keeps in flight at most (Asana allows 15 per token)."""

    def __init__(self, **options: Unpack[OptionValues]) -> None:
        set_slot = object.__setattr__
        set_slot(self, "_explicit", set())
        for name, (default, _) in _OPTIONS.items():
            set_slot(self, name, default.copy() if name in _CONTAINER_FIELDS else default)
        for name, value in options.items():
            setattr(self, name, value)

    if not TYPE_CHECKING:  # mypy keeps checking attribute names and types itself

        def __setattr__(self, name: str, value: Any) -> None:
            option = _OPTIONS.get(name)
            if option is None:
                raise InvalidArgumentError(
                    f"RequestOptions has no option {name!r}; the options are: "
                    + ", ".join(_OPTIONS)
                )
            object.__setattr__(self, name, option[1](name, value))
            self._explicit.add(name)

    @property
    def explicitly_set(self) -> frozenset[str]:
        """The options set on this layer (by the constructor or an assignment)."""
        return frozenset(self._explicit)

    def copy(self) -> RequestOptions:
        """An independent copy, with the same options marked as set."""
        clone = RequestOptions.__new__(RequestOptions)
        set_slot = object.__setattr__
        for name in _OPTIONS:
            value = getattr(self, name)
            set_slot(clone, name, value.copy() if name in _CONTAINER_FIELDS else value)
        set_slot(clone, "_explicit", set(self._explicit))
        return clone

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RequestOptions):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _OPTIONS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _OPTIONS if n in self._explicit)
        return f"RequestOptions({shown})"


ResolvedOptions: TypeAlias = RequestOptions
"""The options in force for one call (what :func:`merge_options` returns)."""


def merge_options(defaults: RequestOptions, *layers: RequestOptions | None) -> ResolvedOptions:
    """Combine ``defaults`` (every value counts) with ``layers`` (explicitly set values only).

    A container option changed in place (``client.options.headers["X"] = "1"``) counts as set.
    """
    merged = defaults.copy()
    set_slot = object.__setattr__
    headers = merged.headers
    for layer in layers:
        if layer is None:
            continue
        explicit = layer._explicit
        for name in explicit:
            set_slot(merged, name, getattr(layer, name))
        for name in _CONTAINER_FIELDS - explicit:
            value = getattr(layer, name)
            if value:
                set_slot(merged, name, value)
        headers.update(layer.headers)
    set_slot(merged, "headers", headers)
    return merged
