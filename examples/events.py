"""Following a project's events feed: the first sync token, changes, the events they make.

Runs against Asana when ASANA_ACCESS_TOKEN is set, else against an in-process FakeAsana:

    python examples/events.py
"""

from __future__ import annotations

from _connect import make_client

from asana_typed import InvalidTokenError


def main() -> None:
    with make_client() as client:
        me = client.users.me()
        project = client.projects.create_project_for_workspace(
            me.workspaces[0].gid, {"name": "events example"}
        )
        try:
            try:
                client.events.get({"resource": project.gid})  # no token yet: a 412
                raise SystemExit("expected a fresh sync token")
            except InvalidTokenError as error:
                assert error.sync is not None
                sync = error.sync

            task = client.tasks.create_task({"name": "watch me", "projects": [project.gid]})
            client.tasks.update_task(task.gid, {"completed": True})

            # get_next polls (every poll_interval seconds) until there is something to say.
            events, sync = client.events.get_next({"resource": project.gid, "sync": sync})
            for event in events:
                name = event.resource.name if event.resource else None
                print(f"{event.action} {event.type}: {name}")
        finally:
            client.projects.delete_project(project.gid)


if __name__ == "__main__":
    main()
