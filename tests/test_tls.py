"""HTTPS through the SDK's own transports: certificates are verified, connections kept alive.

The server certificate (``tests/data/tls``) names only 127.0.0.1 and is signed by a test CA
(both valid until 2126, the CA's key thrown away); only these tests trust it.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from asana_typed import AsanaConnectionError, AsyncClient, Client, RequestOptions
from asana_typed._http import _default_clients

from ._raw_server import RawServer

TLS = Path(__file__).parent / "data" / "tls"


pytestmark = pytest.mark.usefixtures("no_proxies")


@pytest.fixture
def server() -> Iterator[RawServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "server.pem", TLS / "server.key")
    with RawServer(tls=context) as raw:
        yield raw


@pytest.fixture
def trust_test_ca(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process-wide SSL context the SDK makes, trusting the test CA instead."""
    context = ssl.create_default_context(cafile=TLS / "ca.pem")
    monkeypatch.setattr(_default_clients, "_context", context)


def _me(mode: str, base_url: str, times: int) -> list[str]:
    options = RequestOptions(base_url=base_url, max_retries=0)
    if mode == "sync":
        with Client.access_token("t", options=options) as client:
            return [client.users.me().gid for _ in range(times)]

    async def main() -> list[str]:
        async with AsyncClient.access_token("t", options=options) as client:
            return [(await client.users.me()).gid for _ in range(times)]

    return asyncio.run(main())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_https_requests_share_one_verified_connection(
    mode: str, server: RawServer, trust_test_ca: None
) -> None:
    assert _me(mode, server.url, 3) == ["1", "1", "1"]
    assert server.connections == 1
    assert [r.target for r in server.requests] == ["/users/me"] * 3


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_untrusted_certificate_is_refused_before_any_request(
    mode: str, server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_default_clients, "_context", ssl.create_default_context())  # system CAs
    with pytest.raises(AsanaConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        _me(mode, server.url, 1)
    assert server.requests == []


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_certificate_must_name_the_host(
    mode: str, server: RawServer, trust_test_ca: None
) -> None:
    other_name = server.url.replace("127.0.0.1", "localhost")  # same server, not its name
    with pytest.raises(AsanaConnectionError, match="mismatch"):
        _me(mode, other_name, 1)
    assert server.requests == []
