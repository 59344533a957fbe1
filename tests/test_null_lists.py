"""List fields the API sends as ``null``: read as an empty list, dumped as ``null`` again.

A list field is always a ``list`` in Python (its annotation says so, and code can iterate it
without a ``None`` check); ``model_dump(mode="json", exclude_unset=True)`` gives back the JSON
that came in, ``null`` included.
"""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import httpx
import pytest
from typing_extensions import assert_type

import asana_typed.models as models
from asana_typed import Client
from asana_typed.models import AsanaModel, CustomType, CustomTypeStatusOption, Task
from asana_typed.models._base import NullList


def _null_list_fields() -> list[tuple[type[AsanaModel], str]]:
    """Every ``ListOf`` field of every model whose required fields are all ``str``."""
    found = []
    for name in models.__all__:
        model = getattr(models, name)
        if not (isinstance(model, type) and issubclass(model, AsanaModel)):
            continue
        model.model_rebuild()  # resolves forward references such as "ListOf[User]"
        fields = model.model_fields
        if any(field.is_required() and field.annotation is not str for field in fields.values()):
            continue
        for field_name, field in fields.items():
            if any(type(m).__name__ == "_NullAsEmptyList" for m in field.metadata):
                found.append((model, field_name))
    return found


NULL_LIST_FIELDS = _null_list_fields()


def test_a_null_list_reads_as_an_empty_list() -> None:
    custom_type = CustomType.model_validate_json(b'{"gid": "1", "status_options": null}')
    assert_type(custom_type.status_options, list[CustomTypeStatusOption])
    assert custom_type.status_options == []
    assert isinstance(custom_type.status_options, list)
    assert "status_options" in custom_type.model_fields_set


def test_a_null_list_dumps_as_null() -> None:
    data = {"gid": "1", "status_options": None}
    custom_type = CustomType.model_validate_json(json.dumps(data))
    assert custom_type.model_dump(mode="json", exclude_unset=True) == data
    assert custom_type.model_dump(exclude_unset=True) == data
    assert json.loads(custom_type.model_dump_json(exclude_unset=True)) == data
    assert custom_type.model_dump()["status_options"] is None


def test_a_sparse_model_round_trips_null_empty_and_full_lists() -> None:
    data: dict[str, Any] = {
        "gid": "1",
        "followers": None,
        "tags": [],
        "dependencies": [{"gid": "2"}],
        "memberships": None,
    }
    task = Task.model_validate_json(json.dumps(data))
    assert (task.followers, task.tags, task.memberships) == ([], [], [])
    assert task.model_dump(mode="json", exclude_unset=True) == data
    again = Task.model_validate(task.model_dump(exclude_unset=True))
    assert again.model_dump(mode="json", exclude_unset=True) == data


def test_a_list_that_was_not_sent_stays_out_of_the_dump_and_is_an_empty_list() -> None:
    task = Task.model_validate_json(b'{"gid": "1"}')
    assert task.followers == [] and type(task.followers) is list
    assert task.model_dump(mode="json", exclude_unset=True) == {"gid": "1"}
    assert task.model_dump(mode="json")["followers"] == []


def test_items_added_to_a_null_list_are_dumped() -> None:
    custom_type = CustomType.model_validate_json(b'{"gid": "1", "status_options": null}')
    custom_type.status_options.append(CustomTypeStatusOption(gid="9", name="Done"))
    dumped = custom_type.model_dump(mode="json", exclude_unset=True)
    assert dumped["status_options"] == [{"gid": "9", "name": "Done"}]


def test_a_null_list_set_in_python_is_null_too() -> None:
    assert CustomType(gid="1", status_options=None).model_dump(exclude_unset=True) == {  # type: ignore[arg-type]
        "gid": "1",
        "status_options": None,
    }


def test_a_null_list_survives_copy_and_pickle() -> None:
    task = Task.model_validate_json(b'{"gid": "1", "followers": null}')
    clones = (copy.deepcopy(task), task.model_copy(deep=True), pickle.loads(pickle.dumps(task)))
    for clone in clones:
        assert clone.followers == []
        assert clone.model_dump(exclude_unset=True) == {"gid": "1", "followers": None}


def test_a_null_list_is_recognisable() -> None:
    task = Task.model_validate_json(b'{"gid": "1", "followers": null, "tags": []}')
    assert isinstance(task.followers, NullList)
    assert not isinstance(task.tags, NullList)


def test_an_answer_with_a_null_list_round_trips_through_a_client() -> None:
    body = {"data": {"gid": "7", "name": "Bug", "status_options": None}}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=body)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    with Client.access_token("t", http_client=http) as client:
        custom_type = client.custom_types.get_custom_type("7")
    assert custom_type.status_options == []
    assert custom_type.model_dump(mode="json", exclude_unset=True) == body["data"]


def test_every_list_field_that_may_be_null_is_found() -> None:
    names = {f"{model.__name__}.{field}" for model, field in NULL_LIST_FIELDS}
    expected = {"Task.followers", "User.workspaces", "CustomField.people_value", "EventsPage.data"}
    assert expected <= names
    assert len(names) > 40


@pytest.mark.parametrize(
    ("model", "field"),
    NULL_LIST_FIELDS,
    ids=[f"{model.__name__}.{field}" for model, field in NULL_LIST_FIELDS],
)
def test_every_list_field_round_trips_null(model: type[AsanaModel], field: str) -> None:
    alias = model.model_fields[field].alias or field
    data: dict[str, Any] = {
        info.alias or name: "1" for name, info in model.model_fields.items() if info.is_required()
    }
    data[alias] = None
    parsed = model.model_validate_json(json.dumps(data))
    assert getattr(parsed, field) == []
    assert parsed.model_dump(mode="json", exclude_unset=True) == data
    assert parsed.model_dump(mode="json", by_alias=True)[alias] is None
