"""Collections: lazy item iterators and raw pages, exactly as the contract's section 4."""

from __future__ import annotations

import gc
import weakref

import pytest

from asana_typed import Client, ItemIterator, Page, RequestOptions
from asana_typed._pages._iterators import PageCursor
from asana_typed.models import Task
from asana_typed.testing import FakeAsana


@pytest.fixture
def project_with_tasks(fake: FakeAsana) -> str:
    project = fake.add_project(name="paged")
    for n in range(7):
        fake.add_task(name=f"task {n}", projects=[project["gid"]])
    return str(project["gid"])


def _task_requests(fake: FakeAsana) -> list[dict[str, str]]:
    return [r.query for r in fake.requests if r.path.endswith("/tasks")]


@pytest.mark.parametrize(
    ("item_limit", "page_size", "expected_items", "expected_limits"),
    [
        (5, 2, 5, ["2", "2", "1"]),  # fewer than the items: the last page asks only for the rest
        (7, 3, 7, ["3", "3", "1"]),  # exactly the items
        (20, 3, 7, ["3", "3", "3"]),  # more than the items: stops at the last page
        (None, 4, 7, ["4", "4"]),  # all
    ],
)
def test_item_limit(
    fake: FakeAsana,
    client: Client,
    project_with_tasks: str,
    item_limit: int | None,
    page_size: int,
    expected_items: int,
    expected_limits: list[str],
) -> None:
    options = RequestOptions(item_limit=item_limit, page_size=page_size)
    names = [
        t.name for t in client.tasks.get_tasks_for_project(project_with_tasks, options=options)
    ]
    assert names == [f"task {n}" for n in range(expected_items)]
    assert [q["limit"] for q in _task_requests(fake)] == expected_limits


def test_item_limit_zero_sends_nothing(
    fake: FakeAsana, client: Client, project_with_tasks: str
) -> None:
    fake.clear_requests()
    items = client.tasks.get_tasks_for_project(
        project_with_tasks, options=RequestOptions(item_limit=0)
    )
    assert list(items) == []
    assert fake.requests == []


def test_iterator_is_lazy_and_stops(fake: FakeAsana, client: Client) -> None:
    fake.clear_requests()
    it = client.workspaces.find_all(options=RequestOptions(item_limit=1))
    assert fake.requests == []
    assert next(it).gid == fake.workspace["gid"]
    with pytest.raises(StopIteration):
        next(it)


def test_params_and_opt_fields_kept_on_every_page(
    fake: FakeAsana, client: Client, project_with_tasks: str
) -> None:
    options = RequestOptions(page_size=2, fields=["name", "completed"])
    tasks = list(client.tasks.get_tasks({"project": project_with_tasks}, options=options))
    assert len(tasks) == 7
    queries = _task_requests(fake)
    assert len(queries) == 4
    for query in queries:
        assert query["opt_fields"] == "name,completed"
        assert query["project"] == project_with_tasks
    assert "offset" not in queries[0]
    assert all("offset" in q for q in queries[1:])
    assert tasks[0].completed is False


def test_raw_pages_follow_next_page_offset(client: Client, project_with_tasks: str) -> None:
    offset: str | None = None
    seen: list[str] = []
    pages = 0
    while True:
        page = client.tasks.get_tasks_for_project(
            project_with_tasks,
            iterator_type=None,
            options=RequestOptions(offset=offset, page_size=3),
        )
        assert isinstance(page, Page)
        pages += 1
        seen += [t.gid for t in page.data]
        if page.next_page is None:
            break
        offset = page.next_page.offset
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7


def test_raw_page_sends_limit_page_size(
    fake: FakeAsana, client: Client, project_with_tasks: str
) -> None:
    client.tasks.get_tasks_for_project(project_with_tasks, iterator_type=None)
    assert fake.requests[-1].query["limit"] == "50"


def test_raw_page_full_payload_is_the_json(client: Client, project_with_tasks: str) -> None:
    raw = client.tasks.get_tasks_for_project(
        project_with_tasks,
        iterator_type=None,
        full_payload=True,
        options=RequestOptions(page_size=2),
    )
    assert isinstance(raw, dict)
    assert len(raw["data"]) == 2
    assert isinstance(raw["next_page"]["offset"], str)


def test_iterator_type_and_full_payload_conflict_is_refused(
    fake: FakeAsana, client: Client, project_with_tasks: str
) -> None:
    from asana_typed import InvalidArgumentError

    fake.clear_requests()
    with pytest.raises(InvalidArgumentError):
        client.tasks.get_tasks_for_project(project_with_tasks, full_payload=True)  # type: ignore[call-overload]
    assert fake.requests == []


def test_iterator_holds_one_page_at_a_time(sync_client: Client, project_with_tasks: str) -> None:
    it = sync_client.tasks.get_tasks_for_project(
        project_with_tasks, options=RequestOptions(page_size=2)
    )
    assert isinstance(it, ItemIterator)
    first: Task = next(it)
    assert first.name == "task 0"
    assert isinstance(it._cursor, PageCursor)
    page_one = weakref.ref(first)
    del first
    assert next(it).name == "task 1"
    gc.collect()
    assert page_one() is not None  # the current page is held
    assert next(it).name == "task 2"  # the second page replaces it
    gc.collect()
    assert page_one() is None


def test_iteration_goes_on_after_a_failed_page(
    fake: FakeAsana, client: Client, project_with_tasks: str
) -> None:
    from asana_typed import AsanaError

    it = client.tasks.get_tasks_for_project(
        project_with_tasks, options=RequestOptions(page_size=2, max_retries=0)
    )
    names = [next(it).name, next(it).name]
    fake.fail_next(500)
    with pytest.raises(AsanaError):
        next(it)
    names += [task.name for task in it]  # the failed page is asked for again
    assert names == [f"task {i}" for i in range(7)]
