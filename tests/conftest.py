"""Shared fixtures: a FakeAsana, a client wired to it, and a recorder for retry waits."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Iterator
from typing import cast

import httpx
import pytest

from asana_typed import AsyncClient, Client, RequestOptions
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
    yield from _clients("sync", fake)


def _clients(mode: str, fake: FakeAsana) -> Iterator[Client]:
    """A Client or a (blocking) AsyncClient on ``fake``: in-process, or over the wire.

    ``-wire`` clients make their own HTTP client (the SDK's HTTP/1.1 transport) and talk to
    the fake's loopback server, so the same tests cover real sockets.
    """
    is_async = mode.startswith("async")
    served = contextlib.ExitStack()
    with served:
        if mode.endswith("-wire"):
            options = RequestOptions(base_url=served.enter_context(fake.serve()))
            http = None
        else:
            options = None
            http = httpx.AsyncClient(transport=fake.transport) if is_async else None
        if not is_async:
            sync_http = None if options else httpx.Client(transport=fake.transport)
            with Client.access_token(
                fake.access_token, options=options, http_client=sync_http
            ) as c:
                yield c
            if sync_http is not None:
                sync_http.close()
            return
        loop = asyncio.new_event_loop()
        async_client = AsyncClient.access_token(
            fake.access_token, options=options, http_client=http
        )
        try:
            yield cast(Client, BlockingAsyncClient(async_client, loop))
        finally:
            loop.run_until_complete(async_client.aclose())
            if http is not None:
                loop.run_until_complete(http.aclose())
            loop.close()


@pytest.fixture(params=["sync", "async", "sync-wire", "async-wire"])
def client(request: pytest.FixtureRequest, fake: FakeAsana) -> Iterator[Client]:
    """Each shared behaviour test runs four times: Client and AsyncClient, in-process and over
    the wire.

    The AsyncClient is driven through :class:`BlockingAsyncClient`, which has the Client's
    calling conventions (it is typed as a Client for the tests' sake).
    """
    yield from _clients(request.param, fake)


@pytest.fixture(params=["sync", "async"])
def inprocess_client(request: pytest.FixtureRequest, fake: FakeAsana) -> Iterator[Client]:
    """Client and AsyncClient on the fake's in-process transport only: for faults that only
    exist there (a connection refused before the request reached the fake)."""
    yield from _clients(request.param, fake)


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
    Client.reset_defaults()


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
def no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    """No proxy variables in the environment: the SDK then makes clients on its own
    transports (with proxies it makes stock httpx clients, which honour them)."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    """``"sync"`` or ``"async"``: a transport test runs on both clients' transports."""
    return str(request.param)


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
