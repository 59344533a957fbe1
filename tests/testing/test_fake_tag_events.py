"""A tag's event stream in FakeAsana: the tag's own changes and the tasks added or removed."""

from __future__ import annotations

import pytest

from asana_typed import Client, InvalidTokenError
from asana_typed.models import Event
from asana_typed.testing import FakeAsana


def _sync(client: Client, gid: str) -> str:
    with pytest.raises(InvalidTokenError) as caught:
        client.events.get_events({"resource": gid})
    assert caught.value.sync is not None
    return caught.value.sync


def _since(client: Client, gid: str, sync: str) -> list[Event]:
    return client.events.get_events({"resource": gid, "sync": sync}).data


def _summary(events: list[Event]) -> list[tuple[str | None, str | None, str | None]]:
    return [
        (e.action, e.resource.gid if e.resource else None, e.change.field if e.change else None)
        for e in events
    ]


def test_a_tags_stream_shows_each_field_the_tag_changed(client: Client, fake: FakeAsana) -> None:
    tag = fake.add_tag(name="Urgent")["gid"]
    sync = _sync(client, tag)
    client.tags.update_tag(tag, {"name": "Very urgent", "color": "dark-red"})
    client.tags.update_tag(tag, {"name": "Very urgent"})  # no change: no event
    assert _summary(_since(client, tag, sync)) == [
        ("changed", tag, "name"),
        ("changed", tag, "color"),
    ]


def test_a_tags_stream_shows_tasks_added_and_removed(client: Client, fake: FakeAsana) -> None:
    tag = fake.add_tag(name="Urgent")["gid"]
    task = fake.add_task(name="Fix it")["gid"]
    sync = _sync(client, tag)
    client.tasks.add_tag_for_task(task, {"tag": tag})
    client.tasks.remove_tag_for_task(task, {"tag": tag})
    events = _since(client, tag, sync)
    assert _summary(events) == [("added", task, None), ("removed", task, None)]
    assert {e.parent.gid for e in events if e.parent} == {tag}


def test_a_tag_change_stays_out_of_other_streams(client: Client, fake: FakeAsana) -> None:
    tag = fake.add_tag(name="Urgent")["gid"]
    other = fake.add_tag(name="Later")["gid"]
    sync = _sync(client, other)
    client.tags.update_tag(tag, {"notes": "now"})
    assert _since(client, other, sync) == []
