"""Attachments, Events, Stories, Tags, Teams: every operation and legacy name, against FakeAsana.

The other five of the original client's nine resources (``test_resources_core.py`` has users,
workspaces, projects and tasks), held to the same specification and written in the same
style: each test makes its call through ``client.<resource>.<method>(...)`` and checks what
went over the wire (method, path with the real gids, the query, the JSON body or the
multipart parts), what came back and, where the call changes something, the fake's state
afterwards. A legacy name runs through the same test as its operation when it takes the same
arguments. The shared ``client`` fixture runs every test with a ``Client`` and an
``AsyncClient``; waits between event polls go through a scripted sleep, so nothing really
waits. The ``*_calls_are_typed`` tests call every name directly so that mypy checks the return
type of each (``assert_type``).

``COVERAGE`` at the end maps every operation of the five resources in ``tools/spec_facts.json``
and every legacy name of them in ``tools/legacy_names.py`` to its test.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any

import pytest
from typing_extensions import assert_type

from asana_typed import (
    Client,
    InvalidTokenError,
    ItemIterator,
    NotFoundError,
    Page,
    RequestOptions,
)
from asana_typed.models import (
    Attachment,
    EmptyResponse,
    Event,
    EventsPage,
    Story,
    Tag,
    Task,
    Team,
    TeamMembership,
    User,
)
from asana_typed.params import CreateTeamParams, GetEventsParams
from asana_typed.testing import FakeAsana

from ._script import Script
from .test_resources_core import (
    CORE_RESOURCES,
    OPERATIONS,
    assert_sent,
    gids,
    iterated,
    record,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from legacy_names import LEGACY  # noqa: E402

RESOURCES = ("attachments", "events", "stories", "tags", "teams")

GOAL_GID = "1209999999999999"
"""A goal's gid. FakeAsana does not model goals: their story endpoints answer 404."""


# -- helpers ------------------------------------------------------------------------------


def multipart_parts(fake: FakeAsana) -> dict[str, EmailMessage]:
    """The parts of the last request's ``multipart/form-data`` body, by part name."""
    request = fake.requests[-1]
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    assert isinstance(message, EmailMessage)
    parts: dict[str, EmailMessage] = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        parts[name] = part
    return parts


def part_text(part: EmailMessage) -> str:
    """The value of a plain form field."""
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def events_of(page: EventsPage) -> list[tuple[str | None, str | None, str | None]]:
    """``(type, action, resource gid)`` of each event of a page."""
    return [(e.type, e.action, e.resource.gid if e.resource else None) for e in page.data]


def fresh_sync(client: Client, resource: str) -> str:
    """A sync token starting now: the one a first call without a token gets with its 412."""
    with pytest.raises(InvalidTokenError) as raised:
        client.events.get_events({"resource": resource})
    assert raised.value.sync
    return raised.value.sync


def team_members(fake: FakeAsana, team: str) -> list[str]:
    """The gids of a team's members, from the fake's team memberships."""
    return [m["user"]["gid"] for m in fake.records("team_membership") if m["team"]["gid"] == team]


@pytest.fixture
def task(fake: FakeAsana) -> str:
    """The gid of a seeded task in the seeded workspace."""
    return str(fake.add_task(name="Ship it")["gid"])


# == Attachments =============================================================================


def test_create_attachment_for_object_uploads_the_file_as_multipart(
    client: Client, fake: FakeAsana, task: str
) -> None:
    attachment = client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("notes.txt", b"hello", "text/plain")}
    )
    assert (fake.requests[-1].method, fake.requests[-1].path) == ("POST", "/attachments")
    assert fake.requests[-1].query == {}
    parts = multipart_parts(fake)
    assert sorted(parts) == ["file", "parent"]
    assert part_text(parts["parent"]) == task
    assert parts["file"].get_filename() == "notes.txt"
    assert parts["file"].get_content_type() == "text/plain"
    assert parts["file"].get_payload(decode=True) == b"hello"
    assert isinstance(attachment, Attachment)
    assert attachment.parent is not None
    assert (attachment.name, attachment.parent.gid, attachment.size) == ("notes.txt", task, 5)
    assert fake.attachment_bytes(attachment.gid) == b"hello"
    assert record(fake, "attachment", attachment.gid)["parent"]["gid"] == task
    assert [s["resource_subtype"] for s in fake.records("story")] == ["attachment_added"]


def test_create_attachment_for_object_links_an_external_url(
    client: Client, fake: FakeAsana, task: str
) -> None:
    attachment = client.attachments.create_attachment_for_object(
        {
            "parent": task,
            "resource_subtype": "external",
            "url": "https://example.com/spec",
            "name": "Spec",
        }
    )
    assert (fake.requests[-1].method, fake.requests[-1].path) == ("POST", "/attachments")
    parts = multipart_parts(fake)
    assert {name: part_text(part) for name, part in parts.items()} == {
        "parent": task,
        "resource_subtype": "external",
        "url": "https://example.com/spec",
        "name": "Spec",
    }
    assert isinstance(attachment, Attachment)
    assert (attachment.name, attachment.resource_subtype) == ("Spec", "external")
    assert record(fake, "attachment", attachment.gid)["download_url"] == "https://example.com/spec"


@pytest.mark.parametrize("method", ["create_on_task", "create_attachment_for_task"])
def test_legacy_upload_posts_the_file_with_the_task_as_parent(
    client: Client, fake: FakeAsana, task: str, method: str
) -> None:
    attachment = getattr(client.attachments, method)(task, b"a,b\n1,2\n", "data.csv", "text/csv")
    assert (fake.requests[-1].method, fake.requests[-1].path) == ("POST", "/attachments")
    parts = multipart_parts(fake)
    assert sorted(parts) == ["file", "parent"]
    assert part_text(parts["parent"]) == task
    assert (parts["file"].get_filename(), parts["file"].get_content_type()) == (
        "data.csv",
        "text/csv",
    )
    assert isinstance(attachment, Attachment)
    assert attachment.name == "data.csv"
    assert fake.attachment_bytes(attachment.gid) == b"a,b\n1,2\n"
    assert record(fake, "attachment", attachment.gid)["parent"]["gid"] == task


@pytest.mark.parametrize("method", ["get_attachment", "find_by_id"])
def test_get_attachment_reads_one_attachment(
    client: Client, fake: FakeAsana, task: str, method: str
) -> None:
    seeded = fake.add_attachment(task, name="plan.pdf", content=b"%PDF", content_type="x/pdf")
    attachment = getattr(client.attachments, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/attachments/{seeded['gid']}")
    assert isinstance(attachment, Attachment)
    assert attachment.parent is not None
    assert (attachment.gid, attachment.name, attachment.size, attachment.parent.gid) == (
        seeded["gid"],
        "plan.pdf",
        4,
        task,
    )
    assert attachment.download_url == seeded["download_url"]


def test_get_attachments_for_object_iterates_over_the_attachments_of_the_parent(
    client: Client, fake: FakeAsana, task: str
) -> None:
    first = fake.add_attachment(task, name="a.txt", content=b"a")
    second = fake.add_attachment(task, name="b.txt", content=b"b")
    fake.add_attachment(fake.add_task(name="Other"), name="c.txt", content=b"c")
    attachments = client.attachments.get_attachments_for_object({"parent": task})
    found = iterated(client, attachments)
    assert_sent(fake, "GET", "/attachments", query={"parent": task, "limit": "50"})
    assert all(isinstance(a, Attachment) for a in found)
    assert [(a.gid, a.name) for a in found] == [(first["gid"], "a.txt"), (second["gid"], "b.txt")]


def test_find_by_task_sends_the_task_as_the_parent_query_param(
    client: Client, fake: FakeAsana, task: str
) -> None:
    seeded = fake.add_attachment(task, name="a.txt", content=b"a")
    fake.add_attachment(fake.add_task(name="Other"), name="c.txt", content=b"c")
    attachments = client.attachments.find_by_task(task)
    found = iterated(client, attachments)
    assert_sent(fake, "GET", "/attachments", query={"parent": task, "limit": "50"})
    assert all(isinstance(a, Attachment) for a in found)
    assert gids(found) == [seeded["gid"]]


def test_delete_attachment_removes_it(client: Client, fake: FakeAsana, task: str) -> None:
    seeded = fake.add_attachment(task, name="old.txt", content=b"old")
    result = client.attachments.delete_attachment(seeded["gid"])
    assert_sent(fake, "DELETE", f"/attachments/{seeded['gid']}")
    assert_type(result, EmptyResponse)
    assert result == EmptyResponse()
    assert fake.get_record("attachment", seeded["gid"]) is None


# == Events ==================================================================================


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


# == Stories =================================================================================


@pytest.mark.parametrize("method", ["create_story_for_task", "create_on_task"])
def test_create_story_for_task_comments_on_the_task(
    client: Client, fake: FakeAsana, me: str, task: str, method: str
) -> None:
    story = getattr(client.stories, method)(task, {"text": "Looks good", "is_pinned": True})
    assert_sent(
        fake,
        "POST",
        f"/tasks/{task}/stories",
        json={"data": {"text": "Looks good", "is_pinned": True}},
    )
    assert isinstance(story, Story)
    assert story.created_by is not None and story.target is not None
    assert (story.text, story.type, story.resource_subtype, story.is_pinned) == (
        "Looks good",
        "comment",
        "comment_added",
        True,
    )
    assert (story.created_by.gid, story.target.gid) == (me, task)
    stored = record(fake, "story", story.gid)
    assert (stored["text"], stored["target"]["gid"]) == ("Looks good", task)


def test_create_story_for_goal_sends_the_comment_and_raises_not_found(
    client: Client, fake: FakeAsana
) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.stories.create_story_for_goal(GOAL_GID, {"text": "On track"})
    assert_sent(fake, "POST", f"/goals/{GOAL_GID}/stories", json={"data": {"text": "On track"}})
    assert raised.value.status == 404
    assert fake.records("story") == []


@pytest.mark.parametrize("method", ["get_stories_for_task", "find_by_task"])
def test_get_stories_for_task_iterates_over_the_tasks_history(
    client: Client, fake: FakeAsana, task: str, method: str
) -> None:
    first = fake.add_story(task, text="First")
    second = fake.add_story(task, html_text="<body><strong>Second</strong></body>")
    fake.add_story(fake.add_task(name="Elsewhere"), text="Not here")
    stories = getattr(client.stories, method)(task)
    found = iterated(client, stories)
    assert_sent(fake, "GET", f"/tasks/{task}/stories", query={"limit": "50"})
    assert all(isinstance(story, Story) for story in found)
    assert [(s.gid, s.text) for s in found] == [(first["gid"], "First"), (second["gid"], "Second")]


def test_get_stories_for_goal_sends_the_request_and_raises_not_found(
    client: Client, fake: FakeAsana
) -> None:
    stories = client.stories.get_stories_for_goal(GOAL_GID)
    with pytest.raises(NotFoundError) as raised:
        list(stories)
    assert_sent(fake, "GET", f"/goals/{GOAL_GID}/stories", query={"limit": "50"})
    assert raised.value.status == 404


@pytest.mark.parametrize("method", ["get_story", "find_by_id"])
def test_get_story_reads_one_story(
    client: Client, fake: FakeAsana, me: str, task: str, method: str
) -> None:
    seeded = fake.add_story(task, text="Hello")
    story = getattr(client.stories, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/stories/{seeded['gid']}")
    assert isinstance(story, Story)
    assert story.created_by is not None and story.target is not None
    assert (story.gid, story.text, story.type, story.created_by.gid, story.target.gid) == (
        seeded["gid"],
        "Hello",
        "comment",
        me,
        task,
    )


@pytest.mark.parametrize("method", ["update_story", "update"])
def test_update_story_edits_the_comment(
    client: Client, fake: FakeAsana, task: str, method: str
) -> None:
    seeded = fake.add_story(task, text="Helo")
    story = getattr(client.stories, method)(seeded["gid"], {"text": "Hello"})
    assert_sent(fake, "PUT", f"/stories/{seeded['gid']}", json={"data": {"text": "Hello"}})
    assert isinstance(story, Story)
    assert (story.gid, story.text, story.is_edited) == (seeded["gid"], "Hello", True)
    stored = record(fake, "story", seeded["gid"])
    assert (stored["text"], stored["is_edited"]) == ("Hello", True)


@pytest.mark.parametrize("method", ["delete_story", "delete"])
def test_delete_story_removes_the_comment(
    client: Client, fake: FakeAsana, task: str, method: str
) -> None:
    seeded = fake.add_story(task, text="Oops")
    result = getattr(client.stories, method)(seeded["gid"])
    assert_sent(fake, "DELETE", f"/stories/{seeded['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("story", seeded["gid"]) is None


# == Tags ====================================================================================


@pytest.mark.parametrize("method", ["create_tag", "create"])
def test_create_tag_stores_a_new_tag_in_the_workspace(
    client: Client, fake: FakeAsana, ws: str, alice: str, method: str
) -> None:
    data = {
        "name": "urgent",
        "workspace": ws,
        "color": "dark-red",
        "notes": "Drop everything",
        "followers": [alice],
    }
    tag = getattr(client.tags, method)(data)
    assert_sent(fake, "POST", "/tags", json={"data": data})
    assert isinstance(tag, Tag)
    assert tag.workspace is not None
    assert (tag.name, tag.color, tag.notes, tag.workspace.gid) == (
        "urgent",
        "dark-red",
        "Drop everything",
        ws,
    )
    assert gids(tag.followers) == [alice]
    stored = record(fake, "tag", tag.gid)
    assert (stored["name"], stored["workspace"]["gid"], gids(stored["followers"])) == (
        "urgent",
        ws,
        [alice],
    )


@pytest.mark.parametrize("method", ["create_tag_for_workspace", "create_in_workspace"])
def test_create_tag_for_workspace_stores_a_tag_in_that_workspace(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    tag = getattr(client.tags, method)(ws, {"name": "later", "color": "light-teal"})
    assert_sent(
        fake,
        "POST",
        f"/workspaces/{ws}/tags",
        json={"data": {"name": "later", "color": "light-teal"}},
    )
    assert isinstance(tag, Tag)
    assert tag.workspace is not None
    assert (tag.name, tag.color, tag.workspace.gid) == ("later", "light-teal", ws)
    assert record(fake, "tag", tag.gid)["workspace"]["gid"] == ws


@pytest.mark.parametrize("method", ["get_tag", "find_by_id"])
def test_get_tag_reads_one_tag(client: Client, fake: FakeAsana, ws: str, method: str) -> None:
    seeded = fake.add_tag(name="urgent")
    tag = getattr(client.tags, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/tags/{seeded['gid']}")
    assert isinstance(tag, Tag)
    assert tag.workspace is not None
    assert (tag.gid, tag.name, tag.workspace.gid, tag.permalink_url) == (
        seeded["gid"],
        "urgent",
        ws,
        seeded["permalink_url"],
    )


@pytest.mark.parametrize("method", ["update_tag", "update"])
def test_update_tag_changes_the_given_fields(client: Client, fake: FakeAsana, method: str) -> None:
    seeded = fake.add_tag(name="urgent")
    tag = getattr(client.tags, method)(seeded["gid"], {"name": "critical", "color": "dark-pink"})
    assert_sent(
        fake,
        "PUT",
        f"/tags/{seeded['gid']}",
        json={"data": {"name": "critical", "color": "dark-pink"}},
    )
    assert isinstance(tag, Tag)
    assert (tag.gid, tag.name, tag.color) == (seeded["gid"], "critical", "dark-pink")
    stored = record(fake, "tag", seeded["gid"])
    assert (stored["name"], stored["color"]) == ("critical", "dark-pink")


@pytest.mark.parametrize("method", ["delete_tag", "delete"])
def test_delete_tag_removes_it_from_the_workspace_and_its_tasks(
    client: Client, fake: FakeAsana, method: str
) -> None:
    seeded = fake.add_tag(name="obsolete")
    tagged = fake.add_task(name="Tagged", tags=[seeded["gid"]])
    result = getattr(client.tags, method)(seeded["gid"])
    assert_sent(fake, "DELETE", f"/tags/{seeded['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("tag", seeded["gid"]) is None
    assert record(fake, "task", tagged["gid"])["tags"] == []


@pytest.mark.parametrize("method", ["get_tags", "find_all"])
def test_get_tags_iterates_over_the_tags_of_a_workspace(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    urgent = fake.add_tag(name="urgent")
    later = fake.add_tag(name="later")
    fake.add_tag(name="elsewhere", workspace=fake.add_workspace(name="Other"))
    tags = getattr(client.tags, method)({"workspace": ws})
    found = iterated(client, tags)
    assert_sent(fake, "GET", "/tags", query={"workspace": ws, "limit": "50"})
    assert all(isinstance(tag, Tag) for tag in found)
    assert [(t.gid, t.name) for t in found] == [(urgent["gid"], "urgent"), (later["gid"], "later")]


def test_get_tags_for_task_iterates_over_the_tags_of_the_task(
    client: Client, fake: FakeAsana
) -> None:
    urgent = fake.add_tag(name="urgent")
    fake.add_tag(name="unused")
    seeded = fake.add_task(name="Hotfix", tags=[urgent["gid"]])
    tags = client.tags.get_tags_for_task(seeded["gid"])
    found = iterated(client, tags)
    assert_sent(fake, "GET", f"/tasks/{seeded['gid']}/tags", query={"limit": "50"})
    assert all(isinstance(tag, Tag) for tag in found)
    assert [(t.gid, t.name) for t in found] == [(urgent["gid"], "urgent")]


@pytest.mark.parametrize("method", ["get_tags_for_workspace", "find_by_workspace"])
def test_get_tags_for_workspace_iterates_over_its_tags(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    urgent = fake.add_tag(name="urgent")
    fake.add_tag(name="elsewhere", workspace=fake.add_workspace(name="Other"))
    tags = getattr(client.tags, method)(ws)
    found = iterated(client, tags)
    assert_sent(fake, "GET", f"/workspaces/{ws}/tags", query={"limit": "50"})
    assert all(isinstance(tag, Tag) for tag in found)
    assert [(t.gid, t.name) for t in found] == [(urgent["gid"], "urgent")]


def test_get_tasks_with_tag_iterates_over_the_tagged_tasks(client: Client, fake: FakeAsana) -> None:
    urgent = fake.add_tag(name="urgent")
    tagged = fake.add_task(name="Hotfix", tags=[urgent["gid"]])
    fake.add_task(name="Untagged")
    tasks = client.tags.get_tasks_with_tag(urgent["gid"])
    found = iterated(client, tasks)
    assert_sent(fake, "GET", f"/tags/{urgent['gid']}/tasks", query={"limit": "50"})
    assert all(isinstance(t, Task) for t in found)
    assert [(t.gid, t.name) for t in found] == [(tagged["gid"], "Hotfix")]


# == Teams ===================================================================================


def test_create_team_stores_a_team_of_the_organization_with_the_caller_as_member(
    client: Client, fake: FakeAsana, ws: str, me: str
) -> None:
    data: CreateTeamParams = {
        "name": "Platform",
        "organization": ws,
        "description": "Infrastructure",
        "visibility": "request_to_join",
    }
    team = client.teams.create_team(data)
    assert_sent(fake, "POST", "/teams", json={"data": data})
    assert_type(team, Team)
    assert isinstance(team, Team)
    assert team.organization is not None
    assert (team.name, team.visibility, team.organization.gid) == (
        "Platform",
        "request_to_join",
        ws,
    )
    stored = record(fake, "team", team.gid)
    assert (stored["name"], stored["visibility"]) == ("Platform", "request_to_join")
    assert team_members(fake, team.gid) == [me]


@pytest.mark.parametrize("method", ["get_team", "find_by_id"])
def test_get_team_reads_one_team(client: Client, fake: FakeAsana, ws: str, method: str) -> None:
    seeded = fake.add_team(name="Platform")
    team = getattr(client.teams, method)(seeded["gid"])
    assert_sent(fake, "GET", f"/teams/{seeded['gid']}")
    assert isinstance(team, Team)
    assert team.organization is not None
    assert (team.gid, team.name, team.organization.gid, team.permalink_url) == (
        seeded["gid"],
        "Platform",
        ws,
        seeded["permalink_url"],
    )


def test_update_team_changes_the_given_fields(client: Client, fake: FakeAsana) -> None:
    seeded = fake.add_team(name="Platform")
    team = client.teams.update_team(seeded["gid"], {"name": "Infra", "visibility": "public"})
    assert_sent(
        fake,
        "PUT",
        f"/teams/{seeded['gid']}",
        json={"data": {"name": "Infra", "visibility": "public"}},
    )
    assert_type(team, Team)
    assert isinstance(team, Team)
    assert (team.gid, team.name, team.visibility) == (seeded["gid"], "Infra", "public")
    stored = record(fake, "team", seeded["gid"])
    assert (stored["name"], stored["visibility"]) == ("Infra", "public")


@pytest.mark.parametrize("method", ["get_teams_for_workspace", "find_by_organization"])
def test_get_teams_for_workspace_iterates_over_the_teams_of_the_organization(
    client: Client, fake: FakeAsana, ws: str, method: str
) -> None:
    platform = fake.add_team(name="Platform")
    design = fake.add_team(name="Design", members=[])
    other = fake.add_workspace(name="Other Org", is_organization=True)
    fake.add_team(name="Elsewhere", organization=other)
    teams = getattr(client.teams, method)(ws)
    found = iterated(client, teams)
    assert_sent(fake, "GET", f"/workspaces/{ws}/teams", query={"limit": "50"})
    assert all(isinstance(team, Team) for team in found)
    assert [(t.gid, t.name) for t in found] == [
        (platform["gid"], "Platform"),
        (design["gid"], "Design"),
    ]


@pytest.mark.parametrize("method", ["get_teams_for_user", "find_by_user"])
def test_get_teams_for_user_iterates_over_the_users_teams_in_the_organization(
    client: Client, fake: FakeAsana, ws: str, me: str, alice: str, method: str
) -> None:
    platform = fake.add_team(name="Platform", members=[me, alice])
    fake.add_team(name="Design", members=[me])
    teams = getattr(client.teams, method)(alice, {"organization": ws})
    found = iterated(client, teams)
    assert_sent(fake, "GET", f"/users/{alice}/teams", query={"organization": ws, "limit": "50"})
    assert all(isinstance(team, Team) for team in found)
    assert [(t.gid, t.name) for t in found] == [(platform["gid"], "Platform")]


def test_users_lists_the_members_of_the_team(
    client: Client, fake: FakeAsana, me: str, alice: str
) -> None:
    fake.add_user(name="Not In The Team")
    team = fake.add_team(name="Platform", members=[me, alice])
    users = client.teams.users(team["gid"])
    assert_sent(fake, "GET", f"/teams/{team['gid']}/users")
    assert_type(users, list[User])
    assert isinstance(users, list)
    assert all(isinstance(user, User) for user in users)
    assert [(u.gid, u.name) for u in users] == [(me, "Test User"), (alice, "Alice")]


@pytest.mark.parametrize("method", ["add_user_for_team", "add_user"])
def test_add_user_for_team_makes_the_user_a_member(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    team = fake.add_team(name="Platform")
    membership = getattr(client.teams, method)(team["gid"], {"user": alice})
    assert_sent(fake, "POST", f"/teams/{team['gid']}/addUser", json={"data": {"user": alice}})
    assert isinstance(membership, TeamMembership)
    assert membership.user is not None and membership.team is not None
    assert (membership.user.gid, membership.team.gid, membership.is_guest) == (
        alice,
        team["gid"],
        False,
    )
    assert team_members(fake, team["gid"]) == [me, alice]
    assert record(fake, "team_membership", membership.gid)["user"]["gid"] == alice


@pytest.mark.parametrize("method", ["remove_user_for_team", "remove_user"])
def test_remove_user_for_team_ends_the_membership(
    client: Client, fake: FakeAsana, me: str, alice: str, method: str
) -> None:
    team = fake.add_team(name="Platform", members=[me, alice])
    result = getattr(client.teams, method)(team["gid"], {"user": alice})
    assert_sent(fake, "POST", f"/teams/{team['gid']}/removeUser", json={"data": {"user": alice}})
    assert isinstance(result, EmptyResponse)
    assert team_members(fake, team["gid"]) == [me]
    assert [u["gid"] for u in fake.records("user") if u["gid"] in (me, alice)] == [me, alice]


# == Return types: every name called directly, so mypy checks each ===========================


def test_attachment_calls_are_typed(client: Client, fake: FakeAsana, task: str) -> None:
    seeded = fake.add_attachment(task, name="a.txt", content=b"a")
    assert_type(client.attachments.get_attachment(seeded["gid"]), Attachment)
    assert_type(client.attachments.find_by_id(seeded["gid"]), Attachment)
    listed = client.attachments.get_attachments_for_object({"parent": task})
    assert_type(listed, ItemIterator[Attachment])
    page = client.attachments.get_attachments_for_object({"parent": task}, iterator_type=None)
    assert_type(page, Page[Attachment])
    assert isinstance(page, Page)
    assert gids(page.data) == [seeded["gid"]]
    uploaded = client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("b.txt", b"b")}
    )
    assert_type(uploaded, Attachment)
    legacy = client.attachments.create_on_task(task, b"c", "c.txt")
    assert_type(legacy, Attachment)
    legacy = client.attachments.create_attachment_for_task(task, b"d", "d.txt", "text/plain")
    assert_type(legacy, Attachment)
    assert isinstance(legacy, Attachment)
    gone = client.attachments.delete_attachment(uploaded.gid)
    assert_type(gone, EmptyResponse)
    raw = client.attachments.get_attachment(seeded["gid"], full_payload=True)
    assert_type(raw, dict[str, Any])
    assert raw["data"]["gid"] == seeded["gid"]


def test_find_by_task_takes_the_task_alone_for_mypy() -> None:
    """The original ``find_by_task(task)`` needs no params: the gid fills ``parent``."""
    from asana_typed.resources.attachments import AsyncAttachments, Attachments, _Endpoints

    for cls in (Attachments, AsyncAttachments):
        parameters = inspect.signature(cls.find_by_task).parameters
        assert list(parameters)[:3] == ["self", "task_gid", "params"]
        assert parameters["params"].default is None, "params must be optional"
    assert _Endpoints.find_by_task.gid_param == "parent"


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


def test_story_calls_are_typed(client: Client, fake: FakeAsana, task: str) -> None:
    story = client.stories.create_story_for_task(task, {"text": "One"})
    assert_type(story, Story)
    assert_type(client.stories.create_on_task(task, {"text": "Two"}), Story)
    assert_type(client.stories.get_story(story.gid), Story)
    assert_type(client.stories.find_by_id(story.gid), Story)
    assert_type(client.stories.update_story(story.gid, {"text": "Uno"}), Story)
    assert_type(client.stories.update(story.gid, {"text": "Eins"}), Story)
    assert_type(client.stories.get_stories_for_task(task), ItemIterator[Story])
    assert_type(client.stories.find_by_task(task), ItemIterator[Story])
    page = client.stories.get_stories_for_task(task, iterator_type=None)
    assert_type(page, Page[Story])
    assert isinstance(page, Page)
    assert len(page.data) == 2
    assert_type(client.stories.get_stories_for_goal(GOAL_GID), ItemIterator[Story])
    with pytest.raises(NotFoundError):
        assert_type(client.stories.create_story_for_goal(GOAL_GID, {"text": "x"}), Story)
    assert_type(client.stories.delete_story(story.gid), EmptyResponse)
    second = client.stories.create_on_task(task, {"text": "Three"})
    assert_type(client.stories.delete(second.gid), EmptyResponse)


def test_tag_calls_are_typed(client: Client, fake: FakeAsana, ws: str) -> None:
    tag = client.tags.create_tag({"name": "a", "workspace": ws})
    assert_type(tag, Tag)
    assert_type(client.tags.create({"name": "b", "workspace": ws}), Tag)
    assert_type(client.tags.create_tag_for_workspace(ws, {"name": "c"}), Tag)
    assert_type(client.tags.create_in_workspace(ws, {"name": "d"}), Tag)
    assert_type(client.tags.get_tag(tag.gid), Tag)
    assert_type(client.tags.find_by_id(tag.gid), Tag)
    assert_type(client.tags.update_tag(tag.gid, {"notes": "x"}), Tag)
    assert_type(client.tags.update(tag.gid, {"notes": "y"}), Tag)
    assert_type(client.tags.get_tags({"workspace": ws}), ItemIterator[Tag])
    assert_type(client.tags.find_all({"workspace": ws}), ItemIterator[Tag])
    assert_type(client.tags.get_tags_for_workspace(ws), ItemIterator[Tag])
    assert_type(client.tags.find_by_workspace(ws), ItemIterator[Tag])
    seeded = fake.add_task(name="Tagged", tags=[tag.gid])
    assert_type(client.tags.get_tags_for_task(seeded["gid"]), ItemIterator[Tag])
    assert_type(client.tags.get_tasks_with_tag(tag.gid), ItemIterator[Task])
    page = client.tags.get_tags_for_workspace(ws, iterator_type=None)
    assert_type(page, Page[Tag])
    assert isinstance(page, Page)
    assert len(page.data) == 4
    assert_type(client.tags.delete_tag(tag.gid), EmptyResponse)
    assert_type(client.tags.delete(page.data[1].gid), EmptyResponse)


def test_team_calls_are_typed(client: Client, fake: FakeAsana, ws: str, me: str) -> None:
    alice = fake.add_user(name="Alice")["gid"]
    team = client.teams.create_team({"name": "Platform", "organization": ws})
    assert_type(team, Team)
    assert_type(client.teams.get_team(team.gid), Team)
    assert_type(client.teams.find_by_id(team.gid), Team)
    assert_type(client.teams.update_team(team.gid, {"name": "Infra"}), Team)
    assert_type(client.teams.get_teams_for_workspace(ws), ItemIterator[Team])
    assert_type(client.teams.find_by_organization(ws), ItemIterator[Team])
    assert_type(client.teams.get_teams_for_user(me, {"organization": ws}), ItemIterator[Team])
    assert_type(client.teams.find_by_user(me, {"organization": ws}), ItemIterator[Team])
    page = client.teams.get_teams_for_workspace(ws, iterator_type=None)
    assert_type(page, Page[Team])
    assert isinstance(page, Page)
    assert gids(page.data) == [team.gid]
    assert_type(client.teams.users(team.gid), list[User])
    membership = client.teams.add_user_for_team(team.gid, {"user": alice})
    assert_type(membership, TeamMembership)
    assert isinstance(membership, TeamMembership)
    assert_type(client.teams.add_user(team.gid, {"user": alice}), TeamMembership)
    assert_type(client.teams.remove_user_for_team(team.gid, {"user": alice}), EmptyResponse)
    client.teams.add_user(team.gid, {"user": alice})
    assert_type(client.teams.remove_user(team.gid, {"user": alice}), EmptyResponse)
    assert team_members(fake, team.gid) == [me]


# == Coverage ================================================================================

TestFunction = Callable[..., None]

COVERAGE: dict[str, TestFunction] = {
    # attachments
    "attachments.create_attachment_for_object": (
        test_create_attachment_for_object_uploads_the_file_as_multipart
    ),
    "attachments.create_on_task": test_legacy_upload_posts_the_file_with_the_task_as_parent,
    "attachments.create_attachment_for_task": (
        test_legacy_upload_posts_the_file_with_the_task_as_parent
    ),
    "attachments.get_attachment": test_get_attachment_reads_one_attachment,
    "attachments.find_by_id": test_get_attachment_reads_one_attachment,
    "attachments.get_attachments_for_object": (
        test_get_attachments_for_object_iterates_over_the_attachments_of_the_parent
    ),
    "attachments.find_by_task": test_find_by_task_sends_the_task_as_the_parent_query_param,
    "attachments.delete_attachment": test_delete_attachment_removes_it,
    # events
    "events.get_events": test_get_events_answers_412_then_the_events_since_the_sync_token,
    "events.get": test_get_events_answers_412_then_the_events_since_the_sync_token,
    "events.get_next": test_get_next_bootstraps_through_412_and_waits_for_events,
    "events.get_iterator": test_get_iterator_yields_every_event_polling_at_the_poll_interval,
    # stories
    "stories.create_story_for_task": test_create_story_for_task_comments_on_the_task,
    "stories.create_on_task": test_create_story_for_task_comments_on_the_task,
    "stories.create_story_for_goal": (
        test_create_story_for_goal_sends_the_comment_and_raises_not_found
    ),
    "stories.get_stories_for_task": test_get_stories_for_task_iterates_over_the_tasks_history,
    "stories.find_by_task": test_get_stories_for_task_iterates_over_the_tasks_history,
    "stories.get_stories_for_goal": (
        test_get_stories_for_goal_sends_the_request_and_raises_not_found
    ),
    "stories.get_story": test_get_story_reads_one_story,
    "stories.find_by_id": test_get_story_reads_one_story,
    "stories.update_story": test_update_story_edits_the_comment,
    "stories.update": test_update_story_edits_the_comment,
    "stories.delete_story": test_delete_story_removes_the_comment,
    "stories.delete": test_delete_story_removes_the_comment,
    # tags
    "tags.create_tag": test_create_tag_stores_a_new_tag_in_the_workspace,
    "tags.create": test_create_tag_stores_a_new_tag_in_the_workspace,
    "tags.create_tag_for_workspace": test_create_tag_for_workspace_stores_a_tag_in_that_workspace,
    "tags.create_in_workspace": test_create_tag_for_workspace_stores_a_tag_in_that_workspace,
    "tags.get_tag": test_get_tag_reads_one_tag,
    "tags.find_by_id": test_get_tag_reads_one_tag,
    "tags.update_tag": test_update_tag_changes_the_given_fields,
    "tags.update": test_update_tag_changes_the_given_fields,
    "tags.delete_tag": test_delete_tag_removes_it_from_the_workspace_and_its_tasks,
    "tags.delete": test_delete_tag_removes_it_from_the_workspace_and_its_tasks,
    "tags.get_tags": test_get_tags_iterates_over_the_tags_of_a_workspace,
    "tags.find_all": test_get_tags_iterates_over_the_tags_of_a_workspace,
    "tags.get_tags_for_task": test_get_tags_for_task_iterates_over_the_tags_of_the_task,
    "tags.get_tags_for_workspace": test_get_tags_for_workspace_iterates_over_its_tags,
    "tags.find_by_workspace": test_get_tags_for_workspace_iterates_over_its_tags,
    "tags.get_tasks_with_tag": test_get_tasks_with_tag_iterates_over_the_tagged_tasks,
    # teams
    "teams.create_team": (
        test_create_team_stores_a_team_of_the_organization_with_the_caller_as_member
    ),
    "teams.get_team": test_get_team_reads_one_team,
    "teams.find_by_id": test_get_team_reads_one_team,
    "teams.update_team": test_update_team_changes_the_given_fields,
    "teams.get_teams_for_workspace": (
        test_get_teams_for_workspace_iterates_over_the_teams_of_the_organization
    ),
    "teams.find_by_organization": (
        test_get_teams_for_workspace_iterates_over_the_teams_of_the_organization
    ),
    "teams.get_teams_for_user": (
        test_get_teams_for_user_iterates_over_the_users_teams_in_the_organization
    ),
    "teams.find_by_user": test_get_teams_for_user_iterates_over_the_users_teams_in_the_organization,
    "teams.users": test_users_lists_the_members_of_the_team,
    "teams.add_user_for_team": test_add_user_for_team_makes_the_user_a_member,
    "teams.add_user": test_add_user_for_team_makes_the_user_a_member,
    "teams.remove_user_for_team": test_remove_user_for_team_ends_the_membership,
    "teams.remove_user": test_remove_user_for_team_ends_the_membership,
}


def test_the_nine_original_resources_are_split_between_the_two_files() -> None:
    assert sorted(LEGACY) == sorted((*CORE_RESOURCES, *RESOURCES))


def test_every_operation_and_legacy_name_has_a_test() -> None:
    operations = {
        f"{op['resource']}.{op['name']}" for op in OPERATIONS if op["resource"] in RESOURCES
    }
    legacy = {f"{resource}.{alias}" for resource in RESOURCES for alias in LEGACY[resource]}
    names = operations | legacy
    untested = sorted(names - set(COVERAGE))
    unknown = sorted(set(COVERAGE) - names)
    assert (untested, unknown) == ([], [])


@pytest.mark.parametrize("name", sorted(COVERAGE))
def test_each_listed_test_calls_its_method(name: str) -> None:
    resource, method = name.split(".")
    source = inspect.getsource(COVERAGE[name])
    assert f"client.{resource}.{method}(" in source or (
        f'"{method}"' in source and f"client.{resource}" in source
    ), f"{COVERAGE[name].__name__} does not call client.{resource}.{method}"
