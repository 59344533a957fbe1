"""Receiving webhooks: the handshake, signature verification and typed events.

End to end: a webhook is created through the SDK (``client`` runs each test on Client and
AsyncClient, in-process and over the wire) against a loopback target built from
``asana_typed.webhooks``; FakeAsana performs the handshake and posts signed deliveries of the
changes made through the API. The receiver's answers to forged requests are checked on the
same target, over HTTP.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any, Protocol, TypeVar

import httpx
import pytest
from typing_extensions import assert_type

from asana_typed import Client
from asana_typed.errors import AsanaSchemaWarning, InvalidRequestError
from asana_typed.models import EventChange, User
from asana_typed.testing import FakeAsana, WebhookDelivery
from asana_typed.webhooks import (
    AsyncSecretStore,
    AsyncWebhookReceiver,
    EventHandler,
    Headers,
    InMemorySecretStore,
    SecretStore,
    WebhookAnswer,
    WebhookError,
    WebhookEvent,
    WebhookHandshakeError,
    WebhookPayload,
    WebhookPayloadError,
    WebhookReceiver,
    WebhookResource,
    WebhookSignatureError,
    handshake_secret,
    parse_payload,
    signature_of,
    verify_signature,
)

from ._webhook_target import Target, webhook_target

SECRET = "5ec2e7" * 10
T = TypeVar("T")
PATH = "/hooks/launch"


@pytest.fixture
def target() -> Iterator[Target]:
    with webhook_target() as target:
        yield target


@pytest.fixture
def project(fake: FakeAsana) -> str:
    return str(fake.add_project(name="Launch")["gid"])


def create_webhook(client: Client, project: str, url: str) -> tuple[str, str]:
    """The webhook's gid and the secret Asana answered with."""
    answer = client.webhooks.create_webhook({"resource": project, "target": url}, full_payload=True)
    return str(answer["data"]["gid"]), str(answer["X-Hook-Secret"])


@dataclass
class Renamed:
    """A task renamed under a webhook at ``PATH``, and the delivery that caused."""

    task: str
    delivery: WebhookDelivery
    url: str


@pytest.fixture
def renamed(client: Client, fake: FakeAsana, target: Target, project: str) -> Renamed:
    task = str(fake.add_task(name="Write docs", projects=[project])["gid"])
    webhook, _ = create_webhook(client, project, target.url + PATH)
    client.tasks.update_task(task, {"name": "Write the docs"})
    [delivery] = fake.wait_for_deliveries(1, webhook=webhook)
    return Renamed(task, delivery, target.url + PATH)


def post(url: str, body: bytes, headers: dict[str, str]) -> httpx.Response:
    with httpx.Client(trust_env=False) as http:
        return http.post(url, content=body, headers=headers)


# -- end to end ---------------------------------------------------------------------------------


def test_the_handshake_stores_the_secret_and_echoes_it(
    client: Client, target: Target, project: str
) -> None:
    webhook, secret = create_webhook(client, project, target.url + PATH)

    assert target.store.get(PATH) == secret
    [answer] = target.answers
    assert answer.handshake and answer.status == 200
    assert answer.headers == {"X-Hook-Secret": secret}
    assert client.webhooks.get_webhook(webhook).active is True


def test_a_task_change_arrives_verified_as_typed_events(
    renamed: Renamed, target: Target, me: str
) -> None:
    assert renamed.delivery.status == 200
    [(key, payload)] = target.received
    assert key == PATH
    assert target.answers[-1].payload == payload
    [event] = [e for e in payload if e.action == "changed"]
    assert_type(event, WebhookEvent)
    assert event.resource is not None and event.resource.gid == renamed.task
    assert event.resource.resource_type == "task"
    assert event.resource.resource_subtype == "default_task"
    assert event.change is not None and event.change.field == "name"
    assert event.user is not None and event.user.gid == me
    assert event.parent is None
    assert isinstance(event.created_at, datetime.datetime)
    story = next(e for e in payload if e.resource and e.resource.resource_type == "story")
    assert story.action == "added"
    assert story.parent is not None and story.parent.gid == renamed.task


def test_the_parsed_delivery_gives_back_the_body_it_came_from(
    renamed: Renamed, target: Target
) -> None:
    payload = target.answers[-1].payload

    assert payload is not None
    assert payload.model_dump(mode="json", exclude_unset=True) == json.loads(renamed.delivery.body)


def test_a_tampered_body_is_refused(renamed: Renamed, target: Target) -> None:
    tampered = renamed.delivery.body.replace(b'"changed"', b'"deleted"', 1)
    assert tampered != renamed.delivery.body

    answer = post(renamed.url, tampered, {"X-Hook-Signature": renamed.delivery.signature})

    assert answer.status_code == 401
    assert "does not match" in answer.text
    assert isinstance(target.answers[-1].error, WebhookSignatureError)
    assert len(target.received) == 1


def test_a_delivery_replayed_to_a_target_with_another_secret_is_refused(
    renamed: Renamed, target: Target
) -> None:
    target.store.put("/hooks/other", "another-secret")
    signature = {"X-Hook-Signature": renamed.delivery.signature}

    answer = post(target.url + "/hooks/other", renamed.delivery.body, signature)

    assert answer.status_code == 401
    assert target.answers[-1].payload is None
    assert len(target.received) == 1


def test_an_unsigned_or_unknown_delivery_is_refused(renamed: Renamed, target: Target) -> None:
    signature = {"X-Hook-Signature": renamed.delivery.signature}

    unsigned = post(renamed.url, renamed.delivery.body, {})
    unknown = post(target.url + "/hooks/nobody", renamed.delivery.body, signature)

    assert (unsigned.status_code, unknown.status_code) == (401, 401)
    assert "no X-Hook-Signature" in unsigned.text
    assert "no webhook secret" in unknown.text


def test_a_second_handshake_cannot_replace_a_secret(
    client: Client, fake: FakeAsana, target: Target, project: str
) -> None:
    _, secret = create_webhook(client, project, target.url + PATH)

    with pytest.raises(InvalidRequestError, match="409"):
        create_webhook(client, project, target.url + PATH)
    forged = post(target.url + PATH, b"", {"X-Hook-Secret": "attacker"})

    assert forged.status_code == 409
    assert "X-Hook-Secret" not in forged.headers
    assert target.store.get(PATH) == secret
    assert len(fake.records("webhook")) == 1


# -- the receiver's rules (no network needed) ---------------------------------------------------


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {"X-Hook-Signature": signature_of(secret, body)}


BODY = json.dumps(
    {
        "events": [
            {
                "user": {"gid": "1", "resource_type": "user"},
                "created_at": "2026-01-02T03:04:05.678Z",
                "action": "changed",
                "resource": {"gid": "2", "resource_type": "task", "resource_subtype": "milestone"},
                "parent": None,
                "change": {"field": "due_on", "action": "changed", "new_value": "2026-02-01"},
                "later_field": {"kept": True},
            }
        ],
        "envelope_extra": 1,
    }
).encode()


class DictStore:
    """An :class:`AsyncSecretStore` over a dict, as an async database driver would be."""

    def __init__(self, secrets: dict[str, str] | None) -> None:
        self.secrets = dict(secrets or {})

    async def get(self, key: str) -> str | None:
        await asyncio.sleep(0)
        return self.secrets.get(key)

    async def put(self, key: str, secret: str) -> None:
        await asyncio.sleep(0)
        self.secrets[key] = secret


@dataclass
class Receiving:
    """A receiver under test (sync or async, plain or async store and callback), driven
    through one blocking interface; ``secret(key)`` reads its store."""

    handle: Callable[[str, Headers, bytes], WebhookAnswer]
    verify: Callable[[str, Headers, bytes], WebhookPayload]
    accept_handshake: Callable[[str, str], None]
    secret: Callable[[str], str | None]


class MakeReceiver(Protocol):
    def __call__(
        self,
        secrets: dict[str, str] | None = None,
        *,
        on_events: EventHandler | None = None,
        replace_secrets: bool = False,
        strict_models: bool = False,
    ) -> Receiving: ...


@pytest.fixture(params=["sync", "async", "async-store"])
def make_receiver(request: pytest.FixtureRequest) -> MakeReceiver:
    """Each rule runs on WebhookReceiver, on AsyncWebhookReceiver with the in-memory store and
    a plain callback, and on AsyncWebhookReceiver with an async store and callback."""

    def make(
        secrets: dict[str, str] | None = None,
        *,
        on_events: EventHandler | None = None,
        replace_secrets: bool = False,
        strict_models: bool = False,
    ) -> Receiving:
        options = {"replace_secrets": replace_secrets, "strict_models": strict_models}
        if request.param == "sync":
            memory = InMemorySecretStore(secrets)
            plain = WebhookReceiver(memory, on_events=on_events, **options)
            return Receiving(plain.handle, plain.verify, plain.accept_handshake, memory.get)
        secret: Callable[[str], str | None]
        if request.param == "async":
            memory = InMemorySecretStore(secrets)
            receiver = AsyncWebhookReceiver(memory, on_events=on_events, **options)
            secret = memory.get
        else:
            handler = on_events

            async def awaited(key: str, payload: WebhookPayload) -> None:
                await asyncio.sleep(0)
                assert handler is not None
                handler(key, payload)

            dict_store = DictStore(secrets)
            receiver = AsyncWebhookReceiver(
                dict_store, on_events=awaited if handler else None, **options
            )
            secret = dict_store.secrets.get

        def blocking(method: Callable[..., Coroutine[Any, Any, T]]) -> Callable[..., T]:
            return lambda *args: asyncio.run(method(*args))

        return Receiving(
            blocking(receiver.handle),
            blocking(receiver.verify),
            blocking(receiver.accept_handshake),
            secret,
        )

    return make


@pytest.fixture
def receiving(make_receiver: MakeReceiver) -> Receiving:
    """A receiver holding ``SECRET`` for ``PATH``."""
    return make_receiver({PATH: SECRET})


@pytest.mark.parametrize(
    "headers",
    [
        {"x-hook-signature": signature_of(SECRET, BODY)},
        {"X-HOOK-SIGNATURE": signature_of(SECRET, BODY)},
        [(b"x-hook-signature", signature_of(SECRET, BODY).encode())],
        httpx.Headers({"X-Hook-Signature": signature_of(SECRET, BODY)}),
    ],
    ids=["lower", "upper", "asgi-pairs", "httpx"],
)
def test_headers_are_read_in_any_case_and_shape(receiving: Receiving, headers: Any) -> None:
    answer = receiving.handle(PATH, headers, BODY)

    assert answer.status == 200
    assert [e.action for e in answer.events] == ["changed"]


def test_http_server_headers_are_read_as_they_come(receiving: Receiving) -> None:
    message = Message()
    message["X-Hook-Signature"] = signature_of(SECRET, BODY)

    assert receiving.handle(PATH, message, BODY).status == 200


def test_unknown_fields_are_kept_and_dumped_back(receiving: Receiving) -> None:
    payload = receiving.verify(PATH, signed(BODY), BODY)

    [event] = payload.events
    assert event.model_extra == {"later_field": {"kept": True}}
    assert payload.model_extra == {"envelope_extra": 1}
    assert event.change is not None and event.change.new_value == "2026-02-01"
    assert payload.model_dump(mode="json", exclude_unset=True) == json.loads(BODY)


def test_a_signature_matching_another_body_is_refused(receiving: Receiving) -> None:
    with pytest.raises(WebhookSignatureError, match="does not match") as caught:
        receiving.verify(PATH, signed(BODY + b" "), BODY)
    assert caught.value.key == PATH
    assert caught.value.status == 401


def test_two_signature_headers_are_refused(receiving: Receiving) -> None:
    pairs = [("X-Hook-Signature", signature_of(SECRET, BODY)), ("x-hook-signature", "00")]

    answer = receiving.handle(PATH, pairs, BODY)

    assert answer.status == 401
    assert answer.payload is None


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"not json", "not JSON"),
        (b'{"data": []}', '{"events": [{...}, ...]}'),
        (b'{"events": {}}', '{"events": [{...}, ...]}'),
        (b'{"events": [1]}', '{"events": [{...}, ...]}'),
    ],
)
def test_a_signed_body_that_is_not_a_delivery_is_answered_400(
    receiving: Receiving, body: bytes, reason: str
) -> None:
    answer = receiving.handle(PATH, signed(body), body)

    assert answer.status == 400
    assert isinstance(answer.error, WebhookPayloadError)
    assert reason in answer.body.decode()


DRIFTED = b'{"events": [{"action": "changed", "created_at": "yesterday"}]}'


def test_a_field_that_drifts_from_the_spec_is_kept_as_sent_with_a_warning(
    receiving: Receiving,
) -> None:
    with pytest.warns(AsanaSchemaWarning, match=r"WebhookEvent.created_at .*'yesterday'"):
        answer = receiving.handle(PATH, signed(DRIFTED), DRIFTED)

    assert answer.status == 200
    [event] = answer.events
    assert event.action == "changed"
    assert event.created_at == "yesterday"
    assert answer.payload is not None
    assert answer.payload.model_dump(mode="json", exclude_unset=True) == json.loads(DRIFTED)


def test_strict_models_refuses_a_field_that_drifts(make_receiver: MakeReceiver) -> None:
    receiving = make_receiver({PATH: SECRET}, strict_models=True)

    answer = receiving.handle(PATH, signed(DRIFTED), DRIFTED)

    assert answer.status == 400
    assert "events.0.created_at" in answer.body.decode()


def test_the_callback_gets_each_delivery_with_events_but_not_empty_heartbeats(
    make_receiver: MakeReceiver,
) -> None:
    calls: list[tuple[str, WebhookPayload]] = []
    receiving = make_receiver({PATH: SECRET}, on_events=lambda *call: calls.append(call))
    heartbeat = b'{"events": []}'

    quiet = receiving.handle(PATH, signed(heartbeat), heartbeat)
    busy = receiving.handle(PATH, signed(BODY), BODY)

    assert (quiet.status, quiet.events, busy.status) == (200, [], 200)
    assert calls == [(PATH, busy.payload)]


def test_an_error_in_the_callback_propagates(make_receiver: MakeReceiver) -> None:
    def fail(key: str, payload: WebhookPayload) -> None:
        raise RuntimeError("database down")

    receiving = make_receiver({PATH: SECRET}, on_events=fail)

    with pytest.raises(RuntimeError, match="database down"):
        receiving.handle(PATH, signed(BODY), BODY)


def test_a_handshake_stores_its_secret_once(make_receiver: MakeReceiver) -> None:
    receiving = make_receiver()

    first = receiving.handle(PATH, {"X-Hook-Secret": "first"}, b"")
    second = receiving.handle(PATH, {"X-Hook-Secret": "second"}, b"")

    assert (first.status, first.headers) == (200, {"X-Hook-Secret": "first"})
    assert (second.status, second.headers.get("X-Hook-Secret")) == (409, None)
    assert isinstance(second.error, WebhookHandshakeError)
    assert receiving.secret(PATH) == "first"
    with pytest.raises(WebhookHandshakeError):
        receiving.accept_handshake(PATH, "third")


def test_replace_secrets_lets_a_new_handshake_win(make_receiver: MakeReceiver) -> None:
    receiving = make_receiver({PATH: SECRET}, replace_secrets=True)

    answer = receiving.handle(PATH, {"X-Hook-Secret": "fresh"}, b"")

    assert (answer.status, answer.headers) == (200, {"X-Hook-Secret": "fresh"})
    assert receiving.secret(PATH) == "fresh"


def test_an_empty_handshake_secret_is_refused(receiving: Receiving) -> None:
    answer = receiving.handle("/hooks/new", {"X-Hook-Secret": ""}, b"")

    assert answer.status == 409
    assert answer.handshake
    assert receiving.secret("/hooks/new") is None


def test_no_error_answer_or_repr_shows_a_secret(make_receiver: MakeReceiver) -> None:
    store = InMemorySecretStore({PATH: SECRET})
    shown: list[str] = [
        repr(store),
        repr(WebhookReceiver(store)),
        repr(AsyncWebhookReceiver(store)),
    ]
    receiving = make_receiver()
    shown.append(repr(receiving.handle(PATH, {"X-Hook-Secret": SECRET}, b"")))
    for headers, body in [
        (signed(BODY, "wrong"), BODY),
        ({"X-Hook-Signature": SECRET}, BODY),
        ({}, BODY),
        (signed(b"x"), b"x"),
        ({"X-Hook-Secret": "n3w-s3cr3t"}, b""),
    ]:
        answer = receiving.handle(PATH, headers, body)
        assert answer.error is not None
        shown += [str(answer.error), repr(answer.error), repr(answer), answer.body.decode()]

    assert all(SECRET not in text and "n3w-s3cr3t" not in text for text in shown)


def test_the_signature_is_the_hex_hmac_sha256_of_the_body() -> None:
    fox = b"The quick brown fox jumps over the lazy dog"  # a published HMAC-SHA256 test vector

    assert signature_of("key", fox) == (
        "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
    )


def test_the_steps_are_usable_alone() -> None:
    assert handshake_secret({"x-hook-secret": "s"}) == "s"
    assert handshake_secret({"X-Hook-Signature": "x"}) is None
    verify_signature(SECRET, signed(BODY), BODY)
    with pytest.raises(WebhookSignatureError, match="no webhook secret"):
        verify_signature(None, signed(BODY), BODY)
    assert parse_payload(BODY).events[0].action == "changed"


def test_the_public_api_is_typed() -> None:
    store: SecretStore = InMemorySecretStore()
    receiver = WebhookReceiver(store)
    answer = receiver.handle(PATH, {"X-Hook-Secret": SECRET}, b"")
    assert_type(answer, WebhookAnswer)
    assert_type(answer.status, int)
    assert_type(answer.headers, dict[str, str])
    assert_type(answer.body, bytes)
    assert_type(answer.events, list[WebhookEvent])
    assert_type(answer.payload, WebhookPayload | None)
    assert_type(answer.error, WebhookError | None)
    assert_type(store.get(PATH), str | None)
    assert_type(handshake_secret({}), str | None)
    assert_type(signature_of(SECRET, BODY), str)
    payload = receiver.verify(PATH, signed(BODY), BODY)
    assert_type(payload, WebhookPayload)
    event = payload.events[0]
    assert_type(event, WebhookEvent)
    assert_type(event.resource, WebhookResource | None)
    assert_type(event.parent, WebhookResource | None)
    assert_type(event.user, User | None)
    assert_type(event.change, EventChange | None)
    assert_type(event.created_at, datetime.datetime | None)
    assert_type(event.action, str | None)
    assert event.resource is not None
    assert_type(event.resource.resource_subtype, str | None)


def test_the_async_receiver_is_typed() -> None:
    async def typed() -> None:
        receiver = AsyncWebhookReceiver(DictStore({PATH: SECRET}))
        answer = await receiver.handle(PATH, signed(BODY), BODY)
        assert_type(answer, WebhookAnswer)
        assert_type(answer.events, list[WebhookEvent])
        assert_type(await receiver.verify(PATH, signed(BODY), BODY), WebhookPayload)
        assert_type(receiver.store, AsyncSecretStore | SecretStore)

    asyncio.run(typed())
