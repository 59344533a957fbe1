"""FakeAsana's offsets: opaque tokens that resume after what was returned, whatever changed."""

from __future__ import annotations

import pytest

from asana_typed import Client, InvalidRequestError, RequestOptions
from asana_typed.testing import FakeAsana


@pytest.fixture
def project(fake: FakeAsana) -> str:
    """A project holding the tasks T0 .. T5, in that order."""
    gid = str(fake.add_project(name="Paged")["gid"])
    for i in range(6):
        fake.add_task(name=f"T{i}", projects=[gid])
    return gid


def _names(client: Client, project: str, offset: str | None = None) -> tuple[list[str], str | None]:
    page = client.tasks.get_tasks_for_project(
        project, iterator_type=None, options=RequestOptions(page_size=2, offset=offset)
    )
    following = page.next_page.offset if page.next_page is not None else None
    return [task.name or "" for task in page.data], following


def _gid_of(fake: FakeAsana, name: str) -> str:
    return next(str(t["gid"]) for t in fake.records("task") if t["name"] == name)


def test_deleting_returned_items_between_pages_skips_nothing(
    client: Client, fake: FakeAsana, project: str
) -> None:
    first, offset = _names(client, project)
    assert first == ["T0", "T1"]
    for name in ("T0", "T1"):
        client.tasks.delete_task(_gid_of(fake, name))
    second, offset = _names(client, project, offset)
    assert second == ["T2", "T3"]


def test_deleting_items_not_yet_returned_repeats_nothing(
    client: Client, fake: FakeAsana, project: str
) -> None:
    _, offset = _names(client, project)
    client.tasks.delete_task(_gid_of(fake, "T2"))
    second, offset = _names(client, project, offset)
    third, last = _names(client, project, offset)
    assert (second, third, last) == (["T3", "T4"], ["T5"], None)


def test_an_iterator_sees_every_surviving_item_once_while_items_are_deleted(
    client: Client, fake: FakeAsana, project: str
) -> None:
    seen = []
    options = RequestOptions(page_size=2)
    for task in client.tasks.get_tasks_for_project(project, options=options):
        seen.append(task.name)
        if task.name == "T1":
            for name in ("T0", "T1", "T3"):
                client.tasks.delete_task(_gid_of(fake, name))
    assert seen == ["T0", "T1", "T2", "T4", "T5"]


def test_an_offset_the_fake_did_not_issue_is_a_400(client: Client, project: str) -> None:
    with pytest.raises(InvalidRequestError, match="offset is invalid"):
        _names(client, project, "eyJwb3MiOjJ9")


def test_an_offset_of_another_query_is_a_400(client: Client, fake: FakeAsana, project: str) -> None:
    _, offset = _names(client, project)
    other = str(fake.add_project(name="Other")["gid"])
    with pytest.raises(InvalidRequestError, match="different query"):
        _names(client, other, offset)
