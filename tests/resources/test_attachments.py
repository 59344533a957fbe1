"""``client.attachments``: multipart uploads, external links, the original client's upload
signature, reading, listing and deleting.

The ``*_calls_are_typed`` test calls every name directly, so that mypy checks the return
type of each (``assert_type``).
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from typing_extensions import assert_type

from asana_typed import Client, ItemIterator, Page
from asana_typed.models import Attachment, EmptyResponse
from asana_typed.testing import FakeAsana

from ._helpers import assert_sent, covers, gids, iterated, multipart_parts, part_text, record


@covers("attachments.create_attachment_for_object")
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


@covers("attachments.create_on_task", "attachments.create_attachment_for_task")
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


@covers("attachments.get_attachment", "attachments.find_by_id")
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


@covers("attachments.get_attachments_for_object")
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


@covers("attachments.find_by_task")
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


@covers("attachments.delete_attachment")
def test_delete_attachment_removes_it(client: Client, fake: FakeAsana, task: str) -> None:
    seeded = fake.add_attachment(task, name="old.txt", content=b"old")
    result = client.attachments.delete_attachment(seeded["gid"])
    assert_sent(fake, "DELETE", f"/attachments/{seeded['gid']}")
    assert_type(result, EmptyResponse)
    assert result == EmptyResponse()
    assert fake.get_record("attachment", seeded["gid"]) is None


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
