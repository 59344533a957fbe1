"""What the resource tests share: checks of what went over the wire and what the fake holds,
and ``@covers``, which declares the operations and legacy names a test calls."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from asana_typed import Client, InvalidTokenError, ItemIterator
from asana_typed.models import EventsPage
from asana_typed.testing import FakeAsana

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

from legacy_names import LEGACY  # noqa: E402

__all__ = [
    "COVERED",
    "GOAL_GID",
    "LEGACY",
    "OPERATIONS",
    "Record",
    "assert_sent",
    "covers",
    "events_of",
    "fresh_sync",
    "gids",
    "iterated",
    "multipart_parts",
    "needs_fake_route",
    "part_text",
    "record",
    "team_members",
]

OPERATIONS: list[dict[str, Any]] = json.loads(
    (ROOT / "tools" / "spec_facts.json").read_text("utf-8")
)["operations"]
"""Every operation of the API, from the project's fact file."""

Record = dict[str, Any]

GOAL_GID = "1209999999999999"
"""A goal's gid. FakeAsana does not model goals: their story endpoints answer 404."""


# -- coverage -------------------------------------------------------------------------------

Test = TypeVar("Test", bound=Callable[..., None])

COVERED: dict[str, Callable[..., None]] = {}
"""``"<resource>.<method>"`` -> the test that calls it, as declared with :func:`covers`."""


def covers(*names: str) -> Callable[[Test], Test]:
    """Declare the operations and legacy names (``"tasks.get_task"``) a test calls.

    ``tests/resources/test_coverage.py`` checks that every operation and legacy name of each
    resource tested here is declared by some test, and that the test does call it.
    """

    def declare(test: Test) -> Test:
        for name in names:
            other = COVERED.setdefault(name, test)
            if (other.__module__, other.__name__) != (test.__module__, test.__name__):
                raise AssertionError(f"{name} is covered by {other.__name__} already")
        return test

    return declare


# -- what went over the wire, what the fake holds --------------------------------------------


def assert_sent(
    fake: FakeAsana,
    method: str,
    path: str,
    *,
    query: Mapping[str, str] | None = None,
    json: Any = None,
) -> None:
    """The last request: its method and path, its query, and its JSON body (POST/PUT only)."""
    request = fake.requests[-1]
    assert (request.method, request.path) == (method, path)
    assert request.query == dict(query or {})
    if method in ("POST", "PUT"):
        assert request.json == json
    else:
        assert request.body == b""


def iterated(client: object, result: Any) -> list[Any]:
    """The items of a collection call's result, checking that it is an item iterator.

    With the sync client that is an ``ItemIterator``; the AsyncClient's ``AsyncItemIterator``
    reaches these tests as a plain iterator driven by ``BlockingAsyncClient``.
    """
    assert isinstance(result, ItemIterator if isinstance(client, Client) else Iterator)
    return list(result)


def gids(items: Iterable[Any]) -> list[str]:
    """The gids of models or of the fake's records (dicts), in order."""
    return [str(item["gid"]) if isinstance(item, Mapping) else item.gid for item in items]


def record(fake: FakeAsana, resource_type: str, gid: str) -> Record:
    """The fake's record of an object that must exist."""
    found = fake.get_record(resource_type, gid)
    assert found is not None, f"{resource_type} {gid} does not exist"
    return found


def _fake_serves(method: str, path: str) -> bool:
    """Whether FakeAsana has a route for ``method path`` at all (a 404 of another kind is fine).

    A few legacy task names reach endpoints of other tags (stories, tags, sections) that the
    fake may not serve yet; their tests run as soon as it does.
    """
    fake = FakeAsana()
    auth = {"Authorization": f"Bearer {fake.access_token}"}
    body: dict[str, Any] | None = {"data": {}} if method == "POST" else None
    with httpx.Client(transport=fake.transport, base_url="https://app.asana.com/api/1.0") as http:
        response = http.request(method, path, headers=auth, json=body)
    return "No matching route" not in response.text


def needs_fake_route(method: str, template: str) -> pytest.MarkDecorator:
    path = template.replace("{task_gid}", "1").replace("{section_gid}", "1")
    return pytest.mark.skipif(
        not _fake_serves(method, path), reason=f"FakeAsana does not serve {method} {template} yet"
    )


def multipart_parts(fake: FakeAsana) -> dict[str, EmailMessage]:
    """The parts of the last request's ``multipart/form-data`` body, by part name."""
    request = fake.requests[-1]
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.body)
    assert isinstance(message, EmailMessage)
    parts: dict[str, EmailMessage] = {}
    for part in message.iter_parts():
        assert isinstance(part, EmailMessage)
        name = part.get_param("name", header="content-disposition")
        assert isinstance(name, str)
        parts[name] = part
    return parts


def part_text(part: EmailMessage) -> str:
    """The value of a plain form field."""
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def events_of(page: EventsPage) -> list[tuple[str | None, str | None, str | None]]:
    """``(type, action, resource gid)`` of each event of a page."""
    return [(e.type, e.action, e.resource.gid if e.resource else None) for e in page.data]


def fresh_sync(client: Client, resource: str) -> str:
    """A sync token starting now: the one a first call without a token gets with its 412."""
    with pytest.raises(InvalidTokenError) as raised:
        client.events.get_events({"resource": resource})
    assert raised.value.sync
    return raised.value.sync


def team_members(fake: FakeAsana, team: str) -> list[str]:
    """The gids of a team's members, from the fake's team memberships."""
    return [m["user"]["gid"] for m in fake.records("team_membership") if m["team"]["gid"] == team]
