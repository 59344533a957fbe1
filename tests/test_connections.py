"""How the SDK's transports open, keep and give up connections, on both clients.

Remote hosts are simulated on loopback: a patched resolver hands out several addresses for a
made-up name, one of them "black-holed" (a listener whose accept queue is full, so a connect
to it hangs as to an unreachable IPv6 address on a broken network).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from asana_typed import AsyncClient, Client, RequestOptions
from asana_typed._http._default_clients import default_async_http_client, default_http_client

from ._raw_server import ME, Peer, RawRequest, RawServer, json_response, response

pytestmark = pytest.mark.usefixtures("no_proxies")


def get(mode: str, url: str, **kwargs: Any) -> httpx.Response:
    """One request on a fresh SDK-made httpx client of either kind."""
    if mode == "sync":
        http, _ = default_http_client()
        with http:
            return http.get(url, **kwargs)

    async def run() -> httpx.Response:
        http, _ = default_async_http_client()
        async with http:
            return await http.get(url, **kwargs)

    return asyncio.run(run())


# ----------------------------------------------------------------------------- happy eyeballs


@contextlib.contextmanager
def black_hole() -> Iterator[int]:
    """A loopback port that takes no connection: connects to it hang until they time out."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):  # fill the accept queue: further SYNs are dropped
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.1)
    try:
        yield port
    finally:
        for filler in fillers:
            filler.close()
        listener.close()


def test_a_black_holed_first_address_costs_a_fraction_of_a_second(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def answer(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, b"ok"))

    with black_hole() as hole, RawServer(answer) as server:
        addresses = [("127.0.0.1", hole), ("127.0.0.1", server.port)]
        real = socket.getaddrinfo

        def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host == "asana.test":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", a) for a in addresses]
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", resolve)
        started = time.monotonic()
        got = get(mode, "http://asana.test:1/x", timeout=httpx.Timeout(10.0))
        took = time.monotonic() - started
    assert got.status_code == 200
    assert took < 2.0, f"{took:.1f} s: the black-holed address held the whole connect timeout"


def test_every_address_failing_is_one_connect_error(
    mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with black_hole() as hole:
        real = socket.getaddrinfo

        def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host == "asana.test":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", hole))] * 2
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", resolve)
        started = time.monotonic()
        with pytest.raises(httpx.ConnectTimeout):
            get(mode, "http://asana.test:1/x", timeout=httpx.Timeout(1.0))
        assert time.monotonic() - started < 3.0


# ----------------------------------------------------------------------------- early answers


@contextlib.contextmanager
def refuses_uploads() -> Iterator[str]:
    """A server that answers 413 after the head of a request and closes without reading on."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                peer, _ = listener.accept()
            except OSError:
                return
            with peer:
                head = b""
                while b"\r\n\r\n" not in head:
                    data = peer.recv(65536)
                    if not data:
                        break
                    head += data
                body = b'{"errors": [{"message": "request too large"}]}'
                peer.sendall(
                    b"HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                    b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
                )
                peer.shutdown(socket.SHUT_WR)
                time.sleep(0.3)  # then close with the upload unread (a reset follows)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def test_an_answer_sent_while_the_upload_was_refused_is_returned(mode: str) -> None:
    body = b"x" * (8 * 1024 * 1024)
    with refuses_uploads() as url:
        if mode == "sync":
            http, _ = default_http_client()
            with http:
                answer = http.post(url + "/attachments", content=body)
        else:

            async def run() -> httpx.Response:
                http, _ = default_async_http_client()
                async with http:
                    return await http.post(url + "/attachments", content=body)

            answer = asyncio.run(run())
    assert answer.status_code == 413
    assert answer.json() == {"errors": [{"message": "request too large"}]}


# ----------------------------------------------------------------------------- keep-alive


def test_a_post_goes_on_a_fresh_connection_after_half_the_servers_keep_alive(mode: str) -> None:
    """``Keep-Alive: timeout=2``: a connection idle 0.8 s still carries a GET; a POST, which
    could not be sent again if the server closed the connection under it, gets a new one."""

    def answer(peer: Peer, request: RawRequest) -> None:
        peer.send(json_response(ME, headers=[("Keep-Alive", "timeout=2")]))

    with RawServer(answer) as server:
        options = RequestOptions(base_url=server.url + "/api/1.0", max_retries=0)

        if mode == "sync":
            with Client.access_token("t", options=options) as client:
                client.users.me()
                time.sleep(0.8)
                client.users.me()
                time.sleep(0.8)
                client.tasks.create_task({"name": "x"})
        else:

            async def run() -> None:
                async with AsyncClient.access_token("t", options=options) as client:
                    await client.users.me()
                    await asyncio.sleep(0.8)
                    await client.users.me()
                    await asyncio.sleep(0.8)
                    await client.tasks.create_task({"name": "x"})

            asyncio.run(run())
        assert [(r.method, r.connection) for r in server.requests] == [
            ("GET", 0),
            ("GET", 0),
            ("POST", 1),
        ]


def test_a_connection_idle_longer_than_the_server_allows_is_not_reused(mode: str) -> None:
    def answer(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, b"ok", [("Keep-Alive", "timeout=1")]))

    with RawServer(answer) as server:
        if mode == "sync":
            http, _ = default_http_client()
            with http:
                http.get(server.url + "/1")
                time.sleep(0.2)  # 1 s announced, one second of margin: not kept at all
                http.get(server.url + "/2")
        else:

            async def run() -> None:
                http, _ = default_async_http_client()
                async with http:
                    await http.get(server.url + "/1")
                    await asyncio.sleep(0.2)
                    await http.get(server.url + "/2")

            asyncio.run(run())
        assert server.connections == 2


# ----------------------------------------------------------------------------- event loops


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts descriptors in /proc")
def test_connections_of_finished_event_loops_are_closed() -> None:
    """An AsyncClient used by several ``asyncio.run`` calls leaves no descriptor behind and
    no ``ResourceWarning``: each loop's connections are closed before it ends."""
    with RawServer() as server:
        client = AsyncClient.access_token(
            "t", options=RequestOptions(base_url=server.url + "/api/1.0")
        )

        async def call() -> None:
            await client.users.me()

        asyncio.run(call())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ResourceWarning)
            gc.collect()  # what earlier tests left is not this test's business
        before = _open_fds()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ResourceWarning)
            gc.disable()  # what the cycle collector would close later does not count
            try:
                for _ in range(10):
                    asyncio.run(call())
                after = _open_fds()
            finally:
                gc.enable()
            gc.collect()
        asyncio.run(client.aclose())
        assert server.connections == 11
    assert after <= before + 1, f"{after - before} descriptors left by 10 finished loops"
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []


# ----------------------------------------------------------------------------- certificates


def test_a_ca_file_that_cannot_be_loaded_is_one_clear_error_not_retried(
    mode: str, monkeypatch: pytest.MonkeyPatch, sleeps: list[float], tmp_path: Any
) -> None:
    from asana_typed import TLSConfigurationError
    from asana_typed._http import _default_clients

    monkeypatch.setattr(_default_clients, "_context", None)  # made again, from the environment
    missing = str(tmp_path / "missing.pem")
    monkeypatch.setenv("SSL_CERT_FILE", missing)
    options = RequestOptions(base_url="https://127.0.0.1:9/api/1.0")
    with pytest.raises(TLSConfigurationError, match="SSL_CERT_FILE") as caught:
        if mode == "sync":
            with Client.access_token("t", options=options) as client:
                client.users.me()
        else:

            async def run() -> None:
                async with AsyncClient.access_token("t", options=options) as client:
                    await client.users.me()

            asyncio.run(run())
    assert missing in str(caught.value)
    assert sleeps == []  # not retried
