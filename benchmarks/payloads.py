"""Asana-shaped response bodies, rendered once, and the routes that serve them.

Every body is what Asana itself sends: a ``{"data": ...}`` envelope, gids as strings, dates as
``2024-03-01`` and datetimes as ``2012-02-22T02:06:58.147Z``. The routes:

- ``GET /api/1.0/tasks/<gid>``: one full task of about 5 KB (any gid answers the same task);
- ``GET /api/1.0/users/me``: a full user with its workspaces;
- ``GET /api/1.0/projects/<gid>/tasks?limit=100&offset=<token>``: :data:`PROJECT_TASKS`
  compact tasks in pages of :data:`PAGE_SIZE`, each page but the last with a ``next_page``.

:func:`render_routes` returns every body as bytes, so a server only has to look them up.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

__all__ = [
    "API_PREFIX",
    "FIRST_PAGE",
    "PAGE_SIZE",
    "PROJECT_GID",
    "PROJECT_TASKS",
    "TASK_GID",
    "Routes",
    "full_task",
    "offset_token",
    "render_routes",
    "user_me",
]

API_PREFIX = "/api/1.0"
TASK_GID = "1204858214395221"
PROJECT_GID = "1204858214390042"
PROJECT_TASKS = 50_000
PAGE_SIZE = 100
#: The page key of the first page (the request without an ``offset``).
FIRST_PAGE = "first"

_PUBLIC_URL = "https://app.asana.com/api/1.0"
_WORKSPACE = {"gid": "1200000000000001", "resource_type": "workspace", "name": "Acme Corp"}


def _user(gid: str, name: str) -> dict[str, Any]:
    return {"gid": gid, "resource_type": "user", "name": name}


def _project(gid: str, name: str) -> dict[str, Any]:
    return {"gid": gid, "resource_type": "project", "name": name}


def _section(gid: str, name: str) -> dict[str, Any]:
    return {"gid": gid, "resource_type": "section", "name": name}


def _enum_option(gid: str, name: str, color: str) -> dict[str, Any]:
    return {
        "gid": gid,
        "resource_type": "enum_option",
        "name": name,
        "enabled": True,
        "color": color,
    }


def _custom_field(gid: str, name: str, kind: str, **values: Any) -> dict[str, Any]:
    field: dict[str, Any] = {
        "gid": gid,
        "resource_type": "custom_field",
        "name": name,
        "type": kind,
        "resource_subtype": kind,
        "enabled": True,
        "is_formula_field": False,
        "is_value_read_only": False,
        "description": f"{name} of the work",
        "display_value": None,
    }
    field.update(values)
    return field


def _custom_fields() -> list[dict[str, Any]]:
    priorities = [
        _enum_option("1200000000000311", "Low", "green"),
        _enum_option("1200000000000312", "Medium", "yellow-orange"),
        _enum_option("1200000000000313", "High", "red"),
    ]
    stages = [
        _enum_option("1200000000000321", "Design", "blue"),
        _enum_option("1200000000000322", "Build", "purple"),
        _enum_option("1200000000000323", "Review", "aqua"),
        _enum_option("1200000000000324", "Ship", "cool-gray"),
    ]
    return [
        _custom_field(
            "1200000000000301",
            "Priority",
            "enum",
            enum_options=priorities,
            enum_value=priorities[2],
            display_value="High",
        ),
        _custom_field(
            "1200000000000302",
            "Stage",
            "enum",
            enum_options=stages,
            enum_value=stages[1],
            display_value="Build",
        ),
        _custom_field(
            "1200000000000303",
            "Estimate (hours)",
            "number",
            number_value=12.5,
            precision=1,
            format="custom",
            custom_label="h",
            custom_label_position="suffix",
            display_value="12.5h",
        ),
        _custom_field(
            "1200000000000304",
            "Ticket",
            "text",
            text_value="OPS-4821",
            display_value="OPS-4821",
        ),
    ]


def full_task(gid: str = TASK_GID) -> dict[str, Any]:
    """A task with every field Asana returns by default, about 5 KB of JSON."""
    followers = [
        _user("1200000000000101", "Greg Sanchez"),
        _user("1200000000000102", "Tim Bizarro"),
        _user("1200000000000103", "Ada Okafor"),
    ]
    projects = [
        _project(PROJECT_GID, "Q3 launch"),
        _project("1204858214390077", "Infrastructure"),
    ]
    notes = (
        "Move the nightly export to the new storage cluster. The current job writes to the old "
        "volume, which fills up every other week; the new cluster has the space and the "
        "snapshots. Steps: copy the last 30 days, switch the job's target, watch two runs, then "
        "delete the copies on the old volume. Rollback: switch the target back."
    )
    return {
        "gid": gid,
        "resource_type": "task",
        "name": "Move the nightly export to the new storage cluster",
        "resource_subtype": "default_task",
        "approval_status": "pending",
        "assignee": _user("1200000000000102", "Tim Bizarro"),
        "assignee_status": "upcoming",
        "assignee_section": _section("1204858214390101", "Recently assigned"),
        "actual_time_minutes": 200.0,
        "completed": False,
        "completed_at": None,
        "completed_by": None,
        "created_at": "2012-02-22T02:06:58.147Z",
        "created_by": {"gid": "1200000000000101", "resource_type": "user"},
        "custom_fields": _custom_fields(),
        "dependencies": [{"gid": "1204858214395198", "resource_type": "task"}],
        "dependents": [{"gid": "1204858214395240", "resource_type": "task"}],
        "due_at": "2019-09-15T02:06:58.147Z",
        "due_on": "2019-09-15",
        "external": {"gid": "my_gid", "data": "A blob of information"},
        "followers": followers,
        "hearted": True,
        "hearts": [{"gid": "1204858214395301", "user": followers[0]}],
        "html_notes": f"<body>{notes}</body>",
        "is_rendered_as_separator": False,
        "liked": True,
        "likes": [
            {"gid": "1204858214395302", "user": followers[0]},
            {"gid": "1204858214395303", "user": followers[2]},
        ],
        "memberships": [
            {"project": projects[0], "section": _section("1204858214390111", "In progress")},
            {"project": projects[1], "section": _section("1204858214390112", "Backlog")},
        ],
        "modified_at": "2012-02-22T02:06:58.147Z",
        "notes": notes,
        "num_hearts": 1,
        "num_likes": 2,
        "num_subtasks": 3,
        "parent": None,
        "permalink_url": f"https://app.asana.com/0/{PROJECT_GID}/{gid}",
        "projects": projects,
        "start_at": "2019-09-14T02:06:58.147Z",
        "start_on": "2019-09-14",
        "tags": [
            {"gid": "1200000000000501", "resource_type": "tag", "name": "storage"},
            {"gid": "1200000000000502", "resource_type": "tag", "name": "ops"},
        ],
        "workspace": _WORKSPACE,
    }


def user_me() -> dict[str, Any]:
    """The authenticated user with its photo and workspaces."""
    photo_base = "https://s3.amazonaws.com/profile_photos/1200000000000102.tW1MLcXwVQzs94mJ"
    return {
        "gid": "1200000000000102",
        "resource_type": "user",
        "name": "Tim Bizarro",
        "email": "tim.bizarro@example.com",
        "photo": {
            size: f"{photo_base}_{size.removeprefix('image_')}.png"
            for size in (
                "image_21x21",
                "image_27x27",
                "image_36x36",
                "image_60x60",
                "image_128x128",
                "image_1024x1024",
            )
        },
        "workspaces": [
            _WORKSPACE,
            {"gid": "1200000000000002", "resource_type": "workspace", "name": "Personal Projects"},
            {"gid": "1200000000000003", "resource_type": "workspace", "name": "Acme Labs"},
            {"gid": "1200000000000004", "resource_type": "workspace", "name": "Partners"},
        ],
    }


def _compact_task(index: int) -> dict[str, Any]:
    """A task in a list, as Asana sends it without ``opt_fields``: these four fields."""
    return {
        "gid": str(1205000000000000 + index),
        "resource_type": "task",
        "name": f"Follow up on request #{index}",
        "resource_subtype": "default_task",
    }


def offset_token(page: int) -> str:
    """Asana-like opaque offset token of a page (URL-safe, no padding)."""
    raw = json.dumps({"project": PROJECT_GID, "page": page}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _task_page(page: int, pages: int) -> dict[str, Any]:
    start = page * PAGE_SIZE
    next_page: dict[str, str] | None = None
    if page + 1 < pages:
        token = offset_token(page + 1)
        path = f"/projects/{PROJECT_GID}/tasks?limit={PAGE_SIZE}&offset={token}"
        next_page = {"offset": token, "path": path, "uri": _PUBLIC_URL + path}
    return {
        "data": [_compact_task(i) for i in range(start, start + PAGE_SIZE)],
        "next_page": next_page,
    }


def _encode(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Routes:
    """Every response body, pre-rendered: the task, the user and the pages by page key.

    A page key is :data:`FIRST_PAGE` for the request without an ``offset``, else the offset
    token itself.
    """

    task: bytes
    user_me: bytes
    pages: dict[str, bytes]


def render_routes() -> Routes:
    """Render every body once (50,000 compact tasks: about 7 MB, well under a second)."""
    pages = PROJECT_TASKS // PAGE_SIZE
    rendered = {
        FIRST_PAGE if page == 0 else offset_token(page): _encode(_task_page(page, pages))
        for page in range(pages)
    }
    return Routes(
        task=_encode({"data": full_task()}),
        user_me=_encode({"data": user_me()}),
        pages=rendered,
    )


def answer_sizes(level: int = 6) -> list[tuple[str, int, int]]:
    """``(answer, plain bytes, gzip bytes)`` of the bodies the workloads fetch: what
    ``Accept-Encoding: gzip`` saves on the wire (gzip at zlib's default ``level``)."""
    import gzip

    routes = render_routes()
    pages = list(routes.pages.values())
    page = pages[len(pages) // 2]
    answers = [
        ("(a) GET /tasks/<gid>, full task", routes.task),
        ("(b) GET /users/me", routes.user_me),
        ("(c) a page of 100 compact tasks", page),
    ]
    return [(name, len(body), len(gzip.compress(body, level))) for name, body in answers]
