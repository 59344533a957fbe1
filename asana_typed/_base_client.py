"""What :class:`Client` and :class:`AsyncClient` share: constructors, options, resources."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, TypeVar

import httpx

from ._auth import ApiKeyAuth, HeaderAuth, TokenAuth
from ._core import ClientCore, Flow, PreparedCall
from ._endpoints._declarations import Endpoint
from ._http._default_clients import header_state
from ._oauth import (
    AUTHORIZE_URL,
    REVOKE_URL,
    TOKEN_URL,
    OAuth2Auth,
    OAuthSettings,
    TokenUpdater,
)
from ._options import RequestOptions, ResolvedCache, merge_options
from .errors import InvalidArgumentError

if TYPE_CHECKING:
    from ._batch import BatchAction, BatchResult
    from .resources import ActionDirectory

__all__ = ["BaseClient"]

H = TypeVar("H", httpx.Client, httpx.AsyncClient)
_C = TypeVar("_C", bound="BaseClient[Any]")
"""The client class a constructor is called on (spelt as a TypeVar: jedi does not bind Self)."""


def _checked_options(options: object) -> RequestOptions | None:
    """``options`` when it is a RequestOptions (or None); a clear error otherwise."""
    if options is not None and not isinstance(options, RequestOptions):
        raise InvalidArgumentError(
            f"options must be a RequestOptions, not {type(options).__name__}"
        )
    return options


def _checked_flag(value: object) -> bool:
    """``allow_insecure_http`` when it is a bool; a clear error otherwise."""
    if not isinstance(value, bool):
        raise InvalidArgumentError(
            f"allow_insecure_http must be True or False, not {type(value).__name__}"
        )
    return value


def _checked_http_client(cls: type[BaseClient[Any]], http_client: object) -> Any:
    """``http_client`` when it fits the client class (or is None); a clear error otherwise."""
    expected = cls._http_class
    if http_client is None or isinstance(http_client, expected):
        return http_client
    given = type(http_client)
    given_name = f"{given.__module__.split('.')[0]}.{given.__qualname__}"
    if isinstance(http_client, (httpx.Client, httpx.AsyncClient)):
        other = "AsyncClient" if isinstance(http_client, httpx.AsyncClient) else "Client"
        fix = (
            f"make an asana_typed.{other} with it, or pass httpx.{expected.__name__}(...) "
            f"to {cls.__name__}"
        )
    else:
        fix = f"pass an httpx.{expected.__name__}, e.g. httpx.{expected.__name__}(timeout=60)"
    raise InvalidArgumentError(
        f"{cls.__name__} sends with an httpx.{expected.__name__}, but got {given_name} as "
        f"http_client: {fix}"
    )


class _SharedDefaults:
    """``Client.DEFAULTS``: the global option layer, one object shared by both clients.

    Made on first access, so importing the package and making a client build no schema.
    """

    value: RequestOptions | None = None

    def __get__(self, obj: object, owner: type[Any]) -> RequestOptions:
        if _SharedDefaults.value is None:
            _SharedDefaults.value = RequestOptions()
        return _SharedDefaults.value


class _ClientClass(type):
    """Assigning ``Client.DEFAULTS`` (or ``AsyncClient.DEFAULTS``) replaces the layer both
    clients share, rather than hiding it on one class."""

    def __setattr__(cls, name: str, value: Any) -> None:
        if name != "DEFAULTS":
            super().__setattr__(name, value)
        elif isinstance(value, RequestOptions):
            _SharedDefaults.value = value
        else:
            raise InvalidArgumentError(
                f"{cls.__name__}.DEFAULTS must be a RequestOptions, not {type(value).__name__}: "
                f"{cls.__name__}.DEFAULTS = RequestOptions(page_size=100)"
            )


class BaseClient(Generic[H], metaclass=_ClientClass):
    """Constructors, option layers and call preparation; subclasses do the I/O.

    ``DEFAULTS`` is the lowest option layer, ``options`` this client's layer; both are read at
    call time.

    Credentials never travel in clear text by accident: a call whose ``base_url`` (from any
    option layer) is plain ``http://`` to a host other than loopback (``localhost``,
    127.0.0.0/8, ``::1``) is refused with :class:`InvalidArgumentError` before anything is
    sent, as are such OAuth token and revoke URLs when the client is made. A client made with
    ``allow_insecure_http=True`` allows them.
    """

    DEFAULTS: ClassVar[RequestOptions] = _SharedDefaults()  # type: ignore[assignment]

    @classmethod
    def reset_defaults(cls) -> None:
        """Start ``DEFAULTS`` over: every option back to its default, for both clients.

        Tests that change ``Client.DEFAULTS`` call it when they end (a fixture), so the next
        test starts from the defaults; ``Client.DEFAULTS = RequestOptions()`` does the same.
        """
        _SharedDefaults.value = None

    # What each shell plugs in: its concurrency gate, item iterator and default HTTP client.
    _gate_class: ClassVar[Callable[[], Any]]
    _iterator_class: ClassVar[Callable[..., Any]]
    _http_factory: Callable[[], tuple[Any, Any]]
    """Makes the HTTP client when none is given, and returns the transport to call directly."""
    _http_class: ClassVar[type[Any]]
    """The httpx client class this client sends with (``http_client`` must be one)."""

    def __init__(
        self,
        auth: httpx.Auth | None = None,
        *,
        options: RequestOptions | None = None,
        http_client: H | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._auth = auth
        self._options = _checked_options(options)
        self._http: H | None = _checked_http_client(type(self), http_client)
        self._owns_http = http_client is None
        fixed = auth.authorization if isinstance(auth, HeaderAuth) else None
        self._core = ClientCore(fixed, allow_insecure_http=_checked_flag(allow_insecure_http))
        # A fixed credential is already in the headers; other auth (OAuth) runs its flow.
        self._send_auth: httpx.Auth | None = None if fixed is not None else auth
        self._direct: Any = None
        """The transport of the SDK's own HTTP client, called without ``send`` (see there)."""
        self._headers_as_made: list[Any] = []
        """The headers of the SDK's own HTTP client when it was made (changed: use ``send``)."""
        self._gate = type(self)._gate_class()
        self._resolved = ResolvedCache()

    @property
    def options(self) -> RequestOptions:
        """This client's option layer (between ``DEFAULTS`` and each call's ``options=``)."""
        if self._options is None:
            self._options = RequestOptions()
        return self._options

    @options.setter
    def options(self, value: RequestOptions) -> None:
        self._options = _checked_options(value) or RequestOptions()

    @property
    def http_client(self) -> H:
        """The httpx client requests go through (made on first use if none was given)."""
        if self._http is None:
            self._http, transport = self._http_factory()
            if self._send_auth is None:  # a fixed credential: no auth flow to run per request
                self._direct = transport
                self._headers_as_made = header_state(self._http)
        return self._http

    def _call(
        self,
        endpoint: Endpoint,
        args: tuple[Any, ...],
        params: Any,
        options: RequestOptions | None,
        full_payload: bool,
        iterator_type: str | None,
        raw_response: bool = False,
    ) -> Any:
        """Run one endpoint call: a value (a coroutine on AsyncClient) or an item iterator."""
        call = self._prepare(
            endpoint, args, params, options, full_payload, iterator_type, raw_response
        )
        if call.iterate:
            return type(self)._iterator_class(
                lambda query: self._drive(endpoint.page_flow(call, query)), endpoint.cursor(call)
            )
        return self._drive(endpoint.result_flow(call))

    def _drive(self, flow: Flow[Any]) -> Any:
        """Carry out a flow's commands (the shell's I/O)."""
        raise NotImplementedError

    @property
    def actions(self) -> ActionDirectory:
        """Each resource's calls as actions for :meth:`batch`, checked as the calls are.

        ``client.actions.tasks.get_task(gid)`` takes what ``client.tasks.get_task`` takes and
        gives a ``BatchAction[Task]``; nothing is sent until the batch runs.
        """
        made: ActionDirectory | None = self.__dict__.get("actions")
        if made is None:
            from .resources import ActionDirectory

            made = self.__dict__["actions"] = ActionDirectory(self)
        return made

    def _action(
        self, endpoint: Endpoint, args: tuple[Any, ...], params: Any, options: RequestOptions | None
    ) -> BatchAction[Any]:
        """The batch action of an endpoint call, prepared as the call would be (one page)."""
        from ._batch import make_action

        return make_action(self._prepare(endpoint, args, params, options, False, None), self)

    def _batch_chunks(self, actions: Iterable[object]) -> list[list[BatchAction[Any]]]:
        """The actions of :meth:`batch`, checked, in chunks of one ``POST /batch`` each."""
        from ._batch import checked_actions, chunked

        return chunked(checked_actions(actions, self))

    def _batch_flow(self, chunk: list[BatchAction[Any]]) -> Flow[list[BatchResult[Any]]]:
        """The I/O of one ``POST /batch`` carrying ``chunk``."""
        from ._batch import batch_flow, batch_options
        from .resources.batch_api import _Endpoints

        actions = {"actions": [action.body() for action in chunk]}
        call = self._core.prepare(
            _Endpoints.create_batch_request, (), actions, batch_options(chunk), False, "items"
        )
        return batch_flow(call, chunk)

    @classmethod
    def access_token(
        cls: type[_C],
        token: str,
        *,
        options: RequestOptions | None = None,
        http_client: H | None = None,
        allow_insecure_http: bool = False,
    ) -> _C:
        """A client that sends ``Authorization: Bearer <token>`` (personal or OAuth token).

        ``allow_insecure_http=True`` lets it send the token over plain ``http://`` to a host
        that is not loopback (see :class:`BaseClient`).
        """
        return cls(
            TokenAuth(token),
            options=options,
            http_client=http_client,
            allow_insecure_http=allow_insecure_http,
        )

    @classmethod
    def basic_auth(
        cls: type[_C],
        api_key: str,
        *,
        options: RequestOptions | None = None,
        http_client: H | None = None,
        allow_insecure_http: bool = False,
    ) -> _C:
        """A client that authenticates with a legacy API key (HTTP basic auth).

        ``allow_insecure_http=True`` lets it send the key over plain ``http://`` to a host
        that is not loopback (see :class:`BaseClient`).
        """
        return cls(
            ApiKeyAuth(api_key),
            options=options,
            http_client=http_client,
            allow_insecure_http=allow_insecure_http,
        )

    @classmethod
    def oauth(
        cls: type[_C],
        *,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        token: Mapping[str, Any] | None = None,
        scope: str | Sequence[str] | None = None,
        token_updater: TokenUpdater | None = None,
        authorize_url: str = AUTHORIZE_URL,
        token_url: str = TOKEN_URL,
        revoke_url: str = REVOKE_URL,
        code_challenge_method: Literal["S256"] | None = None,
        options: RequestOptions | None = None,
        http_client: H | None = None,
        allow_insecure_http: bool = False,
    ) -> _C:
        """A client for an OAuth 2 app; ``client.session`` authorizes it and holds its token.

        Without ``token`` the client needs ``client.session.fetch_token(...)`` before its first
        API call. An expiring token is refreshed with its refresh token before a request, or
        once after a 401, and ``token_updater`` gets every new token.
        ``redirect_uri="urn:ietf:wg:oauth:2.0:oob"`` suits command-line apps;
        ``code_challenge_method="S256"`` turns on PKCE. Token requests go through this
        client's ``http_client``. A plain ``http://`` ``token_url`` or ``revoke_url`` to a host
        that is not loopback is refused here, and such a ``base_url`` at each call, unless
        ``allow_insecure_http=True``.
        """
        settings = OAuthSettings(
            client_id=client_id,
            client_secret=client_secret,
            redirect_uri=redirect_uri,
            scope=scope,
            authorize_url=authorize_url,
            token_url=token_url,
            revoke_url=revoke_url,
            code_challenge_method=code_challenge_method,
            allow_insecure_http=allow_insecure_http,
        )
        auth = OAuth2Auth(settings, token=token, token_updater=token_updater)
        return cls(
            auth, options=options, http_client=http_client, allow_insecure_http=allow_insecure_http
        )

    def _prepare(
        self,
        endpoint: Endpoint,
        args: tuple[Any, ...],
        params: Any,
        options: RequestOptions | None,
        full_payload: bool,
        iterator_type: str | None,
        raw_response: bool = False,
    ) -> PreparedCall:
        if options is None:
            opts = self._resolved.resolve(type(self).DEFAULTS, self._options)
        else:
            opts = merge_options(type(self).DEFAULTS, self._options, _checked_options(options))
        return self._core.prepare(
            endpoint, args, params, opts, full_payload, iterator_type, raw_response
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} auth={self._auth!r}>"
