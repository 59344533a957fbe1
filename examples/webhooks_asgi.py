"""Receive Asana webhooks in an ASGI app: a plain ASGI callable, no framework needed.

``app`` below runs under any ASGI server (``uvicorn examples.webhooks_asgi:app``) and the same
few lines fit inside a framework's route. Without ASANA_ACCESS_TOKEN this file runs a demo
against FakeAsana (on 127.0.0.1) with an AsyncClient: it serves ``app`` with a minimal
HTTP/1.1 server (standard library plus h11, which httpx already installs), creates a webhook on
a project, renames a task and prints the verified, typed events that arrive::

    python examples/webhooks_asgi.py

Against Asana, the target must be reachable from the internet over HTTPS (for example through a
tunnel forwarding to PORT); the webhook lives until you press Ctrl-C::

    ASANA_ACCESS_TOKEN=... ASANA_PROJECT_GID=... WEBHOOK_PUBLIC_URL=https://... \\
        PORT=8080 python examples/webhooks_asgi.py

The receiver is an ``AsyncWebhookReceiver``: its store may be async (``async def get`` and
``put``, over an async database driver) and so may its ``on_events`` callback.
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager, suppress
from typing import Any
from urllib.parse import unquote

import h11

from asana_typed import AsyncClient, RequestOptions
from asana_typed.testing import FakeAsana
from asana_typed.webhooks import AsyncWebhookReceiver, InMemorySecretStore, WebhookPayload

TARGET_PATH = "/webhooks/project"

Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Message, Receive, Send], Awaitable[None]]


def webhook_app(receiver: AsyncWebhookReceiver) -> ASGIApp:
    """An ASGI app answering webhook ``POST``s with ``receiver``, keyed by path."""

    async def app(scope: Message, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        if scope["method"] != "POST":
            await _respond(send, 405, {"Allow": "POST"}, b"")
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        answer = await receiver.handle(scope["path"], scope["headers"], bytes(body))
        await _respond(send, answer.status, answer.headers, answer.body)

    return app


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _respond(send: Send, status: int, headers: Mapping[str, str], body: bytes) -> None:
    pairs = [(name.lower().encode(), value.encode()) for name, value in headers.items()]
    pairs.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": pairs})
    await send({"type": "http.response.body", "body": body})


async def print_events(path: str, payload: WebhookPayload) -> None:
    """Called once per verified delivery, before it is answered: here the events are printed
    (yours would store or queue them; if this raises, Asana retries the delivery later)."""
    for event in payload:
        resource = event.resource
        what = f"{resource.resource_type} {resource.gid}" if resource else "?"
        field = f" ({event.change.field})" if event.change and event.change.field else ""
        print(f"event: {event.action} {what}{field}")


app = webhook_app(AsyncWebhookReceiver(InMemorySecretStore(), on_events=print_events))
"""The app an ASGI server runs: ``uvicorn examples.webhooks_asgi:app``."""


# -- a minimal HTTP/1.1 server for the demo (use uvicorn, hypercorn, ... in production) ---------


async def _serve_connection(
    app: ASGIApp, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    """One request on one connection, answered by ``app``; then the connection is closed."""
    connection = h11.Connection(h11.SERVER)
    request: h11.Request | None = None
    body = bytearray()
    try:
        while True:
            event = connection.next_event()
            if event is h11.NEED_DATA:
                connection.receive_data(await reader.read(65536))
            elif isinstance(event, h11.Request):
                request = event
            elif isinstance(event, h11.Data):
                body += event.data
            elif isinstance(event, h11.EndOfMessage) and request is not None:
                break
            else:
                return
        path, _, query = request.target.partition(b"?")
        scope: Message = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method.decode(),
            "scheme": "http",
            "path": unquote(path.decode("ascii")),
            "raw_path": path,
            "query_string": query,
            "headers": list(request.headers),
        }

        async def receive() -> Message:
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), (b"connection", b"close")]
                response = h11.Response(status_code=message["status"], headers=headers)
                writer.write(connection.send(response) or b"")
            elif message["type"] == "http.response.body":
                writer.write(connection.send(h11.Data(data=message.get("body", b""))) or b"")
                if not message.get("more_body"):
                    writer.write(connection.send(h11.EndOfMessage()) or b"")

        await app(scope, receive, send)
        await writer.drain()
    finally:
        writer.close()


@asynccontextmanager
async def serving(app: ASGIApp, port: int = 0) -> AsyncIterator[str]:
    """Serve ``app`` on 127.0.0.1 (``port`` 0: any free one); its base URL."""
    server = await asyncio.start_server(
        functools.partial(_serve_connection, app), "127.0.0.1", port
    )
    async with server:
        yield f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"


async def run_demo() -> None:
    """Against FakeAsana (served on 127.0.0.1, so its handshake never blocks this loop)."""
    fake = FakeAsana()
    with fake.serve() as api_url:
        options = RequestOptions(base_url=api_url)
        async with (
            AsyncClient.access_token(fake.access_token, options=options) as client,
            serving(app) as base_url,
        ):
            workspace = str(fake.workspace["gid"])
            project = await client.projects.create_project(
                {"name": "Webhook demo", "workspace": workspace}
            )
            task = await client.tasks.create_task({"name": "Draft", "projects": [project.gid]})
            webhook = await client.webhooks.create_webhook(
                {"resource": project.gid, "target": base_url + TARGET_PATH}
            )
            print(f"Webhook {webhook.gid} confirmed; its secret is stored for {TARGET_PATH}")
            await client.tasks.update_task(task.gid, {"name": "Final"})
            await asyncio.to_thread(fake.wait_for_deliveries)  # the demo's wait, fake only
            await client.webhooks.delete_webhook(webhook.gid)


async def run_against_asana(token: str) -> None:
    """Against Asana: serve on PORT, create the webhook, print events until Ctrl-C."""
    public_url = os.environ["WEBHOOK_PUBLIC_URL"].rstrip("/")
    port = int(os.environ.get("PORT", "8080"))
    async with AsyncClient.access_token(token) as client, serving(app, port):
        webhook = await client.webhooks.create_webhook(
            {"resource": os.environ["ASANA_PROJECT_GID"], "target": public_url + TARGET_PATH}
        )
        print(f"Webhook {webhook.gid} confirmed; waiting for events (Ctrl-C stops)")
        try:
            await asyncio.Event().wait()
        finally:
            await client.webhooks.delete_webhook(webhook.gid)


def main() -> None:
    token = os.environ.get("ASANA_ACCESS_TOKEN")
    with suppress(KeyboardInterrupt):
        asyncio.run(run_against_asana(token) if token else run_demo())


if __name__ == "__main__":
    main()
