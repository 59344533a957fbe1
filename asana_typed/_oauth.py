"""OAuth 2 for Asana, built on authlib's primitives.

Three layers:

- **I/O-free builders and parsers**: the token, refresh and revoke requests and
  :func:`parse_token_response`, on top of authlib's ``prepare_grant_uri``,
  ``prepare_token_request``, ``prepare_revoke_token_request``, ``OAuth2Token`` and
  ``create_s256_code_challenge``.
- :class:`OAuth2Auth`, the ``httpx.Auth`` of a client made with ``Client.oauth``. Its flow is
  one generator for both clients: it refreshes a token that is about to expire before the
  request, or once after a 401, then sends the request with the fresh token. The sync and async
  drivers only add a lock, so that concurrent requests refresh once.
- :class:`OAuthSession` and :class:`AsyncOAuthSession`, reached as ``client.session``: the
  authorization URL, the code exchange and revocation. They share everything but the sending.

Token requests go through the client's own ``http_client``, so its transport, proxies and TLS
settings apply to them as to API requests. No secret (client secret, access or refresh token,
code verifier) appears in a ``repr``, a log line or an exception message.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import weakref
from collections.abc import AsyncGenerator, Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Literal,
    Protocol,
    TypeAlias,
    TypeVar,
)
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from ._auth import single_line
from ._core import client_lib_headers, refuse_clear_text, transport_error
from ._options import RequestOptions, merge_options
from .errors import InvalidArgumentError, NoAuthorizationError

if TYPE_CHECKING:  # authlib and asyncio are imported when OAuth is used, not with the package
    import asyncio

    from authlib.oauth2.rfc6749.wrappers import OAuth2Token

__all__ = [
    "AUTHORIZE_URL",
    "OOB_REDIRECT_URI",
    "REFRESH_FRACTION",
    "REFRESH_MARGIN",
    "REVOKE_URL",
    "TOKEN_URL",
    "AsyncOAuthSession",
    "OAuth2Auth",
    "OAuthSession",
    "OAuthSettings",
    "TokenUpdater",
    "check_state",
    "parse_token_response",
    "session_of",
]

logger = logging.getLogger("asana_typed.oauth")

AUTHORIZE_URL: str = "https://app.asana.com/-/oauth_authorize"
"""Asana's authorization page, where the user grants the app access."""
TOKEN_URL: str = "https://app.asana.com/-/oauth_token"
"""Asana's token endpoint: code exchange and refresh."""
REVOKE_URL: str = "https://app.asana.com/-/oauth_revoke"
"""Asana's token revocation endpoint."""
OOB_REDIRECT_URI: str = "urn:ietf:wg:oauth:2.0:oob"
"""The redirect URI of command-line apps: Asana shows the code for the user to paste."""

REFRESH_MARGIN: int = 30
"""Seconds before ``expires_at`` from which a token is refreshed before it is used.

For a token whose lifetime (``expires_in``) is short, the margin is a tenth of its lifetime
instead (:data:`REFRESH_FRACTION`), so that a token living 10 s is used for 9 s."""
REFRESH_FRACTION: float = 0.1
"""The part of a token's lifetime its refresh margin takes at most."""

TokenUpdater: TypeAlias = Callable[[dict[str, Any]], object]
"""Called with the new token (a plain dict) after every refresh, so the app can store it."""

_HIDDEN = "<hidden>"


# -- settings and tokens ----------------------------------------------------------------------


@dataclass(frozen=True)
class OAuthSettings:
    """An app's registration and the OAuth endpoints; the ``repr`` leaves the secret out."""

    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str
    scope: str | Sequence[str] | None = None
    authorize_url: str = AUTHORIZE_URL
    token_url: str = TOKEN_URL
    revoke_url: str = REVOKE_URL
    code_challenge_method: Literal["S256"] | None = None
    allow_insecure_http: bool = False
    """Whether ``token_url`` and ``revoke_url`` may be plain ``http://`` to a host that is not
    loopback (they carry the client secret and tokens)."""

    def __post_init__(self) -> None:
        single_line(self.client_id, "client_id")
        single_line(self.client_secret, "client_secret")
        single_line(self.redirect_uri, "redirect_uri")
        for name in ("authorize_url", "token_url", "revoke_url"):
            single_line(getattr(self, name), name)
        if not isinstance(self.allow_insecure_http, bool):
            raise InvalidArgumentError("allow_insecure_http must be True or False")
        if not self.allow_insecure_http:
            refuse_clear_text(self.token_url, "token_url")
            refuse_clear_text(self.revoke_url, "revoke_url")
        if self.code_challenge_method not in (None, "S256"):
            raise InvalidArgumentError(
                f"code_challenge_method must be 'S256' or None, not {self.code_challenge_method!r}"
            )
        if not _is_scope(self.scope):
            raise InvalidArgumentError("scope must be a str, a list of str, or None")


def _is_scope(value: object) -> bool:
    if value is None or isinstance(value, str):
        return True
    return isinstance(value, Sequence) and all(isinstance(item, str) for item in value)


def normalize_token(token: Mapping[str, Any]) -> OAuth2Token:
    """A copy of ``token`` as an ``OAuth2Token``, with ``expires_at`` worked out if missing."""
    from authlib.oauth2.rfc6749.wrappers import OAuth2Token

    if not isinstance(token, Mapping):
        raise InvalidArgumentError(f"an OAuth token must be a dict, not {type(token).__name__}")
    access_token = token.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise InvalidArgumentError("an OAuth token needs a non-empty 'access_token'")
    return OAuth2Token(dict(token))


def refresh_margin(token: Mapping[str, Any]) -> float:
    """Seconds before its expiry from which ``token`` is refreshed before it is used.

    :data:`REFRESH_MARGIN`, or a tenth of the token's lifetime when that is shorter; a token
    whose lifetime is unknown (no ``expires_in``) gets the full margin.
    """
    lifetime = token.get("expires_in")
    if isinstance(lifetime, (int, float)) and not isinstance(lifetime, bool) and lifetime > 0:
        return min(float(REFRESH_MARGIN), lifetime * REFRESH_FRACTION)
    return float(REFRESH_MARGIN)


def needs_refresh(token: OAuth2Token) -> bool:
    """Whether ``token`` can and should be refreshed before it is used."""
    if not token.get("refresh_token"):
        return False
    return token.is_expired(leeway=refresh_margin(token)) is True


def check_state(expected: str, received: str) -> bool:
    """Whether the ``state`` a redirect brought back is the one sent, in constant time."""
    return hmac.compare_digest(expected.encode("utf-8"), received.encode("utf-8"))


def _scrub(text: str, secrets: Iterable[object]) -> str:
    for secret in secrets:
        if isinstance(secret, str) and secret:
            text = text.replace(secret, _HIDDEN)
    return text


# -- requests and responses (no I/O) ------------------------------------------------------------


def _form_request(url: str, body: str, timeout: object) -> httpx.Request:
    headers = {**client_lib_headers(), "Content-Type": "application/x-www-form-urlencoded"}
    extensions = {"timeout": timeout} if timeout is not None else {}
    return httpx.Request("POST", url, headers=headers, content=body.encode(), extensions=extensions)


def code_request(
    settings: OAuthSettings, code: str, code_verifier: str | None, timeout: object = None
) -> httpx.Request:
    """The token request exchanging an authorization code (``grant_type=authorization_code``)."""
    from authlib.oauth2.rfc6749.parameters import prepare_token_request

    body = prepare_token_request(
        "authorization_code",
        redirect_uri=settings.redirect_uri,
        code=code,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        code_verifier=code_verifier,
    )
    return _form_request(settings.token_url, body, timeout)


def refresh_request(
    settings: OAuthSettings, refresh_token: str, timeout: object = None
) -> httpx.Request:
    """The token request trading a refresh token for a new access token."""
    from authlib.oauth2.rfc6749.parameters import prepare_token_request

    body = prepare_token_request(
        "refresh_token",
        redirect_uri=settings.redirect_uri,
        refresh_token=refresh_token,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
    )
    return _form_request(settings.token_url, body, timeout)


def revoke_request(settings: OAuthSettings, token: str, timeout: object = None) -> httpx.Request:
    """The request revoking ``token`` (a refresh token revokes the whole grant)."""
    from authlib.oauth2.rfc7009.parameters import prepare_revoke_token_request

    credentials = urlencode(
        {"client_id": settings.client_id, "client_secret": settings.client_secret}
    )
    body, _ = prepare_revoke_token_request(token, body=credentials)
    return _form_request(settings.revoke_url, body, timeout)


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


_DETAIL_LENGTH = 300


def _json_detail(body: Mapping[str, Any]) -> str:
    """What a JSON error body in no standard form says, in one short line.

    Its ``message`` (or ``error_description``, ``description``), then its other scalar fields
    as ``key: value``.
    """
    text_keys = ("message", "error_description", "description")
    text = next((str(body[k]) for k in text_keys if isinstance(body.get(k), str)), "")
    others = [
        f"{key}: {value}"
        for key, value in body.items()
        if key not in text_keys and isinstance(value, (str, int, float, bool))
    ]
    if text and others:
        text += f" ({', '.join(others)})"
    elif others:
        text = ", ".join(others)
    else:
        text = json.dumps(body)
    return text if len(text) <= _DETAIL_LENGTH else text[: _DETAIL_LENGTH - 3] + "..."


def endpoint_error(
    response: httpx.Response, doing: str, secrets: Iterable[object]
) -> NoAuthorizationError:
    """The error for a refused token or revoke request; no secret is in its text.

    The response is not attached: its request carries the client secret and the token.
    """
    status = response.status_code
    body = _json_object(response)
    code = body.get("error") if body is not None else None
    description = body.get("error_description") if body is not None else None
    if isinstance(code, str):
        detail = code + (f" ({description})" if isinstance(description, str) else "")
    elif body is not None and (body.get("title") or body.get("detail")):
        detail = ": ".join(str(body[k]) for k in ("title", "detail") if body.get(k))  # RFC 7807
    elif body:
        detail = _json_detail(body)
    else:
        kind = response.headers.get("content-type", "no content type")
        detail = f"an answer that is not OAuth error JSON ({kind})"
    message = _scrub(f"{doing} failed: HTTP {status}, {detail}", secrets)
    errors = [{"error": code, "message": message}] if isinstance(code, str) else []
    return NoAuthorizationError(message, status=status, errors=errors)


def parse_token_response(
    response: httpx.Response,
    *,
    doing: str,
    secrets: Iterable[object] = (),
    previous: Mapping[str, Any] | None = None,
) -> OAuth2Token:
    """The token a token endpoint answered, with ``expires_at``.

    Asana does not send a new refresh token when refreshing, so the one of ``previous`` is
    kept. A refusal, or an answer without an access token, raises
    :class:`NoAuthorizationError` (whose text names no secret).
    """
    from authlib.oauth2.rfc6749.wrappers import OAuth2Token

    body = _json_object(response) if response.is_success else None
    if body is None or not isinstance(body.get("access_token"), str) or not body["access_token"]:
        raise endpoint_error(response, doing, secrets)
    fields = dict(body)
    if previous is not None and not fields.get("refresh_token") and previous.get("refresh_token"):
        fields["refresh_token"] = previous["refresh_token"]
    return OAuth2Token(fields)


def _timeout_of(client: _Host[Any]) -> object:
    timeout = merge_options(type(client).DEFAULTS, client.options).timeout
    return (
        timeout.as_dict()
        if isinstance(timeout, httpx.Timeout)
        else httpx.Timeout(timeout).as_dict()
    )


# -- the auth flow ------------------------------------------------------------------------------


class _Lock(Enum):
    """Steps of the flow that ask its driver to take or give back the refresh lock."""

    ACQUIRE = "acquire"
    RELEASE = "release"


_Step = httpx.Request | _Lock
_Steps = Generator[_Step, httpx.Response | None, None]


class OAuth2Auth(httpx.Auth):
    """Sends requests with the current access token and keeps that token fresh.

    The token lives here; ``client.session`` reads and replaces it. The ``repr`` shows the
    client id only.
    """

    settings: OAuthSettings
    """The app's registration and the OAuth endpoints."""
    token_updater: TokenUpdater | None
    """Called with the new token (a plain dict) after every refresh; ``None``: nobody is."""

    def __init__(
        self,
        settings: OAuthSettings,
        *,
        token: Mapping[str, Any] | None = None,
        token_updater: TokenUpdater | None = None,
    ) -> None:
        if token_updater is not None and not callable(token_updater):
            raise InvalidArgumentError("token_updater must be callable")
        self.settings = settings
        self.token_updater = token_updater
        self._token: OAuth2Token | None = normalize_token(token) if token is not None else None
        self._thread_lock = threading.RLock()
        self._async_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
        self._async_locks = weakref.WeakKeyDictionary()

    @property
    def token(self) -> OAuth2Token | None:
        """The current token, or ``None`` before the code exchange (and after revocation)."""
        return self._token

    def set_token(self, token: Mapping[str, Any] | None) -> None:
        """Replace the current token (``None`` forgets it)."""
        self._token = normalize_token(token) if token is not None else None

    def secrets(self, token: Mapping[str, Any] | None = None) -> list[object]:
        """Every secret an error message must not show."""
        values: list[object] = [self.settings.client_secret]
        for current in (token, self._token):
            if current is not None:
                values += [current.get("access_token"), current.get("refresh_token")]
        return values

    # The flow both clients share. It yields requests to send and lock steps for its driver.

    def _steps(self, request: httpx.Request) -> _Steps:
        used = self._token
        if used is None:
            raise NoAuthorizationError(
                "this client has no OAuth token (none fetched yet, or it was revoked): call "
                "client.session.fetch_token(...), or pass token=... to oauth()"
            )
        if needs_refresh(used):
            yield _Lock.ACQUIRE
            used = yield from self._refresh(request, used, "it expires")
            yield _Lock.RELEASE
        _authorize(request, used)
        response = yield request
        if response is None or response.status_code != 401 or not used.get("refresh_token"):
            return
        yield _Lock.ACQUIRE
        used = yield from self._refresh(request, used, "the API answered 401")
        yield _Lock.RELEASE
        _authorize(request, used)
        yield request

    def _refresh(
        self, request: httpx.Request, used: OAuth2Token, reason: str
    ) -> Generator[_Step, httpx.Response | None, OAuth2Token]:
        """Refresh ``used``, unless another request did so while this one waited for the lock.

        "Another request did so" is told by the token object, which every refresh (and every
        ``set_token``) replaces: not by the access token's text, which a server may answer
        again unchanged.
        """
        current = self._token
        if current is None:
            raise NoAuthorizationError("the OAuth token was revoked")
        if current is not used and not needs_refresh(current):
            return current
        refresh_token = current.get("refresh_token")
        if not isinstance(refresh_token, str) or not refresh_token:
            raise NoAuthorizationError("the OAuth token cannot be refreshed: no refresh token")
        logger.debug("refreshing the OAuth access token: %s", reason)
        response = yield refresh_request(
            self.settings, refresh_token, request.extensions.get("timeout")
        )
        if response is None:  # pragma: no cover - a driver bug
            raise TypeError("the OAuth flow expected a response")
        token = parse_token_response(
            response,
            doing="refreshing the OAuth access token",
            secrets=self.secrets(current),
            previous=current,
        )
        self._token = token
        logger.debug("OAuth access token refreshed; expires_at=%s", token.get("expires_at"))
        if self.token_updater is not None:
            self.token_updater(dict(token))
        return token

    # Drivers: httpx runs one of these; they carry out the lock steps and send the requests.

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """The flow without a lock, for code that drives ``auth_flow`` itself."""
        steps = self._steps(request)
        reply: httpx.Response | None = None
        while True:
            try:
                step = steps.send(reply)
            except StopIteration:
                return
            reply = (yield step) if isinstance(step, httpx.Request) else None

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """The flow as ``httpx.Client`` runs it: refreshes hold a lock shared across threads."""
        steps = self._steps(request)
        lock = self._thread_lock
        held = False
        reply: httpx.Response | None = None
        try:
            while True:
                try:
                    step = steps.send(reply)
                except StopIteration:
                    return
                reply = None
                if isinstance(step, httpx.Request):
                    reply = yield step
                    reply.read()
                elif step is _Lock.ACQUIRE:
                    lock.acquire()
                    held = True
                else:
                    lock.release()
                    held = False
        finally:
            steps.close()
            if held:
                lock.release()

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The flow as ``httpx.AsyncClient`` runs it: refreshes hold the event loop's lock."""
        steps = self._steps(request)
        lock = self._async_lock()
        held = False
        reply: httpx.Response | None = None
        try:
            while True:
                try:
                    step = steps.send(reply)
                except StopIteration:
                    return
                reply = None
                if isinstance(step, httpx.Request):
                    reply = yield step
                    await reply.aread()
                elif step is _Lock.ACQUIRE:
                    await lock.acquire()
                    held = True
                else:
                    lock.release()
                    held = False
        finally:
            steps.close()
            if held:
                lock.release()

    def _async_lock(self) -> asyncio.Lock:
        """The refresh lock of the running event loop (a lock belongs to one loop)."""
        import asyncio

        loop = asyncio.get_running_loop()
        lock = self._async_locks.get(loop)
        if lock is None:
            lock = self._async_locks[loop] = asyncio.Lock()
        return lock

    def __repr__(self) -> str:
        token = _HIDDEN if self._token is not None else None
        return f"OAuth2Auth(client_id={self.settings.client_id!r}, token={token})"


def _authorize(request: httpx.Request, token: OAuth2Token) -> None:
    request.headers["Authorization"] = f"Bearer {token['access_token']}"


# -- client.session -----------------------------------------------------------------------------

H_co = TypeVar("H_co", covariant=True)


class _Host(Protocol[H_co]):
    """What a session needs from its client."""

    DEFAULTS: ClassVar[RequestOptions]
    options: RequestOptions

    @property
    def http_client(self) -> H_co: ...


class _SessionBase:
    """The parts of a session that do no I/O: URLs, state, PKCE, building and reading requests."""

    def __init__(self, auth: OAuth2Auth, client: _Host[Any]) -> None:
        self._auth = auth
        self._client = client
        self._state: str | None = None
        self._code_verifier: str | None = None

    @property
    def settings(self) -> OAuthSettings:
        """The app's registration and endpoints."""
        return self._auth.settings

    @property
    def token(self) -> dict[str, Any] | None:
        """A copy of the current token (``access_token``, ``refresh_token``, ``expires_at``...)."""
        token = self._auth.token
        return dict(token) if token is not None else None

    @token.setter
    def token(self, token: Mapping[str, Any] | None) -> None:
        self._auth.set_token(token)

    @property
    def state(self) -> str | None:
        """The ``state`` of the last :meth:`authorization_url`."""
        return self._state

    @property
    def code_verifier(self) -> str | None:
        """The PKCE verifier of the last :meth:`authorization_url` (``None`` without PKCE)."""
        return self._code_verifier

    def authorization_url(self, state: str | None = None) -> tuple[str, str]:
        """The URL to send the user to, and the ``state`` it carries (random unless given).

        With ``code_challenge_method="S256"`` a fresh PKCE verifier is made, kept for
        :meth:`fetch_token`, and its challenge is added to the URL.
        """
        from authlib.common.security import generate_token
        from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
        from authlib.oauth2.rfc7636 import create_s256_code_challenge

        settings = self.settings
        state = single_line(state, "state") if state is not None else generate_token(30)
        pkce: dict[str, str] = {}
        verifier: str | None = None
        if settings.code_challenge_method == "S256":
            verifier = generate_token(64)
            pkce = {
                "code_challenge": create_s256_code_challenge(verifier),
                "code_challenge_method": "S256",
            }
        url = prepare_grant_uri(
            settings.authorize_url,
            settings.client_id,
            "code",
            redirect_uri=settings.redirect_uri,
            scope=settings.scope,
            state=state,
            **pkce,
        )
        self._state, self._code_verifier = state, verifier
        return url, state

    @staticmethod
    def check_state(expected: str, received: str) -> bool:
        """Whether the ``state`` a redirect brought back is the one sent, in constant time."""
        return check_state(expected, received)

    def _code_request(
        self,
        code: str | None,
        authorization_response: str | None,
        state: str | None,
        code_verifier: str | None,
    ) -> httpx.Request:
        if authorization_response is not None:
            if code is not None:
                raise InvalidArgumentError("pass code=... or authorization_response=..., not both")
            code = self._code_from_redirect(authorization_response, state)
        if code is None:
            raise InvalidArgumentError("fetch_token() needs code=... or authorization_response=...")
        code = single_line(code, "code")
        verifier = code_verifier if code_verifier is not None else self._code_verifier
        return code_request(self.settings, code, verifier, _timeout_of(self._client))

    def _code_from_redirect(self, url: str, state: str | None) -> str:
        """The code in the URL the user was sent back to, after checking its ``state``."""
        params = dict(parse_qsl(urlsplit(url).query))
        if "error" in params:
            raise NoAuthorizationError(
                f"the authorization was refused: {params['error']}"
                + (f" ({params['error_description']})" if "error_description" in params else "")
            )
        expected = state if state is not None else self._state
        if expected is None:
            raise InvalidArgumentError("pass state=...: no authorization_url() to check against")
        if not check_state(expected, params.get("state", "")):
            raise InvalidArgumentError("the state in the authorization response does not match")
        if not params.get("code"):
            raise InvalidArgumentError("the authorization response has no code")
        return params["code"]

    def _accept_token(self, response: httpx.Response) -> dict[str, Any]:
        token = parse_token_response(
            response, doing="exchanging the authorization code", secrets=self._auth.secrets()
        )
        self._auth.set_token(token)
        self._code_verifier = None
        logger.debug("OAuth token obtained; expires_at=%s", token.get("expires_at"))
        return dict(token)

    def _revoke_request(self) -> httpx.Request | None:
        token = self._auth.token
        if token is None:
            return None
        value = token.get("refresh_token") or token["access_token"]
        return revoke_request(self.settings, value, _timeout_of(self._client))

    def _accept_revocation(self, response: httpx.Response) -> None:
        if not response.is_success:
            raise endpoint_error(response, "revoking the OAuth token", self._auth.secrets())
        self._auth.set_token(None)
        logger.debug("OAuth token revoked")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} client_id={self.settings.client_id!r}>"


class OAuthSession(_SessionBase):
    """``Client.session``: authorize, exchange the code, revoke."""

    _client: _Host[httpx.Client]

    def fetch_token(
        self,
        *,
        code: str | None = None,
        authorization_response: str | None = None,
        state: str | None = None,
        code_verifier: str | None = None,
    ) -> dict[str, Any]:
        """Exchange an authorization code for a token, keep it, and return a copy.

        Give the ``code`` (after checking the ``state`` yourself), or the whole URL the user
        was redirected to as ``authorization_response``: its ``state`` is then checked against
        ``state`` (by default the one of the last :meth:`authorization_url`). The PKCE verifier
        of the last :meth:`authorization_url` is sent unless ``code_verifier`` is given.
        """
        request = self._code_request(code, authorization_response, state, code_verifier)
        return self._accept_token(self._send(request))

    def revoke_token(self) -> None:
        """Revoke the grant (its refresh token, or the access token if none) and forget it."""
        request = self._revoke_request()
        if request is not None:
            self._accept_revocation(self._send(request))

    def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return self._client.http_client.send(request, auth=None)
        except httpx.TransportError as exc:
            raise transport_error(exc) from exc


class AsyncOAuthSession(_SessionBase):
    """``AsyncClient.session``: as :class:`OAuthSession`, with awaited requests."""

    _client: _Host[httpx.AsyncClient]

    async def fetch_token(
        self,
        *,
        code: str | None = None,
        authorization_response: str | None = None,
        state: str | None = None,
        code_verifier: str | None = None,
    ) -> dict[str, Any]:
        """Exchange an authorization code for a token; see :meth:`OAuthSession.fetch_token`."""
        request = self._code_request(code, authorization_response, state, code_verifier)
        return self._accept_token(await self._send(request))

    async def revoke_token(self) -> None:
        """Revoke the grant (its refresh token, or the access token if none) and forget it."""
        request = self._revoke_request()
        if request is not None:
            self._accept_revocation(await self._send(request))

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self._client.http_client.send(request, auth=None)
        except httpx.TransportError as exc:
            raise transport_error(exc) from exc


S = TypeVar("S", bound=_SessionBase)


def session_of(client: object, session_class: type[S]) -> S:
    """``client.session``: the OAuth session of a client made with ``oauth()``.

    Made on first access and kept on the client. Other clients have no session: reading it
    raises :class:`AttributeError`.
    """
    made: S | None = client.__dict__.get("_oauth_session")
    if made is not None:
        return made
    auth = getattr(client, "_auth", None)
    if not isinstance(auth, OAuth2Auth):
        name = type(client).__name__
        raise AttributeError(f"{name}.session exists only on clients made with {name}.oauth(...)")
    made = client.__dict__["_oauth_session"] = session_class(auth, client)  # type: ignore[arg-type]
    return made
