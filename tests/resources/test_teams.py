"""``client.teams``: teams of an organization or a user, and their members.

The ``*_calls_are_typed`` test calls every name directly, so that mypy checks the return
type of each (``assert_type``).
"""

from __future__ import annotations

import pytest
from typing_extensions import assert_type

from asana_typed import Client, ItemIterator, Page
from asana_typed.models import EmptyResponse, Team, TeamMembership, User
from asana_typed.params import CreateTeamParams
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, covers, gids, iterated, record, team_members


@covers("teams.create_team")
def test_create_team_stores_a_team_of_the_organization_with_the_caller_as_member(
    client: Client, fake: FakeAsana, ws: str, me: str
) -> None:
    data: CreateTeamParams = {
        "name": "Platform",
        "organization": ws,
        "description": "Infrastructure",
        "visibility": "request_to_join",
    }
    team = client.teams.create_team(data)
    assert_sent(fake, "POST", "/teams", json={"data": data})
    assert_type(team, Team)
    assert isinstance(team, Team)
    assert team.organization is not None
    assert (team.name, team.visibility, team.organization.gid) == (
        "Platform",
        "request_to_join",
        ws,
    )
    stored = record(fake, "team", team.gid)
    assert (stored["name"], stored["visibility"]) == ("Platform", "request_to_join")
    assert team_members(fake, team.gid) == [me]


@covers("teams.get_team", "teams.find_by_id")
@pytest.mark.parametrize("method", ["get_team", "find_by_id"])
def test_get_team_reads_one_team(client: Client, fake: FakeAsana, ws: str, method: str) -> None:
    seeded = fake.add_team(name="Platform")
    team = getattr(client.teams, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/teams/{seeded['gid']}")
    assert isinstance(team, Team)
    assert team.organization is not None
    assert (team.gid, team.name, team.organization.gid, team.permalink_url) == (
        seeded["gid"],
        "Platform",
        ws,
        seeded["permalink_url"],
    )


@covers("teams.update_team")
def test_update_team_changes_the_given_fields(client: Client, fake: FakeAsana) -> None:
    seeded = fake.add_team(name="Platform")
    team = client.teams.update_team(seeded["gid"], {"name": "Infra", "visibility": "public"})
    assert_sent(
        fake,
        "PUT",
        f"/teams/{seeded['gid']}",
        json={"data": {"name": "Infra", "visibility": "public"}},
    )
    assert_type(team, Team)
    assert isinstance(team, Team)
    assert (team.gid, team.name, team.visibility) == (seeded["gid"], "Infra", "public")
    stored = record(fake, "team", seeded["gid"])
    assert (stored["name"], stored["visibility"]) == ("Infra", "public")


@covers("teams.get_teams_for_workspace", "teams.find_by_organization")
@pytest.mark.parametrize("method", ["get_teams_for_workspace", "find_by_organization"])
def test_get_teams_for_workspace_iterates_over_the_teams_of_the_organization(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    platform = fake.add_team(name="Platform")
    design = fake.add_team(name="Design", members=[])
    other = fake.add_workspace(name="Other Org", is_organization=True)
    fake.add_team(name="Elsewhere", organization=other)
    teams = getattr(client.teams, method)(ws)
    found = iterated(client, teams)
    assert_sent(fake, "GET", f"/workspaces/{ws}/teams", query={"limit": "50"})
    assert all(isinstance(team, Team) for team in found)
    assert [(t.gid, t.name) for t in found] == [
        (platform["gid"], "Platform"),
        (design["gid"], "Design"),
    ]


@covers("teams.get_teams_for_user", "teams.find_by_user")
@pytest.mark.parametrize("method", ["get_teams_for_user", "find_by_user"])
def test_get_teams_for_user_iterates_over_the_users_teams_in_the_organization(
    client: Client, fake: FakeAsana, ws: str, me: str, alice: str, method: str
) -> None:
    platform = fake.add_team(name="Platform", members=[me, alice])
    fake.add_team(name="Design", members=[me])
    teams = getattr(client.teams, method)(alice, {"organization": ws})
    found = iterated(client, teams)
    assert_sent(fake, "GET", f"/users/{alice}/teams", query={"organization": ws, "limit": "50"})
    assert all(isinstance(team, Team) for team in found)
    assert [(t.gid, t.name) for t in found] == [(platform["gid"], "Platform")]


@covers("teams.users")
def test_users_lists_the_members_of_the_team(
    client: Client, fake: FakeAsana, me: str, alice: str
) -> None:
    fake.add_user(name="Not In The Team")
    team = fake.add_team(name="Platform", members=[me, alice])
    users = client.teams.users(team["gid"])
    assert_sent(fake, "GET", f"/teams/{team['gid']}/users")
    assert_type(users, list[User])
    assert isinstance(users, list)
    assert all(isinstance(user, User) for user in users)
    assert [(u.gid, u.name) for u in users] == [(me, "Test User"), (alice, "Alice")]


@covers("teams.add_user_for_team", "teams.add_user")
@pytest.mark.parametrize("method", ["add_user_for_team", "add_user"])
def test_add_user_for_team_makes_the_user_a_member(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    team = fake.add_team(name="Platform")
    membership = getattr(client.teams, method)(team["gid"], {"user": alice})
    assert_sent(fake, "POST", f"/teams/{team['gid']}/addUser", json={"data": {"user": alice}})
    assert isinstance(membership, TeamMembership)
    assert membership.user is not None and membership.team is not None
    assert (membership.user.gid, membership.team.gid, membership.is_guest) == (
        alice,
        team["gid"],
        False,
    )
    assert team_members(fake, team["gid"]) == [me, alice]
    assert record(fake, "team_membership", membership.gid)["user"]["gid"] == alice


@covers("teams.remove_user_for_team", "teams.remove_user")
@pytest.mark.parametrize("method", ["remove_user_for_team", "remove_user"])
def test_remove_user_for_team_ends_the_membership(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    team = fake.add_team(name="Platform", members=[me, alice])
    result = getattr(client.teams, method)(team["gid"], {"user": alice})
    assert_sent(fake, "POST", f"/teams/{team['gid']}/removeUser", json={"data": {"user": alice}})
    assert isinstance(result, EmptyResponse)
    assert team_members(fake, team["gid"]) == [me]
    assert [u["gid"] for u in fake.records("user") if u["gid"] in (me, alice)] == [me, alice]


def test_team_calls_are_typed(client: Client, fake: FakeAsana, ws: str, me: str) -> None:
    alice = fake.add_user(name="Alice")["gid"]
    team = client.teams.create_team({"name": "Platform", "organization": ws})
    assert_type(team, Team)
    assert_type(client.teams.get_team(team.gid), Team)
    assert_type(client.teams.find_by_id(team.gid), Team)
    assert_type(client.teams.update_team(team.gid, {"name": "Infra"}), Team)
    assert_type(client.teams.get_teams_for_workspace(ws), ItemIterator[Team])
    assert_type(client.teams.find_by_organization(ws), ItemIterator[Team])
    assert_type(client.teams.get_teams_for_user(me, {"organization": ws}), ItemIterator[Team])
    assert_type(client.teams.find_by_user(me, {"organization": ws}), ItemIterator[Team])
    page = client.teams.get_teams_for_workspace(ws, iterator_type=None)
    assert_type(page, Page[Team])
    assert isinstance(page, Page)
    assert gids(page.data) == [team.gid]
    assert_type(client.teams.users(team.gid), list[User])
    membership = client.teams.add_user_for_team(team.gid, {"user": alice})
    assert_type(membership, TeamMembership)
    assert isinstance(membership, TeamMembership)
    assert_type(client.teams.add_user(team.gid, {"user": alice}), TeamMembership)
    assert_type(client.teams.remove_user_for_team(team.gid, {"user": alice}), EmptyResponse)
    client.teams.add_user(team.gid, {"user": alice})
    assert_type(client.teams.remove_user(team.gid, {"user": alice}), EmptyResponse)
    assert team_members(fake, team.gid) == [me]
