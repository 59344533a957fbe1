"""The sans-IO HTTP/1.1 code of the SDK's transports: response parsing, request heads, lean
requests (which must put on the wire exactly what an ``httpx.Request`` would)."""

from __future__ import annotations

import datetime
import time
from typing import Any

import httpx
import pytest

from asana_typed._http._wire import (
    LAST_CHUNK,
    MAX_HEAD,
    MAX_INTERIM,
    LeanRequest,
    LeanResponse,
    Origin,
    ProtocolError,
    ResponseParser,
    _headers_from_raw_fast,
    build_response,
    chunk,
    headers_from_raw,
    lean_request,
    outgoing,
    request_head,
    wire_target,
)
from asana_typed._retry import RetryPolicy

# --- ResponseParser -------------------------------------------------------------------------


def _outcome(parser: ResponseParser) -> tuple[Any, ...]:
    return (
        parser.done,
        parser.status,
        parser.reason,
        parser.http_version,
        parser.headers,
        parser.body,
        parser.keep_alive,
    )


def _parse(data: bytes, step: int, head: bool, eof: bool) -> ResponseParser:
    parser = ResponseParser(head)
    done = False
    for start in range(0, len(data), step):
        done = parser.feed(data[start : start + step])
        if done:  # the remaining bytes (if any) still go in: they disable keep-alive
            parser.feed(data[start + step :])
            break
    if eof and not done:
        assert parser.feed_eof()
    return parser


def parse(data: bytes, head: bool = False, eof: bool = False) -> ResponseParser:
    """Parse ``data`` whole and byte by byte; both must agree."""
    whole = _parse(data, len(data) or 1, head, eof)
    bytewise = _parse(data, 1, head, eof)
    assert _outcome(whole) == _outcome(bytewise)
    assert whole.done
    return whole


def refused(data: bytes, eof: bool = False, head: bool = False) -> str:
    """The ProtocolError message for ``data``, fed whole and byte by byte (the same)."""
    messages = []
    for step in (len(data) or 1, 1):
        with pytest.raises(ProtocolError) as caught:
            _parse(data, step, head, eof)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    return messages[0]


def test_content_length_response() -> None:
    parser = parse(b"HTTP/1.1 201 Created\r\nContent-Length: 5\r\nX-A: 1\r\n\r\nhello")
    assert (parser.status, parser.reason, parser.http_version) == (201, b"Created", b"HTTP/1.1")
    assert parser.headers == [(b"Content-Length", b"5"), (b"X-A", b"1")]
    assert parser.body == b"hello"
    assert parser.keep_alive
    assert parser.received


def test_feed_returns_true_only_when_complete() -> None:
    parser = ResponseParser()

    def step(data: bytes) -> tuple[bool, bool, bool]:
        return parser.feed(data), parser.received, parser.done

    steps = [b"", b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab", b"c"]
    assert [step(data) for data in steps] == [
        (False, False, False),
        (False, True, False),
        (True, True, True),
    ]
    assert parser.body == b"abc"


def test_header_values_keep_their_case_and_lose_surrounding_whitespace() -> None:
    parser = parse(b"HTTP/1.1 200 OK\r\nX-Mixed:  \tSome Value \t\r\nEmpty:\r\n\r\n", head=True)
    assert parser.headers == [(b"X-Mixed", b"Some Value"), (b"Empty", b"")]


def test_status_line_without_a_reason() -> None:
    parser = parse(b"HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n")
    assert (parser.status, parser.reason, parser.body) == (200, b"", b"")


def test_chunked_with_extensions_and_trailers() -> None:
    data = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"5;name=value\r\nhello\r\n"
        b"6;flag\r\n world\r\n"
        b"A\r\n0123456789\r\n"
        b"0;last\r\nX-Trailer: t\r\nY-Trailer: u\r\n\r\n"
    )
    parser = parse(data)
    assert parser.body == b"hello world0123456789"
    assert parser.keep_alive
    assert parser.headers == [(b"Transfer-Encoding", b"chunked")]  # trailers are not headers


def test_chunked_without_trailers_and_an_empty_body() -> None:
    parser = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert parser.body == b"" and parser.keep_alive


def test_chunked_in_any_case_is_chunked() -> None:
    parser = parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
    assert parser.body == b"abc" and parser.keep_alive


@pytest.mark.parametrize(
    "framing",
    [
        b"Transfer-Encoding: gzip, chunked\r\n",  # the body would stay gzipped
        b"Transfer-Encoding: gzip\r\n",  # a coding we never asked for (no TE header)
        b"Transfer-Encoding: gzip\r\nContent-Length: 3\r\n",  # and a length to mistrust
        b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n",
        b"Transfer-Encoding: chunked\r\nTransfer-Encoding: \r\n",  # framing bytes would leak
        b"Transfer-Encoding: chunked, chunked\r\n",
        b"Transfer-Encoding: identity\r\n",
    ],
)
def test_transfer_codings_other_than_one_chunked_are_refused(framing: bytes) -> None:
    data = b"HTTP/1.1 200 OK\r\n" + framing + b"\r\n3\r\nabc\r\n0\r\n\r\n"
    assert "Transfer-Encoding" in refused(data, eof=True)


@pytest.mark.parametrize(
    "size", [b"zz", b"-5", b"+5", b"0x5", b"", b"5 5", b"1_0", b"\xd9\xa1", b"5\x00"]
)
def test_invalid_chunk_size(size: bytes) -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + size + b"\r\nhello\r\n"
    assert "chunk size" in refused(data).lower()


@pytest.mark.parametrize("line", [b"6 ;a=b", b"6\t;a", b"6; a"])
def test_whitespace_in_a_chunk_line_is_refused(line: bytes) -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + line + b"\r\nhello \r\n"
    assert "chunk" in refused(data).lower()


def test_chunk_extensions_too_long() -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + b"x" * MAX_HEAD
    assert "too long" in refused_in_pieces(data)


def test_chunk_without_its_crlf() -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXY0\r\n\r\n"
    assert "after chunk data" in refused(data)


def test_trailers_too_long() -> None:
    data = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: " + b"t" * MAX_HEAD
    assert "too long" in refused_in_pieces(data)


@pytest.mark.parametrize(
    "lengths",
    [
        [b"5", b"6"],
        [b"5, 6"],
        [b"5", b"5, 6"],
        [b"abc"],
        [b"-1"],
        [b""],
        [b"+5"],
        [b"0x5"],
        [b"5_0"],
        [b"5 5"],
        [b"3", b"3"],  # equal values may be refused (RFC 9110 8.6): llhttp does
        [b"3, 3"],
    ],
)
def test_invalid_or_conflicting_content_length(lengths: list[bytes]) -> None:
    head = b"".join(b"Content-Length: " + value + b"\r\n" for value in lengths)
    data = b"HTTP/1.1 200 OK\r\n" + head + b"\r\n" + b"x" * 60
    assert "content-length" in refused(data).lower()


def test_zero_content_length_completes_with_the_head() -> None:
    parser = ResponseParser()
    assert parser.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
    assert parser.body == b"" and parser.keep_alive


def refused_in_pieces(data: bytes, step: int = 997) -> str:
    """The ProtocolError message for ``data`` fed whole and in pieces (for long inputs)."""
    messages = []
    for size in (len(data), step):
        with pytest.raises(ProtocolError) as caught:
            _parse(data, size, False, False)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    return messages[0]


def _head_of_size(total: int) -> bytes:
    """A response head exactly ``total`` bytes long, blank line included."""
    start = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Pad: "
    return start + b"p" * (total - len(start) - 4) + b"\r\n\r\n"


def test_head_too_long_whole_or_in_pieces() -> None:
    assert "too long" in refused_in_pieces(_head_of_size(MAX_HEAD + 1) + b"ok")
    assert "too long" in refused_in_pieces(_head_of_size(2 * MAX_HEAD) + b"ok")
    # no end of head in sight
    assert "too long" in refused_in_pieces(b"HTTP/1.1 200 OK\r\nX: " + b"y" * (MAX_HEAD + 10))


def test_head_of_the_longest_size_accepted() -> None:
    data = _head_of_size(MAX_HEAD) + b"ok"
    for step in (len(data), 997, 4096):
        parser = _parse(data, step, False, False)
        assert parser.done and parser.body == b"ok"


def test_obsolete_folded_header_lines_are_refused() -> None:
    """llhttp refuses obs-fold; Asana never folds, and a folded line is not taken as a header."""
    data = b"HTTP/1.1 200 OK\r\nX-Folded: one\r\n  two\r\n\tthree\r\nContent-Length: 0\r\n\r\n"
    refused(data)


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 abc OK\r\n\r\n",
        b"HTTP/1.1 2000 OK\r\n\r\n",
        b"HTTP/1.1  200 OK\r\n\r\n",
        b"HTTP/2 200 OK\r\n\r\n",
        b"ICY 200 OK\r\n\r\n",
        b"garbage\r\n\r\n",
        b"HTTP/1.1\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-Space : v\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n: no name\r\n\r\n",
        b"HTTP/1.1 200 OK\r\n folded first\r\n\r\n",
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
    ],
)
def test_invalid_heads(data: bytes) -> None:
    refused(data)


def test_interim_answers_are_skipped() -> None:
    data = (
        b"HTTP/1.1 100 Continue\r\n\r\n"
        b"HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    )
    parser = parse(data)
    assert (parser.status, parser.body, parser.keep_alive) == (200, b"ok", True)
    assert parser.headers == [(b"Content-Length", b"2")]


@pytest.mark.parametrize(
    ("head", "keep_alive"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 2", True),
        (b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2", True),
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2", False),
        (b"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 2", False),
        (b"HTTP/1.1 200 OK\r\nconnection: upgrade\r\nContent-Length: 2", True),
        (b"HTTP/1.0 200 OK\r\nContent-Length: 2", False),
        (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2", False),
        (
            b"HTTP/1.0 200 OK\r\nConnection: close\r\nConnection: keep-alive\r\nContent-Length: 2",
            False,
        ),
        (
            b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\nContent-Length: 2",
            False,
        ),
        (b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive, close\r\nContent-Length: 2", False),
    ],
)
def test_keep_alive_decision(head: bytes, keep_alive: bool) -> None:
    parser = parse(head + b"\r\n\r\nok")
    assert parser.body == b"ok"
    assert parser.keep_alive is keep_alive
    assert parser.http_version == head[:8]


def test_close_delimited_body_ends_with_the_connection() -> None:
    data = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of this"
    parser = ResponseParser()
    assert not parser.feed(data)
    assert not parser.feed(b" and more")
    assert parser.feed_eof()
    assert parser.body == b"all of this and more"
    assert not parser.keep_alive
    assert parse(data, eof=True).body == b"all of this"


def test_http10_without_length_reads_to_the_close() -> None:
    parser = parse(b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nold", eof=True)
    assert parser.body == b"old" and not parser.keep_alive


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokX",
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\nX",
        b"HTTP/1.1 204 No Content\r\n\r\nX",
    ],
)
def test_bytes_after_the_response_disable_keep_alive(data: bytes) -> None:
    parser = parse(data)
    assert parser.status in (200, 204)
    assert not parser.keep_alive


def test_bytes_after_completion_disable_keep_alive_but_nothing_does_not() -> None:
    parser = ResponseParser()
    steps = [b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", b"", b"late", b""]
    progress = [(parser.feed(data), parser.keep_alive) for data in steps]
    assert progress == [(True, True), (True, True), (True, False), (True, False)]
    assert parser.body == b"ok"


@pytest.mark.parametrize(
    ("head_request", "status_line"),
    [
        (True, b"HTTP/1.1 200 OK"),
        (False, b"HTTP/1.1 204 No Content"),
        (False, b"HTTP/1.1 304 Not Modified"),
    ],
)
def test_answers_without_a_body(head_request: bool, status_line: bytes) -> None:
    for framing in (b"Content-Length: 1000\r\n", b"Transfer-Encoding: chunked\r\n", b""):
        parser = ResponseParser(head_request)
        assert parser.feed(status_line + b"\r\n" + framing + b"\r\n")
        assert parser.body == b""
        assert parser.keep_alive


def test_feed_eof_before_any_byte() -> None:
    parser = ResponseParser()
    with pytest.raises(ProtocolError, match="without answering"):
        parser.feed_eof()
    assert not parser.received


@pytest.mark.parametrize(
    "data",
    [
        b"H",
        b"HTTP/1.1 200 OK\r\nContent-Le",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Trailer: 1\r\n",
        b"HTTP/1.1 100 Continue\r\n\r\n",
    ],
)
def test_feed_eof_in_the_middle_of_an_answer(data: bytes) -> None:
    for step in (len(data), 1):
        parser = _parse(data, step, False, False)
        assert not parser.done
        with pytest.raises(ProtocolError, match="in the middle"):
            parser.feed_eof()
        assert parser.received


def test_feed_eof_after_a_complete_answer() -> None:
    parser = ResponseParser()
    assert parser.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    assert parser.feed_eof()
    assert parser.body == b"ok"


def test_build_response() -> None:
    parser = parse(
        b"HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nnope"
    )
    request = httpx.Request("GET", "http://example.org/x")
    response = build_response(parser, request, time.perf_counter() - 0.25)
    assert response.status_code == 404
    assert response.is_closed and 0.25 <= response.elapsed.total_seconds() < 5
    assert response.reason_phrase == "Not Found"
    assert response.http_version == "HTTP/1.1"
    assert response.headers["content-type"] == "text/plain"
    assert response.request is request
    assert response.read() == b"nope"


def test_request_body_chunks() -> None:
    assert chunk(b"hello") == b"5\r\nhello\r\n"
    assert chunk(b"x" * 26) == b"1a\r\n" + b"x" * 26 + b"\r\n"
    assert chunk(b"") == b""
    assert LAST_CHUNK == b"0\r\n\r\n"


# --- request_head -----------------------------------------------------------------------------


def test_request_head_renders_line_and_headers() -> None:
    head = request_head("POST", b"/a?b=c", [(b"Host", b"h"), (b"X-Empty", b"")])
    assert head == b"POST /a?b=c HTTP/1.1\r\nHost: h\r\nX-Empty: \r\n\r\n"
    assert request_head("OPTIONS", b"*", []) == b"OPTIONS * HTTP/1.1\r\n\r\n"


@pytest.mark.parametrize(
    "value",
    [
        b"a\r\nInjected: 1",
        b"a\nInjected: 1",
        b"a\rInjected: 1",
        b"a\r\n\r\nGET /other HTTP/1.1",
        b"\r\n",
        b"a\x00b",
        b"trailing\r",
    ],
)
def test_request_head_refuses_line_breaks_and_nul_in_values(value: bytes) -> None:
    with pytest.raises(httpx.LocalProtocolError):
        request_head("GET", b"/", [(b"Host", b"h"), (b"X-Value", value)])


@pytest.mark.parametrize(
    "name",
    [b"X Y", b"X:Y", b"", b"X\r\nY", b"X\nY", b"\xff", b"X(", b"X\x00", b"X\t", b"X@", b"[X]"],
)
def test_request_head_refuses_names_that_are_not_tokens(name: bytes) -> None:
    for _ in range(2):  # a refused name is never remembered as valid
        with pytest.raises(httpx.LocalProtocolError, match="header name"):
            request_head("GET", b"/", [(b"Host", b"h"), (name, b"v")])


def test_request_head_accepts_every_token_character() -> None:
    name = b"!#$%&'*+-.^_`|~09AZaz"
    assert request_head("GET", b"/", [(name, b"v")]).endswith(name + b": v\r\n\r\n")


@pytest.mark.parametrize("target", [b"/a b", b"a", b"", b"http://h/"])
def test_request_head_refuses_invalid_targets(target: bytes) -> None:
    with pytest.raises(httpx.LocalProtocolError, match="target"):
        request_head("GET", target, [(b"Host", b"h")])


# --- lean requests --------------------------------------------------------------------------

URLS = [
    "http://127.0.0.1:8080/api/1.0/users/me",
    "https://app.asana.com/api/1.0/tasks/123",
    "https://app.asana.com/api/1.0/tasks/1%2F2/stories",
    "http://localhost/",
    "http://localhost:1/x",
    "http://[::1]:8080/api/1.0/workspaces",
    "http://[::1]/a",
    "https://example.com/base~path/with-odd_chars.and!$&'()*+,;=:@/x",
    "https://example.com/a%20b/%C3%A9",
    "https://example.com//double//slashes",
    # fall back to httpx.Request: default ports, odd hosts, paths httpx would change
    "https://app.asana.com:443/api/1.0/users/me",
    "http://app.asana.com:80/api/1.0/users/me",
    "HTTPS://App.Asana.COM/api/1.0/users/me",
    "https://user:secret@example.com/api",
    "https://example.com/base path/x",
    "https://example.com/b\u00e4se/x",
    "https://example.com/a%zz/x",
    "https://example.com/a/../b/x",
    "https://example.com/a/./b/x",
    "https://b\u00fccher.example/api",
    "https://example.com/a/..",
    "https://example.com/a/.",
    "https://example.com/[x]/y",
    "https://example.com/a?already=query",
    "https://example.com/a#fragment",
    "https://example.com",
    "https://example.com:8443",
]
QUERIES: list[dict[str, str]] = [
    {},
    {"opt_fields": "name,notes,assignee.name", "limit": "100"},
    {"text": "h\u00e9llo w\u00f6rld \u2603 \U0001f600", "offset": "eyJ0eXAi+/=="},
    {"q": "a+b&c=d/e?f#g%h", "empty": ""},
    {"sp ace": "x y", "k=ey": "v&al", "/": ",", "~-._": "~-._*'()!"},
]


def _wire(request: httpx.Request) -> tuple[Origin, bytes] | str:
    try:
        return wire_target(request)
    except httpx.UnsupportedProtocol as exc:
        return type(exc).__name__


def _same_request(lean: httpx.Request, plain: httpx.Request) -> None:
    if isinstance(lean, LeanRequest):  # the head from its template, before anything reads it
        _, target = wire_target(plain)
        head = outgoing(lean).head.split(b"\r\n")
        expected = request_head(plain.method, target, plain.headers.raw).split(b"\r\n")
        assert head[0] == expected[0]  # the request line, then the same header lines
        assert sorted(head[1:]) == sorted(expected[1:])
    assert lean.method == plain.method
    assert str(lean.url) == str(plain.url)
    assert lean.url.raw_path == plain.url.raw_path
    assert lean.url == plain.url
    assert sorted(lean.headers.raw) == sorted(plain.headers.raw)
    assert lean.content == plain.content
    assert lean.read() == plain.read()
    assert _wire(lean) == _wire(plain)
    if isinstance(lean, LeanRequest):  # what goes on the wire is what httpx.Request gives
        assert (lean.origin, lean.target.encode()) == _wire(plain)


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("query", QUERIES)
def test_lean_request_is_the_httpx_request(url: str, query: dict[str, str]) -> None:
    headers = {"Accept": "application/json", "Authorization": "Bearer t"}
    lean = lean_request("GET", url, query, headers, None, {})
    plain = httpx.Request("GET", url, params=query, headers=headers)
    _same_request(lean, plain)


@pytest.mark.parametrize("method", ["GET", "DELETE", "POST", "PUT", "PATCH", "HEAD", "OPTIONS"])
@pytest.mark.parametrize("content", [None, b"", b'{"data": {"name": "x"}}'])
def test_lean_request_headers_and_content_by_method(method: str, content: bytes | None) -> None:
    url = "http://127.0.0.1:9/api/1.0/tasks"
    headers = {"Content-Type": "application/json", "X-Custom": "v"}
    lean = lean_request(method, url, {"a": "b"}, headers, content, {"timeout": {}})
    assert isinstance(lean, LeanRequest)
    plain = httpx.Request(method, url, params={"a": "b"}, headers=headers, content=content)
    _same_request(lean, plain)
    assert lean.headers["host"] == "127.0.0.1:9"
    assert lean.extensions == {"timeout": {}}
    if method in ("POST", "PUT", "PATCH") or content:
        assert lean.headers["content-length"] == str(len(content or b""))
    else:
        assert "content-length" not in lean.headers


@pytest.mark.parametrize("name", ["Host", "host", "HOST"])
def test_a_host_header_given_replaces_the_url_host(name: str) -> None:
    url = "http://127.0.0.1:9/api/1.0/users/me"
    lean = lean_request("GET", url, {}, {name: "api.example.org"}, None, {})
    plain = httpx.Request("GET", url, headers={name: "api.example.org"})
    _same_request(lean, plain)
    assert lean.headers.get_list("host") == ["api.example.org"]


def test_lean_requests_of_the_plain_kind_only() -> None:
    lean = lean_request("GET", "https://app.asana.com/api/1.0/users/me", {}, {}, None, {})
    assert isinstance(lean, LeanRequest)
    assert lean.origin == Origin("https", "app.asana.com", 443)
    assert lean.target == "/api/1.0/users/me"
    fall_back = [
        "ftp://example.com/a",
        "https://example.com:443/a",
        "https://example.com",
        "HTTPS://EXAMPLE.COM/a",
        "https://b\u00fccher.example/api",
        "https://user:secret@example.com/api",
        "https://example.com/base path/x",
        "https://example.com/b\u00e4se/x",
        "https://example.com/a/../b/x",
        "https://example.com/a/./b",
        "https://example.com/[x]/y",
        "https://example.com/a?b=c",
        "https://example.com/a#f",
    ]
    for url in fall_back:
        request = lean_request("GET", url, {"q": "1"}, {}, None, {})
        assert not isinstance(request, LeanRequest), url


def test_lean_request_url_is_parsed_once_and_read_does_not_retarget() -> None:
    lean = lean_request("GET", "http://127.0.0.1:9/a/b", {"q": "1 2"}, {}, None, {})
    assert isinstance(lean, LeanRequest)
    url = lean.url
    assert lean.url is url
    assert url.params["q"] == "1 2"
    assert wire_target(lean) == (Origin("http", "127.0.0.1", 9), b"/a/b?q=1+2")


@pytest.mark.parametrize(
    ("new_url", "expected"),
    [
        ("http://example.org:8080/other?x=y", (Origin("http", "example.org", 8080), b"/other?x=y")),
        ("https://example.org/p", (Origin("https", "example.org", 443), b"/p")),
        ("http://127.0.0.1:9/a/b", (Origin("http", "127.0.0.1", 9), b"/a/b")),
    ],
)
def test_setting_the_url_of_a_lean_request_retargets_it(
    new_url: str, expected: tuple[Origin, bytes]
) -> None:
    lean = lean_request("GET", "http://127.0.0.1:9/a/b", {"q": "1"}, {}, None, {})
    assert isinstance(lean, LeanRequest)
    assert wire_target(lean) == (Origin("http", "127.0.0.1", 9), b"/a/b?q=1")
    lean.url = httpx.URL(new_url)
    assert wire_target(lean) == expected
    assert str(lean.url) == new_url


def test_setting_an_unsupported_url_is_refused_on_sending() -> None:
    lean = lean_request("GET", "http://127.0.0.1:9/a", {}, {}, None, {})
    lean.url = httpx.URL("ftp://example.org/file")
    with pytest.raises(httpx.UnsupportedProtocol):
        wire_target(lean)


def test_wire_target_of_plain_requests() -> None:
    request = httpx.Request("GET", "http://[::1]:81/a%20b", params={"x": "y z"})
    assert wire_target(request) == (Origin("http", "::1", 81), b"/a%20b?x=y+z")
    with pytest.raises(httpx.UnsupportedProtocol):
        wire_target(httpx.Request("GET", "ws://example.org/socket"))


# --- what a hostile server tried on the hand-written parser this one replaced ----------------


@pytest.mark.parametrize(
    "data",
    [
        b"HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n",  # bare LF
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding:\r\n\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-A\x00b: 1\r\nContent-Length: 0\r\n\r\n",  # NUL in a name
        b"HTTP/1.1 200 OK\r\nX A: 1\r\nContent-Length: 0\r\n\r\n",  # a space in a name
        b"HTTP/1. 200 OK\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 000 OK\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 100 Continue\r\n\r\n" * (MAX_INTERIM + 1),
    ],
)
def test_what_rfc_9112_refuses_is_refused(data: bytes) -> None:
    refused(data, eof=True)


def test_a_lean_response_is_the_httpx_response_read_whole() -> None:
    """What the transports hand out for an answer without Content-Encoding behaves as the
    ``httpx.Response`` httpx builds and reads from the same bytes."""
    raw = (
        b"HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=latin-1\r\n"
        b"Asana-Change: name=x;affected=true\r\nX-Two: a\r\nx-two: b\r\n"
        b'Content-Length: 14\r\n\r\n{"data": "ok"}'
    )
    parser = parse(raw)
    request = httpx.Request("GET", "http://example.org/x")
    lean = build_response(parser, request, time.perf_counter() - 0.5)
    assert type(lean) is LeanResponse
    assert lean.has_header(b"asana-change") and lean.has_header(b"x-two")
    assert not lean.has_header(b"asana-changes")
    plain = httpx.Response(
        201,
        headers=parser.headers,
        content=parser.body,
        request=request,
        extensions={"http_version": b"HTTP/1.1", "reason_phrase": b"Created"},
    )
    plain.headers = httpx.Headers(parser.headers)  # content= added a Content-Length of its own
    for response in (lean, plain):
        assert response.is_closed and response.is_stream_consumed
    assert lean.headers.multi_items() == plain.headers.multi_items()
    assert lean.headers.raw == plain.headers.raw
    assert lean.headers.get_list("x-two") == ["a", "b"]
    assert (lean.status_code, lean.reason_phrase, lean.http_version) == (
        plain.status_code,
        plain.reason_phrase,
        plain.http_version,
    )
    assert (lean.encoding, lean.text, lean.json()) == (plain.encoding, plain.text, plain.json())
    assert (lean.content, lean.read(), b"".join(lean.iter_bytes())) == (
        plain.content,
        plain.read(),
        b"".join(plain.iter_bytes()),
    )
    assert lean.request is request and lean.history == [] and lean.next_request is None
    assert repr(lean) == repr(plain) == "<Response [201 Created]>"
    assert 0.5 <= lean.elapsed.total_seconds() < 5
    lean.elapsed = datetime.timedelta(seconds=2)  # as httpx's client sets it
    assert lean.elapsed == datetime.timedelta(seconds=2)
    lean.headers["asana-change"] = "x"  # headers made and changed: they are the truth
    del lean.headers["asana-change"]
    assert not lean.has_header(b"asana-change")
    lean.close()
    assert lean.is_closed


def test_every_content_encoding_line_counts() -> None:
    parser = parse(
        b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Encoding: identity\r\n"
        b"Content-Length: 0\r\n\r\n"
    )
    assert parser.encoded
    response = build_response(parser, httpx.Request("GET", "http://example.org/"), 0.0)
    assert response.headers.get_list("content-encoding") == ["gzip", "identity"]


def test_a_parsed_answer_leaves_no_reference_cycle() -> None:
    """llhttp holds its callbacks object: the parser lets go of it once the answer is whole,
    so nothing per response is left for the cycle collector (which costs every request)."""
    import gc

    gc.collect()
    gc.disable()
    try:
        for _ in range(100):
            parser = ResponseParser()
            assert parser.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            del parser
        assert gc.collect() < 10
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "raw",
    [
        [],
        [(b"Content-Type", b"application/json"), (b"Content-Length", b"2")],
        [(b"Set-Cookie", b"a=1"), (b"set-cookie", b"b=2"), (b"X-Request-Id", b"\xe9t\xe9")],
    ],
)
def test_answer_headers_are_the_headers_httpx_would_build(raw: list[tuple[bytes, bytes]]) -> None:
    built, expected = headers_from_raw(raw), httpx.Headers(raw)
    assert type(built) is httpx.Headers
    assert built.raw == expected.raw
    assert built.multi_items() == expected.multi_items()
    assert built.get_list("set-cookie") == expected.get_list("set-cookie")
    assert built.encoding == expected.encoding
    assert built == expected
    assert repr(built) == repr(expected)
    built["X-Added"] = "1"  # still an ordinary, mutable httpx.Headers
    assert built["x-added"] == "1"
    assert raw == list(raw)  # the pairs given are not changed


def test_answer_headers_take_the_fast_builder_on_the_installed_httpx() -> None:
    # the fast builder fills httpx.Headers' own fields; if a release of httpx keeps them
    # otherwise, the check at import falls back to httpx.Headers(raw) and this test says so
    assert headers_from_raw is _headers_from_raw_fast


@pytest.mark.parametrize(
    ("method", "idempotent"),
    [
        *((m, True) for m in ("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE")),
        *((m, False) for m in ("POST", "PATCH", "CONNECT")),
    ],
)
def test_the_same_methods_are_resent_and_retried(method: str, idempotent: bool) -> None:
    """A method the transport sends again on a fresh connection is one the retry policy
    retries after a 5xx: HTTP's idempotent methods, TRACE included."""
    sent = outgoing(httpx.Request(method, "http://127.0.0.1:8000/api/1.0/users/me"))
    assert sent.idempotent is idempotent
    wait = RetryPolicy(max_retries=1).wait_after_status(0, method, 503, None)
    assert (wait is not None) is idempotent
