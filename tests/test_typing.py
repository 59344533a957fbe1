"""What users' IDEs and mypy see: ``assert_type`` on every call form of contract sections 3-4.

mypy checks the ``assert_type`` lines statically (CI runs mypy on tests/); pytest runs the same
calls against FakeAsana, so the types are also true at run time. ``test_mypy_rejects_*`` check
that mypy refuses what it must refuse.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest
from typing_extensions import assert_type

from asana_typed import (
    ApiResponse,
    AsyncClient,
    BulkResult,
    Client,
    ItemIterator,
    NotFoundError,
    Page,
    RequestOptions,
)
from asana_typed._page import NextPage
from asana_typed._pagination import AsyncItemIterator
from asana_typed.models import (
    Attachment,
    EmptyResponse,
    Event,
    EventsPage,
    Project,
    Task,
    User,
    Workspace,
)
from asana_typed.testing import FakeAsana

ROOT = Path(__file__).resolve().parents[1]


def test_quickstart_types(fake: FakeAsana, client: Client) -> None:
    me = client.users.me()
    assert_type(me, User)
    assert_type(me.name, str | None)
    workspace_gid = me.workspaces[0].gid
    assert_type(me.workspaces, list[Workspace])
    assert_type(workspace_gid, str)
    project = client.projects.create_in_workspace(workspace_gid, {"name": "new project"})
    assert_type(project, Project)
    raw = client.users.me(full_payload=True)
    assert_type(raw, dict[str, Any])
    assert set(raw) >= {"data"}
    assert isinstance(me, User)
    assert isinstance(project, Project)


def test_collection_types(fake: FakeAsana, client: Client) -> None:
    workspaces = client.workspaces.find_all()
    assert_type(workspaces, ItemIterator[Workspace])
    for workspace in workspaces:
        assert_type(workspace, Workspace)
        assert_type(workspace.name, str | None)
    page = client.workspaces.find_all(iterator_type=None, options=RequestOptions(offset=None))
    assert_type(page, Page[Workspace])
    assert_type(page.data, list[Workspace])
    assert_type(page.next_page, NextPage | None)
    for item in page:
        assert_type(item, Workspace)
    raw_page = client.workspaces.find_all(iterator_type=None, full_payload=True)
    assert_type(raw_page, dict[str, Any])
    listed = client.users.get_users_for_workspace(fake.workspace["gid"])
    assert_type(listed, list[User])
    assert isinstance(page, Page)
    assert isinstance(listed, list)


def test_task_field_types(fake: FakeAsana, client: Client) -> None:
    gid = client.tasks.create_task({"name": "typed", "workspace": fake.workspace["gid"]}).gid
    task = client.tasks.get_task(gid)
    assert_type(task, Task)
    assert_type(task.gid, str)
    assert_type(task.completed, bool | None)
    assert_type(task.due_on, dt.date | None)
    assert_type(task.created_at, dt.datetime | None)
    assert_type(task.followers, list[User])
    assert_type(task.assignee, User | None)
    deleted = client.tasks.delete_task(gid)
    assert_type(deleted, EmptyResponse)
    assert isinstance(deleted, EmptyResponse)


def test_legacy_aliases_have_the_same_types(fake: FakeAsana, client: Client) -> None:
    gid = client.tasks.create_in_workspace(fake.workspace["gid"], {"name": "legacy"}).gid
    assert_type(client.tasks.find_by_id(gid), Task)
    assert_type(client.users.find_by_id("me"), User)
    assert_type(
        client.tasks.find_all({"workspace": fake.workspace["gid"], "assignee": "me"}),
        ItemIterator[Task],
    )
    assert_type(client.tasks.update(gid, {"name": "renamed"}), Task)


def test_every_call_shape_types(fake: FakeAsana, client: Client) -> None:
    """0/1/2 path params, required params, opt_fields, lists, uploads, legacy gid params."""
    workspace = fake.workspace["gid"]
    task = client.tasks.create_task({"name": "shapes", "workspace": workspace})
    assert_type(task, Task)
    fetched = client.tasks.get_task(task.gid, {"opt_fields": ["name", "assignee.name"]})
    assert_type(fetched, Task)
    with pytest.raises(NotFoundError):
        by_custom_id = client.tasks.get_task_for_custom_id(workspace, "X-1", full_payload=True)
        assert_type(by_custom_id, dict[str, Any])
    tasks = client.tasks.get_tasks({"workspace": workspace, "assignee": "me"})
    assert_type(tasks, ItemIterator[Task])
    found = client.tasks.search_tasks_for_workspace(workspace, {"opt_fields": ["name"]})
    assert_type(found, list[Task])
    every = client.tasks.search_all_tasks_for_workspace(workspace, {"opt_fields": ["name"]})
    assert_type(every, ItemIterator[Task])
    uploaded = client.attachments.create_attachment_for_object(
        {"parent": task.gid, "file": ("a.txt", b"a"), "opt_fields": ["name"]}
    )
    assert_type(uploaded, Attachment)
    legacy = client.attachments.create_on_task(task.gid, b"b", "b.txt")
    assert_type(legacy, Attachment)
    assert_type(client.attachments.find_by_task(task.gid), ItemIterator[Attachment])
    assert_type(client.tasks.create_in_workspace(workspace, {"name": "x"}), Task)
    assert fetched.name == "shapes"
    assert [type(t) for t in found] == [Task] * len(found)
    assert uploaded.gid


async def _async_forms(client: AsyncClient) -> None:
    """Type-checked only: the async forms of the same calls (tests run them elsewhere)."""
    assert_type(
        asyncio.create_task(client.tasks.get_task("1", {"opt_fields": ["name"]})),
        asyncio.Task[Task],
    )
    assert_type(await client.tasks.get_task_for_custom_id("1", "X-1"), Task)
    assert_type(await client.tasks.create_task({"name": "x"}), Task)
    assert_type(await client.tasks.create_task({"name": "x"}, full_payload=True), dict[str, Any])
    assert_type(client.tasks.get_tasks({"project": "1"}), AsyncItemIterator[Task])
    raw = await client.tasks.get_tasks({"project": "1"}, iterator_type=None, full_payload=True)
    assert_type(raw, dict[str, Any])
    assert_type(await client.tasks.search_tasks_for_workspace("1"), list[Task])
    assert_type(client.tasks.search_all_tasks_for_workspace("1"), AsyncItemIterator[Task])
    async for found in client.tasks.search_all_tasks_for_workspace("1", {"text": "x"}):
        assert_type(found, Task)
    upload = client.attachments.create_attachment_for_object({"parent": "1", "file": b"x"})
    assert_type(await upload, Attachment)
    assert_type(await client.tasks.create_in_workspace("1", {"name": "x"}), Task)
    assert_type(await client.users.me(), User)
    assert_type(await client.users.me(full_payload=True), dict[str, Any])
    assert_type(client.workspaces.find_all(), AsyncItemIterator[Workspace])
    async for workspace in client.workspaces.find_all():
        assert_type(workspace, Workspace)
    assert_type(await client.workspaces.find_all(iterator_type=None), Page[Workspace])
    assert_type(await client.tasks.get_task("1"), Task)
    assert_type(await client.tasks.delete_task("1"), EmptyResponse)
    assert_type(await client.users.get_users_for_workspace("1"), list[User])
    assert_type(await client.events.get({"resource": "1"}), EventsPage)
    assert_type(await client.events.get_next({"resource": "1"}), tuple[list[Event], str])
    async for event in client.events.get_iterator({"resource": "1"}):
        assert_type(event, Event)
    assert_type(await client.attachments.create_on_task("1", b"x", "x.txt"), Attachment)
    async for result in client.bulk(client.tasks.get_task, ["1", "2"]):
        assert_type(result, BulkResult[str, Task])
    assert_type(await client.tasks.get_task("1", raw_response=True), ApiResponse[Task])
    coroutine: Coroutine[Any, Any, ApiResponse[Task]] = client.tasks.get_task(
        "1", raw_response=True
    )
    assert_type(await coroutine, ApiResponse[Task])
    raw_page = await client.tasks.get_tasks({"project": "1"}, iterator_type=None, raw_response=True)
    assert_type(raw_page, ApiResponse[Page[Task]])
    assert_type(
        await client.users.me(full_payload=True, raw_response=True),
        ApiResponse[dict[str, Any]],
    )
    assert_type(await client.tasks.delete_task("1", raw_response=True), ApiResponse[EmptyResponse])


def test_raw_response_types(fake: FakeAsana, client: Client) -> None:
    workspace = fake.workspace["gid"]
    created = client.tasks.create_task({"name": "typed", "workspace": workspace}, raw_response=True)
    assert_type(created, ApiResponse[Task])
    assert_type(created.value, Task)
    assert_type(created.status_code, int)
    assert_type(created.request_id, str | None)
    fetched = client.tasks.get_task(created.value.gid, raw_response=True)
    assert_type(fetched, ApiResponse[Task])
    page = client.tasks.get_tasks(
        {"workspace": workspace, "assignee": "me"}, iterator_type=None, raw_response=True
    )
    assert_type(page, ApiResponse[Page[Task]])
    found = client.tasks.search_tasks_for_workspace(workspace, raw_response=True)
    assert_type(found, ApiResponse[list[Task]])
    raw = client.users.me(full_payload=True, raw_response=True)
    assert_type(raw, ApiResponse[dict[str, Any]])
    assert_type(client.tasks.delete_task(created.value.gid, raw_response=True).value, EmptyResponse)
    assert fetched.value.name == "typed"
    assert [type(task) for task in found.value] == [Task] * len(found.value)
    assert set(raw.value) >= {"data"}


REJECTED = {
    "misspelled option": "RequestOptions(pag_size=10)",
    "misspelled option assigned": "client.options.pag_size = 10",
    "wrong option type": "client.options.page_size = 'x'",
    "misspelled param key": "client.tasks.get_tasks({'projct': '1'})",
    "wrong param value type": "client.tasks.create_task({'name': 'x', 'completed': 'yes'})",
    "params on a gid-less call given a gid": "client.users.me('1', {})",
    "missing required params": "client.tasks.update_task('1')",
    "unknown method": "client.tasks.get_taks('1')",
    "misspelled opt_fields path": "client.tasks.get_task('1', {'opt_fields': ['nmae']})",
    "opt_fields path of another model": "client.users.me({'opt_fields': ['assignee']})",
    "opt_fields as one string": "client.tasks.get_task('1', {'opt_fields': 'name'})",
    "paging field on an item call": "client.tasks.get_task('1', {'opt_fields': ['offset']})",
    "raw_response on an item iterator": "client.tasks.get_tasks({}, raw_response=True)",
}


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    """Run mypy once over every snippet (one per line); errors by line number."""
    api = pytest.importorskip("mypy.api")
    header = "from asana_typed import Client, RequestOptions\nclient = Client.access_token('t')\n"
    path = tmp_path_factory.mktemp("mypy") / "snippets.py"
    path.write_text(header + "\n".join(REJECTED.values()) + "\n")
    stdout, _, _ = api.run(
        [
            "--config-file",
            str(ROOT / "mypy.ini"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "--no-error-summary",
            str(path),
        ]
    )
    errors: dict[int, str] = {}
    for line in stdout.splitlines():
        parts = line.split(":", 3)
        if len(parts) == 4 and parts[0].endswith("snippets.py") and "error" in parts[2]:
            errors.setdefault(int(parts[1]), parts[3])
    return errors


@pytest.mark.parametrize("line", range(len(REJECTED)), ids=list(REJECTED))
def test_mypy_rejects(mypy_errors: dict[int, str], line: int) -> None:
    snippet = list(REJECTED.values())[line]
    assert line + 3 in mypy_errors, f"mypy accepted: {snippet}"
