"""Credentials never travel in clear text: plain ``http://`` only to loopback, or on request.

A client refuses, before sending anything, an ``http://`` API root (``base_url`` from any option
layer) or OAuth token/revoke URL whose host is not a loopback one (127.0.0.0/8, ``::1``,
``localhost``), unless it was made with ``allow_insecure_http=True``. Hosts other than
loopback only ever meet an ``httpx.MockTransport`` here: no traffic leaves the machine.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from asana_typed import AsyncClient, Client, InvalidArgumentError, RequestOptions
from asana_typed.testing import FakeAsana

REMOTE = "http://example.com/api/1.0"


def _unreachable(request: httpx.Request) -> httpx.Response:
    pytest.fail(f"a request was sent to {request.url.host}")


class Recorder:
    """An ``httpx.MockTransport`` handler that keeps the requests and answers a user."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"data": {"gid": "1", "name": "me"}})


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def refusing_client() -> Iterator[Client]:
    """A client whose transport fails the test if anything is sent."""
    with (
        httpx.Client(transport=httpx.MockTransport(_unreachable)) as http,
        Client.access_token("secret-token", http_client=http) as client,
    ):
        yield client


def _client(handler: Any, base_url: str, **kwargs: Any) -> Client:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    options = RequestOptions(base_url=base_url)
    return Client.access_token("t", options=options, http_client=http, **kwargs)


# -- refused ---------------------------------------------------------------------------------


def test_a_plain_http_base_url_to_another_host_is_refused_before_sending(
    refusing_client: Client,
) -> None:
    refusing_client.options.base_url = REMOTE
    with pytest.raises(InvalidArgumentError, match=r"example\.com") as refused:
        refusing_client.users.me()
    message = str(refused.value)
    assert "allow_insecure_http=True" in message
    assert "secret-token" not in message


def test_the_async_client_refuses_too() -> None:
    async def main() -> None:
        async with (
            httpx.AsyncClient(transport=httpx.MockTransport(_unreachable)) as http,
            AsyncClient.access_token(
                "t", options=RequestOptions(base_url=REMOTE), http_client=http
            ) as client,
        ):
            with pytest.raises(InvalidArgumentError, match=r"example\.com"):
                await client.users.me()

    asyncio.run(main())


def test_a_plain_http_base_url_of_one_call_is_refused(refusing_client: Client) -> None:
    with pytest.raises(InvalidArgumentError, match=r"example\.com"):
        refusing_client.users.me(options=RequestOptions(base_url=REMOTE))


def test_a_plain_http_base_url_in_the_defaults_is_refused(refusing_client: Client) -> None:
    Client.DEFAULTS.base_url = REMOTE
    with pytest.raises(InvalidArgumentError, match=r"example\.com"):
        refusing_client.users.me()


def test_an_iterator_is_refused_when_made(refusing_client: Client) -> None:
    refusing_client.options.base_url = REMOTE
    with pytest.raises(InvalidArgumentError, match=r"example\.com"):
        refusing_client.workspaces.find_all()


@pytest.mark.parametrize(
    ("base_url", "host"),
    [
        ("http://127.0.0.1.example.com/api/1.0", "127.0.0.1.example.com"),
        ("http://localhost.example.com/api/1.0", "localhost.example.com"),
        ("http://127.0.0.1@example.com/api/1.0", "example.com"),
        ("http://[::ffff:7f00:1]/api/1.0", "::ffff:7f00:1"),
        ("http://10.0.0.1:8080/api/1.0", "10.0.0.1"),
    ],
)
def test_a_host_that_only_looks_like_loopback_is_refused(
    refusing_client: Client, base_url: str, host: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=re.escape(f"'{host}'")):
        refusing_client.users.me(options=RequestOptions(base_url=base_url))


def test_an_invalid_http_url_is_refused_without_being_quoted(refusing_client: Client) -> None:
    with pytest.raises(InvalidArgumentError, match="base_url is not a valid URL") as refused:
        refusing_client.users.me(options=RequestOptions(base_url="http://user:pw@[::zz]/api"))
    assert "pw" not in str(refused.value)


def test_nothing_reaches_the_fake_when_refused(fake: FakeAsana, inprocess_client: Client) -> None:
    with pytest.raises(InvalidArgumentError):
        inprocess_client.users.me(options=RequestOptions(base_url=REMOTE))
    assert fake.requests == []


# -- allowed ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8080/api/1.0",
        "http://127.9.8.7/api/1.0",
        "http://localhost:8080/api/1.0",
        "http://LocalHost/api/1.0",
        "http://[::1]:8080/api/1.0",
    ],
)
def test_plain_http_to_a_loopback_host_is_allowed(recorder: Recorder, base_url: str) -> None:
    with _client(recorder, base_url) as client:
        assert client.users.me().gid == "1"
    assert len(recorder.requests) == 1


def test_https_is_allowed(recorder: Recorder) -> None:
    with _client(recorder, "https://example.com/api/1.0") as client:
        client.users.me()
    assert recorder.requests[0].url.host == "example.com"


def test_the_loopback_server_of_the_fake_is_allowed(fake: FakeAsana, client: Client) -> None:
    assert client.users.me().gid == fake.me["gid"]  # over the wire, on http://127.0.0.1


def test_allow_insecure_http_opts_in(recorder: Recorder) -> None:
    with _client(recorder, REMOTE, allow_insecure_http=True) as client:
        client.users.me()
    [sent] = recorder.requests
    assert (sent.url.scheme, sent.url.host) == ("http", "example.com")
    assert sent.headers["authorization"] == "Bearer t"


def test_every_constructor_takes_the_opt_in(recorder: Recorder) -> None:
    options = RequestOptions(base_url=REMOTE)
    clients: list[Any] = [
        Client.basic_auth(
            "key",
            options=options,
            http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
            allow_insecure_http=True,
        ),
        Client.oauth(
            client_id="id",
            client_secret="secret",
            redirect_uri="urn:ietf:wg:oauth:2.0:oob",
            token={"access_token": "a"},
            options=options,
            http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
            allow_insecure_http=True,
        ),
    ]
    for client in clients:
        client.users.me()
    asyncio.run(_async_basic_auth(recorder, options))
    assert [request.url.host for request in recorder.requests] == ["example.com"] * 3


async def _async_basic_auth(recorder: Recorder, options: RequestOptions) -> None:
    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(recorder)) as http,
        AsyncClient.basic_auth(
            "key", options=options, http_client=http, allow_insecure_http=True
        ) as client,
    ):
        await client.users.me()


# -- OAuth endpoints --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["token_url", "revoke_url"])
def test_a_plain_http_oauth_endpoint_to_another_host_is_refused(url: str) -> None:
    http = httpx.Client(transport=httpx.MockTransport(_unreachable))
    endpoints: Any = {url: "http://auth.example.com/-/oauth"}
    with pytest.raises(InvalidArgumentError, match=rf"{url}.*'auth\.example\.com'") as refused:
        Client.oauth(
            client_id="id",
            client_secret="secret-value",
            redirect_uri="urn:ietf:wg:oauth:2.0:oob",
            http_client=http,
            **endpoints,
        )
    assert "allow_insecure_http=True" in str(refused.value)
    assert "secret-value" not in str(refused.value)


def test_a_plain_http_oauth_endpoint_is_refused_by_the_async_client_too() -> None:
    with pytest.raises(InvalidArgumentError, match=r"auth\.example\.com"):
        AsyncClient.oauth(
            client_id="id",
            client_secret="secret",
            redirect_uri="urn:ietf:wg:oauth:2.0:oob",
            token_url="http://auth.example.com/-/oauth_token",
        )


def test_plain_http_oauth_endpoints_on_another_host_work_when_opted_in() -> None:
    sent: list[httpx.Request] = []

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"access_token": "a", "token_type": "bearer"})

    client = Client.oauth(
        client_id="id",
        client_secret="secret",
        redirect_uri="urn:ietf:wg:oauth:2.0:oob",
        token_url="http://auth.example.com/-/oauth_token",
        http_client=httpx.Client(transport=httpx.MockTransport(token_endpoint)),
        allow_insecure_http=True,
    )
    assert client.session.fetch_token(code="c")["access_token"] == "a"
    assert str(sent[0].url) == "http://auth.example.com/-/oauth_token"


def test_loopback_oauth_endpoints_are_allowed() -> None:
    client = Client.oauth(
        client_id="id",
        client_secret="secret",
        redirect_uri="urn:ietf:wg:oauth:2.0:oob",
        **FakeAsana.oauth_endpoints("http://127.0.0.1:8080/api/1.0"),
    )
    assert client.session.settings.token_url.startswith("http://127.0.0.1:8080/")
