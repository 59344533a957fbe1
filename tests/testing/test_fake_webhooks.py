"""FakeAsana's webhooks: the handshake, signed deliveries of API changes, filters, retries.

Each webhook is created through the SDK (``client`` runs every test on Client and AsyncClient,
in-process and over the fake's loopback server) against a loopback receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import Client
from asana_typed.errors import InvalidRequestError, NotFoundError
from asana_typed.params import CreateWebhookParams
from asana_typed.testing import FakeAsana, WebhookDelivery

from ._http import API, AUTH
from ._receiver import Receiver, webhook_receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with webhook_receiver() as receiver:
        yield receiver


@pytest.fixture
def project(fake: FakeAsana) -> str:
    return str(fake.add_project(name="Launch")["gid"])


@pytest.fixture
def task(fake: FakeAsana, project: str) -> str:
    return str(fake.add_task(name="Write docs", projects=[project])["gid"])


def create(
    client: Client, resource: str, target: str, filters: list[dict[str, Any]] | None = None
) -> str:
    params: CreateWebhookParams = {"resource": resource, "target": target}
    if filters is not None:
        params["filters"] = filters
    webhook = client.webhooks.create_webhook(params)
    assert webhook.gid
    return str(webhook.gid)


def events_of(deliveries: list[WebhookDelivery]) -> list[dict[str, Any]]:
    return [event for delivery in deliveries for event in delivery.events]


def test_creating_a_webhook_sends_the_handshake_and_returns_the_secret(
    client: Client, receiver: Receiver, project: str
) -> None:
    answer = client.webhooks.create_webhook(
        {"resource": project, "target": receiver.url}, full_payload=True
    )

    assert len(receiver.handshakes) == 1
    assert len(receiver.secret) == 64
    assert answer["X-Hook-Secret"] == receiver.secret
    webhook = client.webhooks.get_webhook(answer["data"]["gid"])
    assert webhook.active is True
    assert webhook.target == receiver.url
    assert webhook.resource is not None and webhook.resource.gid == project


def test_a_target_that_does_not_echo_the_secret_refuses_the_webhook(
    client: Client, fake: FakeAsana, receiver: Receiver, project: str
) -> None:
    receiver.echo = False

    with pytest.raises(InvalidRequestError) as caught:
        create(client, project, receiver.url)

    assert caught.value.status == 400
    assert "X-Hook-Secret" in str(caught.value)
    assert fake.records("webhook") == []


def test_an_unreachable_target_refuses_the_webhook(
    client: Client, fake: FakeAsana, project: str
) -> None:
    with webhook_receiver() as gone:
        url = gone.url
    with pytest.raises(InvalidRequestError):
        create(client, project, url)
    assert fake.records("webhook") == []


def test_the_target_may_call_the_fake_during_the_handshake(
    inprocess_client: Client, fake: FakeAsana, receiver: Receiver, project: str
) -> None:
    answers: list[int] = []

    def look_up_the_project() -> None:
        with httpx.Client(transport=fake.transport, base_url=API) as http:
            response = http.get(f"/projects/{project}", headers=AUTH)
        answers.append(response.status_code)

    receiver.on_handshake = look_up_the_project

    create(inprocess_client, project, receiver.url)

    assert answers == [200]


def test_a_task_change_is_delivered_signed_with_the_secret(
    client: Client, fake: FakeAsana, receiver: Receiver, project: str, task: str
) -> None:
    webhook = create(client, project, receiver.url)

    client.tasks.update_task(task, {"name": "Write the docs"})
    [delivery] = fake.wait_for_deliveries(1, webhook=webhook)
    assert_type(delivery.events, list[dict[str, Any]])
    assert_type(delivery.status, int | None)

    [received] = receiver.posts
    assert received.body == delivery.body
    expected = hmac.new(receiver.secret.encode(), received.body, hashlib.sha256).hexdigest()
    assert received.headers["x-hook-signature"] == expected == delivery.signature
    assert received.headers["content-type"] == "application/json"
    events = json.loads(received.body)["events"]
    changed = [e for e in events if e["action"] == "changed"]
    assert changed == [
        {
            "user": {"gid": fake.me["gid"], "resource_type": "user"},
            "created_at": changed[0]["created_at"],
            "action": "changed",
            "resource": {"gid": task, "resource_type": "task", "resource_subtype": "default_task"},
            "parent": None,
            "change": {"field": "name", "action": "changed"},
        }
    ]
    story = next(e for e in events if e["resource"]["resource_type"] == "story")
    assert story["action"] == "added"
    assert story["parent"]["gid"] == task


def test_the_events_of_one_request_go_out_in_one_batch(
    client: Client, fake: FakeAsana, receiver: Receiver, task: str
) -> None:
    webhook = create(client, task, receiver.url)

    client.tasks.update_task(task, {"name": "Renamed", "completed": True})
    deliveries = fake.wait_for_deliveries()

    assert len(deliveries) == 1
    fields = [e["change"]["field"] for e in deliveries[0].events if e["action"] == "changed"]
    assert fields == ["name", "completed"]
    assert client.webhooks.get_webhook(webhook).last_success_at is not None


def test_filters_pass_only_matching_events(
    client: Client, fake: FakeAsana, receiver: Receiver, project: str, task: str
) -> None:
    create(
        client,
        project,
        receiver.url,
        filters=[{"resource_type": "task", "action": "changed", "fields": ["completed"]}],
    )

    client.tasks.update_task(task, {"name": "Renamed"})
    client.stories.create_story_for_task(task, {"text": "Looks good"})
    client.tasks.update_task(task, {"completed": True})
    events = events_of(fake.wait_for_deliveries())

    assert [(e["resource"]["gid"], e["change"]["field"]) for e in events] == [(task, "completed")]


def test_a_subtype_filter_passes_only_that_subtype(
    client: Client, fake: FakeAsana, receiver: Receiver, project: str
) -> None:
    create(client, project, receiver.url, filters=[{"resource_subtype": "milestone"}])

    client.tasks.create_task({"name": "Plain", "projects": [project]})
    milestone = client.tasks.create_task(
        {"name": "Ship", "projects": [project], "resource_subtype": "milestone"}
    )
    events = events_of(fake.wait_for_deliveries())

    assert {e["resource"]["gid"] for e in events} == {milestone.gid}


def test_a_webhook_hears_nothing_about_other_objects(
    client: Client, fake: FakeAsana, receiver: Receiver, project: str, task: str
) -> None:
    other = fake.add_task(name="Elsewhere")["gid"]
    create(client, project, receiver.url)

    client.tasks.update_task(other, {"name": "Still elsewhere"})
    client.tasks.update_task(task, {"completed": True})
    events = events_of(fake.wait_for_deliveries())

    assert other not in {e["resource"]["gid"] for e in events}
    assert task in {e["resource"]["gid"] for e in events}


def test_higher_level_webhooks_need_filters(client: Client, receiver: Receiver, ws: str) -> None:
    with pytest.raises(InvalidRequestError, match="at least one filter"):
        create(client, ws, receiver.url)
    with pytest.raises(InvalidRequestError, match="larger scoped"):
        create(
            client,
            ws,
            receiver.url,
            filters=[{"resource_type": "task", "action": "changed", "fields": ["name"]}],
        )
    assert receiver.handshakes == []


def test_a_workspace_webhook_hears_its_projects(
    client: Client, fake: FakeAsana, receiver: Receiver, ws: str
) -> None:
    create(client, ws, receiver.url, filters=[{"resource_type": "project", "action": "added"}])

    made = client.projects.create_project({"name": "New", "workspace": ws})
    events = events_of(fake.wait_for_deliveries())

    assert [(e["resource"]["gid"], e["action"]) for e in events] == [(made.gid, "added")]


def test_webhooks_are_listed_updated_and_deleted(
    client: Client, fake: FakeAsana, receiver: Receiver, project: str, task: str, ws: str
) -> None:
    on_project = create(client, project, receiver.url)
    on_task = create(client, task, receiver.url)

    listed = [w.gid for w in client.webhooks.get_webhooks({"workspace": ws})]
    assert listed == [on_project, on_task]
    only = client.webhooks.get_webhooks({"workspace": ws, "resource": task})
    assert [w.gid for w in only] == [on_task]
    updated = client.webhooks.update_webhook(
        on_task, {"filters": [{"resource_type": "task", "action": "deleted"}]}
    )
    assert [f.action for f in updated.filters] == ["deleted"]

    client.webhooks.delete_webhook(on_project)
    client.tasks.update_task(task, {"name": "Quiet"})
    assert fake.wait_for_deliveries() == []
    with pytest.raises(NotFoundError):
        client.webhooks.get_webhook(on_project)


def test_the_list_shows_only_the_callers_webhooks(
    client: Client, fake: FakeAsana, receiver: Receiver, project: str, alice: str, ws: str
) -> None:
    fake.add_token("alice-token", user=alice)
    with httpx.Client(transport=fake.transport, base_url=API) as http:
        made = http.post(
            "/webhooks",
            json={"data": {"resource": project, "target": receiver.url}},
            headers={"Authorization": "Bearer alice-token"},
        )
    assert made.status_code == 201
    mine = create(client, project, receiver.url)

    assert [w.gid for w in client.webhooks.get_webhooks({"workspace": ws})] == [mine]


def test_a_failing_target_is_retried_until_it_accepts(
    inprocess_client: Client, fake: FakeAsana, receiver: Receiver, task: str
) -> None:
    fake.configure_webhooks(retry_delays=[0.01, 0.02, 0.04])
    webhook = create(inprocess_client, task, receiver.url)
    receiver.statuses = [500, 503]

    inprocess_client.tasks.update_task(task, {"completed": True})
    [delivered] = fake.wait_for_deliveries(1)

    tries = fake.webhook_deliveries(webhook)
    assert [(d.attempt, d.status) for d in tries] == [(1, 500), (2, 503), (3, 200)]
    assert len({d.body for d in tries}) == 1
    assert delivered is tries[-1]
    record = inprocess_client.webhooks.get_webhook(webhook)
    assert record.last_failure_at is not None
    assert (record.last_failure_content or "").startswith("503")
    assert record.delivery_retry_count == 0


def test_an_unreachable_target_is_retried_then_its_webhook_deleted(
    inprocess_client: Client, fake: FakeAsana, task: str
) -> None:
    fake.configure_webhooks(retry_delays=[0.01])
    with webhook_receiver() as receiver:
        webhook = create(inprocess_client, task, receiver.url)

    inprocess_client.tasks.update_task(task, {"completed": True})

    assert fake.wait_for_deliveries() == []
    tries = fake.webhook_deliveries(webhook)
    assert [(d.attempt, d.status) for d in tries] == [(1, None), (2, None)]
    assert all(d.error for d in tries)
    with pytest.raises(NotFoundError):
        inprocess_client.webhooks.get_webhook(webhook)


def test_a_target_answering_410_deletes_its_webhook(
    inprocess_client: Client, fake: FakeAsana, receiver: Receiver, task: str
) -> None:
    webhook = create(inprocess_client, task, receiver.url)
    receiver.statuses = [410]

    inprocess_client.tasks.update_task(task, {"completed": True})

    assert fake.wait_for_deliveries() == []
    assert [d.status for d in fake.webhook_deliveries(webhook)] == [410]
    with pytest.raises(NotFoundError):
        inprocess_client.webhooks.get_webhook(webhook)


def test_waiting_for_more_deliveries_than_come_times_out(fake: FakeAsana) -> None:
    with pytest.raises(TimeoutError, match="1 deliveries"):
        fake.wait_for_deliveries(1, timeout=0.05)


def test_the_delivery_api_is_typed_and_empty_without_webhooks(fake: FakeAsana) -> None:
    fake.add_task(name="Unwatched")

    deliveries = fake.wait_for_deliveries(timeout=0.05)

    assert_type(deliveries, list[WebhookDelivery])
    assert_type(fake.webhook_deliveries(), list[WebhookDelivery])
    assert deliveries == fake.webhook_deliveries() == []
