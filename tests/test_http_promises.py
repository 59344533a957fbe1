"""What httpx promises holds on the clients the SDK makes: ``elapsed`` and ``is_closed`` on
every response, event hooks and client headers set on ``client.http_client``, httpx's
default connection limits. Each behaviour runs on both clients, over a loopback server."""

from __future__ import annotations

import asyncio
import datetime
import threading
import time

import httpx
import pytest

from asana_typed import AsyncClient, Client, NotFoundError, RequestOptions
from asana_typed._http._default_clients import default_async_http_client, default_http_client
from asana_typed.testing import FakeAsana

from ._raw_server import ME, Peer, RawRequest, RawServer, json_response, response

pytestmark = pytest.mark.usefixtures("no_proxies")


def answer_me(peer: Peer, request: RawRequest) -> None:
    if request.target.startswith("/api/1.0/users/me"):
        peer.send(json_response(ME))
    else:
        peer.send(json_response({"errors": [{"message": "nope"}]}, status=404))


def _check(response: httpx.Response) -> None:
    assert response.is_closed
    assert isinstance(response.elapsed, datetime.timedelta)
    assert response.elapsed >= datetime.timedelta(0)


def test_responses_of_the_sdk_made_http_client_have_elapsed_and_are_closed(mode: str) -> None:
    with RawServer(answer_me) as server:
        url = server.url + "/api/1.0/users/me"
        if mode == "sync":
            http, _ = default_http_client()
            with http:
                _check(http.get(url))
                with http.stream("GET", url) as streamed:
                    streamed.read()
                _check(streamed)
        else:

            async def run() -> None:
                http, _ = default_async_http_client()
                async with http:
                    _check(await http.get(url))

            asyncio.run(run())


def test_an_error_response_from_an_sdk_call_has_elapsed_and_is_closed(mode: str) -> None:
    with RawServer(answer_me) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0", max_retries=0)
        if mode == "sync":
            with (
                Client.access_token("t", options=options) as client,
                pytest.raises(NotFoundError) as caught,
            ):
                client.tasks.get_task("1")
        else:

            async def run() -> pytest.ExceptionInfo[NotFoundError]:
                async with AsyncClient.access_token("t", options=options) as client:
                    with pytest.raises(NotFoundError) as caught:
                        await client.tasks.get_task("1")
                    return caught

            caught = asyncio.run(run())
    response = caught.value.response
    assert response is not None
    _check(response)


def test_event_hooks_and_headers_set_on_the_sdk_made_http_client_apply(mode: str) -> None:
    seen: list[str] = []
    with RawServer(answer_me) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0")
        if mode == "sync":
            with Client.access_token("t", options=options) as client:
                client.users.me()  # the direct path, before anything is set
                client.http_client.headers["X-Trace"] = "on"
                client.http_client.event_hooks["request"].append(
                    lambda request: seen.append("request " + request.url.path)
                )
                client.http_client.event_hooks["response"].append(
                    lambda response: seen.append(f"response {response.status_code}")
                )
                assert client.users.me().name
        else:

            async def run() -> None:
                async def on_request(request: httpx.Request) -> None:
                    seen.append("request " + request.url.path)

                async def on_response(response: httpx.Response) -> None:
                    seen.append(f"response {response.status_code}")

                async with AsyncClient.access_token("t", options=options) as client:
                    await client.users.me()
                    client.http_client.headers["X-Trace"] = "on"
                    client.http_client.event_hooks["request"].append(on_request)
                    client.http_client.event_hooks["response"].append(on_response)
                    assert (await client.users.me()).name

            asyncio.run(run())
        first, second = server.requests
    assert seen == ["request /api/1.0/users/me", "response 200"]
    assert first.header("x-trace") is None
    assert second.header("x-trace") == "on"
    assert second.header("authorization") == "Bearer t"  # the SDK's headers still win


@pytest.mark.parametrize("change", ["set", "update", "replace", "delete"])
def test_a_header_change_alone_on_the_sdk_made_http_client_applies(mode: str, change: str) -> None:
    """Each way of changing the headers of the SDK-made httpx client, without hooks, takes its
    requests off the direct path to the transport and through httpx."""

    def changed(http: httpx.Client | httpx.AsyncClient) -> None:
        if change == "set":
            http.headers["X-Trace"] = "on"
        elif change == "update":
            http.headers.update({"X-Trace": "on"})
        elif change == "replace":
            http.headers = httpx.Headers({**http.headers, "X-Trace": "on"})
        else:
            http.headers["X-Trace"] = "on"  # added, then the one httpx set removed
            del http.headers["user-agent"]

    with RawServer(answer_me) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0")
        if mode == "sync":
            with Client.access_token("t", options=options) as client:
                client.users.me()
                changed(client.http_client)
                client.users.me()
        else:

            async def run() -> None:
                async with AsyncClient.access_token("t", options=options) as client:
                    await client.users.me()
                    changed(client.http_client)
                    await client.users.me()

            asyncio.run(run())
        first, second = server.requests
    assert first.header("x-trace") is None
    assert second.header("x-trace") == "on"


def test_headers_of_a_users_own_http_client_are_sent(mode: str) -> None:
    with RawServer(answer_me) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0")
        headers = {"X-Team": "payments", "User-Agent": "not this one"}
        if mode == "sync":
            with httpx.Client(headers=headers) as http:
                Client.access_token("t", options=options, http_client=http).users.me()
        else:

            async def run() -> None:
                async with httpx.AsyncClient(headers=headers) as http:
                    client = AsyncClient.access_token("t", options=options, http_client=http)
                    await client.users.me()

            asyncio.run(run())
        (sent,) = server.requests
    assert sent.header("x-team") == "payments"
    assert (sent.header("user-agent") or "").startswith("asana-typed/")


def test_the_sdk_made_clients_keep_httpx_default_connection_limit(mode: str) -> None:
    """httpx allows 100 connections per client by default: 150 requests at once open 100,
    the others wait for one of them, and every request is answered."""
    release = threading.Event()
    opened_before_release: list[int] = []

    def slow(peer: Peer, request: RawRequest) -> None:
        release.wait(15)
        peer.send(response(200, b"ok"))

    with RawServer(slow) as server:

        def let_go() -> None:
            # Wait for the first 100 to open (however loaded the machine), then a little
            # more: a 101st connection would have time to show up.
            deadline = time.monotonic() + 10
            while server.connections < 100 and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.3)
            opened_before_release.append(server.connections)
            release.set()

        url = server.url + "/x"
        timer = threading.Thread(target=let_go)
        timer.start()
        if mode == "sync":
            http, _ = default_http_client()
            statuses: list[int] = []
            with http:

                def get() -> None:
                    statuses.append(http.get(url).status_code)

                threads = [threading.Thread(target=get) for _ in range(150)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(20)
        else:

            async def run() -> list[int]:
                http, _ = default_async_http_client()
                async with http:
                    answers = await asyncio.gather(*(http.get(url) for _ in range(150)))
                    return [answer.status_code for answer in answers]

            statuses = asyncio.run(run())
        timer.join()
    assert statuses == [200] * 150
    assert opened_before_release == [100]


# ----------------------------------------------------------------------------- compression


def test_every_request_asks_for_compressed_answers(client: Client, fake: FakeAsana) -> None:
    """On every path (the SDK's transport, httpx's, in-process): ``Accept-Encoding``."""
    client.users.me()
    client.tasks.create_task({"name": "x", "workspace": fake.workspace["gid"]})
    for sent in fake.requests[-2:]:
        codings = [c.strip() for c in sent.headers["accept-encoding"].split(",")]
        assert {"gzip", "deflate"} <= set(codings)


def test_a_gzip_answer_is_decoded_on_every_path(mode: str) -> None:
    import gzip
    import json

    body = gzip.compress(json.dumps(ME).encode())

    def answer(peer: Peer, request: RawRequest) -> None:
        accepted = request.header("accept-encoding") or ""
        if "gzip" in accepted:
            peer.send(response(200, body, [("Content-Encoding", "gzip")]))
        else:
            peer.send(json_response(ME))

    with RawServer(answer) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0")
        names: list[str | None] = []
        if mode == "sync":
            with Client.access_token("t", options=options) as client:
                names.append(client.users.me().name)  # the SDK's own transport, directly
            with httpx.Client() as http:  # a user's own client: httpx's transport
                own = Client.access_token("t", options=options, http_client=http)
                names.append(own.users.me().name)
        else:

            async def run() -> None:
                async with AsyncClient.access_token("t", options=options) as client:
                    names.append((await client.users.me()).name)
                async with httpx.AsyncClient() as http:
                    own = AsyncClient.access_token("t", options=options, http_client=http)
                    names.append((await own.users.me()).name)

            asyncio.run(run())
        assert all("gzip" in (r.header("accept-encoding") or "") for r in server.requests)
    assert names == ["x", "x"]
