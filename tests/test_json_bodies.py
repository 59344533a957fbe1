"""Answers' JSON is read as ``json.loads`` reads it, whichever parser does the work.

The SDK parses bodies with pydantic-core's parser (faster) and hands what that parser refuses to
``json.loads``. These bodies come from a scripted server (an httpx transport in-process) so that
each can be exactly what a server might send.
"""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from asana_typed import AsyncClient, Client, RequestOptions

_BASE = "http://127.0.0.1/api/1.0"

BODIES = {
    "lone surrogate escape": b'{"data": {"gid": "1", "name": "\\ud800"}}',
    "byte order mark": b'\xef\xbb\xbf{"data": {"gid": "1"}}',
    "deep nesting": b'{"data": {"gid": "1", "x": ' + b'{"a": ' * 400 + b"1" + b"}" * 400 + b"}}",
    "NaN and infinities": b'{"data": {"gid": "1", "a": NaN, "b": Infinity, "c": -Infinity}}',
    "duplicate keys": b'{"data": {"gid": "1", "a": 1, "a": 2}}',
    "big integer": b'{"data": {"gid": "1", "a": 123456789012345678901234567890}}',
    "float edges": b'{"data": {"gid": "1", "a": 1e400, "b": -0.0, "c": 1.5e-320, "d": 0.1}}',
    "astral characters": b'{"data": {"gid": "1", "name": "\\u00e9\\ud83d\\ude00 \xc3\xa9"}}',
}


def _answer(body: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(
        lambda request: httpx.Response(
            200, content=body, headers={"Content-Type": "application/json"}
        )
    )


@pytest.mark.parametrize("name", list(BODIES))
def test_full_payload_is_what_json_loads_reads(name: str) -> None:
    body = BODIES[name]
    expected = json.loads(body)
    options = RequestOptions(base_url=_BASE)
    with Client.access_token(
        "x", options=options, http_client=httpx.Client(transport=_answer(body))
    ) as client:
        got = client.tasks.get_task("1", full_payload=True)
    assert repr(got) == repr(expected)  # repr: NaN is not equal to itself

    async def main() -> object:
        async with AsyncClient.access_token(
            "x", options=options, http_client=httpx.AsyncClient(transport=_answer(body))
        ) as client:
            return await client.tasks.get_task("1", full_payload=True)

    assert repr(asyncio.run(main())) == repr(expected)


@pytest.mark.parametrize("name", ["lone surrogate escape", "byte order mark", "deep nesting"])
def test_an_answer_the_fast_parser_refuses_still_gives_its_model(name: str) -> None:
    """pydantic-core's parser refuses these; the model is validated from what json.loads read
    (before, the call raised AsanaError for an answer json.loads reads)."""
    body = BODIES[name]
    sent = json.loads(body)["data"]
    options = RequestOptions(base_url=_BASE)
    with Client.access_token(
        "x", options=options, http_client=httpx.Client(transport=_answer(body))
    ) as client:
        task = client.tasks.get_task("1")
    assert task.model_dump(exclude_unset=True) == sent

    async def main() -> object:
        async with AsyncClient.access_token(
            "x", options=options, http_client=httpx.AsyncClient(transport=_answer(body))
        ) as client:
            return (await client.tasks.get_task("1")).model_dump(exclude_unset=True)

    assert asyncio.run(main()) == sent
