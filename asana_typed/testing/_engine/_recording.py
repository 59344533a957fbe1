"""The log of requests a fake received, for assertions in tests."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any

import httpx

__all__ = ["RecordedRequest", "RequestLog"]


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it, whatever happened to it next.

    ``path`` is relative to the API root (``/tasks/123``; a path outside the API root is
    kept whole), ``full_path`` is the path as sent (``/api/1.0/tasks/123``). ``query`` keeps
    the last value of each parameter. ``json`` is the parsed body, or ``None`` when the body
    is empty or not JSON. ``fault`` names the injected failure that hit the request
    (``"status"``, ``"drop"``, ``"drop_after_receiving"``, ``"delay"``) or is ``None``.
    """

    method: str
    url: str
    path: str
    full_path: str
    query: dict[str, str]
    headers: httpx.Headers
    body: bytes
    json: Any
    fault: str | None = None


def parse_json_body(body: bytes) -> Any:
    """The JSON value of a body, or ``None`` when it is empty or not JSON."""
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


class RequestLog:
    """A thread-safe, ordered list of :class:`RecordedRequest`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def append(self, request: RecordedRequest) -> None:
        """Add ``request`` at the end of the log."""
        with self._lock:
            self._items.append(request)

    def snapshot(self) -> list[RecordedRequest]:
        """A copy of the log, oldest first."""
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        """Forget every recorded request."""
        with self._lock:
            self._items.clear()
