"""``client.users``: users by gid, ``me``, the members of a workspace or team, favorites."""

from __future__ import annotations

import pytest
from typing_extensions import assert_type

from asana_typed import Client
from asana_typed.models import AsanaNamedResource, User
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, covers, gids, iterated, record


@covers("users.get_user", "users.find_by_id")
@pytest.mark.parametrize("method", ["get_user", "find_by_id"])
def test_get_user_reads_one_user_by_gid(
    client: Client, fake: FakeAsana, alice: str, ws: str, method: str
) -> None:
    user = getattr(client.users, method)(alice, {"workspace": ws})
    assert_sent(fake, "GET", f"/users/{alice}", query={"workspace": ws})
    assert isinstance(user, User)
    assert (user.gid, user.name, user.email) == (alice, "Alice", "alice@example.com")


@covers("users.me")
def test_me_reads_the_authenticated_user(client: Client, fake: FakeAsana, me: str) -> None:
    user = client.users.me()
    assert_sent(fake, "GET", "/users/me")
    assert_type(user, User)
    assert isinstance(user, User)
    assert (user.gid, user.name) == (me, "Test User")
    assert gids(user.workspaces) == [fake.workspace["gid"]]


@covers("users.get_user_for_workspace")
def test_get_user_for_workspace_reads_a_member_of_the_workspace(
    client: Client, fake: FakeAsana, alice: str, ws: str
) -> None:
    user = client.users.get_user_for_workspace(ws, alice)
    assert_sent(fake, "GET", f"/workspaces/{ws}/users/{alice}")
    assert_type(user, User)
    assert isinstance(user, User)
    assert (user.gid, user.name) == (alice, "Alice")


@covers("users.get_users", "users.find_all")
@pytest.mark.parametrize("method", ["get_users", "find_all"])
def test_get_users_iterates_over_the_users_of_a_workspace(
    client: Client, fake: FakeAsana, me: str, alice: str, ws: str, method: str
) -> None:
    elsewhere = fake.add_workspace(name="Elsewhere", include_me=True)
    fake.add_user(name="Stranger", workspaces=[elsewhere])
    users = getattr(client.users, method)({"workspace": ws})
    found = iterated(client, users)
    assert_sent(fake, "GET", "/users", query={"workspace": ws, "limit": "50"})
    assert all(isinstance(user, User) for user in found)
    assert gids(found) == [me, alice]


@covers("users.get_users_for_team")
def test_get_users_for_team_lists_the_team_members(
    client: Client, fake: FakeAsana, me: str, alice: str
) -> None:
    fake.add_user(name="Not In The Team")
    team = fake.add_team(name="Platform", members=[me, alice])
    users = client.users.get_users_for_team(team["gid"])
    assert_sent(fake, "GET", f"/teams/{team['gid']}/users")
    assert_type(users, list[User])
    assert isinstance(users, list)
    assert all(isinstance(user, User) for user in users)
    assert gids(users) == [me, alice]


@covers("users.get_users_for_workspace", "users.find_by_workspace")
@pytest.mark.parametrize("method", ["get_users_for_workspace", "find_by_workspace"])
def test_get_users_for_workspace_lists_the_workspace_members(
    client: Client, fake: FakeAsana, me: str, alice: str, ws: str, method: str
) -> None:
    other = fake.add_workspace(name="Other", include_me=False)
    fake.add_user(name="Outsider", workspaces=[other])
    users = getattr(client.users, method)(ws)
    assert_sent(fake, "GET", f"/workspaces/{ws}/users")
    assert isinstance(users, list)
    assert all(isinstance(user, User) for user in users)
    assert gids(users) == [me, alice]


@covers("users.update_user")
def test_update_user_sends_the_workspace_in_the_query_and_renames_the_user(
    client: Client, fake: FakeAsana, alice: str, ws: str
) -> None:
    user = client.users.update_user(alice, {"workspace": ws, "name": "Alice B."})
    assert_sent(
        fake,
        "PUT",
        f"/users/{alice}",
        query={"workspace": ws},
        json={"data": {"name": "Alice B."}},
    )
    assert_type(user, User)
    assert isinstance(user, User)
    assert user.name == "Alice B."
    assert record(fake, "user", alice)["name"] == "Alice B."


@covers("users.update_user_for_workspace")
def test_update_user_for_workspace_renames_a_member(
    client: Client, fake: FakeAsana, alice: str, ws: str
) -> None:
    user = client.users.update_user_for_workspace(ws, alice, {"name": "Alice C."})
    assert_sent(fake, "PUT", f"/workspaces/{ws}/users/{alice}", json={"data": {"name": "Alice C."}})
    assert_type(user, User)
    assert isinstance(user, User)
    assert user.name == "Alice C."
    assert record(fake, "user", alice)["name"] == "Alice C."


@covers("users.get_favorites_for_user", "users.get_user_favorites")
@pytest.mark.parametrize("method", ["get_favorites_for_user", "get_user_favorites"])
def test_get_favorites_for_user_iterates_over_favorites_of_one_type(
    client: Client, fake: FakeAsana, me: str, ws: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    fake.add_project(name="Not a favourite")
    fake.add_favorite(roadmap, resource_type="project")
    fake.add_favorite(fake.add_tag(name="urgent"), resource_type="tag")
    favorites = getattr(client.users, method)(me, {"resource_type": "project", "workspace": ws})
    found = iterated(client, favorites)
    assert_sent(
        fake,
        "GET",
        f"/users/{me}/favorites",
        query={"resource_type": "project", "workspace": ws, "limit": "50"},
    )
    assert all(isinstance(item, AsanaNamedResource) for item in found)
    assert [(item.gid, item.name) for item in found] == [(roadmap["gid"], "Roadmap")]
