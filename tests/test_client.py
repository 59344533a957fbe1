"""Client construction, credentials, headers, path safety and lifetime."""

from __future__ import annotations

import base64
import urllib.parse
import warnings

import httpx
import pytest

import asana_typed
from asana_typed import AsanaChangeWarning, Client, InvalidArgumentError, RequestOptions
from asana_typed._http._sync_transport import HTTP11Transport
from asana_typed.testing import FakeAsana


def test_access_token_sends_bearer(fake: FakeAsana, client: Client) -> None:
    client.users.me()
    assert fake.requests[-1].headers["authorization"] == f"Bearer {fake.access_token}"


def test_basic_auth_sends_the_api_key_as_user_name(fake: FakeAsana) -> None:
    fake.add_api_key("LEGACY_KEY")
    http = httpx.Client(transport=fake.transport)
    with Client.basic_auth("LEGACY_KEY", http_client=http) as client:
        me = client.users.me()
    assert me.gid == fake.me["gid"]
    expected = "Basic " + base64.b64encode(b"LEGACY_KEY:").decode()
    assert fake.requests[-1].headers["authorization"] == expected


def test_empty_token_is_refused() -> None:
    with pytest.raises(InvalidArgumentError):
        Client.access_token("")


def test_client_lib_and_user_agent_headers(fake: FakeAsana, client: Client) -> None:
    client.users.me()
    headers = fake.requests[-1].headers
    lib = dict(urllib.parse.parse_qsl(headers["x-asana-client-lib"]))
    assert lib["language"] == "Python"
    assert lib["version"] == asana_typed.__version__
    assert {"language_version", "os", "os_version"} <= set(lib)
    assert headers["user-agent"].startswith(f"asana-typed/{asana_typed.__version__}")


@pytest.mark.parametrize("gid", ["", ".", ".."])
def test_gids_that_are_not_path_segments_are_refused(
    fake: FakeAsana, client: Client, gid: str
) -> None:
    fake.clear_requests()
    with pytest.raises(InvalidArgumentError):
        client.tasks.get_task(gid)
    assert fake.requests == []


def test_a_gid_cannot_reach_another_path(fake: FakeAsana, client: Client) -> None:
    with pytest.raises(asana_typed.NotFoundError):
        client.tasks.get_task("../users/me")
    sent = fake.requests[-1]
    assert "/api/1.0/tasks/..%2Fusers%2Fme" in sent.url


def test_a_non_string_gid_is_refused_before_sending(fake: FakeAsana, client: Client) -> None:
    fake.clear_requests()
    with pytest.raises(InvalidArgumentError):
        client.tasks.get_task(None)  # type: ignore[call-overload]
    with pytest.raises(InvalidArgumentError):
        client.tasks.get_task("1", "not a dict")  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="task_gid"):  # Python's own: the signature names it
        client.tasks.get_task()  # type: ignore[call-overload]
    assert fake.requests == []


def test_context_manager_closes_its_own_http_client() -> None:
    with Client.access_token("t") as client:
        http = client.http_client
    assert http.is_closed


def test_context_manager_leaves_a_given_http_client_open(fake: FakeAsana) -> None:
    http = httpx.Client(transport=fake.transport)
    with Client.access_token(fake.access_token, http_client=http) as client:
        client.users.me()
    assert not http.is_closed
    http.close()


def test_base_url_option_points_the_client_elsewhere(fake: FakeAsana) -> None:
    with (
        fake.serve() as base_url,
        Client.access_token(fake.access_token, options=RequestOptions(base_url=base_url)) as client,
    ):
        assert client.users.me().gid == fake.me["gid"]


def test_asana_change_header_warns_once_per_change() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={"data": {"gid": "1"}},
            headers={
                "Asana-Change": "name=new_user_task_lists;info=https://asa.na/api-utl;affected=true"
            },
        )

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with Client.access_token("t", http_client=http) as client:
        with pytest.warns(AsanaChangeWarning, match="new_user_task_lists.*https://asa.na/api-utl"):
            client.users.me()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            client.users.me(options=RequestOptions(asana_enable=["new_user_task_lists"]))


def test_asana_change_not_affected_does_not_warn() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={"data": {"gid": "1"}},
            headers={"Asana-Change": "name=x;info=https://asa.na/x"},
        )

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with Client.access_token("t", http_client=http) as client, warnings.catch_warnings():
        warnings.simplefilter("error")
        client.users.me()


def test_own_http_client_goes_straight_to_the_transport(fake: FakeAsana) -> None:
    with (
        fake.serve() as base_url,
        Client.access_token(fake.access_token, options=RequestOptions(base_url=base_url)) as client,
    ):
        assert client.users.me().gid == fake.me["gid"]
        assert isinstance(client._direct, HTTP11Transport)
    assert fake.requests[-1].headers["authorization"] == f"Bearer {fake.access_token}"


def test_proxies_from_the_environment_are_honoured(
    fake: FakeAsana, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # for https only; this is http
    with (
        fake.serve() as base_url,
        Client.access_token(fake.access_token, options=RequestOptions(base_url=base_url)) as client,
    ):
        assert client.users.me().gid == fake.me["gid"]
        https = client.http_client._transport_for_url(httpx.URL("https://app.asana.com/"))
        assert "Proxy" in type(https._pool).__name__  # type: ignore[attr-defined]


def test_a_given_http_client_keeps_its_event_hooks(fake: FakeAsana) -> None:
    seen: list[str] = []
    http = httpx.Client(
        transport=fake.transport, event_hooks={"request": [lambda r: seen.append(r.url.path)]}
    )
    with Client.access_token(fake.access_token, http_client=http) as client:
        client.users.me()
    assert seen == ["/api/1.0/users/me"]
    http.close()
