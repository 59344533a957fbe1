"""``POST /batch``: up to 10 actions run against the fake itself, each answered on its own.

Each action (``relative_path``, ``method``, ``data``, ``options``) goes through the same route
table as a request would, as the caller, in order. For ``GET`` (and ``HEAD``) the action's
``data`` are the query parameters; for other methods they are the body's ``data``. ``options``
carry ``limit``, ``offset`` and ``fields``. The answer lists, per action, its ``status_code``,
``headers`` and ``body``: a failing action does not stop the others.
"""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import parse_qsl

from .._engine._call import Call, Reply, error_reply
from .._engine._errors import bad_request
from .._engine._permissions import check_access
from .._engine._render import parse_fields
from .._engine._router import Endpoints

__all__ = ["MAX_ACTIONS", "endpoints"]

endpoints = Endpoints()

MAX_ACTIONS = 10
_METHODS = frozenset({"get", "post", "put", "delete", "patch", "head"})
_QUERY_METHODS = frozenset({"GET", "HEAD"})


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def _checked(actions: Any) -> list[dict[str, Any]]:
    if not isinstance(actions, list) or not all(isinstance(a, dict) for a in actions):
        raise bad_request("actions: Expected a list of action objects")
    if len(actions) > MAX_ACTIONS:
        raise bad_request(f"actions: At most {MAX_ACTIONS} actions per batch, got {len(actions)}")
    for index, action in enumerate(actions):
        path, method = action.get("relative_path"), action.get("method")
        if not isinstance(path, str) or not path.startswith("/"):
            raise bad_request(f"actions[{index}].relative_path: Expected a path such as /tasks/1")
        if not isinstance(method, str) or method.lower() not in _METHODS:
            raise bad_request(f"actions[{index}].method: Expected one of {sorted(_METHODS)}")
        for key in ("data", "options"):
            if not isinstance(action.get(key) or {}, dict):
                raise bad_request(f"actions[{index}].{key}: Expected an object")
    return actions


def _run(call: Call, action: dict[str, Any]) -> dict[str, Any]:
    """One action as the caller: its status, headers and body."""
    method = str(action["method"]).upper()
    path, _, query_text = str(action["relative_path"]).partition("?")
    data: dict[str, Any] = action.get("data") or {}
    options: dict[str, Any] = action.get("options") or {}
    query = dict(parse_qsl(query_text))
    if method in _QUERY_METHODS:
        query.update((key, _query_value(value)) for key, value in data.items())
        data = {}
    for key in ("limit", "offset"):
        if options.get(key) is not None:
            query[key] = _query_value(options[key])
    fields = options.get("fields")
    try:
        if path.rstrip("/") == "/batch":
            raise bad_request("relative_path: A batch action cannot be another batch")
        from .route_table import build_router  # the batch endpoint is one of its routes

        route, params = build_router().resolve(method, path)
        action_call = dataclasses.replace(
            call,
            method=method,
            path=path,
            path_params=params,
            query=query,
            data=data,
            fields=parse_fields(fields) if isinstance(fields, (str, list)) else None,
        )
        check_access(call.store, call.user_gid, params, query, data)  # as for any request
        reply = route.handler(action_call)
    except Exception as error:  # an ApiError, or a bug in the fake
        reply = error_reply(error)
    return {"status_code": reply.status, "headers": dict(reply.headers), "body": reply.body}


@endpoints.post("/batch")
def create_batch_request(call: Call) -> Reply:
    actions = _checked(call.require("actions"))
    return Reply(200, {"data": [_run(call, action) for action in actions]})
