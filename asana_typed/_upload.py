"""What an upload accepts as its file, and how it becomes a multipart file field.

A file is given as bytes, a binary file object, or a path (``str`` or ``os.PathLike``),
optionally as a tuple with the file name first and the content type last::

    {"parent": task_gid, "file": Path("report.pdf")}
    {"parent": task_gid, "file": ("résumé.txt", b"...", "text/plain")}

Paths and file objects are streamed in chunks, never read whole into memory; a path is opened
only while its request is being sent.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any, BinaryIO, TypeAlias

from .errors import InvalidArgumentError

__all__ = ["FileContent", "FileInput", "open_files"]

FileContent: TypeAlias = bytes | BinaryIO | os.PathLike[str] | str
FileInput: TypeAlias = FileContent | tuple[str, FileContent] | tuple[str, FileContent, str]

_DEFAULT_NAME = "upload"


def _file_field(value: Any, stack: ExitStack) -> tuple[str, Any, str]:
    name: str | None = None
    content_type: str | None = None
    if isinstance(value, tuple):
        if len(value) not in (2, 3) or not isinstance(value[0], str):
            raise InvalidArgumentError(
                "file must be bytes, a binary file, a path, or (name, file[, content type])"
            )
        parts: tuple[Any, ...] = value
        name, value = parts[0], parts[1]
        content_type = parts[2] if len(parts) == 3 else None
    content: Any
    if isinstance(value, (bytes, bytearray, memoryview)):
        content = bytes(value)
    elif isinstance(value, (str, os.PathLike)):
        path = os.fspath(value)
        if not os.path.isfile(path):
            raise InvalidArgumentError(f"file {path!r} is not a readable file")
        content = stack.enter_context(open(path, "rb"))  # noqa: SIM115 - closed by the stack
        name = name or os.path.basename(path)
    elif hasattr(value, "read"):
        content = value
        raw_name = getattr(value, "name", None)
        if name is None and isinstance(raw_name, str):
            name = os.path.basename(raw_name)
    else:
        raise InvalidArgumentError(
            f"file must be bytes, a binary file or a path, not {type(value).__name__}"
        )
    name = name or _DEFAULT_NAME
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, content, content_type


def open_files(form: Mapping[str, Any], stack: ExitStack) -> dict[str, tuple[str, Any, str]]:
    """The file fields of a multipart form, opened on ``stack`` (closed when it closes)."""
    return {key: _file_field(value, stack) for key, value in form.items() if key == "file"}
