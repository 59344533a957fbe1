"""The I/O-free core both clients drive.

``ClientCore.prepare`` turns an endpoint call (gids, params, options) into a
:class:`PreparedCall`. ``send_flow`` is a generator that says what to do next (``Send`` a
request, ``Sleep`` before a retry) and receives what happened (a response or a transport
error); it decides about retries and maps error statuses to exceptions. ``parse_result`` turns
a successful response into models, keeping what drifts from the spec (see :mod:`._drift`).
:class:`Client` and :class:`AsyncClient` only carry out the sending and the sleeping.
"""

from __future__ import annotations

import datetime as _dt
import ipaddress
import json
import logging
import platform
import sys
import time
import warnings
from collections.abc import Generator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar
from urllib.parse import quote, urlencode

import httpx
from pydantic import BaseModel, ValidationError
from pydantic_core import from_json

from ._endpoints._misuse import refuse_unknown_params
from ._http._wire import (
    BODY_METHODS,
    LeanResponse,
    RequestTemplate,
    lean_request,
    request_template,
)
from ._options import ResolvedOptions
from ._pages._iterators import PageCursor
from ._response import ApiResponse
from ._retry import RetryPolicy, is_unknown_host, parse_retry_after
from ._upload import open_files
from ._version import __version__
from .errors import (
    AsanaChangeWarning,
    AsanaConnectionError,
    AsanaError,
    AsanaSchemaWarning,
    AsanaTimeoutError,
    InvalidArgumentError,
    error_from_response,
)

if TYPE_CHECKING:
    from pydantic import TypeAdapter

    from ._endpoints._declarations import Endpoint

__all__ = [
    "ClientCore",
    "Flow",
    "PreparedCall",
    "Reply",
    "Send",
    "Sleep",
    "is_loopback_host",
    "json_default",
    "parse_result",
    "refuse_clear_text",
    "salvaged",
    "send_flow",
]

T = TypeVar("T")
logger = logging.getLogger("asana_typed")
"""Where retries are reported (a warning each: attempt, wait and cause)."""


@dataclass(frozen=True, slots=True)
class Send:
    """Command: send this request and reply with the response or the transport error.

    ``lane`` (``"read"`` or ``"write"``) and ``limit`` say how many requests of its kind the
    client may have in flight while this one is.
    """

    request: httpx.Request
    lane: str
    limit: int


@dataclass(frozen=True, slots=True)
class Sleep:
    """Command: wait this many seconds, then reply with ``None``."""

    seconds: float


R = TypeVar("R")
Command = Send | Sleep
Reply = httpx.Response | httpx.TransportError | None
Flow = Generator[Command, Reply, R]
"""A call's I/O as a generator: yields commands, is sent their replies, returns a value."""


@cache
def accept_encoding() -> str:
    """The ``Accept-Encoding`` of every request: the codings httpx can decode here.

    ``gzip`` and ``deflate`` always; ``br`` and ``zstd`` when their decoders (``brotli`` or
    ``brotlicffi``, ``zstandard``) are installed, as httpx's own clients ask.
    """
    from importlib.util import find_spec

    codings = ["gzip", "deflate"]
    if find_spec("brotli") is not None or find_spec("brotlicffi") is not None:
        codings.append("br")
    if find_spec("zstandard") is not None:
        codings.append("zstd")
    return ", ".join(codings)


def client_lib_headers() -> dict[str, str]:
    """``X-Asana-Client-Lib`` and ``User-Agent``: which SDK, Python and OS sent a request;
    ``Accept`` and ``Accept-Encoding`` (Asana's JSON compresses 4 to 20 times)."""
    info = {
        "language": "Python",
        "version": __version__,
        "language_version": platform.python_version(),
        "os": platform.system(),
        "os_version": platform.release(),
    }
    return {
        "X-Asana-Client-Lib": urlencode(info),
        "User-Agent": f"asana-typed/{__version__} python/{info['language_version']}",
        "Accept": "application/json",
        "Accept-Encoding": accept_encoding(),
    }


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (as ``httpx.URL.host`` gives it) is this machine: ``localhost``,
    127.0.0.0/8 or ``::1``. Names that merely start like one (``localhost.example.com``) are not.
    """
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return False  # ::ffff:127.0.0.1: Python 3.13 calls it loopback, older ones do not
    return address.is_loopback


@lru_cache(maxsize=64)
def _clear_text_host(url: str) -> str | None:
    """The host of a plain ``http://`` URL when it is not a loopback one, else ``None``."""
    parsed = httpx.URL(url)  # raises httpx.InvalidURL
    if parsed.scheme != "http" or is_loopback_host(parsed.host):
        return None
    return parsed.host


def refuse_clear_text(url: str, what: str) -> None:
    """Refuse ``url`` if requests to it would carry a credential unencrypted.

    Plain ``http://`` is for loopback hosts (a local mock, FakeAsana's server); any other host
    needs the client's ``allow_insecure_http=True``, which callers check before this. The
    message names the host only (a URL may hold a user and password).
    """
    try:
        host = _clear_text_host(url)
    except httpx.InvalidURL:
        raise InvalidArgumentError(f"{what} is not a valid URL") from None
    if host is not None:
        raise InvalidArgumentError(
            f"{what} is plain http:// to {host!r}, which is not a loopback host: the credential "
            "would travel unencrypted. Use https://, or make the client with "
            "allow_insecure_http=True (e.g. Client.access_token(token, "
            "allow_insecure_http=True)) if the network to that host is trusted."
        )


def encode_gid(value: object, name: str) -> str:
    """One URL path segment for ``value``; refuses anything that could reach another path."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if value.__class__ is str and value.isascii() and value.isalnum():
        return value  # a gid as Asana makes them: nothing to encode or refuse
    if not isinstance(value, str):
        hint = " (a call takes its gids first, then the params dict)"
        hint = hint if isinstance(value, dict) else ""
        raise InvalidArgumentError(f"{name} must be a str, not {type(value).__name__}{hint}")
    if value in ("", ".", ".."):
        raise InvalidArgumentError(f"{name} must be a gid, got {value!r}")
    return quote(value, safe="")


def encode_query_value(value: object) -> str:
    """Query string form of a param: booleans as ``true``/``false``, lists comma-joined."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(encode_query_value(v) for v in value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


def json_default(value: object) -> object:
    """JSON for what ``json.dumps`` does not know: dates, models (as sent), sets, tuples."""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_unset=True)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_timeouts: dict[float | None, dict[str, Any]] = {}  # httpx.Timeout(t).as_dict() by t


def _timeout_extension(timeout: float | httpx.Timeout | None) -> dict[str, Any]:
    if isinstance(timeout, httpx.Timeout):
        return {"timeout": timeout.as_dict()}
    values = _timeouts.get(timeout)
    if values is None:
        values = _timeouts[timeout] = httpx.Timeout(timeout).as_dict()
    return {"timeout": values}


@dataclass(slots=True, repr=False)
class PreparedCall:
    """Everything needed to send one endpoint call (every page of it, every attempt)."""

    endpoint: Endpoint
    options: ResolvedOptions
    url: str
    query: dict[str, str]
    headers: dict[str, str]
    content: bytes | None
    form: dict[str, Any] | None
    """Multipart fields (uploads); file values are opened by the upload flow."""
    full_payload: bool
    iterate: bool
    """Return an item iterator (a collection called with the default ``iterator_type``)."""
    raw_response: bool
    """Return an :class:`ApiResponse`: the value beside the answer it came from."""
    schema_warned: set[tuple[str, str]]
    """(operation, field) pairs the client has already warned about (see :mod:`._drift`)."""
    template: RequestTemplate | None = None
    """The encoded headers shared by the client's calls with these options (see
    :class:`._http._wire.RequestTemplate`)."""

    def __repr__(self) -> str:  # the headers may hold a credential
        return f"<PreparedCall {self.endpoint.method} {self.url}>"

    def request(
        self,
        page_query: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
    ) -> httpx.Request:
        """The HTTP request; ``page_query`` adds query params (``limit``/``offset``, ``sync``).

        ``files`` are the opened file fields of a multipart upload.
        """
        query = {**self.query, **page_query} if page_query else self.query
        extensions = _timeout_extension(self.options.timeout)
        if self.form is not None:  # multipart even without a file, as Asana expects
            opened = files or {}
            fields: dict[str, Any] = {
                key: (None, encode_query_value(value))
                for key, value in self.form.items()
                if key not in opened
            }
            fields.update(opened)
            return httpx.Request(
                self.endpoint.method,
                self.url,
                params=query,
                headers=self.headers,
                files=fields,
                extensions=extensions,
            )
        return lean_request(
            self.endpoint.method,
            self.url,
            query,
            self.headers,
            self.content,
            extensions,
            self.template,
        )

    def first_request(self) -> httpx.Request:
        """The request of a call that is not iterated (a page request for collections)."""
        if self.endpoint.shape != "page":
            return self.request()
        opts = self.options
        page_query = {"limit": str(opts.page_size)}
        if opts.offset is not None:
            page_query["offset"] = opts.offset
        return self.request(page_query)

    def page_cursor(self) -> PageCursor[Any]:
        """Fresh pagination state for iterating this call."""
        opts = self.options
        return PageCursor(opts.page_size, opts.item_limit, opts.offset)


class _CallShape(NamedTuple):
    """What :meth:`ClientCore.prepare` works out for a call apart from its path."""

    iterate: bool
    base: str
    query: dict[str, str]
    headers: dict[str, str]
    content: bytes | None
    form: dict[str, Any] | None
    template: RequestTemplate | None


class ClientCore:
    """What a client knows apart from I/O: how to build its requests (with a fixed credential)."""

    __slots__ = (
        "_allow_insecure_http",
        "_headers_kept",
        "_schema_warned",
        "_shapes",
        "_static_headers",
    )

    def __init__(
        self, authorization: str | None = None, *, allow_insecure_http: bool = False
    ) -> None:
        self._allow_insecure_http = allow_insecure_http
        """Whether ``base_url`` may be plain ``http://`` to a host other than loopback."""
        self._static_headers = client_lib_headers()
        self._schema_warned: set[tuple[str, str]] = set()
        self._headers_kept: dict[
            bool, tuple[ResolvedOptions, dict[str, str], RequestTemplate | None]
        ] = {}
        """By whether a JSON body goes: the last options, their headers and request template."""
        self._shapes: dict[tuple[Any, ...], tuple[ResolvedOptions, _CallShape]] = {}
        """By endpoint and flags: the options and shape of the last call without params."""
        if authorization is not None:  # a fixed credential travels with every request
            self._static_headers["Authorization"] = authorization

    def __repr__(self) -> str:
        return "<ClientCore>"

    def prepare(
        self,
        endpoint: Endpoint,
        args: tuple[Any, ...],
        params: Any,
        opts: ResolvedOptions,
        full_payload: bool,
        iterator_type: str | None,
        raw_response: bool = False,
    ) -> PreparedCall:
        """Check the arguments and build the call; raises before anything is sent.

        A call without params (most reads) takes everything but its path from the last such
        call of the endpoint with the same options object and flags (:meth:`_shape`).
        """
        gids, params = endpoint.bind_args(args, params)
        flags = (full_payload, iterator_type, raw_response)
        if params or opts.extra_params or endpoint.gid_param is not None:
            shape = self._shape(endpoint, gids, params, opts, *flags)
        else:
            key = (endpoint, *flags)
            kept = self._shapes.get(key)
            if kept is not None and kept[0] is opts:
                shape = kept[1]
            else:
                shape = self._shape(endpoint, gids, params, opts, *flags)
                self._shapes[key] = (opts, shape)
        path = endpoint.path
        for name, value in zip(endpoint.path_params, gids, strict=False):
            path = path.replace("{" + name + "}", encode_gid(value, name), 1)
        return PreparedCall(
            endpoint=endpoint,
            options=opts,
            url=shape.base + path,
            query=shape.query,
            headers=shape.headers,
            content=shape.content,
            form=shape.form,
            full_payload=full_payload,
            iterate=shape.iterate,
            raw_response=raw_response,
            schema_warned=self._schema_warned,
            template=shape.template,
        )

    def _shape(
        self,
        endpoint: Endpoint,
        gids: tuple[Any, ...],
        params: Mapping[str, Any],
        opts: ResolvedOptions,
        full_payload: bool,
        iterator_type: str | None,
        raw_response: bool,
    ) -> _CallShape:
        """What a call sends apart from its path: query, headers and body (never changed
        afterwards: calls may share them)."""
        if not params.keys() <= endpoint.param_keys:
            refuse_unknown_params(endpoint, params)
        if opts.extra_params:
            params = {**params, **opts.extra_params}
        iterate = endpoint.iterates(iterator_type)
        if iterator_type not in ("items", None):
            raise InvalidArgumentError(
                f"iterator_type must be 'items' or None, not {iterator_type!r}"
            )
        if iterate and (full_payload or raw_response):
            flag = "full_payload" if full_payload else "raw_response"
            raise InvalidArgumentError(
                f"{flag}=True needs iterator_type=None for collections (one page per call)"
            )
        if not self._allow_insecure_http and not opts.base_url.startswith("https://"):
            refuse_clear_text(opts.base_url, "base_url")
        for name, value in zip(endpoint.path_params, gids, strict=False):
            encode_gid(value, name)  # a bad gid is refused before a bad param value
        if endpoint.gid_param is not None:
            extra = gids[-1]
            encode_gid(extra, endpoint.gid_param)
            params = {**params, endpoint.gid_param: str(extra)}

        query: dict[str, str] = {}
        body: dict[str, Any] | None = None
        if endpoint.method in BODY_METHODS:
            body = {}
            for key, value in params.items():
                if key in endpoint.query:
                    if value is not None:
                        query[key] = encode_query_value(value)
                else:
                    body[key] = value
            if not body and endpoint.body == "none":
                body = None  # the operation takes no body and the params put nothing in it
        else:
            for key, value in params.items():
                if value is not None:
                    query[key] = encode_query_value(value)

        content: bytes | None = None
        form: dict[str, Any] | None = None
        # Params' own opt_fields are the call's field list: RequestOptions.fields then stays out.
        fields = None if "opt_fields" in query else opts.fields
        # The opt_* options ride in a JSON body the operation declares, else in the query.
        options_in_body = body is not None and endpoint.body == "json"
        if body is not None and endpoint.body == "multipart":
            form = {k: v for k, v in body.items() if v is not None}
        elif body is not None:
            envelope: dict[str, Any] = {"data": body}
            api_options = _api_options(opts, fields) if options_in_body else None
            if api_options:
                envelope["options"] = api_options
            content = json.dumps(envelope, default=json_default, separators=(",", ":")).encode()
        if not options_in_body:
            if fields is not None:
                query["opt_fields"] = ",".join(fields)
            if opts.expand is not None:
                query["opt_expand"] = ",".join(opts.expand)
            if opts.pretty is not None:
                query["opt_pretty"] = encode_query_value(opts.pretty)

        headers, template = self._headers(opts, content is not None, form is not None)
        base = opts.base_url.rstrip("/")
        return _CallShape(iterate, base, query, headers, content, form, template)

    def _headers(
        self, opts: ResolvedOptions, json_body: bool, form: bool
    ) -> tuple[dict[str, str], RequestTemplate | None]:
        """The headers of a call with these options, and their request template (none for a
        multipart upload, which httpx encodes).

        Kept from the last call with the same options object (merged options are never
        changed once made), so that a client's calls share one encoding of their headers.
        The headers are shared too: nothing changes them after this.
        """
        kept = self._headers_kept.get(json_body)
        if kept is not None and kept[0] is opts:
            headers, template = kept[1], kept[2]
        else:
            headers = dict(self._static_headers)
            headers.update(opts.headers)
            if opts.asana_enable:
                headers["Asana-Enable"] = ",".join(opts.asana_enable)
            if opts.asana_disable:
                headers["Asana-Disable"] = ",".join(opts.asana_disable)
            if json_body:
                headers["Content-Type"] = "application/json"
            template = request_template(opts.base_url, headers)
            self._headers_kept[json_body] = (opts, headers, template)
        return headers, None if form else template


def _api_options(opts: ResolvedOptions, fields: list[str] | None) -> dict[str, Any]:
    """The ``options`` object sent beside ``data`` in a JSON body."""
    api: dict[str, Any] = {}
    if fields is not None:
        api["fields"] = fields
    if opts.expand is not None:
        api["expand"] = opts.expand
    if opts.pretty is not None:
        api["pretty"] = opts.pretty
    return api


def split_args(
    endpoint: Endpoint, args: tuple[Any, ...], params: Any
) -> tuple[tuple[Any, ...], Mapping[str, Any]]:
    """Gids and params from a call's positional arguments; refuses a wrong count."""
    arity = endpoint.arity
    if len(args) == arity + 1:
        if params is not None:
            raise InvalidArgumentError(f"{endpoint.name}() got params twice")
        params = args[arity]
    elif len(args) != arity:
        raise InvalidArgumentError(
            f"{endpoint.name}() takes {arity} gid argument(s) before params, got {len(args)}"
        )
    if params is None:
        params = {}
    elif not isinstance(params, Mapping):
        raise InvalidArgumentError(
            f"{endpoint.name}() params must be a dict, not {type(params).__name__}"
        )
    return args[:arity], params


def transport_error(exc: httpx.TransportError) -> AsanaError:
    """Our error for a request that got no answer (the text names no credential)."""
    cls = AsanaTimeoutError if isinstance(exc, httpx.TimeoutException) else AsanaConnectionError
    text = _cause(exc)
    if is_unknown_host(exc):
        text += f" (no host is named {_host_of(exc)!r}: check the base_url option)"
    return cls(text)


def _host_of(exc: httpx.TransportError) -> str:
    try:
        return exc.request.url.host
    except RuntimeError:  # an error made without its request
        return "?"


def _cause(reply: httpx.Response | httpx.TransportError) -> str:
    """What went wrong with an attempt, for the log and errors (names no credential)."""
    if isinstance(reply, httpx.Response):
        return f"status {reply.status_code}"
    return f"{type(reply).__name__}: {reply}" if str(reply) else type(reply).__name__


def send_flow(call: PreparedCall, request: httpx.Request) -> Flow[httpx.Response]:
    """Send ``request`` until it succeeds, retrying as the options allow.

    Returns the successful response; raises the mapped :class:`AsanaError` otherwise.
    """
    opts = call.options
    policy: RetryPolicy | None = None  # made when an attempt fails (rarely)
    method = request.method
    if method == "GET":
        send = Send(request, "read", opts.max_concurrent_reads)
    else:
        send = Send(request, "write", opts.max_concurrent_writes)
    retries = 0
    timed = call.raw_response
    while True:
        started = time.perf_counter() if timed else 0.0
        reply = yield send
        if isinstance(reply, httpx.Response) and 200 <= reply.status_code < 300:
            warn_asana_changes(reply, opts)
            if timed and not hasattr(reply, "_elapsed"):  # a transport that set none
                reply.elapsed = _dt.timedelta(seconds=time.perf_counter() - started)
            return reply
        policy = policy or RetryPolicy(opts.max_retries, opts.retry_non_idempotent)
        if isinstance(reply, httpx.Response):
            status = reply.status_code
            retry_after = (
                parse_retry_after(reply.headers.get("retry-after")) if status == 429 else None
            )
            wait = policy.wait_after_status(retries, method, status, retry_after)
            if wait is None:
                raise error_from_response(reply, retry_after)
        elif isinstance(reply, httpx.TransportError):
            wait = policy.wait_after_exception(retries, method, reply)
            if wait is None:
                raise transport_error(reply) from reply
        else:  # pragma: no cover - a shell bug
            raise TypeError(f"send_flow expected a response, got {reply!r}")
        retries += 1
        cause = _cause(reply)
        logger.warning(
            "retrying %s %s%s (attempt %d of %d) in %.1f s after %s",
            method,
            request.url.host,
            request.url.path,
            retries + 1,
            opts.max_retries + 1,
            wait,
            cause,
            extra={"attempt": retries + 1, "wait": wait, "cause": cause},
        )
        if wait > 0:
            yield Sleep(wait)


def warn_asana_changes(response: httpx.Response, opts: ResolvedOptions) -> None:
    """Emit an :class:`AsanaChangeWarning` for each announced change affecting this request."""
    if type(response) is LeanResponse:
        if not response.has_header(b"asana-change"):
            return
    elif "asana-change" not in response.headers:
        return
    headers = response.headers
    values = headers.get_list("asana-change", split_commas=True)
    chosen = _chosen_changes(opts)
    for value in values:
        fields = dict(part.strip().split("=", 1) for part in value.split(";") if "=" in part)
        name = fields.get("name", "")
        if fields.get("affected") == "true" and name not in chosen:
            info = fields.get("info", "")
            warnings.warn(
                AsanaChangeWarning(
                    f"This request is affected by the '{name}' API change ({info}); "
                    f"opt in or out with RequestOptions(asana_enable=[...]) or asana_disable."
                ),
                stacklevel=_user_stacklevel(),
            )


def _chosen_changes(opts: ResolvedOptions) -> set[str]:
    """The changes a request opted into or out of: the options, and raw ``Asana-Enable`` /
    ``Asana-Disable`` headers in ``opts.headers`` (any case, comma-separated), as python-asana
    reads them."""
    chosen = set(opts.asana_enable) | set(opts.asana_disable)
    for name, value in opts.headers.items():
        if name.lower() in ("asana-enable", "asana-disable"):
            chosen.update(part.strip() for part in value.split(","))
    return chosen


def _user_stacklevel() -> int:
    """Stack level of the first frame outside this package (for warnings)."""
    frame = sys._getframe(1)
    level = 1
    package = __name__.rsplit(".", 1)[0]
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith(package):
        frame = frame.f_back
        level += 1
    return level


_adapters: dict[tuple[str, type[Any]], TypeAdapter[Any]] = {}  # built on first use


def _adapter(shape: str, model: type[Any]) -> TypeAdapter[Any]:
    key = (shape, model)
    adapter = _adapters.get(key)
    if adapter is None:
        target: Any
        from pydantic import TypeAdapter

        from ._pages._envelopes import DataEnvelope, Page

        if shape == "whole":
            target = model
        elif shape == "page":
            target = Page[model]  # type: ignore[valid-type]
        elif shape == "list":
            target = DataEnvelope[list[model]]  # type: ignore[valid-type]
        else:
            target = DataEnvelope[model]  # type: ignore[valid-type]
        adapter = _adapters[key] = TypeAdapter(target)
    return adapter


def decode_json(response: httpx.Response) -> dict[str, Any]:
    """The whole JSON body; an :class:`AsanaError` when it is not a JSON object.

    Parsed by pydantic-core's JSON parser, which builds the same values as ``json.loads`` in
    about 60% of the instructions; ``json.loads`` decides what that parser refuses (a lone
    surrogate escape, a byte order mark, nesting past its depth limit), so the result is
    always what ``json.loads`` would give.
    """
    content = response.content
    try:
        body = from_json(content)
    except ValueError:
        try:
            body = json.loads(content)
        except ValueError:
            body = None
    if not isinstance(body, dict):
        raise AsanaError(
            f"expected a JSON object from {response.request.method} {response.request.url.path}, "
            f"got {response.headers.get('content-type', 'no content type')}",
            status=response.status_code,
            response=response,
        )
    return body


def parse_result(call: PreparedCall, response: httpx.Response) -> Any:
    """The value a call returns: the model(s), a ``Page``, or the raw JSON (``full_payload``).

    An answer that does not match its model still gives the model (see :func:`salvaged`),
    unless the options say ``strict_models``.
    """
    if call.full_payload:
        return decode_json(response)
    endpoint = call.endpoint
    shape = endpoint.shape
    content = response.content or b'{"data": {}}'
    adapter = _adapter(shape, endpoint.model)
    try:
        value = adapter.validate_json(content)
    except ValidationError as exc:
        value = salvaged(call, response, adapter, exc)
    return value if shape in ("page", "whole") else value.data


def salvaged(
    call: PreparedCall, response: httpx.Response, adapter: TypeAdapter[Any], exc: ValidationError
) -> Any:
    """The value of an answer that failed validation, its failed fields kept as sent.

    Warns once per client, operation and field with an :class:`AsanaSchemaWarning`. Raises
    :class:`AsanaError` with ``strict_models``, or when the envelope itself is at fault.
    """
    from ._drift import salvage  # only answers that drift need it

    endpoint = call.endpoint
    body = decode_json(response)  # raises the "not JSON" error
    if exc.errors(include_url=False)[0]["type"] == "json_invalid":
        # JSON that json.loads reads and pydantic-core's parser refuses (a lone surrogate
        # escape, a byte order mark, deep nesting): validated from what json.loads read
        try:
            return adapter.validate_python(body)
        except ValidationError as again:
            exc = again
    result = None if call.options.strict_models else salvage(adapter, body, exc)
    if result is None:
        first = exc.errors()[0]
        raise AsanaError(
            f"the response of {endpoint.method} {endpoint.path} does not match "
            f"{endpoint.model.__name__}: {exc.error_count()} problem(s), first: "
            f"{first['loc']} {first['msg']}",
            status=response.status_code,
            response=response,
        ) from exc
    value, drifts = result
    operation = f"{endpoint.name} ({endpoint.method} {endpoint.path})"
    for drift in drifts:
        key = (endpoint.name, drift.where)
        if key not in call.schema_warned:
            call.schema_warned.add(key)
            warnings.warn(
                AsanaSchemaWarning(drift.describe(operation)), stacklevel=_user_stacklevel()
            )
    return value


def result_flow(call: PreparedCall) -> Flow[Any]:
    """Send a call that is not iterated and parse its answer.

    For an upload, the files are opened for the time of the request only (and rewound by
    httpx for each attempt).
    """
    if call.form is None:
        response = yield from send_flow(call, call.first_request())
    else:
        with ExitStack() as stack:
            files = open_files(call.form, stack)
            response = yield from send_flow(call, call.request(files=files))
    value = parse_result(call, response)
    return ApiResponse(value, response) if call.raw_response else value


def page_flow(call: PreparedCall, page_query: Mapping[str, str]) -> Flow[Any]:
    """Fetch and parse one page of an iterated collection."""
    response = yield from send_flow(call, call.request(page_query))
    return parse_result(call, response)
