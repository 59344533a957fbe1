"""RequestOptions: three layers resolved at call time, validated, sent where Asana wants them."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from asana_typed import AsyncClient, Client, InvalidArgumentError, RequestOptions
from asana_typed._options import merge_options
from asana_typed.testing import FakeAsana


def test_client_created_before_defaults_change_sees_the_change(
    fake: FakeAsana, client: Client
) -> None:
    Client.DEFAULTS.fields = ["name", "email"]
    client.users.me()
    assert fake.requests[-1].query["opt_fields"] == "name,email"


def test_defaults_assigned_on_either_class_are_the_one_layer_both_share(
    fake: FakeAsana, client: Client
) -> None:
    for cls in (Client, AsyncClient):
        cls.DEFAULTS = RequestOptions(fields=[cls.__name__])
        assert Client.DEFAULTS is AsyncClient.DEFAULTS
        client.users.me()
        assert fake.requests[-1].query["opt_fields"] == cls.__name__


def test_reset_defaults_starts_both_clients_over(fake: FakeAsana, client: Client) -> None:
    Client.DEFAULTS.fields = ["name"]
    AsyncClient.DEFAULTS.page_size = 7
    AsyncClient.reset_defaults()
    assert not Client.DEFAULTS.explicitly_set
    client.users.me()
    assert "opt_fields" not in fake.requests[-1].query


def test_defaults_that_are_not_request_options_are_refused() -> None:
    with pytest.raises(InvalidArgumentError, match=r"Client.DEFAULTS must be a RequestOptions"):
        Client.DEFAULTS = {"page_size": 100}  # type: ignore[assignment]
    assert isinstance(Client.DEFAULTS, RequestOptions)


def test_client_options_override_defaults_and_call_options_override_both(
    fake: FakeAsana, client: Client
) -> None:
    Client.DEFAULTS.fields = ["name"]
    client.options.fields = ["email"]
    client.users.me()
    assert fake.requests[-1].query["opt_fields"] == "email"
    client.users.me(options=RequestOptions(fields=["photo"]))
    assert fake.requests[-1].query["opt_fields"] == "photo"


def test_only_explicitly_set_options_override(fake: FakeAsana, client: Client) -> None:
    Client.DEFAULTS.fields = ["name"]
    client.options.page_size = 7  # sets page_size only; fields still come from DEFAULTS
    client.users.me(options=RequestOptions(max_retries=1))
    assert fake.requests[-1].query["opt_fields"] == "name"


def test_none_set_explicitly_is_a_value(fake: FakeAsana, client: Client) -> None:
    Client.DEFAULTS.fields = ["name"]
    client.users.me(options=RequestOptions(fields=None))
    assert "opt_fields" not in fake.requests[-1].query


def test_headers_merge_key_by_key_across_layers(fake: FakeAsana, client: Client) -> None:
    Client.DEFAULTS.headers = {"X-A": "defaults", "X-B": "defaults"}
    client.options.headers["X-B"] = "client"
    client.users.me(options=RequestOptions(headers={"X-C": "call"}))
    headers = fake.requests[-1].headers
    assert (headers["x-a"], headers["x-b"], headers["x-c"]) == ("defaults", "client", "call")


def _assign_fields_twice(client: Client) -> None:
    client.options.fields = ["email"]
    client.users.me()
    client.options.fields = ["photo"]


_CHANGES: dict[str, tuple[Callable[[Client], object], str, str]] = {
    # what changes between two calls made without options=, and what the second one shows
    "client assignment": (
        lambda c: setattr(c.options, "fields", ["email"]),
        "opt_fields",
        "email",
    ),
    "client assignment, again": (_assign_fields_twice, "opt_fields", "photo"),
    "client headers in place": (
        lambda c: c.options.headers.update({"X-Later": "1"}),
        "header:x-later",
        "1",
    ),
    "client extra_params in place": (
        lambda c: c.options.extra_params.update({"opt_later": "yes"}),
        "opt_later",
        "yes",
    ),
    "client layer replaced": (
        lambda c: setattr(
            c, "options", RequestOptions(base_url=c.options.base_url, fields=["gid"])
        ),
        "opt_fields",
        "gid",
    ),
    "defaults assignment": (
        lambda c: setattr(Client.DEFAULTS, "fields", ["email"]),
        "opt_fields",
        "email",
    ),
    "defaults asana_enable in place": (
        lambda c: Client.DEFAULTS.asana_enable.append("new_user_task_lists"),
        "header:asana-enable",
        "new_user_task_lists",
    ),
    "defaults replaced": (
        lambda c: setattr(Client, "DEFAULTS", RequestOptions(fields=["name"])),
        "opt_fields",
        "name",
    ),
}


@pytest.mark.parametrize("change", list(_CHANGES))
def test_a_change_to_any_layer_between_calls_reaches_the_next_call(
    fake: FakeAsana, client: Client, change: str
) -> None:
    """The options merged for calls without ``options=`` are kept between calls (merging costs
    as much as building the request), and never outlive a change of a layer."""
    make_change, where, expected = _CHANGES[change]
    client.users.me()
    client.users.me()
    make_change(client)
    for _ in range(2):  # the second time after another change: what was kept is not brought back
        client.users.me()
        request = fake.requests[-1]
        if where.startswith("header:"):
            assert request.headers.get(where.removeprefix("header:")) == expected
        else:
            assert request.query.get(where) == expected
        client.options.max_retries = 1


def test_asana_enable_and_disable_headers(fake: FakeAsana, client: Client) -> None:
    options = RequestOptions(asana_enable=["new_goal_memberships"], asana_disable=["a", "b"])
    client.users.me(options=options)
    headers = fake.requests[-1].headers
    assert headers["asana-enable"] == "new_goal_memberships"
    assert headers["asana-disable"] == "a,b"


def test_assignment_is_validated() -> None:
    options = RequestOptions()
    with pytest.raises(InvalidArgumentError):
        options.page_size = "x"  # type: ignore[assignment]
    with pytest.raises(InvalidArgumentError):
        options.page_size = 101
    with pytest.raises(InvalidArgumentError):
        options.pag_size = 10  # type: ignore[attr-defined]
    with pytest.raises(InvalidArgumentError):
        RequestOptions(pag_size=10)  # type: ignore[call-arg]


def test_options_must_be_request_options(client: Client) -> None:
    from asana_typed import InvalidArgumentError

    with pytest.raises(InvalidArgumentError):
        client.users.me(options={"page_size": 1})  # type: ignore[call-overload]


def test_timeout_option_reaches_the_transport(fake: FakeAsana) -> None:
    seen: list[dict[str, float | None]] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json={"data": {"gid": "1"}})

    with Client.access_token(
        "t", http_client=httpx.Client(transport=httpx.MockTransport(record))
    ) as client:
        client.users.me(options=RequestOptions(timeout=2.5))
        client.users.me()
    assert seen[0]["read"] == 2.5
    assert seen[1]["read"] == 30.0


def test_get_sends_fields_expand_pretty_as_opt_params(fake: FakeAsana, client: Client) -> None:
    options = RequestOptions(fields=["name", "assignee.name"], expand=["assignee"], pretty=True)
    list(client.tasks.get_tasks({"project": fake.add_project(name="p")["gid"]}, options=options))
    query = fake.requests[-1].query
    assert query["opt_fields"] == "name,assignee.name"
    assert query["opt_expand"] == "assignee"
    assert query["opt_pretty"] == "true"


def test_post_sends_options_beside_data(fake: FakeAsana, client: Client) -> None:
    options = RequestOptions(fields=["name", "notes"], pretty=False)
    client.tasks.create_task({"name": "t", "workspace": fake.workspace["gid"]}, options=options)
    sent = fake.requests[-1]
    assert sent.json == {
        "data": {"name": "t", "workspace": fake.workspace["gid"]},
        "options": {"fields": ["name", "notes"], "pretty": False},
    }
    assert "opt_fields" not in sent.query


def test_boolean_params_are_sent_as_true_false(fake: FakeAsana, client: Client) -> None:
    client.tasks.search_tasks_for_workspace(
        fake.workspace["gid"], {"completed": False, "is_subtask": True}
    )
    query = fake.requests[-1].query
    assert (query["completed"], query["is_subtask"]) == ("false", "true")


def test_merge_options_unit_three_layers() -> None:
    defaults = RequestOptions(page_size=10, headers={"a": "1"})
    client = RequestOptions(item_limit=None, headers={"b": "2"})
    call = RequestOptions(page_size=20)
    resolved = merge_options(defaults, client, call)
    assert resolved.page_size == 20
    assert resolved.item_limit is None
    assert resolved.headers == {"a": "1", "b": "2"}
    assert resolved.max_retries == 5


def test_calls_of_one_endpoint_in_turn_send_each_its_own_params_and_flags(
    client: Client, fake: FakeAsana
) -> None:
    """A call without params reuses what the last such call of its endpoint worked out (same
    options, same flags); calls with params, other flags or other options in between never
    leak into it, nor it into them."""
    project = fake.add_project(name="p")
    first = fake.add_task(name="one", projects=[project["gid"]])
    second = fake.add_task(name="two", projects=[project["gid"]])
    gids = [str(first["gid"]), str(second["gid"])]
    seen: list[tuple[str, dict[str, str]]] = []

    def sent() -> None:
        request = fake.requests[-1]
        seen.append((request.path, request.query))

    assert client.tasks.get_task(gids[0]).name == "one"
    sent()
    assert client.tasks.get_task(gids[1], {"opt_fields": ["name"]}).name == "two"
    sent()
    raw = client.tasks.get_task(gids[0], full_payload=True)
    assert raw["data"]["name"] == "one"
    sent()
    assert client.tasks.get_task(gids[1]).name == "two"
    sent()
    answer = client.tasks.get_task(gids[0], raw_response=True)
    assert answer.value.name == "one"
    sent()
    fields = RequestOptions(fields=["gid"])
    assert client.tasks.get_task(gids[1], options=fields).name is None
    sent()
    assert client.tasks.get_task(gids[0]).name == "one"
    sent()
    page = client.tasks.get_tasks_for_project(project["gid"], iterator_type=None)
    assert sorted(t.gid for t in page.data) == sorted(gids)
    sent()
    assert sorted(t.gid for t in client.tasks.get_tasks_for_project(project["gid"])) == sorted(gids)
    sent()
    task, other = f"/tasks/{gids[0]}", f"/tasks/{gids[1]}"
    listed = f"/projects/{project['gid']}/tasks"
    assert seen == [
        (task, {}),
        (other, {"opt_fields": "name"}),
        (task, {}),
        (other, {}),
        (task, {}),
        (other, {"opt_fields": "gid"}),
        (task, {}),
        (listed, {"limit": "50"}),
        (listed, {"limit": "50"}),
    ]
