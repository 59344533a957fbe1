"""``tasks.search_all_tasks_for_workspace``: every match of a task search, past 100 results.

Asana's search answers at most 100 tasks and no ``next_page``; the walk sorts by ``created_at``
and moves the bound. These tests run it against FakeAsana on both clients, in-process and over
a socket, with tasks sharing a ``created_at`` across the boundaries between searches.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from asana_typed import (
    AsyncClient,
    Client,
    InvalidArgumentError,
    InvalidRequestError,
    ItemIterator,
    RequestOptions,
    SearchOverflowError,
)
from asana_typed.models import Task
from asana_typed.testing import FakeAsana
from asana_typed.testing._recording import RecordedRequest

START = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone.utc)
SEARCH = "/workspaces/{}/tasks/search"


def seed(
    fake: FakeAsana, count: int, *, per_moment: int, name: str = "task", **fields: Any
) -> list[str]:
    """``count`` tasks, ``per_moment`` of them created at each second from START, oldest first."""
    return [
        str(
            fake.add_task(
                name=f"{name} {i}",
                created_at=START + dt.timedelta(seconds=i // per_moment),
                **fields,
            )["gid"]
        )
        for i in range(count)
    ]


def searches(fake: FakeAsana, ws: str) -> list[dict[str, str]]:
    """The query of every search request the fake received, in order."""
    requests: list[RecordedRequest] = fake.requests
    return [r.query for r in requests if r.path == SEARCH.format(ws)]


def moments(tasks: list[Task]) -> list[dt.datetime]:
    stamps = [t.created_at for t in tasks]
    assert all(isinstance(s, dt.datetime) for s in stamps)
    return [s for s in stamps if isinstance(s, dt.datetime)]


@pytest.fixture
def project(fake: FakeAsana, ws: str) -> str:
    return str(fake.add_project(name="Roadmap", workspace=ws)["gid"])


def test_every_match_comes_once_with_ties_across_every_boundary(
    client: Client, fake: FakeAsana, ws: str, project: str
) -> None:
    # 7 tasks per second: the 100th and 200th results fall inside a run of equal created_at.
    wanted = seed(fake, 270, per_moment=7, projects=[project])
    seed(fake, 30, per_moment=7)  # outside the project: filtered out by every search
    found = list(client.tasks.search_all_tasks_for_workspace(ws, {"projects.any": project}))
    assert len(found) == 270
    assert sorted(t.gid for t in found) == sorted(wanted)
    assert moments(found) == sorted(moments(found), reverse=True)  # newest first, as Asana sorts
    sent = searches(fake, ws)
    assert len(sent) == 3
    for query in sent:
        assert query["projects.any"] == project
        assert (query["sort_by"], query["sort_ascending"], query["limit"]) == (
            "created_at",
            "false",
            "100",
        )
    assert "created_at.before" not in sent[0]
    # The bound moves to the last task handed out, widened to take its equals again.
    last_of_first = found[99].created_at
    assert last_of_first is not None
    assert sent[1]["created_at.before"] == _asana_time(last_of_first + dt.timedelta(milliseconds=1))


def test_ascending_walk_moves_created_at_after(client: Client, fake: FakeAsana, ws: str) -> None:
    wanted = seed(fake, 210, per_moment=6)
    found = list(client.tasks.search_all_tasks_for_workspace(ws, {"sort_ascending": True}))
    assert [t.gid for t in found] == wanted  # oldest first, ties in the fake's order
    sent = searches(fake, ws)
    assert [q["sort_ascending"] for q in sent] == ["true"] * len(sent)
    assert all("created_at.before" not in q for q in sent)
    assert [("created_at.after" in q) for q in sent] == [False] + [True] * (len(sent) - 1)


def test_the_walk_is_lazy_and_stops_at_item_limit(client: Client, fake: FakeAsana, ws: str) -> None:
    wanted = seed(fake, 260, per_moment=5)
    fake.clear_requests()
    tasks = client.tasks.search_all_tasks_for_workspace(ws, options=RequestOptions(item_limit=130))
    assert searches(fake, ws) == []
    first = next(tasks)
    assert len(searches(fake, ws)) == 1
    found = [first, *tasks]
    assert sorted(t.gid for t in found) == sorted(wanted[-130:])  # the 26 newest seconds
    assert moments(found) == sorted(moments(found), reverse=True)
    # The second search asks for what is still to go, plus the tasks it will see again.
    assert [q["limit"] for q in searches(fake, ws)] == ["100", str(30 + 5)]


def test_item_limit_zero_sends_nothing(client: Client, fake: FakeAsana, ws: str) -> None:
    seed(fake, 3, per_moment=1)
    fake.clear_requests()
    options = RequestOptions(item_limit=0)
    assert list(client.tasks.search_all_tasks_for_workspace(ws, options=options)) == []
    assert searches(fake, ws) == []


def test_the_calls_own_filters_and_bounds_are_kept(
    client: Client, fake: FakeAsana, ws: str, project: str
) -> None:
    gids = seed(fake, 240, per_moment=4, projects=[project])
    later = START + dt.timedelta(seconds=30)
    fake.add_task(name="done", projects=[project], completed=True, created_at=later)
    floor = START + dt.timedelta(seconds=5)  # after the first 24 tasks
    ceiling = START + dt.timedelta(seconds=55)  # before the last 20
    params: Any = {
        "projects.any": project,
        "completed": False,
        "created_at.after": floor,
        "created_at.before": ceiling.isoformat().replace("+00:00", "Z"),
    }
    found = list(client.tasks.search_all_tasks_for_workspace(ws, params))
    assert sorted(t.gid for t in found) == sorted(gids[24:220])
    for query in searches(fake, ws):
        assert (query["projects.any"], query["completed"]) == (project, "false")
        assert query["created_at.after"] == floor.isoformat()  # the other side, as given
        assert query["created_at.before"] <= "2024-03-01T09:00:55Z"  # never wider


def test_opt_fields_get_created_at_and_default_to_the_compact_task(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    seed(fake, 3, per_moment=1, notes="read me")
    [with_notes, *_] = client.tasks.search_all_tasks_for_workspace(ws, {"opt_fields": ["notes"]})
    assert (with_notes.notes, with_notes.created_at is not None) == ("read me", True)
    options = RequestOptions(fields=["notes"])
    [from_options, *_] = client.tasks.search_all_tasks_for_workspace(ws, options=options)
    assert from_options.notes == "read me"
    [default, *_] = client.tasks.search_all_tasks_for_workspace(ws)
    assert (default.name, default.resource_type) == ("task 2", "task")
    fields = [q["opt_fields"] for q in searches(fake, ws)]
    assert fields == [
        "notes,created_at",
        "notes,created_at",
        "created_by,name,resource_subtype,resource_type,created_at",
    ]


def test_more_equal_created_at_than_one_search_shows_raises_after_what_it_could_hand_out(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    newer = seed(fake, 30, per_moment=1)  # created at START + 0..29 s
    crowd = [
        str(fake.add_task(name=f"crowd {i}", created_at=START - dt.timedelta(hours=1))["gid"])
        for i in range(130)
    ]
    tasks = client.tasks.search_all_tasks_for_workspace(ws)
    found: list[Task] = []
    with pytest.raises(SearchOverflowError) as raised:
        for task in tasks:
            found.append(task)
    assert raised.value.created_at == START - dt.timedelta(hours=1)
    assert raised.value.count == 100
    assert "created_at.before=2024-03-01T08:00:00+00:00" in str(raised.value)
    gids = [t.gid for t in found]
    assert len(gids) == len(set(gids)) == 130
    assert gids[:30] == list(reversed(newer))
    assert set(gids[30:]) <= set(crowd)


@pytest.mark.parametrize(
    ("params", "options", "message"),
    [
        ({"sort_by": "modified_at"}, None, "sort_by must be 'created_at'"),
        ({"created_at.before": "last week"}, None, "created_at.before must be an ISO 8601"),
        ({"created_at.after": "2024-13-01"}, None, "created_at.after must be an ISO 8601"),
        ({}, RequestOptions(offset="eyJ"), "takes no offset"),
        ({"sort_ascending": "yes"}, None, "sort_ascending must be True or False"),
    ],
)
def test_what_the_walk_cannot_honour_is_refused_before_sending(
    client: Client,
    fake: FakeAsana,
    ws: str,
    params: Any,
    options: RequestOptions | None,
    message: str,
) -> None:
    fake.clear_requests()
    with pytest.raises(InvalidArgumentError, match=re.escape(message)):
        client.tasks.search_all_tasks_for_workspace(ws, params, options=options)
    assert fake.requests == []


def test_a_search_answers_at_most_100_and_filters_by_creation_time(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    """The fake's search itself, as the walk relies on it."""
    seed(fake, 150, per_moment=10)
    assert len(client.tasks.search_tasks_for_workspace(ws)) == 100
    after = client.tasks.search_tasks_for_workspace(
        ws, {"created_at.after": "2024-03-01T09:00:13Z", "created_on": dt.date(2024, 3, 1)}
    )
    assert len(after) == 10  # strictly after 13 s: only the 10 tasks of 14 s
    older = client.tasks.search_tasks_for_workspace(
        ws, {"created_at.before": "2024-03-01T09:00:01.000Z", "created_on.after": "2024-02-29"}
    )
    assert len(older) == 10
    assert client.tasks.search_tasks_for_workspace(ws, {"created_on.before": "2024-03-01"}) == []
    limited = RequestOptions(extra_params={"limit": 7})
    assert len(client.tasks.search_tasks_for_workspace(ws, options=limited)) == 7
    with pytest.raises(InvalidRequestError, match="limit"):
        too_many = RequestOptions(extra_params={"limit": 101})
        client.tasks.search_tasks_for_workspace(ws, options=too_many)


def test_the_readme_example_runs(sync_client: Client, fake: FakeAsana, ws: str) -> None:
    seed(fake, 120, per_moment=3, name="Invoice")
    seed(fake, 10, per_moment=3, name="Invoice paid", completed=True)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Searches past 100 results", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    printed: list[str] = []
    namespace = {
        "client": sync_client,
        "workspace_gid": ws,
        "RequestOptions": RequestOptions,
        "print": printed.append,
    }
    exec(compile(code, "<README: Searches past 100 results>", "exec"), namespace)
    assert printed[0] == "2024-03-01 Invoice 117"
    assert len(printed) == 120


def test_typed_as_an_item_iterator_of_tasks(sync_client: Client, ws: str) -> None:
    tasks = sync_client.tasks.search_all_tasks_for_workspace(ws, {"text": "x"})
    assert isinstance(tasks, ItemIterator)
    _: Iterator[Task] = tasks


def _asana_time(moment: dt.datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


class _InclusiveBounds(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """FakeAsana behind a proxy that makes ``created_at.before/.after`` include their bound
    (the fake's exclude it): the walk must not depend on which way Asana reads them."""

    def __init__(self, fake: FakeAsana) -> None:
        self._fake = fake.transport

    def _widened(self, request: httpx.Request) -> httpx.Request:
        params = dict(request.url.params)
        for key, step in (("created_at.after", -1), ("created_at.before", 1)):
            if key in params:
                bound = dt.datetime.fromisoformat(params[key].replace("Z", "+00:00"))
                params[key] = _asana_time(bound + dt.timedelta(milliseconds=step))
        url = request.url.copy_with(params=params)
        return httpx.Request(request.method, url, headers=request.headers)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._fake.handle_request(self._widened(request))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._fake.handle_async_request(self._widened(request))


@pytest.mark.parametrize(("ascending", "item_limit"), [(True, None), (False, None), (True, 101)])
def test_bounds_that_include_their_moment_give_the_same_walk(
    mode: str, fake: FakeAsana, ws: str, ascending: bool, item_limit: int | None
) -> None:
    # Two tasks per millisecond: each search's bound has neighbours one millisecond away.
    wanted = [
        str(
            fake.add_task(name=f"t{i}", created_at=START + dt.timedelta(milliseconds=i // 2))["gid"]
        )
        for i in range(250)
    ]
    transport = _InclusiveBounds(fake)
    params: Any = {"sort_ascending": ascending}
    options = RequestOptions(item_limit=item_limit)
    if mode == "sync":
        http = httpx.Client(transport=transport)
        with Client.access_token(fake.access_token, http_client=http) as client:
            tasks = client.tasks.search_all_tasks_for_workspace(ws, params, options=options)
            found = [t.gid for t in tasks]
    else:

        async def walk() -> list[str]:
            http = httpx.AsyncClient(transport=transport)
            async with AsyncClient.access_token(fake.access_token, http_client=http) as client:
                tasks = client.tasks.search_all_tasks_for_workspace(ws, params, options=options)
                return [t.gid async for t in tasks]

        found = asyncio.run(walk())
    assert len(found) == len(set(found))
    if item_limit is None:
        assert sorted(found) == sorted(wanted)
        assert len(searches(fake, ws)) == 3
    else:  # the 101st comes after the tasks seen again take a short search: it asks for 100
        assert found == wanted[:item_limit]
        assert [q["limit"] for q in searches(fake, ws)] == ["100", "3", "100"]
