"""HTTP/1.1 on the wire, without I/O: the lean request, request heads, response parsing.

The SDK's own transports (:mod:`._sync_transport`, :mod:`._async_transport`) share this module;
they only add sockets. Both speak plain HTTP/1.1 with keep-alive, which is all the Asana API
needs, at a fraction of the CPU a general-purpose stack spends per request (``benchmarks/``).

- :class:`LeanRequest` is an ``httpx.Request`` whose URL is parsed only if someone reads
  ``request.url``: the SDK already knows the origin and the encoded target of every request.
- :func:`request_head` renders the request line and headers, refusing a header that would
  smuggle a line break.
- :class:`ResponseParser` reads a response from bytes as they arrive, with llhttp (through
  ``httptools``) doing the parsing: ``Content-Length``, chunked, or close-delimited bodies,
  interim ``1xx`` answers skipped, keep-alive decided. ``tests/test_wire_fuzz.py`` holds it to
  h11's reading of the same bytes.
"""

from __future__ import annotations

import operator
import re
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta as _timedelta
from typing import Any, Generic, NamedTuple, Protocol, TypeVar
from urllib.parse import urlencode

import httpx

from .._retry import IDEMPOTENT_METHODS

__all__ = [
    "BODY_METHODS",
    "ConnectionPool",
    "LeanRequest",
    "LeanResponse",
    "Origin",
    "Outgoing",
    "ProtocolError",
    "RequestTemplate",
    "ResponseParser",
    "StaleConnection",
    "failure",
    "lean_request",
    "outgoing",
    "request_head",
    "request_template",
    "retry_on_fresh_connection",
    "wire_target",
]

MAX_HEAD: int = 64 * 1024
"""Longest response head (status line and headers) accepted, in bytes."""


class ProtocolError(Exception):
    """The server's answer is not valid HTTP/1.1 (the transports raise ``RemoteProtocolError``)."""


class Origin(NamedTuple):
    """Where a connection goes: one pool of connections per origin."""

    scheme: str
    host: str
    port: int


class _Base(NamedTuple):
    origin: Origin
    netloc: bytes


_bases: dict[str, _Base | None] = {}
_bases_lock = threading.Lock()
_PATH = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*")


def _base(prefix: str) -> _Base | None:
    """The origin of ``scheme://netloc`` (cached), or ``None`` when it needs httpx's parser."""
    try:
        return _bases[prefix]
    except KeyError:
        pass
    base: _Base | None = None
    try:
        url = httpx.URL(prefix)
    except httpx.InvalidURL:
        url = None
    if (
        url is not None
        and url.scheme in ("http", "https")
        and url.host
        and not url.userinfo
        and str(url).rstrip("/") == prefix
    ):
        port = url.port or (443 if url.scheme == "https" else 80)
        base = _Base(Origin(url.scheme, url.host, port), url.netloc)
    with _bases_lock:
        if len(_bases) > 256:  # a program talking to many hosts: keep the cache small
            _bases.clear()
        _bases[prefix] = base
    return base


BODY_METHODS: frozenset[str] = frozenset({"POST", "PUT", "PATCH"})
"""The methods whose requests carry a body (and a ``Content-Length``, even of 0)."""


class _BodyStream:
    """The ``stream`` of a lean request or response: an ``httpx.ByteStream`` of its
    ``_content``, made on first access (httpx's transports and readers may never ask)."""

    def __get__(self, obj: Any, owner: type[Any] | None = None) -> Any:
        if obj is None:
            return self
        stream = obj._stream
        if stream is None:
            stream = obj._stream = httpx.ByteStream(obj._content)
        return stream

    def __set__(self, obj: Any, value: Any) -> None:
        obj._stream = value


class RequestTemplate(NamedTuple):
    """What every lean request to one origin with the same headers shares, worked out once.

    A client sends most of its requests with the same headers (its credential, ``Accept``, the
    SDK's identification): their bytes are encoded and checked here once, not per request.
    """

    prefix: str
    """``scheme://netloc`` of the requests' URLs."""
    base: _Base
    raw: list[tuple[bytes, bytes]]
    """``Host``, then the headers given, as bytes, in order (never changed: requests share it)."""
    block: bytes
    """The header lines of ``raw`` as sent, each ending with CRLF (checked by
    :func:`request_head`)."""


def request_template(url: str, headers: dict[str, str]) -> RequestTemplate | None:
    """The template of lean requests with ``headers`` to the origin of ``url``.

    ``None`` when they cannot be lean (a URL or header that needs httpx's own handling, or a
    header :func:`request_head` refuses: httpx then builds and refuses the request as before).
    """
    slash = url.find("/", url.find("//") + 2)
    prefix = url[:slash] if slash > 0 else url
    base = _base(prefix)
    if base is None or any(name.lower() == "host" for name in headers):  # the caller's Host wins
        return None
    try:
        raw = [(b"Host", base.netloc)]
        raw += [(name.encode("ascii"), value.encode("ascii")) for name, value in headers.items()]
        head = request_head("GET", b"/", raw)
    except (UnicodeEncodeError, httpx.LocalProtocolError):
        return None
    return RequestTemplate(prefix, base, raw, head[head.index(b"\r\n") + 2 : -2])


class LeanRequest(httpx.Request):
    """An ``httpx.Request`` built from a :class:`RequestTemplate`: its URL is parsed and its
    ``httpx.Headers`` made only if someone reads ``request.url`` or ``request.headers``.

    Everything else is a plain ``httpx.Request`` (headers with ``Host`` and
    ``Content-Length``, content read, extensions), so any httpx transport can send it.
    """

    origin: Origin
    target: str
    """The request target: the encoded path and query, as sent on the request line."""

    def __init__(
        self,
        method: str,
        template: RequestTemplate,
        target: str,
        content: bytes | None,
        extensions: dict[str, Any],
    ) -> None:
        self.method = method
        self.origin = template.base.origin
        self.target = target
        self._url_text = template.prefix + target
        self._parsed: httpx.URL | None = None
        self._template: RequestTemplate | None = template
        body = content or b""
        self._length = b"%d" % len(body) if body or method in BODY_METHODS else None
        self._headers: httpx.Headers | None = None
        self._stream: Any = None
        self.extensions = extensions
        self._content = body

    @property
    def headers(self) -> httpx.Headers:
        """The request headers, made on first access (the transport sends the template's)."""
        made = self._headers
        if made is None:
            template = self._template
            assert template is not None  # dropped only once Headers are made or given
            raw = template.raw
            if self._length is not None:
                raw = [*raw, (b"Content-Length", self._length)]
            made = self._headers = headers_from_raw(raw)
            self._template = None  # from here on the Headers may change: they are the truth
        return made

    @headers.setter
    def headers(self, value: httpx.Headers) -> None:
        self._headers = value
        self._template = None

    stream = _BodyStream()

    def wire_head(self) -> bytes | None:
        """The request head as sent, from the template (``None`` once the headers or the URL
        may have changed: :func:`request_head` then renders them)."""
        template = self._template
        if template is None or not self.target:
            return None
        line = b"%s %s HTTP/1.1\r\n" % (self.method.encode("ascii"), self.target.encode("ascii"))
        if self._length is None:
            return line + template.block + b"\r\n"
        return line + template.block + b"Content-Length: " + self._length + b"\r\n\r\n"

    @property
    def url(self) -> httpx.URL:
        """The request URL, parsed on first access."""
        parsed = self._parsed
        if parsed is None:
            parsed = self._parsed = httpx.URL(self._url_text)
        return parsed

    @url.setter
    def url(self, value: httpx.URL) -> None:  # someone re-targets the request: drop the fast path
        self._parsed = value
        self._url_text = str(value)
        self.target = ""


def lean_request(
    method: str,
    url: str,
    query: dict[str, str],
    headers: dict[str, str],
    content: bytes | None,
    extensions: dict[str, Any],
    template: RequestTemplate | None = None,
) -> httpx.Request:
    """The request for ``url`` (``scheme://host/path``, path already encoded) and ``query``.

    A :class:`LeanRequest` when the URL is a plain ``http(s)`` one, else an ``httpx.Request``
    built the usual way. Either way the request sent is the same. ``template`` is the one of
    ``headers`` to this origin when the caller kept it (:func:`request_template`).
    """
    slash = url.find("/", url.find("//") + 2)
    if slash > 0:
        prefix = url[:slash]
        if template is None or template.prefix != prefix:
            template = request_template(prefix, headers)
        path = url[slash:]
        if (
            template is not None
            and _PATH.fullmatch(path)
            and "/." not in path  # dot segments: httpx.Request removes them
        ):
            target = path + "?" + urlencode(query) if query else path
            return LeanRequest(method, template, target, content, extensions)
    return httpx.Request(
        method, url, params=query, headers=headers, content=content, extensions=extensions
    )


def wire_target(request: httpx.Request) -> tuple[Origin, bytes]:
    """The origin to connect to and the request target of any ``httpx.Request``."""
    if isinstance(request, LeanRequest) and request.target:
        return request.origin, request.target.encode("ascii")
    url = request.url
    scheme = url.scheme
    if scheme not in ("http", "https") or not url.host:
        raise httpx.UnsupportedProtocol(f"cannot send a request to {scheme}://", request=request)
    port = url.port or (443 if scheme == "https" else 80)
    return Origin(scheme, url.host, port), url.raw_path


_valid_names: set[bytes] = set()
_NAME = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def request_head(method: str, target: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The request line and headers, ending with the blank line.

    Refuses (``httpx.LocalProtocolError``) a header name that is not a token and a value with a
    line break or NUL: a header can never add another header or end the head early. Built
    without a Python loop over the headers (names already seen valid are remembered): it runs
    for every request.
    """
    if not _valid_names.issuperset(map(_name_of, headers)):
        _check_names(headers)
    lines = b"\r\n".join(map(b": ".join, headers))
    line = b"%s %s HTTP/1.1\r\n" % (method.encode("ascii"), target)
    head = line + lines + b"\r\n\r\n" if headers else line + b"\r\n"
    breaks = len(headers) + 2 if headers else 2
    if head.count(b"\n") != breaks or head.count(b"\r") != breaks:
        raise httpx.LocalProtocolError("a header value holds a line break")
    if b"\0" in head:
        raise httpx.LocalProtocolError("a header value holds a NUL byte")
    if b" " in target or not target.startswith((b"/", b"*")):
        raise httpx.LocalProtocolError(f"invalid request target {target[:60]!r}")
    return head


_name_of = operator.itemgetter(0)


def _check_names(headers: list[tuple[bytes, bytes]]) -> None:
    """Refuse a header name that is not a token; remember the valid ones (a bounded set)."""
    for name, _ in headers:
        if name not in _valid_names:
            if not _NAME.fullmatch(name):
                raise httpx.LocalProtocolError(f"invalid header name {name!r}")
            if len(_valid_names) < 1024:
                _valid_names.add(name)


def chunk(data: bytes) -> bytes:
    """One chunk of a chunked request body (an empty ``data`` gives nothing)."""
    return b"%x\r\n%s\r\n" % (len(data), data) if data else b""


LAST_CHUNK: bytes = b"0\r\n\r\n"
"""The end of a chunked request body (a zero-size chunk, no trailers)."""

MAX_INTERIM: int = 8
"""Interim answers (``100 Continue``, ``103 Early Hints`` ...) accepted before the final one."""

_NO_BODY_STATUS = frozenset({204, 304})
_OWS = b" \t"


class _Abort(Exception):
    """Stops llhttp inside a callback (it carries on with the next message otherwise)."""


class ResponseParser:
    """A response read incrementally: :meth:`feed` bytes, then :meth:`feed_eof` on close.

    The bytes are parsed by llhttp (the parser of Node.js, through ``httptools``), which
    refuses what RFC 9112 says to refuse; this class adds the rules of a client that sent one
    request and advertised no transfer coding: only ``chunked`` framing, a status from 100 to
    599 and HTTP/1.x, a bounded head, trailers and number of interim answers, and keep-alive
    decided from every ``Connection`` header (never for an HTTP/1.0 answer).

    Both :meth:`feed` and :meth:`feed_eof` return ``True`` once the response is complete; then
    ``status``, ``reason``, ``headers`` (``(name, value)`` byte pairs as sent), ``body`` and
    ``keep_alive`` hold. Invalid input raises :class:`ProtocolError`. ``received`` tells
    whether any byte came.
    """

    __slots__ = (
        "_body_bytes",
        "_chunk_count",
        "_chunks",
        "_fed",
        "_head_request",
        "_head_size",
        "_headers_done",
        "_interim",
        "_interims",
        "_parser",
        "_until_close",
        "body",
        "done",
        "encoded",
        "headers",
        "http_version",
        "keep_alive",
        "keep_alive_timeout",
        "names",
        "reason",
        "received",
        "status",
    )

    _head_request: bool
    _parser: Any
    _chunks: list[bytes]
    _fed: int
    _body_bytes: int
    _chunk_count: int
    _head_size: int
    _headers_done: bool
    _interim: bool
    _interims: int
    _until_close: bool
    done: bool
    """The response is complete."""
    received: bool
    """Some byte of the answer came."""
    status: int
    """The status code (0 until the head is read)."""
    reason: bytes
    """The reason phrase of the status line, as sent."""
    http_version: bytes
    """The HTTP version of the status line, e.g. ``b"HTTP/1.1"``."""
    headers: list[tuple[bytes, bytes]]
    """The response headers, ``(name, value)`` byte pairs in the order sent."""
    body: bytes
    """The whole body (its bytes as sent: still encoded if ``encoded``)."""
    keep_alive: bool
    """The connection may carry another request once this response is complete."""
    names: list[bytes]
    """The header names in lower case (complete once the head is read)."""
    keep_alive_timeout: float | None
    """The ``timeout=`` of a ``Keep-Alive`` header: how long the server keeps the connection
    idle, in seconds (``None``: not announced)."""
    encoded: bool
    """The body has a ``Content-Encoding`` (gzip ...) for httpx to decode."""

    def __init__(self, head_request: bool = False) -> None:
        self._head_request = head_request
        self._parser = _new_llhttp(self)
        self._chunks = []
        self._fed = 0
        self._body_bytes = 0
        self._chunk_count = 0
        self._head_size = 0
        self._headers_done = False
        self._interim = False
        self._interims = 0
        self._until_close = False
        self.done = False
        self.received = False
        self.status = 0
        self.reason = b""
        self.http_version = b"HTTP/1.1"
        self.headers = []
        self.body = b""
        self.keep_alive = False
        self.keep_alive_timeout = None
        self.names = []
        self.encoded = False

    def feed(self, data: bytes) -> bool:
        """Take bytes from the connection; ``True`` when the response is complete."""
        if self.done:
            if data:  # bytes after the response: do not trust this connection again
                self.keep_alive = False
            return True
        if not data:
            return False
        self.received = True
        self._fed += len(data)
        try:
            self._parser.feed_data(data)
        except _httptools_errors() as exc:
            if self._complete():  # what follows the response is not for us: keep it
                self.keep_alive = False
                return True
            self._parser = None
            cause = exc.__context__
            if isinstance(cause, ProtocolError):
                raise cause from None
            raise ProtocolError(f"invalid answer: {exc}") from None
        if not self.done:
            # Bytes that are not body (head, chunk framing, trailers) are bounded: llhttp
            # keeps a header that has not ended in memory.
            framing = self._fed - self._body_bytes
            if framing > MAX_HEAD + 16 * self._chunk_count:
                which = "trailers or chunk framing" if self._headers_done else "head"
                raise ProtocolError(f"the response {which} is too long")
        return self.done

    def _complete(self) -> bool:
        return self.done  # set by the llhttp callbacks, as feed_data ran

    def feed_eof(self) -> bool:
        """The server closed the connection: ``True`` if that completes the response."""
        if self.done:
            return True
        if self._until_close and self._headers_done:
            self._finish()
            return True
        if not self.received:
            raise ProtocolError("the server closed the connection without answering")
        raise ProtocolError("the server closed the connection in the middle of its answer")

    # llhttp callbacks

    def on_message_begin(self) -> None:
        """llhttp: an answer starts (an interim one, the final one, or one too many)."""
        if self.done:
            raise _Abort  # another answer after this one: stop reading it
        self._headers_done = False
        self._head_size = 0
        self.headers = []
        self.reason = b""

    def on_status(self, reason: bytes) -> None:
        """llhttp: a piece of the reason phrase."""
        self.reason += reason  # called once per piece of the status line that came

    def on_header(self, name: bytes, value: bytes) -> None:
        """llhttp: one header (or trailer) line."""
        if not self._headers_done:  # trailers of a chunked body are not headers
            self._head_size += len(name) + len(value) + 4
            self.headers.append((name, value.rstrip(_OWS)))

    def on_chunk_header(self) -> None:
        """llhttp: a chunk size line was read."""
        self._chunk_count += 1

    def on_headers_complete(self) -> None:
        """llhttp: the head is read; check it and work out the body's framing."""
        parser = self._parser
        status: int = parser.get_status_code()
        version: str = parser.get_http_version()
        if not version.startswith("1."):
            raise ProtocolError(f"unsupported HTTP version {version!r}")
        if not 100 <= status <= 599:
            raise ProtocolError(f"invalid status code {status}")
        self._headers_done = True
        if 17 + len(self.reason) + self._head_size > MAX_HEAD:
            raise ProtocolError("the response head is too long")
        if status < 200:
            if status == 101:
                raise ProtocolError("the server switched protocols")
            self._interims += 1
            if self._interims > MAX_INTERIM:
                raise ProtocolError("too many interim answers")
            self._interim = True  # an interim answer: the real one follows
            return
        self.status = status
        self.http_version = b"HTTP/" + version.encode("ascii")
        self._body_framing(version)
        if self._head_request:  # no body follows whatever the head says
            self._until_close = False
            self._finish()

    def on_body(self, data: bytes) -> None:
        """llhttp: a piece of the body."""
        if self.done:
            self.keep_alive = False  # bytes after an answer that has no body
            return
        self._body_bytes += len(data)
        self._chunks.append(data)

    def on_message_complete(self) -> None:
        """llhttp: the answer is complete (an interim one is skipped)."""
        if self._interim:
            self._interim = False
        elif not self.done:
            self._finish()

    def _finish(self) -> None:
        self.done = True
        chunks = self._chunks
        self.body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        self._chunks = []
        self._parser = None  # llhttp holds this object: no cycle left for the collector

    def _body_framing(self, version: str) -> None:
        """Keep-alive and how the body ends, from the head (llhttp checked the lengths)."""
        length = False
        transfer: list[bytes] = []
        connection: list[bytes] = []
        encoded = False
        names = self.names = []
        for name, value in self.headers:
            lower = name.lower()
            names.append(lower)
            if lower == b"content-length":
                length = True
            elif lower == b"transfer-encoding":
                transfer += [t.strip(_OWS).lower() for t in value.split(b",")]
            elif lower == b"connection":
                connection += [t.strip(_OWS).lower() for t in value.split(b",")]
            elif lower == b"content-encoding" and not encoded:
                codings = {t.strip(_OWS).lower() for t in value.split(b",")}
                encoded = bool(codings - {b"", b"identity"})
            elif lower == b"keep-alive":
                self.keep_alive_timeout = keep_alive_timeout(value)
        if transfer and transfer != [b"chunked"]:
            raise ProtocolError(
                "unsupported Transfer-Encoding "
                f"{b', '.join(transfer).decode('ascii', 'replace')!r}: only chunked is accepted"
            )
        self.encoded = encoded
        # HTTP/1.0 keep-alive is a pre-standard extension: such a connection is not reused.
        keep_alive = version != "1.0" and b"close" not in connection
        no_body = self._head_request or self.status in _NO_BODY_STATUS
        self._until_close = not (no_body or transfer or length)
        self.keep_alive = keep_alive and not self._until_close


_llhttp_errors: tuple[type[Exception], ...] = ()
_llhttp_parser: Any = None


def _httptools_errors() -> tuple[type[Exception], ...]:
    global _llhttp_errors
    if not _llhttp_errors:
        import httptools

        _llhttp_errors = (httptools.HttpParserError,)
    return _llhttp_errors


def _new_llhttp(parser: ResponseParser) -> Any:
    """An llhttp response parser calling back ``parser`` (httptools is imported on first use)."""
    global _llhttp_parser
    if _llhttp_parser is None:
        from httptools import HttpResponseParser

        _llhttp_parser = HttpResponseParser
    return _llhttp_parser(parser)


def _headers_from_raw_slow(raw: list[tuple[bytes, bytes]]) -> httpx.Headers:
    return httpx.Headers(raw)


def _headers_from_raw_fast(raw: list[tuple[bytes, bytes]]) -> httpx.Headers:
    headers = object.__new__(httpx.Headers)
    headers._list = [(name, name.lower(), value) for name, value in raw]
    headers._encoding = None
    return headers


def _pick_headers_builder() -> Callable[[list[tuple[bytes, bytes]]], httpx.Headers]:
    """The fast builder when it makes what ``httpx.Headers(raw)`` makes, else httpx's own.

    ``httpx.Headers`` normalises every name and value it is given (about half its cost for an
    answer's headers); names and values read off the wire are bytes already. The fast builder
    fills the same private fields, so it is checked against httpx's constructor once here and
    not used if a release of httpx keeps its headers differently.
    """
    sample = [(b"Content-Type", b"application/json"), (b"X-Two", b"a"), (b"x-two", b"b")]
    try:
        fast, slow = _headers_from_raw_fast(sample), httpx.Headers(sample)
        same = (
            fast.raw == slow.raw
            and fast.multi_items() == slow.multi_items()
            and fast.get_list("x-two") == slow.get_list("x-two")
            and fast.encoding == slow.encoding
            and vars(fast) == vars(slow)
        )
    except Exception:  # pragma: no cover - a release of httpx that keeps headers otherwise
        same = False
    return _headers_from_raw_fast if same else _headers_from_raw_slow


headers_from_raw: Callable[[list[tuple[bytes, bytes]]], httpx.Headers] = _pick_headers_builder()
"""``httpx.Headers`` of name/value pairs read off the wire (bytes, in the order received)."""


class LeanResponse(httpx.Response):
    """An ``httpx.Response`` read whole off the wire, built without httpx's constructor.

    Its ``httpx.Headers`` are made on first access of ``headers``, its ``elapsed`` (a
    ``timedelta``) on first access of ``elapsed``; everything else is a read and closed
    ``httpx.Response``, as ``Response.read()`` leaves it. :meth:`has_header` answers without
    making the headers.
    """

    def __init__(self, parser: ResponseParser, request: httpx.Request, seconds: float) -> None:
        self.status_code = parser.status
        self._raw = parser.headers
        self._names = parser.names
        self._headers: httpx.Headers | None = None
        self._request = request
        self.next_request = None
        self.extensions = {"http_version": parser.http_version, "reason_phrase": parser.reason}
        self.history = []
        self.is_closed = True
        self.is_stream_consumed = True
        self.default_encoding = "utf-8"
        self._content = parser.body
        self._stream: Any = None
        self._num_bytes_downloaded = 0
        self._seconds = seconds

    @property
    def headers(self) -> httpx.Headers:
        """The response headers, made on first access."""
        made = self._headers
        if made is None:
            made = self._headers = headers_from_raw(self._raw)
        return made

    @headers.setter
    def headers(self, value: httpx.Headers) -> None:
        self._headers = value

    def has_header(self, name: bytes) -> bool:
        """Whether the answer has a header ``name`` (lower case), as the server sent it."""
        if self._headers is not None:  # made, and may have been changed since
            return name.decode("ascii") in self._headers
        return name in self._names

    stream = _BodyStream()

    @property
    def _elapsed(self) -> _timedelta:  # what httpx's ``elapsed`` property reads and sets
        return _timedelta(seconds=self._seconds)

    @_elapsed.setter
    def _elapsed(self, value: _timedelta) -> None:
        self._seconds = value.total_seconds()


def build_response(
    parser: ResponseParser, request: httpx.Request, started: float
) -> httpx.Response:
    """The ``httpx.Response`` of a complete parse; ``started`` is when sending began.

    A body without ``Content-Encoding`` is the content as it is: a :class:`LeanResponse`,
    stored as already read and closed, as ``Response.read()`` would leave it (without its
    decoder pipeline, about 20 us a response). An encoded body is left to httpx to decode when
    read. ``elapsed`` is set either way: from sending to the whole answer received.
    """
    seconds = time.perf_counter() - started
    if not parser.encoded:
        return LeanResponse(parser, request, seconds)
    response = httpx.Response(
        parser.status,
        headers=headers_from_raw(parser.headers),
        stream=httpx.ByteStream(parser.body),
        extensions={"http_version": parser.http_version, "reason_phrase": parser.reason},
        request=request,
    )
    response.elapsed = _timedelta(seconds=seconds)
    return response


KEEPALIVE_EXPIRY: float = 4.0
"""Seconds an idle connection is kept for reuse: below the 5 s idle timeout common servers
(Apache, Node.js) use, so that the server does not close it just as a request goes out."""


def timeouts(
    request: httpx.Request,
) -> tuple[float | None, float | None, float | None, float | None]:
    """The connect, read, write and pool timeouts of a request (httpx's ``timeout``
    extension)."""
    values = request.extensions.get("timeout")
    if not values:
        return None, None, None, None
    return values.get("connect"), values.get("read"), values.get("write"), values.get("pool")


def body_parts(request: httpx.Request) -> tuple[bytes | None, bool]:
    """The body if it is in memory (``None``: stream it), and whether it is sent chunked."""
    if type(request) is LeanRequest:  # its body is in memory, with a Content-Length
        return request._content, False
    chunked = "chunked" in request.headers.get("transfer-encoding", "").lower()
    try:
        content = request.content
    except httpx.RequestNotRead:
        return None, chunked
    return content, chunked


class StaleConnection(Exception):
    """A connection closed before any answer came (a kept-alive one may be tried again)."""


_TIMEOUTS = {
    "connect": httpx.ConnectTimeout,
    "write": httpx.WriteTimeout,
    "read": httpx.ReadTimeout,
}
_FAILURES = {"connect": httpx.ConnectError, "write": httpx.WriteError, "read": httpx.ReadError}


def failure(
    exc: BaseException, request: httpx.Request, phase: str, *, received: bool = False
) -> Exception:
    """The exception a transport raises for ``exc`` while connecting, writing or reading.

    A timeout is httpx's timeout of that phase; a connection that broke before any byte of the
    answer came (``received``) is a :class:`StaleConnection`, which the transport may send
    again on a fresh connection; an invalid answer is ``RemoteProtocolError``; any other
    socket error is httpx's error of that phase. The transports' own timeouts
    (``wait_until`` on asyncio) are passed in as ``TimeoutError``.
    """
    message = str(exc)
    if isinstance(exc, TimeoutError):
        return _TIMEOUTS[phase](message or f"{phase} timed out", request=request)
    if phase != "connect" and not received and isinstance(exc, (ProtocolError, ConnectionError)):
        return StaleConnection(message)
    if isinstance(exc, ProtocolError):
        return httpx.RemoteProtocolError(message, request=request)
    return _FAILURES[phase](message, request=request)


def retry_on_fresh_connection(request: httpx.Request, reused: bool, idempotent: bool) -> None:
    """After :class:`StaleConnection`: return to send again, or raise when that is unsafe.

    Only a kept-alive connection (closed by the server while idle) and only an idempotent
    method: a POST on a connection that broke may have run.
    """
    if not (reused and idempotent):
        raise httpx.RemoteProtocolError(
            "the server closed the connection without answering", request=request
        )


class Outgoing(NamedTuple):
    """What a transport needs to send a request, worked out once for all its attempts."""

    origin: Origin
    head: bytes
    content: bytes | None
    """The body when it is in memory; ``None``: iterate ``request.stream``."""
    chunked: bool
    idempotent: bool
    """Safe to send again: a GET, PUT, DELETE ... (not a POST)."""
    connect_timeout: float | None
    read_timeout: float | None
    write_timeout: float | None
    pool_timeout: float | None


def outgoing(request: httpx.Request) -> Outgoing:
    """The origin, request head, body and timeouts of ``request`` (invalid headers refused)."""
    if type(request) is LeanRequest:  # most requests: origin, body and head known already
        head = request.wire_head()
        if head is not None:
            return Outgoing(
                request.origin,
                head,
                request._content,
                False,
                request.method in IDEMPOTENT_METHODS,
                *timeouts(request),
            )
    origin, target = wire_target(request)
    content, chunked = body_parts(request)
    head = request_head(request.method, target, request.headers.raw)
    return Outgoing(
        origin,
        head,
        content,
        chunked,
        request.method in IDEMPOTENT_METHODS,
        *timeouts(request),
    )


class PooledConnection(Protocol):
    """What :class:`ConnectionPool` needs of a connection."""

    idle_since: float
    max_idle: float
    """Seconds it may stay idle and be reused (shorter when the server announced so)."""

    def usable(self, now: float) -> bool:
        """Still open, quiet and usable from here."""
        ...

    def discard(self) -> None:
        """Close it."""
        ...


C = TypeVar("C", bound=PooledConnection)

MAX_CONNECTIONS: int = 100
"""Connections one pool keeps open at most, in use or idle (httpx's default limit)."""
MAX_IDLE_CONNECTIONS: int = 65
"""Idle connections one pool keeps for reuse: as many as a client has requests in flight at
its default concurrency limits (50 reads, 15 writes), so that a busy client does not close
and reopen connections between requests (httpx keeps 20)."""
NON_IDEMPOTENT_IDLE_SHARE: float = 0.5
"""Part of its idle allowance after which a connection no longer carries a POST.

A server may close an idle connection at any moment; a POST sent on it just then is lost, and
cannot be sent again (it may have run). The fresher the connection, the rarer that is."""


def keep_alive_timeout(value: bytes) -> float | None:
    """The ``timeout=`` of a ``Keep-Alive`` response header's value, in seconds, if it has one."""
    for part in value.split(b","):
        key, _, number = part.strip().partition(b"=")
        if key.strip().lower() == b"timeout":
            try:
                return max(float(number.strip()), 0.0)
            except ValueError:
                return None
    return None


def idle_allowance(announced: float | None) -> float:
    """How long a connection may stay idle after an answer: our default, or one second less
    than the server's announced ``Keep-Alive: timeout=``, whichever is shorter."""
    if announced is None:
        return KEEPALIVE_EXPIRY
    return max(min(KEEPALIVE_EXPIRY, announced - 1.0), 0.0)


class ConnectionPool(Generic[C]):
    """Connections per origin, within httpx's default limits; safe across threads.

    Every connection holds a slot from :meth:`checkout` (which reserves one for a new
    connection) until :meth:`drop`; idle ones are kept by :meth:`checkin`, the newest reused
    first. When every slot is taken, :meth:`checkout` evicts an idle connection of another
    origin, or registers the caller's ``wake`` to be called when a slot frees.
    """

    closed: bool
    """:meth:`close` was called: nothing is kept or handed out any more."""

    def __init__(
        self, max_connections: int = MAX_CONNECTIONS, max_idle: int = MAX_IDLE_CONNECTIONS
    ) -> None:
        self._idle: dict[Origin, list[C]] = {}
        self._idle_count = 0
        self._open = 0
        self._waiters: list[Callable[[], object]] = []
        self._lock = threading.Lock()
        self._max_connections = max_connections
        self._max_idle = max_idle
        self.closed = False

    def checkout(
        self,
        origin: Origin,
        now: float,
        idempotent: bool,
        wake: Callable[[], object] | None = None,
    ) -> tuple[C | None, bool]:
        """``(connection, False)``: an idle one to reuse; ``(None, True)``: a slot is reserved
        for a new one; ``(None, False)``: none free, and ``wake`` (if given) will be called when
        one is. Callers try without ``wake`` first, and make one only when they must wait."""
        if self.closed:
            raise RuntimeError("the HTTP transport is closed")
        discarded: list[C] = []
        try:
            with self._lock:
                idle = self._idle.get(origin)
                while idle:
                    connection = idle.pop()
                    self._idle_count -= 1
                    limit = connection.max_idle
                    if not idempotent:
                        limit *= NON_IDEMPOTENT_IDLE_SHARE
                    if now - connection.idle_since <= limit and connection.usable(now):
                        return connection, False
                    discarded.append(connection)
                    self._open -= 1
                if self._open < self._max_connections:
                    self._open += 1
                    return None, True
                victim = self._oldest_idle()
                if victim is not None:  # make room: an idle connection elsewhere goes
                    discarded.append(victim)
                    return None, True  # its slot is the new connection's
                if wake is not None:
                    self._waiters.append(wake)
                return None, False
        finally:
            for connection in discarded:
                connection.discard()

    def cancel_wait(self, wake: Callable[[], object]) -> None:
        """Forget a waiter that gave up (a slot it was woken for goes to the next one)."""
        with self._lock:
            if wake in self._waiters:
                self._waiters.remove(wake)
                return
        self._wake_one()  # it was woken already: pass the free slot on

    def checkin(self, origin: Origin, connection: C, now: float, reusable: bool) -> None:
        """Give back a connection: kept for reuse if ``reusable``, else closed."""
        connection.idle_since = now
        with self._lock:
            if reusable and not self.closed and self._idle_count < self._max_idle:
                self._idle.setdefault(origin, []).append(connection)
                self._idle_count += 1
                waiter = None
            else:
                self._open -= 1
                waiter = self._pop_waiter()
        if waiter is None:
            if reusable and not self.closed:
                if self._waiters:  # one registered before the lock above is seen here
                    self._wake_one()  # an idle connection to this origin may serve it
            else:
                connection.discard()
            return
        connection.discard()
        waiter()

    def drop(self, connection: C | None) -> None:
        """Close a connection in use (or give back a reserved slot never used: ``None``)."""
        if connection is not None:
            connection.discard()
        with self._lock:
            self._open -= 1
            waiter = self._pop_waiter()
        if waiter is not None:
            waiter()

    def close(self) -> None:
        """Close every idle connection; later :meth:`checkout` calls raise ``RuntimeError``."""
        with self._lock:
            self.closed = True
            idle, self._idle = self._idle, {}
            self._open -= self._idle_count
            self._idle_count = 0
            waiters, self._waiters = self._waiters, []
        for connections in idle.values():
            for connection in connections:
                connection.discard()
        for waiter in waiters:
            waiter()

    @property
    def open_connections(self) -> int:
        """Connections holding a slot: in use, idle, or being opened."""
        return self._open

    def _oldest_idle(self) -> C | None:
        oldest: tuple[float, Origin] | None = None
        for origin, connections in self._idle.items():
            if connections and (oldest is None or connections[0].idle_since < oldest[0]):
                oldest = (connections[0].idle_since, origin)
        if oldest is None:
            return None
        self._idle_count -= 1
        return self._idle[oldest[1]].pop(0)

    def _pop_waiter(self) -> Callable[[], object] | None:
        return self._waiters.pop(0) if self._waiters else None

    def _wake_one(self) -> None:
        with self._lock:
            waiter = self._pop_waiter()
        if waiter is not None:
            waiter()

    def __iter__(self) -> Iterator[C]:
        """The idle connections (for tests and debugging)."""
        with self._lock:
            return iter([c for connections in self._idle.values() for c in connections])
