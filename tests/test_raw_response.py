"""``raw_response=True``: the value beside the answer it came from, on every call shape.

Every test runs on both clients, in-process and over a socket (the ``client`` fixture).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import (
    ApiResponse,
    Client,
    InvalidArgumentError,
    InvalidTokenError,
    NotFoundError,
    Page,
    RequestOptions,
)
from asana_typed.models import Attachment, EmptyResponse, EventsPage, Task
from asana_typed.testing import FakeAsana


def test_an_item_call_gives_its_model_with_status_headers_and_request_id(
    fake: FakeAsana, client: Client
) -> None:
    gid = fake.add_task(name="with metadata")["gid"]
    answer = client.tasks.get_task(gid, raw_response=True)
    assert_type(answer, ApiResponse[Task])
    assert isinstance(answer.value, Task)
    assert answer.value.name == "with metadata"
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.request_id
    assert answer.request_id == answer.headers["X-Request-Id"]
    assert answer.elapsed >= dt.timedelta(0)
    assert isinstance(answer.http_response, httpx.Response)
    assert answer.http_response.json()["data"]["gid"] == gid


def test_each_answer_has_its_own_request_id(fake: FakeAsana, client: Client) -> None:
    first = client.users.me(raw_response=True)
    second = client.users.me(raw_response=True)
    assert first.request_id != second.request_id


def test_a_create_reports_the_status_it_got(fake: FakeAsana, client: Client) -> None:
    answer = client.projects.create_project(
        {"name": "new", "workspace": fake.workspace["gid"]}, raw_response=True
    )
    assert answer.status_code == 201
    assert answer.value.name == "new"
    assert fake.requests[-1].method == "POST"


def test_a_page_comes_with_its_answer(fake: FakeAsana, client: Client) -> None:
    project = fake.add_project(name="paged")["gid"]
    for n in range(3):
        fake.add_task(name=f"t{n}", projects=[project])
    answer = client.tasks.get_tasks(
        {"project": project},
        iterator_type=None,
        raw_response=True,
        options=RequestOptions(page_size=2),
    )
    assert_type(answer, ApiResponse[Page[Task]])
    assert [task.name for task in answer.value.data] == ["t0", "t1"]
    assert answer.value.next_page is not None
    assert answer.http_response.request.url.params["limit"] == "2"


def test_a_list_comes_with_its_answer(fake: FakeAsana, client: Client) -> None:
    fake.add_task(name="found")
    answer = client.tasks.search_tasks_for_workspace(fake.workspace["gid"], raw_response=True)
    assert_type(answer, ApiResponse[list[Task]])
    assert "found" in [task.name for task in answer.value]


def test_full_payload_with_raw_response_gives_the_body_and_the_answer(
    fake: FakeAsana, client: Client
) -> None:
    answer = client.users.me(full_payload=True, raw_response=True)
    assert_type(answer, ApiResponse[dict[str, Any]])
    assert answer.value == answer.http_response.json()
    page = client.workspaces.find_all(iterator_type=None, full_payload=True, raw_response=True)
    assert_type(page, ApiResponse[dict[str, Any]])
    assert page.value["data"][0]["gid"] == fake.workspace["gid"]


def test_an_empty_answer_is_an_empty_response(fake: FakeAsana, client: Client) -> None:
    gid = fake.add_task(name="doomed")["gid"]
    answer = client.tasks.delete_task(gid, raw_response=True)
    assert_type(answer, ApiResponse[EmptyResponse])
    assert isinstance(answer.value, EmptyResponse)
    assert answer.status_code == 200


def test_an_events_page_comes_with_its_answer(fake: FakeAsana, client: Client) -> None:
    project = fake.add_project(name="watched")["gid"]
    with pytest.raises(InvalidTokenError) as bootstrap:
        client.events.get({"resource": project})
    sync = bootstrap.value.sync
    assert sync is not None
    answer = client.events.get_events({"resource": project, "sync": sync}, raw_response=True)
    assert_type(answer, ApiResponse[EventsPage])
    assert answer.value.sync
    assert answer.status_code == 200


def test_an_item_iterator_refuses_raw_response_before_sending(
    fake: FakeAsana, client: Client
) -> None:
    before = len(fake.requests)
    with pytest.raises(InvalidArgumentError, match="raw_response=True needs iterator_type=None"):
        client.tasks.get_tasks({"workspace": fake.workspace["gid"]}, raw_response=True)  # type: ignore[call-overload]
    assert len(fake.requests) == before


def test_an_error_is_raised_as_without_raw_response(client: Client) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.tasks.get_task("404404", raw_response=True)
    assert caught.value.response is not None
    assert caught.value.response.status_code == 404


def test_after_retries_the_answer_is_the_successful_one(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    gid = fake.add_task(name="flaky")["gid"]
    fake.fail_next(503, path=f"/tasks/{gid}")
    answer = client.tasks.get_task(gid, raw_response=True)
    assert answer.status_code == 200
    assert answer.value.name == "flaky"
    assert len(sleeps) == 1


def test_the_repr_shows_status_and_request_id_and_no_credential(
    fake: FakeAsana, client: Client
) -> None:
    answer = client.users.me(raw_response=True)
    text = repr(answer)
    assert text.startswith("<ApiResponse 200 User request_id=")
    assert fake.access_token not in text


def test_an_upload_comes_with_its_answer(fake: FakeAsana, client: Client) -> None:
    gid = fake.add_task(name="with file")["gid"]
    answer = client.attachments.create_attachment_for_object(
        {"parent": gid, "file": ("a.txt", b"hello")}, raw_response=True
    )
    assert_type(answer, ApiResponse[Attachment])
    assert answer.value.name == "a.txt"
    assert answer.http_response.request.headers["content-type"].startswith("multipart/form-data")


def test_request_id_is_none_when_the_answer_has_none(fake: FakeAsana, client: Client) -> None:
    fake.fail_next(200, body={"data": {"gid": "1", "name": "no id"}}, path="/users/me")
    answer = client.users.me(raw_response=True)
    assert answer.value.name == "no id"
    assert "x-request-id" not in answer.headers
    assert answer.request_id is None
