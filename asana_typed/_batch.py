"""Asana's batch API: ordinary calls sent up to ten at a time in ``POST /batch``.

>>> actions = [client.actions.tasks.get_task(gid) for gid in gids]      # doctest: +SKIP
>>> for result in client.batch(actions):                                 # doctest: +SKIP
...     print(result.unwrap().name)

``client.actions.<resource>.<operation>(...)`` takes what ``client.<resource>.<operation>``
takes and builds its request the same way (gids encoded, params checked with the same errors,
option layers resolved then), sending nothing: a :class:`BatchAction` holds the request as
the batch API wants it, a path relative to ``base_url``, a method, ``data`` and ``options``.
The query string of a ``GET`` becomes its ``data``; ``opt_fields`` and ``opt_expand`` become
``options.fields`` and ``options.expand``; a collection asks for one page (``options.limit``
is ``page_size``, ``options.offset`` the ``offset`` option).

``client.batch(actions)`` sends consecutive actions that share their request settings
(``base_url``, headers, timeout, retries) in one ``POST /batch`` of at most ten, under the
client's write limit, and gives one :data:`BatchResult` per action in input order: the value
the plain call returns, or the error it raises, mapped from the action's status and body by
the same code. A batch request that fails as a whole gives its error to each of its actions;
one of reads only is retried like a read, one that writes like any ``POST``. Uploads and
calls that are more than one request are not offered as actions (:class:`ActionResource`
explains why when asked for one).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import AsyncIterator, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

import httpx

from ._bulk import BulkResult
from ._core import Flow, PreparedCall, decode_json, parse_result, send_flow
from ._endpoints._declarations import Resource
from .errors import AsanaError, InvalidArgumentError, error_from_response

if TYPE_CHECKING:
    from ._endpoints._declarations import Endpoint

__all__ = [
    "MAX_ACTIONS",
    "ActionResource",
    "BatchAction",
    "BatchResult",
    "batch_flow",
    "batch_options",
    "checked_actions",
    "chunked",
    "make_action",
    "spread",
    "spread_async",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

MAX_ACTIONS = 10
"""Actions per ``POST /batch``: Asana takes at most ten."""
_OPTION_PARAMS = {"opt_fields": "fields", "opt_expand": "expand"}
"""Query parameters that an action carries in its ``options`` instead (as lists)."""


class BatchAction(Generic[T_co]):
    """One call, ready to go in a batch; the batch gives a ``T_co`` (or the call's error).

    Made by ``client.actions.<resource>.<operation>(...)``, for the client that made it.
    ``relative_path``, ``method``, ``data`` and ``options`` are what the batch API receives.
    """

    __slots__ = ("_owner", "call", "data", "method", "options", "relative_path")

    call: PreparedCall
    """The plain call's prepared request: its endpoint, options and headers."""
    relative_path: str
    """The path below ``base_url``, gids encoded (``/tasks/123``)."""
    method: str
    """The HTTP method (``GET``, ``POST`` ...)."""
    data: dict[str, Any]
    """The query parameters of a ``GET``; the body's ``data`` otherwise."""
    options: dict[str, Any]
    """``fields``, ``expand``; ``limit`` and ``offset`` for a page."""

    def __init__(
        self,
        call: PreparedCall,
        owner: object,
        relative_path: str,
        data: dict[str, Any],
        options: dict[str, Any],
    ) -> None:
        self.call = call
        self._owner = owner
        self.relative_path = relative_path
        self.method = call.endpoint.method
        self.data = data
        self.options = options

    def body(self) -> dict[str, Any]:
        """The action as the batch API's ``actions`` list holds it."""
        action: dict[str, Any] = {
            "relative_path": self.relative_path,
            "method": self.method.lower(),
        }
        if self.data:
            action["data"] = self.data
        if self.options:
            action["options"] = self.options
        return action

    def __repr__(self) -> str:
        return f"<BatchAction {self.method} {self.relative_path}>"


BatchResult: TypeAlias = BulkResult[BatchAction[T], T]
"""The outcome of one action: ``.item`` (the action), ``.value`` or ``.error``, ``.unwrap()``."""


class _NotBatchable(InvalidArgumentError, AttributeError):
    """A call a batch cannot carry, looked up on ``client.actions`` (an ``AttributeError`` as
    well, so that ``hasattr`` keeps working)."""


class ActionResource(Resource):
    """A resource of ``client.actions``: its calls as batch actions, and why others are not."""

    __slots__ = ()

    if not TYPE_CHECKING:  # type checkers report a missing action as what it is

        def __getattr__(self, name: str) -> Any:
            module = sys.modules[type(self).__module__]
            plain = getattr(module, type(self).__name__.removesuffix("Actions"), None)
            if name.startswith("_") or not hasattr(plain, name):
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            resource = module.__name__.rsplit(".", 1)[-1]
            canonical = re.search(
                r"python-asana's name for ``(\w+)``", getattr(plain, name).__doc__ or ""
            )
            if canonical is not None:
                raise _NotBatchable(
                    f"{resource}.{name}() is python-asana's name; its action is "
                    f"client.actions.{resource}.{canonical[1]}(...)"
                )
            endpoint = getattr(module._Endpoints, name)
            if endpoint.body == "multipart":
                why = "it uploads a file, which the batch API cannot carry"
            else:
                why = "it is more than one request and its answer"
            raise _NotBatchable(_not_batchable(resource, name, why))


def _not_batchable(resource: str, name: str, why: str) -> str:
    return (
        f"{resource}.{name}() cannot go in a batch: {why}; call client.{resource}.{name}(...) "
        "on its own"
    )


def _unsupported(endpoint: Endpoint, why: str) -> InvalidArgumentError:
    return InvalidArgumentError(_not_batchable(endpoint.resource, endpoint.name, why))


def make_action(call: PreparedCall, owner: object) -> BatchAction[Any]:
    """The batch action of a prepared call (one page of a collection)."""
    endpoint = call.endpoint
    if call.form is not None:
        raise _unsupported(endpoint, "it uploads a file, which the batch API cannot carry")
    opts = call.options
    query = dict(call.query)
    query.pop("opt_pretty", None)  # not an action option: pretty output is the batch's own
    options: dict[str, Any] = {
        _OPTION_PARAMS[key]: query.pop(key).split(",")
        for key in list(query)
        if key in _OPTION_PARAMS
    }
    data: dict[str, Any] = {}
    if endpoint.method == "GET":
        data, query = query, {}
    elif call.content is not None:
        envelope = json.loads(call.content)
        data = envelope["data"]
        options.update(envelope.get("options", {}))
        options.pop("pretty", None)
    if query:
        names = ", ".join(sorted(query))
        raise _unsupported(
            endpoint,
            f"{names} goes in the query string of {endpoint.method}, which an action "
            "has no place for",
        )
    if endpoint.shape == "page":
        options["limit"] = opts.page_size
        if opts.offset is not None:
            options["offset"] = opts.offset
    relative_path = call.url[len(opts.base_url.rstrip("/")) :]
    return BatchAction(call, owner, relative_path, data, options)


def checked_actions(actions: Iterable[object], owner: object) -> list[BatchAction[Any]]:
    """``actions`` as a list; refuses what is not an action of ``owner`` before any request."""
    if isinstance(actions, BatchAction):
        raise InvalidArgumentError(
            "client.batch() takes an iterable of actions: client.batch([action, ...])"
        )
    checked: list[BatchAction[Any]] = []
    for index, action in enumerate(actions):
        if not isinstance(action, BatchAction):
            raise InvalidArgumentError(
                f"client.batch() takes actions, but item {index} is a "
                f"{type(action).__name__}: build each with client.actions.<resource>."
                "<operation>(...), e.g. client.actions.tasks.get_task(task_gid)"
            )
        if action._owner is not owner:
            raise InvalidArgumentError(
                f"item {index} ({action!r}) was made by another client: a batch runs the "
                "actions of the client that made them (its credential and options)"
            )
        checked.append(action)
    return checked


def _settings(action: BatchAction[Any]) -> tuple[Any, ...]:
    """What the ``POST /batch`` carrying ``action`` is sent with."""
    call = action.call
    opts = call.options
    headers = sorted((k, v) for k, v in call.headers.items() if k != "Content-Type")
    return (
        opts.base_url,
        headers,
        opts.timeout,
        opts.max_retries,
        opts.retry_non_idempotent,
        opts.max_concurrent_writes,
    )


def chunked(actions: Sequence[BatchAction[Any]]) -> list[list[BatchAction[Any]]]:
    """Consecutive actions with the same request settings, at most ten per chunk."""
    chunks: list[list[BatchAction[Any]]] = []
    current: list[BatchAction[Any]] = []
    settings: tuple[Any, ...] | None = None
    for action in actions:
        mine = _settings(action)
        if len(current) == MAX_ACTIONS or (current and mine != settings):
            chunks.append(current)
            current = []
        current.append(action)
        settings = mine
    if current:
        chunks.append(current)
    return chunks


def batch_options(chunk: Sequence[BatchAction[Any]]) -> Any:
    """The options of the ``POST /batch`` for ``chunk``: its actions' request settings.

    The output options and extra params belong to the actions. A batch of reads only may be
    retried like a read.
    """
    opts = chunk[0].call.options.copy()
    opts.fields = None
    opts.expand = None
    opts.extra_params = {}
    if all(action.method == "GET" for action in chunk):
        opts.retry_non_idempotent = True
    return opts


def batch_flow(
    batch: PreparedCall, chunk: Sequence[BatchAction[Any]]
) -> Flow[list[BatchResult[Any]]]:
    """Send one ``POST /batch`` and give each action its result."""
    response = yield from send_flow(batch, batch.first_request())
    answers = decode_json(response).get("data")
    if not isinstance(answers, list) or len(answers) != len(chunk):
        count = len(answers) if isinstance(answers, list) else "no"
        raise AsanaError(
            f"the batch answer holds {count} results for {len(chunk)} actions",
            status=response.status_code,
            response=response,
        )
    return [action_result(action, answer) for action, answer in zip(chunk, answers, strict=True)]


def action_result(action: BatchAction[T], answer: object) -> BatchResult[T]:
    """The value (or error) of one action, from its part of the batch answer.

    The part is read as the answer the plain call would have had: the same parsing, the same
    error mapping (``NotFoundError`` for 404, ...), everything it carried kept in
    ``error.response``.
    """
    call = action.call
    fields = answer if isinstance(answer, dict) else {}
    status = fields.get("status_code")
    headers = fields.get("headers")
    body = fields.get("body")
    request = httpx.Request(action.method, call.url, params=call.query)
    response = httpx.Response(
        status if isinstance(status, int) else 502,
        headers={str(k): str(v) for k, v in headers.items()} if isinstance(headers, dict) else {},
        content=b"" if body is None else json.dumps(body).encode(),
        request=request,
    )
    if not isinstance(status, int):
        error = AsanaError(
            f"the batch answer for {action!r} has no status_code", status=502, response=response
        )
        return BulkResult(action, error=error)
    if 200 <= status < 300:
        try:
            return BulkResult(action, parse_result(call, response))
        except AsanaError as error:
            return BulkResult(action, error=error)
    return BulkResult(action, error=error_from_response(response))


def spread(
    done: BulkResult[list[BatchAction[Any]], list[BatchResult[Any]]],
) -> list[BatchResult[Any]]:
    """The results of one batch request's actions (its error for each, if it failed)."""
    if done.error is not None:
        return [BulkResult(action, error=done.error) for action in done.item]
    return done.value or []


async def spread_async(
    done: AsyncIterator[BulkResult[list[BatchAction[Any]], list[BatchResult[Any]]]],
) -> AsyncIterator[BatchResult[Any]]:
    """The results of each batch request's actions, as they come (see :func:`spread`)."""
    async for requested in done:
        for result in spread(requested):
            yield result
