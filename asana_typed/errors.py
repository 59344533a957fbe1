"""The SDK's errors (see ``asana_typed._errors`` for the tree)."""

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

__all__ = [
    "AsanaChangeWarning",
    "AsanaConnectionError",
    "AsanaError",
    "AsanaTimeoutError",
    "ForbiddenError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "InvalidTokenError",
    "NoAuthorizationError",
    "NotFoundError",
    "PremiumOnlyError",
    "RateLimitEnforcedError",
    "RetryableAsanaError",
    "ServerError",
]
