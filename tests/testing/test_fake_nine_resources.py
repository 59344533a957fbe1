"""FakeAsana's stories, tags, teams, sections, attachments and events, over plain httpx."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from asana_typed.testing import FakeAsana

from ._coverage import unrouted_operations
from ._http import AUTH, Operation, assert_spec_answer, data, each_operation, fill

ROUTED_TAGS = frozenset(
    {"Users", "Workspaces", "Projects", "Tasks", "Attachments", "Events"}
    | {"Stories", "Tags", "Teams", "Sections"}
)
LARGE_UPLOAD_BYTES = 50 * 1024 * 1024
LARGE_UPLOAD_SECONDS = 10.0


@pytest.fixture
def world(fake: FakeAsana) -> dict[str, str]:
    project = fake.add_project(name="Launch")
    task = fake.add_task(name="Write docs", projects=[project])
    alice = fake.add_user(name="Alice")
    return {
        "ws": fake.workspace["gid"],
        "me": fake.me["gid"],
        "user": alice["gid"],
        "project": project["gid"],
        "task": task["gid"],
        "other": fake.add_task(name="Other", projects=[project])["gid"],
        "tag": fake.add_tag(name="urgent")["gid"],
        "team": fake.add_team(name="Core")["gid"],
        "section": fake.add_section(name="Doing", project=project)["gid"],
        "story": fake.add_story(task, text="First!")["gid"],
        "attachment": fake.add_attachment(task, name="a.txt", content=b"abc")["gid"],
    }


def post(client: httpx.Client, path: str, **fields: Any) -> Any:
    return data(client.post(path, json={"data": fields}))


def upload(
    client: httpx.Client, parent: str, name: str, content: bytes, kind: str = "text/plain"
) -> httpx.Response:
    return client.post(
        "/attachments", data={"parent": parent}, files={"file": (name, content, kind)}
    )


def subtypes(client: httpx.Client, task: str) -> list[str]:
    return [s["resource_subtype"] for s in data(client.get(f"/tasks/{task}/stories"))]


def bootstrap(client: httpx.Client, resource: str) -> str:
    response = client.get("/events", params={"resource": resource})
    assert response.status_code == 412
    token: str = response.json()["sync"]
    return token


# -- every route answers ----------------------------------------------------------------------


def test_every_operation_of_the_nine_resources_has_a_route() -> None:
    assert unrouted_operations(ROUTED_TAGS) == []


OPERATIONS: list[Operation] = [
    # Stories
    ("GET", "/tasks/{task}/stories", {"limit": "1"}, 200),
    ("POST", "/tasks/{task}/stories", {"text": "Nice"}, 201),
    ("POST", "/tasks/{task}/stories", {}, 400),
    ("GET", "/stories/{story}", None, 200),
    ("PUT", "/stories/{story}", {"text": "Edited"}, 200),
    ("DELETE", "/stories/{story}", None, 200),
    ("GET", "/goals/1/stories", None, 404),
    ("POST", "/goals/1/stories", {"text": "x"}, 404),
    # Tags
    ("GET", "/tags", {"workspace": "{ws}"}, 200),
    ("GET", "/tags", None, 400),
    ("POST", "/tags", {"name": "New", "workspace": "{ws}", "color": "dark-red"}, 201),
    ("POST", "/tags", {"name": "New", "workspace": "{ws}", "color": "plaid"}, 400),
    ("GET", "/tags/{tag}", None, 200),
    ("PUT", "/tags/{tag}", {"name": "Renamed", "notes": "n"}, 200),
    ("DELETE", "/tags/{tag}", None, 200),
    ("GET", "/tasks/{task}/tags", None, 200),
    ("GET", "/workspaces/{ws}/tags", None, 200),
    ("POST", "/workspaces/{ws}/tags", {"name": "New"}, 201),
    # Teams
    ("POST", "/teams", {"name": "New", "organization": "{ws}", "visibility": "public"}, 201),
    ("POST", "/teams", {"name": "New"}, 400),
    ("GET", "/teams/{team}", None, 200),
    ("PUT", "/teams/{team}", {"description": "We ship"}, 200),
    ("GET", "/workspaces/{ws}/teams", None, 200),
    ("GET", "/users/{me}/teams", {"organization": "{ws}"}, 200),
    ("GET", "/users/{me}/teams", None, 400),
    ("POST", "/teams/{team}/addUser", {"user": "{user}"}, 200),
    ("POST", "/teams/{team}/removeUser", {"user": "{me}"}, 200),
    ("GET", "/teams/{team}/users", None, 200),
    # Sections
    ("GET", "/projects/{project}/sections", None, 200),
    ("POST", "/projects/{project}/sections", {"name": "New"}, 201),
    ("POST", "/projects/{project}/sections", {}, 400),
    ("GET", "/sections/{section}", None, 200),
    ("PUT", "/sections/{section}", {"name": "Renamed"}, 200),
    ("DELETE", "/sections/{section}", None, 200),
    ("POST", "/sections/{section}/addTask", {"task": "{task}"}, 200),
    ("POST", "/projects/{project}/sections/insert", {"section": "{section}"}, 400),
    ("GET", "/sections/{section}/tasks", None, 200),
    # Attachments (uploads are tested below)
    ("GET", "/attachments", {"parent": "{task}"}, 200),
    ("GET", "/attachments", None, 400),
    ("GET", "/attachments/{attachment}", None, 200),
    ("DELETE", "/attachments/{attachment}", None, 200),
    ("POST", "/attachments", {"parent": "{task}"}, 400),
    # Events
    ("GET", "/events", {"resource": "{task}"}, 412),
    ("GET", "/events", None, 400),
    ("GET", "/events", {"resource": "999"}, 404),
    # Custom field settings read by project tooling
    ("GET", "/projects/{project}/custom_field_settings", None, 200),
]


@each_operation(OPERATIONS)
def test_each_new_operation_answers_with_the_spec_status_and_envelope(
    local: httpx.Client, world: dict[str, str], operation: Operation
) -> None:
    method, template, payload, status = operation
    assert_spec_answer(local, method, template.format(**world), fill(payload, world), status)


def test_lists_are_compact_and_single_records_full(
    local: httpx.Client, world: dict[str, str]
) -> None:
    assert data(local.get(f"/tasks/{world['task']}/tags")) == []
    tags = data(local.get("/tags", params={"workspace": world["ws"]}))
    assert tags == [{"gid": world["tag"], "resource_type": "tag", "name": "urgent"}]
    tag = data(local.get(f"/tags/{world['tag']}"))
    assert set(tag) == {
        "gid",
        "resource_type",
        "name",
        "color",
        "notes",
        "created_at",
        "followers",
        "workspace",
        "permalink_url",
    }
    story = data(local.get(f"/tasks/{world['task']}/stories"))[0]
    assert set(story) == {
        "gid",
        "resource_type",
        "created_at",
        "created_by",
        "resource_subtype",
    } | {"text"}


def test_opt_fields_choose_the_fields_and_gid_is_always_there(
    local: httpx.Client, world: dict[str, str]
) -> None:
    stories = data(
        local.get(f"/tasks/{world['task']}/stories", params={"opt_fields": "type,created_by.name"})
    )
    assert stories == [
        {
            "gid": world["story"],
            "type": "comment",
            "created_by": {"gid": world["me"], "name": "Test User"},
        }
    ]
    section = data(
        local.get(f"/sections/{world['section']}", params={"opt_fields": "project.name"})
    )
    assert section == {
        "gid": world["section"],
        "project": {"gid": world["project"], "name": "Launch"},
    }


# -- stories ------------------------------------------------------------------------------------


def test_task_changes_through_the_api_leave_system_stories(
    local: httpx.Client, fake: FakeAsana, world: dict[str, str]
) -> None:
    task = post(local, "/tasks", name="Plan", workspace=world["ws"])["gid"]
    other_project = post(local, "/projects", name="Other", workspace=world["ws"])["gid"]
    local.put(f"/tasks/{task}", json={"data": {"name": "Plan v2"}})
    local.put(f"/tasks/{task}", json={"data": {"completed": True, "assignee": world["user"]}})
    post(local, f"/tasks/{task}/addProject", project=other_project)
    post(local, f"/tasks/{task}/removeProject", project=other_project)
    post(local, f"/tasks/{task}/addTag", tag=world["tag"])
    post(local, f"/tasks/{task}/addFollowers", followers=[fake.add_user(name="Bob")["gid"]])
    post(local, f"/tasks/{task}/addDependencies", dependencies=[world["other"]])
    assert upload(local, task, "plan.txt", b"x").status_code == 200
    assert subtypes(local, task) == [
        "created",
        "name_changed",
        "marked_complete",
        "assigned",
        "added_to_project",
        "removed_from_project",
        "added_to_tag",
        "follower_added",
        "dependency_added",
        "attachment_added",
    ]
    stories = data(local.get(f"/tasks/{task}/stories", params={"opt_fields": "type,created_by"}))
    assert {s["type"] for s in stories} == {"system"}
    assert {s["created_by"]["gid"] for s in stories} == {world["me"]}


def test_a_system_story_links_what_changed(local: httpx.Client, world: dict[str, str]) -> None:
    local.put(f"/tasks/{world['task']}", json={"data": {"name": "Docs", "assignee": world["user"]}})
    stories = data(local.get(f"/tasks/{world['task']}/stories"))
    renamed = data(local.get(f"/stories/{stories[1]['gid']}"))
    assert (renamed["resource_subtype"], renamed["old_name"], renamed["new_name"]) == (
        "name_changed",
        "Write docs",
        "Docs",
    )
    assert renamed["target"]["gid"] == world["task"]
    assigned = data(local.get(f"/stories/{stories[2]['gid']}"))
    assert assigned["assignee"]["gid"] == world["user"]
    assert "html_text" not in assigned


def test_comments_are_created_edited_and_deleted(
    local: httpx.Client, world: dict[str, str]
) -> None:
    response = local.post(
        f"/tasks/{world['task']}/stories", json={"data": {"html_text": "<body><b>Hi</b></body>"}}
    )
    assert response.status_code == 201
    comment = response.json()["data"]
    assert (comment["type"], comment["resource_subtype"], comment["text"]) == (
        "comment",
        "comment_added",
        "Hi",
    )
    assert comment["created_by"]["gid"] == world["me"]
    edited = data(local.put(f"/stories/{comment['gid']}", json={"data": {"text": "Hello"}}))
    assert (edited["text"], edited["is_edited"]) == ("Hello", True)
    assert data(local.get(f"/stories/{comment['gid']}", params={"opt_fields": "html_text"})) == {
        "gid": comment["gid"],
        "html_text": "<body>Hello</body>",
    }
    assert local.delete(f"/stories/{comment['gid']}").status_code == 200
    assert local.get(f"/stories/{comment['gid']}").status_code == 404


def test_system_stories_cannot_be_edited_or_deleted(
    local: httpx.Client, world: dict[str, str]
) -> None:
    post(local, f"/tasks/{world['task']}/addTag", tag=world["tag"])
    system = data(local.get(f"/tasks/{world['task']}/stories"))[-1]
    assert local.put(f"/stories/{system['gid']}", json={"data": {"text": "x"}}).status_code == 403
    assert local.delete(f"/stories/{system['gid']}").status_code == 403


def test_a_comment_takes_a_sticker_of_the_spec_and_refuses_others(
    local: httpx.Client, world: dict[str, str]
) -> None:
    comment = post(local, f"/tasks/{world['task']}/stories", text="Done", sticker_name="trophy")
    assert comment["sticker_name"] == "trophy"
    refused = local.post(
        f"/tasks/{world['task']}/stories", json={"data": {"text": "x", "sticker_name": "cake"}}
    )
    assert refused.status_code == 400
    assert "sticker_name" in refused.json()["errors"][0]["message"]


def test_stories_are_paginated(local: httpx.Client, world: dict[str, str]) -> None:
    for index in range(3):
        post(local, f"/tasks/{world['task']}/stories", text=f"c{index}")
    first = local.get(f"/tasks/{world['task']}/stories", params={"limit": 3}).json()
    second = local.get(
        f"/tasks/{world['task']}/stories",
        params={"limit": 3, "offset": first["next_page"]["offset"]},
    ).json()
    assert [s["text"] for s in first["data"] + second["data"]] == ["First!", "c0", "c1", "c2"]
    assert second["next_page"] is None


# -- tags, teams, sections ----------------------------------------------------------------------


def test_tags_and_tasks_agree_both_ways(local: httpx.Client, world: dict[str, str]) -> None:
    tag = post(local, f"/workspaces/{world['ws']}/tags", name="blocked", followers=[world["user"]])
    assert [f["gid"] for f in tag["followers"]] == [world["user"]]
    post(local, f"/tasks/{world['task']}/addTag", tag=tag["gid"])
    assert [t["gid"] for t in data(local.get(f"/tags/{tag['gid']}/tasks"))] == [world["task"]]
    assert [t["name"] for t in data(local.get(f"/tasks/{world['task']}/tags"))] == ["blocked"]
    post(local, f"/tasks/{world['task']}/removeTag", tag=tag["gid"])
    assert data(local.get(f"/tags/{tag['gid']}/tasks")) == []
    post(local, f"/tasks/{world['task']}/addTag", tag=tag["gid"])
    assert local.delete(f"/tags/{tag['gid']}").status_code == 200
    assert data(local.get(f"/tasks/{world['task']}/tags")) == []


def test_team_members_come_and_go(local: httpx.Client, world: dict[str, str]) -> None:
    team = post(local, "/teams", name="Design", organization=world["ws"])
    assert team["organization"]["gid"] == world["ws"]
    membership = post(local, f"/teams/{team['gid']}/addUser", user=world["user"])
    assert membership["resource_type"] == "team_membership"
    assert (membership["user"]["gid"], membership["team"]["gid"]) == (world["user"], team["gid"])
    users = data(local.get(f"/teams/{team['gid']}/users"))
    assert [u["gid"] for u in users] == [world["me"], world["user"]]
    teams = data(local.get(f"/users/{world['user']}/teams", params={"organization": world["ws"]}))
    assert [t["gid"] for t in teams] == [team["gid"]]
    post(local, f"/teams/{team['gid']}/removeUser", user=world["user"])
    assert [u["gid"] for u in data(local.get(f"/teams/{team['gid']}/users"))] == [world["me"]]
    names = [t["name"] for t in data(local.get(f"/workspaces/{world['ws']}/teams"))]
    assert names == ["Core", "Design"]


def test_sections_keep_their_order_and_their_tasks(
    local: httpx.Client, world: dict[str, str]
) -> None:
    project, doing = world["project"], world["section"]
    todo = post(local, f"/projects/{project}/sections", name="To do", insert_before=doing)["gid"]
    done = post(local, f"/projects/{project}/sections", name="Done")["gid"]
    names = [s["name"] for s in data(local.get(f"/projects/{project}/sections"))]
    assert names == ["To do", "Doing", "Done"]
    post(local, f"/projects/{project}/sections/insert", section=done, before_section=todo)
    names = [s["name"] for s in data(local.get(f"/projects/{project}/sections"))]
    assert names == ["Done", "To do", "Doing"]
    post(local, f"/sections/{doing}/addTask", task=world["task"])
    post(local, f"/sections/{doing}/addTask", task=world["other"], insert_before=world["task"])
    in_doing = [t["gid"] for t in data(local.get(f"/sections/{doing}/tasks"))]
    assert in_doing == [world["other"], world["task"]]
    post(local, f"/sections/{todo}/addTask", task=world["task"])
    task = data(local.get(f"/tasks/{world['task']}", params={"opt_fields": "memberships.section"}))
    assert task["memberships"] == [
        {"section": {"gid": todo, "resource_type": "section", "name": "To do"}}
    ]
    assert subtypes(local, world["task"])[-2:] == ["section_changed", "section_changed"]
    assert local.delete(f"/sections/{doing}").status_code == 400
    assert local.delete(f"/sections/{done}").status_code == 200


# -- attachments ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["report.pdf", "Übersicht 日本語 (v2).txt"])
def test_upload_round_trip_keeps_bytes_and_name(
    api: httpx.Client, fake: FakeAsana, world: dict[str, str], name: str
) -> None:
    content = bytes(range(256)) * 40 + b"\r\n--not-a-boundary\r\n"
    response = upload(api, world["task"], name, content, "application/pdf")
    assert response.status_code == 200, response.text
    attachment = response.json()["data"]
    assert (attachment["name"], attachment["size"], attachment["host"]) == (
        name,
        len(content),
        "asana",
    )
    assert attachment["resource_subtype"] == "asana"
    assert attachment["parent"]["gid"] == world["task"]
    assert fake.attachment_bytes(attachment["gid"]) == content
    download = api.get(attachment["download_url"], headers={"Authorization": ""})
    assert download.content == content
    assert download.headers["content-type"] == "application/pdf"
    assert subtypes(api, world["task"])[-1] == "attachment_added"


def test_upload_accepts_an_rfc5987_file_name(local: httpx.Client, world: dict[str, str]) -> None:
    body = (
        b'--B\r\nContent-Disposition: form-data; name="parent"\r\n\r\n'
        + world["task"].encode()
        + b'\r\n--B\r\nContent-Disposition: form-data; name="file"; filename="fallback.txt"; '
        b"filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt\r\n"
        b"Content-Type: text/plain\r\n\r\nhi\r\n--B--\r\n"
    )
    headers = {"Content-Type": "multipart/form-data; boundary=B"}
    attachment = data(local.post("/attachments", content=body, headers=headers))
    assert (attachment["name"], attachment["size"]) == ("日本.txt", 2)


def test_external_attachments_link_to_their_url(local: httpx.Client, world: dict[str, str]) -> None:
    form = {
        "parent": world["task"],
        "resource_subtype": "external",
        "url": "https://example.com/spec",
        "name": "Spec",
    }
    attachment = data(local.post("/attachments", data=form, files={"unused": ("", b"")}))
    assert (attachment["resource_subtype"], attachment["view_url"]) == (
        "external",
        "https://example.com/spec",
    )
    listed = data(local.get("/attachments", params={"parent": world["task"], "limit": 1}))
    assert len(listed) == 1
    assert set(listed[0]) == {"gid", "resource_type", "name", "resource_subtype"}
    assert local.delete(f"/attachments/{attachment['gid']}").status_code == 200
    assert local.get(f"/attachments/{attachment['gid']}").status_code == 404


def test_upload_50mb_over_loopback_is_fast(fake: FakeAsana, world: dict[str, str]) -> None:
    """LARGE UPLOAD: 50 MB through the loopback server in under LARGE_UPLOAD_SECONDS."""
    content = bytes(range(256)) * (LARGE_UPLOAD_BYTES // 256)
    started = time.perf_counter()
    with fake.serve() as base_url, httpx.Client(base_url=base_url, headers=AUTH) as client:
        response = upload(client, world["task"], "big.bin", content, "application/octet-stream")
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    assert response.json()["data"]["size"] == LARGE_UPLOAD_BYTES
    assert fake.attachment_bytes(response.json()["data"]["gid"]) == content
    assert elapsed < LARGE_UPLOAD_SECONDS


# -- events -----------------------------------------------------------------------------------


def test_events_without_a_token_answer_412_with_a_fresh_one(
    local: httpx.Client, world: dict[str, str]
) -> None:
    response = local.get("/events", params={"resource": world["project"]})
    assert response.status_code == 412
    body = response.json()
    assert body["errors"][0]["message"].startswith("Sync token invalid or too old.")
    page = local.get("/events", params={"resource": world["project"], "sync": body["sync"]})
    assert page.json() == {"data": [], "sync": page.json()["sync"], "has_more": False}


@pytest.mark.parametrize("token", ["garbage", "0" * 32])
def test_events_with_an_unknown_token_answer_412(
    local: httpx.Client, world: dict[str, str], token: str
) -> None:
    response = local.get("/events", params={"resource": world["task"], "sync": token})
    assert response.status_code == 412
    assert response.json()["sync"]


def test_a_token_of_another_resource_is_unknown(local: httpx.Client, world: dict[str, str]) -> None:
    token = bootstrap(local, world["task"])
    assert local.get("/events", params={"resource": world["tag"], "sync": token}).status_code == 412


def test_changes_arrive_exactly_once_across_polls(
    local: httpx.Client, world: dict[str, str]
) -> None:
    project, task = world["project"], world["task"]
    sync = bootstrap(local, project)
    local.put(f"/tasks/{task}", json={"data": {"assignee": world["user"]}})
    page = local.get("/events", params={"resource": project, "sync": sync}).json()
    seen = [(e["resource"]["resource_type"], e["action"]) for e in page["data"]]
    assert seen == [("task", "changed"), ("story", "added")]
    change = page["data"][0]["change"]
    assert change == {
        "field": "assignee",
        "action": "changed",
        "new_value": {"gid": world["user"], "resource_type": "user", "name": "Alice"},
    }
    assert page["data"][1]["parent"] == {"gid": task, "resource_type": "task", "name": "Write docs"}
    assert page["data"][0]["user"]["gid"] == world["me"]
    post(local, f"/tasks/{task}/stories", text="Done?")
    again = local.get("/events", params={"resource": project, "sync": page["sync"]}).json()
    assert [(e["type"], e["action"]) for e in again["data"]] == [("story", "added")]
    last = local.get("/events", params={"resource": project, "sync": again["sync"]}).json()
    assert last["data"] == []


def test_each_resource_sees_its_own_stream(local: httpx.Client, world: dict[str, str]) -> None:
    tokens = {name: bootstrap(local, world[name]) for name in ("task", "other", "tag", "project")}
    post(local, f"/tasks/{world['task']}/addTag", tag=world["tag"])
    counts = {
        name: len(
            local.get("/events", params={"resource": world[name], "sync": token}).json()["data"]
        )
        for name, token in tokens.items()
    }
    assert counts == {"task": 2, "other": 0, "tag": 1, "project": 2}  # tag: the task added


def test_more_than_100_events_come_in_pages_with_has_more(
    local: httpx.Client, fake: FakeAsana, world: dict[str, str]
) -> None:
    sync = bootstrap(local, world["task"])
    for index in range(60):  # each rename: a "changed" event and a "name_changed" story
        fake.update_task(world["task"], name=f"v{index}")
    first = local.get("/events", params={"resource": world["task"], "sync": sync}).json()
    assert (len(first["data"]), first["has_more"]) == (100, True)
    second = local.get("/events", params={"resource": world["task"], "sync": first["sync"]}).json()
    assert (len(second["data"]), second["has_more"]) == (20, False)
    received = first["data"] + second["data"]
    assert received == fake.events(world["task"])[-120:]
    renamed = [e for e in received if e["resource"]["resource_type"] == "task"]
    assert [e["change"]["field"] for e in renamed] == ["name"] * 60


def test_deleting_a_task_reaches_its_project_stream(
    local: httpx.Client, world: dict[str, str]
) -> None:
    sync = bootstrap(local, world["project"])
    assert local.delete(f"/tasks/{world['task']}").status_code == 200
    page = local.get("/events", params={"resource": world["project"], "sync": sync}).json()
    assert [(e["resource"]["gid"], e["action"]) for e in page["data"]] == [
        (world["task"], "deleted")
    ]
