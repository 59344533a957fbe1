"""Request options and how their three layers combine.

``Client.DEFAULTS`` < ``client.options`` < the ``options=`` of one call. A layer overrides the
one below only with the options that were explicitly set on it (``None`` set explicitly is a
value); ``headers`` are merged key by key across all layers. Layers are read at call time, so
changing ``Client.DEFAULTS`` affects clients that already exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "RequestOptions",
    "ResolvedOptions",
    "merge_options",
]

DEFAULT_BASE_URL = "https://app.asana.com/api/1.0"
DEFAULT_TIMEOUT = 30.0


# Allowed ranges, checked by a validator (cheaper to import than constrained types).
_RANGES: dict[str, tuple[float, float | None]] = {
    "max_retries": (0, None),
    "page_size": (1, 100),
    "item_limit": (0, None),
    "poll_interval": (0, None),
    "max_concurrent_reads": (1, None),
    "max_concurrent_writes": (1, None),
}


class RequestOptions(BaseModel):
    """Options for requests: one object per layer (defaults, client, call).

    Assignments are validated, and unknown option names are refused at once::

        client.options.page_size = 100
        client.tasks.get_tasks({"project": gid}, options=RequestOptions(item_limit=10))
    """

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, arbitrary_types_allowed=True, defer_build=True
    )

    base_url: str = DEFAULT_BASE_URL
    """Root of the API."""
    max_retries: int = 5
    """Retries (not attempts) after 429, 5xx, timeouts and connection errors."""
    page_size: int = 50
    """``limit`` sent for each page (the API accepts 1..100)."""
    item_limit: int | None = None
    """Total items an iterator yields; ``None`` for all."""
    offset: str | None = None
    """Cursor to start from: the ``next_page.offset`` of an earlier page."""
    fields: list[str] | None = None
    """Field paths to return (``opt_fields``)."""
    expand: list[str] | None = None
    """Fields to expand (``opt_expand``)."""
    pretty: bool | None = None
    """Ask for indented JSON (``opt_pretty``)."""
    poll_interval: float = 5.0
    """Seconds between event polls when no event is waiting."""
    timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT
    """Seconds (or an ``httpx.Timeout``) for each attempt; ``None`` waits forever."""
    headers: dict[str, str] = Field(default_factory=dict)
    """Extra request headers, merged key by key across layers."""
    asana_enable: list[str] = Field(default_factory=list)
    """Deprecation changes to opt into (``Asana-Enable``)."""
    asana_disable: list[str] = Field(default_factory=list)
    """Deprecation changes to opt out of (``Asana-Disable``)."""
    retry_non_idempotent: bool = False
    """Also retry POST requests after 5xx answers and broken connections."""
    max_concurrent_reads: int = 50
    """GET requests one client keeps in flight at most (Asana allows 50 per token)."""
    max_concurrent_writes: int = 15
    """Other requests one client keeps in flight at most (Asana allows 15 per token)."""

    @field_validator(*_RANGES)
    @classmethod
    def _in_range(cls, value: float | None, info: ValidationInfo) -> float | None:
        low, high = _RANGES[str(info.field_name)]
        if value is not None and (value < low or (high is not None and value > high)):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise ValueError(f"{info.field_name} must be {bounds}, got {value}")
        return value


_CONTAINER_FIELDS = frozenset({"headers", "asana_enable", "asana_disable"})


@dataclass(frozen=True, slots=True)
class ResolvedOptions:
    """The options in force for one call, after the layers were combined."""

    base_url: str
    max_retries: int
    page_size: int
    item_limit: int | None
    offset: str | None
    fields: list[str] | None
    expand: list[str] | None
    pretty: bool | None
    poll_interval: float
    timeout: float | httpx.Timeout | None
    headers: dict[str, str]
    asana_enable: list[str]
    asana_disable: list[str]
    retry_non_idempotent: bool
    max_concurrent_reads: int
    max_concurrent_writes: int


def merge_options(defaults: RequestOptions, *layers: RequestOptions | None) -> ResolvedOptions:
    """Combine ``defaults`` (every value counts) with ``layers`` (explicitly set values only).

    A container option changed in place (``client.options.headers["X"] = "1"``) counts as set.
    """
    values = dict(defaults.__dict__)
    headers = dict(defaults.headers)
    for layer in layers:
        if layer is None:
            continue
        own = layer.__dict__
        for name in layer.model_fields_set:
            values[name] = own[name]
        for name in _CONTAINER_FIELDS - layer.model_fields_set:
            if own[name]:
                values[name] = own[name]
        headers.update(layer.headers)
    values["headers"] = headers
    return ResolvedOptions(**values)
