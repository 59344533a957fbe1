"""The text fields of a request written into a record, rich-text twins kept in step."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from .._engine._errors import bad_request
from .._engine._state import Record
from ._rich_text import html_to_text, text_to_html

__all__ = ["write_text_fields"]


def write_text_fields(
    record: Record,
    data: Mapping[str, Any],
    keys: Iterable[str],
    *,
    rich: tuple[str, str] | None = None,
    nullable: Collection[str] = (),
) -> None:
    """Write the string fields ``keys`` of a request into ``record``; a value that is not a
    string (nor ``None`` for a key in ``nullable``) is a 400.

    ``rich=("notes", "html_notes")`` keeps a plain-text field and its rich-text twin in step:
    the one written sets the other (the plain text wins when both are sent).
    """
    for key in keys:
        if key in data:
            value = data[key]
            if not isinstance(value, str) and not (key in nullable and value is None):
                raise bad_request(f"{key}: Expected a string, got {value!r}")
            record[key] = value
    if rich is not None:
        text, markup = rich
        if text in data:
            record[markup] = text_to_html(data[text])
        elif markup in data:
            record[text] = html_to_text(data[markup])
