"""Differential fuzz of the response parser against h11, a second, independent HTTP/1.1 parser.

Hypothesis builds responses from parts that matter for framing (status lines, lengths,
transfer codings, connection tokens, chunk lines, trailers, interim answers, bytes after the
answer), breaks some of them (bare LF, NUL, spaces in names, bad digits ...), and cuts the
bytes at random places. Each response goes through the SDK's parser and through h11 (acting
as the client that sent a GET). The rule:

- whatever h11 refuses, ours refuses, except for the leniencies listed in ``LENIENT``;
- whatever both accept, they read the same way: status, headers, body, keep-alive;
- ours may refuse what h11 accepts only for the reasons in ``STRICTER`` (each one something
  RFC 9112 allows a recipient to refuse).

The run is bounded (and derandomized, so CI is repeatable); ``ASANA_TYPED_FUZZ_EXAMPLES``
raises the count for a longer hunt.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import pytest

h11 = pytest.importorskip("h11")
hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from asana_typed._http._wire import ProtocolError, ResponseParser  # noqa: E402

EXAMPLES = int(os.environ.get("ASANA_TYPED_FUZZ_EXAMPLES", "1500"))


_NORMALISED = {b"transfer-encoding", b"connection"}  # h11 lower-cases their values


def _headers(raw: list[tuple[bytes, bytes]]) -> tuple[tuple[bytes, bytes], ...]:
    headers = [(bytes(name).lower(), bytes(value)) for name, value in raw]
    return tuple((n, v.lower() if n in _NORMALISED else v) for n, v in headers)


@dataclass(frozen=True)
class Outcome:
    """What a parser made of the bytes: an answer, a refusal, or not enough bytes."""

    kind: str  # "answer", "refused", "incomplete"
    status: int = 0
    headers: tuple[tuple[bytes, bytes], ...] = ()
    body: bytes = b""
    keep_alive: bool = False
    after: bytes = b""
    """Bytes that came after the answer (h11 keeps them apart)."""


def ours(pieces: list[bytes], eof: bool) -> Outcome:
    parser = ResponseParser()
    try:
        done = False
        for piece in pieces:
            done = parser.feed(piece)
        if not done:
            if not eof:
                return Outcome("incomplete")
            parser.feed_eof()
    except ProtocolError:
        return Outcome("refused")
    return Outcome(
        "answer", parser.status, _headers(parser.headers), parser.body, parser.keep_alive
    )


def oracle(pieces: list[bytes], eof: bool) -> Outcome:
    """h11 as the client of one GET; keep-alive only when nothing followed the answer."""
    connection = h11.Connection(h11.CLIENT)
    connection.send(h11.Request(method="GET", target="/", headers=[("Host", "example.org")]))
    connection.send(h11.EndOfMessage())
    status, body = 0, b""
    headers: tuple[tuple[bytes, bytes], ...] = ()
    try:
        for piece in pieces:
            connection.receive_data(piece)
        if eof:
            connection.receive_data(b"")
        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA:
                return Outcome("incomplete")
            if isinstance(event, h11.Response):
                status = event.status_code
                headers = _headers(list(event.headers.raw_items()))
            elif isinstance(event, h11.Data):
                body += bytes(event.data)
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                return Outcome("incomplete")
    except h11.RemoteProtocolError:
        return Outcome("refused")
    trailing, _ = connection.trailing_data  # a close after a whole answer is news for later
    names = {header[0] for header in headers}
    until_close = not names & {b"content-length", b"transfer-encoding"} and status not in (204, 304)
    keep_alive = connection._cstate.keep_alive and not trailing and not until_close
    return Outcome("answer", status, headers, body, keep_alive, bytes(trailing))


# ----------------------------------------------------------------------------- generation

LETTERS = "abcdefghijklmnopqrstuvwxyz"
TOKEN = st.text(alphabet=LETTERS + LETTERS.upper() + "0123456789-", min_size=1, max_size=12)
VALUE = st.text(alphabet=" abcdefghijklmnopqrstuvwxyz0123456789,;=/.-\t", max_size=20)


@st.composite
def response_bytes(draw: st.DrawFn) -> tuple[bytes, set[str]]:
    """The bytes of one answer (with possible interim answers first), and its quirks."""
    quirks: set[str] = set()
    eol = b"\r\n"
    if draw(st.integers(0, 20)) == 0:
        eol = b"\n"
        quirks.add("bare LF")
    version = draw(
        st.sampled_from([b"HTTP/1.1"] * 8 + [b"HTTP/1.0", b"HTTP/1.", b"HTTP/2.0", b"HTTP/1.1 "])
    )
    if version == b"HTTP/2.0":
        quirks.add("major version")
    status = draw(
        st.sampled_from([200, 200, 201, 204, 304, 404, 500, 100, 103, 101, 0, 99, 999, 600])
    )
    if status > 599:
        quirks.add("status above 599")
    reason = draw(st.sampled_from([b" OK", b"", b" Not Found", b" A reason with spaces"]))
    body = draw(st.binary(max_size=40))
    framing = draw(st.sampled_from(["length", "chunked", "close", "none"]))
    headers: list[tuple[bytes, bytes]] = []
    if framing == "length":
        length = len(body) + draw(st.sampled_from([0, 0, 0, 1, -1]))
        text = str(max(length, 0)).encode()
        form = draw(st.integers(0, 12))
        if form == 0:
            text = text + b", " + text
            quirks.add("length list")
        elif form == 1:
            headers.append((b"Content-Length", text))
            quirks.add("length twice")
        elif form == 2:
            text = b"+" + text
        headers.append((b"Content-Length", text))
    elif framing == "chunked":
        headers.append(
            (
                b"Transfer-Encoding",
                draw(st.sampled_from([b"chunked"] * 6 + [b"Chunked", b"gzip, chunked", b"gzip"])),
            )
        )
        if draw(st.integers(0, 10)) == 0:
            headers.append((b"Transfer-Encoding", b""))
    for _ in range(draw(st.integers(0, 3))):
        name = draw(
            st.sampled_from([b"Connection", b"Content-Encoding", b"X-Asana-Request-Id"])
            | TOKEN.map(str.encode)
        )
        value = draw(
            st.sampled_from([b"close", b"keep-alive", b"Keep-Alive, close", b"upgrade", b"gzip"])
            | VALUE.map(str.encode)
        )
        headers.append((name, value))
    mutation = draw(st.integers(0, 14))
    if mutation == 0:
        headers.append((b"X Bad", b"1"))
    elif mutation == 1:
        headers.append((b"X-Nul\x00", b"1"))
    elif mutation == 2:
        headers.append((b"X-Value", b"a\x00b"))
    elif mutation == 3:
        headers.append((b"X-Space ", b"1"))
    elif mutation == 4:
        headers.append((b"X-Fold", b"a" + eol + b" b"))
        quirks.add("obs-fold")
    elif mutation == 5:
        headers.append((b"", b"no name"))
    closes = version == b"HTTP/1.0" or any(
        n == b"Connection" and b"close" in v.lower() for n, v in headers
    )
    if status < 200 and closes:
        quirks.add("interim close")  # llhttp then refuses what follows; h11 reads on
    data = version + b" " + b"%03d" % status + reason + eol
    data += b"".join(name + b": " + value + eol for name, value in headers) + eol
    if framing == "chunked":
        for piece in (body[:7], body[7:]):
            if piece:
                size = b"%x" % len(piece)
                if draw(st.integers(0, 15)) == 0:
                    size = b"0" * draw(st.integers(1, 40)) + size
                    quirks.add("long chunk size")
                data += size + draw(st.sampled_from([b"", b"", b";ext=1", b" ;ext"])) + eol
                data += piece + draw(st.sampled_from([eol] * 6 + [b"", b"XX"]))
        data += b"0" + eol
        if draw(st.booleans()):
            data += b"X-Trailer: t" + eol
        data += eol
    elif framing in ("length", "close"):
        data += body
    interim = draw(st.integers(0, 6))
    if interim == 1:
        data = b"HTTP/1.1 100 Continue" + eol + eol + data
    elif interim == 2:
        data = b"HTTP/1.1 103 Early Hints" + eol + b"Link: </a>" + eol + eol + data
    if draw(st.integers(0, 8)) == 0:
        after = draw(st.sampled_from([b"X", b"HTTP/1.1 200 OK\r\n\r\n", b"\r\n"]))
        data += after
        if after == b"\r\n":
            quirks.add("empty line after")
    return data, quirks


# Where ours refuses what h11 takes: RFC 9112 lets a recipient refuse each of these.
STRICTER = {
    "bare LF",
    "obs-fold",
    "length list",
    "length twice",
    "major version",
    "status above 599",
    "interim close",
}
# An empty line after an answer: llhttp reads it as the (allowed) empty line before the next
# one and keeps the connection; h11 sees bytes after the answer. Either is safe: the next
# answer is read by a new parser, and a connection with unread bytes is never reused.
SAME_BUT_KEEP_ALIVE = {"empty line after"}
EMPTY_LINES = re.compile(rb"\r?\n\r?\n[\r\n]+\Z")
# Where ours takes what h11 refuses: both readings are RFC-valid, none is ambiguous.
LENIENT = {"long chunk size"}  # h11 bounds the digits of a chunk size; llhttp checks overflow


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(response_bytes(), st.lists(st.integers(1, 64), max_size=6), st.booleans())
def test_the_parser_agrees_with_h11(
    generated: tuple[bytes, set[str]], cuts: list[int], eof: bool
) -> None:
    data, quirks = generated
    pieces, rest = [], data
    for cut in cuts:
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    pieces = [piece for piece in pieces if piece]  # an empty piece would be EOF to h11
    mine, theirs = ours(pieces, eof), oracle(pieces, eof)
    if mine == theirs or mine == Outcome(**{**theirs.__dict__, "after": b""}):
        return
    if (
        mine == Outcome(**{**theirs.__dict__, "after": b"", "keep_alive": True})
        and theirs.after
        and not theirs.after.strip(b"\r\n")
    ):
        return  # only CR/LF after the answer: llhttp reads them as empty lines before the next
    if mine.kind == "refused" and quirks & STRICTER:
        return
    if (
        mine.kind == "refused"
        and theirs.kind == "incomplete"
        and oracle([*pieces, b"\r\n\r\n"], True).kind == "refused"
    ):
        return  # llhttp refuses a bad byte at once; h11 waits for the end of its line
    if theirs.kind == "refused" and quirks & LENIENT and mine.kind == "answer":
        return
    if quirks & SAME_BUT_KEEP_ALIVE:
        if mine.kind == theirs.kind == "answer" and (mine.status, mine.headers, mine.body) == (
            theirs.status,
            theirs.headers,
            theirs.body,
        ):
            return
        if mine.kind == "incomplete" and theirs.kind == "refused":
            return  # after an interim answer: llhttp skips the empty line, waits for more
    if mine.kind == "incomplete" and theirs.kind == "refused" and re.search(EMPTY_LINES, data):
        return  # the same, with CR/LF bytes that the generator drew as a body
    raise AssertionError(f"{data!r} cut at {cuts} eof={eof}: ours {mine}, h11 {theirs}")
