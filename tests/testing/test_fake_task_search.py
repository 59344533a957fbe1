"""The fake's task search: each filter of Asana's search that names people, containers,
sections, dates or attachments keeps the tasks it should (a filter the fake ignored would
hand a test every task)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from asana_typed.testing import FakeAsana


def _names(api: httpx.Client, fake: FakeAsana, **query: str) -> list[str]:
    answer = api.get(f"/workspaces/{fake.workspace['gid']}/tasks/search", params=query)
    assert answer.status_code == 200, answer.text
    return sorted(task["name"] for task in answer.json()["data"])


@pytest.fixture
def world(fake: FakeAsana) -> dict[str, Any]:
    """Tasks spread over projects, sections, tags, teams, people, dates and attachments."""
    other = fake.add_user(name="Other")
    team = fake.add_team(name="Core")
    in_team = fake.add_project(name="In team", team=team)
    loose = fake.add_project(name="Loose")
    section = fake.add_section(name="Doing", project=loose)
    red = fake.add_tag(name="red")
    blue = fake.add_tag(name="blue")
    both = fake.add_task(name="both", projects=[in_team, loose], tags=[red["gid"], blue["gid"]])
    fake.add_task(name="team only", projects=[in_team], tags=[red["gid"]], liked=True)
    sectioned = fake.add_task(
        name="sectioned",
        memberships=[{"project": loose["gid"], "section": section["gid"]}],
        assignee=fake.me["gid"],
        due_on="2030-05-17",
    )
    plain = fake.add_task(name="plain", due_at="2030-05-20T10:00:00.000Z", start_on="2030-05-01")
    fake.add_story(both, text="looks good", user=other)
    fake.add_attachment(plain, name="notes.txt", content=b"hi")
    return {
        "other": other["gid"],
        "team": team["gid"],
        "in_team": in_team["gid"],
        "loose": loose["gid"],
        "section": section["gid"],
        "red": red["gid"],
        "blue": blue["gid"],
        "sectioned": sectioned["gid"],
    }


def test_all_filters_keep_tasks_with_every_one_named(
    api: httpx.Client, fake: FakeAsana, world: dict[str, Any]
) -> None:
    projects = f"{world['in_team']},{world['loose']}"
    assert _names(api, fake, **{"projects.all": projects}) == ["both"]
    assert _names(api, fake, **{"projects.any": projects}) == [
        "both",
        "sectioned",
        "team only",
    ]
    tags = f"{world['red']},{world['blue']}"
    assert _names(api, fake, **{"tags.all": tags}) == ["both"]
    assert _names(api, fake, **{"tags.all": world["red"]}) == ["both", "team only"]


def test_section_filters(api: httpx.Client, fake: FakeAsana, world: dict[str, Any]) -> None:
    assert _names(api, fake, **{"sections.any": world["section"]}) == ["sectioned"]
    assert _names(api, fake, **{"sections.all": world["section"]}) == ["sectioned"]
    assert _names(api, fake, **{"sections.not": world["section"]}) == [
        "both",
        "plain",
        "team only",
    ]


def test_team_and_portfolio_filters(
    api: httpx.Client, fake: FakeAsana, world: dict[str, Any]
) -> None:
    assert _names(api, fake, **{"teams.any": world["team"]}) == ["both", "team only"]
    assert _names(api, fake, **{"portfolios.any": "1"}) == []  # the fake holds no portfolio


def test_people_filters(api: httpx.Client, fake: FakeAsana, world: dict[str, Any]) -> None:
    me = fake.me["gid"]
    assert _names(api, fake, **{"assigned_by.any": me}) == ["sectioned"]
    assert _names(api, fake, **{"assigned_by.not": me}) == ["both", "plain", "team only"]
    assert _names(api, fake, **{"liked_by.not": me}) == ["both", "plain", "sectioned"]
    assert _names(api, fake, **{"commented_on_by.not": world["other"]}) == [
        "plain",
        "sectioned",
        "team only",
    ]


def test_due_and_start_filters(api: httpx.Client, fake: FakeAsana, world: dict[str, Any]) -> None:
    assert _names(api, fake, due_on="2030-05-17") == ["sectioned"]
    assert _names(api, fake, **{"due_on.before": "2030-05-18"}) == ["sectioned"]
    # a due_at gives its task a due_on too (2030-05-20 for "plain"), as in Asana
    assert _names(api, fake, **{"due_on.after": "2030-05-17"}) == ["plain"]
    assert _names(api, fake, due_on="null") == ["both", "team only"]
    assert _names(api, fake, **{"due_at.after": "2030-05-20T09:59:00Z"}) == ["plain"]
    assert _names(api, fake, **{"due_at.before": "2030-05-20T09:59:00Z"}) == []
    assert _names(api, fake, start_on="2030-05-01") == ["plain"]
    assert _names(api, fake, **{"start_on.after": "2030-04-30"}) == ["plain"]
    assert _names(api, fake, **{"start_on.before": "2030-05-01"}) == []


def test_has_attachment(api: httpx.Client, fake: FakeAsana, world: dict[str, Any]) -> None:
    assert _names(api, fake, has_attachment="true") == ["plain"]
    assert _names(api, fake, has_attachment="false") == ["both", "sectioned", "team only"]
