"""Testing support: :class:`FakeAsana`, an in-memory Asana API.

The fake answers like the real API (``{"data": ...}`` envelopes, Asana's error bodies and
statuses, ``limit``/``offset`` pagination with opaque offsets, ``opt_fields``) for users,
workspaces, projects, tasks (and the workspace task search, each of its filters), stories,
tags, teams, sections, attachments (multipart uploads), custom fields (definitions, enum
options, settings, values on tasks and search filters), events (per-object streams with sync
tokens), webhooks (the handshake, then signed deliveries
to the target, see :class:`WebhookDelivery`), the batch API, and the jobs of duplicates,
templates and exports; it answers 403 for objects of a workspace the caller is not a member
of, keeps state between requests, records every request and can be told to fail, drop or
delay the next ones. It runs in-process as an httpx
transport (``fake.transport``) or as a real HTTP server on 127.0.0.1 (``with fake.serve() as
url``).

``fake.client()`` and ``fake.async_client()`` give SDK clients wired to it in-process. For
pytest, :mod:`asana_typed.testing.pytest_plugin` provides the ``fake_asana`` and
``fake_asana_server`` fixtures.

The fake speaks plain HTTP/JSON and imports the SDK's client only when asked for one, so it can
test any client.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._engine._faults import FaultKind
    from ._engine._recording import RecordedRequest
    from ._engine._transport import FakeTransport
    from ._fake import FakeAsana, Gid
    from ._handlers._webhook_delivery import WebhookDelivery

__all__ = [
    "FakeAsana",
    "FakeTransport",
    "FaultKind",
    "Gid",
    "RecordedRequest",
    "WebhookDelivery",
]

_LAZY = {
    "FakeAsana": "._fake",
    "FakeTransport": "._engine._transport",
    "FaultKind": "._engine._faults",
    "Gid": "._fake",
    "RecordedRequest": "._engine._recording",
    "WebhookDelivery": "._handlers._webhook_delivery",
}

# The fake is imported when one of its names is first asked for, not with the package: loading
# the pytest plugin (asana_typed.testing.pytest_plugin) costs nothing.
__getattr__: Callable[[str], Any] = lazy_names(__name__, _LAZY)
