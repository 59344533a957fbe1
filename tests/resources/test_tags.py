"""``client.tags``: tags of a workspace, of a task, the tasks with a tag.

The ``*_calls_are_typed`` test calls every name directly, so that mypy checks the return
type of each (``assert_type``).
"""

from __future__ import annotations

import pytest
from typing_extensions import assert_type

from asana_typed import Client, ItemIterator, Page
from asana_typed.models import EmptyResponse, Tag, Task
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, covers, gids, iterated, record


@covers("tags.create_tag", "tags.create")
@pytest.mark.parametrize("method", ["create_tag", "create"])
def test_create_tag_stores_a_new_tag_in_the_workspace(
    client: Client, fake: FakeAsana, ws: str, alice: str, method: str
) -> None:
    data = {
        "name": "urgent",
        "workspace": ws,
        "color": "dark-red",
        "notes": "Drop everything",
        "followers": [alice],
    }
    tag = getattr(client.tags, method)(data)
    assert_sent(fake, "POST", "/tags", json={"data": data})
    assert isinstance(tag, Tag)
    assert tag.workspace is not None
    assert (tag.name, tag.color, tag.notes, tag.workspace.gid) == (
        "urgent",
        "dark-red",
        "Drop everything",
        ws,
    )
    assert gids(tag.followers) == [alice]
    stored = record(fake, "tag", tag.gid)
    assert (stored["name"], stored["workspace"]["gid"], gids(stored["followers"])) == (
        "urgent",
        ws,
        [alice],
    )


@covers("tags.create_tag_for_workspace", "tags.create_in_workspace")
@pytest.mark.parametrize("method", ["create_tag_for_workspace", "create_in_workspace"])
def test_create_tag_for_workspace_stores_a_tag_in_that_workspace(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    tag = getattr(client.tags, method)(ws, {"name": "later", "color": "light-teal"})
    assert_sent(
        fake,
        "POST",
        f"/workspaces/{ws}/tags",
        json={"data": {"name": "later", "color": "light-teal"}},
    )
    assert isinstance(tag, Tag)
    assert tag.workspace is not None
    assert (tag.name, tag.color, tag.workspace.gid) == ("later", "light-teal", ws)
    assert record(fake, "tag", tag.gid)["workspace"]["gid"] == ws


@covers("tags.get_tag", "tags.find_by_id")
@pytest.mark.parametrize("method", ["get_tag", "find_by_id"])
def test_get_tag_reads_one_tag(client: Client, fake: FakeAsana, ws: str, method: str) -> None:
    seeded = fake.add_tag(name="urgent")
    tag = getattr(client.tags, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/tags/{seeded['gid']}")
    assert isinstance(tag, Tag)
    assert tag.workspace is not None
    assert (tag.gid, tag.name, tag.workspace.gid, tag.permalink_url) == (
        seeded["gid"],
        "urgent",
        ws,
        seeded["permalink_url"],
    )


@covers("tags.update_tag", "tags.update")
@pytest.mark.parametrize("method", ["update_tag", "update"])
def test_update_tag_changes_the_given_fields(client: Client, fake: FakeAsana, method: str) -> None:
    seeded = fake.add_tag(name="urgent")
    tag = getattr(client.tags, method)(seeded["gid"], {"name": "critical", "color": "dark-pink"})
    assert_sent(
        fake,
        "PUT",
        f"/tags/{seeded['gid']}",
        json={"data": {"name": "critical", "color": "dark-pink"}},
    )
    assert isinstance(tag, Tag)
    assert (tag.gid, tag.name, tag.color) == (seeded["gid"], "critical", "dark-pink")
    stored = record(fake, "tag", seeded["gid"])
    assert (stored["name"], stored["color"]) == ("critical", "dark-pink")


@covers("tags.delete_tag", "tags.delete")
@pytest.mark.parametrize("method", ["delete_tag", "delete"])
def test_delete_tag_removes_it_from_the_workspace_and_its_tasks(
    client: Client, fake: FakeAsana, method: str
) -> None:
    seeded = fake.add_tag(name="obsolete")
    tagged = fake.add_task(name="Tagged", tags=[seeded["gid"]])
    result = getattr(client.tags, method)(seeded["gid"])
    assert_sent(fake, "DELETE", f"/tags/{seeded['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("tag", seeded["gid"]) is None
    assert record(fake, "task", tagged["gid"])["tags"] == []


@covers("tags.get_tags", "tags.find_all")
@pytest.mark.parametrize("method", ["get_tags", "find_all"])
def test_get_tags_iterates_over_the_tags_of_a_workspace(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    urgent = fake.add_tag(name="urgent")
    later = fake.add_tag(name="later")
    fake.add_tag(name="elsewhere", workspace=fake.add_workspace(name="Other"))
    tags = getattr(client.tags, method)({"workspace": ws})
    found = iterated(client, tags)
    assert_sent(fake, "GET", "/tags", query={"workspace": ws, "limit": "50"})
    assert all(isinstance(tag, Tag) for tag in found)
    assert [(t.gid, t.name) for t in found] == [(urgent["gid"], "urgent"), (later["gid"], "later")]


@covers("tags.get_tags_for_task")
def test_get_tags_for_task_iterates_over_the_tags_of_the_task(
    client: Client, fake: FakeAsana
) -> None:
    urgent = fake.add_tag(name="urgent")
    fake.add_tag(name="unused")
    seeded = fake.add_task(name="Hotfix", tags=[urgent["gid"]])
    tags = client.tags.get_tags_for_task(seeded["gid"])
    found = iterated(client, tags)
    assert_sent(fake, "GET", f"/tasks/{seeded['gid']}/tags", query={"limit": "50"})
    assert all(isinstance(tag, Tag) for tag in found)
    assert [(t.gid, t.name) for t in found] == [(urgent["gid"], "urgent")]


@covers("tags.get_tags_for_workspace", "tags.find_by_workspace")
@pytest.mark.parametrize("method", ["get_tags_for_workspace", "find_by_workspace"])
def test_get_tags_for_workspace_iterates_over_its_tags(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    urgent = fake.add_tag(name="urgent")
    fake.add_tag(name="elsewhere", workspace=fake.add_workspace(name="Other"))
    tags = getattr(client.tags, method)(ws)
    found = iterated(client, tags)
    assert_sent(fake, "GET", f"/workspaces/{ws}/tags", query={"limit": "50"})
    assert all(isinstance(tag, Tag) for tag in found)
    assert [(t.gid, t.name) for t in found] == [(urgent["gid"], "urgent")]


@covers("tags.get_tasks_with_tag")
def test_get_tasks_with_tag_iterates_over_the_tagged_tasks(client: Client, fake: FakeAsana) -> None:
    urgent = fake.add_tag(name="urgent")
    tagged = fake.add_task(name="Hotfix", tags=[urgent["gid"]])
    fake.add_task(name="Untagged")
    tasks = client.tags.get_tasks_with_tag(urgent["gid"])
    found = iterated(client, tasks)
    assert_sent(fake, "GET", f"/tags/{urgent['gid']}/tasks", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert [(t.gid, t.name) for t in found] == [(tagged["gid"], "Hotfix")]


def test_tag_calls_are_typed(client: Client, fake: FakeAsana, ws: str) -> None:
    tag = client.tags.create_tag({"name": "a", "workspace": ws})
    assert_type(tag, Tag)
    assert_type(client.tags.create({"name": "b", "workspace": ws}), Tag)
    assert_type(client.tags.create_tag_for_workspace(ws, {"name": "c"}), Tag)
    assert_type(client.tags.create_in_workspace(ws, {"name": "d"}), Tag)
    assert_type(client.tags.get_tag(tag.gid), Tag)
    assert_type(client.tags.find_by_id(tag.gid), Tag)
    assert_type(client.tags.update_tag(tag.gid, {"notes": "x"}), Tag)
    assert_type(client.tags.update(tag.gid, {"notes": "y"}), Tag)
    assert_type(client.tags.get_tags({"workspace": ws}), ItemIterator[Tag])
    assert_type(client.tags.find_all({"workspace": ws}), ItemIterator[Tag])
    assert_type(client.tags.get_tags_for_workspace(ws), ItemIterator[Tag])
    assert_type(client.tags.find_by_workspace(ws), ItemIterator[Tag])
    seeded = fake.add_task(name="Tagged", tags=[tag.gid])
    assert_type(client.tags.get_tags_for_task(seeded["gid"]), ItemIterator[Tag])
    assert_type(client.tags.get_tasks_with_tag(tag.gid), ItemIterator[Task])
    page = client.tags.get_tags_for_workspace(ws, iterator_type=None)
    assert_type(page, Page[Tag])
    assert isinstance(page, Page)
    assert len(page.data) == 4
    assert_type(client.tags.delete_tag(tag.gid), EmptyResponse)
    assert_type(client.tags.delete(page.data[1].gid), EmptyResponse)
