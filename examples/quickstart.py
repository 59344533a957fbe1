"""The contract's quickstart: who am I, make a project, add tasks, list them.

Runs against Asana when ASANA_ACCESS_TOKEN is set, else against an in-process FakeAsana:

    python examples/quickstart.py
"""

from __future__ import annotations

from _connect import make_client

from asana_typed import RequestOptions


def main() -> None:
    with make_client() as client:
        me = client.users.me()
        print("Hello " + (me.name or ""))
        workspace_gid = me.workspaces[0].gid
        project = client.projects.create_in_workspace(workspace_gid, {"name": "new project"})
        for n in range(3):
            client.tasks.create_task({"name": f"task {n}", "projects": [project.gid]})
        for task in client.tasks.find_by_project(project.gid, options=RequestOptions(page_size=2)):
            print(f"{task.gid}  {task.name}")
        client.projects.delete_project(project.gid)


if __name__ == "__main__":
    main()
