"""FakeAsana's permission model: another workspace's objects are a 403, unknown ones a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from asana_typed import Client, ForbiddenError, NotFoundError
from asana_typed.testing import FakeAsana


@pytest.fixture
def elsewhere(fake: FakeAsana) -> dict[str, str]:
    """A workspace the client's user is not a member of, with a project, a task and a story,
    and Bob, a member of it with the token ``bob-token``."""
    workspace = fake.add_workspace(name="Elsewhere", include_me=False)
    project = fake.add_project(name="Secret project", workspace=workspace)
    task = fake.add_task(name="Secret task", projects=[project])
    story = fake.add_story(task, text="psst")
    bob = fake.add_user(name="Bob", workspaces=[workspace])
    fake.add_token("bob-token", user=bob)
    return {
        "workspace": workspace["gid"],
        "project": project["gid"],
        "task": task["gid"],
        "story": story["gid"],
        "bob": bob["gid"],
    }


READS: dict[str, Callable[[Client, dict[str, str]], Any]] = {
    "workspace": lambda c, w: c.workspaces.get_workspace(w["workspace"]),
    "project": lambda c, w: c.projects.get_project(w["project"]),
    "task": lambda c, w: c.tasks.get_task(w["task"]),
    "story (through its task)": lambda c, w: c.stories.get_story(w["story"]),
    "user in no shared workspace": lambda c, w: c.users.get_user(w["bob"]),
    "tasks of a project": lambda c, w: list(c.tasks.get_tasks_for_project(w["project"])),
    "tasks by query": lambda c, w: list(c.tasks.get_tasks({"project": w["project"]})),
    "event stream": lambda c, w: c.events.get_events({"resource": w["task"]}),
}


@pytest.mark.parametrize("read", READS.values(), ids=READS.keys())
def test_reading_another_workspaces_object_is_forbidden(
    client: Client, elsewhere: dict[str, str], read: Callable[[Client, dict[str, str]], Any]
) -> None:
    with pytest.raises(ForbiddenError) as caught:
        read(client, elsewhere)
    assert caught.value.status == 403
    assert "not a member" in caught.value.errors[0]["message"]


def test_writing_into_another_workspace_is_forbidden_and_changes_nothing(
    client: Client, fake: FakeAsana, elsewhere: dict[str, str]
) -> None:
    before = len(fake.records("task"))
    with pytest.raises(ForbiddenError):
        client.tasks.create_task({"name": "Sneaky", "projects": [elsewhere["project"]]})
    with pytest.raises(ForbiddenError):
        client.tasks.update_task(elsewhere["task"], {"name": "Renamed"})
    assert len(fake.records("task")) == before
    assert fake.get_record("task", elsewhere["task"])["name"] == "Secret task"  # type: ignore[index]


def test_an_object_that_does_not_exist_is_still_a_404(client: Client) -> None:
    with pytest.raises(NotFoundError):
        client.tasks.get_task("1299999999999999")


def test_a_member_of_the_other_workspace_sees_it_and_not_ours(
    fake: FakeAsana, elsewhere: dict[str, str]
) -> None:
    mine = fake.add_task(name="Mine")
    with fake.client(access_token="bob-token") as bob:
        assert bob.tasks.get_task(elsewhere["task"]).name == "Secret task"
        with pytest.raises(ForbiddenError):
            bob.tasks.get_task(mine["gid"])


def test_joining_the_workspace_grants_access(
    client: Client, fake: FakeAsana, elsewhere: dict[str, str]
) -> None:
    with fake.client(access_token="bob-token") as bob:
        bob.workspaces.add_user_for_workspace(elsewhere["workspace"], {"user": fake.me["gid"]})
    assert client.tasks.get_task(elsewhere["task"]).name == "Secret task"


def test_a_batch_action_on_another_workspaces_object_is_forbidden(
    client: Client, fake: FakeAsana, elsewhere: dict[str, str]
) -> None:
    mine = fake.add_task(name="Mine")["gid"]
    answers = client.batch_api.create_batch_request(
        {
            "actions": [
                {"relative_path": f"/tasks/{elsewhere['task']}", "method": "get"},
                {"relative_path": f"/tasks/{mine}", "method": "get"},
            ]
        }
    )
    assert [answer.status_code for answer in answers] == [403, 200]
