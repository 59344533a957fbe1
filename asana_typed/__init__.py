"""asana_typed: a typed, model-oriented Python SDK for the Asana REST API.

>>> from asana_typed import Client
>>> client = Client.access_token("...")          # doctest: +SKIP
>>> me = client.users.me()                        # doctest: +SKIP
"""

from typing import TYPE_CHECKING, Any

from ._bulk import BulkResult
from ._client import Client
from ._options import RequestOptions
from ._pages._iterators import AsyncItemIterator, ItemIterator
from ._version import __version__
from .errors import (
    AsanaChangeWarning,
    AsanaConnectionError,
    AsanaError,
    AsanaSchemaWarning,
    AsanaTimeoutError,
    ForbiddenError,
    InvalidArgumentError,
    InvalidRequestError,
    InvalidTokenError,
    NoAuthorizationError,
    NotFoundError,
    PremiumOnlyError,
    RateLimitEnforcedError,
    RetryableAsanaError,
    SearchOverflowError,
    ServerError,
    TLSConfigurationError,
)

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._batch import BatchAction, BatchResult
    from ._oauth import AsyncOAuthSession, OAuthSession
    from ._pages._envelopes import NextPage, Page
    from ._response import ApiResponse

__all__ = [
    "ApiResponse",
    "AsanaChangeWarning",
    "AsanaConnectionError",
    "AsanaError",
    "AsanaSchemaWarning",
    "AsanaTimeoutError",
    "AsyncClient",
    "AsyncItemIterator",
    "AsyncOAuthSession",
    "BatchAction",
    "BatchResult",
    "BulkResult",
    "Client",
    "ForbiddenError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "InvalidTokenError",
    "ItemIterator",
    "NextPage",
    "NoAuthorizationError",
    "NotFoundError",
    "OAuthSession",
    "Page",
    "PremiumOnlyError",
    "RateLimitEnforcedError",
    "RequestOptions",
    "RetryableAsanaError",
    "SearchOverflowError",
    "ServerError",
    "TLSConfigurationError",
    "__version__",
]


_LAZY = {
    "ApiResponse": "._response",
    "AsyncClient": "._async_client",
    "BatchAction": "._batch",
    "BatchResult": "._batch",
    "NextPage": "._pages._envelopes",
    "Page": "._pages._envelopes",
    "AsyncOAuthSession": "._oauth",
    "OAuthSession": "._oauth",
}


def __getattr__(name: str) -> Any:
    """Import the asyncio client, OAuth, the page models and ``ApiResponse`` only when asked
    for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value
