"""asana_typed: a typed, model-oriented Python SDK for the Asana REST API.

>>> from asana_typed import Client
>>> client = Client.access_token("...")          # doctest: +SKIP
>>> me = client.users.me()                        # doctest: +SKIP
"""

from ._async_client import AsyncClient
from ._bulk import BulkResult
from ._client import Client
from ._errors import (
    AsanaChangeWarning,
    AsanaConnectionError,
    AsanaError,
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
    ServerError,
)
from ._options import RequestOptions
from ._pagination import AsyncItemIterator, ItemIterator, NextPage, Page
from ._version import __version__

__all__ = [
    "AsanaChangeWarning",
    "AsanaConnectionError",
    "AsanaError",
    "AsanaTimeoutError",
    "AsyncClient",
    "AsyncItemIterator",
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
    "Page",
    "PremiumOnlyError",
    "RateLimitEnforcedError",
    "RequestOptions",
    "RetryableAsanaError",
    "ServerError",
    "__version__",
]
