"""Attachments: multipart uploads (or external links) on tasks, listing, reading, deleting.

An uploaded file's bytes stay in the record (``_content``, never rendered). Its
``download_url`` points at ``/-/attachments/{gid}`` on the host the upload was sent to; the
fake answers that path itself, without credentials, like Asana's signed download links.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from .._engine._app import Outcome, OutsideHandler
from .._engine._call import Call, Reply
from .._engine._errors import ApiError, bad_request, missing_input, not_found
from .._engine._multipart import FilePart
from .._engine._router import Endpoints
from .._engine._state import Record, Ref, Store, utc_timestamp
from ._activity import record_attachment_added

__all__ = ["DOWNLOAD_PREFIX", "create_attachment", "download_handler", "endpoints"]

endpoints = Endpoints()

DOWNLOAD_PREFIX = "/-/attachments/"
MAX_UPLOAD_BYTES = 100 * 1024 * 1024
_HOSTS = ("asana", "dropbox", "gdrive", "onedrive", "box", "vimeo", "external")
_PARENT_TYPES = ("task", "project", "project_brief")


def create_attachment(
    store: Store,
    parent: Record,
    *,
    name: str,
    resource_subtype: str = "asana",
    content: bytes | None = None,
    content_type: str = "application/octet-stream",
    url: str | None = None,
    origin: str = "https://app.asana.com",
    connected_to_app: bool = False,
) -> Record:
    """Store an attachment on ``parent``: uploaded ``content``, or a link to ``url``.

    ``origin`` (scheme and host) is where ``download_url`` sends clients for the bytes.
    """
    attachment = store.insert(
        "attachment",
        {
            "name": name,
            "resource_subtype": resource_subtype,
            "created_at": utc_timestamp(),
            "host": "asana" if content is not None else resource_subtype,
            "parent": Ref(parent["resource_type"], parent["gid"]),
            "size": len(content) if content is not None else None,
            "connected_to_app": connected_to_app,
            "_content": content,
            "_content_type": content_type,
        },
    )
    gid = attachment["gid"]
    if content is not None:
        download_url: str | None = f"{origin}{DOWNLOAD_PREFIX}{gid}"
    else:
        download_url = url
    attachment["download_url"] = download_url
    attachment["view_url"] = download_url
    attachment["permanent_url"] = f"https://app.asana.com/app/asana/-/get_asset?asset_id={gid}"
    return attachment


def _origin(call: Call) -> str:
    parts = urlsplit(call.base_url)
    return f"{parts.scheme}://{parts.netloc}"


def _parent(call: Call, gid: str) -> Record:
    record = call.store.find_any(gid)
    if record is None or record["resource_type"] not in _PARENT_TYPES:
        raise not_found(gid)
    return record


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


@endpoints.post("/attachments")
def create_attachment_for_object(call: Call) -> Reply:
    parent = _parent(call, str(call.require("parent")))
    subtype = str(call.data.get("resource_subtype") or "asana")
    if subtype not in _HOSTS:
        raise bad_request(f"resource_subtype: Must be one of {', '.join(_HOSTS)}")
    upload = call.data.get("file")
    if subtype == "external":
        url, name = call.data.get("url"), call.data.get("name")
        if not url:
            raise missing_input("url")
        if not name:
            raise missing_input("name")
        attachment = create_attachment(
            call.store, parent, name=str(name), resource_subtype="external", url=str(url)
        )
    elif isinstance(upload, FilePart):
        if len(upload.content) > MAX_UPLOAD_BYTES:
            raise ApiError(413, "file: The file is larger than the 100 MB limit")
        attachment = create_attachment(
            call.store,
            parent,
            name=str(call.data.get("name") or upload.filename),
            resource_subtype=subtype,
            content=upload.content,
            content_type=upload.content_type,
            origin=_origin(call),
            connected_to_app=_flag(call.data.get("connect_to_app")),
        )
    else:
        raise bad_request("file: Missing input; send the file as multipart/form-data")
    if parent["resource_type"] == "task":
        record_attachment_added(call.store, parent, attachment, call.user_gid)
    return call.one(attachment)


@endpoints.get("/attachments")
def get_attachments_for_object(call: Call) -> Reply:
    parent = _parent(call, call.require_query("parent"))
    attachments = [a for a in call.store.all("attachment") if a["parent"].gid == parent["gid"]]
    return call.page(attachments)


@endpoints.delete("/attachments/{attachment_gid}")
def delete_attachment(call: Call) -> Reply:
    attachment = call.in_path("attachment")
    parent = call.store.resolve(attachment["parent"])
    call.event("deleted", attachment, parent=parent)
    call.store.delete("attachment", attachment["gid"])
    return call.empty()


def download_handler(store: Store) -> OutsideHandler:
    """The handler of ``/-/attachments/{gid}``: the stored bytes, no credentials needed."""

    def download(method: str, url: httpx.URL, headers: httpx.Headers, body: bytes) -> Outcome:
        gid = url.path.rsplit("/", 1)[-1]
        with store.locked():
            attachment = store.find("attachment", gid)
        if method not in ("GET", "HEAD") or attachment is None:
            return Outcome(404, [("Content-Type", "text/plain")], b"Not Found")
        disposition = f"attachment; filename*=UTF-8''{quote(attachment['name'], safe='')}"
        answer = [
            ("Content-Type", str(attachment["_content_type"])),
            ("Content-Disposition", disposition),
        ]
        return Outcome(200, answer, attachment["_content"] or b"")

    return download
