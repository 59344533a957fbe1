"""Credentials the fake accepts, and who they belong to.

Asana takes ``Authorization: Bearer <token>`` (personal access tokens and OAuth access tokens)
and, for legacy API keys, HTTP basic auth with the key as user name and an empty password.
Each credential belongs to one user, who is ``me`` for requests made with it.
"""

from __future__ import annotations

import base64
import binascii
import threading
from collections.abc import Mapping

__all__ = ["Credentials"]


class Credentials:
    """Bearer tokens and API keys mapped to user gids."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, str] = {}
        self._api_keys: dict[str, str] = {}

    def add_token(self, token: str, user_gid: str) -> None:
        """Accept ``Bearer token`` as ``user_gid``."""
        with self._lock:
            self._tokens[token] = user_gid

    def revoke_token(self, token: str) -> None:
        """Stop accepting a bearer token (requests with it get a 401)."""
        with self._lock:
            self._tokens.pop(token, None)

    def add_api_key(self, key: str, user_gid: str) -> None:
        """Accept basic auth with user name ``key`` and an empty password as ``user_gid``."""
        with self._lock:
            self._api_keys[key] = user_gid

    def authenticate(self, headers: Mapping[str, str]) -> str | None:
        """The user a request's ``Authorization`` header stands for, or ``None``."""
        header = headers.get("authorization", "")
        scheme, _, value = header.partition(" ")
        value = value.strip()
        with self._lock:
            if scheme.lower() == "bearer":
                return self._tokens.get(value)
            if scheme.lower() == "basic":
                try:
                    decoded = base64.b64decode(value, validate=True).decode("utf-8")
                except (binascii.Error, UnicodeDecodeError):
                    return None
                key, _, password = decoded.partition(":")
                return self._api_keys.get(key) if password == "" else None
        return None
