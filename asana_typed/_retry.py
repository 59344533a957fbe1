"""When to retry a request, and how long to wait first. No I/O here.

One budget (``max_retries``) covers every kind of retry of one call:

- 429: wait ``Retry-After`` (seconds or an HTTP date), any method; without a usable
  ``Retry-After``, wait like a 5xx.
- 5xx, timeouts, broken connections: wait 1, 2, 4, 8, 16 ... seconds. Requests that are not
  idempotent (POST) are retried only when they provably never reached the server (the
  connection could not be made) or when ``retry_non_idempotent`` is set.
- A host name that does not exist (the resolver's "name or service not known") is not
  retried: waiting will not make it exist. A temporary resolver failure is.
"""

from __future__ import annotations

import email.utils
import socket
import time
from dataclasses import dataclass

import httpx

__all__ = ["IDEMPOTENT_METHODS", "RetryPolicy", "is_unknown_host", "parse_retry_after"]

IDEMPOTENT_METHODS: frozenset[str] = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
"""The idempotent methods of HTTP (RFC 9110, section 9.2.2): sending one twice does what sending
it once does. They are retried after 5xx answers, timeouts and broken connections without
asking, and sent again on a fresh connection when a kept-alive one turned out closed (the HTTP
layer uses this same set). TRACE is one of them: the API has no TRACE operation, but a request
sent through ``client.http_client`` may be one, and nothing is gained by treating it as unsafe."""

# Errors raised before a single byte of the request could have reached the server.
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Transport errors worth another attempt; the rest (a bad URL scheme, a local protocol
# misuse) would fail the same way again.
_TRANSIENT = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
    httpx.ProxyError,
)


def is_unknown_host(exc: BaseException) -> bool:
    """Whether ``exc`` was caused by resolving a host name that does not exist (``EAI_NONAME``).

    Transports raise ``httpx.ConnectError`` from the resolver's ``socket.gaierror``.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return seen.errno == socket.EAI_NONAME
        seen = seen.__cause__ or seen.__context__
    return False


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date)."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if moment.tzinfo is None:
            return None
        seconds = moment.timestamp() - (time.time() if now is None else now)
        return max(0.0, seconds)
    return seconds if seconds >= 0 else None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retry decisions for one call; ``retries_done`` counts retries already made."""

    max_retries: int
    retry_non_idempotent: bool = False
    backoff_base: float = 1.0

    def backoff(self, retries_done: int) -> float:
        """Exponential wait before retry number ``retries_done + 1``: 1, 2, 4, 8, 16 ... s."""
        return float(self.backoff_base * (2**retries_done))

    def wait_after_status(
        self, retries_done: int, method: str, status: int, retry_after: float | None
    ) -> float | None:
        """Seconds to wait before retrying an answer with ``status``, or ``None`` to stop."""
        if retries_done >= self.max_retries:
            return None
        if status == 429:
            return retry_after if retry_after is not None else self.backoff(retries_done)
        if status >= 500 and (method in IDEMPOTENT_METHODS or self.retry_non_idempotent):
            return self.backoff(retries_done)
        return None

    def wait_after_exception(
        self, retries_done: int, method: str, exc: httpx.TransportError
    ) -> float | None:
        """Seconds to wait before retrying after a transport error, or ``None`` to stop."""
        if retries_done >= self.max_retries or not isinstance(exc, _TRANSIENT):
            return None
        if isinstance(exc, httpx.ConnectError) and is_unknown_host(exc):
            return None
        if (
            isinstance(exc, _NEVER_SENT)
            or method in IDEMPOTENT_METHODS
            or self.retry_non_idempotent
        ):
            return self.backoff(retries_done)
        return None
