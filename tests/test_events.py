"""Events (contract section 8): 412 bootstrap, has_more at once, polling, exactly-once delivery.

Every test runs against both clients. Waits between polls go through a scripted sleep: each
time the client decides to wait, the next step of the script changes something in FakeAsana
(as another Asana user would), so the tests run without real waiting.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import Client, InvalidTokenError, RequestOptions
from asana_typed.models import Event, EventsPage
from asana_typed.params import GetEventsParams
from asana_typed.testing import FakeAsana

from ._script import Script

Step = Callable[[], object]


@pytest.fixture
def other_user(fake: FakeAsana) -> Iterator[httpx.Client]:
    """Raw HTTP to the fake, standing for changes made elsewhere."""
    with httpx.Client(
        transport=fake.transport,
        base_url="https://app.asana.com/api/1.0",
        headers={"Authorization": f"Bearer {fake.access_token}"},
    ) as http:
        yield http


@pytest.fixture
def project(fake: FakeAsana, other_user: httpx.Client) -> str:
    answer = other_user.post(
        "/projects", json={"data": {"name": "watched", "workspace": fake.workspace["gid"]}}
    )
    return str(answer.json()["data"]["gid"])


_names = itertools.count()


def add_tasks(http: httpx.Client, project: str, count: int) -> list[str]:
    """Create ``count`` tasks in ``project``; their gids."""
    gids = []
    for _ in range(count):
        data = {"name": f"task {next(_names)}", "projects": [project]}
        gids.append(str(http.post("/tasks", json={"data": data}).json()["data"]["gid"]))
    return gids


def fresh_sync(http: httpx.Client, project: str) -> str:
    """A sync token starting now, as the 412 of a call without one gives it."""
    answer = http.get("/events", params={"resource": project})
    assert answer.status_code == 412
    return str(answer.json()["sync"])


def added_to_project(event: Event) -> str | None:
    """The gid of the task an event says was added to a project, else ``None``."""
    parent = event.parent
    is_added_task = event.type == "task" and event.action == "added"
    if is_added_task and event.resource and parent and parent.resource_type == "project":
        return event.resource.gid
    return None


def added_tasks(events: list[Event]) -> list[str]:
    return [gid for gid in map(added_to_project, events) if gid is not None]


def test_get_without_sync_raises_412_with_a_fresh_token(client: Client, project: str) -> None:
    with pytest.raises(InvalidTokenError) as caught:
        client.events.get({"resource": project})
    assert caught.value.status == 412
    assert caught.value.sync


def test_get_with_sync_returns_an_events_page(
    client: Client, project: str, other_user: httpx.Client
) -> None:
    sync = fresh_sync(other_user, project)
    created = add_tasks(other_user, project, 2)
    page = client.events.get_events({"resource": project, "sync": sync})
    assert_type(page, EventsPage)
    assert added_tasks(page.data) == created
    assert page.sync != sync
    assert page.has_more is False
    assert list(page) == page.data  # iterating the page yields its events


def test_get_next_bootstraps_through_412_then_waits_for_events(
    client: Client, project: str, other_user: httpx.Client, script: Script
) -> None:
    created: list[str] = []
    script.steps = [lambda: created.extend(add_tasks(other_user, project, 3))]
    params: GetEventsParams = {"resource": project}
    events, sync = client.events.get_next(params)
    assert added_tasks(events) == created
    assert sync
    assert script.waits == [5.0]  # poll_interval, once: nothing had happened yet
    assert params == {"resource": project}  # the caller's dict is untouched


def test_get_next_polls_at_the_poll_interval(
    client: Client, project: str, other_user: httpx.Client, script: Script
) -> None:
    script.steps = [lambda: None, lambda: None, lambda: add_tasks(other_user, project, 1)]
    client.events.get_next({"resource": project}, options=RequestOptions(poll_interval=0.5))
    assert script.waits == [0.5, 0.5, 0.5]


def test_has_more_is_fetched_at_once(
    fake: FakeAsana, client: Client, project: str, other_user: httpx.Client, script: Script
) -> None:
    sync = fresh_sync(other_user, project)
    created = add_tasks(other_user, project, 40)  # three events each: 120
    first, sync = client.events.get_next({"resource": project, "sync": sync})
    second, _ = client.events.get_next({"resource": project, "sync": sync})
    assert len(first) == 100
    assert added_tasks(first + second) == created
    assert script.waits == []
    queries = [r.query for r in fake.requests if r.path == "/events"]
    assert len(queries) == 2 + 1  # fresh_sync, then one request per page


def test_iterator_sees_every_event_exactly_once(
    fake: FakeAsana, client: Client, project: str, other_user: httpx.Client, script: Script
) -> None:
    created: list[str] = []

    def burst() -> None:  # more than one page of events
        created.extend(add_tasks(other_user, project, 150))

    def resync() -> None:  # the token expires: Asana answers 412 with a new one
        sync = fresh_sync(other_user, project)
        fake.fail_next(
            status=412,
            path="/events",
            body={"errors": [{"message": "Sync token invalid or too old"}], "sync": sync},
        )
        created.extend(add_tasks(other_user, project, 5))

    script.steps = [burst, lambda: None, resync]
    seen: list[str] = []
    events = client.events.get_iterator({"resource": project})
    for event in events:
        assert isinstance(event, Event)
        gid = added_to_project(event)
        if gid is not None:
            seen.append(gid)
        if len(seen) == 155:
            break
    assert seen == created
    assert len(set(seen)) == 155
    assert script.waits == [5.0, 5.0, 5.0]
