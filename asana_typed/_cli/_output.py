"""How the command line prints what the API answered: rows, JSON, and listing progress.

- Rows (the default): one line per object, tab-separated: ``gid`` then the chosen fields
  (``--fields``; a dotted path reads into nested objects, a list is comma-joined).
- ``--json``: one object as indented JSON; a collection as JSON Lines (one compact object per
  line, printed as the pages arrive), each exactly as the API sent it.
- Progress: when stdout is a terminal, a listing that needs more than one page says on
  stderr how many items came so far while it waits for the next page.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from pydantic import BaseModel

from .._core import json_default

__all__ = ["Printer"]


def _cell(value: Any) -> str:
    """One field of a row: names for objects, ``true``/``false``, ISO dates, ``""`` for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return _cell(getattr(value, "name", None) or getattr(value, "gid", None))
    if isinstance(value, (list, tuple)):
        return ",".join(_cell(item) for item in value)
    return str(value).replace("\t", " ").replace("\n", " ")


def _read(value: Any, path: str) -> Any:
    """The value at a dotted field path (``assignee.name``) of a model; lists map over items."""
    for part in path.split("."):
        if isinstance(value, (list, tuple)):
            return [_read(item, part) for item in value]
        if isinstance(value, BaseModel):
            value = getattr(value, part, None)  # fields the model does not declare too
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            return None
    return value


class Printer:
    """Prints objects and listings as rows or JSON (see the module docstring)."""

    def __init__(
        self,
        fields: Sequence[str],
        as_json: bool,
        out: TextIO | None = None,
        err: TextIO | None = None,
    ) -> None:
        self.fields = list(fields)
        self.as_json = as_json
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def one(self, value: Any) -> None:
        """Print one object (or any other answer, such as a list or a tuple)."""
        if self.as_json or not isinstance(value, BaseModel):
            self.out.write(
                json.dumps(value, indent=2, ensure_ascii=False, default=json_default) + "\n"
            )
        else:
            self.out.write(self._row(value))

    def many(self, items: Iterable[Any], page_size: int) -> int:
        """Print each item of a listing as it arrives; returns how many there were."""
        count = 0
        for item in self._with_progress(items, page_size):
            if self.as_json:
                self.out.write(json.dumps(item, ensure_ascii=False, default=json_default) + "\n")
            else:
                self.out.write(self._row(item))
            count += 1
        return count

    def _row(self, model: BaseModel) -> str:
        cells = [_cell(getattr(model, "gid", None))]
        cells += [_cell(_read(model, field)) for field in self.fields]
        return "\t".join(cells) + "\n"

    def _with_progress(self, items: Iterable[Any], page_size: int) -> Iterator[Any]:
        """``items``, saying on stderr while a page beyond the first is being fetched.

        Only when stdout is a terminal: piped output (a file, ``jq``) stays clean, and the
        note is erased once the page is there.
        """
        if not _is_terminal(self.out):
            yield from items
            return
        iterator = iter(items)
        count = 0
        while True:
            waiting = count > 0 and count % page_size == 0
            if waiting:
                self.out.flush()
                self.err.write(f"\r({count} so far, fetching more...)")
                self.err.flush()
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                if waiting:
                    self.err.write("\r\033[K")
                    self.err.flush()
            count += 1
            yield item


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or a bare stream
        return False
