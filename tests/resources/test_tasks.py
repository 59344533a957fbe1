"""``client.tasks``: the task itself, its listings, subtasks, dependencies, followers,
projects and tags, and the legacy names that reach other tags' endpoints.
"""

from __future__ import annotations

import datetime as dt

import pytest
from typing_extensions import assert_type

from asana_typed import Client, ItemIterator
from asana_typed.models import EmptyResponse, Job, Story, Tag, Task
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, covers, gids, iterated, needs_fake_route, record


@covers("tasks.create_task", "tasks.create")
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


@covers("tasks.create_in_workspace")
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


@covers("tasks.get_task", "tasks.find_by_id")
@pytest.mark.parametrize("method", ["get_task", "find_by_id"])
def test_get_task_reads_one_task(client: Client, fake: FakeAsana, method: str) -> None:
    seeded = fake.add_task(name="Write the docs", notes="All of them")
    task = getattr(client.tasks, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/tasks/{seeded['gid']}")
    assert isinstance(task, Task)
    assert (task.gid, task.name, task.notes) == (seeded["gid"], "Write the docs", "All of them")


@covers("tasks.update_task", "tasks.update")
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


@covers("tasks.delete_task", "tasks.delete")
@pytest.mark.parametrize("method", ["delete_task", "delete"])
def test_delete_task_removes_it(client: Client, fake: FakeAsana, method: str) -> None:
    seeded = fake.add_task(name="Obsolete")
    result = getattr(client.tasks, method)(seeded["gid"])
    assert_sent(fake, "DELETE", f"/tasks/{seeded['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("task", seeded["gid"]) is None


@covers("tasks.duplicate_task")
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


@covers("tasks.get_task_for_custom_id")
def test_get_task_for_custom_id_finds_the_task_in_the_workspace(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    seeded = fake.add_task(name="Login bug", custom_id="ENG-42")
    task = client.tasks.get_task_for_custom_id(ws, "ENG-42")
    assert_sent(fake, "GET", f"/workspaces/{ws}/tasks/custom_id/ENG-42")
    assert_type(task, Task)
    assert isinstance(task, Task)
    assert (task.gid, task.name) == (seeded["gid"], "Login bug")


@covers("tasks.get_tasks", "tasks.find_all")
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


@covers("projects.tasks", "tasks.get_tasks_for_project", "tasks.find_by_project")
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


@covers("tasks.get_tasks_for_section", "tasks.find_by_section")
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


@covers("tasks.get_tasks_for_tag", "tasks.find_by_tag")
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


@covers("tasks.get_tasks_for_user_task_list", "tasks.find_by_user_task_list")
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


@covers("tasks.search_tasks_for_workspace", "tasks.search_in_workspace")
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


@covers("tasks.get_subtasks_for_task", "tasks.subtasks")
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


@covers("tasks.create_subtask_for_task", "tasks.add_subtask")
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


@covers("tasks.set_parent_for_task", "tasks.set_parent")
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


@covers("tasks.get_dependencies_for_task", "tasks.dependencies")
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


@covers("tasks.get_dependents_for_task", "tasks.dependents")
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


@covers("tasks.add_dependencies_for_task", "tasks.add_dependencies")
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


@covers("tasks.add_dependents_for_task", "tasks.add_dependents")
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


@covers("tasks.remove_dependencies_for_task", "tasks.remove_dependencies")
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


@covers("tasks.remove_dependents_for_task", "tasks.remove_dependents")
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


@covers("tasks.add_followers_for_task", "tasks.add_followers")
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


@covers("tasks.remove_follower_for_task", "tasks.remove_followers")
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


@covers("tasks.add_project_for_task", "tasks.add_project")
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


@covers("tasks.remove_project_for_task", "tasks.remove_project")
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


@covers("tasks.add_tag_for_task", "tasks.add_tag")
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


@covers("tasks.remove_tag_for_task", "tasks.remove_tag")
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


@covers("tasks.tags")
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


@covers("tasks.add_comment")
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


@covers("tasks.stories")
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


@covers("tasks.insert_in_user_task_list")
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
