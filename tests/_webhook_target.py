"""A webhook target for tests: ``examples/webhooks_http_server.py``'s loopback server, its
receiver recording every answer it gives and every delivery it hands to ``on_events``."""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from types import ModuleType

from asana_typed.webhooks import (
    Headers,
    InMemorySecretStore,
    WebhookAnswer,
    WebhookPayload,
    WebhookReceiver,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "webhooks_http_server.py"


@functools.cache
def _example() -> ModuleType:
    spec = importlib.util.spec_from_file_location("webhooks_http_server", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Target(WebhookReceiver):
    """A receiver with an in-memory store that remembers what it did; ``url`` once served."""

    def __init__(self) -> None:
        super().__init__(InMemorySecretStore(), on_events=self._record)
        self.url = ""
        self.answers: list[WebhookAnswer] = []
        self.received: list[tuple[str, WebhookPayload]] = []

    def _record(self, key: str, payload: WebhookPayload) -> None:
        self.received.append((key, payload))

    def handle(self, key: str, headers: Headers, body: bytes) -> WebhookAnswer:
        answer = super().handle(key, headers, body)
        self.answers.append(answer)
        return answer


@contextmanager
def webhook_target() -> Iterator[Target]:
    """A :class:`Target` served on ``127.0.0.1`` for the ``with`` block (``url`` has no path)."""
    target = Target()
    serving: AbstractContextManager[str] = _example().serving(target)
    with serving as target.url:
        yield target
