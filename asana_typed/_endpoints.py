"""Endpoint declarations, and the resources whose methods send them.

Each resource module (``resources/tasks.py``) declares its operations once::

    class _Endpoints:
        get_task = Endpoint("GET", "/tasks/{task_gid}", Task, GetTaskParams)

and has two resource classes, ``Tasks`` for :class:`Client` and ``AsyncTasks`` for
:class:`AsyncClient`, with one generated method per operation: its typed signature and
docstring, and a body that hands the endpoint to the client::

    def get_task(self, task_gid, /, params=None, *, options=None, full_payload=False,
                 raw_response=False):
        return self._client._call(_Endpoints.get_task, (task_gid,), params, options, ...)

A :class:`Client` returns the value (or an item iterator); an :class:`AsyncClient` returns a
coroutine (or an async item iterator). Everything else about a call happens once, in the core.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast

from . import _core
from ._misuse import guard
from ._pagination import Cursor

if TYPE_CHECKING:
    from ._batch import BatchAction
    from ._options import RequestOptions

__all__ = ["BodyKind", "Endpoint", "Resource", "Shape"]

Shape = Literal["item", "page", "list", "whole"]
"""How a successful answer is read: ``data`` is one object, a page, an array; or the whole
body is the model (``whole``, e.g. an events page with ``sync`` beside ``data``)."""

BodyKind = Literal["json", "multipart", "none"]
"""The request body an operation declares: JSON, a multipart form, or none."""

_PATH_PARAM = re.compile(r"\{(\w+)\}")


class _Caller(Protocol):
    """What a resource needs of its client: a way to run an endpoint call (or to make it a
    batch action)."""

    def _call(
        self,
        endpoint: Endpoint,
        args: tuple[Any, ...],
        params: Any,
        options: RequestOptions | None,
        full_payload: bool,
        iterator_type: str | None,
        raw_response: bool = False,
    ) -> Any: ...

    def _action(
        self,
        endpoint: Endpoint,
        args: tuple[Any, ...],
        params: Any,
        options: RequestOptions | None,
    ) -> BatchAction[Any]: ...


class Resource:
    """A group of operations of one client (``client.tasks``, ``client.users`` ...).

    Its public methods are wrapped by :func:`~asana_typed._misuse.guard`: a call that does not
    fit a method's signature gets an error that names the fix.
    """

    __slots__ = ("_client",)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if not name.startswith("_") and inspect.isfunction(value):
                setattr(cls, name, guard(value))

    def __init__(self, client: object) -> None:
        self._client = cast(_Caller, client)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} resource>"


class Endpoint:
    """One API operation: its verb, path, params type and response model.

    ``gid_param`` serves the original client's names that took a gid the API now expects in
    the params (``tasks.create_in_workspace(workspace, params)`` sends ``workspace`` in the
    body of ``POST /tasks``). ``query`` names the params of a POST/PUT that go in the query
    string instead of the body. ``body`` is what a POST/PUT/PATCH sends: ``"json"``
    (``{"data": ..., "options": ...}``), ``"multipart"`` (a form: uploads) or ``"none"`` for
    an operation that declares no body: nothing is sent but the path and the query (the
    ``opt_*`` options included), unless ``RequestOptions.extra_params`` carries keys the
    operation does not declare, which go in ``data``. GET and DELETE never send a body.
    """

    __slots__ = (
        "body",
        "gid_param",
        "method",
        "model",
        "name",
        "param_keys",
        "params",
        "path",
        "path_params",
        "query",
        "resource",
        "shape",
    )

    method: str
    path: str
    model: type[Any]
    params: type[Any]
    query: frozenset[str]
    gid_param: str | None
    name: str
    resource: str

    def __init__(
        self,
        method: str,
        path: str,
        model: type[Any],
        params: type[Any],
        *,
        shape: Shape = "item",
        query: tuple[str, ...] = (),
        gid_param: str | None = None,
        body: BodyKind = "json",
    ) -> None:
        self.shape: Shape = shape
        self.method = method
        self.path = path
        self.model = model
        self.params = params
        self.query = frozenset(query)
        self.gid_param = gid_param
        self.body: BodyKind = body
        self.path_params: tuple[str, ...] = tuple(_PATH_PARAM.findall(path))
        self.param_keys: frozenset[str] = frozenset(
            (*getattr(params, "__required_keys__", ()), *getattr(params, "__optional_keys__", ()))
        )
        """The params keys the operation declares; others are refused (see ``extra_params``)."""
        self.name = ""
        self.resource = ""
        """The client attribute of the resource (``tasks``), for messages."""

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
            self.resource = owner.__module__.rsplit(".", 1)[-1]

    def __repr__(self) -> str:
        return f"<endpoint {self.name}: {self.method} {self.path} -> {self.model.__name__}>"
