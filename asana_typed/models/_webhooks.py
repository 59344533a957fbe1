"""What a webhook delivery carries: written by hand, beside the generated models.

Asana describes a delivered event with the same schema as an event of the events feed
(:class:`~asana_typed.models.Event`); webhooks send its objects compact (``gid``,
``resource_type`` and, for tasks and other subtyped objects, ``resource_subtype``).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ._base import AsanaModel, ListOf
from ._generated import AsanaNamedResource, Event

__all__ = ["WebhookEvent", "WebhookPayload", "WebhookResource"]


class WebhookResource(AsanaNamedResource):
    """An object named by a webhook event: its ``gid``, type and subtype (no ``name``)."""

    resource_subtype: str | None = None
    """The subtype, for objects that have one (``"default_task"``, ``"milestone"``, ...)."""


class WebhookEvent(Event):
    """One event of a webhook delivery: what happened (``action``), to what (``resource``),
    where (``parent``, for ``added`` / ``removed``), which field (``change``), by whom
    (``user``, ``None`` for Asana's own changes) and when (``created_at``).

    Like every model it keeps the fields it does not declare (``model_extra``), and
    ``model_dump(mode="json", exclude_unset=True)`` gives back the event as delivered.
    """

    resource: WebhookResource | None = None
    """The object the event is about (a task, a story, a project, ...)."""
    parent: WebhookResource | None = None
    """For ``added`` and ``removed`` events, the object it was added to or removed from."""


class WebhookPayload(AsanaModel):
    """The body of a webhook delivery: ``{"events": [...]}``, oldest event first.

    Iterating it yields its events. Asana also sends an empty batch now and then, to check
    that the target is alive.
    """

    events: ListOf[WebhookEvent] = Field(default_factory=list)
    """The events of this delivery."""

    def __iter__(self) -> Iterator[WebhookEvent]:  # type: ignore[override]
        """The events of this delivery (``for event in payload``)."""
        return iter(self.events)
