"""Errors raised by the SDK.

The tree::

    Exception
    ├── AsanaError                      an answer (or the lack of one) from the API
    │   ├── InvalidRequestError         400
    │   ├── NoAuthorizationError        401
    │   ├── PremiumOnlyError            402
    │   ├── ForbiddenError              403
    │   ├── NotFoundError               404
    │   ├── InvalidTokenError           412 (events: carries the fresh ``sync`` token)
    │   └── RetryableAsanaError         worth retrying; retried up to ``max_retries``
    │       ├── RateLimitEnforcedError  429 (``retry_after`` in seconds)
    │       ├── ServerError             any 5xx (``status`` is the real one)
    │       ├── AsanaConnectionError    the request could not be sent or answered
    │       └── AsanaTimeoutError       the request timed out
    ├── ValueError, TypeError
    │   └── InvalidArgumentError        bad input, refused before anything is sent
    └── UserWarning
        └── AsanaChangeWarning          an announced API change affects a request

Any other non-2xx status raises a plain :class:`AsanaError` carrying that status.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import httpx

__all__ = [  # the public errors; error_from_response and STATUS_ERRORS serve the core
    "AsanaChangeWarning",
    "AsanaConnectionError",
    "AsanaError",
    "AsanaTimeoutError",
    "ForbiddenError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "InvalidTokenError",
    "NoAuthorizationError",
    "NotFoundError",
    "PremiumOnlyError",
    "RateLimitEnforcedError",
    "RetryableAsanaError",
    "ServerError",
]


class InvalidArgumentError(ValueError, TypeError):
    """An argument was refused before any request was sent (e.g. an empty or ``..`` gid)."""


class AsanaChangeWarning(UserWarning):
    """The API announced a change (``Asana-Change`` header) that affects this request."""


class AsanaError(Exception):
    """Base of every error that comes from talking to the API.

    ``status`` is the HTTP status (``None`` when no answer came), ``errors`` the API's
    ``errors`` list as sent, ``message`` the joined error messages, ``phrase`` the error
    phrase Asana attaches to server errors, and ``response`` the :class:`httpx.Response`.
    """

    default_message = "Asana error"

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        errors: list[dict[str, Any]] | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.status = status
        self.errors: list[dict[str, Any]] = errors or []
        self.response = response
        messages = [str(e["message"]) for e in self.errors if e.get("message")]
        self.message = message if message is not None else "; ".join(messages)
        phrases = [str(e["phrase"]) for e in self.errors if e.get("phrase")]
        self.phrase: str | None = phrases[0] if phrases else None
        text = self.default_message
        if self.message.startswith(text):  # Asana's message already names the error
            text = self.message
        elif self.message:
            text = f"{text}: {self.message}"
        super().__init__(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class InvalidRequestError(AsanaError):
    """400: the request was malformed (a missing or invalid parameter)."""

    default_message = "Invalid Request"


class NoAuthorizationError(AsanaError):
    """401: no valid credentials were sent."""

    default_message = "No Authorization"


class PremiumOnlyError(AsanaError):
    """402: the feature needs a premium workspace."""

    default_message = "Payment Required"


class ForbiddenError(AsanaError):
    """403: the credentials may not access this object."""

    default_message = "Forbidden"


class NotFoundError(AsanaError):
    """404: the object or the endpoint does not exist."""

    default_message = "Not Found"


class InvalidTokenError(AsanaError):
    """412: an events sync token is missing or expired; ``sync`` holds a fresh one."""

    default_message = "Sync token invalid or too old"

    def __init__(self, message: str | None = None, *, sync: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.sync = sync


class RetryableAsanaError(AsanaError):
    """Base of the errors the client retries (up to ``max_retries``) before raising."""


class RateLimitEnforcedError(RetryableAsanaError):
    """429: too many requests; ``retry_after`` is the wait Asana asked for, in seconds."""

    default_message = "Rate Limit Enforced"

    def __init__(
        self, message: str | None = None, *, retry_after: float | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(RetryableAsanaError):
    """Any 5xx answer; ``status`` keeps the real status (502 stays 502)."""

    default_message = "Server Error"


class AsanaConnectionError(RetryableAsanaError):
    """The request could not be sent, or the connection broke before an answer."""

    default_message = "Connection Error"


class AsanaTimeoutError(RetryableAsanaError):
    """The request did not complete within the timeout."""

    default_message = "Timeout"


STATUS_ERRORS: Mapping[int, type[AsanaError]] = {
    400: InvalidRequestError,
    401: NoAuthorizationError,
    402: PremiumOnlyError,
    403: ForbiddenError,
    404: NotFoundError,
    412: InvalidTokenError,
    429: RateLimitEnforcedError,
}


def _error_body(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def error_from_response(response: httpx.Response, retry_after: float | None = None) -> AsanaError:
    """Map a non-2xx response to its error class, keeping everything the API sent."""
    status = response.status_code
    cls = STATUS_ERRORS.get(status) or (ServerError if status >= 500 else AsanaError)
    body = _error_body(response)
    raw_errors = body.get("errors") if body is not None else None
    errors = [e for e in raw_errors if isinstance(e, dict)] if isinstance(raw_errors, list) else []
    message: str | None = None
    if not errors:
        kind = response.headers.get("content-type", "unknown content type")
        message = f"HTTP {status} with a body that is not Asana's error JSON ({kind})"
    kw: dict[str, Any] = {"status": status, "errors": errors, "response": response}
    if cls is InvalidTokenError:
        sync = body.get("sync") if body is not None else None
        kw["sync"] = sync if isinstance(sync, str) else None
    elif cls is RateLimitEnforcedError:
        kw["retry_after"] = retry_after
    return cls(message, **kw)
