"""Receive Asana webhooks with the standard library's ``http.server``.

Without ASANA_ACCESS_TOKEN this runs a demo against an in-process FakeAsana: it serves the
target on 127.0.0.1, creates a webhook on a project (the fake performs the handshake), renames
a task and prints the verified, typed events that arrive::

    python examples/webhooks_http_server.py

Against Asana, the target must be reachable from the internet over HTTPS (for example through
a tunnel forwarding to PORT); the webhook lives until you press Ctrl-C::

    ASANA_ACCESS_TOKEN=... ASANA_PROJECT_GID=... WEBHOOK_PUBLIC_URL=https://... \\
        PORT=8080 python examples/webhooks_http_server.py
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asana_typed import Client
from asana_typed.testing import FakeAsana
from asana_typed.webhooks import (
    InMemorySecretStore,
    WebhookEvent,
    WebhookPayload,
    WebhookReceiver,
)

TARGET_PATH = "/webhooks/project"


class WebhookHandler(BaseHTTPRequestHandler):
    """Answers every ``POST`` with the server's :class:`WebhookReceiver`, keyed by path."""

    def do_POST(self) -> None:
        assert isinstance(self.server, WebhookServer)
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        answer = self.server.receiver.handle(self.path, self.headers, body)
        self.send_response(answer.status)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the events are printed instead."""


class WebhookServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], receiver: WebhookReceiver) -> None:
        super().__init__(address, WebhookHandler)
        self.receiver = receiver


@contextmanager
def serving(receiver: WebhookReceiver, port: int = 0) -> Iterator[str]:
    """Serve ``receiver`` on 127.0.0.1 (``port`` 0: any free one) in a thread; its base URL."""
    server = WebhookServer(("127.0.0.1", port), receiver)
    stop_checks = {"poll_interval": 0.05}  # how often serve_forever looks for shutdown()
    thread = threading.Thread(target=server.serve_forever, kwargs=stop_checks, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def describe(event: WebhookEvent) -> str:
    """One line per event: what happened to which object."""
    resource = event.resource
    what = f"{resource.resource_type} {resource.gid}" if resource else "?"
    field = f" ({event.change.field})" if event.change and event.change.field else ""
    return f"{event.action} {what}{field}"


def print_events(key: str, payload: WebhookPayload) -> None:
    """The receiver's callback: called once per verified delivery."""
    for event in payload:
        print("event: " + describe(event))


def run_demo() -> None:
    """Against FakeAsana: create a webhook, rename a task, print what arrives."""
    receiver = WebhookReceiver(InMemorySecretStore(), on_events=print_events)
    fake = FakeAsana()
    with fake.client() as client, serving(receiver) as base_url:
        workspace = str(fake.workspace["gid"])
        project = client.projects.create_project({"name": "Webhook demo", "workspace": workspace})
        task = client.tasks.create_task({"name": "Draft", "projects": [project.gid]})
        webhook = client.webhooks.create_webhook(
            {"resource": project.gid, "target": base_url + TARGET_PATH}
        )
        print(f"Webhook {webhook.gid} confirmed; its secret is stored for {TARGET_PATH}")
        client.tasks.update_task(task.gid, {"name": "Final"})
        fake.wait_for_deliveries()  # the fake's handle on its deliveries: for the demo only
        client.webhooks.delete_webhook(webhook.gid)


def run_against_asana(token: str) -> None:
    """Against Asana: serve on PORT, create the webhook, print events until Ctrl-C."""
    receiver = WebhookReceiver(InMemorySecretStore(), on_events=print_events)
    public_url = os.environ["WEBHOOK_PUBLIC_URL"].rstrip("/")
    port = int(os.environ.get("PORT", "8080"))
    with serving(receiver, port), Client.access_token(token) as client:
        webhook = client.webhooks.create_webhook(
            {"resource": os.environ["ASANA_PROJECT_GID"], "target": public_url + TARGET_PATH}
        )
        print(f"Webhook {webhook.gid} confirmed; waiting for events (Ctrl-C stops)")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            client.webhooks.delete_webhook(webhook.gid)


def main() -> None:
    token = os.environ.get("ASANA_ACCESS_TOKEN")
    if token:
        run_against_asana(token)
    else:
        run_demo()


if __name__ == "__main__":
    main()
