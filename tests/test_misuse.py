"""Mistakes refused before anything is sent, each with an error that names the fix.

Most are habits from python-asana (v0) and Asana's v5 client; the rest are typos. Every test
checks the message says what to write instead, and that the fake received nothing.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from asana_typed import (
    AsanaConnectionError,
    AsyncClient,
    Client,
    InvalidArgumentError,
    RequestOptions,
    ServerError,
)
from asana_typed.models import Task
from asana_typed.resources.tasks import AsyncTasks, Tasks
from asana_typed.testing import FakeAsana


def _refused(fake: FakeAsana, call: Callable[[], object], *fragments: str) -> str:
    """Run ``call``; it must raise InvalidArgumentError naming every fragment, sending nothing."""
    fake.clear_requests()
    with pytest.raises(InvalidArgumentError) as caught:
        call()
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message
    assert fake.requests == []
    return message


@pytest.mark.parametrize(
    ("keyword", "fix"),
    [
        ("opt_fields", "{'opt_fields': [...]}"),
        ("item_limit", "options=RequestOptions(item_limit=...)"),
        ("page_size", "options=RequestOptions(page_size=...)"),
        ("fields", "options=RequestOptions(fields=...)"),
        ("opt_expand", "options=RequestOptions(expand=...)"),
        ("limit", "RequestOptions(page_size=N)"),
        ("opts", "one params dict"),
        ("project", "put it in the params dict: {'project': ...}"),
    ],
)
def test_old_keyword_arguments_name_their_new_place(
    client: Client, fake: FakeAsana, keyword: str, fix: str
) -> None:
    """python-asana took options as keyword arguments (``opt_fields=``, ``item_limit=`` ...)."""
    kwargs: dict[str, Any] = {keyword: ["name"] if keyword.startswith("opt") else 10}
    _refused(fake, lambda: client.tasks.get_tasks(**kwargs), f"takes no {keyword}= argument", fix)


def test_a_mistyped_keyword_argument_names_the_likely_one(client: Client, fake: FakeAsana) -> None:
    _refused(
        fake,
        lambda: client.users.me(full_paylod=True),  # type: ignore[call-overload]
        "users.me() takes no full_paylod= argument: did you mean 'full_payload'?",
    )


def test_a_missing_gid_shows_the_signature(client: Client, fake: FakeAsana) -> None:
    _refused(
        fake,
        lambda: client.tasks.get_task(),  # type: ignore[call-overload]
        "missing 1 required positional argument: 'task_gid'",
        "its signature is get_task(task_gid, /, params=None, *, options=None, ",
    )


def test_params_before_the_gid_say_the_gids_come_first(client: Client, fake: FakeAsana) -> None:
    _refused(
        fake,
        lambda: client.tasks.get_task({"opt_fields": ["name"]}),  # type: ignore[call-overload]
        "task_gid must be a str, not dict (a call takes its gids first, then the params dict)",
    )


def test_iterator_type_on_a_single_object_call_says_it_returns_one_object(
    client: Client, fake: FakeAsana
) -> None:
    _refused(
        fake,
        lambda: client.tasks.get_task("1", iterator_type=None),  # type: ignore[call-overload]
        "returns one Task, not a collection",
    )


def test_index_assignment_on_options_shows_the_attribute_form(client: Client) -> None:
    with pytest.raises(InvalidArgumentError, match=r"client\.options\.page_size = 100"):
        client.options["page_size"] = 100  # type: ignore[index]
    with pytest.raises(InvalidArgumentError, match=r"options\.page_size"):
        client.options["page_size"]  # type: ignore[index]
    assert "page_size" not in client.options.explicitly_set


def test_a_body_wrapped_in_data_is_refused(client: Client, fake: FakeAsana, ws: str) -> None:
    """Asana's v5 client took ``{'data': {...}}``; here the params are the object itself."""
    _refused(
        fake,
        lambda: client.tasks.create_task({"data": {"name": "x", "workspace": ws}}),  # type: ignore[call-overload]
        "has no param 'data'",
        "create_task({'name': ...}), not create_task({'data': {'name': ...}})",
    )


@pytest.mark.parametrize("key", ["limit", "offset"])
def test_limit_and_offset_in_params_point_to_the_options(
    client: Client, fake: FakeAsana, ws: str, key: str
) -> None:
    """They are ambiguous (per page or in all?) and the iterator sends its own: refused."""
    params: Any = {"workspace": ws, "assignee": "me", key: "10"}
    _refused(
        fake,
        lambda: client.tasks.get_tasks(params, iterator_type=None),
        f"has no param {key!r}",
        "RequestOptions(page_size=N)",
        "RequestOptions(item_limit=N)",
        "RequestOptions(offset=...)",
    )


def test_v5_positional_body_and_opts_are_refused(client: Client, fake: FakeAsana, ws: str) -> None:
    body: Any = {"name": "x", "workspace": ws}
    _refused(
        fake,
        lambda: client.tasks.create_task(body, {"opt_fields": "name"}),  # type: ignore[call-overload]
        "takes one params dict, but got 2 positional arguments",
        "merge the two",
    )
    _refused(
        fake,
        lambda: client.tasks.update_task("1", body, {"opt_fields": "name"}),  # type: ignore[call-overload]
        "takes the gid task_gid and one params dict, but got 3",
    )


def test_a_mistyped_params_key_names_the_likely_one(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    params: Any = {"name": "x", "workspace": ws, "asignee": "me"}
    message = _refused(
        fake,
        lambda: client.tasks.create_task(params),
        "tasks.create_task() has no param 'asignee': did you mean 'assignee'?",
        "RequestOptions(extra_params={'asignee': ...})",
    )
    assert "It takes: approval_status, assignee," in message


def test_extra_params_send_keys_the_sdk_does_not_declare(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    """The documented route for a parameter newer than the SDK: sent where params go."""
    fake.clear_requests()
    options = RequestOptions(extra_params={"beta_flag": True})
    task = client.tasks.create_task({"name": "x", "workspace": ws}, options=options)
    assert isinstance(task, Task)
    assert fake.requests[-1].json["data"]["beta_flag"] is True
    list(client.tasks.get_tasks({"workspace": ws, "assignee": "me"}, options=options))
    assert fake.requests[-1].query["beta_flag"] == "true"


def test_search_custom_field_filters_are_accepted(client: Client, fake: FakeAsana, ws: str) -> None:
    """``custom_fields.<gid>.<filter>`` keys of the search operations are not declared one by
    one in the spec; they are sent as they are."""
    field = fake.add_custom_field(name="Estimate", workspace=ws)["gid"]
    fake.clear_requests()
    params: Any = {f"custom_fields.{field}.is_set": True}
    client.tasks.search_tasks_for_workspace(ws, params)
    assert fake.requests[-1].query[f"custom_fields.{field}.is_set"] == "true"
    with pytest.raises(
        InvalidArgumentError, match=rf"has no param 'custom_fields\.{field}\.is_sett'"
    ):
        typo: Any = {f"custom_fields.{field}.is_sett": True}
        client.tasks.search_tasks_for_workspace(ws, typo)


def test_an_async_http_client_given_to_client_is_refused_at_construction() -> None:
    http = httpx.AsyncClient()
    with pytest.raises(
        InvalidArgumentError,
        match=r"Client sends with an httpx.Client, but got httpx.AsyncClient as http_client: "
        r"make an asana_typed.AsyncClient with it",
    ):
        Client.access_token("token", http_client=http)  # type: ignore[arg-type]
    asyncio.run(http.aclose())


def test_a_sync_http_client_given_to_async_client_is_refused_at_construction() -> None:
    with (
        httpx.Client() as http,
        pytest.raises(
            InvalidArgumentError,
            match=r"AsyncClient sends with an httpx.AsyncClient, but got httpx.Client as "
            r"http_client: make an asana_typed.Client with it",
        ),
    ):
        AsyncClient.access_token("token", http_client=http)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match=r"pass an httpx\.Client"):
        Client.access_token("token", http_client="https://proxy")  # type: ignore[arg-type]


@pytest.mark.parametrize(("cls", "client_class"), [(Tasks, "Client"), (AsyncTasks, "AsyncClient")])
def test_a_method_called_on_the_resource_class_shows_the_client_form(
    cls: type[Any], client_class: str
) -> None:
    fix = f"client = {client_class}.access_token(token); client.tasks.get_task(...)"
    for args in [("123",), ("123", "456"), ()]:
        with pytest.raises(InvalidArgumentError, match="was called on the class") as caught:
            cls.get_task(*args)
        assert fix in str(caught.value)


@pytest.mark.parametrize("cls", [Client, AsyncClient])
def test_a_resource_read_on_the_client_class_shows_the_client_form(cls: type[Any]) -> None:
    name = cls.__name__
    with pytest.raises(InvalidArgumentError, match="was read on the class") as caught:
        cls.tasks.get_task("1")
    assert f"client = {name}.access_token(token); client.tasks.get_task(...)" in str(caught.value)
    assert isinstance(caught.value, AttributeError)  # hasattr() and introspection still work
    assert not hasattr(cls.tasks, "get_task")
    assert cls.tasks.__doc__ == "The Tasks operations: ``client.tasks.<operation>(...)``."


def test_iterating_a_page_yields_its_items(client: Client, fake: FakeAsana) -> None:
    fake.add_workspace(name="Second")
    page = client.workspaces.get_workspaces(iterator_type=None)
    items = list(page)
    assert items == page.data
    assert [w.name for w in items] == ["Test Workspace", "Second"]


def test_errors_raised_inside_a_method_are_not_rewritten(client: Client) -> None:
    """Only calls that do not fit the signature are explained; other errors pass through."""
    with pytest.raises(InvalidArgumentError, match="task_gid must be a gid"):
        client.tasks.get_task("..")


# --- retries: an unknown host is not retried, every retry is logged ---------------------


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """``socket.getaddrinfo`` that knows no ``*.invalid`` host (``EAI_NONAME``) and answers
    ``EAI_AGAIN`` (a temporary failure) for ``flaky.invalid``; the hosts asked for."""
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name.endswith(".invalid"):
            asked.append(name)
            if name == "flaky.invalid":
                raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield asked


def _call_me(mode: str, base_url: str, stock_httpx: bool) -> None:
    """``users.me()`` on a client of ``mode`` that makes its own connections to ``base_url``."""
    options = RequestOptions(base_url=base_url)
    if mode == "sync":
        http = httpx.Client() if stock_httpx else None
        with Client.access_token("t", options=options, http_client=http) as client:
            client.users.me()
        return

    async def run() -> None:
        http = httpx.AsyncClient() if stock_httpx else None
        async with AsyncClient.access_token("t", options=options, http_client=http) as client:
            await client.users.me()

    asyncio.run(run())


@pytest.mark.usefixtures("no_proxies")
@pytest.mark.parametrize("stock_httpx", [False, True], ids=["sdk-transport", "httpx-transport"])
def test_an_unknown_host_is_not_retried(
    mode: str, resolver: list[str], sleeps: list[float], stock_httpx: bool
) -> None:
    with pytest.raises(AsanaConnectionError) as caught:
        _call_me(mode, "https://app.asana.invalid/api/1.0", stock_httpx)
    assert sleeps == []
    assert resolver == ["app.asana.invalid"]
    assert "no host is named 'app.asana.invalid': check the base_url option" in str(caught.value)


@pytest.mark.usefixtures("no_proxies")
def test_a_temporary_resolver_failure_is_retried_and_each_retry_logged(
    mode: str, resolver: list[str], sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="asana_typed")
    with pytest.raises(AsanaConnectionError):
        _call_me(mode, "https://flaky.invalid/api/1.0", stock_httpx=False)
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert len(resolver) == 6
    records = [r for r in caplog.records if r.name == "asana_typed"]
    assert [r.__dict__["attempt"] for r in records] == [2, 3, 4, 5, 6]
    assert [r.__dict__["wait"] for r in records] == sleeps
    assert "ConnectError" in records[0].__dict__["cause"]


def test_every_retry_is_logged_with_attempt_wait_and_cause(
    client: Client, fake: FakeAsana, sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="asana_typed")
    fake.fail_next(503, times=2)
    fake.fail_next(429, retry_after=3)
    client.users.me()
    records = [r for r in caplog.records if r.name == "asana_typed"]
    assert all(r.getMessage().startswith("retrying GET ") for r in records)
    assert all(r.getMessage().split(" ")[2].endswith("/api/1.0/users/me") for r in records)
    assert [(r.__dict__["attempt"], r.__dict__["wait"], r.__dict__["cause"]) for r in records] == [
        (2, 1.0, "status 503"),
        (3, 2.0, "status 503"),
        (4, 3.0, "status 429"),
    ]
    assert "(attempt 2 of 6) in 1.0 s after status 503" in records[0].getMessage()
    assert fake.access_token not in caplog.text


def test_a_call_that_is_not_retried_logs_nothing(
    client: Client, fake: FakeAsana, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="asana_typed")
    fake.fail_next(500)
    with pytest.raises(ServerError):
        client.users.me(options=RequestOptions(max_retries=0))
    assert [r for r in caplog.records if r.name == "asana_typed"] == []
