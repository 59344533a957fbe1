"""Starting with FakeAsana: SDK clients wired to it, and a loopback server that takes bursts."""

from __future__ import annotations

import asyncio
import select
import socket
import time
from collections.abc import Iterator

import pytest
from typing_extensions import assert_type

from asana_typed import AsyncClient, Client
from asana_typed.models import User
from asana_typed.testing import FakeAsana
from asana_typed.testing._engine._server import LoopbackServer

BURST = 100


def test_client_talks_to_the_fake_in_process(fake: FakeAsana) -> None:
    with fake.client() as client:
        assert_type(client, Client)
        me = client.users.me()
    assert_type(me, User)
    assert me.gid == fake.me["gid"]
    assert fake.requests[-1].url.startswith("https://app.asana.com/api/1.0/users/me")


def test_async_client_talks_to_the_fake_in_process(fake: FakeAsana) -> None:
    async def run() -> User:
        async with fake.async_client() as client:
            assert_type(client, AsyncClient)
            return await client.users.me()

    assert asyncio.run(run()).gid == fake.me["gid"]


def test_client_takes_options_and_another_users_token(fake: FakeAsana) -> None:
    alice = fake.add_user(name="Alice")
    fake.add_token("alice-token", user=alice)
    for client in (
        fake.client(access_token="alice-token", page_size=7),
        fake.async_client(access_token="alice-token", page_size=7),
    ):
        assert client.options.page_size == 7
    with fake.client(access_token="alice-token") as client:
        assert client.users.me().gid == alice["gid"]


def _connect_without_waiting(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    assert sock.connect_ex(("127.0.0.1", port)) in (0, socket.EAGAIN, 115)  # 115: EINPROGRESS
    return sock


@pytest.fixture
def idle_server(fake: FakeAsana) -> Iterator[LoopbackServer]:
    """A server that listens but has not started accepting: the kernel's queue alone."""
    server = LoopbackServer(fake._app)
    try:
        yield server
    finally:
        server.stop()


def test_a_burst_of_connections_is_queued_at_once(idle_server: LoopbackServer) -> None:
    """Every connection of a burst completes its handshake before any is accepted.

    A SYN that does not fit the listen backlog is dropped; as nothing accepts here, its
    retransmissions (after 1 s, 3 s ...) find the queue full again, so the wait below only
    bounds a connect that would otherwise never complete.
    """
    port = int(idle_server.base_url.split(":")[2].split("/")[0])
    sockets = [_connect_without_waiting(port) for _ in range(BURST)]
    try:
        pending = set(sockets)
        deadline = time.monotonic() + 3
        while pending and time.monotonic() < deadline:
            _, writable, _ = select.select([], list(pending), [], 0.05)
            pending -= set(writable)
        assert not pending, f"{len(pending)} of {BURST} connections were not queued"
        assert all(s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0 for s in sockets)
    finally:
        for sock in sockets:
            sock.close()


def test_a_fresh_server_answers_a_burst_of_concurrent_calls(fake: FakeAsana) -> None:
    async def burst(base_url: str) -> list[User]:
        async with AsyncClient.access_token(fake.access_token) as client:
            client.options.base_url = base_url
            client.options.max_concurrent_reads = BURST
            return await asyncio.gather(*(client.users.me() for _ in range(BURST)))

    with fake.serve() as base_url:
        answers = asyncio.run(burst(base_url))
    assert {user.gid for user in answers} == {fake.me["gid"]}
