"""FakeAsana itself, spoken to with plain httpx, in-process and over loopback HTTP."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import threading
import time
from typing import Any

import httpx
import pytest

from asana_typed.testing import FakeAsana, pytest_plugin

from ._http import API, AUTH, Operation, assert_spec_answer, data, each_operation, fill

# The plugin's fixtures, used here directly (the pytest11 entry point may not be installed).
fake_asana = pytest_plugin.fake_asana
fake_asana_server = pytest_plugin.fake_asana_server


@pytest.fixture
def fake(fake_asana: FakeAsana) -> FakeAsana:
    """The fake the plain clients (``api``, ``local``) talk to: the plugin's."""
    return fake_asana


def create_task(client: httpx.Client, **fields: Any) -> dict[str, Any]:
    response = client.post("/tasks", json={"data": fields})
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()["data"]
    return result


# -- envelopes and records -----------------------------------------------------------------


def test_single_object_is_wrapped_in_data(api: httpx.Client, fake_asana: FakeAsana) -> None:
    body = api.get("/users/me").json()
    assert set(body) == {"data"}
    assert body["data"]["gid"] == fake_asana.me["gid"]
    assert body["data"]["workspaces"][0]["gid"] == fake_asana.workspace["gid"]


def test_seeded_gids_are_unique_numeric_strings(fake_asana: FakeAsana) -> None:
    project = fake_asana.add_project(name="P")
    gids = [fake_asana.me["gid"], fake_asana.workspace["gid"], project["gid"]]
    assert len(set(gids)) == 3
    assert all(gid.isdigit() for gid in gids)


def test_create_answers_201_with_the_full_record(api: httpx.Client, fake_asana: FakeAsana) -> None:
    response = api.post(
        "/tasks", json={"data": {"name": "Write tests", "workspace": fake_asana.workspace["gid"]}}
    )
    assert response.status_code == 201
    task = response.json()["data"]
    assert task["name"] == "Write tests"
    assert task["resource_type"] == "task"
    assert {"notes", "completed", "projects", "memberships", "workspace"} <= set(task)
    assert "created_by" not in task  # opt-in
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", task["created_at"])


def test_list_endpoints_return_compact_records(local: httpx.Client, fake_asana: FakeAsana) -> None:
    project = fake_asana.add_project(name="P")
    fake_asana.add_task(name="A", projects=[project])
    [task] = data(local.get(f"/projects/{project['gid']}/tasks"))
    assert set(task) == {"gid", "resource_type", "name", "resource_subtype"}


def test_dates_are_kept_as_dates_and_datetimes_normalised(local: httpx.Client) -> None:
    task = create_task(local, name="T", workspace="1200000000000001", due_at="2030-01-02T03:04:05Z")
    assert task["due_at"] == "2030-01-02T03:04:05.000Z"
    assert task["due_on"] == "2030-01-02"
    bad = local.put(f"/tasks/{task['gid']}", json={"data": {"due_on": "02/01/2030"}})
    assert bad.status_code == 400


# -- bodies --------------------------------------------------------------------------------


def test_body_without_data_envelope_is_400(api: httpx.Client, fake_asana: FakeAsana) -> None:
    response = api.post("/tasks", json={"name": "x", "workspace": fake_asana.workspace["gid"]})
    assert response.status_code == 400
    assert '"data"' in response.json()["errors"][0]["message"]
    assert fake_asana.records("task") == []


def test_invalid_json_body_is_400(local: httpx.Client) -> None:
    response = local.post("/tasks", content=b"{nope", headers={"Content-Type": "application/json"})
    assert response.status_code == 400


def test_missing_required_input_is_400(local: httpx.Client) -> None:
    response = local.post("/tasks", json={"data": {"name": "homeless"}})
    assert response.status_code == 400
    assert "workspace" in response.json()["errors"][0]["message"]


def test_form_encoded_bodies_are_accepted(local: httpx.Client, fake_asana: FakeAsana) -> None:
    response = local.post("/tasks", data={"name": "F", "workspace": fake_asana.workspace["gid"]})
    assert response.status_code == 201
    assert response.json()["data"]["name"] == "F"


# -- opt_fields ----------------------------------------------------------------------------


def test_opt_fields_select_exactly_the_requested_fields(
    api: httpx.Client, fake_asana: FakeAsana
) -> None:
    task = fake_asana.add_task(name="A", notes="n", assignee=fake_asana.me)
    got = data(api.get(f"/tasks/{task['gid']}", params={"opt_fields": "name,notes"}))
    assert got == {"gid": task["gid"], "name": "A", "notes": "n"}


def test_opt_fields_select_subfields_of_nested_objects(
    local: httpx.Client, fake_asana: FakeAsana
) -> None:
    project = fake_asana.add_project(name="P")
    fake_asana.add_task(name="A", projects=[project], assignee=fake_asana.me)
    params = {"project": project["gid"], "opt_fields": "assignee.email,projects,workspace.name"}
    [task] = data(local.get("/tasks", params=params))
    assert task["assignee"] == {"gid": fake_asana.me["gid"], "email": fake_asana.me["email"]}
    assert task["projects"] == [{"gid": project["gid"], "resource_type": "project", "name": "P"}]
    assert task["workspace"] == {"gid": fake_asana.workspace["gid"], "name": "Test Workspace"}


def test_opt_in_fields_appear_only_when_requested(
    local: httpx.Client, fake_asana: FakeAsana
) -> None:
    task = fake_asana.add_task(name="A")
    assert "created_by" not in data(local.get(f"/tasks/{task['gid']}"))
    got = data(local.get(f"/tasks/{task['gid']}", params={"opt_fields": "created_by"}))
    assert got["created_by"]["gid"] == fake_asana.me["gid"]


def test_body_options_fields_act_as_opt_fields(local: httpx.Client, fake_asana: FakeAsana) -> None:
    body = {"data": {"name": "A", "workspace": fake_asana.workspace["gid"]}}
    body["options"] = {"fields": ["name"]}
    response = local.post("/tasks", json=body)
    assert set(response.json()["data"]) == {"gid", "name"}


def test_opt_pretty_indents_the_json(local: httpx.Client) -> None:
    response = local.get("/users/me", params={"opt_pretty": "true"})
    assert "\n  " in response.text


# -- pagination ----------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "101", "x", "-1", "2.5"])
def test_limit_outside_1_to_100_is_400(api: httpx.Client, limit: str) -> None:
    response = api.get("/workspaces", params={"limit": limit})
    assert response.status_code == 400
    assert "limit" in response.json()["errors"][0]["message"]


def test_pagination_walks_every_item_exactly_once(api: httpx.Client, fake_asana: FakeAsana) -> None:
    project = fake_asana.add_project(name="P")
    created = [fake_asana.add_task(name=f"T{i}", projects=[project])["gid"] for i in range(7)]
    seen: list[str] = []
    params: dict[str, str] = {"limit": "3"}
    pages = 0
    while True:
        body = api.get(f"/projects/{project['gid']}/tasks", params=params).json()
        pages += 1
        seen += [task["gid"] for task in body["data"]]
        if body["next_page"] is None:
            break
        params = {"limit": "3", "offset": body["next_page"]["offset"]}
    assert seen == created
    assert pages == 3


def test_next_page_names_path_and_uri_with_the_original_params(
    api: httpx.Client, fake_asana: FakeAsana
) -> None:
    project = fake_asana.add_project(name="P")
    for i in range(3):
        fake_asana.add_task(name=f"T{i}", projects=[project])
    body = api.get("/tasks", params={"project": project["gid"], "limit": "2"}).json()
    next_page = body["next_page"]
    assert next_page["path"].startswith("/tasks?")
    assert f"project={project['gid']}" in next_page["path"]
    assert next_page["uri"] == str(api.base_url).rstrip("/") + next_page["path"]
    following = api.get(next_page["uri"]).json()
    assert [t["name"] for t in following["data"]] == ["T2"]
    assert following["next_page"] is None


def test_without_limit_everything_comes_back_without_next_page(
    local: httpx.Client, fake_asana: FakeAsana
) -> None:
    project = fake_asana.add_project(name="P")
    for i in range(120):
        fake_asana.add_task(name=f"T{i}", projects=[project])
    body = local.get(f"/projects/{project['gid']}/tasks").json()
    assert len(body["data"]) == 120
    assert "next_page" not in body


def test_offsets_are_opaque_and_checked(local: httpx.Client, fake_asana: FakeAsana) -> None:
    for i in range(3):
        fake_asana.add_project(name=f"P{i}")
    offset = local.get("/projects", params={"limit": "1"}).json()["next_page"]["offset"]
    assert not offset.isdigit()
    garbage = local.get("/projects", params={"limit": "1", "offset": "not-a-token"})
    assert garbage.status_code == 400
    assert "offset is invalid" in garbage.json()["errors"][0]["message"]
    forged = base64.urlsafe_b64encode(b'{"pos": 1, "query": "x"}').decode()
    assert local.get("/projects", params={"limit": "1", "offset": forged}).status_code == 400
    other_query = {"limit": "1", "offset": offset, "archived": "true"}
    assert local.get("/projects", params=other_query).status_code == 400
    bigger_page = local.get("/projects", params={"limit": "5", "offset": offset})
    assert [p["name"] for p in bigger_page.json()["data"]] == ["P1", "P2"]


# -- authentication ------------------------------------------------------------------------


def test_missing_token_is_401(api: httpx.Client) -> None:
    response = api.get("/users/me", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"] == "Not Authorized"


def test_unknown_or_revoked_token_is_401(local: httpx.Client, fake_asana: FakeAsana) -> None:
    assert local.get("/users/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    fake_asana.revoke_token("test-token")
    assert local.get("/users/me").status_code == 401


def test_added_tokens_belong_to_their_user(local: httpx.Client, fake_asana: FakeAsana) -> None:
    other = fake_asana.add_user(name="Other Person")
    fake_asana.add_token("other-token", user=other)
    me = data(local.get("/users/me", headers={"Authorization": "Bearer other-token"}))
    assert me["gid"] == other["gid"]


def test_api_key_basic_auth_is_accepted(fake_asana: FakeAsana) -> None:
    fake_asana.add_api_key("KEY")
    with httpx.Client(transport=fake_asana.transport, base_url=API) as client:
        assert client.get("/users/me", auth=("KEY", "")).status_code == 200
        assert client.get("/users/me", auth=("KEY", "pw")).status_code == 401
        assert client.get("/users/me", auth=("OTHER", "")).status_code == 401


# -- not found -----------------------------------------------------------------------------


def test_unknown_object_is_404_with_asana_error_body(api: httpx.Client) -> None:
    response = api.get("/tasks/999")
    assert response.status_code == 404
    [error] = response.json()["errors"]
    assert error["message"] == "Unknown object: 999"
    assert "developers.asana.com" in error["help"]
    assert "phrase" not in error


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/no/such/route"), ("DELETE", "/users/me"), ("GET", "/")]
)
def test_unknown_route_is_404(local: httpx.Client, method: str, path: str) -> None:
    response = local.request(method, path)
    assert response.status_code == 404
    assert "errors" in response.json()


def test_path_outside_the_api_root_is_404(fake_asana: FakeAsana) -> None:
    with httpx.Client(transport=fake_asana.transport, headers=AUTH) as client:
        assert client.get("https://app.asana.com/tasks").status_code == 404


# -- injected failures ---------------------------------------------------------------------


def test_fail_next_answers_the_status_with_retry_after(
    api: httpx.Client, fake_asana: FakeAsana
) -> None:
    fake_asana.fail_next(status=429, retry_after=7)
    response = api.get("/users/me")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response.json()["errors"][0]["message"]
    assert api.get("/users/me").status_code == 200


def test_fail_next_5xx_body_has_a_phrase(local: httpx.Client, fake_asana: FakeAsana) -> None:
    fake_asana.fail_next(status=503, times=2)
    first, second, third = (local.get("/users/me") for _ in range(3))
    assert (first.status_code, second.status_code, third.status_code) == (503, 503, 200)
    assert first.json()["errors"][0]["phrase"]


def test_fail_next_accepts_http_date_and_custom_body(
    local: httpx.Client, fake_asana: FakeAsana
) -> None:
    date = "Wed, 21 Oct 2037 07:28:00 GMT"
    fake_asana.fail_next(
        status=502, retry_after=date, body="<html>bad gateway</html>", content_type="text/html"
    )
    response = local.get("/users/me")
    assert response.status_code == 502
    assert response.headers["Retry-After"] == date
    assert response.headers["Content-Type"] == "text/html"
    assert response.text == "<html>bad gateway</html>"


def test_fail_next_only_hits_matching_requests(local: httpx.Client, fake_asana: FakeAsana) -> None:
    fake_asana.fail_next(status=500, method="POST", path="/tasks")
    assert local.get("/users/me").status_code == 200
    failed = local.post("/tasks", json={"data": {"workspace": fake_asana.workspace["gid"]}})
    assert failed.status_code == 500
    assert fake_asana.records("task") == []  # the failed request did not run
    assert fake_asana.pending_faults == 0


def test_drop_next_never_reaches_the_api(local: httpx.Client, fake_asana: FakeAsana) -> None:
    fake_asana.drop_next()
    with pytest.raises(httpx.ConnectError):
        local.post("/tasks", json={"data": {"name": "A", "workspace": fake_asana.workspace["gid"]}})
    assert fake_asana.records("task") == []
    assert fake_asana.requests[-1].fault == "drop"


def test_drop_after_receiving_runs_the_request(local: httpx.Client, fake_asana: FakeAsana) -> None:
    fake_asana.drop_next(after_receiving=True)
    with pytest.raises(httpx.RemoteProtocolError):
        local.post("/tasks", json={"data": {"name": "A", "workspace": fake_asana.workspace["gid"]}})
    assert [t["name"] for t in fake_asana.records("task")] == ["A"]


@pytest.mark.parametrize("after_receiving", [False, True])
def test_server_drop_closes_the_connection_unanswered(
    fake_asana: FakeAsana, fake_asana_server: str, after_receiving: bool
) -> None:
    fake_asana.drop_next(after_receiving=after_receiving)
    with httpx.Client(base_url=fake_asana_server, headers=AUTH) as client:
        with pytest.raises(httpx.TransportError):
            client.get("/users/me")
        assert client.get("/users/me").status_code == 200


def test_delay_next_slows_the_answer(api: httpx.Client, fake_asana: FakeAsana) -> None:
    fake_asana.delay_next(0.2)
    started = time.monotonic()
    assert api.get("/users/me").status_code == 200
    assert time.monotonic() - started >= 0.2


def test_delay_longer_than_the_read_timeout_times_out(
    api: httpx.Client, fake_asana: FakeAsana
) -> None:
    fake_asana.delay_next(2.0)
    started = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        api.get("/users/me", timeout=httpx.Timeout(5.0, read=0.1))
    assert time.monotonic() - started < 1.5


def test_delays_survive_patched_sleep(
    local: httpx.Client, fake_asana: FakeAsana, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    fake_asana.delay_next(0.1)
    started = time.monotonic()
    local.get("/users/me")
    assert time.monotonic() - started >= 0.1


# -- async ---------------------------------------------------------------------------------


def test_async_transport_serves_async_clients(fake_asana: FakeAsana) -> None:
    async def scenario() -> tuple[int, list[str]]:
        async with httpx.AsyncClient(
            transport=fake_asana.transport, base_url=API, headers=AUTH
        ) as client:
            created = await client.post(
                "/tasks", json={"data": {"name": "A", "workspace": fake_asana.workspace["gid"]}}
            )
            return created.status_code, [t["name"] for t in fake_asana.records("task")]

    assert asyncio.run(scenario()) == (201, ["A"])


def test_async_delay_does_not_block_the_event_loop(fake_asana: FakeAsana) -> None:
    fake_asana.delay_next(0.3, path="/workspaces")
    finished: list[str] = []

    async def fetch(client: httpx.AsyncClient, path: str) -> None:
        response = await client.get(path)
        assert response.status_code == 200
        finished.append(path)

    async def scenario() -> None:
        async with httpx.AsyncClient(
            transport=fake_asana.transport, base_url=API, headers=AUTH
        ) as client:
            await asyncio.gather(fetch(client, "/workspaces"), fetch(client, "/users/me"))

    asyncio.run(scenario())
    assert finished == ["/users/me", "/workspaces"]


def test_async_drop_raises_connect_error(fake_asana: FakeAsana) -> None:
    fake_asana.drop_next()

    async def scenario() -> None:
        async with httpx.AsyncClient(transport=fake_asana.transport, base_url=API) as client:
            await client.get("/users/me", headers=AUTH)

    with pytest.raises(httpx.ConnectError):
        asyncio.run(scenario())


# -- request log ---------------------------------------------------------------------------


def test_requests_are_recorded_in_order(api: httpx.Client, fake_asana: FakeAsana) -> None:
    fake_asana.fail_next(status=500)
    api.get("/users/me", params={"opt_fields": "name"})
    api.post(
        "/tasks",
        json={"data": {"name": "A", "workspace": fake_asana.workspace["gid"]}},
        headers={"X-Custom": "1"},
    )
    first, second = fake_asana.requests
    assert (first.method, first.path, first.full_path) == ("GET", "/users/me", "/api/1.0/users/me")
    assert first.query == {"opt_fields": "name"}
    assert first.fault == "status"
    assert first.json is None
    assert second.method == "POST"
    assert second.headers["x-custom"] == "1"
    assert second.headers["AUTHORIZATION"] == "Bearer test-token"
    assert second.json == {"data": {"name": "A", "workspace": fake_asana.workspace["gid"]}}
    assert json.loads(second.body) == second.json
    assert second.fault is None
    fake_asana.clear_requests()
    assert fake_asana.requests == []


# -- state ---------------------------------------------------------------------------------


def test_task_created_in_a_project_is_listed_there(
    api: httpx.Client, fake_asana: FakeAsana
) -> None:
    project = fake_asana.add_project(name="P")
    task = create_task(api, name="A", projects=[project["gid"]])
    assert [t["gid"] for t in data(api.get(f"/projects/{project['gid']}/tasks"))] == [task["gid"]]
    assert [p["gid"] for p in data(api.get(f"/tasks/{task['gid']}/projects"))] == [project["gid"]]


def test_updates_persist_and_deletes_remove(local: httpx.Client, fake_asana: FakeAsana) -> None:
    project = fake_asana.add_project(name="P")
    task = create_task(local, name="A", projects=[project["gid"]])
    updated = data(local.put(f"/tasks/{task['gid']}", json={"data": {"completed": True}}))
    assert updated["completed"] is True
    assert updated["completed_at"] is not None
    assert data(local.get(f"/tasks/{task['gid']}"))["completed"] is True
    assert data(local.delete(f"/tasks/{task['gid']}")) == {}
    assert local.get(f"/tasks/{task['gid']}").status_code == 404
    assert data(local.get(f"/projects/{project['gid']}/tasks")) == []


def test_set_parent_moves_subtasks(local: httpx.Client, fake_asana: FakeAsana) -> None:
    first = fake_asana.add_task(name="first")
    second = fake_asana.add_task(name="second")
    child = create_task(local, name="child", parent=first["gid"])
    assert [t["gid"] for t in data(local.get(f"/tasks/{first['gid']}/subtasks"))] == [child["gid"]]
    moved = data(
        local.post(f"/tasks/{child['gid']}/setParent", json={"data": {"parent": second["gid"]}})
    )
    assert moved["parent"]["gid"] == second["gid"]
    assert data(local.get(f"/tasks/{first['gid']}/subtasks")) == []
    assert data(local.get(f"/tasks/{second['gid']}"))["num_subtasks"] == 1
    cycle = local.post(f"/tasks/{second['gid']}/setParent", json={"data": {"parent": child["gid"]}})
    assert cycle.status_code == 400


def test_dependencies_link_both_ways(local: httpx.Client, fake_asana: FakeAsana) -> None:
    blocked = fake_asana.add_task(name="blocked")
    blocker = fake_asana.add_task(name="blocker")
    response = local.post(
        f"/tasks/{blocked['gid']}/addDependencies",
        json={"data": {"dependencies": [blocker["gid"]]}},
    )
    assert data(response) == {}
    assert [t["gid"] for t in data(local.get(f"/tasks/{blocker['gid']}/dependents"))] == [
        blocked["gid"]
    ]
    local.post(
        f"/tasks/{blocker['gid']}/removeDependents", json={"data": {"dependents": [blocked["gid"]]}}
    )
    assert data(local.get(f"/tasks/{blocked['gid']}/dependencies")) == []


def test_project_membership_actions(local: httpx.Client, fake_asana: FakeAsana) -> None:
    project = fake_asana.add_project(name="P")
    section = fake_asana.add_section(name="S", project=project)
    first = fake_asana.add_task(name="first", projects=[project])
    task = fake_asana.add_task(name="T")
    body = {"data": {"project": project["gid"], "insert_before": first["gid"]}}
    assert data(local.post(f"/tasks/{task['gid']}/addProject", json=body)) == {}
    names = [t["name"] for t in data(local.get(f"/projects/{project['gid']}/tasks"))]
    assert names == ["T", "first"]
    body = {"data": {"project": project["gid"], "section": section["gid"]}}
    local.post(f"/tasks/{task['gid']}/addProject", json=body)
    assert [t["name"] for t in data(local.get(f"/sections/{section['gid']}/tasks"))] == ["T"]
    local.post(f"/tasks/{task['gid']}/removeProject", json={"data": {"project": project["gid"]}})
    assert data(local.get(f"/sections/{section['gid']}/tasks")) == []
    assert data(local.get(f"/tasks/{task['gid']}"))["memberships"] == []


def test_search_filters_by_text(local: httpx.Client, fake_asana: FakeAsana) -> None:
    fake_asana.add_task(name="Buy milk")
    fake_asana.add_task(name="Walk dog")
    found = data(
        local.get(
            f"/workspaces/{fake_asana.workspace['gid']}/tasks/search", params={"text": "milk"}
        )
    )
    assert [t["name"] for t in found] == ["Buy milk"]


def test_workspace_events_need_a_sync_token_then_report_changes(
    local: httpx.Client, fake_asana: FakeAsana
) -> None:
    path = f"/workspaces/{fake_asana.workspace['gid']}/events"
    first = local.get(path)
    assert first.status_code == 412
    sync = first.json()["sync"]
    create_task(local, name="A", workspace=fake_asana.workspace["gid"])
    page = local.get(path, params={"sync": sync}).json()
    assert [(e["type"], e["action"]) for e in page["data"]] == [("task", "added")]
    assert page["has_more"] is False
    assert local.get(path, params={"sync": page["sync"]}).json()["data"] == []
    assert local.get(path, params={"sync": "garbage"}).status_code == 412


def test_threaded_server_handles_concurrent_creates(
    fake_asana: FakeAsana, fake_asana_server: str
) -> None:
    errors: list[BaseException] = []

    def create(index: int) -> None:
        try:
            with httpx.Client(base_url=fake_asana_server, headers=AUTH) as client:
                body = {"data": {"name": f"T{index}", "workspace": fake_asana.workspace["gid"]}}
                assert client.post("/tasks", json=body).status_code == 201
        except BaseException as error:  # collected for the main thread
            errors.append(error)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({t["gid"] for t in fake_asana.records("task")}) == 8


# -- every operation -----------------------------------------------------------------------


@pytest.fixture
def world(fake_asana: FakeAsana) -> dict[str, str]:
    """One object of every kind the operations below need, by placeholder name."""
    fake = fake_asana
    team = fake.add_team(name="Team")
    project = fake.add_project(name="Project", team=team)
    section = fake.add_section(name="Section", project=project)
    task = fake.add_task(name="Task", projects=[project], assignee=fake.me, custom_id="ENG-1")
    other = fake.add_task(name="Other", projects=[project])
    tag = fake.add_tag(name="Tag")
    field = fake.add_custom_field(name="Field")
    user = fake.add_user(name="Second User")
    fake.add_favorite(project, resource_type="project")
    return {
        "ws": fake.workspace["gid"],
        "me": fake.me["gid"],
        "team": team["gid"],
        "project": project["gid"],
        "section": section["gid"],
        "task": task["gid"],
        "other": other["gid"],
        "tag": tag["gid"],
        "field": field["gid"],
        "user": user["gid"],
    }


def _utl(client: httpx.Client, world: dict[str, str]) -> str:
    response = client.get("/users/me/user_task_list", params={"workspace": world["ws"]})
    gid: str = data(response)["gid"]
    return gid


# (method, path, query or body, expected status); {name} is filled from ``world``.
OPERATIONS: list[Operation] = [
    # Users
    ("GET", "/users", {"workspace": "{ws}"}, 200),
    ("GET", "/users/{me}", None, 200),
    ("PUT", "/users/{me}", {"name": "Renamed"}, 200),
    ("GET", "/users/me/favorites", {"resource_type": "project", "workspace": "{ws}"}, 200),
    ("GET", "/teams/{team}/users", None, 200),
    ("GET", "/workspaces/{ws}/users", None, 200),
    ("GET", "/workspaces/{ws}/users/{user}", None, 200),
    ("PUT", "/workspaces/{ws}/users/me", {"name": "Renamed"}, 200),
    # Workspaces
    ("GET", "/workspaces", None, 200),
    ("GET", "/workspaces/{ws}", None, 200),
    ("PUT", "/workspaces/{ws}", {"name": "Renamed"}, 200),
    ("POST", "/workspaces/{ws}/addUser", {"user": "{user}"}, 200),
    ("POST", "/workspaces/{ws}/removeUser", {"user": "{user}"}, 200),
    ("GET", "/workspaces/{ws}/events", None, 412),
    # Projects
    ("GET", "/projects", {"workspace": "{ws}"}, 200),
    ("POST", "/projects", {"name": "New", "workspace": "{ws}"}, 201),
    ("GET", "/projects/{project}", None, 200),
    ("PUT", "/projects/{project}", {"name": "Renamed", "archived": True}, 200),
    ("DELETE", "/projects/{project}", None, 200),
    ("POST", "/projects/{project}/duplicate", {"name": "Copy", "include": "members"}, 201),
    ("GET", "/tasks/{task}/projects", None, 200),
    ("GET", "/teams/{team}/projects", None, 200),
    ("POST", "/teams/{team}/projects", {"name": "New"}, 201),
    ("GET", "/workspaces/{ws}/projects", {"archived": "false"}, 200),
    ("POST", "/workspaces/{ws}/projects", {"name": "New"}, 201),
    ("GET", "/workspaces/{ws}/projects/search", {"text": "proj"}, 200),
    ("POST", "/projects/{project}/addCustomFieldSetting", {"custom_field": "{field}"}, 200),
    ("POST", "/projects/{project}/removeCustomFieldSetting", {"custom_field": "{field}"}, 200),
    ("GET", "/projects/{project}/task_counts", {"opt_fields": "num_tasks"}, 200),
    ("POST", "/projects/{project}/addMembers", {"members": "{user}"}, 200),
    ("POST", "/projects/{project}/removeMembers", {"members": "{user}"}, 200),
    ("POST", "/projects/{project}/addFollowers", {"followers": "{user}"}, 200),
    ("POST", "/projects/{project}/removeFollowers", {"followers": "{user}"}, 200),
    ("POST", "/projects/{project}/saveAsTemplate", {"name": "Tpl", "public": False}, 201),
    # Tasks
    ("GET", "/tasks", {"project": "{project}", "completed_since": "now"}, 200),
    ("GET", "/tasks", {"assignee": "me", "workspace": "{ws}"}, 200),
    ("GET", "/tasks", {"workspace": "{ws}"}, 400),
    ("POST", "/tasks", {"name": "New", "projects": ["{project}"]}, 201),
    ("GET", "/tasks/{task}", None, 200),
    ("PUT", "/tasks/{task}", {"name": "Renamed", "notes": "n"}, 200),
    ("PUT", "/tasks/{task}", {"projects": ["{project}"]}, 400),
    ("DELETE", "/tasks/{task}", None, 200),
    ("POST", "/tasks/{task}/duplicate", {"name": "Copy", "include": ["notes", "projects"]}, 201),
    ("GET", "/projects/{project}/tasks", None, 200),
    ("GET", "/sections/{section}/tasks", None, 200),
    ("GET", "/tags/{tag}/tasks", None, 200),
    ("GET", "/user_task_lists/{utl}/tasks", {"completed_since": "2020-01-01T00:00:00Z"}, 200),
    ("GET", "/tasks/{task}/subtasks", None, 200),
    ("POST", "/tasks/{task}/subtasks", {"name": "Child"}, 201),
    ("POST", "/tasks/{task}/setParent", {"parent": "{other}"}, 200),
    ("GET", "/tasks/{task}/dependencies", None, 200),
    ("POST", "/tasks/{task}/addDependencies", {"dependencies": ["{other}"]}, 200),
    ("POST", "/tasks/{task}/removeDependencies", {"dependencies": ["{other}"]}, 200),
    ("GET", "/tasks/{task}/dependents", None, 200),
    ("POST", "/tasks/{task}/addDependents", {"dependents": ["{other}"]}, 200),
    ("POST", "/tasks/{task}/removeDependents", {"dependents": ["{other}"]}, 200),
    ("POST", "/tasks/{task}/addProject", {"project": "{project}", "section": "{section}"}, 200),
    ("POST", "/tasks/{task}/removeProject", {"project": "{project}"}, 200),
    ("POST", "/tasks/{task}/addTag", {"tag": "{tag}"}, 200),
    ("POST", "/tasks/{task}/removeTag", {"tag": "{tag}"}, 200),
    ("POST", "/tasks/{task}/addFollowers", {"followers": ["{user}"]}, 200),
    ("POST", "/tasks/{task}/removeFollowers", {"followers": ["{user}"]}, 200),
    ("GET", "/workspaces/{ws}/tasks/custom_id/ENG-1", None, 200),
    ("GET", "/workspaces/{ws}/tasks/custom_id/ENG-2", None, 404),
    ("GET", "/workspaces/{ws}/tasks/search", {"text": "task", "completed": "false"}, 200),
    # User task lists and typeahead
    ("GET", "/users/{me}/user_task_list", {"workspace": "{ws}"}, 200),
    ("GET", "/user_task_lists/{utl}", None, 200),
    ("GET", "/workspaces/{ws}/typeahead", {"resource_type": "project", "query": "pro"}, 200),
]


@each_operation(OPERATIONS)
def test_every_operation_answers_with_the_spec_status_and_envelope(
    local: httpx.Client, world: dict[str, str], operation: Operation
) -> None:
    method, template, payload, status = operation
    names = {**world, "utl": _utl(local, world) if "{utl}" in template else ""}
    path, filled = template.format(**names), fill(payload, names)
    counts = template.endswith("task_counts")  # an object without a gid
    assert_spec_answer(local, method, path, filled, status, gid_optional=counts)


def test_plugin_server_fixture_serves_the_fixture_fake(
    fake_asana: FakeAsana, fake_asana_server: str
) -> None:
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/1\.0", fake_asana_server)
    response = httpx.get(fake_asana_server + "/users/me", headers=AUTH)
    assert response.json()["data"]["gid"] == fake_asana.me["gid"]
