"""asana_typed: a typed, model-oriented Python SDK for the Asana REST API.

>>> from asana_typed import Client
>>> client = Client.access_token("...")          # doctest: +SKIP
>>> me = client.users.me()                        # doctest: +SKIP
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._lazy import lazy_names
from ._version import __version__

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._batch import BatchAction, BatchResult
    from ._bulk import BulkResult
    from ._client import Client
    from ._oauth import AsyncOAuthSession, OAuthSession
    from ._options import RequestOptions
    from ._pages._envelopes import NextPage, Page
    from ._pages._iterators import AsyncItemIterator, ItemIterator
    from ._response import ApiResponse
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

_ERRORS = [name for name in __all__ if name.endswith(("Error", "Warning"))]
_LAZY = {
    "ApiResponse": "._response",
    "AsyncClient": "._async_client",
    "AsyncItemIterator": "._pages._iterators",
    "AsyncOAuthSession": "._oauth",
    "BatchAction": "._batch",
    "BatchResult": "._batch",
    "BulkResult": "._bulk",
    "Client": "._client",
    "ItemIterator": "._pages._iterators",
    "NextPage": "._pages._envelopes",
    "OAuthSession": "._oauth",
    "Page": "._pages._envelopes",
    "RequestOptions": "._options",
    **dict.fromkeys(_ERRORS, ".errors"),
}

# Each public name's module is imported when the name is first asked for: ``import asana_typed``
# loads neither httpx nor pydantic, so a process that only imports the package (pytest loading
# the package's plugin, for one) pays nothing for the SDK.
_SUBMODULES = ("errors", "models", "params", "resources", "testing", "webhooks")
__getattr__: Callable[[str], Any] = lazy_names(__name__, _LAZY, _SUBMODULES)
