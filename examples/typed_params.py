"""Typed params: annotated dicts, ``opt_fields`` paths, and a listing a page at a time.

Runs against Asana when ASANA_ACCESS_TOKEN is set, else against an in-process FakeAsana:

    python examples/typed_params.py
"""

from __future__ import annotations

import datetime

from _connect import make_client

from asana_typed import RequestOptions
from asana_typed.params import CreateTaskParams, GetTasksForProjectParams


def main() -> None:
    with make_client() as client:
        me = client.users.me({"opt_fields": ["name", "workspaces.name"]})
        workspace = me.workspaces[0]
        project = client.projects.create_project_for_workspace(
            workspace.gid, {"name": "typed params example"}
        )
        try:
            for n in range(5):
                # Annotated, so mypy checks (and your editor completes) each key where it is
                # written; a misspelt key is named in mypy's error.
                params: CreateTaskParams = {"name": f"task {n}", "projects": [project.gid]}
                if n % 2 == 0:
                    params["due_on"] = datetime.date(2030, 1, n + 1)
                client.tasks.create_task(params)

            listing: GetTasksForProjectParams = {"opt_fields": ["name", "due_on"]}
            offset: str | None = None
            while True:  # a page at a time, two tasks per page
                page = client.tasks.get_tasks_for_project(
                    project.gid,
                    listing,
                    iterator_type=None,
                    options=RequestOptions(page_size=2, offset=offset),
                )
                print("page:", ", ".join(f"{t.name} (due {t.due_on})" for t in page.data))
                if page.next_page is None:
                    break
                offset = page.next_page.offset
        finally:
            client.projects.delete_project(project.gid)


if __name__ == "__main__":
    main()
