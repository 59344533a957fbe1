"""A webhook target for tests: a loopback HTTP server that records what it receives."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    """One POST the receiver got."""

    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """What the target does and what it got.

    ``echo``: answer the handshake with the secret. ``statuses``: the answers to the next
    deliveries, in order (200 once they run out). ``on_handshake``: called before answering
    a handshake.
    """

    url: str = ""
    echo: bool = True
    statuses: list[int] = field(default_factory=list)
    handshakes: list[Received] = field(default_factory=list)
    posts: list[Received] = field(default_factory=list)
    on_handshake: Callable[[], None] | None = None

    @property
    def secret(self) -> str:
        """The secret of the last handshake."""
        return self.handshakes[-1].headers["x-hook-secret"]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    receiver: Receiver


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        got = Received({k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
        receiver = self.server.receiver
        secret = got.headers.get("x-hook-secret")
        if secret is not None:
            receiver.handshakes.append(got)
            if receiver.on_handshake is not None:
                receiver.on_handshake()
            self.send_response(200)
            if receiver.echo:
                self.send_header("X-Hook-Secret", secret)
        else:
            receiver.posts.append(got)
            self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def webhook_receiver() -> Iterator[Receiver]:
    """A receiver listening on ``127.0.0.1`` for the ``with`` block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/hooks/1?app=test")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    try:
        yield server.receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
