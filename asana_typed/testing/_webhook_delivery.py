"""Webhook delivery: the handshake, signed event batches, retries and the delivery log.

Every event the store logs (see :mod:`._activity`) is offered to :meth:`WebhookDispatcher.observe`
while the request that caused it still holds the store's lock. A webhook *hears* an event when
its resource is in the event's feeds (the same objects whose ``GET /events`` stream shows it: a
project hears its tasks and their stories), when it is on the event's workspace, or when it is
on the team of a changed project. The event must also pass one of the webhook's filters (no
filters: every event passes).

Heard events wait per webhook until a background thread picks them up. The thread first waits
for the store's lock, so all the events of one request go out in one batch: a ``POST`` of
``{"events": [...]}`` to the target, signed with ``X-Hook-Signature`` (the hex HMAC-SHA256 of
the body under the webhook's secret). A 2xx answer delivers the batch; ``410 Gone`` deletes the
webhook, as Asana does; anything else (or no answer) is retried after the next of
``retry_delays``, and once they are used up the webhook is deleted, as Asana does after a day of
failures. Batches of one webhook go out in order, a failing one holding back the next.

The thread runs only while there is work, so an idle fake holds no thread. Every ``POST`` is
recorded as a :class:`WebhookDelivery`; :meth:`WebhookDispatcher.wait` lets a test wait for them.
"""

from __future__ import annotations

import functools
import json
import ssl
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx

from ..webhooks import signature_of
from ._state import Record, Ref, Store, utc_timestamp

__all__ = [
    "DEFAULT_RETRY_DELAYS",
    "DELIVERY_TIMEOUT",
    "WebhookDelivery",
    "WebhookDispatcher",
    "handshake",
    "passes_filters",
]

DELIVERY_TIMEOUT = 10.0
"""Seconds a target has to answer the handshake or a delivery (Asana allows 10)."""
DEFAULT_RETRY_DELAYS: tuple[float, ...] = (0.1, 0.2, 0.4, 0.8, 1.6, 3.2)
"""Seconds before each retry of a failed delivery: short, for tests (Asana retries for a day)."""
_FAILURE_CONTENT_LIMIT = 1000


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One context for every outgoing client (making one per client costs ~15 ms)."""
    return ssl.create_default_context()


def _http_client(timeout: float) -> httpx.Client:
    """A client for posting to targets: environment proxies ignored (targets are local)."""
    return httpx.Client(timeout=timeout, trust_env=False, verify=_tls_context())


@dataclass(frozen=True)
class WebhookDelivery:
    """One ``POST`` of events to a webhook's target; each retry is another delivery."""

    webhook: str
    """The webhook's gid."""
    target: str
    """The URL posted to."""
    body: bytes
    """The raw body sent: ``{"events": [...]}``."""
    signature: str
    """The ``X-Hook-Signature`` header sent: hex HMAC-SHA256 of ``body`` under the secret."""
    attempt: int
    """1 for the first try of a batch, 2 for its first retry, and so on."""
    status: int | None
    """The target's HTTP status, or ``None`` when it could not be reached."""
    error: str | None
    """Why the target could not be reached, or ``None``."""
    sent_at: str
    """When the ``POST`` was sent (UTC, Asana's timestamp format)."""

    @property
    def delivered(self) -> bool:
        """Whether the target accepted the batch (a 2xx answer)."""
        return self.status is not None and 200 <= self.status < 300

    @property
    def events(self) -> list[dict[str, Any]]:
        """The events of the batch, parsed from :attr:`body`."""
        events: list[dict[str, Any]] = json.loads(self.body)["events"]
        return events


def handshake(target: str, secret: str, timeout: float = DELIVERY_TIMEOUT) -> str | None:
    """Send the ``X-Hook-Secret`` handshake to ``target``; ``None`` when it is confirmed.

    The target confirms by answering 200 or 204 with the same ``X-Hook-Secret`` header;
    otherwise the answer is the reason, in words.
    """
    try:
        with _http_client(timeout) as http:
            response = http.post(target, headers={"X-Hook-Secret": secret})
    except httpx.HTTPError as error:
        return f"the target could not be reached ({type(error).__name__})"
    if response.status_code not in (200, 204):
        return f"the target answered {response.status_code} instead of 200 or 204"
    if response.headers.get("X-Hook-Secret") != secret:
        return "the target did not echo the X-Hook-Secret header"
    return None


def passes_filters(filters: list[Record], event: Record) -> bool:
    """Whether a delivered-form event passes any of ``filters`` (all pass without filters)."""
    return not filters or any(_passes(f, event) for f in filters)


def _passes(webhook_filter: Record, event: Record) -> bool:
    resource = event["resource"]
    for key, actual in (
        ("resource_type", resource["resource_type"]),
        ("resource_subtype", resource.get("resource_subtype")),
        ("action", event["action"]),
    ):
        if webhook_filter.get(key) and webhook_filter[key] != actual:
            return False
    fields = webhook_filter.get("fields")
    if fields:
        change = event.get("change") or {}
        return event["action"] == "changed" and change.get("field") in fields
    return True


def hears(store: Store, webhook: Record, event: Record) -> bool:
    """Whether ``event`` concerns the webhook's resource (filters aside)."""
    gid = webhook["resource"].gid
    if gid in event["_feeds"] or gid == event["_workspace"]:
        return True
    if webhook["resource"].resource_type != "team":
        return False
    resource = store.resolve(event["resource"])
    return resource is not None and resource.get("team") == Ref("team", gid)


def delivered_event(store: Store, event: Record) -> Record:
    """An event as webhooks send it: objects as gid, type and subtype, without names."""
    payload: Record = {
        "user": _compact(store, event["user"]),
        "created_at": event["created_at"],
        "action": event["action"],
        "resource": _compact(store, event["resource"]),
        "parent": _compact(store, event["parent"]),
    }
    if "change" in event:
        payload["change"] = {key: _plain(value) for key, value in event["change"].items()}
    return payload


def _compact(store: Store, ref: Ref | None) -> Record | None:
    if ref is None:
        return None
    record = store.resolve(ref)
    compact: Record = {"gid": ref.gid, "resource_type": ref.resource_type}
    if record is not None and record.get("resource_subtype"):
        compact["resource_subtype"] = record["resource_subtype"]
    return compact


def _plain(value: Any) -> Any:
    if isinstance(value, Ref):
        return {"gid": value.gid, "resource_type": value.resource_type}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


@dataclass
class _Batch:
    webhook: str
    events: list[Record]
    attempts: int = 0
    due: float = 0.0


class WebhookDispatcher:
    """Queues the events webhooks hear and delivers them from a background thread."""

    retry_delays: tuple[float, ...]
    """Seconds before each retry of a failed batch; the webhook is deleted after the last."""
    timeout: float
    """Seconds a target has to answer a delivery."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._changed = threading.Condition()
        self._wake = threading.Event()
        self._pending: dict[str, list[Record]] = {}
        self._retrying: dict[str, _Batch] = {}
        self._sending = 0
        self._running = False
        self._deliveries: list[WebhookDelivery] = []
        self.retry_delays = DEFAULT_RETRY_DELAYS
        self.timeout = DELIVERY_TIMEOUT
        store.event_observers.append(self.observe)

    # -- queueing (under the store's lock) ---------------------------------------------------

    def observe(self, event: Record) -> None:
        """Queue ``event`` for every active webhook that hears it and whose filters pass it."""
        webhooks = [
            w for w in self._store.all("webhook") if w["active"] and hears(self._store, w, event)
        ]
        if not webhooks:
            return
        payload = delivered_event(self._store, event)
        with self._changed:
            for webhook in webhooks:
                if passes_filters(webhook["filters"], payload):
                    self._pending.setdefault(webhook["gid"], []).append(payload)
            if self._pending and not self._running:
                self._running = True
                threading.Thread(target=self._run, name="FakeAsana webhooks", daemon=True).start()
            self._wake.set()

    # -- the delivery thread -----------------------------------------------------------------

    def _run(self) -> None:
        with _http_client(self.timeout) as http:
            while True:
                with self._store.locked():
                    pass  # the request that logged the events has finished: batch them all
                batch, wait = self._next_batch()
                if batch is not None:
                    self._send(http, batch)
                elif wait is None:
                    return
                else:
                    self._wake.wait(wait)
                    self._wake.clear()

    def _next_batch(self) -> tuple[_Batch | None, float | None]:
        """A batch due now, else how long until one is (``None``: no work, the thread ends)."""
        with self._changed:
            now = time.monotonic()
            for gid, batch in list(self._retrying.items()):
                if batch.due <= now:
                    del self._retrying[gid]
                    self._sending += 1
                    return batch, None
            for gid in list(self._pending):
                if gid not in self._retrying:
                    self._sending += 1
                    return _Batch(gid, self._pending.pop(gid)), None
            if self._retrying:
                return None, max(0.0, min(b.due for b in self._retrying.values()) - now)
            self._running = False
            self._changed.notify_all()
            return None, None

    def _send(self, http: httpx.Client, batch: _Batch) -> None:
        with self._store.locked():
            webhook = self._store.find("webhook", batch.webhook)
            target, secret = (webhook["target"], webhook["_secret"]) if webhook else ("", "")
        delivery = None
        retry_in: float | None = None
        if webhook is not None:
            batch.attempts += 1
            delivery, content = self._post(http, batch, target, secret)
            with self._store.locked():
                retry_in = self._settle(batch, delivery, content)
        with self._changed:
            self._sending -= 1
            if delivery is not None:
                self._deliveries.append(delivery)
            if retry_in is not None:
                batch.due = time.monotonic() + retry_in
                self._retrying[batch.webhook] = batch
            self._changed.notify_all()

    def _post(
        self, http: httpx.Client, batch: _Batch, target: str, secret: str
    ) -> tuple[WebhookDelivery, str]:
        """Send one batch; the delivery and what to report as ``last_failure_content``."""
        body = json.dumps({"events": batch.events}, ensure_ascii=False).encode("utf-8")
        signature = signature_of(secret, body)
        sent_at = utc_timestamp()
        status: int | None = None
        error: str | None = None
        try:
            response = http.post(
                target,
                content=body,
                headers={"Content-Type": "application/json", "X-Hook-Signature": signature},
                timeout=self.timeout,
            )
        except httpx.HTTPError as failure:
            error = f"{type(failure).__name__}: {failure}"
            content = error
        else:
            status = response.status_code
            content = f"{status} {response.reason_phrase}\n\n{response.text}"
        delivery = WebhookDelivery(
            batch.webhook, target, body, signature, batch.attempts, status, error, sent_at
        )
        return delivery, content[:_FAILURE_CONTENT_LIMIT]

    def _settle(self, batch: _Batch, delivery: WebhookDelivery, content: str) -> float | None:
        """Update the webhook's record after a delivery; the delay before a retry, if any."""
        webhook = self._store.find("webhook", batch.webhook)
        if webhook is None:
            return None
        now = datetime.now(timezone.utc)
        if delivery.delivered:
            webhook.update(
                last_success_at=utc_timestamp(now),
                delivery_retry_count=0,
                next_attempt_after=None,
                failure_deletion_timestamp=None,
            )
            return None
        remaining = self.retry_delays[batch.attempts - 1 :]
        if delivery.status == 410 or not remaining:
            self._store.delete("webhook", batch.webhook)
            return None
        webhook.update(
            last_failure_at=utc_timestamp(now),
            last_failure_content=content,
            delivery_retry_count=batch.attempts,
            next_attempt_after=utc_timestamp(now + timedelta(seconds=remaining[0])),
            failure_deletion_timestamp=utc_timestamp(now + timedelta(seconds=sum(remaining))),
        )
        return remaining[0]

    # -- what tests see ----------------------------------------------------------------------

    def deliveries(self, webhook: str | None = None) -> list[WebhookDelivery]:
        """Every delivery so far (of one webhook, if given), oldest first."""
        with self._changed:
            return _of(self._deliveries, webhook)

    def wait(self, count: int | None, webhook: str | None, timeout: float) -> list[WebhookDelivery]:
        """The successful deliveries once there are ``count`` (or, with ``None``, once
        nothing is waiting to be sent); :class:`TimeoutError` after ``timeout`` seconds."""

        def done() -> bool:
            if count is None:
                return not (self._pending or self._retrying or self._sending)
            return sum(d.delivered for d in _of(self._deliveries, webhook)) >= count

        with self._changed:
            if not self._changed.wait_for(done, timeout):
                made = _of(self._deliveries, webhook)
                wanted = "all events delivered" if count is None else f"{count} deliveries"
                raise TimeoutError(
                    f"waited {timeout} s for {wanted}; {sum(d.delivered for d in made)} of "
                    f"{len(made)} attempts delivered (statuses {[d.status for d in made]})"
                )
            return [d for d in _of(self._deliveries, webhook) if d.delivered]


def _of(deliveries: Iterable[WebhookDelivery], webhook: str | None) -> list[WebhookDelivery]:
    return [d for d in deliveries if webhook is None or d.webhook == webhook]
