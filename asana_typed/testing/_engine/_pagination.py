"""Asana-style pagination: ``limit`` 1..100 and opaque ``offset`` tokens.

An offset token names a cursor the fake keeps: the query it was issued for (path and filter
parameters, not ``limit``, ``offset`` or ``opt_*``) and the items its pages have returned so
far. The next page is the collection as it is *now*, minus those items, so objects deleted
(or added) between pages neither shift the rest nor make a page skip or repeat one. A token
the fake did not issue, or one issued for another query, is a 400, as with the real API; the
page size may change from one page to the next.

With ``limit`` the response carries ``next_page`` (``null`` on the last page). Without it the
whole collection (after the offset, if any) comes back and ``next_page`` is left out.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ._errors import ApiError

__all__ = ["MAX_LIMIT", "Cursors", "Page", "paginate", "parse_limit"]

MAX_LIMIT = 100
_NOT_FINGERPRINTED = frozenset({"limit", "offset"})
_NOT_ISSUED = "offset is invalid: it is not a token this API issued"


@dataclass(frozen=True)
class Page:
    """One page: its items and, when paginating, the ``next_page`` object (or ``None``)."""

    items: list[Any]
    paginated: bool
    next_page: dict[str, str] | None


@dataclass(frozen=True)
class _Cursor:
    """Where one offset token resumes: its query and what its pages returned."""

    fingerprint: str
    returned: tuple[str, ...]
    """The gids of the page this token follows."""
    previous: _Cursor | None
    """The cursor of the page before that one (``None`` after the first page)."""

    def seen(self) -> set[str]:
        """Every gid returned by this token's pages so far."""
        gids: set[str] = set()
        cursor: _Cursor | None = self
        while cursor is not None:
            gids.update(cursor.returned)
            cursor = cursor.previous
        return gids


class Cursors:
    """The offset tokens a fake has issued and where each one resumes."""

    def __init__(self) -> None:
        self._issued: dict[str, _Cursor] = {}

    def issue(self, cursor: _Cursor) -> str:
        """A fresh opaque token for ``cursor``."""
        token = secrets.token_urlsafe(24)
        self._issued[token] = cursor
        return token

    def find(self, token: str, fingerprint: str) -> _Cursor:
        """The cursor of ``token``; a 400 unless it was issued for this query."""
        cursor = self._issued.get(token)
        if cursor is None:
            raise ApiError(400, _NOT_ISSUED)
        if cursor.fingerprint != fingerprint:
            raise ApiError(400, "offset is invalid: it was issued for a different query")
        return cursor


def parse_limit(query: Mapping[str, str]) -> int | None:
    """The ``limit`` parameter as an int, ``None`` if absent; a 400 unless it is 1..100."""
    raw = query.get("limit")
    if raw is None:
        return None
    try:
        limit = int(raw)
    except ValueError:
        limit = 0
    if not 1 <= limit <= MAX_LIMIT or not raw.strip().isdigit():
        raise ApiError(400, f"limit: Must be an integer between 1 and {MAX_LIMIT}, got {raw!r}")
    return limit


def paginate(
    items: Sequence[Mapping[str, Any]],
    *,
    path: str,
    query: Mapping[str, str],
    base_url: str,
    cursors: Cursors,
) -> Page:
    """Cut ``items`` (records with a ``gid``) by ``limit``/``offset``; describe the next page."""
    limit = parse_limit(query)
    fingerprint = _fingerprint(path, query)
    previous = cursors.find(query["offset"], fingerprint) if "offset" in query else None
    if previous is not None:
        seen = previous.seen()
        items = [item for item in items if str(item["gid"]) not in seen]
    if limit is None:
        return Page(list(items), paginated=False, next_page=None)
    page = list(items[:limit])
    next_page = None
    if len(items) > limit:
        returned = tuple(str(item["gid"]) for item in page)
        token = cursors.issue(_Cursor(fingerprint, returned, previous))
        params = {k: v for k, v in query.items() if k not in _NOT_FINGERPRINTED}
        params.update(limit=str(limit), offset=token)
        next_path = f"{path}?{urlencode(params)}"
        next_page = {"offset": token, "path": next_path, "uri": base_url + next_path}
    return Page(page, paginated=True, next_page=next_page)


def _fingerprint(path: str, query: Mapping[str, str]) -> str:
    relevant = sorted(
        (k, v) for k, v in query.items() if k not in _NOT_FINGERPRINTED and not k.startswith("opt_")
    )
    return hashlib.sha256(json.dumps([path, relevant]).encode()).hexdigest()[:16]
