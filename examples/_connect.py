"""How the examples connect: to Asana when ASANA_ACCESS_TOKEN is set, else to a FakeAsana.

The fake runs in-process (an httpx transport), so the examples need no token and no network.
"""

from __future__ import annotations

import os

from asana_typed import AsyncClient, Client
from asana_typed.testing import FakeAsana


def make_client() -> Client:
    """A ``Client`` on Asana, or on a fresh FakeAsana."""
    token = os.environ.get("ASANA_ACCESS_TOKEN")
    return Client.access_token(token) if token else FakeAsana().client()


def make_async_client() -> AsyncClient:
    """An ``AsyncClient`` on Asana, or on a fresh FakeAsana."""
    token = os.environ.get("ASANA_ACCESS_TOKEN")
    return AsyncClient.access_token(token) if token else FakeAsana().async_client()
