"""Request options and how their three layers combine.

``Client.DEFAULTS`` < ``client.options`` < the ``options=`` of one call. A layer overrides the
one below only with the options that were explicitly set on it (``None`` set explicitly is a
value); ``headers`` are merged key by key across all layers. Layers are read at call time, so
changing ``Client.DEFAULTS`` affects clients that already exist.

``RequestOptions`` is a small validated class rather than a pydantic model: it is made for
every client and checked on every call, and importing the package should not build a schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, TypeAlias

import httpx
from typing_extensions import TypedDict, Unpack

from .errors import InvalidArgumentError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "OPTION_NAMES",
    "OptionValues",
    "RequestOptions",
    "ResolvedOptions",
    "check_headers",
    "merge_options",
]

DEFAULT_BASE_URL: str = "https://app.asana.com/api/1.0"
"""The default ``base_url``: the root of Asana's REST API."""
DEFAULT_TIMEOUT: float = 30.0
"""The default ``timeout``, in seconds."""


class OptionValues(TypedDict, total=False):
    """The keyword arguments of :class:`RequestOptions` (every one optional).

    Each is described in full on the attribute of the same name of :class:`RequestOptions`.
    """

    base_url: str
    """Root URL of the API (default ``"https://app.asana.com/api/1.0"``)."""
    max_retries: int
    """Retries (not attempts) after 429, 5xx, timeouts and broken connections (default 5)."""
    page_size: int
    """``limit`` per page for iterators and raw pages, 1 to 100 (default 50)."""
    item_limit: int | None
    """Total items an iterator yields; ``None`` (the default): all."""
    offset: str | None
    """Start cursor: the ``next_page.offset`` of an earlier page (default ``None``)."""
    fields: list[str] | None
    """Field paths to return: ``opt_fields`` / ``options.fields`` (default ``None``)."""
    expand: list[str] | None
    """Fields to return in full: ``opt_expand`` / ``options.expand`` (default ``None``)."""
    pretty: bool | None
    """Indented JSON answers: ``opt_pretty`` / ``options.pretty`` (default ``None``)."""
    poll_interval: float
    """Seconds between event polls when no event is waiting (default 5.0)."""
    timeout: float | httpx.Timeout | None
    """Seconds per phase of an attempt, or an ``httpx.Timeout``; ``None``: none (default 30.0)."""
    headers: dict[str, str]
    """Extra request headers, merged key by key across the layers (default ``{}``)."""
    asana_enable: list[str]
    """API changes to opt into: the ``Asana-Enable`` header (default ``[]``)."""
    asana_disable: list[str]
    """API changes to opt out of: the ``Asana-Disable`` header (default ``[]``)."""
    retry_non_idempotent: bool
    """Also retry POST/PATCH after 5xx, timeouts, broken connections (default ``False``)."""
    max_concurrent_reads: int
    """GET requests one client keeps in flight at most (default 50)."""
    max_concurrent_writes: int
    """Other requests one client keeps in flight at most (default 15)."""
    strict_models: bool
    """Raise when an answer does not match its model, instead of keeping it (default ``False``)."""
    extra_params: dict[str, Any]
    """Params the SDK does not declare, sent as given beside the call's params (default ``{}``)."""


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


_TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""A header name: an RFC 9110 token."""
_FIELD_VALUE = re.compile(r"[\t\x20-\x7e]*")
"""A header value as httpx sends it: printable ASCII, spaces and tabs (no CR, LF, NUL)."""
_MANAGED_HEADERS: dict[str, str] = {
    "content-length": "frames the request body, which the SDK encodes itself",
    "transfer-encoding": "frames the request body, which the SDK encodes itself",
    "host": "names the server, which comes from base_url",
    **dict.fromkeys(
        ("connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade"),
        "is a hop-by-hop header that the HTTP transport manages",
    ),
}
"""Headers the SDK and its transport set; a second value beside theirs makes the request
ambiguous (request smuggling), so the ``headers`` option refuses them, and why."""


def _header_value_problem(value: str) -> str | None:
    """What makes ``value`` unfit for a header, or ``None``; never quotes it (it may be secret)."""
    if _FIELD_VALUE.fullmatch(value):
        return None
    if "\r" in value or "\n" in value:
        return "holds a line break (CR or LF)"
    if "\0" in value:
        return "holds a NUL character"
    if value.isascii():
        return "holds a control character"
    return "holds a character that is not ASCII"


def check_headers(name: str, headers: Mapping[Any, Any]) -> None:
    """Refuse a header that is not valid HTTP or that the SDK or its transport sets.

    Messages name the header, never its value, which may be a credential.
    """
    for key, value in headers.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InvalidArgumentError(
                f"option {name} must be a dict of str to str; {key!r} has a "
                f"{type(value).__name__} value"
                if isinstance(key, str)
                else f"option {name} must be a dict of str to str; a key is {type(key).__name__}"
            )
        if not _TOKEN.fullmatch(key):
            raise InvalidArgumentError(
                f"option {name}: {key!r} is not a valid header name (letters, digits and "
                "!#$%&'*+-.^_`|~ only, at least one)"
            )
        why = _MANAGED_HEADERS.get(key.lower())
        if why is not None:
            raise InvalidArgumentError(
                f"option {name} cannot set {key!r}: it {why}, and a second value beside the "
                "SDK's would make the request ambiguous"
            )
        problem = _header_value_problem(value)
        if problem is not None:
            raise InvalidArgumentError(f"option {name}: the value of {key!r} {problem}")


def _headers(name: str, value: Any) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise InvalidArgumentError(
            f"option {name} must be a dict of str to str, not {type(value).__name__}"
        )
    check_headers(name, value)
    return dict(value)


def _header_list(name: str, value: Any) -> list[str]:
    """``asana_enable`` / ``asana_disable``: a list of change names, sent as a header value."""
    names: list[str] = _strings(optional=False)(name, value)
    for item in names:
        problem = _header_value_problem(item)
        if problem is not None:
            raise InvalidArgumentError(f"option {name}: the change name {item!r} {problem}")
    return names


def _extra_params(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise InvalidArgumentError(f"option {name} must be a dict with str keys")
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
    "asana_enable": ([], _header_list),
    "asana_disable": ([], _header_list),
    "retry_non_idempotent": (False, _bool(optional=False)),
    "max_concurrent_reads": (50, _int(1)),
    "max_concurrent_writes": (15, _int(1)),
    "strict_models": (False, _bool(optional=False)),
    "extra_params": ({}, _extra_params),
}
_CONTAINER_FIELDS = frozenset({"headers", "asana_enable", "asana_disable", "extra_params"})
OPTION_NAMES: frozenset[str] = frozenset(_OPTIONS)
"""The name of every option."""


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
    ``max_concurrent_reads`` (50), ``max_concurrent_writes`` (15), ``strict_models``
    (False) and ``extra_params``.

    Not a dict: ``client.options["page_size"] = 100`` (python-asana's form) is refused with
    an error that shows ``client.options.page_size = 100``.
    """

    __slots__ = ("_explicit", "_version", *_OPTIONS)

    _explicit: set[str]
    _version: int
    """How many assignments this layer has had (see :class:`ResolvedCache`)."""
    base_url: str
    """Root URL of the API; every path is appended to it.

    Default ``"https://app.asana.com/api/1.0"``. Must start with ``https://`` or ``http://``;
    a trailing ``/`` is ignored. A call to plain ``http://`` on a host that is not loopback
    (``localhost``, 127.0.0.0/8, ``::1``) is refused before anything is sent, unless the
    client was made with ``allow_insecure_http=True``: the credential would travel unencrypted.
    """
    max_retries: int
    """How many times a failed request is retried (retries, not attempts; ``0``: never).

    Retried: 429 (any method, after ``Retry-After``), 5xx answers, timeouts and broken
    connections, with waits of 1, 2, 4, 8 ... seconds. A POST or PATCH is retried after a
    5xx, a timeout or a broken connection only with :attr:`retry_non_idempotent`, unless its
    connection could not even be opened. Default 5.
    """
    page_size: int
    """Items asked for per page: the ``limit`` query parameter of collection requests.

    Used by item iterators for every page (less on the last one when :attr:`item_limit` needs
    fewer) and by raw page requests (``iterator_type=None``). 1 to 100; default 50.
    """
    item_limit: int | None
    """Total number of items an item iterator yields, over all its pages.

    ``None`` (the default) yields them all; ``0`` yields none and sends nothing. Raw page
    requests (``iterator_type=None``) ignore it.
    """
    offset: str | None
    """Where a collection starts: the ``next_page.offset`` of a page fetched earlier.

    Sent as the ``offset`` query parameter of the first page request (raw page or iterator);
    ``None`` (the default) starts at the beginning.
    """
    fields: list[str] | None
    """Field paths the API should return, e.g. ``["name", "assignee.name"]``.

    A call with a JSON body (most POST and PUT) sends them as ``options.fields`` beside
    ``data``; the others as the ``opt_fields=a,b`` query parameter: GET, DELETE, uploads
    (multipart) and operations that take no body (``approve_access_request``). A call whose
    params carry their own ``opt_fields`` (typed from the spec) uses those instead, and this
    option is not sent for it. ``None`` (the default) sends nothing: the API answers with its
    default fields.
    """
    expand: list[str] | None
    """Fields whose objects the API should return in full.

    ``options.expand`` in a JSON body; ``opt_expand=a,b`` in the query of the other calls
    (GET, DELETE, uploads, operations that take no body). ``None`` (the default) sends
    nothing.
    """
    pretty: bool | None
    """Whether the API should indent its JSON answer (for reading it by eye).

    ``options.pretty`` in a JSON body; ``opt_pretty=true``/``false`` in the query of the
    other calls (GET, DELETE, uploads, operations that take no body). ``None`` (the default)
    sends nothing.
    """
    poll_interval: float
    """Seconds the events calls wait before polling again when no event is waiting.

    Used by ``events.get_next`` and ``events.get_iterator`` after an answer with no events and
    no ``has_more``; nothing is sent. Default 5.0.
    """
    timeout: float | httpx.Timeout | None
    """Time limit, in seconds, of each attempt of a request: a number or an ``httpx.Timeout``.

    A number applies to each phase of the attempt, as ``httpx.Timeout(number)`` does:
    connecting, sending, each wait for answer bytes, and waiting for a pooled connection.
    ``None`` waits forever. Passed to the transport as the request's ``timeout`` extension;
    default 30.0.
    """
    headers: dict[str, str]
    """Extra headers sent with every request.

    Merged key by key across the layers (defaults, client, call): a layer adds or replaces
    single headers. Default ``{}``. Names must be valid header names and values printable
    ASCII (no line break, no NUL). The headers that frame or route a request are refused, as
    the SDK and its transport set them: ``Content-Length``, ``Transfer-Encoding``, ``Host``,
    and the hop-by-hop ``Connection``, ``Keep-Alive``, ``Proxy-Connection``, ``TE``,
    ``Trailer`` and ``Upgrade``. A header put in place (``options.headers["X"] = ...``) is
    checked when a call is made, before anything is sent.
    """
    asana_enable: list[str]
    """Announced API changes to opt into, sent as the ``Asana-Enable`` header (``a,b``).

    Not sent when empty (the default). Naming a change also silences the
    :class:`~asana_typed.AsanaChangeWarning` about it. A layer that sets it replaces the list
    below it (no merge).
    """
    asana_disable: list[str]
    """Announced API changes to opt out of, sent as the ``Asana-Disable`` header (``a,b``).

    Not sent when empty (the default). Naming a change also silences the
    :class:`~asana_typed.AsanaChangeWarning` about it. A layer that sets it replaces the list
    below it (no merge).
    """
    retry_non_idempotent: bool
    """Also retry POST and PATCH requests after a 5xx answer, a timeout or a broken connection.

    Such a request may already have taken effect, so it could then take effect twice. Without
    it (the default, ``False``) they are retried only after a 429, or when the connection
    could not be opened. Nothing is sent.
    """
    max_concurrent_reads: int
    """GET requests one client keeps in flight at most; more wait for a slot. Default 50.

    Asana refuses (429) a token's 51st concurrent read. Nothing is sent.
    """
    max_concurrent_writes: int
    """Non-GET requests one client keeps in flight at most; more wait for a slot. Default 15.

    Asana refuses (429) a token's 16th concurrent write. Nothing is sent.
    """
    strict_models: bool
    """Raise :class:`~asana_typed.AsanaError` when an answer does not match its model.

    By default (``False``) such an answer still gives its model: each field that does not
    validate keeps the value Asana sent, and an :class:`~asana_typed.AsanaSchemaWarning`
    names it. ``True`` raises instead, naming the first problem. Nothing is sent.
    """
    extra_params: dict[str, Any]
    """Params sent beside the call's own, for keys the SDK does not declare (yet).

    A params key an operation does not declare is refused before anything is sent, naming
    the likely intended key; a key the API accepts but this SDK does not know yet (a new or
    beta parameter) goes here instead, and is sent where the call's params go (the query of
    a GET, the ``data`` of a JSON body). Default ``{}``; meant for one call's ``options=``.
    """

    def __init__(self, **options: Unpack[OptionValues]) -> None:
        set_slot = object.__setattr__
        set_slot(self, "_explicit", set())
        set_slot(self, "_version", 0)
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
            object.__setattr__(self, "_version", self._version + 1)
            self._explicit.add(name)

        def __setitem__(self, name: object, value: object) -> None:
            raise InvalidArgumentError(
                f"options are attributes, not dict keys: write options.{name} = ... (for "
                f"example client.options.page_size = 100), or pass RequestOptions({name}=...)"
            )

        def __getitem__(self, name: object) -> Any:
            raise InvalidArgumentError(
                f"options are attributes, not dict keys: read options.{name}"
            )

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
        set_slot(clone, "_version", 0)
        return clone

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RequestOptions):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _OPTIONS)

    __hash__: ClassVar[None] = None  # type: ignore[assignment]  # mutable: not hashable

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
    if headers:  # a layer's headers may have been changed in place, past the validator
        check_headers("headers", headers)
    set_slot(merged, "headers", headers)
    return merged


class ResolvedCache:
    """The options of calls made without ``options=``, merged once and kept while they hold.

    Merging the layers costs about as much as building the request; most calls pass no
    options of their own, so a client keeps the result. It holds while each layer is the same
    object, with no assignment since (``_version``) and its containers equal to what they were
    (they may be changed in place). The result is never changed after the merge: calls share it.
    """

    __slots__ = ("_kept",)

    def __init__(self) -> None:
        self._kept: tuple[tuple[_LayerState, ...], ResolvedOptions] | None = None
        """The layers' states at the last merge, and its result (one attribute: a thread
        reading it never pairs one merge's states with another's result)."""

    def resolve(self, defaults: RequestOptions, layer: RequestOptions | None) -> ResolvedOptions:
        """``merge_options(defaults, layer)``, from the last merge when nothing has changed."""
        layers = (defaults,) if layer is None else (defaults, layer)
        kept = self._kept
        if kept is not None and _unchanged(kept[0], layers):
            return kept[1]
        states = tuple(
            (each, each._version, tuple(c.copy() for c in _containers(each))) for each in layers
        )
        resolved = merge_options(defaults, layer)
        self._kept = (states, resolved)
        return resolved


_LayerState = tuple[RequestOptions, int, tuple[Any, ...]]
"""A layer, its ``_version`` and copies of its containers, when a merge read it."""


def _unchanged(states: tuple[_LayerState, ...], layers: tuple[RequestOptions, ...]) -> bool:
    if len(states) != len(layers):
        return False
    for (kept, version, copies), layer in zip(states, layers, strict=True):
        if kept is not layer or layer._version != version:
            return False
        # _containers(layer), spelt out: this runs for every call
        headers, enable, disable, extra = copies
        if (
            layer.headers != headers
            or layer.asana_enable != enable
            or layer.asana_disable != disable
            or layer.extra_params != extra
        ):
            return False
    return True


def _containers(layer: RequestOptions) -> tuple[Any, ...]:
    """A layer's container options, which may be changed in place."""
    return (layer.headers, layer.asana_enable, layer.asana_disable, layer.extra_params)
