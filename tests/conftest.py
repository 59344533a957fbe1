"""Shared fixtures: a FakeAsana, a client wired to it, and a recorder for retry waits."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import cast

import httpx
import pytest

from asana_typed import AsyncClient, Client
from asana_typed._base_client import _SharedDefaults
from asana_typed.testing import FakeAsana

from ._blocking import BlockingAsyncClient
from ._script import Script


@pytest.fixture
def fake() -> FakeAsana:
    """A fresh, seeded FakeAsana."""
    return FakeAsana()


@pytest.fixture
def sync_client(fake: FakeAsana) -> Iterator[Client]:
    """A Client talking to ``fake`` in-process."""
    http = httpx.Client(transport=fake.transport)
    with Client.access_token(fake.access_token, http_client=http) as c:
        yield c
    http.close()


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest, fake: FakeAsana) -> Iterator[Client]:
    """Each shared behaviour test runs twice: with a Client and with an AsyncClient.

    The AsyncClient is driven through :class:`BlockingAsyncClient`, which has the Client's
    calling conventions (it is typed as a Client for the tests' sake).
    """
    if request.param == "sync":
        yield request.getfixturevalue("sync_client")
        return
    loop = asyncio.new_event_loop()
    http = httpx.AsyncClient(transport=fake.transport)
    blocking = BlockingAsyncClient(
        AsyncClient.access_token(fake.access_token, http_client=http), loop
    )
    try:
        yield cast(Client, blocking)
    finally:
        loop.run_until_complete(http.aclose())
        loop.close()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every ``time.sleep`` / ``asyncio.sleep`` the clients ask for, recorded, not slept."""
    waits: list[float] = []

    async def async_sleep(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(time, "sleep", waits.append)
    monkeypatch.setattr(asyncio, "sleep", async_sleep)
    return waits


@pytest.fixture(autouse=True)
def _restore_defaults() -> Iterator[None]:
    """Tests may change ``Client.DEFAULTS``; start the next one from fresh defaults."""
    yield
    _SharedDefaults.value = None


@pytest.fixture
def script(monkeypatch: pytest.MonkeyPatch) -> Script:
    """``time.sleep`` and ``asyncio.sleep`` replaced by a :class:`Script` (no real waiting)."""
    script = Script()

    async def async_sleep(seconds: float) -> None:
        script.sleep(seconds)

    monkeypatch.setattr(time, "sleep", script.sleep)
    monkeypatch.setattr(asyncio, "sleep", async_sleep)
    return script


@pytest.fixture
def ws(fake: FakeAsana) -> str:
    """The gid of the seeded workspace (an organization)."""
    return str(fake.workspace["gid"])


@pytest.fixture
def me(fake: FakeAsana) -> str:
    """The gid of the seeded user (the client's user)."""
    return str(fake.me["gid"])


@pytest.fixture
def alice(fake: FakeAsana) -> str:
    """The gid of a second user of the seeded workspace."""
    return str(fake.add_user(name="Alice")["gid"])
