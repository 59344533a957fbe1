"""Failures a test asks the fake to inject into its next requests.

Faults wait in a queue; each incoming request takes the first fault that matches its method and
path (``fnmatch`` patterns over the path below the API root, e.g. ``/tasks/*``), and a fault is
used up after ``times`` requests. The kinds:

``status``
    Answer with the given status (and ``Retry-After``) without running the request.
``drop``
    The request never reaches the API: nothing happens to the data. The in-process transport
    raises :class:`httpx.ConnectError`; the loopback server closes the connection unanswered.
``drop_after_receiving``
    The request runs (its effect happens), then the connection is lost before the answer:
    :class:`httpx.RemoteProtocolError` in-process, an unanswered close on the server.
``delay``
    The request runs, and the answer is held back for ``seconds``.
``drift``
    The request runs, and its JSON answer is changed before it is sent: each of ``changes``
    (a dotted field path such as ``assignee.name``, and a value) is set on the object in
    ``data``, or on every object of a ``data`` array: an answer that drifts from the spec.
"""

from __future__ import annotations

import fnmatch
import json
import threading
from dataclasses import dataclass
from typing import Any, Literal

from ._errors import error_body

__all__ = ["Fault", "FaultKind", "FaultQueue", "default_message", "drifted_body"]

FaultKind = Literal["status", "drop", "drop_after_receiving", "delay", "drift"]

_DEFAULT_MESSAGES = {
    400: "Invalid Request",
    401: "Not Authorized",
    402: "This feature is only available to premium users.",
    403: "Forbidden",
    404: "Not Found",
    412: "Precondition Failed",
    429: "You have made too many requests recently. Please, be chill.",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def default_message(status: int) -> str:
    """The error message the fake uses for an injected status."""
    return _DEFAULT_MESSAGES.get(status, "Error")


@dataclass
class Fault:
    """One queued failure; see the module docstring for the kinds."""

    kind: FaultKind
    remaining: int
    method: str | None = None
    path: str | None = None
    status: int = 500
    retry_after: int | float | str | None = None
    body: bytes | str | dict[str, Any] | list[Any] | None = None
    content_type: str = "application/json"
    seconds: float = 0.0
    changes: dict[str, Any] | None = None

    def matches(self, method: str, path: str) -> bool:
        """Whether a request with ``method`` and ``path`` (below the API root) is hit."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        return self.path is None or fnmatch.fnmatchcase(path, self.path)

    def response_headers(self) -> dict[str, str]:
        """Headers of an injected status answer."""
        headers = {"Content-Type": self.content_type}
        if self.retry_after is not None:
            value = self.retry_after
            headers["Retry-After"] = str(int(value)) if isinstance(value, float) else str(value)
        return headers

    def response_body(self) -> bytes:
        """Body of an injected status answer: the given one, or Asana's error JSON."""
        if self.body is None:
            return json.dumps(error_body(self.status, default_message(self.status))).encode()
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


def drifted_body(body: bytes, changes: dict[str, Any]) -> bytes:
    """``body`` (a JSON answer) with each dotted path of ``changes`` set on its ``data``
    object, or on every object of a ``data`` array; other bodies are returned as they are."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body
    data = answer.get("data") if isinstance(answer, dict) else None
    targets = data if isinstance(data, list) else [data]
    for target in targets:
        if not isinstance(target, dict):
            continue
        for path, value in changes.items():
            *parents, name = path.split(".")
            holder = target
            for parent in parents:
                child = holder.get(parent)
                if not isinstance(child, dict):
                    child = holder[parent] = {}
                holder = child
            holder[name] = value
    return json.dumps(answer).encode()


class FaultQueue:
    """Pending faults, consumed in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Queue ``fault`` behind those already waiting; ``ValueError`` if it hits nothing."""
        if fault.remaining < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._faults.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        """The first fault matching the request, counting one use; ``None`` if none."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def pending(self) -> int:
        """How many requests are still to be hit by queued faults."""
        with self._lock:
            return sum(fault.remaining for fault in self._faults)

    def clear(self) -> None:
        """Drop every pending fault."""
        with self._lock:
            self._faults.clear()
