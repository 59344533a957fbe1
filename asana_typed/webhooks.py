"""Receiving Asana webhooks: the handshake, signature checks and typed events.

A webhook target is an HTTP endpoint of your application that Asana ``POST``s to:

1. **The handshake.** While ``client.webhooks.create_webhook({"resource": ..., "target":
   url})`` is in flight, Asana posts an empty request carrying an ``X-Hook-Secret`` header to
   ``url``. The target keeps the secret and answers ``200`` echoing the header; only then is
   the webhook created.
2. **Deliveries.** Each batch of events is posted as ``{"events": [...]}`` with an
   ``X-Hook-Signature`` header: the hex HMAC-SHA256 of the raw body under the secret. A body
   whose signature does not match must be refused; anyone can post to a public URL.

:class:`WebhookReceiver` does both for any web framework: hand it a key naming the target
(your choice: usually the request path, one path per webhook), the request's headers and its
raw body, and send back the :class:`WebhookAnswer` it returns::

    from asana_typed.webhooks import InMemorySecretStore, WebhookReceiver

    receiver = WebhookReceiver(InMemorySecretStore())

    def on_post(path: str, headers, body: bytes):          # in your framework's handler
        answer = receiver.handle(path, headers, body)
        for event in answer.events:                          # typed WebhookEvent models
            print(event.action, event.resource and event.resource.gid)
        return answer.status, answer.headers, answer.body

Secrets live in a :class:`SecretStore` (``get`` and ``put`` by key) that the application
provides, so they survive restarts and are shared by every process serving the target;
:class:`InMemorySecretStore` serves tests and examples. In an async application,
:class:`AsyncWebhookReceiver` does the same with ``await receiver.handle(...)``, taking an
:class:`AsyncSecretStore` (coroutine ``get`` and ``put``) or a plain one, and a coroutine
``on_events`` or a plain one. The lower-level steps are public too:
:func:`handshake_secret`, :func:`verify_signature`, :func:`parse_payload` and
:func:`signature_of`.

What the receiver answers:

=========================================================  ======  =======================
request                                                    status  raises (``.verify``)
=========================================================  ======  =======================
handshake (``X-Hook-Secret``), no secret stored for key    200     (echoes the header)
handshake for a key that already has a secret              409     WebhookHandshakeError
delivery whose signature matches                           200     (the events)
no signature, a wrong one, or no secret stored for the key 401     WebhookSignatureError
signed body that is not ``{"events": [...]}``              400     WebhookPayloadError
=========================================================  ======  =======================

A second handshake for a key is refused unless ``replace_secrets=True``, so nobody can swap
in a secret of their own; give each webhook its own target path (or clear the key) when
creating it again. Asana deletes a webhook whose target answers ``410 Gone``; the receiver
never does that by itself. Signatures carry no timestamp, so a captured delivery can be
posted again: handle events idempotently.

The errors::

    Exception
    └── WebhookError                 a request the receiver refuses; ``.status`` is its answer
        ├── WebhookHandshakeError    409: a handshake for a key that already has a secret
        ├── WebhookSignatureError    401: no signature, a wrong one, or no secret for the key
        └── WebhookPayloadError      400: a correctly signed body that is not a delivery

No error text, ``repr`` or answer contains a secret.
"""

from __future__ import annotations

import hashlib
import hmac
import inspect
import json
import threading
import warnings
from collections.abc import Awaitable, Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeAlias, TypeVar, runtime_checkable

from pydantic import TypeAdapter, ValidationError

from ._drift import salvage
from .errors import AsanaSchemaWarning
from .models._webhooks import WebhookEvent, WebhookPayload, WebhookResource

__all__ = [
    "HOOK_SECRET",
    "HOOK_SIGNATURE",
    "AsyncEventHandler",
    "AsyncSecretStore",
    "AsyncWebhookReceiver",
    "EventHandler",
    "HeaderItems",
    "Headers",
    "InMemorySecretStore",
    "SecretStore",
    "WebhookAnswer",
    "WebhookError",
    "WebhookEvent",
    "WebhookHandshakeError",
    "WebhookPayload",
    "WebhookPayloadError",
    "WebhookReceiver",
    "WebhookResource",
    "WebhookSignatureError",
    "handshake_secret",
    "parse_payload",
    "signature_of",
    "verify_signature",
]

HOOK_SECRET = "X-Hook-Secret"
"""The header of the handshake: Asana's secret for the new webhook, echoed by the target."""
HOOK_SIGNATURE = "X-Hook-Signature"
"""The header of a delivery: hex HMAC-SHA256 of the raw body under the webhook's secret."""


@runtime_checkable
class HeaderItems(Protocol):
    """Headers that list themselves with ``items()``: a ``dict``, ``httpx.Headers``, the
    ``headers`` of ``http.server``'s request handler, most frameworks' header objects."""

    def items(self) -> Iterable[tuple[str, str]]:
        """``(name, value)`` pairs."""
        ...


Headers: TypeAlias = HeaderItems | Iterable[tuple[str | bytes, str | bytes]]
"""A request's headers, names in any case: an object with ``items()`` (:class:`HeaderItems`)
or ``(name, value)`` pairs of ``str`` or ``bytes`` (an ASGI scope's ``headers``)."""


# -- errors -------------------------------------------------------------------------------------


class WebhookError(Exception):
    """A webhook request the receiver refuses; :attr:`status` is the HTTP status to answer."""

    status: ClassVar[int] = 400

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        """What was wrong, in words (never the secret)."""
        self.key = key
        """The key of the target the request came to, when known."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, key={self.key!r})"


class WebhookHandshakeError(WebhookError):
    """A handshake the receiver refuses (answered ``409 Conflict``): the key already has a
    secret and the receiver does not replace secrets, or the secret header is empty."""

    status = 409


class WebhookSignatureError(WebhookError):
    """A delivery that cannot be trusted (answered ``401 Unauthorized``): no
    ``X-Hook-Signature``, one that does not match the body, or no secret for the key."""

    status = 401


class WebhookPayloadError(WebhookError):
    """A correctly signed body that is not ``{"events": [...]}`` (answered ``400``)."""

    status = 400


# -- secrets ------------------------------------------------------------------------------------


class SecretStore(Protocol):
    """Where the receiver keeps each webhook's secret, by a key the application chooses.

    The key names the target (usually the request path) because the handshake arrives
    before ``create_webhook`` returns the webhook's gid. Back it with your database or
    secret manager; ``get`` answers ``None`` for an unknown key.
    """

    def get(self, key: str) -> str | None:
        """The secret stored for ``key``, or ``None``."""
        ...

    def put(self, key: str, secret: str) -> None:
        """Store ``secret`` for ``key`` (replacing any older one)."""
        ...


class AsyncSecretStore(Protocol):
    """A :class:`SecretStore` whose methods are coroutines (an async database driver), for
    :class:`AsyncWebhookReceiver`."""

    async def get(self, key: str) -> str | None:
        """The secret stored for ``key``, or ``None``."""
        ...

    async def put(self, key: str, secret: str) -> None:
        """Store ``secret`` for ``key`` (replacing any older one)."""
        ...


class InMemorySecretStore:
    """A :class:`SecretStore` in a dict, safe across threads: for tests and examples (its
    secrets are gone when the process ends). Its ``repr`` shows the keys, never a secret."""

    def __init__(self, secrets: Mapping[str, str] | None = None) -> None:
        self._secrets = dict(secrets or {})
        self._lock = threading.Lock()

    def get(self, key: str) -> str | None:
        """The secret stored for ``key``, or ``None``."""
        with self._lock:
            return self._secrets.get(key)

    def put(self, key: str, secret: str) -> None:
        """Store ``secret`` for ``key``."""
        with self._lock:
            self._secrets[key] = secret

    def keys(self) -> list[str]:
        """The keys that have a secret."""
        with self._lock:
            return list(self._secrets)

    def __repr__(self) -> str:
        return f"InMemorySecretStore(keys={self.keys()!r})"


# -- the steps ----------------------------------------------------------------------------------


def _header_values(headers: Headers, name: str) -> list[str]:
    """Every value of header ``name`` (any case) in ``headers``."""
    wanted = name.lower()
    pairs = headers.items() if isinstance(headers, HeaderItems) else headers
    values = []
    for key, value in pairs:
        key = key.decode("latin-1") if isinstance(key, bytes) else key
        if key.lower() == wanted:
            values.append(value.decode("latin-1") if isinstance(value, bytes) else value)
    return values


def _header(headers: Headers, name: str, error: type[WebhookError], key: str | None) -> str | None:
    values = _header_values(headers, name)
    if len(values) > 1:
        raise error(f"the request carries {len(values)} {name} headers", key=key)
    return values[0].strip() if values else None


def handshake_secret(headers: Headers) -> str | None:
    """The secret of a handshake request (its ``X-Hook-Secret`` header), ``None`` for any
    other request. Raises :class:`WebhookHandshakeError` for an empty or repeated header."""
    secret = _header(headers, HOOK_SECRET, WebhookHandshakeError, None)
    if secret == "":
        raise WebhookHandshakeError(f"the {HOOK_SECRET} header is empty")
    return secret


def signature_of(secret: str, body: bytes) -> str:
    """The ``X-Hook-Signature`` Asana sends with ``body``: hex HMAC-SHA256 under ``secret``."""
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(
    secret: str | None, headers: Headers, body: bytes, *, key: str | None = None
) -> None:
    """Check the delivery's ``X-Hook-Signature`` against the raw ``body``, in constant time.

    Raises :class:`WebhookSignatureError` when there is no secret (``None``: the key is
    unknown), no signature header, or a signature that does not match. ``key`` only goes into
    the error, to say which target was posted to.
    """
    given = _header(headers, HOOK_SIGNATURE, WebhookSignatureError, key)
    if secret is None:
        raise WebhookSignatureError("no webhook secret is stored for this target", key=key)
    if not given:
        raise WebhookSignatureError(f"the request carries no {HOOK_SIGNATURE} header", key=key)
    expected = signature_of(secret, body)
    if not hmac.compare_digest(expected.encode("ascii"), given.lower().encode("utf-8")):
        raise WebhookSignatureError(f"the {HOOK_SIGNATURE} does not match the body", key=key)


_PAYLOAD: TypeAdapter[WebhookPayload] = TypeAdapter(WebhookPayload)


def parse_payload(
    body: bytes, *, key: str | None = None, strict_models: bool = False
) -> WebhookPayload:
    """The delivery ``body`` (``{"events": [...]}``) as typed models, nothing dropped.

    Call it only on a body whose signature was verified. Raises :class:`WebhookPayloadError`
    when the body is not JSON of that shape (an object holding a list of objects). A field
    that does not match its model keeps the value sent, as in any answer of the API, and an
    :class:`~asana_typed.errors.AsanaSchemaWarning` names it; with ``strict_models=True`` it
    raises :class:`WebhookPayloadError` instead.
    """
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WebhookPayloadError(f"the body is not JSON ({error})", key=key) from None
    events = document.get("events") if isinstance(document, dict) else None
    if not isinstance(events, list) or not all(isinstance(e, dict) for e in events):
        raise WebhookPayloadError('the body is not {"events": [{...}, ...]}', key=key)
    try:
        return _PAYLOAD.validate_python(document)
    except ValidationError as error:
        salvaged = None if strict_models else salvage(_PAYLOAD, document, error)
        if salvaged is None:
            first = error.errors(include_url=False)[0]
            where = ".".join(  # without the names pydantic gives to branches of unions
                str(part) for part in first["loc"] if isinstance(part, int) or part.isidentifier()
            )
            raise WebhookPayloadError(
                f"the events do not match the API's spec ({where}: {first['msg']})", key=key
            ) from None
    payload, drifts = salvaged
    for drift in drifts:
        warnings.warn(drift.describe("webhook delivery"), AsanaSchemaWarning, stacklevel=2)
    assert isinstance(payload, WebhookPayload)
    return payload


# -- the receiver -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WebhookAnswer:
    """What to send back for one request, and what it brought.

    Send :attr:`status`, :attr:`headers` and :attr:`body` as the HTTP response. For a verified
    delivery, :attr:`payload` holds its events; for a refused request, :attr:`error` says why.
    """

    status: int
    """The HTTP status: 200, or the refusing error's (401, 409, 400)."""
    headers: dict[str, str] = field(default_factory=dict)
    """Response headers: the echoed ``X-Hook-Secret`` of a handshake, else content type."""
    body: bytes = b""
    """The response body: empty, or the reason for a refusal (plain text)."""
    payload: WebhookPayload | None = None
    """The verified delivery, parsed; ``None`` for a handshake or a refused request."""
    error: WebhookError | None = None
    """Why the request was refused; ``None`` when it was accepted."""
    handshake: bool = False
    """Whether the request was a handshake (accepted or not)."""

    @property
    def events(self) -> list[WebhookEvent]:
        """The events of a verified delivery (empty for anything else)."""
        return list(self.payload.events) if self.payload is not None else []

    @property
    def accepted(self) -> bool:
        """Whether the request was accepted (a confirmed handshake or a verified delivery)."""
        return self.error is None

    def __repr__(self) -> str:  # the headers of a handshake answer hold the secret
        kind = "handshake" if self.handshake else "delivery"
        detail = f"error={self.error!r}" if self.error else f"events={len(self.events)}"
        return f"WebhookAnswer({kind}, status={self.status}, {detail})"

    @classmethod
    def refusal(cls, error: WebhookError, *, handshake: bool = False) -> WebhookAnswer:
        """The answer refusing a request because of ``error``."""
        return cls(
            status=error.status,
            headers={"Content-Type": "text/plain; charset=utf-8"},
            body=error.message.encode("utf-8"),
            error=error,
            handshake=handshake,
        )


EventHandler: TypeAlias = Callable[[str, WebhookPayload], object]
"""Called with the key and the payload of each verified, non-empty delivery."""
AsyncEventHandler: TypeAlias = Callable[[str, WebhookPayload], Awaitable[object]]
"""An :data:`EventHandler` that is a coroutine function, for :class:`AsyncWebhookReceiver`."""

T = TypeVar("T")


@dataclass(frozen=True)
class _Get:
    """Step of a flow: read the secret of ``key`` (the reply is ``str | None``)."""

    key: str


@dataclass(frozen=True)
class _Put:
    """Step of a flow: store ``secret`` for ``key``."""

    key: str
    secret: str


@dataclass(frozen=True)
class _Deliver:
    """Step of a flow: hand a verified payload to ``on_events``."""

    key: str
    payload: WebhookPayload


_Flow: TypeAlias = Generator[_Get | _Put | _Deliver, Any, T]
"""What a receiver decides, written once: it yields the store and callback steps it needs
and returns its result. :class:`WebhookReceiver` runs the steps directly,
:class:`AsyncWebhookReceiver` awaits them."""


class _Receiver:
    """The decisions of both receivers: which answer, when to read or store a secret."""

    store: SecretStore | AsyncSecretStore
    on_events: EventHandler | AsyncEventHandler | None

    def __init__(
        self,
        store: SecretStore | AsyncSecretStore,
        on_events: EventHandler | AsyncEventHandler | None,
        replace_secrets: bool,
        strict_models: bool,
    ) -> None:
        self.store = store
        self.on_events = on_events
        self.replace_secrets = replace_secrets
        self.strict_models = strict_models

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(store={self.store!r}, replace_secrets={self.replace_secrets})"

    def _perform(self, step: _Get | _Put | _Deliver) -> Any:
        """Do what a flow asked for; the reply to send it (awaitable for async stores)."""
        if isinstance(step, _Get):
            return self.store.get(step.key)
        if isinstance(step, _Put):
            return self.store.put(step.key, step.secret)
        return None if self.on_events is None else self.on_events(step.key, step.payload)

    def _handle_flow(self, key: str, headers: Headers, body: bytes) -> _Flow[WebhookAnswer]:
        try:
            secret = handshake_secret(headers)
            if secret is not None:
                yield from self._handshake_flow(key, secret)
                return WebhookAnswer(status=200, headers={HOOK_SECRET: secret}, handshake=True)
            payload = yield from self._verify_flow(key, headers, body)
        except WebhookError as error:
            error.key = key  # only a request carrying X-Hook-Secret raises a handshake error
            return WebhookAnswer.refusal(error, handshake=isinstance(error, WebhookHandshakeError))
        if payload.events:
            yield _Deliver(key, payload)
        return WebhookAnswer(status=200, payload=payload)

    def _handshake_flow(self, key: str, secret: str) -> _Flow[None]:
        if not self.replace_secrets and (yield _Get(key)) is not None:
            raise WebhookHandshakeError(
                "this target already has a webhook secret; use another target path", key=key
            )
        yield _Put(key, secret)

    def _verify_flow(self, key: str, headers: Headers, body: bytes) -> _Flow[WebhookPayload]:
        verify_signature((yield _Get(key)), headers, body, key=key)
        return parse_payload(body, key=key, strict_models=self.strict_models)


class WebhookReceiver(_Receiver):
    """Answers the handshakes and verifies the deliveries of webhook targets.

    ``store`` keeps one secret per key. ``on_events(key, payload)``, if given, is called for
    each verified delivery that has events, before the answer is returned; if it raises, the
    exception propagates (your framework answers 500 and Asana retries the delivery later).
    ``replace_secrets=True`` lets a new handshake replace a key's stored secret.
    ``strict_models=True`` refuses (400) a delivery with a field that does not match its
    model, instead of keeping the value sent with a warning (see :func:`parse_payload`).
    """

    store: SecretStore
    on_events: EventHandler | None

    def __init__(
        self,
        store: SecretStore,
        *,
        on_events: EventHandler | None = None,
        replace_secrets: bool = False,
        strict_models: bool = False,
    ) -> None:
        super().__init__(store, on_events, replace_secrets, strict_models)

    def handle(self, key: str, headers: Headers, body: bytes) -> WebhookAnswer:
        """The answer to one ``POST`` to the target named ``key``: a handshake is confirmed
        (200, echoing ``X-Hook-Secret``); a delivery is verified and parsed (200 and its
        events) or refused (see the table in the module's documentation)."""
        return self._run(self._handle_flow(key, headers, body))

    def accept_handshake(self, key: str, secret: str) -> None:
        """Store ``secret`` for ``key``; :class:`WebhookHandshakeError` if the key already has
        a secret and ``replace_secrets`` is off."""
        self._run(self._handshake_flow(key, secret))

    def verify(self, key: str, headers: Headers, body: bytes) -> WebhookPayload:
        """The events of a delivery to ``key`` once its signature matches the raw ``body``;
        raises :class:`WebhookSignatureError` or :class:`WebhookPayloadError` otherwise."""
        return self._run(self._verify_flow(key, headers, body))

    def _run(self, flow: _Flow[T]) -> T:
        reply: Any = None
        while True:
            try:
                step = flow.send(reply)
            except StopIteration as done:
                result: T = done.value
                return result
            reply = self._perform(step)


class AsyncWebhookReceiver(_Receiver):
    """:class:`WebhookReceiver` for async applications: its methods are coroutines.

    ``store`` may be an :class:`AsyncSecretStore` or a plain :class:`SecretStore` (such as
    :class:`InMemorySecretStore`), and ``on_events`` a coroutine function or a plain one; what
    they return is awaited when it is awaitable.
    """

    def __init__(
        self,
        store: AsyncSecretStore | SecretStore,
        *,
        on_events: AsyncEventHandler | EventHandler | None = None,
        replace_secrets: bool = False,
        strict_models: bool = False,
    ) -> None:
        super().__init__(store, on_events, replace_secrets, strict_models)

    async def handle(self, key: str, headers: Headers, body: bytes) -> WebhookAnswer:
        """The answer to one ``POST`` to the target named ``key`` (see
        :meth:`WebhookReceiver.handle`)."""
        return await self._run(self._handle_flow(key, headers, body))

    async def accept_handshake(self, key: str, secret: str) -> None:
        """Store ``secret`` for ``key`` (see :meth:`WebhookReceiver.accept_handshake`)."""
        await self._run(self._handshake_flow(key, secret))

    async def verify(self, key: str, headers: Headers, body: bytes) -> WebhookPayload:
        """The verified events of a delivery (see :meth:`WebhookReceiver.verify`)."""
        return await self._run(self._verify_flow(key, headers, body))

    async def _run(self, flow: _Flow[T]) -> T:
        reply: Any = None
        while True:
            try:
                step = flow.send(reply)
            except StopIteration as done:
                result: T = done.value
                return result
            reply = self._perform(step)
            if inspect.isawaitable(reply):
                reply = await reply
