"""FakeAsana's announced API changes: the ``Asana-Change`` header of its answers."""

from __future__ import annotations

import httpx

from asana_typed.testing import FakeAsana


def test_no_change_is_announced_by_default(api: httpx.Client) -> None:
    assert "asana-change" not in api.get("/users/me").headers


def test_an_announced_change_is_on_every_successful_answer(
    api: httpx.Client, fake: FakeAsana
) -> None:
    fake.announce_change("new_user_task_lists", "https://asa.na/api-utl")
    expected = "name=new_user_task_lists;info=https://asa.na/api-utl;affected=true"
    assert api.get("/users/me").headers["asana-change"] == expected
    enabled = api.get("/users/me", headers={"Asana-Enable": "new_user_task_lists"})
    assert enabled.headers["asana-change"] == expected  # the client decides what to make of it
    assert "asana-change" not in api.get("/tasks/404").headers  # errors carry none


def test_a_change_announced_for_some_paths_is_only_on_theirs(
    api: httpx.Client, fake: FakeAsana
) -> None:
    fake.announce_change("a", "https://asa.na/a")
    fake.announce_change("b", "https://asa.na/b", path="/workspaces*")
    a, b = (
        "name=a;info=https://asa.na/a;affected=true",
        "name=b;info=https://asa.na/b;affected=true",
    )
    assert api.get("/users/me").headers["asana-change"] == a
    assert api.get("/workspaces").headers.get_list("asana-change", split_commas=True) == [a, b]
