"""The builtin loopback server: pre-rendered Asana answers over HTTP/1.1 keep-alive.

Used when nginx is not installed, and always for the latency workload. Every response (status
line, headers and body) is rendered once at start, so answering a request is a lookup and one
``transport.write``: the client under test, not the server, stays the bottleneck. Parsing is
minimal (request line, ``Content-Length``); there is no pipelining support beyond answering in
order. ``--latency`` holds every answer back that many seconds with ``loop.call_later``, so
concurrent requests overlap as they would against a distant server::

    python benchmarks/server.py --port 0 --latency 0.02

Once listening it prints ``listening <port>`` on stdout.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib

from payloads import API_PREFIX, FIRST_PAGE, Routes, render_routes

__all__ = ["HttpProtocol", "Responses", "main", "serve"]

_TASK_PREFIX = f"{API_PREFIX}/tasks/".encode()
_USER_ME = f"{API_PREFIX}/users/me".encode()
_PROJECTS_PREFIX = f"{API_PREFIX}/projects/".encode()
_NOT_FOUND = b'{"errors":[{"message":"Not Found: no such route in the benchmark server"}]}'


def http_response(status: str, body: bytes) -> bytes:
    """A whole HTTP/1.1 response as Asana sends JSON."""
    head = (
        f"HTTP/1.1 {status}\r\n"
        "Content-Type: application/json; charset=UTF-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Connection: keep-alive\r\n"
        "\r\n"
    )
    return head.encode("ascii") + body


class Responses:
    """Every response, pre-rendered, and the routing from request target to response."""

    def __init__(self, routes: Routes) -> None:
        self.task = http_response("200 OK", routes.task)
        self.user_me = http_response("200 OK", routes.user_me)
        self.pages = {
            key.encode("ascii"): http_response("200 OK", body) for key, body in routes.pages.items()
        }
        self.not_found = http_response("404 Not Found", _NOT_FOUND)

    def answer(self, target: bytes) -> bytes:
        """The response to ``GET target`` (any method is answered as a GET)."""
        path, _, query = target.partition(b"?")
        if path.startswith(_TASK_PREFIX) and b"/" not in path[len(_TASK_PREFIX) :]:
            return self.task
        if path == _USER_ME:
            return self.user_me
        if path.startswith(_PROJECTS_PREFIX) and path.endswith(b"/tasks"):
            return self.pages.get(_offset(query), self.not_found)
        return self.not_found


def _offset(query: bytes) -> bytes:
    """The page key of a query: its ``offset`` value (URL-safe tokens need no decoding)."""
    for pair in query.split(b"&"):
        if pair.startswith(b"offset="):
            return pair[len(b"offset=") :]
    return FIRST_PAGE.encode("ascii")


class HttpProtocol(asyncio.Protocol):
    """One keep-alive connection: split requests off the byte stream, answer each in turn."""

    def __init__(self, responses: Responses, latency: float) -> None:
        self._responses = responses
        self._latency = latency
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while True:
            head_end = self._buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = self._buffer[:head_end]
            request_end = head_end + 4 + _content_length(head)
            if len(self._buffer) < request_end:
                return
            self._buffer = self._buffer[request_end:]
            target = head.split(b" ", 2)[1] if head.count(b" ") >= 2 else b""
            response = self._responses.answer(target)
            if self._latency > 0:
                asyncio.get_running_loop().call_later(self._latency, self._write, response)
            else:
                self._write(response)

    def _write(self, response: bytes) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(response)


def _content_length(head: bytes) -> int:
    """The request body's length (0 for the GETs the workloads send)."""
    start = head.lower().find(b"\r\ncontent-length:")
    if start < 0:
        return 0
    value = head[start + len(b"\r\ncontent-length:") :].split(b"\r\n", 1)[0]
    return int(value.strip() or 0)


async def serve(port: int, latency: float) -> None:
    """Listen on ``127.0.0.1:port`` (0: any free port), announce the port, serve forever."""
    responses = Responses(render_routes())
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: HttpProtocol(responses, latency), "127.0.0.1", port, backlog=2048
    )
    bound_port = server.sockets[0].getsockname()[1]
    print(f"listening {bound_port}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds to hold answers")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.latency))


if __name__ == "__main__":
    main()
