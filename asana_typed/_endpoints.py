"""Endpoints are declarations that both clients bind.

A resource class lists its endpoints as class attributes::

    class Tasks(Resource[M]):
        get_task = Item1("GET", "/tasks/{task_gid}", Task, GetTaskParams)
        find_by_id = get_task                      # the original client's name

Accessed on a resource of a :class:`Client`, an endpoint becomes a call that returns a
``Task``; on a resource of an :class:`AsyncClient`, the same declaration returns a coroutine.
The typed call shapes (``Item1``, ``Collection0`` ...) are in ``_calls.py``; this module holds
what they share at run time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, Protocol, TypeVar

from . import _core
from ._pagination import Cursor

if TYPE_CHECKING:
    from ._options import RequestOptions

__all__ = ["AsyncMode", "BoundEndpoint", "Endpoint", "Resource", "Shape", "SyncMode"]

Shape = Literal["item", "page", "list", "whole"]
"""How a successful answer is read: ``data`` is one object, a page, an array; or the whole
body is the model (``whole``, e.g. an events page with ``sync`` beside ``data``)."""

T = TypeVar("T")
P = TypeVar("P")
_PATH_PARAM = re.compile(r"\{(\w+)\}")


class SyncMode:
    """Marks resources bound to a :class:`Client`."""


class AsyncMode:
    """Marks resources bound to an :class:`AsyncClient`."""


M = TypeVar("M", SyncMode, AsyncMode)


class _Caller(Protocol):
    def _call(
        self,
        endpoint: Endpoint[Any, Any],
        args: tuple[Any, ...],
        params: Any,
        options: RequestOptions | None,
        full_payload: bool,
        iterator_type: str | None,
    ) -> Any: ...


class Resource(Generic[M]):
    """A group of endpoints (``client.tasks``, ``client.users`` ...)."""

    __slots__ = ("_client",)

    def __init__(self, client: _Caller) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} resource>"


class Endpoint(Generic[P, T]):
    """One API operation: its verb, path, params type and response model.

    ``gid_param`` serves the original client's names that took a gid the API now expects in
    the params (``tasks.create_in_workspace(workspace, params)`` sends ``workspace`` in the
    body of ``POST /tasks``). ``query`` names the params of a POST/PUT that go in the query
    string instead of the body.
    """

    default_shape: Shape = "item"
    __slots__ = (
        "body",
        "gid_param",
        "method",
        "model",
        "name",
        "params",
        "path",
        "path_params",
        "query",
        "shape",
    )

    def __init__(
        self,
        method: str,
        path: str,
        model: type[T],
        params: type[P],
        *,
        query: tuple[str, ...] = (),
        gid_param: str | None = None,
        body: Literal["json", "multipart"] = "json",
        shape: Shape | None = None,
    ) -> None:
        self.shape: Shape = shape or self.default_shape
        self.method = method
        self.path = path
        self.model = model
        self.params = params
        self.query = frozenset(query)
        self.gid_param = gid_param
        self.body = body
        self.path_params = tuple(_PATH_PARAM.findall(path))
        self.name = ""

    @property
    def arity(self) -> int:
        """How many gids the call takes positionally."""
        return len(self.path_params) + (self.gid_param is not None)

    # How calls of this endpoint run. Endpoints with their own behaviour (events, uploads)
    # override these; both clients use them the same way.

    def bind_args(
        self, args: tuple[Any, ...], params: Any
    ) -> tuple[tuple[Any, ...], Mapping[str, Any]]:
        """The gids and the params of a call, from its positional arguments."""
        return _core.split_args(self, args, params)

    def iterates(self, iterator_type: str | None) -> bool:
        """Whether a call returns an item iterator."""
        return self.shape == "page" and iterator_type is not None

    def result_flow(self, call: _core.PreparedCall) -> _core.Flow[Any]:
        """The I/O of a call that returns a value."""
        return _core.result_flow(call)

    def page_flow(self, call: _core.PreparedCall, query: Mapping[str, str]) -> _core.Flow[Any]:
        """The I/O fetching one page of an iterated call."""
        return _core.page_flow(call, query)

    def cursor(self, call: _core.PreparedCall) -> Cursor[Any]:
        """The iteration state of an iterated call."""
        return call.page_cursor()

    def __set_name__(self, owner: type[Any], name: str) -> None:
        if not self.name:  # the first name is the canonical one; later ones are aliases
            self.name = name

    def __get__(self, obj: Resource[Any] | None, owner: type[Any]) -> Any:
        if obj is None:
            return self
        return BoundEndpoint(self, obj._client)

    def __repr__(self) -> str:
        return f"<endpoint {self.name}: {self.method} {self.path} -> {self.model.__name__}>"


class BoundEndpoint:
    """An endpoint bound to a client: calling it sends the request."""

    __slots__ = ("_client", "endpoint")

    def __init__(self, endpoint: Endpoint[Any, Any], client: _Caller) -> None:
        self.endpoint = endpoint
        self._client = client

    def __call__(
        self,
        *args: Any,
        params: Any = None,
        options: RequestOptions | None = None,
        full_payload: bool = False,
        iterator_type: str | None = "items",
    ) -> Any:
        return self._client._call(self.endpoint, args, params, options, full_payload, iterator_type)

    def __repr__(self) -> str:
        return f"<bound {self.endpoint!r}>"
