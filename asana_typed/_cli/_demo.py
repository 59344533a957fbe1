"""``asana-typed demo``: the quickstart, against Asana or the bundled FakeAsana.

With ``ASANA_ACCESS_TOKEN`` set the demo talks to Asana (and creates, then deletes, one
project and its tasks in your first workspace); without it, to an in-process FakeAsana.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .. import Client, NotFoundError, RequestOptions, __version__
from ..models import Project, Task
from ._commands import TOKEN_VARIABLE

__all__ = ["demo"]


def _client() -> tuple[Client, str]:
    token = os.environ.get(TOKEN_VARIABLE)
    if token:
        return Client.access_token(token), f"Asana ({TOKEN_VARIABLE} is set)"
    from ..testing import FakeAsana

    return FakeAsana().client(), "the bundled FakeAsana"


def demo(out: Callable[[str], None] = print) -> int:
    """Run the quickstart; ``out`` receives each line to show."""
    client, where = _client()
    out(f"asana_typed {__version__}: talking to {where}")
    with client:
        me = client.users.me()
        out(f"Hello {me.name or ''} <{me.email or 'no email'}>")
        workspace = me.workspaces[0]
        out(f"Workspace: {workspace.name} ({workspace.gid})")

        project: Project = client.projects.create_in_workspace(
            workspace.gid, {"name": "asana_typed demo project"}
        )
        out(f"Created project {project.name!r} ({project.gid})")
        try:
            for n in range(1, 8):
                task: Task = client.tasks.create_task(
                    {"name": f"demo task {n}", "projects": [project.gid], "completed": n % 3 == 0}
                )
            out(f"Created 7 tasks, the last one {task.name!r} ({task.gid})")

            out("Tasks of the project, 3 per page, at most 5 (lazy iterator):")
            options = RequestOptions(page_size=3, item_limit=5, fields=["name", "completed"])
            for item in client.tasks.get_tasks_for_project(project.gid, options=options):
                out(f"  - {item.name} (completed: {item.completed})")

            page = client.tasks.find_by_project(
                project.gid, iterator_type=None, options=RequestOptions(page_size=2)
            )
            offset = page.next_page.offset if page.next_page else None
            out(f"One raw page: {[t.name for t in page.data]}, next offset {offset!r}")

            raw = client.users.me(full_payload=True)
            out(f"full_payload=True gives the JSON body: keys {sorted(raw)}")

            try:
                client.tasks.get_task("0")
            except NotFoundError as error:
                out(f"Errors are typed: {type(error).__name__} {error.status}: {error}")
        finally:
            for item in client.tasks.get_tasks_for_project(project.gid):
                client.tasks.delete_task(item.gid)
            client.projects.delete_project(project.gid)
            out("Cleaned up the demo project and its tasks")
    return 0
