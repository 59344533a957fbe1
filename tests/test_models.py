"""The models read Asana's JSON without loss and give type checkers precise field types."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from typing import Any

import pytest
from pydantic import BaseModel
from typing_extensions import assert_type

from asana_typed import models
from asana_typed.models import (
    AsanaModel,
    AsanaResource,
    CustomField,
    Project,
    Section,
    Task,
    TaskMembership,
    User,
    UserPhoto,
    Workspace,
)

UTC = datetime.timezone.utc

TASK_JSON: dict[str, Any] = {
    "gid": "1204",
    "resource_type": "task",
    "name": "Buy catnip",
    "resource_subtype": "default_task",
    "approval_status": "pending",
    "assignee": {"gid": "12", "resource_type": "user", "name": "Greg Sanchez"},
    "assignee_status": "upcoming",
    "completed": False,
    "completed_at": None,
    "created_at": "2012-02-22T02:06:58.147Z",
    "due_at": "2019-09-15T02:06:58.147Z",
    "due_on": "2019-09-15",
    "start_on": None,
    "followers": [{"gid": "12", "resource_type": "user", "name": "Greg Sanchez"}],
    "memberships": [
        {
            "project": {"gid": "1331", "resource_type": "project", "name": "Stuff to buy"},
            "section": {"gid": "1332", "resource_type": "section", "name": "Next Actions"},
        }
    ],
    "custom_fields": [
        {
            "gid": "1245",
            "resource_type": "custom_field",
            "name": "Estimated hours",
            "type": "number",
            "number_value": 5.2,
            "enum_options": [],
            "display_value": "5.2",
        }
    ],
    "parent": {"gid": "1100", "resource_type": "task", "name": "Errands"},
    "workspace": {"gid": "1337", "resource_type": "workspace", "name": "My Company Workspace"},
    "hearts": [{"gid": "9", "user": {"gid": "12", "name": "Greg Sanchez"}}],
    "external": {"gid": "my_gid", "data": "A blob of information"},
    "permalink_url": "https://app.asana.com/0/resource/1204/list",
    "some_new_field": {"added": "later"},
}

USER_JSON: dict[str, Any] = {
    "gid": "12",
    "resource_type": "user",
    "name": "Greg Sanchez",
    "email": "gsanchez@example.com",
    "photo": {
        "image_21x21": "https://example.com/21.png",
        "image_128x128": "https://example.com/128.png",
    },
    "workspaces": [
        {"gid": "1337", "resource_type": "workspace", "name": "My Company Workspace"},
    ],
}

PROJECT_JSON: dict[str, Any] = {
    "gid": "1331",
    "resource_type": "project",
    "name": "Stuff to buy",
    "archived": False,
    "color": "light-green",
    "created_at": "2012-02-22T02:06:58.147Z",
    "current_status": None,
    "due_on": "2019-09-15",
    "members": [{"gid": "12", "resource_type": "user", "name": "Greg Sanchez"}],
    "owner": {"gid": "12", "resource_type": "user", "name": "Greg Sanchez"},
    "team": {"gid": "15", "resource_type": "team", "name": "Marketing"},
    "workspace": {"gid": "1337", "resource_type": "workspace", "name": "My Company Workspace"},
    "default_view": "calendar",
    "privacy_setting": "public_to_workspace",
}

WORKSPACE_JSON: dict[str, Any] = {
    "gid": "1337",
    "resource_type": "workspace",
    "name": "My Company Workspace",
    "email_domains": ["asana.com"],
    "is_organization": False,
}


def read_task(data: dict[str, Any] = TASK_JSON) -> Task:
    return Task.model_validate_json(json.dumps(data).encode())


@pytest.mark.parametrize(
    ("model", "data"),
    [(Task, TASK_JSON), (User, USER_JSON), (Project, PROJECT_JSON), (Workspace, WORKSPACE_JSON)],
)
def test_dump_of_the_set_fields_is_the_json_that_came_in(
    model: type[AsanaModel], data: dict[str, Any]
) -> None:
    parsed = model.model_validate_json(json.dumps(data).encode())
    assert parsed.model_dump(mode="json", exclude_unset=True) == data


def test_unknown_fields_are_kept_in_model_extra() -> None:
    task = read_task()
    assert task.model_extra == {"some_new_field": {"added": "later"}}


def test_unknown_fields_of_nested_objects_are_kept() -> None:
    data = {"gid": "1", "assignee": {"gid": "2", "vacation": "yes"}}
    task = read_task(data)
    assert task.assignee is not None
    assert task.assignee.model_extra == {"vacation": "yes"}


def test_null_and_unset_fields_are_distinguishable() -> None:
    task = read_task({"gid": "1", "assignee": None})
    assert task.assignee is None and task.notes is None
    assert "assignee" in task.model_fields_set
    assert "notes" not in task.model_fields_set


def test_list_fields_default_to_an_empty_list() -> None:
    task = read_task({"gid": "1"})
    assert task.followers == [] and task.tags == [] and task.custom_fields == []
    assert "followers" not in task.model_fields_set


def test_list_fields_read_json_null_as_an_empty_list() -> None:
    task = read_task({"gid": "1", "followers": None, "tags": None})
    assert task.followers == [] and task.tags == []


def test_list_fields_still_reject_other_values() -> None:
    with pytest.raises(ValueError):
        read_task({"gid": "1", "followers": "not a list"})


def test_gid_is_required_on_resources() -> None:
    with pytest.raises(ValueError):
        Task.model_validate({"name": "no gid"})


def test_datetimes_and_dates_are_parsed() -> None:
    task = read_task()
    assert task.created_at == datetime.datetime(2012, 2, 22, 2, 6, 58, 147000, tzinfo=UTC)
    assert task.due_on == datetime.date(2019, 9, 15)


def test_datetimes_set_in_python_dump_in_asana_form() -> None:
    task = Task(gid="1", due_at=datetime.datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    assert task.model_dump(mode="json", exclude_unset=True)["due_at"] == "2024-05-01T12:00:00.000Z"
    offset = datetime.timezone(datetime.timedelta(hours=2))
    task.due_at = datetime.datetime(2024, 5, 1, 14, 0, 0, 250000, tzinfo=offset)
    assert task.model_dump(mode="json")["due_at"] == "2024-05-01T12:00:00.250Z"


def test_python_mode_dump_keeps_datetime_objects() -> None:
    assert isinstance(read_task().model_dump()["created_at"], datetime.datetime)


def test_unknown_enum_values_are_accepted() -> None:
    task = read_task({"gid": "1", "resource_subtype": "a_subtype_from_the_future"})
    assert task.resource_subtype == "a_subtype_from_the_future"


def test_nested_objects_are_full_models() -> None:
    task = read_task()
    assert type(task.assignee) is User
    assert type(task.parent) is Task
    assert type(task.workspace) is Workspace
    assert type(task.custom_fields[0]) is CustomField
    membership = task.memberships[0]
    assert type(membership) is TaskMembership
    assert type(membership.project) is Project and type(membership.section) is Section
    user = User.model_validate_json(json.dumps(USER_JSON).encode())
    assert type(user.photo) is UserPhoto
    assert user.workspaces[0].name == "My Company Workspace"


def test_compact_record_and_full_record_are_the_same_class() -> None:
    compact = Task.model_validate({"gid": "1", "name": "x", "resource_type": "task"})
    assert type(compact) is type(read_task())
    assert compact.model_fields_set == {"gid", "name", "resource_type"}


def test_circular_references_validate() -> None:
    task = read_task({"gid": "1", "parent": {"gid": "2", "parent": {"gid": "3", "parent": None}}})
    assert task.parent is not None and task.parent.parent is not None
    assert task.parent.parent.gid == "3" and task.parent.parent.parent is None


def test_every_model_builds_its_schema() -> None:
    classes = [getattr(models, name) for name in models.__all__]
    for cls in classes:
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            assert cls.model_rebuild(force=True) is not False, cls.__name__


def test_resources_share_the_asana_resource_base() -> None:
    assert issubclass(Task, AsanaResource) and issubclass(User, AsanaResource)
    assert not issubclass(TaskMembership, AsanaResource)


def test_importing_the_models_defers_schema_building() -> None:
    code = "import asana_typed.models as m; print(m.Task.__pydantic_complete__)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_field_types_seen_by_type_checkers() -> None:
    task = read_task()
    user = User.model_validate_json(json.dumps(USER_JSON).encode())
    assert_type(user.gid, str)
    assert_type(user.name, str | None)
    assert_type(user.workspaces, list[Workspace])
    assert_type(user.photo, UserPhoto | None)
    assert_type(task.assignee, User | None)
    assert_type(task.parent, Task | None)
    assert_type(task.followers, list[User])
    assert_type(task.memberships, list[TaskMembership])
    assert_type(task.completed, bool | None)
    assert_type(task.num_likes, int | None)
    assert_type(task.actual_time_minutes, float | None)
    assert_type(task.due_on, datetime.date | None)
    assert_type(task.created_at, datetime.datetime | None)
    assert_type(task.model_extra, dict[str, Any] | None)


# -- sparse instances: only what the API sent is stored, every declared field still reads ------

COMPACT_TASK: dict[str, Any] = {
    "gid": "1205",
    "resource_type": "task",
    "name": "Follow up",
    "resource_subtype": "default_task",
    "created_by": {"gid": "12", "resource_type": "user"},
    "x_unknown": {"a": [1, 2]},
}


def test_a_large_model_stores_only_the_fields_sent() -> None:
    task = Task.model_validate(COMPACT_TASK)
    assert set(task.__dict__) == set(COMPACT_TASK) - {"x_unknown"}
    assert task.model_extra == {"x_unknown": {"a": [1, 2]}}
    assert task.model_fields_set == set(COMPACT_TASK)  # as pydantic: extra names count as set
    assert task.notes is None
    assert task.completed_at is None


def test_an_unsent_list_field_is_one_list_that_keeps_changes() -> None:
    task = Task.model_validate(COMPACT_TASK)
    other = Task.model_validate(COMPACT_TASK)
    task.followers.append(User(gid="7"))
    assert [f.gid for f in task.followers] == ["7"]
    assert other.followers == []  # not shared between instances
    assert "followers" not in task.model_fields_set
    # reading a default does not make it "sent": the set-fields dump is still the input
    assert task.model_dump(mode="json", exclude_unset=True) == COMPACT_TASK


def test_dumps_of_a_sparse_instance_equal_those_of_a_filled_one() -> None:
    sparse = Task.model_validate(COMPACT_TASK)
    filled = Task.model_construct(_fields_set=set(COMPACT_TASK), **COMPACT_TASK)
    filled.created_by = AsanaResource.model_validate(COMPACT_TASK["created_by"])
    assert len(filled.__dict__) > len(sparse.__dict__)
    for kwargs in (
        {},
        {"mode": "json"},
        {"exclude_unset": True},
        {"exclude_none": True},
        {"exclude_defaults": True},
        {"include": {"gid", "notes", "followers"}},
        {"exclude": {"name", "tags"}},
        {"mode": "json", "exclude": {"created_by": {"resource_type"}}},
    ):
        assert sparse.model_dump(**kwargs) == filled.model_dump(**kwargs), kwargs
    full = sparse.model_dump()
    assert list(full)[: len(Task.model_fields)] == list(Task.model_fields)
    assert full["followers"] == [] and full["notes"] is None and full["x_unknown"] == {"a": [1, 2]}
    assert json.loads(sparse.model_dump_json()) == sparse.model_dump(mode="json")


def test_dumping_a_full_record_warns_nothing(recwarn: pytest.WarningsRecorder) -> None:
    task = Task.model_validate(TASK_JSON)
    task.model_dump()
    task.model_dump(mode="json", exclude_unset=True)
    task.model_dump_json()
    assert not recwarn.list


def test_equality_and_iteration_see_every_declared_field() -> None:
    a = Task.model_validate({"gid": "1"})
    b = Task.model_validate({"gid": "1", "notes": None, "followers": []})
    assert a == b
    assert a.followers == [] and a == b  # a default read stays equal
    assert a != Task.model_validate({"gid": "1", "notes": "x"})
    assert a != Task.model_validate({"gid": "2"})
    assert a != User(gid="1")
    as_dict = dict(Task.model_validate(COMPACT_TASK))
    assert list(as_dict)[: len(Task.model_fields)] == list(Task.model_fields)
    assert as_dict["x_unknown"] == {"a": [1, 2]}


def test_sparse_instances_copy_pickle_and_assign() -> None:
    import copy
    import pickle

    task = Task.model_validate(COMPACT_TASK)
    assert pickle.loads(pickle.dumps(task)) == task
    assert copy.deepcopy(task) == task
    updated = task.model_copy(update={"notes": "n"})
    assert updated.notes == "n" and task.notes is None
    task.notes = "set later"
    assert "notes" in task.model_fields_set
    assert task.model_dump(exclude_unset=True)["notes"] == "set later"
    with pytest.raises(AttributeError):
        task.not_a_field  # type: ignore[attr-defined]  # noqa: B018


def test_the_json_schema_still_shows_defaults() -> None:
    schema = AsanaResource.model_json_schema()
    assert schema["required"] == ["gid"]
    task = Task.model_json_schema()["$defs"]["Task"]
    assert task["required"] == ["gid"]
    assert task["properties"]["followers"]["default"] == []
    assert task["properties"]["notes"]["default"] is None


def test_small_models_are_filled_as_usual() -> None:
    user = User.model_validate({"gid": "1"})
    assert set(user.__dict__) == set(User.model_fields)
    reference = AsanaResource.model_validate({"gid": "1"})
    assert set(reference.__dict__) == {"gid", "resource_type"}
