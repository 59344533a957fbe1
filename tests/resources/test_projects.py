"""``client.projects``: projects, their listings, task counts, duplicates and templates,
custom field settings, followers and members.
"""

from __future__ import annotations

import datetime as dt

import pytest
from typing_extensions import assert_type

from asana_typed import Client, RequestOptions
from asana_typed.models import CustomFieldSetting, EmptyResponse, Job, Project, TaskCount
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, covers, gids, iterated, record


@covers("projects.create_project", "projects.create")
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


@covers("projects.create_project_for_workspace", "projects.create_in_workspace")
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


@covers("projects.create_project_for_team", "projects.create_in_team")
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


@covers("projects.get_project", "projects.find_by_id")
@pytest.mark.parametrize("method", ["get_project", "find_by_id"])
def test_get_project_reads_one_project(client: Client, fake: FakeAsana, method: str) -> None:
    roadmap = fake.add_project(name="Roadmap", notes="Next quarter")
    project = getattr(client.projects, method)(roadmap["gid"])
    assert_sent(fake, "GET", f"/projects/{roadmap['gid']}")
    assert isinstance(project, Project)
    assert (project.gid, project.name, project.notes) == (roadmap["gid"], "Roadmap", "Next quarter")


@covers("projects.update_project", "projects.update")
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


@covers("projects.delete_project", "projects.delete")
@pytest.mark.parametrize("method", ["delete_project", "delete"])
def test_delete_project_removes_it(client: Client, fake: FakeAsana, method: str) -> None:
    roadmap = fake.add_project(name="Roadmap")
    result = getattr(client.projects, method)(roadmap["gid"])
    assert_sent(fake, "DELETE", f"/projects/{roadmap['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("project", roadmap["gid"]) is None


@covers("projects.get_projects", "projects.find_all")
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


@covers("projects.get_projects_for_workspace", "projects.find_by_workspace")
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


@covers("projects.get_projects_for_team", "projects.find_by_team")
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


@covers("projects.get_projects_for_task", "tasks.projects")
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


@covers("projects.get_task_counts_for_project")
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


@covers("projects.duplicate_project")
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


@covers("projects.project_save_as_template")
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


@covers("projects.add_custom_field_setting_for_project", "projects.add_custom_field_setting")
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


@covers("projects.remove_custom_field_setting_for_project", "projects.remove_custom_field_setting")
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


@covers("projects.add_followers_for_project", "projects.add_followers")
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


@covers("projects.remove_followers_for_project", "projects.remove_followers")
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


@covers("projects.add_members_for_project", "projects.add_members")
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


@covers("projects.remove_members_for_project", "projects.remove_members")
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


@covers("projects.search_projects_for_workspace")
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
