"""``client.events``: the feed with its sync tokens, ``get_next`` and ``get_iterator``.

Waits between polls go through a scripted sleep (the ``script`` fixture), so nothing really
waits.

The ``*_calls_are_typed`` test calls every name directly, so that mypy checks the return
type of each (``assert_type``).
"""

from __future__ import annotations

from typing import Any

import pytest
from typing_extensions import assert_type

from asana_typed import Client, InvalidTokenError, ItemIterator, RequestOptions
from asana_typed.models import Event, EventsPage
from asana_typed.params import GetEventsParams
from asana_typed.testing import FakeAsana

from .._script import Script
from ._helpers import assert_sent, covers, fresh_sync


@covers("events.get_events", "events.get")
@pytest.mark.parametrize("method", ["get_events", "get"])
def test_get_events_answers_412_then_the_events_since_the_sync_token(
    client: Client, fake: FakeAsana, task: str, method: str
) -> None:
    get = getattr(client.events, method)
    with pytest.raises(InvalidTokenError) as raised:
        get({"resource": task})
    assert_sent(fake, "GET", "/events", query={"resource": task})
    assert raised.value.status == 412
    token = raised.value.sync
    assert token
    before = len(fake.events(task))
    fake.update_task(task, name="Renamed")
    page = get({"resource": task, "sync": token})
    assert_sent(fake, "GET", "/events", query={"resource": task, "sync": token})
    assert isinstance(page, EventsPage)
    assert all(isinstance(event, Event) for event in page.data)
    assert [e.model_dump(mode="json", exclude_unset=True) for e in page.data] == fake.events(task)[
        before:
    ]
    assert [(e.type, e.action) for e in page.data] == [("task", "changed"), ("story", "added")]
    assert (page.has_more, page.sync != token) == (False, True)
    again = get({"resource": task, "sync": page.sync})
    assert (again.data, again.has_more) == ([], False)


@covers("events.get_next")
def test_get_next_bootstraps_through_412_and_waits_for_events(
    client: Client, fake: FakeAsana, task: str, script: Script
) -> None:
    fake.clear_requests()
    script.steps = [lambda: fake.update_task(task, completed=True)]
    params: GetEventsParams = {"resource": task}
    events, sync = client.events.get_next(params)
    assert [(r.method, r.path, sorted(r.query)) for r in fake.requests] == [
        ("GET", "/events", ["resource"]),  # 412: a fresh token
        ("GET", "/events", ["resource", "sync"]),  # nothing yet: wait poll_interval
        ("GET", "/events", ["resource", "sync"]),
    ]
    assert all(r.query["resource"] == task for r in fake.requests)
    assert script.waits == [5]
    assert all(isinstance(event, Event) for event in events)
    assert [(e.type, e.action) for e in events] == [("task", "changed"), ("story", "added")]
    assert params == {"resource": task}  # the caller's dict is untouched
    after = client.events.get_events({"resource": task, "sync": sync})
    assert after.data == []  # the returned token continues right after these events


@covers("events.get_iterator")
def test_get_iterator_yields_every_event_polling_at_the_poll_interval(
    client: Client, fake: FakeAsana, task: str, script: Script
) -> None:
    script.steps = [
        lambda: fake.update_task(task, name="First"),
        lambda: None,
        lambda: fake.update_task(task, completed=True),
    ]
    fake.clear_requests()
    events = client.events.get_iterator(
        {"resource": task}, options=RequestOptions(poll_interval=0.25)
    )
    assert fake.requests == []  # lazy: nothing is sent before the first item is asked for
    seen = [next(events) for _ in range(4)]
    assert all(isinstance(event, Event) for event in seen)
    assert [(e.type, e.action, e.change.field if e.change else None) for e in seen] == [
        ("task", "changed", "name"),
        ("story", "added", None),
        ("task", "changed", "completed"),
        ("story", "added", None),
    ]
    assert script.waits == [0.25, 0.25, 0.25]
    assert {(r.method, r.path, r.query["resource"]) for r in fake.requests} == {
        ("GET", "/events", task)
    }
    assert "sync" not in fake.requests[0].query
    assert all(r.query.get("sync") for r in fake.requests[1:])


def test_event_calls_are_typed(client: Client, fake: FakeAsana, task: str, script: Script) -> None:
    sync = fresh_sync(client, task)
    fake.update_task(task, name="Renamed")
    assert_type(client.events.get_events({"resource": task, "sync": sync}), EventsPage)
    page = client.events.get({"resource": task, "sync": sync})
    assert_type(page, EventsPage)
    assert len(page.data) == 2
    events, next_sync = client.events.get_next({"resource": task, "sync": sync})
    assert_type(events, list[Event])
    assert_type(next_sync, str)
    assert len(events) == 2
    iterator = client.events.get_iterator({"resource": task, "sync": sync})
    assert_type(iterator, ItemIterator[Event])
    assert isinstance(next(iterator), Event)
    raw = client.events.get_events({"resource": task, "sync": next_sync}, full_payload=True)
    assert_type(raw, dict[str, Any])
    assert (raw["data"], raw["has_more"], isinstance(raw["sync"], str)) == ([], False, True)
    assert script.waits == []
