"""Custom fields in FakeAsana, through the SDK: definitions, enum options, settings, values on
tasks (written, read, validated, searched).

Every test runs on a Client and an AsyncClient, in-process: nothing here depends on the wire.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import pytest
from typing_extensions import assert_type

from asana_typed import Client, InvalidRequestError, NotFoundError, RequestOptions
from asana_typed.models import CustomField, CustomFieldSetting, EnumOption, Task
from asana_typed.params import SearchTasksForWorkspaceParams
from asana_typed.testing import FakeAsana
from asana_typed.testing._engine._state import Ref
from asana_typed.testing._handlers._custom_field_records import add_custom_field_setting


@pytest.fixture
def client(inprocess_client: Client) -> Client:
    """A Client, then an AsyncClient, on the fake's in-process transport."""
    return inprocess_client


@dataclass
class Board:
    """A project carrying one custom field of each kind, and the option gids of the enums."""

    project: str
    text: str
    number: str
    enum: str
    multi: str
    date: str
    people: str
    high: str
    low: str
    red: str
    blue: str


@pytest.fixture
def board(fake: FakeAsana) -> Board:
    project = fake.add_project(name="Board")["gid"]
    fields: dict[str, dict[str, Any]] = {
        "text": fake.add_custom_field(name="Notes"),
        "number": fake.add_custom_field(name="Cost", resource_subtype="number", precision=2),
        "enum": fake.add_custom_field(
            name="Priority", resource_subtype="enum", enum_options=["High", "Low"]
        ),
        "multi": fake.add_custom_field(
            name="Colours", resource_subtype="multi_enum", enum_options=["Red", "Blue"]
        ),
        "date": fake.add_custom_field(name="Launch", resource_subtype="date"),
        "people": fake.add_custom_field(name="Reviewers", resource_subtype="people"),
    }
    for field in fields.values():
        fake.add_custom_field_setting(field, project=project)
    high, low = (o["gid"] for o in fields["enum"]["enum_options"])
    red, blue = (o["gid"] for o in fields["multi"]["enum_options"])
    gids = {key: str(field["gid"]) for key, field in fields.items()}
    return Board(project=project, high=high, low=low, red=red, blue=blue, **gids)


def _values(task: Task) -> dict[str, CustomField]:
    return {field.name or "": field for field in task.custom_fields}


# -- definitions ------------------------------------------------------------------------------


def test_a_custom_field_is_created_read_listed_updated_and_deleted(client: Client, ws: str) -> None:
    field = client.custom_fields.create_custom_field(
        {"name": "Estimate", "resource_subtype": "number", "workspace": ws, "precision": 1}
    )
    assert_type(field, CustomField)
    assert (field.name, field.resource_subtype, field.precision) == ("Estimate", "number", 1)
    assert client.custom_fields.get_custom_field(field.gid).name == "Estimate"
    listed = client.custom_fields.get_custom_fields_for_workspace(ws)
    assert [f.gid for f in listed] == [field.gid]
    updated = client.custom_fields.update_custom_field(
        field.gid, {"name": "Points", "description": "Story points", "workspace": ws}
    )
    assert (updated.name, updated.description) == ("Points", "Story points")
    client.custom_fields.delete_custom_field(field.gid)
    with pytest.raises(NotFoundError):
        client.custom_fields.get_custom_field(field.gid)


@pytest.mark.parametrize(
    "body",
    [
        {"name": "No kind"},
        {"name": "Odd kind", "resource_subtype": "colour"},
        {"name": "Options on text", "resource_subtype": "text", "enum_options": [{"name": "A"}]},
    ],
)
def test_a_bad_custom_field_definition_is_a_400(
    client: Client, ws: str, body: dict[str, Any]
) -> None:
    with pytest.raises(InvalidRequestError):
        client.custom_fields.create_custom_field(cast(Any, {**body, "workspace": ws}))


def test_a_fields_type_cannot_change(client: Client, board: Board) -> None:
    with pytest.raises(InvalidRequestError, match="cannot be changed"):
        client.custom_fields.update_custom_field(
            board.text,
            cast(Any, {}),
            options=RequestOptions(extra_params={"resource_subtype": "enum"}),
        )


# -- enum options -----------------------------------------------------------------------------


def _option_names(client: Client, field: str) -> list[str]:
    return [o.name or "" for o in client.custom_fields.get_custom_field(field).enum_options]


def test_enum_options_are_added_in_place_reordered_and_updated(
    client: Client, board: Board
) -> None:
    medium = client.custom_fields.create_enum_option_for_custom_field(
        board.enum, {"name": "Medium", "color": "orange", "insert_before": board.low}
    )
    assert_type(medium, EnumOption)
    assert (medium.name, medium.color, medium.enabled) == ("Medium", "orange", True)
    client.custom_fields.create_enum_option_for_custom_field(board.enum, {"name": "None"})
    assert _option_names(client, board.enum) == ["High", "Medium", "Low", "None"]
    client.custom_fields.insert_enum_option_for_custom_field(
        board.enum, {"enum_option": board.high, "after_enum_option": board.low}
    )
    assert _option_names(client, board.enum) == ["Medium", "Low", "High", "None"]
    renamed = client.custom_fields.update_enum_option(medium.gid, {"name": "Mid", "enabled": False})
    assert (renamed.name, renamed.enabled) == ("Mid", False)


def test_enum_options_belong_to_enum_fields(client: Client, board: Board) -> None:
    with pytest.raises(InvalidRequestError):
        client.custom_fields.create_enum_option_for_custom_field(board.text, {"name": "A"})
    with pytest.raises(InvalidRequestError):
        client.custom_fields.insert_enum_option_for_custom_field(
            board.enum, {"enum_option": board.red}
        )


# -- settings ---------------------------------------------------------------------------------


def test_a_projects_settings_are_added_in_place_and_removed(
    client: Client, fake: FakeAsana, ws: str
) -> None:
    project = fake.add_project(name="P")["gid"]
    first = fake.add_custom_field(name="First")["gid"]
    second = fake.add_custom_field(name="Second")["gid"]
    client.projects.add_custom_field_setting_for_project(project, {"custom_field": second})
    setting = client.projects.add_custom_field_setting_for_project(
        project, {"custom_field": first, "insert_before": second, "is_important": True}
    )
    assert_type(setting, CustomFieldSetting)
    assert setting.is_important is True
    settings = client.custom_field_settings.get_custom_field_settings_for_project(project)
    assert [s.custom_field.name for s in settings if s.custom_field] == ["First", "Second"]
    client.projects.remove_custom_field_setting_for_project(project, {"custom_field": first})
    settings = client.custom_field_settings.get_custom_field_settings_for_project(project)
    assert [s.custom_field.gid for s in settings if s.custom_field] == [second]
    with pytest.raises(InvalidRequestError, match="already"):
        client.projects.add_custom_field_setting_for_project(project, {"custom_field": second})


def test_settings_of_teams_portfolios_and_goals_are_served(
    client: Client, fake: FakeAsana, board: Board
) -> None:
    team = fake.add_team(name="Team")["gid"]
    assert client.custom_field_settings.get_custom_field_settings_for_team(team) == []
    for unknown in (
        client.custom_field_settings.get_custom_field_settings_for_portfolio,
        client.custom_field_settings.get_custom_field_settings_for_goal,
    ):
        with pytest.raises(NotFoundError):
            list(unknown("1299999999999999"))


@pytest.mark.parametrize("kind", ["portfolio", "goal"])
def test_settings_of_a_portfolio_or_goal_are_listed(
    client: Client, fake: FakeAsana, board: Board, ws: str, kind: str
) -> None:
    with fake._store.locked() as store:  # as the portfolio and goal endpoints store them
        container = store.insert(kind, {"name": kind, "workspace": Ref("workspace", ws)})
        add_custom_field_setting(store, container, store.get("custom_field", board.number), {})
    listing = {
        "portfolio": client.custom_field_settings.get_custom_field_settings_for_portfolio,
        "goal": client.custom_field_settings.get_custom_field_settings_for_goal,
    }[kind]
    settings = list(listing(container["gid"]))
    assert [
        (s.custom_field.gid, s.parent.gid) for s in settings if s.custom_field and s.parent
    ] == [(board.number, container["gid"])]


# -- values on tasks --------------------------------------------------------------------------


def test_values_of_every_kind_are_written_and_read_back(
    client: Client, fake: FakeAsana, board: Board
) -> None:
    values: dict[str, Any] = {
        board.text: "needs review",
        board.number: 12.5,
        board.enum: board.high,
        board.multi: [board.red, board.blue],
        board.date: {"date": "2031-04-01"},
        board.people: ["me"],
    }
    task = client.tasks.create_task(
        {"name": "Launch", "projects": [board.project], "custom_fields": values}
    )
    shown = _values(task)
    assert shown["Notes"].text_value == "needs review"
    assert (shown["Cost"].number_value, shown["Cost"].display_value) == (12.5, "12.50")
    assert shown["Priority"].enum_value is not None
    assert (shown["Priority"].enum_value.name, shown["Priority"].display_value) == ("High", "High")
    assert [o.name for o in shown["Colours"].multi_enum_values] == ["Red", "Blue"]
    assert shown["Colours"].display_value == "Red, Blue"
    assert shown["Launch"].date_value is not None
    assert shown["Launch"].date_value.date == "2031-04-01"
    assert shown["Reviewers"].display_value == fake.me["name"]
    assert client.tasks.get_task(task.gid).custom_fields == task.custom_fields


def test_values_are_changed_and_cleared_by_update(client: Client, board: Board) -> None:
    task = client.tasks.create_task({"name": "T", "projects": [board.project]})
    assert {f.name: f.display_value for f in task.custom_fields}["Priority"] is None
    task = client.tasks.update_task(task.gid, {"custom_fields": {board.enum: board.low}})
    assert _values(task)["Priority"].display_value == "Low"
    task = client.tasks.update_task(task.gid, {"custom_fields": {board.enum: None}})
    assert _values(task)["Priority"].enum_value is None


def test_a_value_change_leaves_an_event_and_a_story(
    client: Client, fake: FakeAsana, board: Board
) -> None:
    task = client.tasks.create_task({"name": "T", "projects": [board.project]})
    client.tasks.update_task(task.gid, {"custom_fields": {board.number: 3}})
    changed = [e for e in fake.events(task.gid) if e["action"] == "changed"]
    assert [e["change"]["field"] for e in changed] == ["custom_fields"]
    assert changed[0]["change"]["new_value"]["gid"] == board.number
    stories = list(client.stories.get_stories_for_task(task.gid))
    assert (stories[-1].resource_subtype, stories[-1].text) == (
        "number_custom_field_changed",
        "changed Cost to 3.00",
    )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", 5),
        ("number", "many"),
        ("enum", "1299999999999999"),
        ("enum", "red"),  # an option of another field, filled in below
        ("multi", "high"),
        ("date", "2031-04-01"),
        ("people", ["nobody@example.com"]),
    ],
)
def test_a_value_of_the_wrong_type_or_option_is_a_400(
    client: Client, board: Board, field: str, value: Any
) -> None:
    value = getattr(board, value) if value in ("red", "high") else value
    task = client.tasks.create_task({"name": "T", "projects": [board.project]})
    with pytest.raises(InvalidRequestError):
        client.tasks.update_task(task.gid, {"custom_fields": {getattr(board, field): value}})
    assert all(f.display_value is None for f in client.tasks.get_task(task.gid).custom_fields)


def test_a_disabled_option_cannot_be_chosen(client: Client, board: Board) -> None:
    client.custom_fields.update_enum_option(board.low, {"enabled": False})
    task = client.tasks.create_task({"name": "T", "projects": [board.project]})
    with pytest.raises(InvalidRequestError, match="disabled"):
        client.tasks.update_task(task.gid, {"custom_fields": {board.enum: board.low}})


def test_a_field_not_on_the_tasks_projects_is_a_400(
    client: Client, fake: FakeAsana, board: Board, ws: str
) -> None:
    loose = fake.add_custom_field(name="Loose")["gid"]
    with pytest.raises(InvalidRequestError, match="not on given object"):
        client.tasks.create_task({"name": "T", "workspace": ws, "custom_fields": {loose: "x"}})
    with pytest.raises(InvalidRequestError, match="Not a recognized ID"):
        client.tasks.create_task(
            {"name": "T", "projects": [board.project], "custom_fields": {"1299999999999999": "x"}}
        )


def test_a_value_outlives_its_setting_disabled_and_dies_with_its_field(
    client: Client, board: Board
) -> None:
    task = client.tasks.create_task(
        {"name": "T", "projects": [board.project], "custom_fields": {board.text: "kept"}}
    )
    client.projects.remove_custom_field_setting_for_project(
        board.project, {"custom_field": board.text}
    )
    notes = _values(client.tasks.get_task(task.gid))["Notes"]
    assert (notes.text_value, notes.enabled) == ("kept", False)
    client.custom_fields.delete_custom_field(board.text)
    assert "Notes" not in _values(client.tasks.get_task(task.gid))


def test_opt_fields_pick_parts_of_the_values(client: Client, board: Board) -> None:
    task = client.tasks.create_task(
        {"name": "T", "projects": [board.project], "custom_fields": {board.enum: board.high}}
    )
    raw = client.tasks.get_task(
        task.gid, {"opt_fields": ["custom_fields.display_value"]}, full_payload=True
    )
    assert {"gid": board.enum, "display_value": "High"} in raw["data"]["custom_fields"]


# -- search -----------------------------------------------------------------------------------


@pytest.fixture
def searchable(client: Client, board: Board) -> dict[str, str]:
    """Three tasks with different values, by name."""
    rows: dict[str, dict[str, Any]] = {
        "alpha": {board.text: "Alpha release", board.number: 5, board.enum: board.high},
        "beta": {board.text: "beta test", board.number: 50, board.date: {"date": "2031-01-10"}},
        "bare": {},
    }
    return {
        name: client.tasks.create_task(
            {"name": name, "projects": [board.project], "custom_fields": values}
        ).gid
        for name, values in rows.items()
    }


def _search(client: Client, ws: str, **params: str) -> set[str]:
    query = cast(SearchTasksForWorkspaceParams, params)
    return {task.name or "" for task in client.tasks.search_tasks_for_workspace(ws, query)}


@pytest.mark.parametrize(
    ("field", "operator", "value", "expected"),
    [
        ("text", "is_set", "true", {"alpha", "beta"}),
        ("text", "is_set", "false", {"bare"}),
        ("text", "value", "beta test", {"beta"}),
        ("text", "starts_with", "alpha", {"alpha"}),
        ("text", "ends_with", "TEST", {"beta"}),
        ("text", "contains", "e", {"alpha", "beta"}),
        ("number", "value", "50", {"beta"}),
        ("number", "less_than", "10", {"alpha"}),
        ("number", "greater_than", "10", {"beta"}),
        ("enum", "value", "high", {"alpha"}),
        ("date", "value", "2031-01-10", {"beta"}),
    ],
)
def test_search_filters_on_custom_field_values(
    client: Client,
    ws: str,
    board: Board,
    searchable: dict[str, str],
    field: str,
    operator: str,
    value: str,
    expected: set[str],
) -> None:
    value = board.high if value == "high" else value
    found = _search(client, ws, **{f"custom_fields.{getattr(board, field)}.{operator}": value})
    assert found == expected


@pytest.mark.parametrize(
    ("field", "operator"),
    [
        ("multi", "value"),
        ("number", "starts_with"),
        ("text", "less_than"),
        ("text", "near"),
        ("date", "before"),
    ],
)
def test_search_refuses_what_asana_does_not_support(
    client: Client, ws: str, board: Board, field: str, operator: str
) -> None:
    # the SDK refuses an operator it does not know before sending: extra_params sends it as is
    extra = {f"custom_fields.{getattr(board, field)}.{operator}": "1"}
    with pytest.raises(InvalidRequestError):
        list(
            client.tasks.search_tasks_for_workspace(ws, options=RequestOptions(extra_params=extra))
        )


def test_seeded_tasks_take_values_too(fake: FakeAsana, board: Board) -> None:
    task = fake.add_task(
        name="Seeded", projects=[board.project], custom_fields={board.enum: board.low}
    )
    shown = {field["name"]: field["display_value"] for field in task["custom_fields"]}
    assert shown["Priority"] == "Low"
    assert shown["Notes"] is None
