"""The HTTP clients the SDK makes when the user brings none.

They are ``httpx`` clients on the SDK's own lean HTTP/1.1 transports (:mod:`._sync_transport`,
:mod:`._async_transport`), which the clients call directly when the credential is fixed. Creating an
``httpx.Client()`` loads the CA bundle into a new SSL context (tens of milliseconds); here the
context is made once per process, on the first ``https`` connection, and shared by every
client: a client that only talks to ``http://127.0.0.1`` (a test server) never loads it.
With proxy variables in the environment, httpx's own transports are used (they honour them).
"""

from __future__ import annotations

import os
import ssl
import threading
import urllib.request
from typing import Any

import httpx

from ..errors import TLSConfigurationError

__all__ = [
    "add_client_headers",
    "default_async_http_client",
    "default_http_client",
    "header_state",
    "shared_ssl_context",
    "untouched",
]

_context: ssl.SSLContext | None = None
_context_lock = threading.Lock()


def shared_ssl_context() -> ssl.SSLContext:
    """The verifying SSL context every SDK-made client uses, created on first call.

    A CA bundle that cannot be loaded (a wrong ``SSL_CERT_FILE`` ...) raises
    :class:`~asana_typed.errors.TLSConfigurationError` at once: no retry would help.
    """
    global _context
    if _context is None:
        with _context_lock:
            if _context is None:
                try:
                    _context = httpx.create_ssl_context()
                except (OSError, ValueError) as exc:  # ssl.SSLError is an OSError
                    raise _tls_error(exc) from exc
    return _context


def _tls_error(exc: Exception) -> TLSConfigurationError:
    names = [f"{name}={os.environ[name]!r}" for name in _CA_VARIABLES if os.environ.get(name)]
    source = ", ".join(names) if names else "the certifi bundle"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return TLSConfigurationError(f"the CA certificates could not be loaded from {source}: {reason}")


_CA_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")


def _environment_proxies() -> bool:
    """Whether proxy variables (``HTTPS_PROXY`` ...) are set; httpx then routes through them."""
    return bool(urllib.request.getproxies())


def default_http_client() -> tuple[httpx.Client, httpx.BaseTransport | None]:
    """An ``httpx.Client`` on the SDK's HTTP/1.1 transport, and that transport.

    With proxies configured in the environment: httpx's own setup (which honours them), still
    with the one shared SSL context, and no transport to call directly.
    """
    if _environment_proxies():
        return httpx.Client(verify=shared_ssl_context()), None
    from ._sync_transport import HTTP11Transport

    transport = HTTP11Transport(shared_ssl_context)
    return httpx.Client(transport=transport), transport


def default_async_http_client() -> tuple[httpx.AsyncClient, httpx.AsyncBaseTransport | None]:
    """The asyncio counterpart of :func:`default_http_client`."""
    if _environment_proxies():
        return httpx.AsyncClient(verify=shared_ssl_context()), None
    from ._async_transport import AsyncHTTP11Transport

    transport = AsyncHTTP11Transport(shared_ssl_context)
    return httpx.AsyncClient(transport=transport), transport


def add_client_headers(http: httpx.Client | httpx.AsyncClient, request: httpx.Request) -> None:
    """Give ``request`` the headers of ``http`` it does not have.

    httpx applies a client's headers in ``build_request`` only; the SDK builds its requests
    itself and sends them with ``send``, so it applies them here (its own headers win).
    """
    headers = request.headers
    for name, value in http.headers.multi_items():
        if name not in headers:
            headers[name] = value


def _header_list(headers: httpx.Headers) -> list[Any]:
    listed = getattr(headers, "_list", None)  # httpx keeps its headers there: no list to build
    return listed if isinstance(listed, list) else headers.raw


def header_state(http: httpx.Client | httpx.AsyncClient) -> list[Any]:
    """What :func:`untouched` compares to tell whether the headers of ``http`` changed."""
    return list(_header_list(http.headers))


def untouched(http: httpx.Client | httpx.AsyncClient, headers_as_made: list[Any]) -> bool:
    """Whether the SDK-made ``http`` is as it was made: no event hooks, the same headers
    (``headers_as_made`` is the :func:`header_state` of then).

    Only then may a request skip ``send`` and go straight to the transport; otherwise it goes
    through httpx, which runs the hooks.
    """
    hooks = http.event_hooks
    return not (hooks["request"] or hooks["response"]) and (
        _header_list(http.headers) == headers_as_made
    )
