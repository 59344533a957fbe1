"""Reading ``multipart/form-data`` bodies (attachment uploads).

The body is one ``bytes`` object; parts are found with :meth:`bytes.find`, so a 50 MB file is
sliced out once, never scanned line by line. Part headers are decoded as UTF-8 (falling back
to Latin-1), so a raw UTF-8 ``filename="..."`` survives, and ``filename*=UTF-8''...``
(RFC 5987/2231) takes precedence when present.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value
from typing import Any

from ._errors import bad_request

__all__ = ["FilePart", "parse_form_data"]


@dataclass(frozen=True)
class FilePart:
    """An uploaded file: its name, its declared content type and its bytes."""

    filename: str
    content_type: str
    content: bytes


def _boundary(content_type: str) -> bytes:
    header = Message()
    header["content-type"] = content_type
    boundary = header.get_param("boundary")
    if not isinstance(boundary, str) or not boundary:
        raise bad_request("Could not parse request data: multipart body without a boundary")
    return boundary.encode("latin-1")


def _headers(raw: bytes) -> Message:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    headers = Message()
    for line in text.split("\r\n"):
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip()] = value.strip()
    return headers


def _filename(headers: Message) -> str | None:
    """The part's file name; ``filename*`` (RFC 5987) wins over ``filename``."""
    plain: str | None = None
    params: list[tuple[str, object]] = list(headers.get_params(header="content-disposition") or [])
    for key, value in params:
        if key.lower() != "filename":
            continue
        if isinstance(value, tuple):  # filename*=charset'lang'value, decoded by email
            return collapse_rfc2231_value(value)
        plain = str(value)
    return plain


def parse_form_data(body: bytes, content_type: str) -> dict[str, Any]:
    """The fields of a form: text values as ``str``, files as :class:`FilePart`."""
    delimiter = b"--" + _boundary(content_type)
    start = body.find(delimiter)
    if start < 0:
        raise bad_request("Could not parse request data: multipart boundary not found")
    fields: dict[str, Any] = {}
    position = start + len(delimiter)
    while not body.startswith(b"--", position):
        line_end = body.find(b"\r\n", position)
        if line_end < 0:
            raise bad_request("Could not parse request data: truncated multipart body")
        if body.startswith(b"\r\n", line_end + 2):
            header_end, content_start = line_end, line_end + 4
        else:
            header_end = body.find(b"\r\n\r\n", line_end + 2)
            content_start = header_end + 4
        end = body.find(b"\r\n" + delimiter, content_start)
        if header_end < 0 or end < 0:
            raise bad_request("Could not parse request data: truncated multipart body")
        headers = _headers(body[line_end + 2 : header_end])
        name = headers.get_param("name", header="content-disposition")
        if isinstance(name, str):
            filename = _filename(headers)
            content = body[content_start:end]
            if filename is not None:
                kind = headers.get_content_type() if "content-type" in headers else ""
                fields[name] = FilePart(filename, kind or "application/octet-stream", content)
            else:
                fields[name] = content.decode("utf-8", "replace")
        position = end + 2 + len(delimiter)
    return fields
