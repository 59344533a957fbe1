"""A webhook target built from ``asana_typed.webhooks``: a loopback ``http.server`` whose every
``POST`` is answered by a :class:`WebhookReceiver`, keyed by the request path."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asana_typed.webhooks import WebhookAnswer, WebhookReceiver


@dataclass
class Target:
    """The receiver behind the server, its base URL, and every answer it gave."""

    receiver: WebhookReceiver
    url: str = ""
    answers: list[WebhookAnswer] = field(default_factory=list)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    target: Target


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        answer = self.server.target.receiver.handle(self.path, self.headers.items(), body)
        self.server.target.answers.append(answer)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@contextmanager
def webhook_target(receiver: WebhookReceiver) -> Iterator[Target]:
    """``receiver`` served on ``127.0.0.1`` for the ``with`` block (``url`` has no path)."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.target = Target(receiver, url=f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.start()
    try:
        yield server.target
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
