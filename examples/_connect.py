"""How the examples connect: to Asana when ASANA_ACCESS_TOKEN is set, else to a FakeAsana.

The fake runs in-process (an httpx transport), so the examples need no token and no network.
"""

from __future__ import annotations

import os

import httpx

from asana_typed import AsyncClient, Client
from asana_typed.testing import FakeAsana


def token_or_fake() -> tuple[str, FakeAsana | None]:
    """The token from the environment (no fake), or a fresh FakeAsana and its token."""
    token = os.environ.get("ASANA_ACCESS_TOKEN")
    if token:
        return token, None
    fake = FakeAsana()
    return fake.access_token, fake


def make_client() -> Client:
    """A ``Client`` on Asana, or on a fresh FakeAsana."""
    token, fake = token_or_fake()
    http = httpx.Client(transport=fake.transport) if fake is not None else None
    return Client.access_token(token, http_client=http)


def make_async_client() -> AsyncClient:
    """An ``AsyncClient`` on Asana, or on a fresh FakeAsana."""
    token, fake = token_or_fake()
    http = httpx.AsyncClient(transport=fake.transport) if fake is not None else None
    return AsyncClient.access_token(token, http_client=http)
