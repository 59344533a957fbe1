"""The SDK's own HTTP/1.1 transports over real loopback sockets, against a scripted server.

Every behaviour runs on both transports (``sync``: :class:`HTTP11Transport` on blocking
sockets; ``async``: :class:`AsyncHTTP11Transport` on a fresh event loop), through the httpx
clients :func:`default_http_client` / :func:`default_async_http_client` make, and through
:class:`Client` / :class:`AsyncClient` where that is how the behaviour shows.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from asana_typed import (
    AsanaConnectionError,
    AsanaTimeoutError,
    AsyncClient,
    Client,
    InvalidArgumentError,
    RequestOptions,
)
from asana_typed._http._default_clients import default_async_http_client, default_http_client

from ._raw_server import ME, Peer, RawRequest, RawServer, json_response, response

T = TypeVar("T")


pytestmark = pytest.mark.usefixtures("no_proxies")


class Driver:
    """An SDK-made httpx client (sync, or async on a private loop) used synchronously."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.loop: asyncio.AbstractEventLoop | None = None
        if mode == "sync":
            self.client, transport = default_http_client()
            assert transport is not None
            self.transport: Any = transport
        else:
            self.loop = asyncio.new_event_loop()
            self.async_client, async_transport = default_async_http_client()
            assert async_transport is not None
            self.transport = async_transport
        assert type(self.transport).__name__ in ("HTTP11Transport", "AsyncHTTP11Transport")

    def run(self, awaitable: Awaitable[T]) -> T:
        assert self.loop is not None
        return self.loop.run_until_complete(awaitable)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        if self.loop is None:
            return self.client.request(method, url, **kwargs)
        return self.run(self.async_client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def send(self, request: httpx.Request) -> httpx.Response:
        """Straight to the transport, as the SDK's clients call it."""
        response: httpx.Response
        if self.loop is None:
            response = self.transport.handle_request(request)
            response.read()
        else:
            response = self.run(self.transport.handle_async_request(request))
            self.run(response.aread())
        return response

    def let_loop_run(self, event: threading.Event) -> None:
        """Wait for ``event``; an event loop keeps running meanwhile, and a little after."""
        if self.loop is None:
            assert event.wait(5)
            return

        async def wait() -> None:
            loop = asyncio.get_running_loop()
            assert await loop.run_in_executor(None, event.wait, 5)
            for _ in range(20):
                await asyncio.sleep(0.005)

        self.run(wait())

    def close_transport(self) -> None:
        if self.loop is None:
            self.transport.close()
        else:
            self.run(self.transport.aclose())

    def close(self) -> None:
        if self.loop is None:
            self.client.close()
        else:
            self.run(self.async_client.aclose())
            self.loop.close()


@pytest.fixture
def driver(mode: str) -> Iterator[Driver]:
    driver = Driver(mode)
    yield driver
    driver.close()


def _options(server: RawServer, **kwargs: Any) -> RequestOptions:
    return RequestOptions(base_url=server.url + "/api/1.0", **kwargs)


Step = Callable[[Any], Any]


def sdk_calls(mode: str, server: RawServer, steps: list[Step], **options: Any) -> list[Any]:
    """Run each ``step(client)`` in turn on a Client, or on an AsyncClient (awaited, all in one
    ``asyncio.run``); the results, or the exceptions raised."""
    results: list[Any] = []
    if mode == "sync":
        with Client.access_token("t", options=_options(server, **options)) as client:
            for step in steps:
                try:
                    results.append(step(client))
                except Exception as exc:
                    results.append(exc)
        return results

    async def run() -> None:
        async with AsyncClient.access_token("t", options=_options(server, **options)) as client:
            for step in steps:
                try:
                    results.append(await step(client))
                except Exception as exc:
                    results.append(exc)

    asyncio.run(run())
    return results


# --- keep-alive and framing -----------------------------------------------------------------


def test_keep_alive_reuses_one_connection(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, request.target.encode()))

    with RawServer(handler) as server:
        bodies = [driver.get(f"{server.url}/n/{n}").content for n in range(5)]
        assert bodies == [f"/n/{n}".encode() for n in range(5)]
        assert server.connections == 1
        assert [(r.connection, r.seq) for r in server.requests] == [(0, n) for n in range(5)]
        assert server.requests[0].header("host") == f"127.0.0.1:{server.port}"


def test_keep_alive_in_a_process_with_many_open_files(driver: Driver) -> None:
    """Sockets numbered above 1024 (select()'s limit) are still checked and reused."""
    resource = pytest.importorskip("resource")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1300:
        if hard != resource.RLIM_INFINITY and hard < 1300:
            pytest.skip("cannot open enough files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (1300, hard))
    files = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    try:
        with RawServer() as server:
            for _ in range(3):
                assert driver.get(server.url + "/x").status_code == 200
            assert server.connections == 1
    finally:
        for fd in files:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_sdk_client_keeps_one_connection(mode: str) -> None:
    with RawServer() as server:
        results = sdk_calls(mode, server, [lambda c: c.users.me()] * 4)
        assert [user.name for user in results] == ["x"] * 4
        assert server.connections == 1
        request = server.requests[0]
        assert (request.method, request.target) == ("GET", "/api/1.0/users/me")
        assert request.header("authorization") == "Bearer t"


def test_a_host_header_in_the_options_is_refused_before_sending(mode: str) -> None:
    """``Host`` comes from ``base_url`` only (see tests/test_option_headers.py)."""
    with RawServer() as server:
        with pytest.raises(InvalidArgumentError, match="Host"):
            sdk_calls(mode, server, [lambda c: c.users.me()], headers={"Host": "api.example.org"})
        assert server.requests == []


def test_concurrent_async_requests_stay_within_max_concurrent_reads() -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        server.stopping.wait(0.02)
        peer.send(json_response(ME))

    with RawServer(handler) as server:

        async def run() -> list[Any]:
            async with AsyncClient.access_token("t", options=_options(server)) as client:
                return list(await asyncio.gather(*(client.users.me() for _ in range(120))))

        users = asyncio.run(run())
        assert [user.name for user in users] == ["x"] * 120
        assert len(server.requests) == 120
        assert 1 < server.connections <= 50
        assert server.max_active <= 50
        assert not server.errors


def test_concurrent_sync_requests_from_threads() -> None:
    driver = Driver("sync")
    started = threading.Barrier(8)

    def handler(peer: Peer, request: RawRequest) -> None:
        server.stopping.wait(0.005)
        peer.send(response(200, request.target.encode()))

    with RawServer(handler) as server:
        results: dict[int, list[bytes]] = {}

        def work(n: int) -> None:
            started.wait(5)
            results[n] = [driver.get(f"{server.url}/{n}/{i}").content for i in range(10)]

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert results == {n: [f"/{n}/{i}".encode() for i in range(10)] for n in range(8)}
        assert server.connections <= 8
        driver.get(server.url + "/after")
        assert server.connections <= 8  # an idle one was reused
        driver.close()
        for peer in server.peers:
            assert peer.client_closed.wait(5)


def test_chunked_answer(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n"
            b"5;ext=1\r\nhello\r\n"
        )
        peer.send(b"6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")

    with RawServer(handler) as server:
        for _ in range(2):
            answer = driver.get(server.url + "/chunked")
            assert answer.content == b"hello world"
            assert answer.headers["transfer-encoding"] == "chunked"
            assert "x-trailer" not in answer.headers
        assert server.connections == 1


def test_close_delimited_answer(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ")
        peer.send(b"the end")
        peer.close()

    with RawServer(handler) as server:
        assert driver.get(server.url + "/a").content == b"until the end"
        assert driver.get(server.url + "/b").content == b"until the end"
        assert server.connections == 2


def test_connection_close_answer_means_a_new_connection(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        close = [("Connection", "close")] if request.connection == 0 else []
        peer.send(response(200, b"body", close))  # the server itself does not close

    with RawServer(handler) as server:
        assert driver.get(server.url + "/1").content == b"body"
        assert server.peers[0].client_closed.wait(5)  # the client closed it
        assert driver.get(server.url + "/2").content == b"body"
        assert driver.get(server.url + "/3").content == b"body"
        assert server.connections == 2
        assert [r.connection for r in server.requests] == [0, 1, 1]


def test_http10_answer_is_not_kept(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(b"HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nold")

    with RawServer(handler) as server:
        assert driver.get(server.url + "/1").content == b"old"
        assert driver.get(server.url + "/2").content == b"old"
        assert server.connections == 2


def test_bytes_after_the_answer_mean_a_new_connection(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, b"ok") + b"HTTP/1.1 200 OK\r\n")

    with RawServer(handler) as server:
        assert driver.get(server.url + "/1").content == b"ok"
        assert driver.get(server.url + "/2").content == b"ok"
        assert server.connections == 2


def test_interim_100_continue_is_skipped(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(b"HTTP/1.1 100 Continue\r\n\r\n")
        peer.send(b"HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n" + response(201, b"made"))

    with RawServer(handler) as server:
        answer = driver.request("POST", server.url + "/a", content=b"data")
        assert (answer.status_code, answer.content) == (201, b"made")
        assert "link" not in answer.headers
        assert driver.get(server.url + "/b").status_code == 201
        assert server.connections == 1
        assert server.requests[0].body == b"data"


def test_gzip_content_encoding_is_decoded(driver: Driver) -> None:
    text = b'{"data": {"gid": "1", "name": "x"}}' * 50

    def handler(peer: Peer, request: RawRequest) -> None:
        packed = gzip.compress(text)
        peer.send(response(200, packed, [("Content-Encoding", "gzip")]))

    with RawServer(handler) as server:
        answer = driver.get(server.url + "/gz")
        assert answer.content == text
        assert int(answer.headers["content-length"]) < len(text)


def test_gzip_answer_through_the_sdk(mode: str) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        body = gzip.compress(b'{"data": {"gid": "7", "name": "zipped"}}')
        peer.send(response(200, body, [("Content-Encoding", "gzip")]))

    with RawServer(handler) as server:
        [user] = sdk_calls(mode, server, [lambda c: c.users.me()])
        assert (user.gid, user.name) == ("7", "zipped")


def test_head_and_204_have_empty_bodies_and_keep_the_connection(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        if request.method == "HEAD":
            peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
        elif request.target == "/empty":
            peer.send(b"HTTP/1.1 204 No Content\r\n\r\n")
        else:
            peer.send(response(200, b"full"))

    with RawServer(handler) as server:
        head = driver.request("HEAD", server.url + "/x")
        assert (head.status_code, head.content, head.headers["content-length"]) == (
            200,
            b"",
            "1000",
        )
        empty = driver.request("DELETE", server.url + "/empty")
        assert (empty.status_code, empty.content) == (204, b"")
        assert driver.get(server.url + "/x").content == b"full"
        assert server.connections == 1
        assert [r.method for r in server.requests] == ["HEAD", "DELETE", "GET"]


def test_large_answer_arrives_intact(driver: Driver) -> None:
    blob = bytes(range(256)) * (3 * 4096) + b"end"  # 3 MB

    def handler(peer: Peer, request: RawRequest) -> None:
        if request.target == "/chunked":
            peer.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for start in range(0, len(blob), 100_000):
                part = blob[start : start + 100_000]
                peer.send(b"%x\r\n%s\r\n" % (len(part), part))
            peer.send(b"0\r\n\r\n")
        else:
            peer.send(response(200, blob))

    with RawServer(handler) as server:
        assert driver.get(server.url + "/plain").content == blob
        assert driver.get(server.url + "/chunked").content == blob
        assert server.connections == 1


def test_large_request_body_arrives_intact(driver: Driver) -> None:
    blob = bytes(range(251)) * 16_000  # 4 MB, more than the socket buffers take at once

    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, str(len(request.body)).encode()))

    with RawServer(handler) as server:
        answer = driver.request("PUT", server.url + "/big", content=blob)
        assert answer.content == str(len(blob)).encode()
        assert server.requests[0].body == blob
        assert server.requests[0].header("content-length") == str(len(blob))


def test_streamed_request_body_is_sent_chunked(driver: Driver, mode: str) -> None:
    parts = [b"first,", b"", b"second," * 1000, b"third"]

    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, b"got"))

    def sync_parts() -> Iterator[bytes]:
        yield from parts

    async def async_parts() -> AsyncIterator[bytes]:
        for part in parts:
            yield part

    with RawServer(handler) as server:
        content = sync_parts() if mode == "sync" else async_parts()
        request = httpx.Request("POST", server.url + "/stream", content=content)
        assert request.headers["transfer-encoding"] == "chunked"
        answer = driver.send(request)
        assert answer.content == b"got"
        assert server.requests[0].body == b"".join(parts)
        assert server.requests[0].header("transfer-encoding") == "chunked"
        # the connection is still in step: the next request on it is answered
        assert driver.get(server.url + "/next").content == b"got"
        assert server.connections == 1


def test_in_memory_body_with_chunked_transfer_encoding(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, request.body))

    with RawServer(handler) as server:
        request = httpx.Request(
            "POST",
            server.url + "/c",
            content=b"in memory",
            headers={"Transfer-Encoding": "chunked"},
        )
        assert driver.send(request).content == b"in memory"
        assert server.requests[0].header("transfer-encoding") == "chunked"


def test_streamed_multipart_upload_through_the_sdk(mode: str, tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 4096 + b"tail"  # 1 MB
    path.write_bytes(data)

    def handler(peer: Peer, request: RawRequest) -> None:
        attachment = {"gid": "9", "name": "big.bin", "resource_type": "attachment"}
        peer.send(json_response({"data": attachment}))

    with RawServer(handler) as server:
        [attachment] = sdk_calls(
            mode,
            server,
            [lambda c: c.attachments.create_attachment_for_object({"parent": "5", "file": path})],
        )
        assert (attachment.gid, attachment.name) == ("9", "big.bin")
        [request] = server.requests
        assert (request.method, request.target) == ("POST", "/api/1.0/attachments")
        content_type = request.header("content-type") or ""
        assert content_type.startswith("multipart/form-data; boundary=")
        boundary = content_type.split("boundary=", 1)[1].encode()
        assert request.body.endswith(b"--" + boundary + b"--\r\n")
        start = request.body.index(b"\r\n\r\n", request.body.index(b'filename="big.bin"')) + 4
        assert request.body[start : start + len(data) + 2] == data + b"\r\n"
        assert b'name="parent"\r\n\r\n5\r\n' in request.body
        length = request.header("content-length")
        assert length is None or int(length) == len(request.body)


# --- connections the server closed ----------------------------------------------------------


def _close_on_reuse(peer: Peer, request: RawRequest) -> None:
    """Answers each first request of a connection; closes on a second one, without answer."""
    if request.seq > 0:
        peer.close()
    else:
        peer.send(json_response(ME))


def _reset_on_reuse(peer: Peer, request: RawRequest) -> None:
    """Like :func:`_close_on_reuse`, with a TCP reset."""
    if request.seq > 0:
        peer.reset()
    else:
        peer.send(json_response(ME))


@pytest.mark.parametrize("handler", [_close_on_reuse, _reset_on_reuse])
def test_kept_alive_connection_closed_before_answering_a_get_is_retried(
    driver: Driver, handler: Callable[[Peer, RawRequest], None]
) -> None:
    with RawServer(handler) as server:
        assert driver.get(server.url + "/first").status_code == 200
        assert driver.get(server.url + "/again").status_code == 200
        assert server.connections == 2
        assert [(r.target, r.connection, r.seq) for r in server.requests] == [
            ("/first", 0, 0),
            ("/again", 0, 1),
            ("/again", 1, 0),
        ]


def test_fresh_connection_closed_before_answering_is_not_retried(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.close()

    with RawServer(handler) as server:
        with pytest.raises(httpx.RemoteProtocolError, match="without answering"):
            driver.get(server.url + "/x")
        assert server.connections == 1
        assert len(server.requests) == 1


@pytest.mark.parametrize("handler", [_close_on_reuse, _reset_on_reuse])
def test_kept_alive_connection_closed_before_answering_a_post_raises(
    driver: Driver, handler: Callable[[Peer, RawRequest], None]
) -> None:
    with RawServer(handler) as server:
        assert driver.get(server.url + "/first").status_code == 200
        with pytest.raises(httpx.RemoteProtocolError, match="without answering"):
            driver.request("POST", server.url + "/create", content=b"{}")
        assert [(r.method, r.connection) for r in server.requests] == [("GET", 0), ("POST", 0)]
        assert server.connections == 1
        assert driver.get(server.url + "/later").status_code == 200  # on a new connection
        assert server.connections == 2


def test_sdk_post_on_a_closed_kept_alive_connection_is_not_retried(
    mode: str, sleeps: list[float]
) -> None:
    with RawServer(_close_on_reuse) as server:
        results = sdk_calls(
            mode,
            server,
            [
                lambda c: c.users.me(),
                lambda c: c.tasks.create_task({"name": "n", "workspace": "1"}),
            ],
            max_retries=3,
        )
        assert results[0].name == "x"
        assert isinstance(results[1], AsanaConnectionError)
        assert "RemoteProtocolError" in str(results[1])
        assert sleeps == []
        assert [r.method for r in server.requests] == ["GET", "POST"]


def test_sdk_get_on_a_closed_kept_alive_connection_succeeds(mode: str, sleeps: list[float]) -> None:
    with RawServer(_close_on_reuse) as server:
        results = sdk_calls(mode, server, [lambda c: c.users.me()] * 2, max_retries=0)
        assert [user.name for user in results] == ["x", "x"]
        assert sleeps == []
        assert server.connections == 2


def test_idle_connection_closed_by_the_server_is_not_reused(driver: Driver) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, request.method.encode()))
        peer.close()  # a keep-alive answer, then the server's idle timeout

    with RawServer(handler) as server:
        assert driver.get(server.url + "/1").content == b"GET"
        driver.let_loop_run(server.peers[0].server_closed)
        assert driver.request("POST", server.url + "/2", content=b"x").content == b"POST"
        driver.let_loop_run(server.peers[1].server_closed)
        assert driver.get(server.url + "/3").content == b"GET"
        assert server.connections == 3
        assert [r.connection for r in server.requests] == [0, 1, 2]


@pytest.mark.parametrize(
    "goodbye", [b"", b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"]
)
def test_idle_connection_closed_while_the_loop_was_not_running(
    driver: Driver, goodbye: bytes
) -> None:
    """The server closes a kept-alive connection (some say goodbye with a 408 first) while no
    event loop watches it (the async client's loop does not run between ``run_until_complete``
    calls): a POST then goes on a new connection, it does not fail on the dead one."""
    close_now = threading.Event()

    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(response(200, request.method.encode()))
        if request.method == "GET" and close_now.wait(5):
            if goodbye:
                peer.send(goodbye)
            peer.close()

    with RawServer(handler) as server:
        for n in range(3):
            assert driver.get(server.url + "/get").content == b"GET"
            close_now.set()
            assert server.peers[n].server_closed.wait(5)
            close_now.clear()
            time.sleep(0.05)  # the close has reached the client's socket
            answer = driver.request("POST", server.url + "/post", content=b"x")
            assert answer.content == b"POST"
        assert [(r.method, r.connection) for r in server.requests] == [
            ("GET", 0),
            ("POST", 1),
            ("GET", 1),
            ("POST", 2),
            ("GET", 2),
            ("POST", 3),
        ]


def test_expired_idle_connection_is_not_reused(
    driver: Driver, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from asana_typed._http import _wire

    with RawServer() as server:
        monkeypatch.setattr(_wire, "KEEPALIVE_EXPIRY", -1.0)  # what the first answer allows
        driver.get(server.url + "/1")
        driver.get(server.url + "/2")
        assert server.connections == 2
        assert server.peers[0].client_closed.wait(5)  # the expired one was closed


# --- errors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        b"HTTP/1.1 abc OK\r\n\r\n",
        b"garbage\r\n\r\n",
        b"HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\nBad header\r\n\r\n",
    ],
)
def test_malformed_answer(driver: Driver, answer: bytes) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(answer)  # and leave the connection open: the client must drop it

    with RawServer(handler) as server:
        with pytest.raises(httpx.RemoteProtocolError):
            driver.get(server.url + "/x")
        assert server.peers[0].client_closed.wait(5)
        assert len(server.requests) == 1  # not sent again


@pytest.mark.parametrize(
    "partial",
    [
        b"HTTP/1.1 200 OK\r\nContent-Le",
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part of it",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nhalf",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nfull\r\n",
    ],
)
def test_answer_cut_in_the_middle(driver: Driver, partial: bytes) -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(partial)
        peer.close()

    with RawServer(handler) as server:
        with pytest.raises(httpx.RemoteProtocolError, match="in the middle"):
            driver.get(server.url + "/x")
        assert len(server.requests) == 1


def _hold(peer: Peer, request: RawRequest) -> None:
    peer.hold()  # no answer until the client gives up


def test_read_timeout(driver: Driver) -> None:
    with RawServer(_hold) as server:
        started = time.monotonic()
        with pytest.raises(httpx.ReadTimeout):
            driver.get(server.url + "/slow", timeout=httpx.Timeout(5, read=0.2))
        assert time.monotonic() - started < 3
        assert server.peers[0].client_closed.wait(5)  # the connection is not kept
        assert len(server.requests) == 1


def test_read_timeout_through_the_sdk(mode: str) -> None:
    with RawServer(_hold) as server:
        started = time.monotonic()
        [error] = sdk_calls(mode, server, [lambda c: c.users.me()], timeout=0.2, max_retries=0)
        assert isinstance(error, AsanaTimeoutError)
        assert "ReadTimeout" in str(error)
        assert time.monotonic() - started < 3
        assert server.peers[0].client_closed.wait(5)


def test_read_timeout_counts_from_the_last_bytes(driver: Driver) -> None:
    body = b"x" * 10

    def handler(peer: Peer, request: RawRequest) -> None:
        peer.send(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body))
        for byte in body:  # 10 x 0.04 s: longer in all than the read timeout
            if server.stopping.wait(0.04):
                return
            peer.send(bytes([byte]))

    with RawServer(handler) as server:
        answer = driver.get(server.url + "/trickle", timeout=httpx.Timeout(5, read=0.3))
        assert answer.content == body


def test_connection_refused(driver: Driver) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(httpx.ConnectError):
        driver.get(f"http://127.0.0.1:{port}/nobody")


def test_connection_refused_through_the_sdk(mode: str, sleeps: list[float]) -> None:
    with RawServer() as server:
        pass  # the port is free again
    [error] = sdk_calls(mode, server, [lambda c: c.users.me()], max_retries=2)
    assert isinstance(error, AsanaConnectionError)
    assert "ConnectError" in str(error)
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Evil": "a\r\nInjected: 1"},
        {"X-Evil": "a\nInjected: 1"},
        {"X-Evil": "a\x00b"},
        {"X Evil": "1"},
        {"X-Evil:": "1"},
    ],
)
def test_header_injection_is_refused_before_anything_is_sent(
    driver: Driver, headers: dict[str, str]
) -> None:
    with RawServer() as server:
        with pytest.raises(httpx.LocalProtocolError):
            driver.get(server.url + "/x", headers=headers)
        assert driver.get(server.url + "/fine").status_code == 200
        assert [r.target for r in server.requests] == ["/fine"]
        assert server.connections == 1
        assert not any(r.header("injected") for r in server.requests)


def test_header_injection_through_the_sdk_options(mode: str, sleeps: list[float]) -> None:
    """The options refuse it before anything is sent, even when put in place."""
    with pytest.raises(InvalidArgumentError, match="line break"):
        RequestOptions(headers={"X-Evil": "v\r\nInjected: 1"})
    evil = RequestOptions()
    evil.headers["X-Evil"] = "v\r\nInjected: 1"  # past the validator
    with RawServer() as server:
        [error, user] = sdk_calls(
            mode,
            server,
            [lambda c: c.users.me(options=evil), lambda c: c.users.me()],
            max_retries=2,
        )
        assert isinstance(error, InvalidArgumentError)
        assert "X-Evil" in str(error)
        assert sleeps == []
        assert user.name == "x"
        assert [r.target for r in server.requests] == ["/api/1.0/users/me"]
        assert server.requests[0].header("injected") is None


def test_unsupported_scheme(driver: Driver) -> None:
    with pytest.raises(httpx.UnsupportedProtocol):
        driver.send(httpx.Request("GET", "ftp://127.0.0.1/file"))


# --- closing --------------------------------------------------------------------------------


def test_close_closes_idle_connections_and_refuses_new_requests(driver: Driver) -> None:
    with RawServer() as server:
        assert driver.get(server.url + "/1").status_code == 200
        driver.close_transport()
        assert server.peers[0].client_closed.wait(5)
        with pytest.raises(RuntimeError, match="closed"):
            driver.send(httpx.Request("GET", server.url + "/2"))
        assert len(server.requests) == 1
        assert server.connections == 1


def test_connection_in_use_while_closing_is_not_kept(mode: str) -> None:
    """A request that finishes after ``close()`` does not put its connection back."""
    release = threading.Event()

    def handler(peer: Peer, request: RawRequest) -> None:
        release.wait(5)
        peer.send(response(200, b"late"))

    driver = Driver(mode)
    try:
        with RawServer(handler) as server:
            if mode == "sync":
                results: list[httpx.Response] = []
                thread = threading.Thread(
                    target=lambda: results.append(driver.get(server.url + "/1"))
                )
                thread.start()
                assert server.wait_for_requests(1)
                driver.close_transport()
                release.set()
                thread.join(5)
                [answer] = results
            else:

                async def run() -> httpx.Response:
                    task = asyncio.ensure_future(driver.async_client.get(server.url + "/1"))
                    loop = asyncio.get_running_loop()
                    assert await loop.run_in_executor(None, server.wait_for_requests, 1)
                    await driver.transport.aclose()
                    release.set()
                    return await task

                answer = driver.run(run())
            assert answer.content == b"late"
            assert server.peers[0].client_closed.wait(5)
    finally:
        release.set()
        driver.close()


def test_cancelled_async_request_aborts_its_connection() -> None:
    def handler(peer: Peer, request: RawRequest) -> None:
        if request.target == "/slow":
            peer.hold()
        else:
            peer.send(response(200, b"quick"))

    with RawServer(handler) as server:
        client, _ = default_async_http_client()

        async def run() -> bytes:
            task = asyncio.ensure_future(client.get(server.url + "/slow"))
            loop = asyncio.get_running_loop()
            assert await loop.run_in_executor(None, server.wait_for_requests, 1)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            answer = await client.get(server.url + "/after")
            await client.aclose()
            return answer.content

        assert asyncio.run(run()) == b"quick"
        assert server.peers[0].client_closed.wait(5)
        assert [(r.target, r.connection) for r in server.requests] == [
            ("/slow", 0),
            ("/after", 1),
        ]


@pytest.mark.parametrize("short_first", [True, False])
def test_concurrent_async_reads_time_out_each_by_its_own_timeout(short_first: bool) -> None:
    # one timer per event loop keeps every read timeout: a shorter timeout set while a longer
    # one waits, or the other way round, still fails its own request, and only that one
    short_failed = threading.Event()

    def handler(peer: Peer, request: RawRequest) -> None:
        if request.target == "/short":
            peer.hold()
        else:  # the long read is answered once the short one has given up
            short_failed.wait(5)
            peer.send(response(200, b"long"))

    with RawServer(handler) as server:
        client, _ = default_async_http_client()

        async def short() -> BaseException:
            started = time.monotonic()
            with pytest.raises(httpx.ReadTimeout) as failure:
                await client.get(server.url + "/short", timeout=httpx.Timeout(5, read=0.2))
            assert time.monotonic() - started < 3  # not at the long read's 30 s
            short_failed.set()
            return failure.value

        async def long() -> bytes:
            answer = await client.get(server.url + "/long", timeout=httpx.Timeout(5, read=30))
            return answer.content

        async def run() -> tuple[BaseException, bytes]:
            if short_first:
                short_task = asyncio.ensure_future(short())
                await asyncio.sleep(0.05)
                long_task = asyncio.ensure_future(long())
            else:
                long_task = asyncio.ensure_future(long())
                await asyncio.sleep(0.05)
                short_task = asyncio.ensure_future(short())
            results = await short_task, await long_task
            await client.aclose()
            return results

        error, content = asyncio.run(run())
        assert isinstance(error, httpx.ReadTimeout)
        assert content == b"long"


def test_async_client_used_from_two_event_loops() -> None:
    with RawServer() as server:
        client = AsyncClient.access_token("t", options=_options(server))
        assert asyncio.run(client.users.me()).name == "x"
        assert asyncio.run(client.users.me()).name == "x"  # the first loop is closed now
        assert server.connections == 2
        assert server.peers[0].client_closed.wait(5)  # the first loop's connection is gone
        asyncio.run(client.aclose())
        assert server.peers[1].client_closed.wait(5)


def test_async_transport_used_from_two_event_loops() -> None:
    with RawServer() as server:
        client, _ = default_async_http_client()

        async def get(path: str) -> bytes:
            return (await client.get(server.url + path)).content

        first_loop = asyncio.new_event_loop()
        second_loop = asyncio.new_event_loop()
        try:
            assert first_loop.run_until_complete(get("/1")) == ME_BYTES
            # a connection of a loop that is still open, but not this one: not shared
            assert second_loop.run_until_complete(get("/2")) == ME_BYTES
            assert second_loop.run_until_complete(get("/3")) == ME_BYTES
            assert server.connections == 2
            assert [r.connection for r in server.requests] == [0, 1, 1]
            second_loop.run_until_complete(client.aclose())
            assert server.peers[1].client_closed.wait(5)
        finally:
            first_loop.close()
            second_loop.close()


ME_BYTES = json_response(ME).split(b"\r\n\r\n", 1)[1]
