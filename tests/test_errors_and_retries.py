"""Errors map to their classes; retries wait as section 6 of the contract says."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from asana_typed import (
    AsanaConnectionError,
    AsanaError,
    AsanaTimeoutError,
    Client,
    ForbiddenError,
    InvalidRequestError,
    InvalidTokenError,
    NoAuthorizationError,
    NotFoundError,
    PremiumOnlyError,
    RateLimitEnforcedError,
    RequestOptions,
    RetryableAsanaError,
    ServerError,
)
from asana_typed.testing import FakeAsana


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, InvalidRequestError),
        (401, NoAuthorizationError),
        (402, PremiumOnlyError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, AsanaError),
        (412, InvalidTokenError),
        (429, RateLimitEnforcedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_every_status_maps_to_its_class(
    fake: FakeAsana, client: Client, sleeps: list[float], status: int, error_class: type[AsanaError]
) -> None:
    fake.fail_next(status=status, times=10)
    with pytest.raises(error_class) as caught:
        client.users.me(options=RequestOptions(max_retries=0))
    assert type(caught.value) is error_class
    assert caught.value.status == status


def test_error_carries_the_api_errors_and_reads_like_the_original(
    client: Client, sleeps: list[float]
) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.tasks.get_task("404404")
    error = caught.value
    assert error.status == 404
    assert error.errors and "message" in error.errors[0]
    assert str(error) == f"Not Found: {error.message}"
    assert error.response is not None and error.response.status_code == 404


def test_unauthorized_without_a_valid_token(fake: FakeAsana) -> None:
    http = httpx.Client(transport=fake.transport)
    with (
        Client.access_token("not-a-token", http_client=http) as client,
        pytest.raises(NoAuthorizationError),
    ):
        client.users.me()


def test_429_waits_retry_after_seconds(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(status=429, retry_after=10)
    me = client.users.me()
    assert me.gid == fake.me["gid"]
    assert sleeps == [10.0]


def test_429_retry_after_as_http_date(fake: FakeAsana, client: Client, sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    fake.fail_next(status=429, retry_after=when)
    client.users.me()
    assert len(sleeps) == 1 and 25 <= sleeps[0] <= 31


def test_429_without_retry_after_still_retries(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(status=429, times=2)
    client.users.me()
    assert sleeps == [1.0, 2.0]


def test_429_retried_for_post_too(fake: FakeAsana, client: Client, sleeps: list[float]) -> None:
    fake.fail_next(status=429, retry_after=3, method="POST")
    task = client.tasks.create_task({"name": "once", "workspace": fake.workspace["gid"]})
    assert task.name == "once"
    assert sleeps == [3.0]


def test_rate_limit_error_after_retries_has_retry_after(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(status=429, retry_after=7, times=3)
    with pytest.raises(RateLimitEnforcedError) as caught:
        client.users.me(options=RequestOptions(max_retries=2))
    assert caught.value.retry_after == 7.0
    assert sleeps == [7.0, 7.0]


def test_three_500s_with_max_retries_2_wait_1_then_2_and_raise(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(status=500, times=3)
    fake.clear_requests()
    with pytest.raises(ServerError) as caught:
        client.users.me(options=RequestOptions(max_retries=2))
    assert caught.value.status == 500
    assert sleeps == [1.0, 2.0]
    assert len(fake.requests) == 3


def test_backoff_doubles_up_to_max_retries(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(status=503, times=5)
    client.users.me()
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]


def test_post_that_gets_a_500_is_sent_once(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(status=500, method="POST")
    fake.clear_requests()
    with pytest.raises(ServerError):
        client.tasks.create_task({"name": "x", "workspace": fake.workspace["gid"]})
    assert [r.method for r in fake.requests] == ["POST"]
    assert sleeps == []


def test_post_retried_on_500_when_retry_non_idempotent(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(status=500, method="POST")
    options = RequestOptions(retry_non_idempotent=True)
    task = client.tasks.create_task(
        {"name": "x", "workspace": fake.workspace["gid"]}, options=options
    )
    assert task.name == "x"
    assert sleeps == [1.0]


def test_post_retried_when_the_connection_was_never_made(
    fake: FakeAsana, inprocess_client: Client, sleeps: list[float]
) -> None:
    fake.drop_next()
    task = inprocess_client.tasks.create_task({"name": "x", "workspace": fake.workspace["gid"]})
    assert task.name == "x"
    assert sleeps == [1.0]
    assert len([t for t in fake.records("task") if t["name"] == "x"]) == 1


def test_post_not_retried_when_the_connection_broke_after_sending(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.drop_next(after_receiving=True)
    with pytest.raises(AsanaConnectionError):
        client.tasks.create_task({"name": "x", "workspace": fake.workspace["gid"]})
    assert sleeps == []


def test_get_retried_after_a_broken_connection(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.drop_next(after_receiving=True)
    assert client.users.me().gid == fake.me["gid"]
    assert sleeps == [1.0]


def test_connection_error_after_retries(sleeps: list[float]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    with Client.access_token("t", http_client=http) as client, pytest.raises(AsanaConnectionError):
        client.users.me(options=RequestOptions(max_retries=2))
    assert sleeps == [1.0, 2.0]


def test_timeout_raises_asana_timeout_error(sleeps: list[float]) -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    http = httpx.Client(transport=httpx.MockTransport(slow))
    with Client.access_token("t", http_client=http) as client:
        with pytest.raises(AsanaTimeoutError) as caught:
            client.users.me(options=RequestOptions(max_retries=1))
        assert isinstance(caught.value, RetryableAsanaError)
    assert sleeps == [1.0]


def test_real_timeout_over_loopback(fake: FakeAsana) -> None:
    fake.delay_next(1.0)
    with fake.serve() as base_url, Client.access_token(fake.access_token) as client:
        options = RequestOptions(base_url=base_url, timeout=0.2, max_retries=0)
        with pytest.raises(AsanaTimeoutError):
            client.users.me(options=options)


def test_502_with_html_body_is_a_server_error_with_status_502(
    fake: FakeAsana, client: Client, sleeps: list[float]
) -> None:
    fake.fail_next(
        status=502, body=b"<html><body>Bad gateway</body></html>", content_type="text/html"
    )
    with pytest.raises(ServerError) as caught:
        client.users.me(options=RequestOptions(max_retries=0))
    assert caught.value.status == 502
    assert "not Asana's error JSON" in str(caught.value)


def test_success_with_a_body_that_is_not_json_is_an_asana_error() -> None:
    def html(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>captive portal</html>")

    http = httpx.Client(transport=httpx.MockTransport(html))
    with Client.access_token("t", http_client=http) as client, pytest.raises(AsanaError) as caught:
        client.users.me()
    assert "expected a JSON object" in str(caught.value)


def test_success_with_an_unexpected_shape_is_an_asana_error() -> None:
    def wrong(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": {"name": "no gid"}})

    http = httpx.Client(transport=httpx.MockTransport(wrong))
    with Client.access_token("t", http_client=http) as client, pytest.raises(AsanaError) as caught:
        client.users.me()
    assert "does not match User" in str(caught.value)


def test_errors_never_show_the_token(fake: FakeAsana, sleeps: list[float]) -> None:
    secret = "0/secret-token-value"
    http = httpx.Client(transport=fake.transport)
    with Client.access_token(secret, http_client=http) as client:
        assert secret not in repr(client)
        with pytest.raises(NoAuthorizationError) as caught:
            client.users.me()
    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)
