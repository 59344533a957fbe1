"""``client.batch``: ordinary calls through Asana's batch API, one typed result per call.

Every test runs on both clients (in-process and over a socket) against FakeAsana's
``POST /batch``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import (
    AsyncClient,
    BatchAction,
    BatchResult,
    Client,
    InvalidArgumentError,
    NotFoundError,
    Page,
    RateLimitEnforcedError,
    RequestOptions,
    ServerError,
)
from asana_typed.models import EmptyResponse, Project, Task
from asana_typed.testing import FakeAsana


def _batches(fake: FakeAsana) -> list[Any]:
    """The actions of each ``POST /batch`` the fake received, in order."""
    return [r.json["data"]["actions"] for r in fake.requests if r.path == "/batch"]


def test_each_call_gets_its_value_or_its_error_in_input_order(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    task = fake.add_task(name="Existing")["gid"]

    actions = [
        client.actions.tasks.create_task({"name": "New", "workspace": ws}),
        client.actions.tasks.get_task("404404"),
        client.actions.tasks.update_task(task, {"completed": True}),
        client.actions.tasks.delete_task(task),
    ]
    results = list(client.batch(actions))

    assert [r.item for r in results] == actions
    assert [r.ok for r in results] == [True, False, True, True]
    created = results[0].unwrap()
    assert isinstance(created, Task)
    assert created.name == "New"
    assert fake.get_record("task", created.gid) is not None
    assert isinstance(results[1].error, NotFoundError)
    assert results[1].error.status == 404
    assert str(results[1].error) == "Not Found: Unknown object: 404404"
    with pytest.raises(NotFoundError):
        results[1].unwrap()
    updated = results[2].unwrap()
    assert isinstance(updated, Task)
    assert updated.completed is True
    assert isinstance(results[3].unwrap(), EmptyResponse)
    assert fake.get_record("task", task) is None
    assert len(_batches(fake)) == 1


def test_more_than_ten_actions_go_ten_per_request_and_keep_their_order(
    client: Client, fake: FakeAsana
) -> None:
    gids = [str(fake.add_task(name=f"t{n}")["gid"]) for n in range(23)]
    wanted = [*gids[:12], "999999", *gids[12:]]

    results = list(client.batch(client.actions.tasks.get_task(gid) for gid in wanted))

    # AsyncClient sends its batches concurrently: they may arrive in any order
    assert sorted(len(actions) for actions in _batches(fake)) == [4, 10, 10]
    assert isinstance(results[12].error, NotFoundError)
    assert [r.unwrap().name for r in results if r.ok] == [f"t{n}" for n in range(23)]


def test_gids_are_encoded_into_the_relative_path(client: Client, fake: FakeAsana) -> None:
    [result] = client.batch([client.actions.tasks.get_task("a/b?c")])

    assert _batches(fake) == [[{"relative_path": "/tasks/a%2Fb%3Fc", "method": "get"}]]
    assert isinstance(result.error, NotFoundError)
    assert "a/b?c" in str(result.error)


def test_a_bad_gid_or_param_is_refused_when_the_action_is_made(
    client: Client, fake: FakeAsana
) -> None:
    with pytest.raises(InvalidArgumentError, match="task_gid must be a gid"):
        client.actions.tasks.get_task("..")
    with pytest.raises(InvalidArgumentError, match="has no param 'nme'"):
        client.actions.tasks.update_task("1", {"nme": "x"})  # type: ignore[typeddict-unknown-key]
    assert fake.requests == []


def test_fields_go_in_the_action_options_and_limit_the_answer(
    client: Client, fake: FakeAsana
) -> None:
    task = fake.add_task(name="T", notes="n")["gid"]

    results = list(
        client.batch(
            [
                client.actions.tasks.get_task(task, {"opt_fields": ["name"]}),
                client.actions.tasks.update_task(
                    task, {"notes": "m"}, options=RequestOptions(fields=["notes"])
                ),
            ]
        )
    )

    [actions] = _batches(fake)
    assert actions[0] == {
        "relative_path": f"/tasks/{task}",
        "method": "get",
        "options": {"fields": ["name"]},
    }
    assert actions[1]["data"] == {"notes": "m"}
    assert actions[1]["options"] == {"fields": ["notes"]}
    got, updated = (r.unwrap() for r in results)
    assert got.model_fields_set == {"gid", "name"}
    assert updated.model_fields_set == {"gid", "notes"}
    assert updated.notes == "m"


def test_actions_with_other_headers_go_in_their_own_request(
    client: Client, fake: FakeAsana
) -> None:
    client.options.headers = {"X-Team": "a"}
    task = fake.add_task(name="T")["gid"]
    tagged = RequestOptions(headers={"X-Trace": "1"}, asana_enable=["new_goal_memberships"])

    results = list(
        client.batch(
            [
                client.actions.tasks.get_task(task),
                client.actions.tasks.get_task(task, options=tagged),
                client.actions.tasks.get_task(task, options=tagged),
                client.actions.tasks.get_task(task),
            ]
        )
    )

    assert all(r.ok for r in results)
    # AsyncClient sends its batches concurrently: they may arrive in any order
    batches = [r for r in fake.requests if r.path == "/batch"]
    seen = sorted(
        (
            len(r.json["data"]["actions"]),
            r.headers.get("X-Trace") or "",
            r.headers.get("Asana-Enable") or "",
        )
        for r in batches
    )
    assert seen == [(1, "", ""), (1, "", ""), (2, "1", "new_goal_memberships")]
    assert {r.headers["X-Team"] for r in batches} == {"a"}


def test_a_collection_action_gives_one_page(client: Client, fake: FakeAsana) -> None:
    project = fake.add_project(name="P")["gid"]
    for name in ("a", "b", "c"):
        fake.add_task(name=name, projects=[project])

    [first] = client.batch(
        [client.actions.tasks.get_tasks({"project": project}, options=RequestOptions(page_size=2))]
    )
    page = first.unwrap()
    assert isinstance(page, Page)
    assert [t.name for t in page] == ["a", "b"]
    assert page.next_page is not None

    options = RequestOptions(page_size=2, offset=page.next_page.offset)
    [rest] = client.batch([client.actions.tasks.get_tasks({"project": project}, options=options)])

    assert [t.name for t in rest.unwrap()] == ["c"]
    assert _batches(fake)[1][0]["options"] == {"limit": 2, "offset": page.next_page.offset}
    assert _batches(fake)[1][0]["data"] == {"project": project}


def test_a_failed_batch_request_is_the_error_of_each_of_its_actions(
    client: Client, fake: FakeAsana, sleeps: list[float]
) -> None:
    task = fake.add_task(name="T")["gid"]
    fake.fail_next(503, path="/batch")

    results = list(client.batch([client.actions.tasks.update_task(task, {"name": "U"})] * 2))

    assert all(isinstance(r.error, ServerError) and r.error.status == 503 for r in results)
    assert len(_batches(fake)) == 1  # a batch that writes is not sent twice
    assert sleeps == []


def test_a_batch_of_reads_is_retried_like_a_read(
    client: Client, fake: FakeAsana, sleeps: list[float]
) -> None:
    task = fake.add_task(name="T")["gid"]
    fake.fail_next(503, path="/batch")

    [result] = client.batch([client.actions.tasks.get_task(task)])

    assert result.unwrap().name == "T"
    assert len(_batches(fake)) == 2
    assert len(sleeps) == 1


def test_uploads_and_multi_request_calls_are_not_actions(client: Client) -> None:
    with pytest.raises(InvalidArgumentError, match="uploads a file"):
        client.actions.attachments.create_attachment_for_object  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(InvalidArgumentError, match="more than one request"):
        client.actions.events.get_next  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(InvalidArgumentError, match=r"client\.actions\.tasks\.get_task"):
        client.actions.tasks.find_by_id  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(client.actions.tasks, "no_such_operation")


def test_the_sync_client_sends_every_request_before_batch_returns(
    sync_client: Client, fake: FakeAsana
) -> None:
    task = fake.add_task(name="T")["gid"]

    sync_client.batch([sync_client.actions.tasks.update_task(task, {"name": "U"})] * 11)

    assert len(_batches(fake)) == 2
    assert fake.get_record("task", task)["name"] == "U"  # type: ignore[index]


def test_a_write_with_query_parameters_is_refused_when_the_action_is_made(
    client: Client, ws: str
) -> None:
    with pytest.raises(InvalidArgumentError, match="workspace goes in the query string of PUT"):
        client.actions.users.update_user("me", {"workspace": ws, "name": "x"})


def test_batch_takes_only_actions_of_its_own_client(client: Client, fake: FakeAsana) -> None:
    task = fake.add_task(name="T")["gid"]
    other = Client.access_token("another token")

    with pytest.raises(InvalidArgumentError, match="item 0 is a Task"):
        client.batch([client.tasks.get_task(task)])  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="made by another client"):
        client.batch([client.actions.tasks.get_task(task), other.actions.tasks.get_task(task)])
    with pytest.raises(InvalidArgumentError, match="iterable of actions"):
        client.batch(client.actions.tasks.get_task(task))  # type: ignore[arg-type]
    assert [r for r in fake.requests if r.path == "/batch"] == []
    assert list(client.batch([])) == []


def test_the_async_client_runs_batch_requests_concurrently_within_the_write_limit(
    fake: FakeAsana,
) -> None:
    gids = [str(fake.add_task(name=f"t{n}")["gid"]) for n in range(60)]
    fake.limit_concurrency(reads=50, writes=15)
    fake.latency = 0.005

    async def main() -> list[BatchResult[Task]]:
        http = httpx.AsyncClient(transport=fake.transport)
        options = RequestOptions(max_concurrent_writes=3)
        async with AsyncClient.access_token(
            fake.access_token, http_client=http, options=options
        ) as client:
            actions = [client.actions.tasks.get_task(gid) for gid in gids]
            return [result async for result in client.batch(actions)]

    results = asyncio.run(main())

    assert [r.unwrap().gid for r in results] == gids
    assert fake.peak_concurrency["write"] == 3
    assert fake.refused_for_concurrency == 0


def test_results_are_typed_per_action(sync_client: Client, fake: FakeAsana, ws: str) -> None:
    task = fake.add_task(name="T")["gid"]
    client = sync_client

    get = client.actions.tasks.get_task(task)
    assert_type(get, BatchAction[Task])
    assert_type(client.actions.tasks.get_tasks({"workspace": ws}), BatchAction[Page[Task]])
    assert_type(client.actions.tasks.delete_task(task), BatchAction[EmptyResponse])
    assert_type(client.batch([get]), list[BatchResult[Task]])

    mixed: list[BatchAction[Task | Project]] = [get, client.actions.projects.get_project("1")]
    results = client.batch(mixed)
    assert_type(results, list[BatchResult[Task | Project]])
    assert isinstance(results[0].value, Task)
    assert isinstance(results[1].error, NotFoundError)


async def _typed_async(client: AsyncClient, task: str) -> None:
    async for result in client.batch([client.actions.tasks.get_task(task)]):
        assert_type(result, BatchResult[Task])
        assert_type(result.unwrap(), Task)


def test_the_readme_example_runs(
    sync_client: Client, fake: FakeAsana, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## Batches", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    gids = [str(fake.add_task(name="A")["gid"]), "404404", str(fake.add_task(name="B")["gid"])]

    exec(example, {"client": sync_client, "gids": gids})

    assert capsys.readouterr().out.splitlines() == [
        "A",
        "<BatchAction GET /tasks/404404> failed: Not Found: Unknown object: 404404",
        "B",
    ]


@pytest.mark.parametrize("use_async", [False, True], ids=["sync", "async"])
def test_a_rate_limited_action_keeps_its_retry_after(use_async: bool) -> None:
    # FakeAsana runs every action of a batch; a 429 inside one comes from a stand-in server.
    def answer(request: httpx.Request) -> httpx.Response:
        limited = {"errors": [{"message": "Rate limit enforced"}]}
        part = {"status_code": 429, "headers": {"Retry-After": "7"}, "body": limited}
        return httpx.Response(200, json={"data": [part]})

    transport = httpx.MockTransport(answer)
    options = RequestOptions(base_url="http://127.0.0.1:9/api/1.0")
    if use_async:

        async def run() -> list[BatchResult[Task]]:
            http = httpx.AsyncClient(transport=transport)
            async with AsyncClient.access_token("t", options=options, http_client=http) as client:
                return [r async for r in client.batch([client.actions.tasks.get_task("1")])]

        results = asyncio.run(run())
    else:
        http = httpx.Client(transport=transport)
        with Client.access_token("t", options=options, http_client=http) as client:
            results = client.batch([client.actions.tasks.get_task("1")])

    error = results[0].error
    assert isinstance(error, RateLimitEnforcedError)
    assert (error.status, error.retry_after) == (429, 7.0)
