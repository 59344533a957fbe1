"""``client.workspaces``: workspaces, their members, their event feed and typeahead."""

from __future__ import annotations

from typing import Any

import pytest
from typing_extensions import assert_type

from asana_typed import Client, InvalidTokenError
from asana_typed.models import AsanaNamedResource, EmptyResponse, Event, EventsPage, User, Workspace
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, covers, gids, iterated, record


@covers("workspaces.get_workspace", "workspaces.find_by_id")
@pytest.mark.parametrize("method", ["get_workspace", "find_by_id"])
def test_get_workspace_reads_one_workspace(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    workspace = getattr(client.workspaces, method)(ws)
    assert_sent(fake, "GET", f"/workspaces/{ws}")
    assert isinstance(workspace, Workspace)
    assert (workspace.gid, workspace.name, workspace.is_organization) == (
        ws,
        "Test Workspace",
        True,
    )


@covers("workspaces.get_workspaces", "workspaces.find_all")
@pytest.mark.parametrize("method", ["get_workspaces", "find_all"])
def test_get_workspaces_iterates_over_the_users_workspaces(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    second = fake.add_workspace(name="Second")
    fake.add_workspace(name="Not mine", include_me=False)
    workspaces = getattr(client.workspaces, method)()
    found = iterated(client, workspaces)
    assert_sent(fake, "GET", "/workspaces", query={"limit": "50"})
    assert all(isinstance(w, Workspace) for w in found)
    assert [(w.gid, w.name) for w in found] == [(ws, "Test Workspace"), (second["gid"], "Second")]


@covers("workspaces.update_workspace", "workspaces.update")
@pytest.mark.parametrize("method", ["update_workspace", "update"])
def test_update_workspace_renames_it(client: Client, fake: FakeAsana, ws: str, method: str) -> None:
    workspace = getattr(client.workspaces, method)(ws, {"name": "Renamed"})
    assert_sent(fake, "PUT", f"/workspaces/{ws}", json={"data": {"name": "Renamed"}})
    assert isinstance(workspace, Workspace)
    assert workspace.name == "Renamed"
    assert record(fake, "workspace", ws)["name"] == "Renamed"


@covers("workspaces.add_user_for_workspace", "workspaces.add_user")
@pytest.mark.parametrize("method", ["add_user_for_workspace", "add_user"])
def test_add_user_for_workspace_makes_the_user_a_member(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    other = fake.add_workspace(name="Other")
    bob = fake.add_user(name="Bob", workspaces=[other])
    user = getattr(client.workspaces, method)(ws, {"user": bob["gid"]})
    assert_sent(fake, "POST", f"/workspaces/{ws}/addUser", json={"data": {"user": bob["gid"]}})
    assert isinstance(user, User)
    assert (user.gid, user.name) == (bob["gid"], "Bob")
    assert gids(record(fake, "user", bob["gid"])["workspaces"]) == [other["gid"], ws]


@covers("workspaces.remove_user_for_workspace", "workspaces.remove_user")
@pytest.mark.parametrize("method", ["remove_user_for_workspace", "remove_user"])
def test_remove_user_for_workspace_ends_the_membership(
    client: Client, fake: FakeAsana, alice: str, ws: str, method: str
) -> None:
    result = getattr(client.workspaces, method)(ws, {"user": alice})
    assert_sent(fake, "POST", f"/workspaces/{ws}/removeUser", json={"data": {"user": alice}})
    assert isinstance(result, EmptyResponse)
    assert record(fake, "user", alice)["workspaces"] == []


def test_get_workspace_events_without_a_sync_token_raises_with_a_fresh_token(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    with pytest.raises(InvalidTokenError) as raised:
        client.workspaces.get_workspace_events(ws)
    assert_sent(fake, "GET", f"/workspaces/{ws}/events")
    assert raised.value.status == 412
    assert raised.value.sync


@covers("workspaces.get_workspace_events")
def test_get_workspace_events_lists_what_happened_since_the_sync_token(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    with pytest.raises(InvalidTokenError) as raised:
        client.workspaces.get_workspace_events(ws)
    token = str(raised.value.sync)
    task = fake.add_task(name="Fix the build")
    page = client.workspaces.get_workspace_events(ws, {"sync": token})
    assert_sent(fake, "GET", f"/workspaces/{ws}/events", query={"sync": token})
    assert_type(page, EventsPage)
    assert page.sync and page.sync != token
    assert all(isinstance(event, Event) for event in page.data)
    assert [(e.action, e.resource and e.resource.gid) for e in page.data] == [
        ("added", task["gid"])
    ]


def test_get_workspace_events_full_payload_keeps_the_next_sync_token(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    with pytest.raises(InvalidTokenError) as raised:
        client.workspaces.get_workspace_events(ws)
    token = str(raised.value.sync)
    body = client.workspaces.get_workspace_events(ws, {"sync": token}, full_payload=True)
    assert_type(body, dict[str, Any])
    assert body["data"] == []
    assert isinstance(body["sync"], str)
    assert body["has_more"] is False


@covers("workspaces.typeahead")
def test_typeahead_lists_the_objects_whose_name_matches(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    fake.add_project(name="Budget")
    found = client.workspaces.typeahead(ws, {"resource_type": "project", "query": "road"})
    assert_sent(
        fake,
        "GET",
        f"/workspaces/{ws}/typeahead",
        query={"resource_type": "project", "query": "road"},
    )
    assert_type(found, list[AsanaNamedResource])
    assert all(isinstance(item, AsanaNamedResource) for item in found)
    assert [(item.gid, item.name) for item in found] == [(roadmap["gid"], "Roadmap")]
