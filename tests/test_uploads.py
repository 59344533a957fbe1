"""Attachment uploads: multipart POST /attachments, from bytes, file objects and paths."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from typing_extensions import assert_type

from asana_typed import AsyncClient, Client, InvalidArgumentError, RequestOptions
from asana_typed.models import Attachment
from asana_typed.params import CreateAttachmentForObjectParams
from asana_typed.testing import FakeAsana


@pytest.fixture
def task(fake: FakeAsana) -> str:
    return str(fake.add_task(name="with files")["gid"])


def _multipart_part(body: bytes, name: str) -> bytes:
    """The header block of the multipart part named ``name``."""
    start = body.index(f'name="{name}"'.encode())
    return body[body.rindex(b"--", 0, start) : body.index(b"\r\n\r\n", start)]


def test_upload_bytes_with_name_and_type(fake: FakeAsana, client: Client, task: str) -> None:
    attachment = client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("résumé.txt", b"hello", "text/plain")}
    )
    assert_type(attachment, Attachment)
    assert attachment.name == "résumé.txt"
    assert attachment.parent is not None and attachment.parent.gid == task
    assert fake.attachment_bytes(attachment.gid) == b"hello"
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/attachments")
    assert sent.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b"text/plain" in _multipart_part(sent.body, "file")


def test_upload_from_a_path_takes_its_name(
    fake: FakeAsana, client: Client, task: str, tmp_path: Path
) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\n1,2\n")
    attachment = client.attachments.create_attachment_for_object({"parent": task, "file": path})
    assert attachment.name == "report.csv"
    assert fake.attachment_bytes(attachment.gid) == b"a,b\n1,2\n"
    assert b"text/csv" in _multipart_part(fake.requests[-1].body, "file")


def test_upload_from_a_file_object(fake: FakeAsana, client: Client, task: str) -> None:
    data = io.BytesIO(b"\x00\x01binary")
    attachment = client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("blob.bin", data)}
    )
    assert fake.attachment_bytes(attachment.gid) == b"\x00\x01binary"


def test_external_attachment_sends_url_and_name(fake: FakeAsana, client: Client, task: str) -> None:
    attachment = client.attachments.create_attachment_for_object(
        {
            "parent": task,
            "resource_subtype": "external",
            "url": "https://example.com/spec",
            "name": "Spec",
        }
    )
    assert attachment.resource_subtype == "external"
    assert attachment.name == "Spec"
    body = fake.requests[-1].body
    assert b'name="url"' in body and b"https://example.com/spec" in body


def test_options_fields_go_in_the_query_of_an_upload(
    fake: FakeAsana, client: Client, task: str
) -> None:
    client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("a.txt", b"a")}, options=RequestOptions(fields=["name"])
    )
    assert fake.requests[-1].query["opt_fields"] == "name"


@pytest.mark.parametrize("name", ["create_on_task", "create_attachment_for_task"])
def test_original_upload_signature(fake: FakeAsana, client: Client, task: str, name: str) -> None:
    upload = getattr(client.attachments, name)
    attachment = upload(task, b"legacy", "notes.txt", "text/plain")
    assert isinstance(attachment, Attachment)
    assert attachment.name == "notes.txt"
    assert fake.attachment_bytes(attachment.gid) == b"legacy"
    sent = fake.requests[-1]
    assert (sent.method, sent.path) == ("POST", "/attachments")
    assert b"notes.txt" in _multipart_part(sent.body, "file")


def test_original_upload_types(sync_client: Client, task: str) -> None:
    assert_type(sync_client.attachments.create_on_task(task, b"x", "x.txt"), Attachment)


@pytest.mark.parametrize(
    "file",
    [Path("/nonexistent/file.txt"), 12345, ("name", 3.5)],
    ids=["missing path", "a number", "a bad tuple"],
)
def test_bad_files_are_refused_before_sending(
    fake: FakeAsana, client: Client, task: str, file: object
) -> None:
    fake.clear_requests()
    with pytest.raises(InvalidArgumentError):
        client.attachments.create_attachment_for_object({"parent": task, "file": file})  # type: ignore[call-overload]
    assert fake.requests == []


@pytest.fixture
def server_process() -> Iterator[tuple[str, str]]:
    """A FakeAsana loopback server in another process, so its memory is not counted here."""
    code = (
        "import sys\n"
        "from asana_typed.testing import FakeAsana\n"
        "fake = FakeAsana()\n"
        "task = fake.add_task(name='big')\n"
        "with fake.serve() as url:\n"
        "    print(url, task['gid'], flush=True)\n"
        "    sys.stdin.read()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdin is not None
    base_url, task_gid = process.stdout.readline().split()
    yield base_url, task_gid
    process.stdin.close()
    process.wait(timeout=10)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_50_mb_upload_from_a_path_is_streamed(
    server_process: tuple[str, str], tmp_path: Path, mode: str
) -> None:
    """The file goes out in pieces: the async transport waits for the socket to drain."""
    base_url, task_gid = server_process
    path = tmp_path / "big.bin"
    with path.open("wb") as f:
        for _ in range(50):
            f.write(b"\xab" * (1 << 20))
    options = RequestOptions(base_url=base_url, timeout=60)
    params: CreateAttachmentForObjectParams = {"parent": task_gid, "file": path}
    if mode == "sync":
        with Client.access_token("test-token", options=options) as client:
            client.users.me()  # warm up: connections, schemas
            tracemalloc.start()
            try:
                attachment = client.attachments.create_attachment_for_object(params)
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    else:

        async def upload() -> tuple[Attachment, int]:
            async with AsyncClient.access_token("test-token", options=options) as client:
                await client.users.me()
                tracemalloc.start()
                try:
                    done = await client.attachments.create_attachment_for_object(params)
                    return done, tracemalloc.get_traced_memory()[1]
                finally:
                    tracemalloc.stop()

        attachment, peak = asyncio.run(upload())
    assert attachment.size == 50 << 20
    assert peak < 5 << 20, f"peak {peak / (1 << 20):.1f} MiB while uploading 50 MiB"


def test_an_upload_retried_after_a_refused_connection_sends_the_whole_file(
    fake: FakeAsana, inprocess_client: Client, task: str, tmp_path: Path, sleeps: list[float]
) -> None:
    path = tmp_path / "again.txt"
    path.write_bytes(b"0123456789" * 1000)
    fake.drop_next()  # the first attempt never reaches the server, so POST may be retried
    attachment = inprocess_client.attachments.create_attachment_for_object(
        {"parent": task, "file": path}
    )
    assert sleeps == [1.0]
    assert fake.attachment_bytes(attachment.gid) == b"0123456789" * 1000
