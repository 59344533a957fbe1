"""Asana's OAuth 2 endpoints, which live outside the API root.

``GET /-/oauth_authorize``
    The signed-in user (the seeded user) approves at once, as if they had clicked "Allow":
    a 302 to ``redirect_uri?code=...&state=...``, or for the out-of-band redirect
    (``urn:ietf:wg:oauth:2.0:oob``) a page showing the code. An unknown client or an
    unregistered redirect URI gets a 400 page (never a redirect); a bad ``response_type`` or
    ``code_challenge_method`` is sent back to the redirect URI as ``error=...``.
``POST /-/oauth_token``
    Form-encoded ``grant_type=authorization_code`` (``code``, ``redirect_uri``, and
    ``code_verifier`` when the authorization carried an S256 ``code_challenge``) or
    ``grant_type=refresh_token``; client credentials in the form or as HTTP basic auth.
    Answers like Asana: ``access_token``, ``token_type: bearer``, ``expires_in: 3600``,
    ``refresh_token`` (for the code grant only) and ``data``, the user. Refusals are
    ``{"error": ..., "error_description": ...}``: 401 ``invalid_client``, 400
    ``invalid_request`` / ``invalid_grant`` / ``unsupported_grant_type``. A code works once;
    using it again also revokes what it granted.
``POST /-/oauth_revoke``
    Form-encoded ``token`` (access or refresh token); 200 whether the token is known or not.
    Revoking a refresh token revokes its whole grant.

Access tokens issued here are accepted by the API until they are revoked or expired with
:meth:`OAuthProvider.expire_access_tokens`. :meth:`OAuthProvider.configure` makes the token
endpoint answer as other authorization servers may: short-lived tokens, the same access token
again on refresh, RFC 7807 problem details for refusals.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from .._engine._app import API_ROOT, Outcome
from .._engine._auth import Credentials

__all__ = ["OOB_REDIRECT_URI", "OAuthEndpoints", "OAuthError", "OAuthProvider", "oauth_endpoints"]

OOB_REDIRECT_URI: str = "urn:ietf:wg:oauth:2.0:oob"
"""The out-of-band redirect URI: the authorize endpoint shows the code on a page."""
ACCESS_TOKEN_LIFETIME: int = 3600
"""``expires_in`` of every access token issued, in seconds (as Asana's)."""
_JSON = [("Content-Type", "application/json; charset=UTF-8"), ("Cache-Control", "no-store")]
_REASONS = {400: "Bad Request", 401: "Unauthorized", 405: "Method Not Allowed"}


class OAuthEndpoints(TypedDict):
    """The three OAuth URLs of a served fake, as ``Client.oauth`` takes them."""

    authorize_url: str
    token_url: str
    revoke_url: str


def oauth_endpoints(base_url: str) -> OAuthEndpoints:
    """The OAuth URLs beside an API root such as ``http://127.0.0.1:PORT/api/1.0``."""
    root = base_url.rstrip("/").removesuffix(API_ROOT)
    return OAuthEndpoints(
        authorize_url=root + "/-/oauth_authorize",
        token_url=root + "/-/oauth_token",
        revoke_url=root + "/-/oauth_revoke",
    )


class OAuthError(Exception):
    """A refused OAuth request: ``{"error": code, "error_description": description}``."""

    status: int
    """The HTTP status of the answer (302: reported to the redirect URI instead)."""
    code: str
    """The OAuth error code, e.g. ``"invalid_grant"``."""
    description: str
    """What went wrong, in words."""

    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(f"{code}: {description}")
        self.status = status
        self.code = code
        self.description = description


@dataclass(frozen=True)
class _App:
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]


@dataclass
class _Grant:
    """What one authorization granted: a refresh token and the access tokens made from it."""

    client_id: str
    user_gid: str
    refresh_token: str
    access_tokens: list[str] = field(default_factory=list)
    revoked: bool = False


@dataclass
class _Code:
    client_id: str
    redirect_uri: str
    user_gid: str
    code_challenge: str | None
    grant: _Grant | None = None
    """Set once the code was exchanged; a second use revokes it."""


def s256(verifier: str) -> str:
    """The PKCE S256 challenge of ``verifier``: base64url(sha256(verifier)), unpadded."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class OAuthProvider:
    """Registered apps, codes and grants, and the three endpoints' handlers."""

    signed_in_user: str
    """Gid of the user who approves authorization requests (unless ``approve`` names one)."""
    token_requests: list[dict[str, str]]
    """The form of every request to the token endpoint, in order (secrets included)."""
    access_token_lifetime: int
    """``expires_in`` of the access tokens issued, in seconds."""
    repeat_access_token: bool
    """Whether a refresh answers the grant's last access token again instead of a new one."""
    problem_details: bool
    """Whether refusals are RFC 7807 ``application/problem+json`` instead of OAuth error JSON."""

    def __init__(
        self,
        credentials: Credentials,
        *,
        signed_in_user: str,
        user_info: Callable[[str], Mapping[str, Any] | None],
    ) -> None:
        self._credentials = credentials
        self._user_info = user_info
        self.signed_in_user = signed_in_user
        self._lock = threading.Lock()
        self._apps: dict[str, _App] = {}
        self._codes: dict[str, _Code] = {}
        self._grants: dict[str, _Grant] = {}
        """By refresh token."""
        self._live_access_tokens: set[str] = set()
        self.token_requests = []
        self.access_token_lifetime = ACCESS_TOKEN_LIFETIME
        self.repeat_access_token = False
        self.problem_details = False

    def configure(
        self,
        *,
        access_token_lifetime: int | None = None,
        repeat_access_token: bool | None = None,
        problem_details: bool | None = None,
    ) -> None:
        """Change how the token endpoint answers (``None`` keeps a setting)."""
        with self._lock:
            if access_token_lifetime is not None:
                self.access_token_lifetime = access_token_lifetime
            if repeat_access_token is not None:
                self.repeat_access_token = repeat_access_token
            if problem_details is not None:
                self.problem_details = problem_details

    def routes(self) -> dict[str, Callable[[str, httpx.URL, httpx.Headers, bytes], Outcome]]:
        """The handlers by full path, for :class:`~._app.FakeApp`."""
        return {
            "/-/oauth_authorize": self.handle_authorize,
            "/-/oauth_token": self.handle_token,
            "/-/oauth_revoke": self.handle_revoke,
        }

    # -- setup and inspection ------------------------------------------------------------

    def add_app(self, client_id: str, client_secret: str, redirect_uris: tuple[str, ...]) -> None:
        """Register an app (replacing one with the same ``client_id``)."""
        with self._lock:
            self._apps[client_id] = _App(client_id, client_secret, redirect_uris)

    def expire_access_tokens(self) -> None:
        """Every access token issued so far stops working; refresh tokens still work."""
        with self._lock:
            for token in self._live_access_tokens:
                self._credentials.revoke_token(token)
            self._live_access_tokens.clear()

    # -- authorization ---------------------------------------------------------------------

    def approve(self, params: Mapping[str, str], user_gid: str | None = None) -> tuple[str, str]:
        """Approve an authorization request: ``(redirect_uri, code)``.

        Raises :class:`OAuthError` (400) for an unknown client or redirect URI; a
        ``response_type`` other than ``code`` or an unsupported ``code_challenge_method`` raise
        it with status 302 (they are reported to the redirect URI).
        """
        with self._lock:
            app = self._apps.get(params.get("client_id", ""))
            if app is None:
                raise OAuthError(400, "invalid_client", "unknown client_id")
            redirect_uri = params.get("redirect_uri", "")
            if redirect_uri not in app.redirect_uris:
                raise OAuthError(400, "invalid_request", "redirect_uri is not registered")
            if params.get("response_type") != "code":
                raise OAuthError(302, "unsupported_response_type", "response_type must be code")
            challenge = params.get("code_challenge")
            method = params.get("code_challenge_method", "S256" if challenge else None)
            if method is not None and (method != "S256" or not challenge):
                raise OAuthError(302, "invalid_request", "only S256 code challenges are supported")
            code = secrets.token_urlsafe(24)
            self._codes[code] = _Code(
                app.client_id, redirect_uri, user_gid or self.signed_in_user, challenge
            )
            return redirect_uri, code

    def handle_authorize(
        self, method: str, url: httpx.URL, headers: httpx.Headers, body: bytes
    ) -> Outcome:
        """``GET /-/oauth_authorize``: approve at once and redirect with a code (or show it)."""
        params = dict(url.params.items())
        if method != "GET":
            return _json(405, {"error": "invalid_request", "error_description": "use GET"})
        state = params.get("state")
        try:
            redirect_uri, code = self.approve(params)
        except OAuthError as error:
            if error.status != 302:
                return _page(error.status, "Authorization failed", error.description)
            answer = {"error": error.code, "error_description": error.description}
            return _redirect(params["redirect_uri"], answer, state)
        if redirect_uri == OOB_REDIRECT_URI:
            return _page(200, "Authorization code", code, code=True)
        return _redirect(redirect_uri, {"code": code}, state)

    # -- tokens ------------------------------------------------------------------------------

    def handle_token(
        self, method: str, url: httpx.URL, headers: httpx.Headers, body: bytes
    ) -> Outcome:
        """``POST /-/oauth_token``: exchange a code, or refresh, for an access token."""
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        with self._lock:
            self.token_requests.append(form)
        try:
            if method != "POST":
                raise OAuthError(405, "invalid_request", "use POST")
            app = self._client(form, headers)
            grant_type = form.get("grant_type")
            if grant_type == "authorization_code":
                answer = self._exchange_code(app, form)
            elif grant_type == "refresh_token":
                answer = self._refresh(app, form)
            else:
                raise OAuthError(400, "unsupported_grant_type", "grant_type is not supported")
        except OAuthError as error:
            return self._refusal(error)
        return _json(200, answer)

    def _refusal(self, error: OAuthError) -> Outcome:
        """A refused token or revoke request, as OAuth error JSON or RFC 7807 problem details."""
        if not self.problem_details:
            return _json(
                error.status, {"error": error.code, "error_description": error.description}
            )
        problem = {
            "type": "about:blank",
            "title": _REASONS.get(error.status, "Error"),
            "status": error.status,
            "detail": error.description,
        }
        headers = [("Content-Type", "application/problem+json"), ("Cache-Control", "no-store")]
        return Outcome(error.status, headers, json.dumps(problem).encode("utf-8"))

    def _client(self, form: Mapping[str, str], headers: httpx.Headers) -> _App:
        client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
        scheme, _, value = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
            except ValueError:
                decoded = ":"
            client_id, _, client_secret = decoded.partition(":")
        with self._lock:
            app = self._apps.get(client_id)
        if app is None or not hmac.compare_digest(
            app.client_secret.encode(), client_secret.encode()
        ):
            raise OAuthError(401, "invalid_client", "unknown client or wrong client secret")
        return app

    def _exchange_code(self, app: _App, form: Mapping[str, str]) -> dict[str, Any]:
        with self._lock:
            code = self._codes.get(form.get("code", ""))
            if code is None or code.client_id != app.client_id:
                raise OAuthError(400, "invalid_grant", "the code is unknown or expired")
            if code.grant is not None:
                self._revoke_grant(code.grant)
                raise OAuthError(400, "invalid_grant", "the code was already used")
            if form.get("redirect_uri") != code.redirect_uri:
                raise OAuthError(400, "invalid_grant", "redirect_uri differs from authorization")
            if code.code_challenge is not None:
                verifier = form.get("code_verifier", "")
                if not verifier:
                    raise OAuthError(400, "invalid_request", "code_verifier is required")
                if not hmac.compare_digest(s256(verifier), code.code_challenge):
                    raise OAuthError(400, "invalid_grant", "code_verifier does not match")
            grant = _Grant(app.client_id, code.user_gid, secrets.token_urlsafe(32))
            code.grant = grant
            self._grants[grant.refresh_token] = grant
            access_token = self._issue(grant)
        return self._answer(grant, access_token, with_refresh_token=True)

    def _refresh(self, app: _App, form: Mapping[str, str]) -> dict[str, Any]:
        with self._lock:
            grant = self._grants.get(form.get("refresh_token", ""))
            if grant is None or grant.revoked or grant.client_id != app.client_id:
                raise OAuthError(400, "invalid_grant", "the refresh token is unknown or revoked")
            access_token = self._issue(grant)
        return self._answer(grant, access_token, with_refresh_token=False)

    def _issue(self, grant: _Grant) -> str:
        if self.repeat_access_token and grant.access_tokens:
            token = grant.access_tokens[-1]  # the same token again, valid again
            self._live_access_tokens.add(token)
            self._credentials.add_token(token, grant.user_gid)
            return token
        token = "fake-oauth-" + secrets.token_urlsafe(24)
        grant.access_tokens.append(token)
        self._live_access_tokens.add(token)
        self._credentials.add_token(token, grant.user_gid)
        return token

    def _answer(
        self, grant: _Grant, access_token: str, *, with_refresh_token: bool
    ) -> dict[str, Any]:
        user = self._user_info(grant.user_gid) or {"gid": grant.user_gid}
        gid = str(user["gid"])
        answer: dict[str, Any] = {
            "access_token": access_token,
            "token_type": "bearer",
            "expires_in": self.access_token_lifetime,
            "data": {
                "id": int(gid) if gid.isdigit() else gid,
                "gid": gid,
                "name": user.get("name"),
                "email": user.get("email"),
            },
        }
        if with_refresh_token:
            answer["refresh_token"] = grant.refresh_token
        return answer

    # -- revocation -----------------------------------------------------------------------

    def handle_revoke(
        self, method: str, url: httpx.URL, headers: httpx.Headers, body: bytes
    ) -> Outcome:
        """``POST /-/oauth_revoke``: revoke an access token, or a refresh token's whole grant."""
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        try:
            if method != "POST":
                raise OAuthError(405, "invalid_request", "use POST")
            self._client(form, headers)
        except OAuthError as error:
            return self._refusal(error)
        token = form.get("token", "")
        with self._lock:
            grant = self._grants.get(token)
            if grant is not None:
                self._revoke_grant(grant)
            elif token in self._live_access_tokens:
                self._live_access_tokens.discard(token)
                self._credentials.revoke_token(token)
        return Outcome(200, [], b"")

    def _revoke_grant(self, grant: _Grant) -> None:
        grant.revoked = True
        for token in grant.access_tokens:
            self._live_access_tokens.discard(token)
            self._credentials.revoke_token(token)


def _json(status: int, body: dict[str, Any]) -> Outcome:
    return Outcome(status, list(_JSON), json.dumps(body).encode("utf-8"))


def _redirect(redirect_uri: str, params: dict[str, str], state: str | None) -> Outcome:
    if state is not None:
        params = {**params, "state": state}
    separator = "&" if urlsplit(redirect_uri).query else "?"
    location = redirect_uri + separator + urlencode(params)
    return Outcome(302, [("Location", location)], b"")


def _page(status: int, title: str, text: str, *, code: bool = False) -> Outcome:
    """A small HTML page; with ``code`` the text is the code, in ``<code id="code">``."""
    shown = f'<code id="code">{html.escape(text)}</code>' if code else html.escape(text)
    page = (
        f"<!doctype html><title>{html.escape(title)}</title>"
        f"<h1>{html.escape(title)}</h1><p>{shown}</p>"
    )
    return Outcome(status, [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8"))
