"""What an endpoint handler receives (:class:`Call`) and returns (:class:`Reply`).

A handler is a plain function ``(Call) -> Reply``. The call carries the parsed request (path
parameters, query, the body's ``data``, the requested fields), the store and the caller's
user, plus helpers for the things every endpoint does: look objects up, validate inputs,
render one record, render a (paginated) list, record an event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ._errors import ApiError, bad_request, error_body, missing_input
from ._pagination import paginate
from ._render import FieldTree, View, render
from ._state import Record, Ref, Store, is_date, parse_timestamp, ref_to, user_gid_of, utc_timestamp

__all__ = ["Call", "Handler", "Reply", "error_reply"]


@dataclass
class Reply:
    """A successful answer: status and JSON body (``{"data": ...}`` and maybe ``next_page``)."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Call:
    """One request as a handler sees it."""

    store: Store
    method: str
    path: str
    """The path below the API root, e.g. ``/tasks/123``."""
    path_params: dict[str, str]
    query: dict[str, str]
    data: dict[str, Any]
    """The ``data`` object of a JSON (or form) body; empty when there is no body."""
    fields: FieldTree | None
    """The requested fields (``opt_fields`` or the body's ``options.fields``), if any."""
    user_gid: str
    """The authenticated user."""
    base_url: str
    """The API root as the client addressed it, e.g. ``https://app.asana.com/api/1.0``."""

    # -- inputs -------------------------------------------------------------------------

    def param(self, name: str) -> str:
        """A path parameter."""
        return self.path_params[name]

    def require_query(self, name: str) -> str:
        """A query parameter that must be present (a 400 otherwise)."""
        value = self.query.get(name)
        if value is None or value == "":
            raise missing_input(name)
        return value

    def query_bool(self, name: str) -> bool | None:
        """A ``true``/``false`` query parameter; ``None`` when absent."""
        return _parse_bool(name, self.query.get(name))

    def require(self, name: str) -> Any:
        """A ``data`` field that must be present (a 400 otherwise)."""
        if self.data.get(name) is None:
            raise missing_input(name)
        return self.data[name]

    def text(self, name: str, *, nullable: bool = False) -> Any:
        """A string ``data`` field (``None`` allowed when ``nullable``); a 400 for other types."""
        value = self.data.get(name)
        if isinstance(value, str) or (nullable and value is None):
            return value
        raise bad_request(f"{name}: Expected a string, got {value!r}")

    def date(self, name: str) -> str | None:
        """A ``YYYY-MM-DD`` ``data`` field (or ``null``); a 400 for anything else."""
        value = self.data.get(name)
        if value is None:
            return None
        if not is_date(value):
            raise bad_request(f"{name}: Expected a date in the format YYYY-MM-DD, got {value!r}")
        return value

    def datetime(self, name: str) -> str | None:
        """An ISO 8601 datetime ``data`` field (or ``null``), normalised to Asana's format."""
        value = self.data.get(name)
        if value is None:
            return None
        moment = parse_timestamp(value) if isinstance(value, str) and "T" in value else None
        if moment is None:
            raise bad_request(f"{name}: Expected an ISO 8601 date-time, got {value!r}")
        return utc_timestamp(moment)

    def data_bool(self, name: str) -> bool | None:
        """A boolean ``data`` field (JSON ``true``/``false`` or form ``"true"``/``"false"``)."""
        value = self.data.get(name)
        if value is None or isinstance(value, bool):
            return value
        return _parse_bool(name, str(value))

    def gid_list(self, name: str, *, required: bool = True) -> list[str]:
        """A ``data`` field holding gids: a list, or a comma-separated string."""
        value = self.require(name) if required else self.data.get(name)
        if value is None:
            return []
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return list(value)
        raise bad_request(f"{name}: Expected a list of object ids")

    # -- lookups ------------------------------------------------------------------------

    def get(self, resource_type: str, gid: str) -> Record:
        """An object by gid; a 404 when there is none."""
        return self.store.get(resource_type, gid)

    def in_path(self, resource_type: str) -> Record:
        """The object the ``<resource_type>_gid`` path parameter names; a 404 when none."""
        return self.store.get(resource_type, self.param(f"{resource_type}_gid"))

    def data_within(self, resource_type: str, key: str | None = None) -> dict[str, Any]:
        """The request's ``data`` with ``key`` (the type's name by default) set to the object
        the path names: the body of a create below a parent (``POST /teams/{team_gid}/...``)."""
        return {**self.data, key or resource_type: self.in_path(resource_type)["gid"]}

    def user(self, identifier: str) -> Record:
        """A user by gid, by email, or ``me`` for the caller."""
        return self.store.get("user", user_gid_of(self.store, identifier, self.user_gid))

    def ref(self, resource_type: str, gid: str) -> Ref:
        """A ref to an object that must exist (a 404 otherwise)."""
        if resource_type == "user":
            return ref_to(self.user(gid))
        return ref_to(self.store.get(resource_type, gid))

    # -- answers ------------------------------------------------------------------------

    def one(self, record: Record, *, status: int = 200, view: View = "full") -> Reply:
        """``{"data": record}`` in its full view (or the requested fields)."""
        return Reply(status, {"data": self.render(record, view)})

    def render(self, record: Record, view: View = "full") -> Record:
        """One record as JSON, honouring the requested fields."""
        return render(self.store, record, self.fields, view)

    def listing(self, records: Iterable[Record], *, cap: int | None = None) -> Reply:
        """An unpaginated list of compact records (search endpoints), at most ``cap`` long."""
        items = list(records)[:cap]
        return Reply(200, {"data": [self.render(r, "compact") for r in items]})

    def page(self, records: Iterable[Record]) -> Reply:
        """A list of compact records, paginated by ``limit``/``offset``."""
        result = paginate(
            list(records),
            path=self.path,
            query=self.query,
            base_url=self.base_url,
            cursors=self.store.cursors,
        )
        body: dict[str, Any] = {"data": [self.render(r, "compact") for r in result.items]}
        if result.paginated:
            body["next_page"] = result.next_page
        return Reply(200, body)

    def empty(self) -> Reply:
        """``{"data": {}}``: the answer of deletes and most add/remove actions."""
        return Reply(200, {"data": {}})

    def event(
        self,
        action: str,
        record: Record,
        *,
        parent: Record | None = None,
        workspace_gid: str | None = None,
        change: Record | None = None,
    ) -> None:
        """Log a change made by the caller (read by the event endpoints)."""
        if workspace_gid is None:
            workspace = record.get("workspace")
            workspace_gid = workspace.gid if isinstance(workspace, Ref) else None
        self.store.add_event(
            action=action,
            resource=record,
            user_gid=self.user_gid,
            parent=parent,
            workspace_gid=workspace_gid,
            change=change,
        )


Handler = Callable[[Call], Reply]
"""An endpoint implementation."""


def error_reply(error: Exception) -> Reply:
    """The answer to an exception raised while answering: an :class:`ApiError`'s own, any
    other (a bug in the fake) a 500 like Asana's."""
    if isinstance(error, ApiError):
        return Reply(error.status, error.body(), error.headers)
    return Reply(500, error_body(500, f"Server Error ({type(error).__name__}: {error})"))


def _parse_bool(name: str, value: str | None) -> bool | None:
    if value is None:
        return None
    if value == "true":
        return True
    if value == "false":
        return False
    raise ApiError(400, f"{name}: Expected true or false, got {value!r}")
