"""``RequestOptions.headers``: extra headers, but never ones that frame or route the request.

The SDK and its HTTP transport set ``Content-Length``, ``Transfer-Encoding``, ``Host`` and the
hop-by-hop headers themselves; a second value beside theirs would make the request ambiguous
(request smuggling), so the option refuses them, as it refuses names and values that are not
valid HTTP. Nothing is sent when a header is refused.
"""

from __future__ import annotations

import pytest

from asana_typed import Client, InvalidArgumentError, RequestOptions
from asana_typed.testing import FakeAsana

FRAMING = [
    "Content-Length",
    "content-length",
    "Transfer-Encoding",
    "TRANSFER-ENCODING",
    "Host",
    "host",
    "Connection",
    "Keep-Alive",
    "Upgrade",
    "TE",
    "te",
    "Trailer",
    "Proxy-Connection",
]
BAD_NAMES = ["", "X Header", "X-A:", "X-A\r\nX-B", "X-\0", "Fünf", "(x)", "X-A\t"]
BAD_VALUES = ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b", "a\x01b", "a\x7fb", "café"]


@pytest.mark.parametrize("name", FRAMING)
def test_a_framing_or_hop_by_hop_header_is_refused_by_the_constructor(name: str) -> None:
    with pytest.raises(InvalidArgumentError, match=name):
        RequestOptions(headers={name: "1"})


@pytest.mark.parametrize("name", FRAMING)
def test_a_framing_or_hop_by_hop_header_is_refused_by_assignment(name: str) -> None:
    options = RequestOptions(headers={"X-Fine": "1"})
    with pytest.raises(InvalidArgumentError, match=name):
        options.headers = {name: "1"}
    assert options.headers == {"X-Fine": "1"}


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Content-Length", "body"),
        ("Transfer-Encoding", "body"),
        ("Host", "base_url"),
        ("Connection", "hop-by-hop"),
        ("Keep-Alive", "hop-by-hop"),
    ],
)
def test_the_refusal_says_why(name: str, reason: str) -> None:
    with pytest.raises(InvalidArgumentError, match=reason):
        RequestOptions(headers={name: "1"})


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_header_name_that_is_not_a_token_is_refused(name: str) -> None:
    with pytest.raises(InvalidArgumentError, match="header name"):
        RequestOptions(headers={name: "1"})


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_header_value_with_a_control_character_or_not_ascii_is_refused(value: str) -> None:
    with pytest.raises(InvalidArgumentError, match="X-Custom"):
        RequestOptions(headers={"X-Custom": value})


def test_the_refusal_does_not_show_header_values() -> None:
    """Header values may be credentials: messages name headers, never their values."""
    with pytest.raises(InvalidArgumentError) as refused:
        RequestOptions(headers={"Authorization": "Bearer secret-token\r\n"})
    assert "secret-token" not in str(refused.value)
    with pytest.raises(InvalidArgumentError) as refused:
        RequestOptions(headers={"Authorization": "Bearer secret-token", "X-N": 1})  # type: ignore[dict-item]
    assert "secret-token" not in str(refused.value)


def test_ordinary_headers_are_accepted() -> None:
    headers = {"X-Request-Tag": "a b\tc", "Accept-Language": "en;q=0.9", "X-Empty": ""}
    assert RequestOptions(headers=headers).headers == headers


@pytest.mark.parametrize("option", ["asana_enable", "asana_disable"])
def test_asana_change_names_with_a_line_break_are_refused(option: str) -> None:
    with pytest.raises(InvalidArgumentError, match=option):
        RequestOptions(**{option: ["ok", "bad\r\nX-Injected: 1"]})  # type: ignore[arg-type]


def test_a_header_added_in_place_is_checked_before_sending(fake: FakeAsana, client: Client) -> None:
    client.options.headers["Transfer-Encoding"] = "chunked"
    with pytest.raises(InvalidArgumentError, match="Transfer-Encoding"):
        client.users.me()
    assert fake.requests == []


def test_a_bad_value_added_in_place_to_the_defaults_is_checked_before_sending(
    fake: FakeAsana, client: Client
) -> None:
    Client.DEFAULTS.headers["X-Custom"] = "a\r\nHost: elsewhere"
    with pytest.raises(InvalidArgumentError, match="X-Custom"):
        client.users.me()
    assert fake.requests == []


def test_extra_headers_still_reach_the_api(fake: FakeAsana, client: Client) -> None:
    client.users.me(options=RequestOptions(headers={"X-Request-Tag": "t1"}))
    assert fake.requests[-1].headers["x-request-tag"] == "t1"
