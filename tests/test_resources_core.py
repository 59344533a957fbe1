"""Users, Workspaces, Projects and Tasks: every operation and every legacy name, against FakeAsana.

Each test makes one call through ``client.<resource>.<method>(...)`` and checks what went over
the wire (method, path with the real gids, the query or the JSON body), what came back (a
model, a list, an ``ItemIterator``, an ``EmptyResponse``) and, where the call changes
something, the fake's state afterwards. A legacy name is run through the same test as its
operation (parametrized on the method name), so both are held to one specification. The
shared ``client`` fixture runs every test with a ``Client`` and with an ``AsyncClient``.

``COVERAGE`` at the end maps every operation of the four resources in
``tools/spec_facts.json`` and every legacy name of them in ``tools/legacy_names.py`` to its
test; ``test_every_operation_and_legacy_name_has_a_test`` fails when one is missing.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import Client, InvalidTokenError, ItemIterator, Page, RequestOptions
from asana_typed.models import (
    AsanaNamedResource,
    CustomFieldSetting,
    EmptyResponse,
    Event,
    EventsPage,
    Job,
    Project,
    Story,
    Tag,
    Task,
    TaskCount,
    User,
    Workspace,
)
from asana_typed.testing import FakeAsana

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from legacy_names import LEGACY  # noqa: E402

CORE_RESOURCES = ("users", "workspaces", "projects", "tasks")
OPERATIONS: list[dict[str, Any]] = json.loads(
    (ROOT / "tools" / "spec_facts.json").read_text("utf-8")
)["operations"]

Record = dict[str, Any]


# -- helpers ------------------------------------------------------------------------------


def assert_sent(
    fake: FakeAsana,
    method: str,
    path: str,
    *,
    query: Mapping[str, str] | None = None,
    json: Any = None,
) -> None:
    """The last request: its method and path, its query, and its JSON body (POST/PUT only)."""
    request = fake.requests[-1]
    assert (request.method, request.path) == (method, path)
    assert request.query == dict(query or {})
    if method in ("POST", "PUT"):
        assert request.json == json
    else:
        assert request.body == b""


def iterated(client: object, result: Any) -> list[Any]:
    """The items of a collection call's result, checking that it is an item iterator.

    With the sync client that is an ``ItemIterator``; the AsyncClient's ``AsyncItemIterator``
    reaches these tests as a plain iterator driven by ``BlockingAsyncClient``.
    """
    assert isinstance(result, ItemIterator if isinstance(client, Client) else Iterator)
    return list(result)


def gids(items: Iterable[Any]) -> list[str]:
    """The gids of models or of the fake's records (dicts), in order."""
    return [str(item["gid"]) if isinstance(item, Mapping) else item.gid for item in items]


def record(fake: FakeAsana, resource_type: str, gid: str) -> Record:
    """The fake's record of an object that must exist."""
    found = fake.get_record(resource_type, gid)
    assert found is not None, f"{resource_type} {gid} does not exist"
    return found


def _fake_serves(method: str, path: str) -> bool:
    """Whether FakeAsana has a route for ``method path`` at all (a 404 of another kind is fine).

    A few legacy task names reach endpoints of other tags (stories, tags, sections) that the
    fake may not serve yet; their tests run as soon as it does.
    """
    fake = FakeAsana()
    auth = {"Authorization": f"Bearer {fake.access_token}"}
    body: dict[str, Any] | None = {"data": {}} if method == "POST" else None
    with httpx.Client(transport=fake.transport, base_url="https://app.asana.com/api/1.0") as http:
        response = http.request(method, path, headers=auth, json=body)
    return "No matching route" not in response.text


def needs_fake_route(method: str, template: str) -> pytest.MarkDecorator:
    path = template.replace("{task_gid}", "1").replace("{section_gid}", "1")
    return pytest.mark.skipif(
        not _fake_serves(method, path), reason=f"FakeAsana does not serve {method} {template} yet"
    )


# == Users ===================================================================================


@pytest.mark.parametrize("method", ["get_user", "find_by_id"])
def test_get_user_reads_one_user_by_gid(
    client: Client, fake: FakeAsana, alice: str, ws: str, method: str
) -> None:
    user = getattr(client.users, method)(alice, {"workspace": ws})
    assert_sent(fake, "GET", f"/users/{alice}", query={"workspace": ws})
    assert isinstance(user, User)
    assert (user.gid, user.name, user.email) == (alice, "Alice", "alice@example.com")


def test_me_reads_the_authenticated_user(client: Client, fake: FakeAsana, me: str) -> None:
    user = client.users.me()
    assert_sent(fake, "GET", "/users/me")
    assert_type(user, User)
    assert isinstance(user, User)
    assert (user.gid, user.name) == (me, "Test User")
    assert gids(user.workspaces) == [fake.workspace["gid"]]


def test_get_user_for_workspace_reads_a_member_of_the_workspace(
    client: Client, fake: FakeAsana, alice: str, ws: str
) -> None:
    user = client.users.get_user_for_workspace(ws, alice)
    assert_sent(fake, "GET", f"/workspaces/{ws}/users/{alice}")
    assert_type(user, User)
    assert isinstance(user, User)
    assert (user.gid, user.name) == (alice, "Alice")


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


def test_update_user_for_workspace_renames_a_member(
    client: Client, fake: FakeAsana, alice: str, ws: str
) -> None:
    user = client.users.update_user_for_workspace(ws, alice, {"name": "Alice C."})
    assert_sent(fake, "PUT", f"/workspaces/{ws}/users/{alice}", json={"data": {"name": "Alice C."}})
    assert_type(user, User)
    assert isinstance(user, User)
    assert user.name == "Alice C."
    assert record(fake, "user", alice)["name"] == "Alice C."


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


# == Workspaces ==============================================================================


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


@pytest.mark.parametrize("method", ["update_workspace", "update"])
def test_update_workspace_renames_it(client: Client, fake: FakeAsana, ws: str, method: str) -> None:
    workspace = getattr(client.workspaces, method)(ws, {"name": "Renamed"})
    assert_sent(fake, "PUT", f"/workspaces/{ws}", json={"data": {"name": "Renamed"}})
    assert isinstance(workspace, Workspace)
    assert workspace.name == "Renamed"
    assert record(fake, "workspace", ws)["name"] == "Renamed"


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


# == Projects ================================================================================


@pytest.mark.parametrize("method", ["create_project", "create"])
def test_create_project_stores_a_new_project(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    project = getattr(client.projects, method)(
        {
            "name": "Roadmap",
            "workspace": ws,
            "notes": "Next quarter",
            "due_on": dt.date(2030, 3, 31),
        }
    )
    assert_sent(
        fake,
        "POST",
        "/projects",
        json={
            "data": {
                "name": "Roadmap",
                "workspace": ws,
                "notes": "Next quarter",
                "due_on": "2030-03-31",
            }
        },
    )
    assert isinstance(project, Project)
    assert (project.name, project.notes, project.due_on) == (
        "Roadmap",
        "Next quarter",
        dt.date(2030, 3, 31),
    )
    stored = record(fake, "project", project.gid)
    assert (stored["name"], stored["workspace"]["gid"]) == ("Roadmap", ws)


@pytest.mark.parametrize("method", ["create_project_for_workspace", "create_in_workspace"])
def test_create_project_for_workspace_stores_a_project_in_that_workspace(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    project = getattr(client.projects, method)(ws, {"name": "Roadmap"})
    assert_sent(fake, "POST", f"/workspaces/{ws}/projects", json={"data": {"name": "Roadmap"}})
    assert isinstance(project, Project)
    assert project.workspace is not None
    assert (project.name, project.workspace.gid) == ("Roadmap", ws)
    assert record(fake, "project", project.gid)["name"] == "Roadmap"


@pytest.mark.parametrize("method", ["create_project_for_team", "create_in_team"])
def test_create_project_for_team_stores_a_project_of_that_team(
    client: Client, fake: FakeAsana, method: str
) -> None:
    team = fake.add_team(name="Platform")
    project = getattr(client.projects, method)(team["gid"], {"name": "Infra", "public": True})
    assert_sent(
        fake,
        "POST",
        f"/teams/{team['gid']}/projects",
        json={"data": {"name": "Infra", "public": True}},
    )
    assert isinstance(project, Project)
    assert project.team is not None
    assert (project.name, project.public, project.team.gid) == ("Infra", True, team["gid"])
    assert record(fake, "project", project.gid)["team"]["gid"] == team["gid"]


@pytest.mark.parametrize("method", ["get_project", "find_by_id"])
def test_get_project_reads_one_project(client: Client, fake: FakeAsana, method: str) -> None:
    roadmap = fake.add_project(name="Roadmap", notes="Next quarter")
    project = getattr(client.projects, method)(roadmap["gid"])
    assert_sent(fake, "GET", f"/projects/{roadmap['gid']}")
    assert isinstance(project, Project)
    assert (project.gid, project.name, project.notes) == (roadmap["gid"], "Roadmap", "Next quarter")


@pytest.mark.parametrize("method", ["update_project", "update"])
def test_update_project_changes_the_given_fields(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    project = getattr(client.projects, method)(
        roadmap["gid"], {"name": "Old roadmap", "archived": True}
    )
    assert_sent(
        fake,
        "PUT",
        f"/projects/{roadmap['gid']}",
        json={"data": {"name": "Old roadmap", "archived": True}},
    )
    assert isinstance(project, Project)
    assert (project.name, project.archived) == ("Old roadmap", True)
    stored = record(fake, "project", roadmap["gid"])
    assert (stored["name"], stored["archived"]) == ("Old roadmap", True)


@pytest.mark.parametrize("method", ["delete_project", "delete"])
def test_delete_project_removes_it(client: Client, fake: FakeAsana, method: str) -> None:
    roadmap = fake.add_project(name="Roadmap")
    result = getattr(client.projects, method)(roadmap["gid"])
    assert_sent(fake, "DELETE", f"/projects/{roadmap['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("project", roadmap["gid"]) is None


@pytest.mark.parametrize("method", ["get_projects", "find_all"])
def test_get_projects_iterates_over_the_projects_matching_the_filters(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    fake.add_project(name="Archived", archived=True)
    projects = getattr(client.projects, method)({"workspace": ws, "archived": False})
    found = iterated(client, projects)
    assert_sent(
        fake, "GET", "/projects", query={"workspace": ws, "archived": "false", "limit": "50"}
    )
    assert all(isinstance(p, Project) for p in found)
    assert gids(found) == [roadmap["gid"]]


@pytest.mark.parametrize("method", ["get_projects_for_workspace", "find_by_workspace"])
def test_get_projects_for_workspace_iterates_over_its_projects(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    budget = fake.add_project(name="Budget")
    fake.add_project(name="Elsewhere", workspace=fake.add_workspace(name="Other"))
    projects = getattr(client.projects, method)(ws)
    found = iterated(client, projects)
    assert_sent(fake, "GET", f"/workspaces/{ws}/projects", query={"limit": "50"})
    assert all(isinstance(p, Project) for p in found)
    assert gids(found) == [roadmap["gid"], budget["gid"]]


@pytest.mark.parametrize("method", ["get_projects_for_team", "find_by_team"])
def test_get_projects_for_team_iterates_over_the_teams_projects(
    client: Client, fake: FakeAsana, method: str
) -> None:
    team = fake.add_team(name="Platform")
    infra = fake.add_project(name="Infra", team=team)
    fake.add_project(name="No team")
    projects = getattr(client.projects, method)(team["gid"], {"archived": False})
    found = iterated(client, projects)
    assert_sent(
        fake, "GET", f"/teams/{team['gid']}/projects", query={"archived": "false", "limit": "50"}
    )
    assert all(isinstance(p, Project) for p in found)
    assert gids(found) == [infra["gid"]]


@pytest.mark.parametrize(
    ("resource", "method"), [("projects", "get_projects_for_task"), ("tasks", "projects")]
)
def test_get_projects_for_task_iterates_over_the_projects_holding_the_task(
    client: Client, fake: FakeAsana, resource: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    budget = fake.add_project(name="Budget")
    fake.add_project(name="Unrelated")
    task = fake.add_task(name="Plan", projects=[roadmap, budget])
    projects = getattr(getattr(client, resource), method)(task["gid"])
    found = iterated(client, projects)
    assert_sent(fake, "GET", f"/tasks/{task['gid']}/projects", query={"limit": "50"})
    assert all(isinstance(p, Project) for p in found)
    assert gids(found) == [roadmap["gid"], budget["gid"]]


def test_get_task_counts_for_project_counts_the_requested_numbers(
    client: Client, fake: FakeAsana
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    fake.add_task(name="Open", projects=[roadmap])
    fake.add_task(name="Done", projects=[roadmap], completed=True)
    counts = client.projects.get_task_counts_for_project(
        roadmap["gid"], options=RequestOptions(fields=["num_tasks", "num_completed_tasks"])
    )
    assert_sent(
        fake,
        "GET",
        f"/projects/{roadmap['gid']}/task_counts",
        query={"opt_fields": "num_tasks,num_completed_tasks"},
    )
    assert_type(counts, TaskCount)
    assert isinstance(counts, TaskCount)
    assert (counts.num_tasks, counts.num_completed_tasks, counts.num_milestones) == (2, 1, None)


def test_duplicate_project_starts_a_job_that_created_the_copy(
    client: Client, fake: FakeAsana
) -> None:
    roadmap = fake.add_project(name="Roadmap", notes="Next quarter")
    job = client.projects.duplicate_project(
        roadmap["gid"], {"name": "Roadmap copy", "include": "notes"}
    )
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/duplicate",
        json={"data": {"name": "Roadmap copy", "include": "notes"}},
    )
    assert_type(job, Job)
    assert isinstance(job, Job)
    assert job.new_project is not None
    assert (job.resource_subtype, job.status) == ("duplicate_project", "in_progress")
    assert client.jobs.get_job(str(job.gid)).status == "succeeded"
    copy = record(fake, "project", job.new_project.gid)
    assert (copy["name"], copy["notes"]) == ("Roadmap copy", "Next quarter")


def test_project_save_as_template_starts_a_job_that_created_the_template(
    client: Client, fake: FakeAsana
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    job = client.projects.project_save_as_template(
        roadmap["gid"], {"name": "Roadmap template", "public": False}
    )
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/saveAsTemplate",
        json={"data": {"name": "Roadmap template", "public": False}},
    )
    assert_type(job, Job)
    assert isinstance(job, Job)
    assert job.new_project_template is not None
    template = record(fake, "project_template", job.new_project_template.gid)
    assert template["name"] == "Roadmap template"


@pytest.mark.parametrize(
    "method", ["add_custom_field_setting_for_project", "add_custom_field_setting"]
)
def test_add_custom_field_setting_for_project_puts_the_field_on_the_project(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    field = fake.add_custom_field(name="Cost", resource_subtype="number")
    setting = getattr(client.projects, method)(
        roadmap["gid"], {"custom_field": field["gid"], "is_important": True}
    )
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/addCustomFieldSetting",
        json={"data": {"custom_field": field["gid"], "is_important": True}},
    )
    assert isinstance(setting, CustomFieldSetting)
    assert setting.custom_field is not None
    assert (setting.custom_field.gid, setting.is_important) == (field["gid"], True)
    assert gids(record(fake, "project", roadmap["gid"])["custom_field_settings"]) == [setting.gid]


@pytest.mark.parametrize(
    "method", ["remove_custom_field_setting_for_project", "remove_custom_field_setting"]
)
def test_remove_custom_field_setting_for_project_takes_the_field_off(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    field = fake.add_custom_field(name="Cost")
    client.projects.add_custom_field_setting_for_project(
        roadmap["gid"], {"custom_field": field["gid"]}
    )
    result = getattr(client.projects, method)(roadmap["gid"], {"custom_field": field["gid"]})
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/removeCustomFieldSetting",
        json={"data": {"custom_field": field["gid"]}},
    )
    assert isinstance(result, EmptyResponse)
    stored = record(fake, "project", roadmap["gid"])
    assert (stored["custom_field_settings"], stored["custom_fields"]) == ([], [])


@pytest.mark.parametrize("method", ["add_followers_for_project", "add_followers"])
def test_add_followers_for_project_makes_the_users_follow_it(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    project = getattr(client.projects, method)(roadmap["gid"], {"followers": alice})
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/addFollowers",
        json={"data": {"followers": alice}},
    )
    assert isinstance(project, Project)
    assert gids(project.followers) == [me, alice]
    assert gids(record(fake, "project", roadmap["gid"])["followers"]) == [me, alice]


@pytest.mark.parametrize("method", ["remove_followers_for_project", "remove_followers"])
def test_remove_followers_for_project_stops_the_users_following_it(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap", followers=[alice])
    project = getattr(client.projects, method)(roadmap["gid"], {"followers": alice})
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/removeFollowers",
        json={"data": {"followers": alice}},
    )
    assert isinstance(project, Project)
    assert gids(project.followers) == [me]
    assert gids(record(fake, "project", roadmap["gid"])["followers"]) == [me]


@pytest.mark.parametrize("method", ["add_members_for_project", "add_members"])
def test_add_members_for_project_makes_the_users_members(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    project = getattr(client.projects, method)(roadmap["gid"], {"members": alice})
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/addMembers",
        json={"data": {"members": alice}},
    )
    assert isinstance(project, Project)
    assert gids(project.members) == [me, alice]
    assert gids(record(fake, "project", roadmap["gid"])["members"]) == [me, alice]


@pytest.mark.parametrize("method", ["remove_members_for_project", "remove_members"])
def test_remove_members_for_project_ends_their_membership(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    client.projects.add_members_for_project(roadmap["gid"], {"members": alice})
    project = getattr(client.projects, method)(roadmap["gid"], {"members": alice})
    assert_sent(
        fake,
        "POST",
        f"/projects/{roadmap['gid']}/removeMembers",
        json={"data": {"members": alice}},
    )
    assert isinstance(project, Project)
    assert gids(project.members) == [me]
    assert gids(record(fake, "project", roadmap["gid"])["members"]) == [me]


def test_search_projects_for_workspace_lists_the_matching_projects(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    fake.add_project(name="Budget")
    found = client.projects.search_projects_for_workspace(ws, {"text": "road", "completed": False})
    assert_sent(
        fake,
        "GET",
        f"/workspaces/{ws}/projects/search",
        query={"text": "road", "completed": "false"},
    )
    assert_type(found, list[Project])
    assert all(isinstance(p, Project) for p in found)
    assert gids(found) == [roadmap["gid"]]


# == Tasks: the task itself ==================================================================


@pytest.mark.parametrize("method", ["create_task", "create"])
def test_create_task_stores_a_new_task_in_its_projects(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    task = getattr(client.tasks, method)(
        {"name": "Write the docs", "projects": [roadmap["gid"]], "due_on": dt.date(2030, 5, 17)}
    )
    assert_sent(
        fake,
        "POST",
        "/tasks",
        json={
            "data": {"name": "Write the docs", "projects": [roadmap["gid"]], "due_on": "2030-05-17"}
        },
    )
    assert isinstance(task, Task)
    assert (task.name, task.due_on, gids(task.projects)) == (
        "Write the docs",
        dt.date(2030, 5, 17),
        [roadmap["gid"]],
    )
    assert gids(record(fake, "task", task.gid)["projects"]) == [roadmap["gid"]]


def test_create_in_workspace_sends_the_workspace_gid_in_the_body(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    task = client.tasks.create_in_workspace(ws, {"name": "Inbox zero"})
    assert_sent(fake, "POST", "/tasks", json={"data": {"name": "Inbox zero", "workspace": ws}})
    assert_type(task, Task)
    assert isinstance(task, Task)
    assert task.workspace is not None
    assert (task.name, task.workspace.gid) == ("Inbox zero", ws)
    assert record(fake, "task", task.gid)["workspace"]["gid"] == ws


@pytest.mark.parametrize("method", ["get_task", "find_by_id"])
def test_get_task_reads_one_task(client: Client, fake: FakeAsana, method: str) -> None:
    seeded = fake.add_task(name="Write the docs", notes="All of them")
    task = getattr(client.tasks, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/tasks/{seeded['gid']}")
    assert isinstance(task, Task)
    assert (task.gid, task.name, task.notes) == (seeded["gid"], "Write the docs", "All of them")


@pytest.mark.parametrize("method", ["update_task", "update"])
def test_update_task_changes_the_given_fields(client: Client, fake: FakeAsana, method: str) -> None:
    seeded = fake.add_task(name="Write the docs", due_on="2030-01-01")
    task = getattr(client.tasks, method)(
        seeded["gid"], {"name": "Docs written", "completed": True, "due_on": None}
    )
    assert_sent(
        fake,
        "PUT",
        f"/tasks/{seeded['gid']}",
        json={"data": {"name": "Docs written", "completed": True, "due_on": None}},
    )
    assert isinstance(task, Task)
    assert (task.name, task.completed, task.due_on) == ("Docs written", True, None)
    stored = record(fake, "task", seeded["gid"])
    assert (stored["name"], stored["completed"], stored["due_on"]) == ("Docs written", True, None)


@pytest.mark.parametrize("method", ["delete_task", "delete"])
def test_delete_task_removes_it(client: Client, fake: FakeAsana, method: str) -> None:
    seeded = fake.add_task(name="Obsolete")
    result = getattr(client.tasks, method)(seeded["gid"])
    assert_sent(fake, "DELETE", f"/tasks/{seeded['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("task", seeded["gid"]) is None


def test_duplicate_task_starts_a_job_that_created_the_copy(client: Client, fake: FakeAsana) -> None:
    seeded = fake.add_task(name="Release", notes="Tag and publish")
    job = client.tasks.duplicate_task(seeded["gid"], {"name": "Release 2", "include": "notes"})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{seeded['gid']}/duplicate",
        json={"data": {"name": "Release 2", "include": "notes"}},
    )
    assert_type(job, Job)
    assert isinstance(job, Job)
    assert job.new_task is not None
    assert (job.resource_subtype, job.status) == ("duplicate_task", "in_progress")
    assert client.jobs.get_job(str(job.gid)).status == "succeeded"
    copy = record(fake, "task", job.new_task.gid)
    assert (copy["name"], copy["notes"]) == ("Release 2", "Tag and publish")


def test_get_task_for_custom_id_finds_the_task_in_the_workspace(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    seeded = fake.add_task(name="Login bug", custom_id="ENG-42")
    task = client.tasks.get_task_for_custom_id(ws, "ENG-42")
    assert_sent(fake, "GET", f"/workspaces/{ws}/tasks/custom_id/ENG-42")
    assert_type(task, Task)
    assert isinstance(task, Task)
    assert (task.gid, task.name) == (seeded["gid"], "Login bug")


# == Tasks: listings =========================================================================


@pytest.mark.parametrize("method", ["get_tasks", "find_all"])
def test_get_tasks_iterates_over_the_tasks_of_a_project(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    first = fake.add_task(name="First", projects=[roadmap])
    second = fake.add_task(name="Second", projects=[roadmap])
    fake.add_task(name="Elsewhere")
    tasks = getattr(client.tasks, method)({"project": roadmap["gid"]})
    found = iterated(client, tasks)
    assert_sent(fake, "GET", "/tasks", query={"project": roadmap["gid"], "limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [first["gid"], second["gid"]]


@pytest.mark.parametrize(
    ("resource", "method"),
    [("tasks", "get_tasks_for_project"), ("tasks", "find_by_project"), ("projects", "tasks")],
)
def test_get_tasks_for_project_iterates_over_its_tasks(
    client: Client, fake: FakeAsana, resource: str, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    open_task = fake.add_task(name="Open", projects=[roadmap])
    fake.add_task(name="Done", projects=[roadmap], completed=True)
    tasks = getattr(getattr(client, resource), method)(roadmap["gid"], {"completed_since": "now"})
    found = iterated(client, tasks)
    assert_sent(
        fake,
        "GET",
        f"/projects/{roadmap['gid']}/tasks",
        query={"completed_since": "now", "limit": "50"},
    )
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [open_task["gid"]]


@pytest.mark.parametrize("method", ["get_tasks_for_section", "find_by_section"])
def test_get_tasks_for_section_iterates_over_the_tasks_in_the_section(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    doing = fake.add_section(name="Doing", project=roadmap)
    task = fake.add_task(
        name="In progress", memberships=[{"project": roadmap["gid"], "section": doing["gid"]}]
    )
    fake.add_task(name="Not in a section", projects=[roadmap])
    tasks = getattr(client.tasks, method)(doing["gid"])
    found = iterated(client, tasks)
    assert_sent(fake, "GET", f"/sections/{doing['gid']}/tasks", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [task["gid"]]


@pytest.mark.parametrize("method", ["get_tasks_for_tag", "find_by_tag"])
def test_get_tasks_for_tag_iterates_over_the_tagged_tasks(
    client: Client, fake: FakeAsana, method: str
) -> None:
    urgent = fake.add_tag(name="urgent")
    task = fake.add_task(name="Hotfix", tags=[urgent["gid"]])
    fake.add_task(name="Whenever")
    tasks = getattr(client.tasks, method)(urgent["gid"])
    found = iterated(client, tasks)
    assert_sent(fake, "GET", f"/tags/{urgent['gid']}/tasks", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [task["gid"]]


@pytest.mark.parametrize("method", ["get_tasks_for_user_task_list", "find_by_user_task_list"])
def test_get_tasks_for_user_task_list_iterates_over_the_users_tasks(
    client: Client, fake: FakeAsana, me: str, ws: str, method: str
) -> None:
    mine = fake.add_task(name="Mine", assignee=me)
    fake.add_task(name="Nobody's")
    my_tasks = client.user_task_lists.get_user_task_list_for_user(me, {"workspace": ws})
    tasks = getattr(client.tasks, method)(my_tasks.gid)
    found = iterated(client, tasks)
    assert_sent(fake, "GET", f"/user_task_lists/{my_tasks.gid}/tasks", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [mine["gid"]]


@pytest.mark.parametrize("method", ["search_tasks_for_workspace", "search_in_workspace"])
def test_search_tasks_for_workspace_lists_the_matching_tasks(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    bug = fake.add_task(name="Login bug")
    fake.add_task(name="Login bug, fixed", completed=True)
    fake.add_task(name="Unrelated")
    found = getattr(client.tasks, method)(ws, {"text": "login", "completed": False})
    assert_sent(
        fake, "GET", f"/workspaces/{ws}/tasks/search", query={"text": "login", "completed": "false"}
    )
    assert isinstance(found, list)
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [bug["gid"]]


# == Tasks: subtasks and parents =============================================================


@pytest.mark.parametrize("method", ["get_subtasks_for_task", "subtasks"])
def test_get_subtasks_for_task_iterates_over_its_subtasks(
    client: Client, fake: FakeAsana, method: str
) -> None:
    parent = fake.add_task(name="Release")
    first = fake.add_task(name="Tag", parent=parent)
    second = fake.add_task(name="Publish", parent=parent)
    subtasks = getattr(client.tasks, method)(parent["gid"])
    found = iterated(client, subtasks)
    assert_sent(fake, "GET", f"/tasks/{parent['gid']}/subtasks", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [first["gid"], second["gid"]]


@pytest.mark.parametrize("method", ["create_subtask_for_task", "add_subtask"])
def test_create_subtask_for_task_stores_a_task_under_the_parent(
    client: Client, fake: FakeAsana, method: str
) -> None:
    parent = fake.add_task(name="Release")
    subtask = getattr(client.tasks, method)(parent["gid"], {"name": "Tag"})
    assert_sent(fake, "POST", f"/tasks/{parent['gid']}/subtasks", json={"data": {"name": "Tag"}})
    assert isinstance(subtask, Task)
    assert subtask.parent is not None
    assert (subtask.name, subtask.parent.gid) == ("Tag", parent["gid"])
    assert record(fake, "task", subtask.gid)["parent"]["gid"] == parent["gid"]
    assert record(fake, "task", parent["gid"])["num_subtasks"] == 1


@pytest.mark.parametrize("method", ["set_parent_for_task", "set_parent"])
def test_set_parent_for_task_makes_the_task_a_subtask(
    client: Client, fake: FakeAsana, method: str
) -> None:
    parent = fake.add_task(name="Release")
    sibling = fake.add_task(name="Tag", parent=parent)
    child = fake.add_task(name="Changelog")
    task = getattr(client.tasks, method)(
        child["gid"], {"parent": parent["gid"], "insert_before": sibling["gid"]}
    )
    assert_sent(
        fake,
        "POST",
        f"/tasks/{child['gid']}/setParent",
        json={"data": {"parent": parent["gid"], "insert_before": sibling["gid"]}},
    )
    assert isinstance(task, Task)
    assert task.parent is not None
    assert task.parent.gid == parent["gid"]
    assert record(fake, "task", child["gid"])["parent"]["gid"] == parent["gid"]
    assert gids(client.tasks.get_subtasks_for_task(parent["gid"])) == [child["gid"], sibling["gid"]]


# == Tasks: dependencies =====================================================================


@pytest.mark.parametrize("method", ["get_dependencies_for_task", "dependencies"])
def test_get_dependencies_for_task_iterates_over_the_tasks_it_waits_for(
    client: Client, fake: FakeAsana, method: str
) -> None:
    blocker = fake.add_task(name="Design")
    blocked = fake.add_task(name="Build")
    client.tasks.add_dependencies_for_task(blocked["gid"], {"dependencies": [blocker["gid"]]})
    dependencies = getattr(client.tasks, method)(blocked["gid"])
    found = iterated(client, dependencies)
    assert_sent(fake, "GET", f"/tasks/{blocked['gid']}/dependencies", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [blocker["gid"]]


@pytest.mark.parametrize("method", ["get_dependents_for_task", "dependents"])
def test_get_dependents_for_task_iterates_over_the_tasks_waiting_for_it(
    client: Client, fake: FakeAsana, method: str
) -> None:
    blocker = fake.add_task(name="Design")
    blocked = fake.add_task(name="Build")
    client.tasks.add_dependencies_for_task(blocked["gid"], {"dependencies": [blocker["gid"]]})
    dependents = getattr(client.tasks, method)(blocker["gid"])
    found = iterated(client, dependents)
    assert_sent(fake, "GET", f"/tasks/{blocker['gid']}/dependents", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert gids(found) == [blocked["gid"]]


@pytest.mark.parametrize("method", ["add_dependencies_for_task", "add_dependencies"])
def test_add_dependencies_for_task_makes_it_wait_for_the_others(
    client: Client, fake: FakeAsana, method: str
) -> None:
    blocker = fake.add_task(name="Design")
    blocked = fake.add_task(name="Build")
    result = getattr(client.tasks, method)(blocked["gid"], {"dependencies": [blocker["gid"]]})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{blocked['gid']}/addDependencies",
        json={"data": {"dependencies": [blocker["gid"]]}},
    )
    assert isinstance(result, EmptyResponse)
    assert gids(record(fake, "task", blocked["gid"])["dependencies"]) == [blocker["gid"]]
    assert gids(record(fake, "task", blocker["gid"])["dependents"]) == [blocked["gid"]]


@pytest.mark.parametrize("method", ["add_dependents_for_task", "add_dependents"])
def test_add_dependents_for_task_makes_the_others_wait_for_it(
    client: Client, fake: FakeAsana, method: str
) -> None:
    blocker = fake.add_task(name="Design")
    blocked = fake.add_task(name="Build")
    result = getattr(client.tasks, method)(blocker["gid"], {"dependents": [blocked["gid"]]})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{blocker['gid']}/addDependents",
        json={"data": {"dependents": [blocked["gid"]]}},
    )
    assert isinstance(result, EmptyResponse)
    assert gids(record(fake, "task", blocker["gid"])["dependents"]) == [blocked["gid"]]
    assert gids(record(fake, "task", blocked["gid"])["dependencies"]) == [blocker["gid"]]


@pytest.mark.parametrize("method", ["remove_dependencies_for_task", "remove_dependencies"])
def test_remove_dependencies_for_task_unblocks_it(
    client: Client, fake: FakeAsana, method: str
) -> None:
    blocker = fake.add_task(name="Design")
    blocked = fake.add_task(name="Build")
    client.tasks.add_dependencies_for_task(blocked["gid"], {"dependencies": [blocker["gid"]]})
    result = getattr(client.tasks, method)(blocked["gid"], {"dependencies": [blocker["gid"]]})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{blocked['gid']}/removeDependencies",
        json={"data": {"dependencies": [blocker["gid"]]}},
    )
    assert isinstance(result, EmptyResponse)
    assert record(fake, "task", blocked["gid"])["dependencies"] == []
    assert record(fake, "task", blocker["gid"])["dependents"] == []


@pytest.mark.parametrize("method", ["remove_dependents_for_task", "remove_dependents"])
def test_remove_dependents_for_task_unblocks_the_others(
    client: Client, fake: FakeAsana, method: str
) -> None:
    blocker = fake.add_task(name="Design")
    blocked = fake.add_task(name="Build")
    client.tasks.add_dependents_for_task(blocker["gid"], {"dependents": [blocked["gid"]]})
    result = getattr(client.tasks, method)(blocker["gid"], {"dependents": [blocked["gid"]]})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{blocker['gid']}/removeDependents",
        json={"data": {"dependents": [blocked["gid"]]}},
    )
    assert isinstance(result, EmptyResponse)
    assert record(fake, "task", blocker["gid"])["dependents"] == []
    assert record(fake, "task", blocked["gid"])["dependencies"] == []


# == Tasks: followers, projects, tags ========================================================


@pytest.mark.parametrize("method", ["add_followers_for_task", "add_followers"])
def test_add_followers_for_task_makes_the_users_follow_it(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    seeded = fake.add_task(name="Review")
    task = getattr(client.tasks, method)(seeded["gid"], {"followers": [alice]})
    assert_sent(
        fake, "POST", f"/tasks/{seeded['gid']}/addFollowers", json={"data": {"followers": [alice]}}
    )
    assert isinstance(task, Task)
    assert gids(task.followers) == [me, alice]
    assert gids(record(fake, "task", seeded["gid"])["followers"]) == [me, alice]


@pytest.mark.parametrize("method", ["remove_follower_for_task", "remove_followers"])
def test_remove_follower_for_task_stops_the_users_following_it(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    seeded = fake.add_task(name="Review", followers=[alice])
    task = getattr(client.tasks, method)(seeded["gid"], {"followers": [alice]})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{seeded['gid']}/removeFollowers",
        json={"data": {"followers": [alice]}},
    )
    assert isinstance(task, Task)
    assert gids(task.followers) == [me]
    assert gids(record(fake, "task", seeded["gid"])["followers"]) == [me]


@pytest.mark.parametrize("method", ["add_project_for_task", "add_project"])
def test_add_project_for_task_puts_the_task_into_the_project_section(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    doing = fake.add_section(name="Doing", project=roadmap)
    seeded = fake.add_task(name="Plan")
    result = getattr(client.tasks, method)(
        seeded["gid"], {"project": roadmap["gid"], "section": doing["gid"]}
    )
    assert_sent(
        fake,
        "POST",
        f"/tasks/{seeded['gid']}/addProject",
        json={"data": {"project": roadmap["gid"], "section": doing["gid"]}},
    )
    assert isinstance(result, EmptyResponse)
    memberships = record(fake, "task", seeded["gid"])["memberships"]
    assert [(m["project"]["gid"], m["section"]["gid"]) for m in memberships] == [
        (roadmap["gid"], doing["gid"])
    ]


@pytest.mark.parametrize("method", ["remove_project_for_task", "remove_project"])
def test_remove_project_for_task_takes_the_task_out_of_the_project(
    client: Client, fake: FakeAsana, method: str
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    budget = fake.add_project(name="Budget")
    seeded = fake.add_task(name="Plan", projects=[roadmap, budget])
    result = getattr(client.tasks, method)(seeded["gid"], {"project": roadmap["gid"]})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{seeded['gid']}/removeProject",
        json={"data": {"project": roadmap["gid"]}},
    )
    assert isinstance(result, EmptyResponse)
    assert gids(record(fake, "task", seeded["gid"])["projects"]) == [budget["gid"]]


@pytest.mark.parametrize("method", ["add_tag_for_task", "add_tag"])
def test_add_tag_for_task_tags_the_task(client: Client, fake: FakeAsana, method: str) -> None:
    urgent = fake.add_tag(name="urgent")
    seeded = fake.add_task(name="Hotfix")
    result = getattr(client.tasks, method)(seeded["gid"], {"tag": urgent["gid"]})
    assert_sent(
        fake, "POST", f"/tasks/{seeded['gid']}/addTag", json={"data": {"tag": urgent["gid"]}}
    )
    assert isinstance(result, EmptyResponse)
    assert gids(record(fake, "task", seeded["gid"])["tags"]) == [urgent["gid"]]


@pytest.mark.parametrize("method", ["remove_tag_for_task", "remove_tag"])
def test_remove_tag_for_task_untags_the_task(client: Client, fake: FakeAsana, method: str) -> None:
    urgent = fake.add_tag(name="urgent")
    seeded = fake.add_task(name="Hotfix", tags=[urgent["gid"]])
    result = getattr(client.tasks, method)(seeded["gid"], {"tag": urgent["gid"]})
    assert_sent(
        fake, "POST", f"/tasks/{seeded['gid']}/removeTag", json={"data": {"tag": urgent["gid"]}}
    )
    assert isinstance(result, EmptyResponse)
    assert record(fake, "task", seeded["gid"])["tags"] == []


# == Tasks: legacy names reaching other tags' endpoints ======================================


@needs_fake_route("GET", "/tasks/{task_gid}/tags")
def test_tasks_tags_iterates_over_the_tags_of_the_task(client: Client, fake: FakeAsana) -> None:
    urgent = fake.add_tag(name="urgent")
    fake.add_tag(name="unused")
    seeded = fake.add_task(name="Hotfix", tags=[urgent["gid"]])
    tags = client.tasks.tags(seeded["gid"])
    assert_type(tags, ItemIterator[Tag])
    found = list(tags)
    assert_sent(fake, "GET", f"/tasks/{seeded['gid']}/tags", query={"limit": "50"})
    assert all(isinstance(tag, Tag) for tag in found)
    assert [(tag.gid, tag.name) for tag in found] == [(urgent["gid"], "urgent")]


@needs_fake_route("POST", "/tasks/{task_gid}/stories")
def test_tasks_add_comment_posts_a_comment_story_on_the_task(
    client: Client, fake: FakeAsana
) -> None:
    seeded = fake.add_task(name="Review")
    story = client.tasks.add_comment(seeded["gid"], {"text": "Looks good"})
    assert_sent(
        fake, "POST", f"/tasks/{seeded['gid']}/stories", json={"data": {"text": "Looks good"}}
    )
    assert_type(story, Story)
    assert isinstance(story, Story)
    assert (story.text, story.type) == ("Looks good", "comment")
    assert record(fake, "story", story.gid)["text"] == "Looks good"


@needs_fake_route("POST", "/tasks/{task_gid}/stories")
@needs_fake_route("GET", "/tasks/{task_gid}/stories")
def test_tasks_stories_iterates_over_the_stories_of_the_task(
    client: Client, fake: FakeAsana
) -> None:
    seeded = fake.add_task(name="Review")
    comment = client.stories.create_story_for_task(seeded["gid"], {"text": "Looks good"})
    stories = client.tasks.stories(seeded["gid"])
    assert_type(stories, ItemIterator[Story])
    found = list(stories)
    assert_sent(fake, "GET", f"/tasks/{seeded['gid']}/stories", query={"limit": "50"})
    assert all(isinstance(story, Story) for story in found)
    assert comment.gid in gids(found)


@needs_fake_route("POST", "/sections/{section_gid}/addTask")
def test_tasks_insert_in_user_task_list_moves_the_task_into_the_section(
    client: Client, fake: FakeAsana
) -> None:
    roadmap = fake.add_project(name="Roadmap")
    later = fake.add_section(name="Later", project=roadmap)
    seeded = fake.add_task(name="Someday", projects=[roadmap])
    result = client.tasks.insert_in_user_task_list(later["gid"], {"task": seeded["gid"]})
    assert_sent(
        fake, "POST", f"/sections/{later['gid']}/addTask", json={"data": {"task": seeded["gid"]}}
    )
    assert_type(result, EmptyResponse)
    assert isinstance(result, EmptyResponse)
    memberships = record(fake, "task", seeded["gid"])["memberships"]
    assert [m["section"]["gid"] for m in memberships] == [later["gid"]]


# == Return types of the call shapes =========================================================


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


# == Coverage ================================================================================

TestFunction = Callable[..., None]

COVERAGE: dict[str, TestFunction] = {
    # users
    "users.get_user": test_get_user_reads_one_user_by_gid,
    "users.find_by_id": test_get_user_reads_one_user_by_gid,
    "users.me": test_me_reads_the_authenticated_user,
    "users.get_user_for_workspace": test_get_user_for_workspace_reads_a_member_of_the_workspace,
    "users.get_users": test_get_users_iterates_over_the_users_of_a_workspace,
    "users.find_all": test_get_users_iterates_over_the_users_of_a_workspace,
    "users.get_users_for_team": test_get_users_for_team_lists_the_team_members,
    "users.get_users_for_workspace": test_get_users_for_workspace_lists_the_workspace_members,
    "users.find_by_workspace": test_get_users_for_workspace_lists_the_workspace_members,
    "users.update_user": test_update_user_sends_the_workspace_in_the_query_and_renames_the_user,
    "users.update_user_for_workspace": test_update_user_for_workspace_renames_a_member,
    "users.get_favorites_for_user": test_get_favorites_for_user_iterates_over_favorites_of_one_type,
    "users.get_user_favorites": test_get_favorites_for_user_iterates_over_favorites_of_one_type,
    # workspaces
    "workspaces.get_workspace": test_get_workspace_reads_one_workspace,
    "workspaces.find_by_id": test_get_workspace_reads_one_workspace,
    "workspaces.get_workspaces": test_get_workspaces_iterates_over_the_users_workspaces,
    "workspaces.find_all": test_get_workspaces_iterates_over_the_users_workspaces,
    "workspaces.update_workspace": test_update_workspace_renames_it,
    "workspaces.update": test_update_workspace_renames_it,
    "workspaces.add_user_for_workspace": test_add_user_for_workspace_makes_the_user_a_member,
    "workspaces.add_user": test_add_user_for_workspace_makes_the_user_a_member,
    "workspaces.remove_user_for_workspace": test_remove_user_for_workspace_ends_the_membership,
    "workspaces.remove_user": test_remove_user_for_workspace_ends_the_membership,
    "workspaces.get_workspace_events": (
        test_get_workspace_events_lists_what_happened_since_the_sync_token
    ),
    "workspaces.typeahead": test_typeahead_lists_the_objects_whose_name_matches,
    # projects
    "projects.create_project": test_create_project_stores_a_new_project,
    "projects.create": test_create_project_stores_a_new_project,
    "projects.create_project_for_workspace": (
        test_create_project_for_workspace_stores_a_project_in_that_workspace
    ),
    "projects.create_in_workspace": (
        test_create_project_for_workspace_stores_a_project_in_that_workspace
    ),
    "projects.create_project_for_team": test_create_project_for_team_stores_a_project_of_that_team,
    "projects.create_in_team": test_create_project_for_team_stores_a_project_of_that_team,
    "projects.get_project": test_get_project_reads_one_project,
    "projects.find_by_id": test_get_project_reads_one_project,
    "projects.update_project": test_update_project_changes_the_given_fields,
    "projects.update": test_update_project_changes_the_given_fields,
    "projects.delete_project": test_delete_project_removes_it,
    "projects.delete": test_delete_project_removes_it,
    "projects.get_projects": test_get_projects_iterates_over_the_projects_matching_the_filters,
    "projects.find_all": test_get_projects_iterates_over_the_projects_matching_the_filters,
    "projects.get_projects_for_workspace": (
        test_get_projects_for_workspace_iterates_over_its_projects
    ),
    "projects.find_by_workspace": test_get_projects_for_workspace_iterates_over_its_projects,
    "projects.get_projects_for_team": test_get_projects_for_team_iterates_over_the_teams_projects,
    "projects.find_by_team": test_get_projects_for_team_iterates_over_the_teams_projects,
    "projects.get_projects_for_task": (
        test_get_projects_for_task_iterates_over_the_projects_holding_the_task
    ),
    "projects.tasks": test_get_tasks_for_project_iterates_over_its_tasks,
    "projects.get_task_counts_for_project": (
        test_get_task_counts_for_project_counts_the_requested_numbers
    ),
    "projects.duplicate_project": test_duplicate_project_starts_a_job_that_created_the_copy,
    "projects.project_save_as_template": (
        test_project_save_as_template_starts_a_job_that_created_the_template
    ),
    "projects.add_custom_field_setting_for_project": (
        test_add_custom_field_setting_for_project_puts_the_field_on_the_project
    ),
    "projects.add_custom_field_setting": (
        test_add_custom_field_setting_for_project_puts_the_field_on_the_project
    ),
    "projects.remove_custom_field_setting_for_project": (
        test_remove_custom_field_setting_for_project_takes_the_field_off
    ),
    "projects.remove_custom_field_setting": (
        test_remove_custom_field_setting_for_project_takes_the_field_off
    ),
    "projects.add_followers_for_project": test_add_followers_for_project_makes_the_users_follow_it,
    "projects.add_followers": test_add_followers_for_project_makes_the_users_follow_it,
    "projects.remove_followers_for_project": (
        test_remove_followers_for_project_stops_the_users_following_it
    ),
    "projects.remove_followers": test_remove_followers_for_project_stops_the_users_following_it,
    "projects.add_members_for_project": test_add_members_for_project_makes_the_users_members,
    "projects.add_members": test_add_members_for_project_makes_the_users_members,
    "projects.remove_members_for_project": test_remove_members_for_project_ends_their_membership,
    "projects.remove_members": test_remove_members_for_project_ends_their_membership,
    "projects.search_projects_for_workspace": (
        test_search_projects_for_workspace_lists_the_matching_projects
    ),
    # tasks
    "tasks.create_task": test_create_task_stores_a_new_task_in_its_projects,
    "tasks.create": test_create_task_stores_a_new_task_in_its_projects,
    "tasks.create_in_workspace": test_create_in_workspace_sends_the_workspace_gid_in_the_body,
    "tasks.get_task": test_get_task_reads_one_task,
    "tasks.find_by_id": test_get_task_reads_one_task,
    "tasks.update_task": test_update_task_changes_the_given_fields,
    "tasks.update": test_update_task_changes_the_given_fields,
    "tasks.delete_task": test_delete_task_removes_it,
    "tasks.delete": test_delete_task_removes_it,
    "tasks.duplicate_task": test_duplicate_task_starts_a_job_that_created_the_copy,
    "tasks.get_task_for_custom_id": test_get_task_for_custom_id_finds_the_task_in_the_workspace,
    "tasks.get_tasks": test_get_tasks_iterates_over_the_tasks_of_a_project,
    "tasks.find_all": test_get_tasks_iterates_over_the_tasks_of_a_project,
    "tasks.get_tasks_for_project": test_get_tasks_for_project_iterates_over_its_tasks,
    "tasks.find_by_project": test_get_tasks_for_project_iterates_over_its_tasks,
    "tasks.get_tasks_for_section": (
        test_get_tasks_for_section_iterates_over_the_tasks_in_the_section
    ),
    "tasks.find_by_section": test_get_tasks_for_section_iterates_over_the_tasks_in_the_section,
    "tasks.get_tasks_for_tag": test_get_tasks_for_tag_iterates_over_the_tagged_tasks,
    "tasks.find_by_tag": test_get_tasks_for_tag_iterates_over_the_tagged_tasks,
    "tasks.get_tasks_for_user_task_list": (
        test_get_tasks_for_user_task_list_iterates_over_the_users_tasks
    ),
    "tasks.find_by_user_task_list": test_get_tasks_for_user_task_list_iterates_over_the_users_tasks,
    "tasks.search_tasks_for_workspace": test_search_tasks_for_workspace_lists_the_matching_tasks,
    "tasks.search_in_workspace": test_search_tasks_for_workspace_lists_the_matching_tasks,
    "tasks.get_subtasks_for_task": test_get_subtasks_for_task_iterates_over_its_subtasks,
    "tasks.subtasks": test_get_subtasks_for_task_iterates_over_its_subtasks,
    "tasks.create_subtask_for_task": test_create_subtask_for_task_stores_a_task_under_the_parent,
    "tasks.add_subtask": test_create_subtask_for_task_stores_a_task_under_the_parent,
    "tasks.set_parent_for_task": test_set_parent_for_task_makes_the_task_a_subtask,
    "tasks.set_parent": test_set_parent_for_task_makes_the_task_a_subtask,
    "tasks.get_dependencies_for_task": (
        test_get_dependencies_for_task_iterates_over_the_tasks_it_waits_for
    ),
    "tasks.dependencies": test_get_dependencies_for_task_iterates_over_the_tasks_it_waits_for,
    "tasks.get_dependents_for_task": (
        test_get_dependents_for_task_iterates_over_the_tasks_waiting_for_it
    ),
    "tasks.dependents": test_get_dependents_for_task_iterates_over_the_tasks_waiting_for_it,
    "tasks.add_dependencies_for_task": test_add_dependencies_for_task_makes_it_wait_for_the_others,
    "tasks.add_dependencies": test_add_dependencies_for_task_makes_it_wait_for_the_others,
    "tasks.add_dependents_for_task": test_add_dependents_for_task_makes_the_others_wait_for_it,
    "tasks.add_dependents": test_add_dependents_for_task_makes_the_others_wait_for_it,
    "tasks.remove_dependencies_for_task": test_remove_dependencies_for_task_unblocks_it,
    "tasks.remove_dependencies": test_remove_dependencies_for_task_unblocks_it,
    "tasks.remove_dependents_for_task": test_remove_dependents_for_task_unblocks_the_others,
    "tasks.remove_dependents": test_remove_dependents_for_task_unblocks_the_others,
    "tasks.add_followers_for_task": test_add_followers_for_task_makes_the_users_follow_it,
    "tasks.add_followers": test_add_followers_for_task_makes_the_users_follow_it,
    "tasks.remove_follower_for_task": test_remove_follower_for_task_stops_the_users_following_it,
    "tasks.remove_followers": test_remove_follower_for_task_stops_the_users_following_it,
    "tasks.projects": test_get_projects_for_task_iterates_over_the_projects_holding_the_task,
    "tasks.add_project_for_task": test_add_project_for_task_puts_the_task_into_the_project_section,
    "tasks.add_project": test_add_project_for_task_puts_the_task_into_the_project_section,
    "tasks.remove_project_for_task": test_remove_project_for_task_takes_the_task_out_of_the_project,
    "tasks.remove_project": test_remove_project_for_task_takes_the_task_out_of_the_project,
    "tasks.add_tag_for_task": test_add_tag_for_task_tags_the_task,
    "tasks.add_tag": test_add_tag_for_task_tags_the_task,
    "tasks.remove_tag_for_task": test_remove_tag_for_task_untags_the_task,
    "tasks.remove_tag": test_remove_tag_for_task_untags_the_task,
    "tasks.tags": test_tasks_tags_iterates_over_the_tags_of_the_task,
    "tasks.stories": test_tasks_stories_iterates_over_the_stories_of_the_task,
    "tasks.add_comment": test_tasks_add_comment_posts_a_comment_story_on_the_task,
    "tasks.insert_in_user_task_list": (
        test_tasks_insert_in_user_task_list_moves_the_task_into_the_section
    ),
}


def test_every_operation_and_legacy_name_has_a_test() -> None:
    operations = {
        f"{op['resource']}.{op['name']}" for op in OPERATIONS if op["resource"] in CORE_RESOURCES
    }
    legacy = {f"{resource}.{alias}" for resource in CORE_RESOURCES for alias in LEGACY[resource]}
    names = operations | legacy
    untested = sorted(names - set(COVERAGE))
    unknown = sorted(set(COVERAGE) - names)
    assert (untested, unknown) == ([], [])


@pytest.mark.parametrize("name", sorted(COVERAGE))
def test_each_listed_test_calls_its_method(name: str) -> None:
    resource, method = name.split(".")
    source = inspect.getsource(COVERAGE[name])
    assert f"client.{resource}.{method}(" in source or (
        f'"{method}"' in source and (f"client.{resource}" in source or f'"{resource}"' in source)
    ), f"{COVERAGE[name].__name__} does not call client.{resource}.{method}"
