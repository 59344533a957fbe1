"""What each call shape returns: an item typed as its model, an ``EmptyResponse``, a lazy
item iterator, one page with ``iterator_type=None``, the whole body with ``full_payload``.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

from asana_typed import Client, ItemIterator, Page, RequestOptions
from asana_typed.models import AsanaNamedResource, EmptyResponse, Project, Task, Workspace
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, gids


def test_item_calls_are_typed_as_their_model(client: Client, fake: FakeAsana, ws: str) -> None:
    created = client.tasks.create_task({"name": "Typed", "workspace": ws})
    assert_type(created, Task)
    read = client.tasks.get_task(created.gid)
    assert_type(read, Task)
    updated = client.projects.update_project(fake.add_project(name="P")["gid"], {"name": "Q"})
    assert_type(updated, Project)
    assert (type(created), type(read), type(updated)) == (Task, Task, Project)


def test_actions_without_a_result_return_an_empty_response(client: Client, fake: FakeAsana) -> None:
    seeded = fake.add_task(name="Hotfix")
    result = client.tasks.add_tag_for_task(seeded["gid"], {"tag": fake.add_tag(name="t")["gid"]})
    assert_type(result, EmptyResponse)
    assert result == EmptyResponse()
    gone = client.tasks.delete_task(seeded["gid"])
    assert_type(gone, EmptyResponse)
    assert gone == EmptyResponse()


def test_collections_are_lazy_item_iterators(client: Client, fake: FakeAsana) -> None:
    roadmap = fake.add_project(name="Roadmap")
    tasks = [fake.add_task(name=f"Task {n}", projects=[roadmap]) for n in range(3)]
    fake.clear_requests()
    iterator = client.tasks.get_tasks_for_project(
        roadmap["gid"], options=RequestOptions(page_size=2)
    )
    assert_type(iterator, ItemIterator[Task])
    assert fake.requests == []
    assert gids(iterator) == gids(tasks)
    assert [(r.path, r.query["limit"], "offset" in r.query) for r in fake.requests] == [
        (f"/projects/{roadmap['gid']}/tasks", "2", False),
        (f"/projects/{roadmap['gid']}/tasks", "2", True),
    ]


def test_collections_with_iterator_type_none_return_one_page(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    fake.add_workspace(name="Second")
    page = client.workspaces.get_workspaces(iterator_type=None, options=RequestOptions(page_size=1))
    assert_sent(fake, "GET", "/workspaces", query={"limit": "1"})
    assert_type(page, Page[Workspace])
    assert isinstance(page, Page)
    assert gids(page.data) == [ws]
    assert page.next_page is not None
    favorites = client.users.get_favorites_for_user(
        "me", {"resource_type": "project", "workspace": ws}, iterator_type=None
    )
    assert_type(favorites, Page[AsanaNamedResource])
    assert (favorites.data, favorites.next_page) == ([], None)


def test_full_payload_returns_the_whole_json_body(client: Client, fake: FakeAsana) -> None:
    seeded = fake.add_task(name="Raw")
    body = client.tasks.get_task(seeded["gid"], full_payload=True)
    assert_type(body, dict[str, Any])
    assert set(body) == {"data"}
    assert (body["data"]["gid"], body["data"]["name"]) == (seeded["gid"], "Raw")
    page = client.tasks.get_subtasks_for_task(seeded["gid"], iterator_type=None, full_payload=True)
    assert_type(page, dict[str, Any])
    assert page == {"data": [], "next_page": None}
