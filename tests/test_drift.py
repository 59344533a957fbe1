"""Answers that drift from the spec still give their models; ``strict_models`` raises instead.

FakeAsana's ``drift_next`` changes the next answers before they are sent, as an Asana that no
longer matches its spec would. Every test runs on both clients, in-process and over a socket.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from asana_typed import AsanaError, AsanaSchemaWarning, Client, RequestOptions
from asana_typed.models import Event, Task, User
from asana_typed.testing import FakeAsana

from ._script import Script


@pytest.fixture
def caught() -> Iterator[list[warnings.WarningMessage]]:
    """Every warning issued during the test (none turned into errors, none hidden)."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        yield seen


def schema_warnings(seen: list[warnings.WarningMessage]) -> list[str]:
    return [str(w.message) for w in seen if issubclass(w.category, AsanaSchemaWarning)]


def kept(model: object, name: str) -> Any:
    """A field's value, untyped: a field that drifted holds what Asana sent."""
    return getattr(model, name)


def dumped(model: Any) -> Any:
    """What a model gives back (pydantic also notes, as a warning, the values kept as sent)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return model.model_dump(mode="json", exclude_unset=True)


@pytest.fixture
def project(fake: FakeAsana) -> str:
    gid = str(fake.add_project(name="drifting")["gid"])
    for n in range(3):
        fake.add_task(name=f"t{n}", projects=[gid])
    return gid


def test_a_field_of_the_wrong_type_keeps_the_value_sent_and_the_rest_is_typed(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="wanted", due_on="2024-05-01")["gid"]
    fake.drift_next({"num_likes": "two", "due_on": "not a date"})
    task = client.tasks.get_task(gid)
    assert isinstance(task, Task)
    assert task.name == "wanted"
    assert kept(task, "num_likes") == "two"
    assert kept(task, "due_on") == "not a date"
    assert task.workspace is not None and task.workspace.gid == fake.workspace["gid"]
    texts = schema_warnings(caught)
    assert len(texts) == 2
    (likes,) = [text for text in texts if "num_likes" in text]
    assert "get_task (GET /tasks/{task_gid})" in likes
    assert "Task.num_likes" in likes and "valid integer" in likes and "'two' (str)" in likes


def test_nothing_is_lost_the_dump_gives_back_the_answer(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="round trip", assignee=fake.me["gid"])["gid"]
    fake.drift_next({"num_likes": "two", "assignee.name": 3, "resource_subtype": 7})
    answer = client.tasks.get_task(gid, raw_response=True)
    assert dumped(answer.value) == answer.http_response.json()["data"]
    assert len(schema_warnings(caught)) == 3


def test_a_nested_model_keeps_its_typed_fields(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="nested", assignee=fake.me["gid"])["gid"]
    fake.drift_next({"assignee.name": 3})
    task = client.tasks.get_task(gid)
    assert isinstance(task.assignee, User)
    assert task.assignee.gid == fake.me["gid"]
    assert kept(task.assignee, "name") == 3
    (text,) = schema_warnings(caught)
    assert "User.name (at data.assignee.name)" in text


def test_a_nested_object_that_cannot_be_its_model_is_kept_whole(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="no gid below")["gid"]
    fake.drift_next({"assignee": {"name": "nobody"}})
    task = client.tasks.get_task(gid)
    assert task.name == "no gid below"
    assert kept(task, "assignee") == {"name": "nobody"}
    (text,) = schema_warnings(caught)
    assert "Task.assignee" in text and "missing the required field 'gid'" in text


def test_a_page_warns_once_per_field_and_types_every_item(
    fake: FakeAsana, client: Client, project: str, caught: list[warnings.WarningMessage]
) -> None:
    fake.drift_next({"num_likes": "two"}, path="/tasks")
    page = client.tasks.get_tasks({"project": project}, iterator_type=None)
    assert [type(task) for task in page.data] == [Task] * 3
    assert [task.name for task in page.data] == ["t0", "t1", "t2"]
    assert [kept(task, "num_likes") for task in page.data] == ["two"] * 3
    (text,) = schema_warnings(caught)
    assert "get_tasks" in text and "data[].num_likes" in text


def test_an_item_iterator_goes_on_across_drifting_pages(
    fake: FakeAsana, client: Client, project: str, caught: list[warnings.WarningMessage]
) -> None:
    fake.drift_next({"num_likes": "two"}, times=2, path="/tasks")
    tasks = client.tasks.get_tasks({"project": project}, options=RequestOptions(page_size=2))
    names = [task.name for task in tasks]
    assert names == ["t0", "t1", "t2"]
    assert len([r for r in fake.requests if r.path == "/tasks"]) == 2
    assert len(schema_warnings(caught)) == 1  # one per operation and field, not per page


def test_a_list_answer_keeps_each_item(
    fake: FakeAsana, client: Client, project: str, caught: list[warnings.WarningMessage]
) -> None:
    fake.drift_next({"completed": "maybe"}, path="/workspaces/*/tasks/search")
    found = client.tasks.search_tasks_for_workspace(fake.workspace["gid"])
    assert found and all(isinstance(task, Task) for task in found)
    assert {kept(task, "completed") for task in found} == {"maybe"}
    assert len(schema_warnings(caught)) == 1


def test_an_item_that_cannot_be_its_model_stays_in_its_page_as_sent(
    fake: FakeAsana, client: Client, project: str, caught: list[warnings.WarningMessage]
) -> None:
    fake.drift_next({"gid": None}, path="/tasks")
    page = client.tasks.get_tasks({"project": project}, iterator_type=None)
    items: list[Any] = list(page.data)
    assert [type(item) for item in items] == [dict] * 3
    assert [item["name"] for item in items] == ["t0", "t1", "t2"]
    assert [item["gid"] for item in items] == [None] * 3
    (text,) = schema_warnings(caught)
    assert "an item (at data[])" in text and "gid: Input should be a valid string" in text


def test_an_events_page_keeps_its_events(
    fake: FakeAsana, client: Client, project: str, caught: list[warnings.WarningMessage]
) -> None:
    sync = bootstrap(client, project)
    fake.add_task(name="new", projects=[project])
    fake.drift_next({"created_at": "yesterday"}, path="/events")
    page = client.events.get_events({"resource": project, "sync": sync})
    assert page.data and all(isinstance(event, Event) for event in page.data)
    assert {kept(event, "created_at") for event in page.data} == {"yesterday"}
    assert page.sync != sync
    (text,) = schema_warnings(caught)
    assert "Event.created_at (at data[].created_at)" in text


def test_get_next_and_the_event_iterator_go_on(
    fake: FakeAsana,
    client: Client,
    project: str,
    script: Script,
    caught: list[warnings.WarningMessage],
) -> None:
    sync = bootstrap(client, project)
    fake.add_task(name="first", projects=[project])
    fake.drift_next({"type": 5}, path="/events")
    events, sync = client.events.get_next({"resource": project, "sync": sync})
    assert events and {kept(event, "type") for event in events} == {5}
    fake.add_task(name="second", projects=[project])
    fake.drift_next({"type": 6}, path="/events")
    iterator = client.events.get_iterator({"resource": project, "sync": sync})
    assert kept(next(iter(iterator)), "type") == 6
    assert len(schema_warnings(caught)) == 2  # get_next and get_iterator are two operations


def bootstrap(client: Client, project: str) -> str:
    """A sync token from now on (the 412 of a call without one)."""
    with pytest.raises(AsanaError) as bootstrapped:
        client.events.get({"resource": project})
    sync = getattr(bootstrapped.value, "sync", None)
    assert isinstance(sync, str)
    return sync


def test_full_payload_gives_the_body_as_sent_without_warning(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="raw")["gid"]
    fake.drift_next({"num_likes": "two"})
    body = client.tasks.get_task(gid, full_payload=True)
    assert body["data"]["num_likes"] == "two"
    assert schema_warnings(caught) == []


def test_the_same_field_warns_once_per_client(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="again")["gid"]
    fake.drift_next({"num_likes": "two"}, times=2)
    client.tasks.get_task(gid)
    client.tasks.get_task(gid)
    assert len(schema_warnings(caught)) == 1
    fake.drift_next({"num_hearts": "three"})
    client.tasks.get_task(gid)
    assert len(schema_warnings(caught)) == 2


def test_strict_models_raises_naming_the_field(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="strict", assignee=fake.me["gid"])["gid"]
    fake.drift_next({"num_likes": "two"})
    with pytest.raises(AsanaError, match=r"does not match Task.*num_likes") as raised:
        client.tasks.get_task(gid, options=RequestOptions(strict_models=True))
    assert raised.value.status == 200
    client.options.strict_models = True
    fake.drift_next({"num_likes": "two"}, path="/tasks")
    with pytest.raises(AsanaError, match="does not match"):
        client.tasks.get_tasks(
            {"workspace": fake.workspace["gid"], "assignee": "me"}, iterator_type=None
        )
    assert schema_warnings(caught) == []


def test_an_envelope_that_is_not_one_still_raises(fake: FakeAsana, client: Client) -> None:
    gid = fake.add_task(name="broken")["gid"]
    fake.fail_next(200, body={"data": "not an object"}, path=f"/tasks/{gid}")
    with pytest.raises(AsanaError, match="does not match Task"):
        client.tasks.get_task(gid)


def test_a_valid_answer_warns_nothing(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="fine", assignee=fake.me["gid"])["gid"]
    task = client.tasks.get_task(gid)
    assert isinstance(task.assignee, User)
    assert caught == []


def test_each_item_of_a_page_keeps_its_place_and_the_page_gives_back_the_answer(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    items: list[dict[str, Any]] = [
        {"gid": None, "name": "no gid"},
        {"gid": "2", "name": "fine", "num_likes": 1},
        {"gid": "3", "name": "drifted", "num_likes": "two", "assignee": {"gid": "9", "name": 3}},
        {"gid": 4, "name": "number gid"},
        {"gid": "5", "name": "also fine"},
    ]
    body = {"data": items, "next_page": None}
    fake.fail_next(200, body=body, path="/tasks")
    page = client.tasks.get_tasks({"workspace": fake.workspace["gid"]}, iterator_type=None)
    kinds = [type(item) for item in page.data]
    assert kinds == [dict, Task, Task, dict, Task]
    typed: list[Task] = [page.data[1], page.data[2], page.data[4]]
    assert [task.name for task in typed] == ["fine", "drifted", "also fine"]
    assert kept(typed[1], "num_likes") == "two"
    assert isinstance(typed[1].assignee, User) and kept(typed[1].assignee, "name") == 3
    assert dumped(page) == body
    assert len(schema_warnings(caught)) == 3  # data[] (twice, once said), num_likes, name


def test_a_next_page_without_its_offset_raises(fake: FakeAsana, client: Client) -> None:
    body = {"data": [{"gid": "1", "name": "one"}], "next_page": {"offset": 5, "path": "/x"}}
    fake.fail_next(200, body=body, path="/tasks")
    with pytest.raises(AsanaError, match="next_page"):
        client.tasks.get_tasks({"workspace": fake.workspace["gid"]}, iterator_type=None)


def test_a_next_page_keeps_a_drifted_path_and_the_iterator_goes_on(
    fake: FakeAsana, client: Client, project: str, caught: list[warnings.WarningMessage]
) -> None:
    first = client.tasks.get_tasks(
        {"project": project}, iterator_type=None, options=RequestOptions(page_size=2)
    )
    assert first.next_page is not None
    body = {
        "data": [{"gid": "8", "name": "eight"}],
        "next_page": {"offset": first.next_page.offset, "path": 5},
    }
    fake.fail_next(200, body=body, path="/tasks")
    tasks = client.tasks.get_tasks({"project": project}, options=RequestOptions(page_size=2))
    assert [task.name for task in tasks] == ["eight", "t2"]
    (text,) = schema_warnings(caught)
    assert "NextPage.path (at next_page.path)" in text


def test_every_kind_of_field_kept_as_sent_dumps_back(
    fake: FakeAsana, client: Client, caught: list[warnings.WarningMessage]
) -> None:
    gid = fake.add_task(name="kinds", assignee=fake.me["gid"])["gid"]
    changes = {
        "created_at": "yesterday",
        "due_on": 20240501,
        "followers": "everyone",
        "memberships": [{"project": 5}],
        "completed": {"yes": True},
        "assignee_status": ["later"],
        "workspace": "the workspace",
    }
    fake.drift_next(changes)
    answer = client.tasks.get_task(gid, raw_response=True)
    sent = answer.http_response.json()["data"]
    assert dumped(answer.value) == sent
    whole = [key for key in changes if key != "memberships"]
    assert {key: kept(answer.value, key) for key in whole} == {key: sent[key] for key in whole}
    assert kept(answer.value.memberships[0], "project") == 5  # the smallest part
    assert len(schema_warnings(caught)) == len(changes)
