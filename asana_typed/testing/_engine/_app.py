"""The fake's request handling, free of I/O: bytes in, an :class:`Outcome` out.

The transport and the loopback server both hand every request to :meth:`FakeApp.handle`, which

1. records it in the request log,
2. applies the next matching injected fault (see :mod:`._faults`),
3. authenticates it (401 ``Not Authorized`` without a known credential),
4. finds the route (404 ``No matching route for request``),
5. unwraps the body (``{"data": ..., "options": ...}``; form bodies are accepted too),
6. refuses (403) a request naming an object of a workspace the caller is not a member of
   (see :mod:`._permissions`),
7. runs the handler under the store lock, turning :class:`ApiError` into Asana's error JSON.

Paths outside the API root that have an entry in ``outside_routes`` (the OAuth endpoints,
``/-/oauth_*``, see :mod:`.._handlers.oauth`; attachment downloads under the prefix
``/-/attachments/``) skip steps 3 to 7: their handler answers them.

The :class:`Outcome` tells the caller what to do on the wire: answer, wait first, or drop the
connection.
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl
from uuid import uuid4

import httpx

from ._auth import Credentials
from ._call import Call, Reply, error_reply
from ._concurrency import ConcurrencyLimiter
from ._errors import ApiError
from ._faults import Fault, FaultQueue, drifted_body
from ._multipart import parse_form_data
from ._permissions import check_access
from ._recording import RecordedRequest, RequestLog, parse_json_body
from ._render import FieldTree, parse_fields
from ._router import Router
from ._state import Store

__all__ = ["API_ROOT", "FakeApp", "Outcome", "OutsideHandler"]

API_ROOT: str = "/api/1.0"
"""Path of the API root on the fake's host; endpoint paths are below it."""
_JSON_TYPE = "application/json; charset=UTF-8"


@dataclass(frozen=True)
class Outcome:
    """What to send back: a response, possibly delayed, or a dropped connection.

    ``drop`` is ``"before"`` when the request must look as if it never arrived (nothing ran)
    and ``"after"`` when it ran but the answer is lost.
    """

    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    delay: float = 0.0
    drop: Literal["before", "after"] | None = None


@dataclass(frozen=True)
class _Body:
    data: dict[str, Any]
    fields: FieldTree | None
    pretty: bool


OutsideHandler = Callable[[str, httpx.URL, httpx.Headers, bytes], Outcome]
"""Answers a request outside the API root: (method, url, headers, body) -> outcome."""


class FakeApp:
    """Routes requests to endpoint handlers over a shared store."""

    store: Store
    """The data every handler reads and changes."""
    credentials: Credentials
    """The known access tokens and API keys, and whose they are."""
    faults: FaultQueue
    """Failures waiting to hit the next matching requests."""
    log: RequestLog
    """Every request received, in order."""
    router: Router
    """The API's routes."""
    limiter: ConcurrencyLimiter
    """Concurrency limits per credential and the latency of every answer."""
    outside_routes: dict[str, OutsideHandler]
    """Handlers for full paths outside the API root (the OAuth endpoints), by path.

    A key ending in ``/`` is a prefix: it answers every path directly below it.
    """
    announced_changes: list[tuple[str, str | None]]
    """``Asana-Change`` values (``name=...;info=...;affected=true``) and the ``fnmatch``
    pattern of the paths they apply to (``None``: every path)."""

    def __init__(
        self,
        *,
        store: Store,
        credentials: Credentials,
        faults: FaultQueue,
        log: RequestLog,
        router: Router,
    ) -> None:
        self.store = store
        self.credentials = credentials
        self.faults = faults
        self.log = log
        self.router = router
        self.limiter = ConcurrencyLimiter()
        self.outside_routes = {}
        self.announced_changes = []

    def handle(
        self,
        method: str,
        url: httpx.URL,
        headers: httpx.Headers,
        body: bytes,
        *,
        over_limit: bool = False,
    ) -> Outcome:
        """Process one request and describe the answer.

        ``over_limit`` marks a request refused by the concurrency limits: it is logged and
        answered 429 with ``Retry-After: 1`` without running.
        """
        method = method.upper()
        full_path = url.raw_path.split(b"?", 1)[0].decode("ascii", "replace")
        path = _below_api_root(full_path)
        query: dict[str, str] = {}
        for key, value in url.params.multi_items():
            query[key] = value
        if over_limit:
            fault: Fault | None = Fault("status", 1, status=429, retry_after=1)
        else:
            fault = self.faults.take(method, path if path is not None else full_path)
        self.log.append(
            RecordedRequest(
                method=method,
                url=str(url),
                path=path if path is not None else full_path,
                full_path=full_path,
                query=query,
                headers=httpx.Headers(headers),
                body=body,
                json=parse_json_body(body),
                fault=fault.kind if fault else None,
            )
        )
        if fault is not None and fault.kind == "drop":
            return Outcome(drop="before")
        if fault is not None and fault.kind == "status":
            return _injected(fault)
        outside = self._outside_route(full_path) if path is None else None
        if outside is not None:
            outcome = outside(method, url, headers, body)
        else:
            outcome = self._respond(method, url, path, query, headers, body)
            if self.announced_changes and 200 <= outcome.status < 300:
                outcome = self._announce(outcome, path)
        if fault is not None and fault.kind == "drop_after_receiving":
            return Outcome(drop="after")
        if fault is not None and fault.kind == "delay":
            return Outcome(outcome.status, outcome.headers, outcome.body, delay=fault.seconds)
        if fault is not None and fault.kind == "drift" and fault.changes:
            body = drifted_body(outcome.body, fault.changes)
            return Outcome(outcome.status, outcome.headers, body, outcome.delay, outcome.drop)
        return outcome

    def _announce(self, outcome: Outcome, path: str | None) -> Outcome:
        """``outcome`` with the ``Asana-Change`` header of the changes affecting ``path``."""
        changes = [
            value
            for value, pattern in self.announced_changes
            if pattern is None or (path is not None and fnmatch.fnmatchcase(path, pattern))
        ]
        if not changes:
            return outcome
        headers = [*outcome.headers, ("Asana-Change", ", ".join(changes))]
        return Outcome(outcome.status, headers, outcome.body, outcome.delay, outcome.drop)

    def _outside_route(self, full_path: str) -> OutsideHandler | None:
        """The handler for a path outside the API root; keys ending in ``/`` are prefixes."""
        handler = self.outside_routes.get(full_path)
        if handler is None:
            prefix = full_path[: full_path.rfind("/") + 1]
            handler = self.outside_routes.get(prefix) if prefix else None
        return handler

    def _respond(
        self,
        method: str,
        url: httpx.URL,
        path: str | None,
        query: dict[str, str],
        headers: httpx.Headers,
        body: bytes,
    ) -> Outcome:
        pretty = query.get("opt_pretty") == "true"
        try:
            user_gid = self.credentials.authenticate(headers)
            if user_gid is None:
                raise ApiError(401, "Not Authorized")
            if path is None:
                raise ApiError(404, "No matching route for request")
            route, params = self.router.resolve(method, path)
            parsed = _parse_body(body, headers.get("content-type", ""))
            pretty = pretty or parsed.pretty
            fields = parse_fields(query["opt_fields"]) if "opt_fields" in query else parsed.fields
            call = Call(
                store=self.store,
                method=method,
                path=path,
                path_params=params,
                query=query,
                data=parsed.data,
                fields=fields,
                user_gid=user_gid,
                base_url=f"{url.scheme}://{url.netloc.decode('ascii')}{API_ROOT}",
            )
            with self.store.locked():
                check_access(self.store, user_gid, params, query, parsed.data)
                reply = route.handler(call)
        except Exception as error:  # an ApiError, or a bug in the fake
            reply = error_reply(error)
        return _encode(reply, pretty)


def _below_api_root(full_path: str) -> str | None:
    """The path below ``/api/1.0``, or ``None`` for a path outside the API."""
    if full_path == API_ROOT:
        return "/"
    if full_path.startswith(API_ROOT + "/"):
        return full_path[len(API_ROOT) :]
    return None


def _parse_body(body: bytes, content_type: str) -> _Body:
    """Unwrap ``{"data": {...}, "options": {...}}``; 400 when the envelope is missing.

    A ``multipart/form-data`` body (an upload) becomes its fields, files as ``FilePart``.
    """
    if content_type.lower().startswith("multipart/form-data"):
        return _Body(parse_form_data(body, content_type), None, False)
    if not body.strip():
        return _Body({}, None, False)
    if "application/x-www-form-urlencoded" in content_type:
        return _Body(dict(parse_qsl(body.decode("utf-8"))), None, False)
    try:
        payload = json.loads(body)
    except ValueError:
        raise ApiError(400, "Could not parse request data, invalid JSON") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), dict):
        raise ApiError(
            400,
            'Request data must be a JSON object with a "data" key holding the fields, '
            'e.g. {"data": {"name": "..."}}',
        )
    options = payload.get("options")
    options = options if isinstance(options, dict) else {}
    raw_fields = options.get("fields")
    fields = parse_fields(raw_fields) if isinstance(raw_fields, (str, list)) else None
    return _Body(payload["data"], fields, options.get("pretty") is True)


def _injected(fault: Fault) -> Outcome:
    return Outcome(fault.status, list(fault.response_headers().items()), fault.response_body())


def _encode(reply: Reply, pretty: bool) -> Outcome:
    text = json.dumps(reply.body, indent=2 if pretty else None, ensure_ascii=False)
    headers = [("Content-Type", _JSON_TYPE), ("X-Request-Id", uuid4().hex), *reply.headers.items()]
    return Outcome(reply.status, headers, text.encode("utf-8"))
