"""Asana-style pagination: ``limit`` 1..100 and opaque ``offset`` tokens.

An offset token is URL-safe base64 of a small JSON object holding the position of the next item
and a fingerprint of the query that produced it (path and filter parameters, not ``limit``,
``offset`` or ``opt_*``). A token that does not decode, or that belongs to another query, is a
400, as with the real API; the page size may change from one page to the next.

With ``limit`` the response carries ``next_page`` (``null`` on the last page). Without it the
whole collection comes back and ``next_page`` is left out.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from ._errors import ApiError

__all__ = ["MAX_LIMIT", "Page", "paginate", "parse_limit"]

MAX_LIMIT = 100
_NOT_FINGERPRINTED = frozenset({"limit", "offset"})

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One page: its items and, when paginating, the ``next_page`` object (or ``None``)."""

    items: list[Any]
    paginated: bool
    next_page: dict[str, str] | None


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


def paginate(items: Sequence[T], *, path: str, query: Mapping[str, str], base_url: str) -> Page:
    """Cut ``items`` according to ``limit``/``offset`` and describe the following page."""
    limit = parse_limit(query)
    fingerprint = _fingerprint(path, query)
    start = _decode_offset(query["offset"], fingerprint) if "offset" in query else 0
    if limit is None:
        return Page(list(items[start:]), paginated=False, next_page=None)
    end = start + limit
    next_page = None
    if end < len(items):
        token = _encode_offset(end, fingerprint)
        params = {k: v for k, v in query.items() if k not in _NOT_FINGERPRINTED}
        params.update(limit=str(limit), offset=token)
        next_path = f"{path}?{urlencode(params)}"
        next_page = {"offset": token, "path": next_path, "uri": base_url + next_path}
    return Page(list(items[start:end]), paginated=True, next_page=next_page)


def _fingerprint(path: str, query: Mapping[str, str]) -> str:
    relevant = sorted(
        (k, v) for k, v in query.items() if k not in _NOT_FINGERPRINTED and not k.startswith("opt_")
    )
    digest = hashlib.sha256(json.dumps([path, relevant]).encode()).hexdigest()
    return digest[:16]


def _encode_offset(position: int, fingerprint: str) -> str:
    raw = json.dumps({"pos": position, "query": fingerprint}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_offset(token: str, fingerprint: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        payload = json.loads(raw)
    except (binascii.Error, ValueError):
        raise ApiError(400, "offset is invalid: it is not a token this API issued") from None
    if not isinstance(payload, dict) or not isinstance(payload.get("pos"), int):
        raise ApiError(400, "offset is invalid: it is not a token this API issued")
    if payload.get("query") != fingerprint:
        raise ApiError(400, "offset is invalid: it was issued for a different query")
    position: int = payload["pos"]
    if position < 0:
        raise ApiError(400, "offset is invalid: it is not a token this API issued")
    return position
