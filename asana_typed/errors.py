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
    │   ├── TLSConfigurationError       the CA certificates cannot be loaded (never retried)
    │   ├── SearchOverflowError         a search walk met more tasks at one created_at than
    │   │                               one search answers
    │   └── RetryableAsanaError         worth retrying; retried up to ``max_retries``
    │       ├── RateLimitEnforcedError  429 (``retry_after`` in seconds)
    │       ├── ServerError             any 5xx (``status`` is the real one)
    │       ├── AsanaConnectionError    the request could not be sent or answered
    │       └── AsanaTimeoutError       the request timed out
    ├── ValueError, TypeError
    │   └── InvalidArgumentError        bad input, refused before anything is sent
    └── UserWarning
        ├── AsanaChangeWarning          an announced API change affects a request
        └── AsanaSchemaWarning          an answer does not match its model (kept as sent)

Any other non-2xx status raises a plain :class:`AsanaError` carrying that status.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from ._retry import parse_retry_after

__all__ = [  # the public errors; error_from_response and STATUS_ERRORS serve the core
    "AsanaChangeWarning",
    "AsanaConnectionError",
    "AsanaError",
    "AsanaSchemaWarning",
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
    "SearchOverflowError",
    "ServerError",
    "TLSConfigurationError",
]


class InvalidArgumentError(ValueError, TypeError):
    """An argument was refused before any request was sent.

    Raised for a bad gid (empty, or one that would change the path such as ``..``), params or
    options of the wrong type or out of range, an unknown option name, and misused calls. It
    is both a :class:`ValueError` and a :class:`TypeError`, and carries only its message.
    """


class AsanaChangeWarning(UserWarning):
    """A warning, not an error: the API announced a change that affects this request.

    Issued when a successful answer carries an ``Asana-Change`` header marked
    ``affected=true`` for a change the request neither enabled nor disabled (see
    ``RequestOptions.asana_enable`` / ``asana_disable``, or a raw ``Asana-Enable`` /
    ``Asana-Disable`` header in ``RequestOptions.headers``). The text names the change.
    """


class AsanaSchemaWarning(UserWarning):
    """A warning, not an error: an answer does not match the model the API's spec describes.

    The call still returns its model. Every field that validates is typed as usual; a field
    that does not keeps the value Asana sent (so ``model_dump(mode="json",
    exclude_unset=True)`` still gives back the answer). One warning per operation and field
    per client names the operation, the field, what was expected and what came.
    ``RequestOptions(strict_models=True)`` raises :class:`AsanaError` instead.
    """


class AsanaError(Exception):
    """Base of every error that comes from talking to the API.

    Raised as such for a non-2xx status that has no class of its own (e.g. 405, 409, 410,
    422); the subclasses cover the others. Attributes: ``status``, ``errors``, ``message``,
    ``phrase`` and ``response``.
    """

    default_message: ClassVar[str] = "Asana error"
    """The start of ``str(error)``, which names the kind of error."""
    status: int | None
    """The HTTP status of the answer; ``None`` when no answer came."""
    errors: list[dict[str, Any]]
    """The ``errors`` list of the API's answer as sent (``[]`` when it had none)."""
    message: str
    """The given message, or the messages of ``errors`` joined with ``"; "``."""
    phrase: str | None
    """The error phrase Asana attaches to server errors (to quote to its support), if any."""
    response: httpx.Response | None
    """The answer the error was made from; ``None`` when there was none."""

    def __init__(
        self,
        message: str | None = None,
        *,
        status: int | None = None,
        errors: list[dict[str, Any]] | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        self.status = status
        self.errors = errors or []
        self.response = response
        messages = [str(e["message"]) for e in self.errors if e.get("message")]
        self.message = message if message is not None else "; ".join(messages)
        phrases = [str(e["phrase"]) for e in self.errors if e.get("phrase")]
        self.phrase = phrases[0] if phrases else None
        text = self.default_message
        if self.message.startswith(text):  # Asana's message already names the error
            text = self.message
        elif self.message:
            text = f"{text}: {self.message}"
        super().__init__(text)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status!r}, message={self.message!r})"


class InvalidRequestError(AsanaError):
    """Raised on status 400: the request was malformed (a missing or invalid parameter).

    Carries the attributes of :class:`AsanaError`; ``message`` says what the API refused.
    """

    default_message = "Invalid Request"


class NoAuthorizationError(AsanaError):
    """Raised on status 401: no valid credentials were sent.

    Also raised by OAuth clients when there is no usable token, when the token endpoint
    refuses a code exchange or a refresh, and when the user refuses the authorization; those
    carry no ``response`` (its request holds secrets), and their text names no secret.
    Carries the attributes of :class:`AsanaError`.
    """

    default_message = "No Authorization"


class PremiumOnlyError(AsanaError):
    """Raised on status 402: the feature needs a paid workspace or organization.

    Carries the attributes of :class:`AsanaError`.
    """

    default_message = "Payment Required"


class ForbiddenError(AsanaError):
    """Raised on status 403: the credentials may not access this object.

    Carries the attributes of :class:`AsanaError`.
    """

    default_message = "Forbidden"


class NotFoundError(AsanaError):
    """Raised on status 404: the object or the endpoint does not exist (or is not visible).

    Carries the attributes of :class:`AsanaError`.
    """

    default_message = "Not Found"


class InvalidTokenError(AsanaError):
    """Raised on status 412: an events sync token is missing, invalid or too old.

    The events calls that poll (``events.get_next``, ``events.get_iterator``) catch it and go
    on with the fresh token themselves. Carries the attributes of :class:`AsanaError` and
    ``sync``.
    """

    default_message = "Sync token invalid or too old"
    sync: str | None
    """The fresh sync token the API sent with the error; ``None`` if it sent none."""

    def __init__(self, message: str | None = None, *, sync: str | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.sync = sync


class RetryableAsanaError(AsanaError):
    """Base of the errors worth another attempt: 429, 5xx, timeouts and connection errors.

    The client retries them (up to ``RequestOptions.max_retries`` times; a request that is
    not idempotent only when that is safe or ``retry_non_idempotent`` is set) and raises the
    last one. Carries the attributes of :class:`AsanaError`.
    """


class RateLimitEnforcedError(RetryableAsanaError):
    """Raised on status 429 once the retries are used up: too many requests.

    Carries the attributes of :class:`AsanaError` and ``retry_after``.
    """

    default_message = "Rate Limit Enforced"
    retry_after: float | None
    """The wait Asana asked for (``Retry-After``), in seconds; ``None`` if it gave none."""

    def __init__(
        self, message: str | None = None, *, retry_after: float | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class ServerError(RetryableAsanaError):
    """Raised on any 5xx status once the retries are used up (or not allowed).

    ``status`` keeps the real status (502 stays 502); ``phrase`` is the phrase to quote to
    Asana's support. Carries the attributes of :class:`AsanaError`.
    """

    default_message = "Server Error"


class AsanaConnectionError(RetryableAsanaError):
    """Raised when a request could not be sent, or its connection broke before an answer.

    Raised once the retries are used up (or when retrying is not safe: a POST whose
    connection broke after it was sent).

    ``status`` and ``response`` are ``None``, ``errors`` is empty, and ``message`` names the
    transport error. The httpx exception it was made from is its ``__cause__``.
    """

    default_message = "Connection Error"


class AsanaTimeoutError(RetryableAsanaError):
    """Raised when a request timed out (``RequestOptions.timeout``) once retries are used up.

    Any phase counts: connecting, sending, reading, or waiting for a pooled connection.

    No answer came: ``status`` and ``response`` are ``None``, ``errors`` is empty, and
    ``message`` names the timeout. The httpx exception it was made from is its ``__cause__``.
    """

    default_message = "Timeout"


class TLSConfigurationError(AsanaError):
    """Raised when the CA certificates to verify servers with cannot be loaded.

    The certificates come from ``certifi``, or from the files the ``SSL_CERT_FILE`` and
    ``SSL_CERT_DIR`` environment variables name. Nothing was sent, and trying again would fail
    the same way: it is raised at the first ``https`` request, never retried. ``message``
    names the variable and the file; ``status`` and ``response`` are ``None``.
    """

    default_message = "TLS Configuration Error"


class SearchOverflowError(AsanaError):
    """Raised by ``tasks.search_all_tasks_for_workspace`` when it cannot go on without a gap.

    The walk moves a ``created_at`` bound from one search to the next; one search answers at
    most 100 tasks, so when a whole answer is tasks sharing the bound's ``created_at`` that
    were already handed out, the tasks after them (at that moment or later) cannot be reached.
    Everything yielded before is correct and was yielded once. ``created_at`` is that moment
    and ``count`` how many tasks at it were handed out. To go on, add a filter that splits
    those tasks, or start a new walk past the moment (``created_at.after`` when ascending,
    ``created_at.before`` when descending). ``status`` and ``response`` are ``None``.
    """

    default_message = "Search Overflow"
    created_at: _dt.datetime
    """The ``created_at`` shared by more tasks than one search answers."""
    count: int
    """How many tasks with that ``created_at`` were handed out before the walk stopped."""

    def __init__(self, created_at: _dt.datetime, count: int, *, ascending: bool) -> None:
        moment = created_at.isoformat()
        resume = "created_at.after" if ascending else "created_at.before"
        super().__init__(
            f"the search walk stopped at created_at {moment}: {count} tasks handed out share "
            "it, and a whole answer held no other task; add a filter that splits them, or go "
            f"on past that moment with {resume}={moment}"
        )
        self.created_at = created_at
        self.count = count


STATUS_ERRORS: Mapping[int, type[AsanaError]] = {  # 5xx: ServerError; any other: AsanaError
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
    """Map a non-2xx response to its error class, keeping everything the API sent.

    ``retry_after`` is the wait a 429 asks for, when the caller has read it already;
    otherwise it is read from the ``Retry-After`` header.
    """
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
        if retry_after is None:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
        kw["retry_after"] = retry_after
    return cls(message, **kw)
