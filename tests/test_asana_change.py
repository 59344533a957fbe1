"""``Asana-Change`` announcements: one warning per change the request did not choose about.

A request chooses about a change by naming it in ``Asana-Enable`` or ``Asana-Disable``: through
``RequestOptions.asana_enable`` / ``asana_disable``, or (as python-asana users do) as a raw
header in ``RequestOptions.headers``, in any case, comma-separated. Either way the SDK stays
silent about that change, as python-asana does.
"""

from __future__ import annotations

import warnings

import pytest

from asana_typed import AsanaChangeWarning, Client, RequestOptions
from asana_typed.testing import FakeAsana

CHANGE = "new_user_task_lists"
INFO = "https://asa.na/api-utl"


@pytest.fixture
def announced(fake: FakeAsana) -> FakeAsana:
    fake.announce_change(CHANGE, INFO)
    fake.announce_change("other_change", "https://asa.na/other", path="/projects*")
    return fake


def test_an_announced_change_warns_with_its_name_and_info(
    announced: FakeAsana, client: Client
) -> None:
    with pytest.warns(AsanaChangeWarning, match=f"{CHANGE}.*{INFO}") as caught:
        client.users.me()
    assert len(caught) == 1
    assert announced.requests[-1].path == "/users/me"


def test_the_fake_announces_a_change_only_where_it_applies(
    announced: FakeAsana, client: Client
) -> None:
    with pytest.warns(AsanaChangeWarning) as caught:
        client.users.me()
    assert "other_change" not in " ".join(str(w.message) for w in caught)


def test_a_change_chosen_with_the_asana_enable_option_is_silent(
    announced: FakeAsana, client: Client
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.users.me(options=RequestOptions(asana_enable=[CHANGE]))


@pytest.mark.parametrize(
    "headers",
    [
        {"Asana-Enable": CHANGE},
        {"asana-enable": CHANGE},
        {"ASANA-DISABLE": CHANGE},
        {"Asana-Enable": f"some_other_change,{CHANGE}"},
        {"asana-disable": f"some_other_change, {CHANGE}"},
    ],
    ids=["enable", "lower-case", "upper-case-disable", "listed", "listed-with-space"],
)
def test_a_change_chosen_with_a_raw_header_is_silent(
    announced: FakeAsana, client: Client, headers: dict[str, str]
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.users.me(options=RequestOptions(headers=headers))
    sent = announced.requests[-1].headers
    assert CHANGE in (sent.get("asana-enable", "") + sent.get("asana-disable", ""))


def test_a_raw_header_in_the_client_options_is_silent_too(
    announced: FakeAsana, client: Client
) -> None:
    client.options.headers = {"asana-enable": CHANGE}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client.users.me()


def test_a_raw_header_naming_another_change_still_warns(
    announced: FakeAsana, client: Client
) -> None:
    with pytest.warns(AsanaChangeWarning, match=CHANGE):
        client.users.me(options=RequestOptions(headers={"Asana-Enable": "some_other_change"}))
