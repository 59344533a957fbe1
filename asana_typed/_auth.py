"""Credentials as ``httpx.Auth`` objects whose ``repr`` never shows the secret."""

from __future__ import annotations

import base64
from collections.abc import Generator

import httpx

from .errors import InvalidArgumentError

__all__ = ["ApiKeyAuth", "HeaderAuth", "TokenAuth", "single_line"]


def single_line(value: object, what: str) -> str:
    """``value`` if it is a non-empty ``str`` of one line (a credential, an OAuth parameter),
    else :class:`InvalidArgumentError` naming ``what``."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidArgumentError(f"{what} must be a non-empty str")
    if any(c in value for c in "\r\n"):
        raise InvalidArgumentError(f"{what} must be a single line")
    return value


class HeaderAuth(httpx.Auth):
    """Sets one fixed ``Authorization`` header; subclasses say how it is made."""

    _header: str

    @property
    def authorization(self) -> str:
        """The ``Authorization`` header value (a secret: never log or show it)."""
        return self._header

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the ``Authorization`` header on ``request`` and send it."""
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return f"{type(self).__name__}(<hidden>)"


class TokenAuth(HeaderAuth):
    """``Authorization: Bearer <token>`` for personal access tokens and OAuth access tokens."""

    def __init__(self, token: str) -> None:
        self._header = "Bearer " + single_line(token, "access token")


class ApiKeyAuth(HeaderAuth):
    """``Authorization: Basic base64("<key>:")`` for Asana's legacy API keys."""

    def __init__(self, api_key: str) -> None:
        raw = single_line(api_key, "API key") + ":"
        self._header = "Basic " + base64.b64encode(raw.encode()).decode()
