"""FakeAsana's jobs: duplicates, templates and exports build real objects and complete.

Every test goes through the SDK on Client and AsyncClient, in-process and over the wire.
"""

from __future__ import annotations

import gzip
import json
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from asana_typed import Client
from asana_typed.errors import AsanaError, NotFoundError
from asana_typed.models import GraphExport, Job, ResourceExport
from asana_typed.testing import FakeAsana

from ._coverage import unrouted_operations


def finished(client: Client, job: Job | GraphExport | ResourceExport) -> Job:
    """The job as ``get_job`` shows it after it was answered ``in_progress``."""
    assert (job.resource_type, job.status) == ("job", "in_progress")
    done = client.jobs.get_job(str(job.gid))
    assert done.status == "succeeded"
    return done


def download(fake: FakeAsana, url: str) -> bytes:
    """The bytes behind an export's download URL, without credentials."""
    if url.startswith("https://app.asana.com/"):
        with httpx.Client(transport=fake.transport) as http:
            response = http.get(url)
    else:
        response = httpx.get(url, trust_env=False)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/gzip"
    return gzip.decompress(response.content)


@pytest.fixture
def roadmap(fake: FakeAsana, alice: str) -> dict[str, str]:
    """A project with a section, two dated tasks (one with a subtask), one depending on the
    other."""
    project = fake.add_project(name="Roadmap", notes="Next quarter")
    section = fake.add_section(name="Now", project=project)
    design = fake.add_task(
        name="Design",
        memberships=[{"project": project["gid"], "section": section["gid"]}],
        start_on="2030-01-06",
        due_on="2030-01-10",
        assignee=alice,
    )
    build = fake.add_task(name="Build", projects=[project], due_on="2030-01-20")
    fake.add_task(name="Sketch", parent=design)
    with httpx.Client(transport=fake.transport, base_url="https://app.asana.com/api/1.0") as http:
        added = http.post(
            f"/tasks/{build['gid']}/addDependencies",
            json={"data": {"dependencies": [design["gid"]]}},
            headers={"Authorization": f"Bearer {fake.access_token}"},
        )
        assert added.status_code == 200
    return {
        "project": project["gid"],
        "section": section["gid"],
        "design": design["gid"],
        "build": build["gid"],
    }


def names(client: Client, project: str) -> list[str]:
    return [t.name or "" for t in client.tasks.get_tasks_for_project(project)]


def test_duplicate_project_copies_its_tasks_into_a_new_project(
    client: Client, fake: FakeAsana, roadmap: dict[str, str], alice: str
) -> None:
    job = client.projects.duplicate_project(
        roadmap["project"],
        {"name": "Roadmap 2", "include": "notes,task_assignee,task_subtasks,task_dates"},
    )

    done = finished(client, job)
    assert done.new_project is not None
    copy = client.projects.get_project(str(done.new_project.gid))
    assert (copy.name, copy.notes) == ("Roadmap 2", "Next quarter")
    assert names(client, str(copy.gid)) == ["Design", "Build"]
    [section] = client.sections.get_sections_for_project(str(copy.gid))
    assert section.name == "Now"
    [design] = client.tasks.get_tasks_for_section(str(section.gid))
    assert design.gid != roadmap["design"]
    full = client.tasks.get_task(str(design.gid))
    assert full.assignee is not None and full.assignee.gid == alice
    assert str(full.due_on) == "2030-01-10"
    assert [s.name for s in client.tasks.get_subtasks_for_task(str(design.gid))] == ["Sketch"]
    assert names(client, roadmap["project"]) == ["Design", "Build"]


def test_duplicate_project_leaves_out_what_is_not_included(
    client: Client, roadmap: dict[str, str]
) -> None:
    job = client.projects.duplicate_project(roadmap["project"], {"name": "Bare"})

    done = finished(client, job)
    assert done.new_project is not None
    copy = client.projects.get_project(str(done.new_project.gid))
    assert copy.notes == ""
    [design, _] = client.tasks.get_tasks_for_project(str(copy.gid))
    full = client.tasks.get_task(str(design.gid))
    assert (full.assignee, full.due_on, full.num_subtasks) == (None, None, 0)


def test_duplicate_project_schedules_dates_from_a_new_start(
    client: Client, roadmap: dict[str, str]
) -> None:
    job = client.projects.duplicate_project(
        roadmap["project"],
        {"name": "Later", "include": "task_dates", "schedule_dates": {"start_on": "2030-02-06"}},
    )

    done = finished(client, job)
    assert done.new_project is not None
    tasks = client.tasks.get_tasks_for_project(
        str(done.new_project.gid), {"opt_fields": ["name", "start_on", "due_on"]}
    )
    dates = {t.name: (str(t.start_on), str(t.due_on)) for t in tasks}
    assert dates == {"Design": ("2030-02-06", "2030-02-10"), "Build": ("None", "2030-02-20")}


def test_duplicate_task_copies_the_parts_included(
    client: Client, fake: FakeAsana, roadmap: dict[str, str]
) -> None:
    job = client.tasks.duplicate_task(
        roadmap["design"], {"name": "Design again", "include": "subtasks,projects,notes"}
    )

    done = finished(client, job)
    assert done.new_task is not None
    copy = client.tasks.get_task(str(done.new_task.gid))
    assert copy.name == "Design again"
    assert [p.gid for p in copy.projects] == [roadmap["project"]]
    assert [s.name for s in client.tasks.get_subtasks_for_task(str(copy.gid))] == ["Sketch"]
    assert copy.assignee is None


def test_a_saved_template_instantiates_a_project_with_moved_dates(
    client: Client, fake: FakeAsana, roadmap: dict[str, str], ws: str
) -> None:
    saved = client.projects.project_save_as_template(
        roadmap["project"], {"name": "Roadmap template", "public": False}
    )
    done = finished(client, saved)
    assert done.new_project_template is not None
    gid = str(done.new_project_template.gid)
    template = client.project_templates.get_project_template(gid)
    assert template.name == "Roadmap template"
    assert [d.gid for d in template.requested_dates] == ["1"]
    listed = client.project_templates.get_project_templates({"workspace": ws})
    assert [t.gid for t in listed] == [gid]

    job = client.project_templates.instantiate_project(
        gid,
        {"name": "Roadmap Q3", "requested_dates": [{"gid": "1", "value": "2030-07-01"}]},
    )

    made = finished(client, job)
    assert made.new_project is not None
    project = client.projects.get_project(
        str(made.new_project.gid), {"opt_fields": ["name", "created_from_template"]}
    )
    assert project.name == "Roadmap Q3"
    assert project.created_from_template is not None
    assert project.created_from_template.gid == gid
    tasks = list(
        client.tasks.get_tasks_for_project(
            str(project.gid), {"opt_fields": ["name", "due_on", "dependencies"]}
        )
    )
    assert {t.name: str(t.due_on) for t in tasks} == {"Design": "2030-07-05", "Build": "2030-07-15"}
    design, build = tasks
    assert [d.gid for d in build.dependencies] == [design.gid]
    assert design.gid != roadmap["design"]


def test_a_strict_instantiation_without_the_requested_date_is_refused(
    client: Client, fake: FakeAsana, roadmap: dict[str, str]
) -> None:
    template = fake.add_project_template(roadmap["project"], name="T")

    with pytest.raises(AsanaError) as caught:
        client.project_templates.instantiate_project(
            template["gid"], {"name": "No date", "is_strict": True}
        )

    assert caught.value.status == 422


def test_project_templates_are_listed_by_team_and_deleted(client: Client, fake: FakeAsana) -> None:
    team = fake.add_team(name="Core")
    project = fake.add_project(name="Onboarding", team=team)
    template = fake.add_project_template(project, name="Onboarding template")

    listed = client.project_templates.get_project_templates_for_team(team["gid"])
    assert [t.gid for t in listed] == [template["gid"]]
    client.project_templates.delete_project_template(template["gid"])
    with pytest.raises(NotFoundError):
        client.project_templates.get_project_template(template["gid"])


def test_a_task_template_instantiates_its_recipe(
    client: Client, fake: FakeAsana, roadmap: dict[str, str]
) -> None:
    template = fake.add_task_template(
        name="Bug report",
        project=roadmap["project"],
        description="Steps to reproduce",
        task_resource_subtype="milestone_task",
        relative_due_on=3,
        subtasks=["Triage", "Fix"],
    )
    listed = client.task_templates.get_task_templates({"project": roadmap["project"]})
    assert [t.gid for t in listed] == [template["gid"]]

    job = client.task_templates.instantiate_task(template["gid"], {"name": "Login fails"})

    done = finished(client, job)
    assert done.new_task is not None
    task = client.tasks.get_task(str(done.new_task.gid))
    assert (task.name, task.notes, task.resource_subtype) == (
        "Login fails",
        "Steps to reproduce",
        "milestone",
    )
    assert str(task.due_on) == (date.today() + timedelta(days=3)).isoformat()
    assert [p.gid for p in task.projects] == [roadmap["project"]]
    subtasks = client.tasks.get_subtasks_for_task(str(task.gid))
    assert [s.name for s in subtasks] == ["Triage", "Fix"]
    client.task_templates.delete_task_template(template["gid"])
    with pytest.raises(NotFoundError):
        client.task_templates.get_task_template(template["gid"])


def test_a_graph_export_is_downloadable_once_its_job_succeeded(
    client: Client, fake: FakeAsana, roadmap: dict[str, str]
) -> None:
    job = client.exports.create_graph_export({"parent": roadmap["project"]})

    assert job.new_graph_export is not None
    assert job.new_graph_export.download_url is None
    done = finished(client, job)
    assert done.new_graph_export is not None and done.new_graph_export.download_url
    exported = json.loads(download(fake, done.new_graph_export.download_url))["data"]
    assert [(r["resource_type"], r["name"]) for r in exported] == [
        ("project", "Roadmap"),
        ("section", "Now"),
        ("task", "Design"),
        ("task", "Sketch"),
        ("task", "Build"),
    ]


def test_a_resource_export_has_the_filtered_tasks_with_their_fields(
    client: Client, fake: FakeAsana, roadmap: dict[str, str], alice: str, ws: str
) -> None:
    job = client.exports.create_resource_export(
        {
            "workspace": ws,
            "export_request_parameters": [
                {
                    "resource_type": "task",
                    "filters": {"assignee.any": [alice]},
                    "fields": ["name", "due_on"],
                }
            ],
        }
    )

    done = finished(client, job)
    assert done.new_resource_export is not None
    url = done.new_resource_export.download_url
    assert url
    lines = download(fake, url).decode().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"gid": roadmap["design"], "name": "Design", "due_on": "2030-01-10"}
    ]


def test_a_resource_export_filters_on_who_liked_a_task(
    client: Client, fake: FakeAsana, roadmap: dict[str, str], ws: str
) -> None:
    client.tasks.update_task(roadmap["design"], {"liked": True})
    job = client.exports.create_resource_export(
        {
            "workspace": ws,
            "export_request_parameters": [
                {
                    "resource_type": "task",
                    "filters": {"liked_by.any": [fake.me["gid"]]},
                    "fields": ["name"],
                }
            ],
        }
    )

    done = finished(client, job)
    assert done.new_resource_export is not None and done.new_resource_export.download_url
    lines = download(fake, done.new_resource_export.download_url).decode().splitlines()
    assert [json.loads(line)["name"] for line in lines] == ["Design"]


def test_an_organization_export_finishes_with_the_whole_organization(
    client: Client, fake: FakeAsana, roadmap: dict[str, str], ws: str
) -> None:
    created = client.organization_exports.create_organization_export({"organization": ws})
    assert (created.state, created.download_url) == ("pending", None)

    export = client.organization_exports.get_organization_export(str(created.gid))

    assert export.state == "finished" and export.download_url
    dump: dict[str, Any] = json.loads(download(fake, export.download_url))
    assert dump["organization"]["gid"] == ws
    assert {t["name"] for t in dump["tasks"]} == {"Design", "Build", "Sketch"}
    assert [p["gid"] for p in dump["projects"]] == [roadmap["project"]]


def test_an_unknown_job_is_not_found(client: Client) -> None:
    with pytest.raises(NotFoundError):
        client.jobs.get_job("404404")


ASYNC_WORK_TAGS = frozenset(
    {
        "Webhooks",
        "Batch API",
        "Jobs",
        "Exports",
        "Organization exports",
        "Project templates",
        "Task templates",
    }
)


def test_every_webhook_batch_job_export_and_template_operation_has_a_route() -> None:
    assert unrouted_operations(ASYNC_WORK_TAGS) == []
