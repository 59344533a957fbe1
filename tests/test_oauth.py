"""OAuth 2: authorization, code exchange, PKCE, refresh, revocation, and keeping secrets secret.

Everything crosses real HTTP: the clients talk to FakeAsana's loopback server, whose OAuth
endpoints issue the tokens its API then accepts.
"""

from __future__ import annotations

import asyncio
import logging
import runpy
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import (
    AsyncClient,
    Client,
    InvalidArgumentError,
    NoAuthorizationError,
    RequestOptions,
)
from asana_typed._oauth import AsyncOAuthSession, OAuthSession, check_state
from asana_typed.testing import FakeAsana
from asana_typed.testing._handlers.oauth import s256

CLIENT_ID = "1201234567890"
CLIENT_SECRET = "client-secret-do-not-show"
REDIRECT_URI = "https://app.example.com/oauth/callback"
OOB = "urn:ietf:wg:oauth:2.0:oob"


@pytest.fixture
def base_url(fake: FakeAsana) -> Iterator[str]:
    """The API root of a loopback server for ``fake``, which knows our app."""
    fake.add_oauth_app(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uris=[REDIRECT_URI, OOB]
    )
    with fake.serve() as url:
        yield url


def make_client(base_url: str, **kwargs: Any) -> Client:
    kwargs.setdefault("redirect_uri", REDIRECT_URI)
    return Client.oauth(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        options=RequestOptions(base_url=base_url),
        **FakeAsana.oauth_endpoints(base_url),
        **kwargs,
    )


def make_async_client(base_url: str, **kwargs: Any) -> AsyncClient:
    return AsyncClient.oauth(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri=REDIRECT_URI,
        options=RequestOptions(base_url=base_url),
        **FakeAsana.oauth_endpoints(base_url),
        **kwargs,
    )


def browse(url: str) -> httpx.Response:
    """What a browser gets for the authorization URL (the fake's user approves at once)."""
    return httpx.get(url, follow_redirects=False)


def authorized_client(base_url: str, **kwargs: Any) -> Client:
    """A client that went through the redirect flow and holds a token."""
    client = make_client(base_url, **kwargs)
    url, _ = client.session.authorization_url()
    client.session.fetch_token(authorization_response=browse(url).headers["location"])
    return client


def expire_on_the_client(client: Client | AsyncClient, seconds_ago: int = 1) -> None:
    """Move the token's ``expires_at`` into the past, as time passing would."""
    token = client.session.token
    assert token is not None
    client.session.token = {**token, "expires_at": int(time.time()) - seconds_ago}


def refresh_at_the_fake(base_url: str, refresh_token: str) -> httpx.Response:
    """A refresh-token grant posted straight to the fake's token endpoint."""
    return httpx.post(
        FakeAsana.oauth_endpoints(base_url)["token_url"],
        data={
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )


def stale_token() -> dict[str, Any]:
    """An expired token whose refresh token the fake does not know."""
    return {
        "access_token": "stale-access-token-abc",
        "refresh_token": "unknown-refresh-token-def",
        "expires_at": int(time.time()) - 5,
    }


def refreshes(fake: FakeAsana) -> list[dict[str, str]]:
    return [r for r in fake.oauth_token_requests if r.get("grant_type") == "refresh_token"]


def api_requests(fake: FakeAsana) -> list[str]:
    """``"<status-ish> METHOD path"`` of every request, in order, to see what was sent when."""
    return [f"{r.method} {r.path}" for r in fake.requests]


def bearer(fake: FakeAsana, index: int = -1) -> str:
    return fake.requests[index].headers["authorization"].removeprefix("Bearer ")


# -- the authorization URL ------------------------------------------------------------------------


def test_authorization_url_points_at_asana_with_the_request_parameters() -> None:
    client = Client.oauth(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri=REDIRECT_URI,
        scope=["default", "openid"],
    )
    url, state = client.session.authorization_url()
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "app.asana.com",
        "/-/oauth_authorize",
    )
    assert query == {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "scope": "default openid",
        "state": state,
    }
    assert len(state) >= 30
    assert client.session.authorization_url()[1] != state


def test_authorization_url_keeps_a_given_state() -> None:
    client = Client.oauth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=OOB)
    url, state = client.session.authorization_url(state="my-state")
    assert state == "my-state"
    assert parse_qs(urlsplit(url).query)["state"] == ["my-state"]


def test_state_check_is_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import hmac

    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert check_state("abc", "abc") is True
    assert (
        Client.oauth(
            client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=OOB
        ).session.check_state("abc", "abd")
        is False
    )
    assert compared == [(b"abc", b"abc"), (b"abc", b"abd")]


# -- the whole flow -------------------------------------------------------------------------------


def test_code_to_token_to_api_to_refresh_to_api(fake: FakeAsana, base_url: str) -> None:
    updates: list[dict[str, Any]] = []
    client = make_client(base_url, token_updater=updates.append)

    url, state = client.session.authorization_url()
    answer = browse(url)
    assert answer.status_code == 302
    location = urlsplit(answer.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    returned = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert client.session.check_state(state, returned["state"])

    before = time.time()
    token = client.session.fetch_token(code=returned["code"])
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == 3600
    assert before + 3600 - 2 <= token["expires_at"] <= time.time() + 3600 + 2
    assert token["data"]["name"] == "Test User"
    assert token["refresh_token"]
    assert client.session.token == token

    assert client.users.me().name == "Test User"
    assert bearer(fake) == token["access_token"]

    fake.expire_access_tokens()
    expire_on_the_client(client)
    fake.clear_requests()
    assert client.users.me().name == "Test User"

    assert api_requests(fake) == ["POST /-/oauth_token", "GET /users/me"]  # refreshed first
    assert len(updates) == 1
    new = updates[0]
    assert new["access_token"] != token["access_token"]
    assert new["refresh_token"] == token["refresh_token"]  # Asana sends no new one; it is kept
    assert new["expires_at"] >= int(time.time()) + 3600 - 2
    assert bearer(fake) == new["access_token"]
    assert client.session.token == new
    assert refreshes(fake)[-1]["refresh_token"] == token["refresh_token"]


def test_fetch_token_from_the_redirect_url_checks_the_state(fake: FakeAsana, base_url: str) -> None:
    client = make_client(base_url)
    url, state = client.session.authorization_url()
    location = browse(url).headers["location"]
    forged = location.replace(f"state={state}", "state=forged")
    with pytest.raises(InvalidArgumentError, match="state"):
        client.session.fetch_token(authorization_response=forged)
    assert fake.oauth_token_requests == []
    client.session.fetch_token(authorization_response=location)
    assert client.users.me().name == "Test User"


def test_a_token_close_to_expiry_is_refreshed_a_far_one_is_not(
    fake: FakeAsana, base_url: str
) -> None:
    client = authorized_client(base_url)
    token = client.session.token
    assert token is not None
    client.session.token = {**token, "expires_at": int(time.time()) + 600}
    client.users.me()
    assert refreshes(fake) == []
    client.session.token = {**token, "expires_at": int(time.time()) + 10}
    client.users.me()
    assert len(refreshes(fake)) == 1


def test_a_short_lived_token_is_not_refreshed_on_every_call(fake: FakeAsana, base_url: str) -> None:
    """A token living 10 s is refreshed near its end, not on every call (30 s > 10 s)."""
    fake.configure_oauth(access_token_lifetime=10)
    client = authorized_client(base_url)
    token = client.session.token
    assert token is not None and token["expires_in"] == 10
    for _ in range(3):
        client.users.me()
    assert refreshes(fake) == []
    client.session.token = {**token, "expires_at": int(time.time())}  # its last second
    client.users.me()
    assert len(refreshes(fake)) == 1


def test_the_refresh_margin_is_30_seconds_for_long_lived_tokens(
    fake: FakeAsana, base_url: str
) -> None:
    client = authorized_client(base_url)
    token = client.session.token
    assert token is not None and token["expires_in"] == 3600
    client.session.token = {**token, "expires_at": int(time.time()) + 60}
    client.users.me()
    assert refreshes(fake) == []
    client.session.token = {**token, "expires_at": int(time.time()) + 20}
    client.users.me()
    assert len(refreshes(fake)) == 1


def test_a_saved_token_is_refreshed_by_a_new_client(fake: FakeAsana, base_url: str) -> None:
    saved = authorized_client(base_url).session.token
    assert saved is not None
    fake.expire_access_tokens()
    updates: list[dict[str, Any]] = []
    client = make_client(
        base_url, token={**saved, "expires_at": time.time() - 60}, token_updater=updates.append
    )
    assert client.users.me().name == "Test User"
    assert len(updates) == 1


def test_out_of_band_flow_shows_the_code_to_paste(fake: FakeAsana, base_url: str) -> None:
    client = make_client(base_url, redirect_uri=OOB)
    url, _ = client.session.authorization_url()
    assert parse_qs(urlsplit(url).query)["redirect_uri"] == [OOB]
    page = browse(url)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    code = page.text.split('<code id="code">')[1].split("</code>")[0]
    client.session.fetch_token(code=code)
    assert fake.oauth_token_requests[-1]["redirect_uri"] == OOB
    assert client.users.me().name == "Test User"


def test_the_cli_example_runs_the_out_of_band_flow(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).parent.parent / "examples" / "oauth_cli.py"
    namespace = runpy.run_path(str(path), run_name="oauth_cli")
    namespace["main"](["--fake"])
    out = capsys.readouterr().out
    assert "/-/oauth_authorize?response_type=code" in out
    assert "Hello Test User" in out


# -- PKCE -----------------------------------------------------------------------------------------


def test_pkce_sends_an_s256_challenge_and_then_the_verifier(fake: FakeAsana, base_url: str) -> None:
    client = make_client(base_url, code_challenge_method="S256")
    url, _ = client.session.authorization_url()
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    verifier = client.session.code_verifier
    assert verifier is not None and 43 <= len(verifier) <= 128
    assert query["code_challenge_method"] == "S256"
    assert query["code_challenge"] == s256(verifier)
    assert verifier not in url

    client.session.fetch_token(authorization_response=browse(url).headers["location"])
    assert fake.oauth_token_requests[-1]["code_verifier"] == verifier
    assert client.users.me().name == "Test User"


def test_pkce_with_a_wrong_verifier_is_refused(base_url: str) -> None:
    client = make_client(base_url, code_challenge_method="S256")
    url, _ = client.session.authorization_url()
    location = browse(url).headers["location"]
    with pytest.raises(NoAuthorizationError, match="invalid_grant") as caught:
        client.session.fetch_token(authorization_response=location, code_verifier="x" * 50)
    assert caught.value.status == 400
    assert client.session.token is None


def test_no_challenge_without_pkce(base_url: str) -> None:
    client = make_client(base_url)
    url, _ = client.session.authorization_url()
    assert "code_challenge" not in url
    assert client.session.code_verifier is None


# -- refusals of the token endpoint ---------------------------------------------------------------


def test_a_wrong_code_is_refused(base_url: str) -> None:
    with pytest.raises(NoAuthorizationError, match="invalid_grant") as caught:
        make_client(base_url).session.fetch_token(code="not-a-code")
    assert caught.value.status == 400


def test_a_code_works_once(base_url: str) -> None:
    client = make_client(base_url)
    url, _ = client.session.authorization_url()
    location = browse(url).headers["location"]
    client.session.fetch_token(authorization_response=location)
    client.users.me()
    with pytest.raises(NoAuthorizationError, match="already used"):
        client.session.fetch_token(authorization_response=location)
    with pytest.raises(NoAuthorizationError):  # reusing the code revoked what it granted
        client.users.me()


def test_a_wrong_client_secret_is_refused_without_showing_it(base_url: str) -> None:
    client = Client.oauth(
        client_id=CLIENT_ID,
        client_secret="wrong-secret-xyz",
        redirect_uri=REDIRECT_URI,
        **FakeAsana.oauth_endpoints(base_url),
    )
    url, _ = client.session.authorization_url()
    code = parse_qs(urlsplit(browse(url).headers["location"]).query)["code"][0]
    with pytest.raises(NoAuthorizationError, match="invalid_client") as caught:
        client.session.fetch_token(code=code)
    assert caught.value.status == 401
    assert "wrong-secret-xyz" not in f"{caught.value} {caught.value!r}"
    assert caught.value.response is None  # its request would carry the secret


def test_fetch_token_needs_a_code() -> None:
    client = Client.oauth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=OOB)
    with pytest.raises(InvalidArgumentError):
        client.session.fetch_token()


# -- refresh after a 401, and failed refreshes ----------------------------------------------------


def test_a_401_triggers_one_refresh_and_one_resend(fake: FakeAsana, base_url: str) -> None:
    updates: list[dict[str, Any]] = []
    client = authorized_client(base_url, token_updater=updates.append)
    old = client.session.token
    assert old is not None
    fake.expire_access_tokens()  # the client still believes its token is good
    fake.clear_requests()
    assert client.users.me().name == "Test User"
    assert api_requests(fake) == ["GET /users/me", "POST /-/oauth_token", "GET /users/me"]
    assert [r.headers["authorization"] for r in fake.requests[::2]] == [
        f"Bearer {old['access_token']}",
        f"Bearer {updates[0]['access_token']}",
    ]
    assert len(updates) == 1


def test_a_401_without_a_refresh_token_is_no_authorization(fake: FakeAsana, base_url: str) -> None:
    client = make_client(base_url, token={"access_token": "never-issued"})
    with pytest.raises(NoAuthorizationError):
        client.users.me()
    assert fake.oauth_token_requests == []


def test_a_401_after_a_refresh_is_no_authorization(fake: FakeAsana, base_url: str) -> None:
    client = authorized_client(base_url)
    fake.fail_next(status=401, times=2, path="/users/me")
    with pytest.raises(NoAuthorizationError):
        client.users.me()
    assert len(refreshes(fake)) == 1  # one refresh, one resend, then the error


def test_a_failed_refresh_is_no_authorization_without_secrets(
    fake: FakeAsana, base_url: str
) -> None:
    client = make_client(
        base_url,
        token=stale_token(),
    )
    with pytest.raises(NoAuthorizationError) as caught:
        client.users.me()
    text = f"{caught.value} {caught.value!r} {caught.value.errors}"
    assert "invalid_grant" in text
    for secret in ("stale-access-token-abc", "unknown-refresh-token-def", CLIENT_SECRET):
        assert secret not in text
    assert [r.path for r in fake.requests] == ["/-/oauth_token"]  # the API call was never sent


def test_problem_details_from_the_token_endpoint_are_in_the_message_without_secrets(
    fake: FakeAsana, base_url: str
) -> None:
    fake.configure_oauth(problem_details=True)
    client = make_client(
        base_url,
        token=stale_token(),
    )
    with pytest.raises(NoAuthorizationError) as caught:
        client.users.me()
    error = caught.value
    assert error.status == 400
    assert str(error) == (
        "No Authorization: refreshing the OAuth access token failed: HTTP 400, Bad Request: "
        "the refresh token is unknown or revoked"
    )
    text = f"{error} {error!r} {error.errors}"
    for secret in ("stale-access-token-abc", "unknown-refresh-token-def", CLIENT_SECRET):
        assert secret not in text


def test_a_wrong_code_verifier_shows_the_servers_detail(fake: FakeAsana, base_url: str) -> None:
    fake.configure_oauth(problem_details=True)
    client = make_client(base_url, code_challenge_method="S256")
    url, _ = client.session.authorization_url()
    location = browse(url).headers["location"]
    client.session._code_verifier = "not-the-verifier-" + "x" * 40
    with pytest.raises(NoAuthorizationError, match="code_verifier does not match") as caught:
        client.session.fetch_token(authorization_response=location)
    assert "not-the-verifier" not in f"{caught.value} {caught.value!r}"


def test_other_json_from_the_token_endpoint_is_shown_short_and_scrubbed() -> None:
    """A JSON refusal in neither OAuth nor RFC 7807 form: its fields, short, secrets hidden."""

    def refuse(request: httpx.Request) -> httpx.Response:
        body = {"message": "refresh token unknown-refresh-token-def is not valid", "code": 17}
        return httpx.Response(403, json=body)

    client = Client.oauth(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri=REDIRECT_URI,
        token=stale_token(),
        http_client=httpx.Client(transport=httpx.MockTransport(refuse)),
    )
    with pytest.raises(NoAuthorizationError) as caught:
        client.users.me()
    message = str(caught.value)
    assert message == (
        "No Authorization: refreshing the OAuth access token failed: HTTP 403, "
        "refresh token <hidden> is not valid (code: 17)"
    )


def test_a_refresh_answered_with_a_server_error_is_no_authorization(
    fake: FakeAsana, base_url: str
) -> None:
    client = authorized_client(base_url)
    expire_on_the_client(client)
    fake.fail_next(status=503, path="/-/oauth_token")
    with pytest.raises(NoAuthorizationError) as caught:
        client.users.me()
    assert caught.value.status == 503


def test_a_refresh_whose_connection_drops_is_retried_with_the_call(
    fake: FakeAsana, base_url: str, sleeps: list[float]
) -> None:
    client = authorized_client(base_url)
    expire_on_the_client(client)
    fake.drop_next(path="/-/oauth_token")
    assert client.users.me().name == "Test User"
    assert [r.path for r in fake.requests[-3:]] == ["/-/oauth_token", "/-/oauth_token", "/users/me"]
    assert sleeps == [pytest.approx(1, rel=0.25)]


def test_an_api_call_before_any_token_is_no_authorization(fake: FakeAsana, base_url: str) -> None:
    with pytest.raises(NoAuthorizationError, match="fetch_token"):
        make_client(base_url).users.me()
    assert fake.requests == []


# -- concurrency: many requests, one refresh ------------------------------------------------------


@pytest.mark.parametrize("expiry", ["known to the client", "found by a 401"])
@pytest.mark.parametrize("refresh", ["a new access token", "the same access token again"])
def test_ten_threads_with_an_expired_token_refresh_once(
    fake: FakeAsana, base_url: str, expiry: str, refresh: str
) -> None:
    updates: list[dict[str, Any]] = []
    client = authorized_client(base_url, token_updater=updates.append)
    fake.configure_oauth(repeat_access_token=refresh == "the same access token again")
    fake.expire_access_tokens()
    if expiry == "known to the client":
        expire_on_the_client(client)
    fake.delay_next(0.2, path="/-/oauth_token")  # a slow refresh, so the others pile up
    barrier = threading.Barrier(10)
    names: list[str | None] = []
    errors: list[BaseException] = []

    def call() -> None:
        barrier.wait()
        try:
            names.append(client.users.me().name)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert errors == []
    assert names == ["Test User"] * 10
    assert len(refreshes(fake)) == 1
    assert len(updates) == 1


@pytest.mark.parametrize("expiry", ["known to the client", "found by a 401"])
@pytest.mark.parametrize("refresh", ["a new access token", "the same access token again"])
def test_ten_async_tasks_with_an_expired_token_refresh_once(
    fake: FakeAsana, base_url: str, expiry: str, refresh: str
) -> None:
    updates: list[dict[str, Any]] = []
    fake.configure_oauth(repeat_access_token=refresh == "the same access token again")

    async def main() -> list[str | None]:
        async with make_async_client(base_url, token_updater=updates.append) as client:
            url, _ = client.session.authorization_url()
            location = browse(url).headers["location"]
            await client.session.fetch_token(authorization_response=location)
            fake.expire_access_tokens()
            if expiry == "known to the client":
                expire_on_the_client(client)
            fake.delay_next(0.2, path="/-/oauth_token")
            users = await asyncio.gather(*(client.users.me() for _ in range(10)))
            return [user.name for user in users]

    assert asyncio.run(main()) == ["Test User"] * 10
    assert len(refreshes(fake)) == 1
    assert len(updates) == 1


# -- async session --------------------------------------------------------------------------------


def test_async_session_is_awaited_and_typed(fake: FakeAsana, base_url: str) -> None:
    async def main() -> None:
        async with make_async_client(base_url, code_challenge_method="S256") as client:
            assert_type(client.session, AsyncOAuthSession)
            url, _ = client.session.authorization_url()
            token = await client.session.fetch_token(
                authorization_response=browse(url).headers["location"]
            )
            assert_type(token, dict[str, Any])
            assert (await client.users.me()).name == "Test User"
            await client.session.revoke_token()
            assert client.session.token is None

    asyncio.run(main())
    assert_type(make_client(base_url).session, OAuthSession)
    assert fake.requests[-1].path == "/-/oauth_revoke"


# -- revocation -----------------------------------------------------------------------------------


def test_revoke_ends_the_grant(fake: FakeAsana, base_url: str) -> None:
    client = authorized_client(base_url)
    token = client.session.token
    assert token is not None
    client.session.revoke_token()
    assert client.session.token is None
    assert fake.requests[-1].path == "/-/oauth_revoke"
    assert (
        httpx.get(
            base_url + "/users/me", headers={"Authorization": f"Bearer {token['access_token']}"}
        ).status_code
        == 401
    )
    refresh = refresh_at_the_fake(base_url, token["refresh_token"])
    assert (refresh.status_code, refresh.json()["error"]) == (400, "invalid_grant")
    with pytest.raises(NoAuthorizationError, match="revoked"):
        client.users.me()


def test_revoking_an_unknown_token_is_fine(base_url: str) -> None:
    answer = httpx.post(
        FakeAsana.oauth_endpoints(base_url)["revoke_url"],
        data={"token": "nobody-knows", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
    )
    assert answer.status_code == 200


# -- where token requests go ----------------------------------------------------------------------


def test_token_requests_go_through_the_clients_http_client(fake: FakeAsana) -> None:
    fake.add_oauth_app(client_id=CLIENT_ID, client_secret=CLIENT_SECRET)
    seen: list[str] = []
    http = httpx.Client(
        transport=fake.transport, event_hooks={"request": [lambda r: seen.append(str(r.url))]}
    )
    client = Client.oauth(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=OOB, http_client=http
    )
    url, _ = client.session.authorization_url()
    client.session.fetch_token(code=fake.approve_authorization(url))
    expire_on_the_client(client)
    client.users.me()
    assert seen == [
        "https://app.asana.com/-/oauth_token",
        "https://app.asana.com/-/oauth_token",
        "https://app.asana.com/api/1.0/users/me",
    ]
    assert fake.requests[0].headers["user-agent"].startswith("asana-typed/")


# -- secrets --------------------------------------------------------------------------------------


def test_no_secret_in_repr_str_or_logs(
    fake: FakeAsana, base_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = make_client(base_url, code_challenge_method="S256")
    url, _ = client.session.authorization_url()
    verifier = client.session.code_verifier
    location = browse(url).headers["location"]  # the browser's log is not ours to keep clean
    code = parse_qs(urlsplit(location).query)["code"][0]
    for name in ("httpx", "httpcore", "asana_typed"):
        caplog.set_level(logging.DEBUG, logger=name)
    first = client.session.fetch_token(code=code)
    client.users.me()
    expire_on_the_client(client)
    client.users.me()
    second = client.session.token
    assert second is not None
    fake.fail_next(status=400, path="/-/oauth_token", body={"error": "invalid_grant"})
    expire_on_the_client(client)
    with pytest.raises(NoAuthorizationError) as caught:
        client.users.me()

    shown = " ".join(
        [
            caplog.text,
            repr(client),
            str(client),
            repr(client.session),
            repr(client.session.settings),
            str(caught.value),
            repr(caught.value),
        ]
    )
    assert "asana_typed.oauth" in {record.name for record in caplog.records}
    secrets = [
        CLIENT_SECRET,
        code,
        verifier,
        first["access_token"],
        first["refresh_token"],
        second["access_token"],
    ]
    for secret in secrets:
        assert secret is not None
        assert secret not in shown


# -- construction ---------------------------------------------------------------------------------


def test_session_exists_only_on_oauth_clients() -> None:
    client = Client.access_token("personal-token")
    with pytest.raises(AttributeError, match=r"oauth\(\.\.\.\)"):
        client.session  # noqa: B018
    assert not hasattr(AsyncClient.access_token("personal-token"), "session")


def test_oauth_refuses_bad_settings() -> None:
    with pytest.raises(InvalidArgumentError, match="code_challenge_method"):
        Client.oauth(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_uri=OOB,
            code_challenge_method="plain",  # type: ignore[arg-type]
        )
    with pytest.raises(InvalidArgumentError, match="client_secret"):
        Client.oauth(client_id=CLIENT_ID, client_secret="", redirect_uri=OOB)
    with pytest.raises(InvalidArgumentError, match="access_token"):
        Client.oauth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=OOB, token={})


def test_the_session_is_one_object_per_client() -> None:
    client = Client.oauth(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uri=OOB)
    assert client.session is client.session


# -- the fake's authorization endpoint ------------------------------------------------------------


def test_fake_authorize_refuses_unknown_clients_and_redirects(
    fake: FakeAsana, base_url: str
) -> None:
    urls = FakeAsana.oauth_endpoints(base_url)
    unknown = browse(urls["authorize_url"] + "?response_type=code&client_id=nope&redirect_uri=x")
    assert unknown.status_code == 400
    foreign = browse(
        urls["authorize_url"]
        + f"?response_type=code&client_id={CLIENT_ID}&redirect_uri=https://evil.example/cb"
    )
    assert foreign.status_code == 400 and "location" not in foreign.headers
    with pytest.raises(ValueError, match="refused"):
        fake.approve_authorization(urls["authorize_url"] + "?client_id=nope")


# -- the fake's token endpoint, as other servers answer ----------------------------------------


def test_fake_can_repeat_the_access_token_on_refresh(fake: FakeAsana, base_url: str) -> None:
    token = authorized_client(base_url).session.token
    assert token is not None
    fake.configure_oauth(repeat_access_token=True, access_token_lifetime=10)
    fake.expire_access_tokens()
    answer = refresh_at_the_fake(base_url, token["refresh_token"]).json()
    assert (answer["access_token"], answer["expires_in"]) == (token["access_token"], 10)
    headers = {"Authorization": f"Bearer {answer['access_token']}"}
    assert httpx.get(base_url + "/users/me", headers=headers).status_code == 200


def test_fake_can_refuse_with_problem_details(fake: FakeAsana, base_url: str) -> None:
    fake.configure_oauth(problem_details=True)
    refused = httpx.post(
        FakeAsana.oauth_endpoints(base_url)["token_url"],
        data={"grant_type": "refresh_token", "refresh_token": "x", "client_id": CLIENT_ID},
    )
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": "unknown client or wrong client secret",
    }
