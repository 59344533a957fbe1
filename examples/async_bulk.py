"""AsyncClient: many calls at once, under Asana's concurrency limits, with per-item errors.

Runs against Asana when ASANA_ACCESS_TOKEN is set, else against an in-process FakeAsana:

    python examples/async_bulk.py
"""

from __future__ import annotations

import asyncio

from _connect import make_async_client


async def main() -> None:
    async with make_async_client() as client:
        me = await client.users.me()
        project = await client.projects.create_project_for_workspace(
            me.workspaces[0].gid, {"name": "async example"}
        )
        try:
            created = await asyncio.gather(
                *(
                    client.tasks.create_task({"name": f"task {n}", "projects": [project.gid]})
                    for n in range(20)
                )
            )
            print(f"created {len(created)} tasks at once")

            gids = [task.gid for task in created[:3]] + ["0"]  # the last one does not exist
            async for result in client.bulk(client.tasks.get_task, gids):
                if result.ok:
                    print("got", result.unwrap().name)
                else:
                    print("failed", result.item, type(result.error).__name__)

            names = [task.name async for task in client.tasks.get_tasks_for_project(project.gid)]
            print(f"the project lists {len(names)} tasks")
        finally:
            await client.projects.delete_project(project.gid)


if __name__ == "__main__":
    asyncio.run(main())
