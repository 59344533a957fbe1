"""The two maintained HTTP/1.1 parsers the transports could build on, side by side.

    python benchmarks/parsers.py [--rounds N]

Parses three answers the SDK meets (the 5 KB full task with ``Content-Length``, a page of 100
compact tasks sent chunked, a small ``users.me``) with:

- ``h11`` (pure Python; what httpx's own transport uses), as a client that sent a GET;
- ``httptools`` (llhttp, C), bare, with the callbacks a client needs;
- ``ResponseParser``, the SDK's class on llhttp, with its checks (what the transports run).

Prints microseconds per answer (best of 5 repeats) and each one's ratio to h11. The SDK chose
httptools: a fraction of h11's cost per answer, and the same refusals (``tests/test_wire_fuzz.py``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import h11
import httptools

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from payloads import render_routes

from asana_typed._http._wire import ResponseParser


def _answers() -> dict[str, bytes]:
    routes = render_routes()
    page = next(iter(routes.pages.values()))
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(page[i : i + 4096]), page[i : i + 4096])
        for i in range(0, len(page), 4096)
    )
    head = (
        b"HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Sun, 29 Nov 2026 18:00:00 GMT\r\n"
        b"Content-Type: application/json; charset=UTF-8\r\nConnection: keep-alive\r\n"
        b"X-Asana-Request-Id: 4d3c2b1a\r\nCache-Control: no-store\r\n"
    )
    return {
        "full task, 5 KB, Content-Length": head
        + b"Content-Length: %d\r\n\r\n" % len(routes.task)
        + routes.task,
        "page of 100, 12 KB, chunked": head
        + b"Transfer-Encoding: chunked\r\n\r\n"
        + chunks
        + b"0\r\n\r\n",
        "users.me, 1 KB": head
        + b"Content-Length: %d\r\n\r\n" % len(routes.user_me)
        + routes.user_me,
    }


def with_h11(data: bytes) -> None:
    connection = h11.Connection(h11.CLIENT)
    connection.send(h11.Request(method="GET", target="/", headers=[("Host", "app.asana.com")]))
    connection.send(h11.EndOfMessage())
    connection.receive_data(data)
    body = []
    while True:
        event = connection.next_event()
        if isinstance(event, h11.Data):
            body.append(event.data)
        elif isinstance(event, h11.EndOfMessage):
            return


class _Callbacks:
    __slots__ = ("body", "done", "headers")

    def __init__(self) -> None:
        self.headers: list[tuple[bytes, bytes]] = []
        self.body: list[bytes] = []
        self.done = False

    def on_header(self, name: bytes, value: bytes) -> None:
        self.headers.append((name, value))

    def on_body(self, data: bytes) -> None:
        self.body.append(data)

    def on_message_complete(self) -> None:
        self.done = True


def with_httptools(data: bytes) -> None:
    callbacks = _Callbacks()
    parser = httptools.HttpResponseParser(callbacks)
    parser.feed_data(data)
    parser.get_status_code()
    assert callbacks.done


def with_response_parser(data: bytes) -> None:
    parser = ResponseParser()
    assert parser.feed(data)


PARSERS: dict[str, Callable[[bytes], None]] = {
    "h11": with_h11,
    "httptools (llhttp)": with_httptools,
    "ResponseParser (llhttp + checks)": with_response_parser,
}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=5000, help="answers parsed per repeat")
    rounds = options.parse_args().rounds
    print(f"{'answer / parser':<44} {'us/answer':>10} {'vs h11':>8}")
    for answer, data in _answers().items():
        print(answer)
        baseline = None
        for name, parse in PARSERS.items():
            best = float("inf")
            for _ in range(5):
                started = time.perf_counter()
                for _ in range(rounds):
                    parse(data)
                best = min(best, (time.perf_counter() - started) / rounds)
            baseline = baseline or best
            print(f"  {name:<42} {best * 1e6:>10.2f} {best / baseline:>7.2f}x")


if __name__ == "__main__":
    main()
