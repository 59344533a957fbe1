"""``client.stories``: comments and history of tasks (and of goals, which FakeAsana does not
model: those calls are sent and answer 404).

The ``*_calls_are_typed`` test calls every name directly, so that mypy checks the return
type of each (``assert_type``).
"""

from __future__ import annotations

import pytest
from typing_extensions import assert_type

from asana_typed import Client, ItemIterator, NotFoundError, Page
from asana_typed.models import EmptyResponse, Story
from asana_typed.testing import FakeAsana

from ._helpers import GOAL_GID, assert_sent, covers, iterated, record


@covers("stories.create_story_for_task", "stories.create_on_task")
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


@covers("stories.create_story_for_goal")
def test_create_story_for_goal_sends_the_comment_and_raises_not_found(
    client: Client, fake: FakeAsana
) -> None:
    with pytest.raises(NotFoundError) as raised:
        client.stories.create_story_for_goal(GOAL_GID, {"text": "On track"})
    assert_sent(fake, "POST", f"/goals/{GOAL_GID}/stories", json={"data": {"text": "On track"}})
    assert raised.value.status == 404
    assert fake.records("story") == []


@covers("stories.get_stories_for_task", "stories.find_by_task")
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


@covers("stories.get_stories_for_goal")
def test_get_stories_for_goal_sends_the_request_and_raises_not_found(
    client: Client, fake: FakeAsana
) -> None:
    stories = client.stories.get_stories_for_goal(GOAL_GID)
    with pytest.raises(NotFoundError) as raised:
        list(stories)
    assert_sent(fake, "GET", f"/goals/{GOAL_GID}/stories", query={"limit": "50"})
    assert raised.value.status == 404


@covers("stories.get_story", "stories.find_by_id")
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


@covers("stories.update_story", "stories.update")
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


@covers("stories.delete_story", "stories.delete")
@pytest.mark.parametrize("method", ["delete_story", "delete"])
def test_delete_story_removes_the_comment(
    client: Client, fake: FakeAsana, task: str, method: str
) -> None:
    seeded = fake.add_story(task, text="Oops")
    result = getattr(client.stories, method)(seeded["gid"])
    assert_sent(fake, "DELETE", f"/stories/{seeded['gid']}")
    assert isinstance(result, EmptyResponse)
    assert fake.get_record("story", seeded["gid"]) is None


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
