"""FakeAsana's batch API: actions run against the fake, each answered with its own status."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from asana_typed import Client
from asana_typed.errors import InvalidRequestError
from asana_typed.testing import FakeAsana


def test_actions_run_in_order_and_a_failing_one_does_not_stop_the_rest(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    task = fake.add_task(name="Existing")["gid"]

    answers = client.batch_api.create_batch_request(
        {
            "actions": [
                {
                    "relative_path": "/tasks",
                    "method": "post",
                    "data": {"name": "New", "workspace": ws},
                },
                {"relative_path": "/tasks/404404", "method": "get"},
                {"relative_path": f"/tasks/{task}", "method": "put", "data": {"completed": True}},
                {
                    "relative_path": f"/tasks/{task}",
                    "method": "get",
                    "options": {"fields": ["name", "completed"]},
                },
            ]
        }
    )

    assert [a.status_code for a in answers] == [201, 404, 200, 200]
    assert answers[0].body is not None
    created = answers[0].body["data"]
    assert created["name"] == "New"
    assert fake.get_record("task", created["gid"]) is not None
    assert answers[1].body is not None
    assert answers[1].body["errors"][0]["message"] == "Unknown object: 404404"
    assert answers[3].body == {"data": {"gid": task, "name": "Existing", "completed": True}}
    assert all(a.headers == {} for a in answers)


def test_get_actions_take_their_data_as_query_and_options_paginate(
    client: Client, fake: FakeAsana
) -> None:
    project = fake.add_project(name="P")["gid"]
    for name in ("a", "b", "c"):
        fake.add_task(name=name, projects=[project])

    [page] = client.batch_api.create_batch_request(
        {
            "actions": [
                {
                    "relative_path": "/tasks",
                    "method": "get",
                    "data": {"project": project},
                    "options": {"limit": 2, "fields": ["name"]},
                }
            ]
        }
    )

    assert page.status_code == 200 and page.body is not None
    assert [t["name"] for t in page.body["data"]] == ["a", "b"]
    assert page.body["next_page"]["offset"]


def test_more_than_ten_actions_are_refused(client: Client, fake: FakeAsana) -> None:
    action: dict[str, Any] = {"relative_path": "/users/me", "method": "get"}
    with pytest.raises(InvalidRequestError, match="At most 10"):
        client.batch_api.create_batch_request({"actions": [action] * 11})
    assert len(client.batch_api.create_batch_request({"actions": [action] * 10})) == 10


def test_an_action_without_a_method_refuses_the_batch(client: Client) -> None:
    with pytest.raises(InvalidRequestError, match="method"):
        client.batch_api.create_batch_request({"actions": [{"relative_path": "/users/me"}]})


def test_actions_run_as_the_caller(fake: FakeAsana) -> None:
    alice = fake.add_user(name="Alice")
    fake.add_token("alice-token", user=alice)
    action: dict[str, Any] = {"relative_path": "/users/me", "method": "get"}

    with (
        httpx.Client(transport=fake.transport) as http,
        Client.access_token("alice-token", http_client=http) as as_alice,
    ):
        [me] = as_alice.batch_api.create_batch_request({"actions": [action]})

    assert me.body is not None and me.body["data"]["gid"] == alice["gid"]
