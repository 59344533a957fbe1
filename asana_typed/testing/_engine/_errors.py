"""Errors raised by endpoint handlers and the JSON bodies Asana sends for them.

A handler signals a failure by raising :class:`ApiError`; the application turns it into
``{"errors": [{"message": ..., "help": ...}]}`` with the matching status. Server errors (5xx)
also carry a ``phrase``, the few random words Asana adds so support can find the incident.
"""

from __future__ import annotations

import itertools
from typing import Any

__all__ = [
    "HELP_TEXT",
    "ApiError",
    "bad_request",
    "error_body",
    "forbidden",
    "missing_input",
    "not_found",
]

HELP_TEXT: str = (
    "For more information on API status codes and how to handle them, "
    "read the docs on errors: https://developers.asana.com/docs/errors"
)

_PHRASE_WORDS = (
    ("sad", "happy", "sleepy", "brave", "tiny", "quiet", "eager", "fuzzy"),
    ("squid", "otter", "llama", "heron", "badger", "walrus", "gecko", "panda"),
    ("snuggle", "wander", "juggle", "whistle", "ponder", "tumble", "giggle", "paddle"),
    ("softly", "boldly", "slowly", "gladly", "wisely", "oddly", "calmly", "loudly"),
)
_phrase_counter = itertools.count(1)


def _next_phrase() -> str:
    """A short, deterministic, unique-looking phrase like Asana's 5xx error phrases."""
    n = next(_phrase_counter)
    words = [group[(n * (i + 3)) % len(group)] for i, group in enumerate(_PHRASE_WORDS)]
    return f"{n % 9 + 1} " + " ".join(words)


class ApiError(Exception):
    """A request the fake refuses: rendered as an Asana error response.

    ``extra`` holds additional top-level keys of the body (the events endpoint's 412 adds
    ``sync``); ``headers`` are added to the response (``Retry-After`` for a 429).
    """

    status: int
    """The HTTP status of the answer."""
    messages: list[str]
    """One ``errors`` entry each (``["Error"]`` when none was given)."""
    extra: dict[str, Any]
    """Additional top-level keys of the error body."""
    headers: dict[str, str]
    """Headers added to the answer."""

    def __init__(
        self,
        status: int,
        *messages: str,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__("; ".join(messages))
        self.status = status
        self.messages = list(messages) or ["Error"]
        self.extra = dict(extra or {})
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        """The JSON body Asana would send for this error."""
        return {**error_body(self.status, *self.messages), **self.extra}


def error_body(status: int, *messages: str) -> dict[str, Any]:
    """``{"errors": [...]}`` with one entry per message (a phrase for 5xx statuses)."""
    errors: list[dict[str, str]] = []
    for message in messages:
        entry = {"message": message, "help": HELP_TEXT}
        if status >= 500:
            entry["phrase"] = _next_phrase()
        errors.append(entry)
    return {"errors": errors}


def bad_request(message: str) -> ApiError:
    """A 400 with the given message."""
    return ApiError(400, message)


def missing_input(field: str) -> ApiError:
    """The 400 Asana answers when a required field or parameter is absent."""
    return ApiError(400, f"{field}: Missing input")


def not_found(gid: str) -> ApiError:
    """The 404 for an object that does not exist (or is not visible to the caller)."""
    return ApiError(404, f"Unknown object: {gid}")


def forbidden(message: str) -> ApiError:
    """A 403 with the given message."""
    return ApiError(403, message)
