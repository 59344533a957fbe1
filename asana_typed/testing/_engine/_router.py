"""The router: which handler answers a method and path (the table itself is
:mod:`.._handlers.route_table`).

Each handler module (``_handlers/<resource>.py``) builds an :class:`Endpoints` group with
decorators::

    endpoints = Endpoints()

    @endpoints.get("/tasks/{task_gid}")
    def get_task(call: Call) -> Reply: ...

and :class:`Router` combines the groups. A path matches a template segment by segment; a
literal segment beats a parameter, so ``/users/me``-style special cases stay possible.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from ._call import Call, Handler, Reply
from ._errors import ApiError

__all__ = ["Endpoints", "Route", "Router"]

_PARAM = re.compile(r"^\{(\w+)\}$")


@dataclass(frozen=True)
class Route:
    """One endpoint: HTTP method, path template (below the API root) and handler."""

    method: str
    template: str
    handler: Handler

    @functools.cached_property
    def segments(self) -> tuple[str, ...]:
        """The template's path segments, e.g. ``("tasks", "{task_gid}")``."""
        return tuple(self.template.strip("/").split("/"))

    @functools.cached_property
    def _param_names(self) -> tuple[str | None, ...]:
        """Per segment, the name of the parameter it stands for (``None``: a literal)."""
        return tuple(param.group(1) if (param := _PARAM.match(s)) else None for s in self.segments)

    def match(self, segments: tuple[str, ...]) -> dict[str, str] | None:
        """The path parameters if ``segments`` fit this template, else ``None``."""
        if len(segments) != len(self.segments):
            return None
        params: dict[str, str] = {}
        for expected, name, actual in zip(self.segments, self._param_names, segments, strict=True):
            if name is not None:
                if not actual:
                    return None
                params[name] = actual
            elif expected != actual:
                return None
        return params

    def specificity(self) -> tuple[bool, ...]:
        """Sort key: literal segments first, so they win over parameters."""
        return tuple(name is not None for name in self._param_names)


class Endpoints:
    """A group of routes declared by one module."""

    routes: list[Route]
    """The routes in the order they were declared."""

    def __init__(self) -> None:
        self.routes = []

    def route(self, method: str, template: str) -> Callable[[Handler], Handler]:
        """Register the decorated function for ``method`` and ``template``."""

        def register(handler: Handler) -> Handler:
            self.routes.append(Route(method.upper(), template, handler))
            return handler

        return register

    def get(self, template: str) -> Callable[[Handler], Handler]:
        """Register the decorated function for ``GET`` requests to ``template``."""
        return self.route("GET", template)

    def post(self, template: str) -> Callable[[Handler], Handler]:
        """Register the decorated function for ``POST`` requests to ``template``."""
        return self.route("POST", template)

    def put(self, template: str) -> Callable[[Handler], Handler]:
        """Register the decorated function for ``PUT`` requests to ``template``."""
        return self.route("PUT", template)

    def delete(self, template: str) -> Callable[[Handler], Handler]:
        """Register the decorated function for ``DELETE`` requests to ``template``."""
        return self.route("DELETE", template)

    def add_and_remove(
        self, template: str, fields: Iterable[str], change: Callable[[Call, str, bool], Reply]
    ) -> None:
        """Register ``POST <template>/add<Field>`` and ``/remove<Field>`` for each list field
        (``addFollowers``...), answered by ``change(call, field, adding)``."""
        for name in fields:
            action = name[0].upper() + name[1:]
            for verb, adding in (("add", True), ("remove", False)):
                self.route("POST", f"{template}/{verb}{action}")(
                    functools.partial(_changed, change, name, adding)
                )


def _changed(
    change: Callable[[Call, str, bool], Reply], name: str, adding: bool, call: Call
) -> Reply:
    return change(call, name, adding)


class Router:
    """Finds the route for a request among several :class:`Endpoints` groups."""

    routes: list[Route]
    """Every route of the groups, those with literal segments first."""

    def __init__(self, groups: Iterable[Endpoints]) -> None:
        routes = [route for group in groups for route in group.routes]
        self.routes = sorted(routes, key=Route.specificity)

    def resolve(self, method: str, path: str) -> tuple[Route, dict[str, str]]:
        """The route and (percent-decoded) path parameters; a 404 when nothing matches.

        A path that exists under another method is also a 404, as Asana answers.
        """
        method = method.upper()
        segments = tuple(unquote(part) for part in path.strip("/").split("/"))
        for route in self.routes:
            if route.method != method:
                continue
            params = route.match(segments)
            if params is not None:
                return route, params
        raise ApiError(404, "No matching route for request")
