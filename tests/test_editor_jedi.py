"""What jedi (Jupyter, IPython and several editors) shows while a user types.

Each test asks jedi, as an editor does, about a line of user code: the signatures offered at
``client.tasks.get_task(``, the type inferred for ``x = client.tasks.get_task("1")``, the
completions after ``client.tasks.get_``, the help shown for a method. Every call shape is
covered on both clients: one object, a plain list, a paginated collection, required params,
zero, one and two path parameters, uploads and the event calls.

jedi matches neither a params dict to its TypedDict nor an explicit ``Literal``/``None``
argument to an overload, so with several overloads it would offer their union for any call
that passes params. The generated methods therefore let jedi read the implementation (the
overloads are spelt ``@typing.overload``, which type checkers read and jedi does not), which
is annotated with the default form's type: every call infers exactly that form, with or
without params, and the signature shows ``full_payload: bool`` and ``iterator_type``. pyright
sees every form (``test_editor_pyright.py``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import pytest

jedi = pytest.importorskip("jedi")

ROOT = Path(__file__).resolve().parents[1]
HEAD = (
    "from asana_typed import AsyncClient, Client, RequestOptions\n"
    "client = Client.access_token('t')\n"
    "aclient = AsyncClient.access_token('t')\n"
)


@cache
def _project() -> tuple[object, object]:
    """The repository as a jedi project, inferred in a subprocess of this Python.

    (jedi's in-process environment sees pytest's import machinery and then fails to apply
    ``classmethod``; an editor runs jedi in a process of its own too.)
    """
    return jedi.Project(ROOT), jedi.create_environment(sys.executable, safe=False)


def _script(code: str) -> tuple[object, int, int]:
    """A jedi script of ``HEAD + code``, and the position at the end of ``code``."""
    project, environment = _project()
    source = HEAD + code
    lines = source.split("\n")
    script = jedi.Script(
        source, path=str(ROOT / "_typed_by_a_user.py"), project=project, environment=environment
    )
    return script, len(lines), len(lines[-1])


def signatures(code: str) -> list[str]:
    script, line, column = _script(code)
    return [s.to_string() for s in script.get_signatures(line, column)]  # type: ignore[attr-defined]


def inferred(code: str) -> set[str]:
    """Full names of what jedi infers for the last name in ``code``."""
    script, line, column = _script(code)
    return {d.full_name for d in script.infer(line, column - 1)}  # type: ignore[attr-defined]


def completions(code: str) -> list[str]:
    script, line, column = _script(code)
    return [c.name for c in script.complete(line, column)]  # type: ignore[attr-defined]


def help_text(code: str) -> str:
    script, line, column = _script(code)
    return "\n".join(d.docstring() for d in script.help(line, column - 1))  # type: ignore[attr-defined]


MODELS = "asana_typed.models._generated."
TASK, USER, ATTACHMENT = MODELS + "Task", MODELS + "User", MODELS + "Attachment"
EVENT, EVENTS_PAGE = MODELS + "Event", "asana_typed.models._pages.EventsPage"
ITEMS, ASYNC_ITEMS = (
    "asana_typed._pagination.ItemIterator",
    "asana_typed._pagination.AsyncItemIterator",
)


# ----------------------------------------------------------------------------- signatures

OPTIONS = "options: RequestOptions | None=None"
ITEM = f"{OPTIONS}, full_payload: bool=False, raw_response: bool=False"
PAGE = (
    f'{OPTIONS}, iterator_type: Literal["items"] | None="items", full_payload: bool=False, '
    "raw_response: bool=False"
)
SYNC_SIGNATURES = {
    # call (without its parentheses): the signature jedi offers (the implementation's: jedi
    # cannot pick between overloads, see the module docstring of the resources' generator)
    "client.tasks.get_task": (
        f"get_task(task_gid: str, /, params: GetTaskParams | None=None, *, {ITEM}) "
        "-> Union[Task, Any]"
    ),
    "client.tasks.get_task_for_custom_id": (
        "get_task_for_custom_id(workspace_gid: str, custom_id: str, /, "
        f"params: GetTaskForCustomIDParams | None=None, *, {ITEM}) -> Union[Task, Any]"
    ),
    "client.tasks.get_tasks": (
        f"get_tasks(params: GetTasksParams | None=None, *, {PAGE}) "
        "-> Union[ItemIterator[Task], Any]"
    ),
    "client.tasks.create_task": (
        f"create_task(params: CreateTaskParams, *, {ITEM}) -> Union[Task, Any]"
    ),
    "client.users.get_users_for_workspace": (
        "get_users_for_workspace(workspace_gid: str, /, "
        f"params: GetUsersForWorkspaceParams | None=None, *, {ITEM}) -> Union[list[User], Any]"
    ),
    "client.attachments.create_attachment_for_object": (
        f"create_attachment_for_object(params: CreateAttachmentForObjectParams, *, {ITEM}) "
        "-> Union[Attachment, Any]"
    ),
    "client.attachments.create_on_task": (
        "create_on_task(task_gid: str, file_content: FileContent, file_name: str, "
        f"file_content_type: str | None=None, /, *, {OPTIONS}) -> Attachment"
    ),
    "client.events.get_events": (
        f"get_events(params: GetEventsParams, *, {ITEM}) -> Union[EventsPage, Any]"
    ),
    "client.events.get_next": (
        f"get_next(params: GetEventsParams, *, {OPTIONS}) -> tuple[list[Event], str]"
    ),
    "client.events.get_iterator": (
        f"get_iterator(params: GetEventsParams, *, {OPTIONS}) -> ItemIterator[Event]"
    ),
    "client.tasks.search_all_tasks_for_workspace": (
        "search_all_tasks_for_workspace(workspace_gid: str, /, "
        f"params: SearchTasksForWorkspaceParams | None=None, *, {OPTIONS}) -> ItemIterator[Task]"
    ),
    "client.users.me": (f"me(params: GetUserParams | None=None, *, {ITEM}) -> Union[User, Any]"),
    "client.tasks.create_in_workspace": (
        f"create_in_workspace(workspace_gid: str, /, params: CreateTaskParams, *, {ITEM}) "
        "-> Union[Task, Any]"
    ),
}


def _awaited(signature: str) -> str:
    """The AsyncClient signature of a Client one: the value awaited, iterators async."""
    arguments, returns = signature.rsplit(" -> ", 1)
    value = returns.removeprefix("Union[").removesuffix(", Any]")
    awaited = f"Async{value}" if value.startswith("ItemIterator[") else f"Coroutine[{value}]"
    return f"{arguments} -> " + (f"Union[{awaited}, Any]" if value != returns else awaited)


@pytest.mark.parametrize("call", list(SYNC_SIGNATURES))
def test_sync_signature_names_the_path_params_and_concrete_types(call: str) -> None:
    assert signatures(call + "(") == [SYNC_SIGNATURES[call]]


@pytest.mark.parametrize("call", list(SYNC_SIGNATURES))
def test_async_signature_is_the_same_call_awaited(call: str) -> None:
    assert signatures("a" + call + "(") == [_awaited(SYNC_SIGNATURES[call])]


def test_the_signature_shown_while_typing_arguments_stays_the_same() -> None:
    expected = [SYNC_SIGNATURES["client.tasks.get_tasks"]]
    assert signatures("client.tasks.get_tasks({'project': '1'}, ") == expected
    assert signatures("client.tasks.get_tasks({'project': '1'}, iterator_type=") == expected


# ----------------------------------------------------------------------------- inferred types

SYNC_RESULTS = {
    "client.tasks.get_task('1')": {TASK},
    "client.tasks.get_task('1', {'opt_fields': ['name']})": {TASK},
    "client.tasks.get_tasks({'project': '1'})": {ITEMS},
    "client.tasks.get_tasks_for_project('1', {'completed_since': 'now'})": {ITEMS},
    "client.tasks.search_tasks_for_workspace('1', {'text': 'x'})": {"builtins.list"},
    "client.tasks.get_task_for_custom_id('1', 'PROJ-1')": {TASK},
    "client.tasks.get_tasks()": {ITEMS},
    "client.tasks.create_task({'name': 'x'})": {TASK},
    "client.users.get_users_for_workspace('1')": {"builtins.list"},
    "client.users.me()": {USER},
    "client.attachments.create_on_task('1', b'x', 'x.txt')": {ATTACHMENT},
    "client.events.get_events({'resource': '1'})": {EVENTS_PAGE},
    "client.events.get_iterator({'resource': '1'})": {ITEMS},
    "client.tasks.find_by_id('1')": {TASK},
}


@pytest.mark.parametrize("call", list(SYNC_RESULTS))
def test_sync_call_infers_its_value(call: str) -> None:
    assert inferred(f"x = {call}\nx") == SYNC_RESULTS[call]


@pytest.mark.parametrize("call", list(SYNC_RESULTS))
def test_async_call_infers_its_value_once_awaited(call: str) -> None:
    expected = SYNC_RESULTS[call]
    if expected == {ITEMS}:
        assert inferred(f"x = a{call}\nx") == {ASYNC_ITEMS}
    else:
        code = f"async def f():\n    x = await a{call}\n    x"
        assert inferred(code) == expected


def test_items_of_collections_are_models_on_both_clients() -> None:
    assert inferred("for t in client.tasks.get_tasks({'project': '1'}):\n    t") == {TASK}
    assert inferred("x = client.tasks.search_tasks_for_workspace('1', {})[0]\nx") == {TASK}
    assert inferred("async def f():\n    async for t in aclient.tasks.get_tasks():\n        t") == {
        TASK
    }
    assert inferred("for e in client.events.get_iterator({'resource': '1'}):\n    e") == {EVENT}


def test_explicit_forms_infer_the_default_form_never_a_coroutine_on_client() -> None:
    """jedi cannot tell the forms apart (see the module docstring): it shows the default."""
    assert inferred("x = client.tasks.get_task('1', full_payload=True)\nx") == {TASK}
    assert inferred("x = client.tasks.get_tasks(iterator_type=None)\nx") == {ITEMS}


def test_a_task_attribute_completes_and_infers() -> None:
    assert "assignee" in completions("client.tasks.get_task('1').assig")
    assert inferred("x = client.tasks.get_task('1').assignee\nx") == {USER, "builtins.NoneType"}


# ----------------------------------------------------------------------------- completions


def test_client_completes_every_resource() -> None:
    names = completions("client.")
    assert {"tasks", "projects", "users", "workspaces", "goals", "webhooks"} <= set(names)


def test_resource_completes_its_methods_and_nothing_of_a_descriptor() -> None:
    names = completions("client.tasks.")
    assert {"get_task", "get_tasks", "create_task", "find_by_id", "find_all"} <= set(names)
    assert not {"attrname", "func", "lock", "__get__"} & set(names)
    assert set(completions("aclient.tasks.")) == set(names)


def test_session_of_an_oauth_client_infers_its_session() -> None:
    assert inferred("x = client.session\nx") == {"asana_typed._oauth.OAuthSession"}
    assert inferred("x = aclient.session\nx") == {"asana_typed._oauth.AsyncOAuthSession"}


# ----------------------------------------------------------------------------- help


def test_help_shows_the_title_request_params_and_reference() -> None:
    text = help_text("client.tasks.get_task")
    assert "Get a task." in text
    assert "``GET /tasks/{task_gid}``. Returns the ``Task``." in text
    assert "task_gid: Gid of the task (path)." in text
    assert "Params:\n    ``opt_fields``: query, field paths (``TaskOptField``)." in text
    assert "https://developers.asana.com/reference/gettask" in text


def test_help_of_a_collection_says_how_it_pages() -> None:
    sync = help_text("client.tasks.get_tasks")
    assert "Returns an ``ItemIterator[Task]``" in sync
    assert "with ``iterator_type=None``, one ``Page[Task]``" in sync
    asynchronous = help_text("aclient.tasks.get_tasks")
    assert "Returns an ``AsyncItemIterator[Task]``" in asynchronous
    assert "awaits one ``Page[Task]``" in asynchronous


def test_help_of_a_legacy_name_says_which_call_it_is() -> None:
    text = help_text("client.tasks.find_by_id")
    assert "python-asana's name for ``get_task``" in text
    assert "``GET /tasks/{task_gid}``" in text


def test_help_of_required_body_params_says_where_each_goes() -> None:
    text = help_text("client.tasks.add_followers_for_task")
    assert "params: ``AddFollowersForTaskParams`` (required), with the keys below." in text
    assert "    ``followers``: body, list of str, required." in text
    assert "    ``opt_fields``: query, field paths (``TaskOptField``)." in text


def test_help_of_an_upload_says_the_form() -> None:
    text = help_text("client.attachments.create_attachment_for_object")
    assert "    ``file``: form, file: bytes, binary file or path." in text
    assert "    ``parent``: form, str, required." in text


def test_batch_actions_complete_and_infer_on_both_clients() -> None:
    assert {"get_task", "get_tasks", "update_task"} <= set(completions("client.actions.tasks."))
    assert "create_attachment_for_object" not in completions("client.actions.attachments.")
    assert inferred("x = client.actions.tasks.get_task('1')\nx") == {
        "asana_typed._batch.BatchAction"
    }
    assert signatures("aclient.actions.tasks.get_task(") == [
        "get_task(task_gid: str, /, params: GetTaskParams | None=None, *, "
        "options: RequestOptions | None=None) -> BatchAction[Task]"
    ]
