"""What goes where in a request: the body, its content type, and the query.

Operations whose spec declares no request body (every GET and DELETE, and a few POSTs such as
``access_requests.approve_access_request``) are sent without a body and without
``Content-Type``; the ``opt_*`` options of such a call travel in the query. The sweep over
every operation of the fact file records what the SDK sends through an ``httpx.MockTransport``
that answers ``{"data": {}}``: it only looks at the request, so no API behaviour is needed.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from asana_typed import AsyncClient, Client, RequestOptions
from asana_typed.testing import FakeAsana

FACTS = json.loads((Path(__file__).parents[1] / "tools" / "spec_facts.json").read_text())
NO_BODY = [op for op in FACTS["operations"] if op["body_params"] is None]
OPT_OPTIONS = RequestOptions(fields=["name", "notes"], expand=["assignee"], pretty=True)


def _arguments(op: dict[str, Any]) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """Gids, params (every required key filled) and keywords for calling ``op``'s method."""
    gids = ["1" for _ in op["path_params"]]
    params: dict[str, Any] = {}
    for param in FACTS["params"][op["params_type"]]:
        if param["name"] in op["required_params"]:
            kind = param["type"]
            params[param["name"]] = kind["values"][0] if kind["type"] == "enum" else "1"
    keywords: dict[str, Any] = {"full_payload": True}  # the answer is not what is tested
    if op["response_shape"] == "page":
        keywords["iterator_type"] = None
    return gids, params, keywords


def _recording(sent: list[httpx.Request]) -> httpx.MockTransport:
    """A transport that keeps each request in ``sent`` and answers ``{"data": {}}``."""

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"data": {}})

    return httpx.MockTransport(record)


def _call(client: Client, op: dict[str, Any], options: RequestOptions | None) -> None:
    gids, params, keywords = _arguments(op)
    method = getattr(getattr(client, op["resource"]), op["name"])
    method(*gids, params, options=options, **keywords)


def _sent_by(op: dict[str, Any], options: RequestOptions | None = None) -> httpx.Request:
    """The request a Client sends for ``op``."""
    sent: list[httpx.Request] = []
    with (
        httpx.Client(transport=_recording(sent)) as http,
        Client.access_token("t", http_client=http) as client,
    ):
        _call(client, op, options)
    assert len(sent) == 1
    return sent[0]


def _assert_no_body(request: httpx.Request) -> None:
    assert request.content == b""
    assert "content-type" not in request.headers
    assert request.headers.get("content-length", "0") == "0"
    assert "transfer-encoding" not in request.headers


@pytest.mark.parametrize("op", NO_BODY, ids=[op["name"] for op in NO_BODY])
def test_an_operation_without_a_request_body_sends_none(op: dict[str, Any]) -> None:
    request = _sent_by(op)
    assert request.method == op["method"]
    _assert_no_body(request)


@pytest.mark.parametrize("op", NO_BODY, ids=[op["name"] for op in NO_BODY])
def test_opt_options_of_an_operation_without_a_body_go_in_the_query(op: dict[str, Any]) -> None:
    request = _sent_by(op, OPT_OPTIONS)
    _assert_no_body(request)
    query = request.url.params
    assert query["opt_fields"] == "name,notes"
    assert query["opt_expand"] == "assignee"
    assert query["opt_pretty"] == "true"


def test_async_client_sends_no_body_either() -> None:
    posts = [op for op in NO_BODY if op["method"] != "GET"]
    sent: list[httpx.Request] = []

    async def main() -> None:
        async with (
            httpx.AsyncClient(transport=_recording(sent)) as http,
            AsyncClient.access_token("t", http_client=http) as client,
        ):
            for op in posts:
                gids, params, keywords = _arguments(op)
                method = getattr(getattr(client, op["resource"]), op["name"])
                await method(*gids, params, options=OPT_OPTIONS, **keywords)

    asyncio.run(main())
    assert [request.method for request in sent] == [op["method"] for op in posts]
    for request in sent:
        _assert_no_body(request)
        assert request.url.params["opt_pretty"] == "true"


def test_approving_an_access_request_posts_nothing() -> None:
    request = _sent_by(
        next(op for op in NO_BODY if op["name"] == "approve_access_request"), OPT_OPTIONS
    )
    assert (request.method, request.url.path) == ("POST", "/api/1.0/access_requests/1/approve")
    _assert_no_body(request)


def test_a_param_the_spec_does_not_declare_reaches_the_body_through_extra_params() -> None:
    """An undeclared key, passed by the documented route (``extra_params``), goes in ``data``."""
    sent: list[httpx.Request] = []
    with (
        httpx.Client(transport=_recording(sent)) as http,
        Client.access_token("t", http_client=http) as client,
    ):
        client.access_requests.approve_access_request(
            "1", options=RequestOptions(pretty=True, extra_params={"note": "ok"})
        )
    assert json.loads(sent[0].content) == {"data": {"note": "ok"}}
    assert sent[0].headers["content-type"] == "application/json"
    assert sent[0].url.params["opt_pretty"] == "true"


# -- uploads ----------------------------------------------------------------------------------


def test_upload_sends_pretty_and_expand_in_the_query(fake: FakeAsana, client: Client) -> None:
    task = fake.add_task(name="with a file")["gid"]
    options = RequestOptions(fields=["name"], expand=["parent"], pretty=True)
    client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("a.txt", b"a")}, options=options
    )
    sent = fake.requests[-1]
    assert sent.headers["content-type"].startswith("multipart/form-data")
    assert (sent.query["opt_fields"], sent.query["opt_expand"]) == ("name", "parent")
    assert sent.query["opt_pretty"] == "true"
    assert b'name="opt_pretty"' not in sent.body and b'name="opt_expand"' not in sent.body


def test_upload_sends_pretty_false_too(fake: FakeAsana, client: Client) -> None:
    task = fake.add_task(name="with a file")["gid"]
    client.attachments.create_attachment_for_object(
        {"parent": task, "file": ("a.txt", b"a")}, options=RequestOptions(pretty=False)
    )
    sent = fake.requests[-1]
    assert sent.query["opt_pretty"] == "false"
    assert "opt_expand" not in sent.query


def test_legacy_upload_sends_pretty_in_the_query(fake: FakeAsana, client: Client) -> None:
    task = fake.add_task(name="with a file")["gid"]
    client.attachments.create_on_task(task, b"a", "a.txt", options=RequestOptions(pretty=True))
    assert fake.requests[-1].query["opt_pretty"] == "true"
