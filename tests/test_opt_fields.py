"""``opt_fields`` in params: typed from the spec, sent in the query on every method.

The rule with ``RequestOptions.fields``: a call whose params carry ``opt_fields`` uses those as
its field list, and ``fields`` from any option layer is not sent for that call (neither as
``opt_fields`` nor as the body's ``options.fields``). Without ``opt_fields`` in the params,
``fields`` works as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args, get_type_hints

from typing_extensions import assert_type

from asana_typed import Client, RequestOptions
from asana_typed.models import Task
from asana_typed.params import (
    CreateTaskParams,
    GetTaskParams,
    GetTasksParams,
    TaskOptField,
    TaskPageOptField,
)
from asana_typed.testing import FakeAsana


def test_get_sends_opt_fields_from_params_and_the_answer_has_those_fields(
    fake: FakeAsana, client: Client
) -> None:
    gid = fake.add_task(name="typed fields", notes="hidden")["gid"]
    task = client.tasks.get_task(gid, {"opt_fields": ["name", "assignee.name"]})
    assert_type(task, Task)
    assert fake.requests[-1].query["opt_fields"] == "name,assignee.name"
    assert task.name == "typed fields"
    assert "notes" not in task.model_fields_set


def test_post_sends_opt_fields_in_the_query_not_in_the_body(
    fake: FakeAsana, client: Client
) -> None:
    params: CreateTaskParams = {
        "name": "t",
        "workspace": fake.workspace["gid"],
        "opt_fields": ["name", "notes"],
    }
    client.tasks.create_task(params)
    sent = fake.requests[-1]
    assert sent.method == "POST"
    assert sent.query["opt_fields"] == "name,notes"
    assert sent.json == {"data": {"name": "t", "workspace": fake.workspace["gid"]}}


def test_put_sends_opt_fields_in_the_query(fake: FakeAsana, client: Client) -> None:
    gid = fake.add_task(name="before")["gid"]
    task = client.tasks.update_task(gid, {"name": "after", "opt_fields": ["name"]})
    sent = fake.requests[-1]
    assert (sent.method, sent.query["opt_fields"]) == ("PUT", "name")
    assert sent.json == {"data": {"name": "after"}}
    assert task.name == "after"


def test_upload_sends_opt_fields_in_the_query(fake: FakeAsana, client: Client) -> None:
    task = fake.add_task(name="with a file")["gid"]
    client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("a.txt", b"a"), "opt_fields": ["name", "parent.name"]}
    )
    sent = fake.requests[-1]
    assert sent.query["opt_fields"] == "name,parent.name"
    assert b'name="opt_fields"' not in sent.body


def test_opt_fields_are_kept_on_every_page(fake: FakeAsana, client: Client) -> None:
    project = fake.add_project(name="paged")["gid"]
    for n in range(5):
        fake.add_task(name=f"t{n}", projects=[project])
    params: GetTasksParams = {"project": project, "opt_fields": ["name", "completed"]}
    tasks = list(client.tasks.get_tasks(params, options=RequestOptions(page_size=2)))
    assert len(tasks) == 5
    pages = [r for r in fake.requests if r.path.endswith("/tasks")]
    assert len(pages) == 3
    assert {r.query["opt_fields"] for r in pages} == {"name,completed"}


def test_params_opt_fields_replace_request_options_fields_on_get(
    fake: FakeAsana, client: Client
) -> None:
    gid = fake.add_task(name="x")["gid"]
    Client.DEFAULTS.fields = ["notes"]
    client.options.fields = ["due_on"]
    client.tasks.get_task(gid, {"opt_fields": ["name"]}, options=RequestOptions(fields=["tags"]))
    assert fake.requests[-1].query["opt_fields"] == "name"
    client.tasks.get_task(gid, options=RequestOptions(fields=["tags"]))
    assert fake.requests[-1].query["opt_fields"] == "tags"
    client.tasks.get_task(gid)
    assert fake.requests[-1].query["opt_fields"] == "due_on"


def test_params_opt_fields_replace_request_options_fields_on_post(
    fake: FakeAsana, client: Client
) -> None:
    options = RequestOptions(fields=["notes"], pretty=True)
    params: CreateTaskParams = {"name": "t", "workspace": fake.workspace["gid"]}
    client.tasks.create_task({**params, "opt_fields": ["name"]}, options=options)
    sent = fake.requests[-1]
    assert sent.query["opt_fields"] == "name"
    assert sent.json is not None and sent.json["options"] == {"pretty": True}
    client.tasks.create_task(params, options=options)
    sent = fake.requests[-1]
    assert "opt_fields" not in sent.query
    assert sent.json is not None and sent.json["options"] == {"fields": ["notes"], "pretty": True}


def test_the_caller_params_dict_is_not_changed(fake: FakeAsana, client: Client) -> None:
    gid = fake.add_task(name="x")["gid"]
    params: GetTaskParams = {"opt_fields": ["name"]}
    client.tasks.get_task(gid, params, options=RequestOptions(fields=["notes"]))
    assert params == {"opt_fields": ["name"]}


def test_opt_fields_are_typed_with_the_spec_field_paths() -> None:
    hints = get_type_hints(GetTaskParams)
    assert hints["opt_fields"] == Sequence[TaskOptField]
    assert "assignee.name" in get_args(TaskOptField)
    assert "offset" not in get_args(TaskOptField)
    paged = get_type_hints(GetTasksParams)["opt_fields"]
    assert paged == Sequence[TaskPageOptField]
    paging = set(get_args(TaskPageOptField)) - set(get_args(TaskOptField))
    assert paging == {"offset", "path", "uri"}
