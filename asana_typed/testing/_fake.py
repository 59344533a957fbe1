"""``FakeAsana``: the public face of the fake.

It owns the store, the accepted credentials, the fault queue and the request log, exposes the
fake as an httpx transport and as a loopback HTTP server, and offers seed helpers that create
objects directly (as another user of the workspace would have done) without any request.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import httpx
from typing_extensions import Unpack

from ._activity import add_comment, record_task_update
from ._app import FakeApp
from ._auth import Credentials
from ._concurrency import ASANA_READ_LIMIT, ASANA_WRITE_LIMIT
from ._custom_field_records import add_custom_field_setting, create_custom_field
from ._endpoints_attachments import DOWNLOAD_PREFIX, create_attachment, download_handler
from ._endpoints_events import DEFAULT_EVENT_FIELDS
from ._endpoints_jobs import EXPORT_PREFIX, export_download_handler
from ._endpoints_projects import create_project
from ._endpoints_sections import create_section
from ._endpoints_tags import create_tag
from ._endpoints_teams import create_team
from ._endpoints_templates import create_project_template, create_task_template
from ._endpoints_users import create_user
from ._endpoints_workspaces import create_workspace
from ._engine._generic import seed_record
from ._faults import Fault, FaultKind, FaultQueue
from ._oauth import OOB_REDIRECT_URI, OAuthEndpoints, OAuthError, OAuthProvider, oauth_endpoints
from ._recording import RecordedRequest, RequestLog
from ._render import render
from ._routes import build_router
from ._server import LoopbackServer
from ._state import Record, Ref, Store, parse_timestamp, utc_timestamp
from ._task_records import SET_ELSEWHERE, apply_task_fields, create_task
from ._transport import FakeTransport
from ._webhook_delivery import WebhookDelivery, WebhookDispatcher

if TYPE_CHECKING:
    from .._async_client import AsyncClient
    from .._client import Client
    from .._options import OptionValues

__all__ = ["FakeAsana", "Gid"]

Gid = str | Mapping[str, Any]
"""An object given to a seed helper: its gid, or its record (a dict with a ``gid``)."""

DEFAULT_ACCESS_TOKEN = "test-token"


def _timestamp(value: datetime | str) -> str:
    """Asana's form of a moment given to a seed helper."""
    moment = parse_timestamp(value) if isinstance(value, str) else value
    if moment is None:
        raise ValueError(f"not an ISO 8601 date-time: {value!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return utc_timestamp(moment)


def _gid(value: Gid) -> str:
    return value if isinstance(value, str) else str(value["gid"])


class FakeAsana:
    """An in-memory Asana API for tests.

    A new fake holds one workspace and one user (``me``), a member of it, who owns the access
    token ``"test-token"``. The quickest start is an SDK client wired to it in-process::

        fake = FakeAsana()
        client = fake.client()              # an AsyncClient: fake.async_client()
        me = client.users.me()

    Any other HTTP client works too, in-process::

        http = httpx.Client(transport=fake.transport, base_url="https://app.asana.com/api/1.0")

    or over real HTTP::

        with fake.serve() as base_url:  # "http://127.0.0.1:PORT/api/1.0"
            ...

    Permissions: a request naming an object of a workspace its user is not a member of gets
    Asana's 403 (one that does not exist, a 404). To test that, seed a workspace without the
    seeded user and someone who can see it::

        other = fake.add_workspace(name="Elsewhere", include_me=False)
        bob = fake.add_user(name="Bob", workspaces=[other])
        fake.add_token("bob-token", user=bob)
        bob_client = fake.client(access_token="bob-token")

    Records returned by the seed helpers and by :attr:`me` / :attr:`workspace` are JSON
    snapshots in the full view that ``GET`` would answer, not live objects.

    Changes made through the API write stories (``created``, ``name_changed``,
    ``marked_complete``, ``assigned``, ``added_to_project``, ``attachment_added`` ...) and
    events (``GET /events?resource=<gid>``; a task's events also reach its projects' streams).
    Seed helpers write state directly and leave no stories; only :meth:`add_project`,
    :meth:`add_task` and :meth:`add_story` log the ``added`` event of what they create, and
    :meth:`update_task` changes a task exactly as ``PUT /tasks/{gid}`` would (stories and
    events included), the quick way to cause many changes in an events test.

    Webhooks hear the same changes: ``POST /webhooks`` sends the ``X-Hook-Secret`` handshake to
    the target (which must run in another thread or process; it may call the fake before
    answering), then events go to the target from a background thread, in-process and over
    :meth:`serve` alike; :meth:`webhook_deliveries`, :meth:`wait_for_deliveries` and
    :meth:`configure_webhooks` are the test's handles on them. Jobs (duplicates, templates,
    exports) are done at once and answered ``in_progress``; ``GET /jobs/{gid}`` shows them
    ``succeeded``. :meth:`add_project_template` and :meth:`add_task_template` seed templates.
    """

    def __init__(
        self,
        *,
        access_token: str = DEFAULT_ACCESS_TOKEN,
        user_name: str = "Test User",
        user_email: str = "test.user@example.com",
        workspace_name: str = "Test Workspace",
    ) -> None:
        self._store = Store()
        self._credentials = Credentials()
        self._faults = FaultQueue()
        self._log = RequestLog()
        self._app = FakeApp(
            store=self._store,
            credentials=self._credentials,
            faults=self._faults,
            log=self._log,
            router=build_router(),
        )
        self._transport = FakeTransport(self._app)
        self._webhooks = WebhookDispatcher(self._store)
        with self._store.locked():
            workspace = create_workspace(
                self._store,
                name=workspace_name,
                is_organization=True,
                email_domains=[user_email.partition("@")[2]],
            )
            user = create_user(
                self._store, name=user_name, email=user_email, workspace_gids=[workspace["gid"]]
            )
        self._workspace_gid: str = workspace["gid"]
        self._me_gid: str = user["gid"]
        self._access_token = access_token
        self._credentials.add_token(access_token, self._me_gid)
        self._oauth = OAuthProvider(
            self._credentials,
            signed_in_user=self._me_gid,
            user_info=lambda gid: self.get_record("user", gid),
        )
        self._app.outside_routes.update(self._oauth.routes())
        self._app.outside_routes[DOWNLOAD_PREFIX] = download_handler(self._store)
        self._app.outside_routes[EXPORT_PREFIX] = export_download_handler(self._store)

    # -- connecting -----------------------------------------------------------------------

    @property
    def transport(self) -> FakeTransport:
        """An httpx transport (sync and async) answering from this fake, in-process."""
        return self._transport

    def client(self, *, access_token: str | None = None, **options: Unpack[OptionValues]) -> Client:
        """An SDK :class:`~asana_typed.Client` talking to this fake in-process.

        It sends ``access_token`` (the seeded user's by default; see :meth:`add_token` for
        another user's); ``options`` are :class:`~asana_typed.RequestOptions` fields for the
        client's option layer, e.g. ``fake.client(page_size=10, max_retries=0)``. Nothing
        goes over a socket, so closing the client is optional.
        """
        from .._client import Client
        from .._options import RequestOptions

        return Client.access_token(
            access_token or self._access_token,
            options=RequestOptions(**options),
            http_client=httpx.Client(transport=self._transport),
        )

    def async_client(
        self, *, access_token: str | None = None, **options: Unpack[OptionValues]
    ) -> AsyncClient:
        """An SDK :class:`~asana_typed.AsyncClient` talking to this fake in-process.

        The arguments are :meth:`client`'s.
        """
        from .._async_client import AsyncClient
        from .._options import RequestOptions

        return AsyncClient.access_token(
            access_token or self._access_token,
            options=RequestOptions(**options),
            http_client=httpx.AsyncClient(transport=self._transport),
        )

    @contextmanager
    def serve(self, port: int = 0) -> Iterator[str]:
        """Run the fake on ``127.0.0.1`` for the ``with`` block, on ``port`` (0: any free one).

        Yields the API root, ``http://127.0.0.1:PORT/api/1.0``. Several servers may run
        for one fake at once; they share its state.
        """
        server = LoopbackServer(self._app, port)
        base_url = server.start()
        try:
            yield base_url
        finally:
            server.stop()

    # -- credentials ----------------------------------------------------------------------

    @property
    def access_token(self) -> str:
        """The bearer token of the seeded user (``"test-token"`` by default)."""
        return self._access_token

    def add_token(self, token: str, *, user: Gid | None = None) -> None:
        """Accept another bearer token, for ``user`` (by default the seeded user)."""
        self._credentials.add_token(token, _gid(user) if user is not None else self._me_gid)

    def revoke_token(self, token: str) -> None:
        """Stop accepting a bearer token: requests with it get a 401."""
        self._credentials.revoke_token(token)

    def add_api_key(self, key: str, *, user: Gid | None = None) -> None:
        """Accept basic auth with user name ``key`` and an empty password."""
        self._credentials.add_api_key(key, _gid(user) if user is not None else self._me_gid)

    # -- OAuth ----------------------------------------------------------------------------

    def add_oauth_app(
        self,
        *,
        client_id: str,
        client_secret: str,
        redirect_uris: Sequence[str] = (OOB_REDIRECT_URI,),
    ) -> None:
        """Register an OAuth app with the redirect URIs it may use (out-of-band by default).

        ``GET /-/oauth_authorize`` then approves its requests as the seeded user would by
        clicking "Allow", and ``/-/oauth_token`` and ``/-/oauth_revoke`` serve it.
        """
        self._oauth.add_app(client_id, client_secret, tuple(redirect_uris))

    def approve_authorization(self, authorize_url: str, *, user: Gid | None = None) -> str:
        """Approve an authorization URL as ``user`` (the seeded user by default); the code.

        This is the code the redirect would carry (or the out-of-band page would show).
        Raises :class:`ValueError` for a request Asana would refuse (unknown client, a
        redirect URI not registered, a bad ``response_type``).
        """
        params = dict(httpx.URL(authorize_url).params.items())
        try:
            _, code = self._oauth.approve(params, _gid(user) if user is not None else None)
        except OAuthError as error:
            raise ValueError(f"authorization refused: {error}") from None
        return code

    def configure_oauth(
        self,
        *,
        access_token_lifetime: int | None = None,
        repeat_access_token: bool | None = None,
        problem_details: bool | None = None,
    ) -> None:
        """Make the token endpoint answer as other authorization servers may.

        ``access_token_lifetime``: the ``expires_in`` of tokens issued from now on (3600 by
        default, as Asana's). ``repeat_access_token``: a refresh answers the access token it
        issued last for the grant, again (RFC 6749 allows it; servers whose tokens carry no
        unique claim do it within the same second). ``problem_details``: refusals are RFC 7807
        ``application/problem+json`` (``title``, ``detail``, ``status``) instead of OAuth error
        JSON. An argument left out keeps its current setting.
        """
        self._oauth.configure(
            access_token_lifetime=access_token_lifetime,
            repeat_access_token=repeat_access_token,
            problem_details=problem_details,
        )

    def expire_access_tokens(self) -> None:
        """Expire every OAuth access token issued so far: the API answers them with 401.

        Refresh tokens keep working, so a client can get new access tokens.
        """
        self._oauth.expire_access_tokens()

    @property
    def oauth_token_requests(self) -> list[dict[str, str]]:
        """The form fields of every ``/-/oauth_token`` request received, oldest first."""
        return [dict(form) for form in self._oauth.token_requests]

    @staticmethod
    def oauth_endpoints(base_url: str = "https://app.asana.com/api/1.0") -> OAuthEndpoints:
        """The OAuth URLs beside an API root, e.g. the one :meth:`serve` yields.

        ``Client.oauth(..., **FakeAsana.oauth_endpoints(base_url))`` points a client at them.
        """
        return oauth_endpoints(base_url)

    # -- seeded objects -------------------------------------------------------------------

    @property
    def me(self) -> Record:
        """The seeded user (the owner of :attr:`access_token`)."""
        return self._snapshot("user", self._me_gid)

    @property
    def workspace(self) -> Record:
        """The seeded workspace (an organization)."""
        return self._snapshot("workspace", self._workspace_gid)

    def add_workspace(
        self, *, name: str, is_organization: bool = False, include_me: bool = True
    ) -> Record:
        """Create a workspace; the seeded user joins it unless ``include_me`` is false."""
        with self._store.locked():
            workspace = create_workspace(self._store, name=name, is_organization=is_organization)
            if include_me:
                self._store.get("user", self._me_gid)["workspaces"].append(
                    Ref("workspace", workspace["gid"])
                )
            return self._snapshot("workspace", workspace["gid"])

    def add_user(
        self, *, name: str, email: str | None = None, workspaces: list[Gid] | None = None
    ) -> Record:
        """Create a user, by default a member of the seeded workspace."""
        gids = [_gid(w) for w in workspaces] if workspaces is not None else [self._workspace_gid]
        with self._store.locked():
            address = email or f"{name.lower().replace(' ', '.')}@example.com"
            user = create_user(self._store, name=name, email=address, workspace_gids=gids)
            return self._snapshot("user", user["gid"])

    def add_team(
        self, *, name: str, organization: Gid | None = None, members: list[Gid] | None = None
    ) -> Record:
        """Create a team in an organization (the seeded workspace by default).

        ``members`` (the seeded user by default) join it, each with a team membership.
        """
        with self._store.locked():
            org = self._store.get("workspace", _gid(organization or self._workspace_gid))
            gids = [_gid(m) for m in members] if members is not None else [self._me_gid]
            team = create_team(self._store, {"name": name, "organization": org["gid"]}, gids)
            return self._snapshot("team", team["gid"])

    def add_project(
        self, *, name: str, workspace: Gid | None = None, team: Gid | None = None, **fields: Any
    ) -> Record:
        """Create a project as the seeded user; ``fields`` are ``ProjectRequest`` fields."""
        data: dict[str, Any] = {"name": name, **fields}
        if team is not None:
            data["team"] = _gid(team)
        if workspace is not None or team is None:
            data["workspace"] = _gid(workspace or self._workspace_gid)
        with self._store.locked():
            project = create_project(self._store, data, self._me_gid)
            self._store.add_event(
                action="added",
                resource=project,
                user_gid=self._me_gid,
                workspace_gid=project["workspace"].gid,
            )
            return self._snapshot("project", project["gid"])

    def add_task(
        self,
        *,
        name: str,
        workspace: Gid | None = None,
        projects: list[Gid] | None = None,
        parent: Gid | None = None,
        assignee: Gid | None = None,
        custom_id: str | None = None,
        created_at: datetime | str | None = None,
        **fields: Any,
    ) -> Record:
        """Create a task as the seeded user; ``fields`` are ``TaskCreateRequest`` fields.

        Without ``projects`` or ``parent`` the task goes into the seeded workspace.
        ``custom_id`` makes it findable by ``GET /workspaces/{gid}/tasks/custom_id/{id}``.
        ``created_at`` (a datetime, naive meaning UTC, or ISO 8601 text) backdates the task,
        ``modified_at`` with it; many tasks may share one.
        """
        created = None if created_at is None else _timestamp(created_at)
        data: dict[str, Any] = {"name": name, **fields}
        if projects:
            data["projects"] = [_gid(p) for p in projects]
        if parent is not None:
            data["parent"] = _gid(parent)
        if assignee is not None:
            data["assignee"] = _gid(assignee)
        if workspace is not None or not (projects or parent or "memberships" in fields):
            data["workspace"] = _gid(workspace or self._workspace_gid)
        with self._store.locked():
            task = create_task(self._store, data, self._me_gid)
            task["_custom_id"] = custom_id
            if created is not None:
                task["created_at"] = task["modified_at"] = created
            self._store.add_event(
                action="added",
                resource=task,
                user_gid=self._me_gid,
                workspace_gid=task["workspace"].gid,
            )
            return self._snapshot("task", task["gid"])

    def add_section(self, *, name: str, project: Gid) -> Record:
        """Create a section at the end of a project."""
        with self._store.locked():
            owner = self._store.get("project", _gid(project))
            section = create_section(self._store, owner, name)
            return self._snapshot("section", section["gid"])

    def add_tag(self, *, name: str, workspace: Gid | None = None) -> Record:
        """Create a tag (in the seeded workspace by default)."""
        with self._store.locked():
            home = self._store.get("workspace", _gid(workspace or self._workspace_gid))
            data = {"name": name, "workspace": home["gid"]}
            tag = create_tag(self._store, data, self._me_gid)
            return self._snapshot("tag", tag["gid"])

    def add_custom_field(
        self,
        *,
        name: str,
        resource_subtype: str = "text",
        workspace: Gid | None = None,
        enum_options: Sequence[str] = (),
        **fields: Any,
    ) -> Record:
        """Create a custom field as the seeded user (in the seeded workspace by default).

        ``enum_options`` names the options of an ``enum`` or ``multi_enum`` field, in order;
        ``fields`` are other ``CustomFieldRequest`` fields (``precision``, ``format`` ...).
        Put it on a project with :meth:`add_custom_field_setting`.
        """
        data: dict[str, Any] = {
            **fields,
            "name": name,
            "resource_subtype": resource_subtype,
            "workspace": _gid(workspace or self._workspace_gid),
            "enum_options": [{"name": option} for option in enum_options],
        }
        with self._store.locked():
            field = create_custom_field(self._store, data, self._me_gid)
            return self._snapshot("custom_field", field["gid"])

    def add_object(self, resource_type: str, **fields: Any) -> Record:
        """Create an object of any type of the API directly, as the seeded user: for the types
        only Asana itself creates (``agent``, ``custom_type``, ``time_period``, ``reaction``,
        ``rule_trigger`` ...) or to set up state quickly.

        Reference fields take gids (or records); unset fields start empty, a ``workspace``
        defaults to the seeded one. A field the type does not have is kept for list filters:
        a reaction's ``target`` and ``emoji_base``, a custom type's ``project``.
        """
        values = {name: _gid(v) if isinstance(v, Mapping) else v for name, v in fields.items()}
        with self._store.locked():
            record = seed_record(self._store, resource_type, self._me_gid, values)
            return self._snapshot(resource_type, record["gid"])

    def add_project_template(
        self, project: Gid, *, name: str, public: bool = False, team: Gid | None = None
    ) -> Record:
        """Save a project as a template, as ``POST /projects/{gid}/saveAsTemplate`` would.

        The template keeps the project's notes, sections and tasks (names, notes, assignees,
        dates, tags, followers, dependencies, attachments, subtasks); when tasks have dates it
        requests a start date (date variable ``1``) at instantiation.
        """
        with self._store.locked():
            source = self._store.get("project", _gid(project))
            template = create_project_template(
                self._store,
                source,
                self._me_gid,
                name=name,
                public=public,
                team=_gid(team) if team is not None else None,
            )
            return self._snapshot("project_template", template["gid"])

    def add_task_template(self, *, name: str, project: Gid, **recipe: Any) -> Record:
        """Create a task template in a project (Asana's API cannot create them).

        ``recipe`` takes ``TaskTemplateRecipe`` fields: ``name`` (of the task, by default the
        template's), ``task_resource_subtype`` (``default_task``, ``milestone_task``,
        ``approval_task``), ``description`` or ``html_description``, ``relative_start_on`` and
        ``relative_due_on`` (days after instantiation), ``due_time``, ``followers`` (user gids)
        and ``subtasks`` (names).
        """
        with self._store.locked():
            home = self._store.get("project", _gid(project))
            template = create_task_template(
                self._store, home, self._me_gid, name=name, recipe=recipe
            )
            return self._snapshot("task_template", template["gid"])

    def add_custom_field_setting(
        self, field: Gid, *, project: Gid, is_important: bool = False
    ) -> Record:
        """Put a custom field on a project: its tasks can then hold values of it."""
        with self._store.locked():
            owner = self._store.get("project", _gid(project))
            definition = self._store.get("custom_field", _gid(field))
            data = {"is_important": is_important}
            setting = add_custom_field_setting(self._store, owner, definition, data)
            return self._snapshot("custom_field_setting", setting["gid"])

    def add_favorite(self, resource: Gid, *, resource_type: str, user: Gid | None = None) -> None:
        """Mark an object as a favourite of ``user`` (the seeded user by default)."""
        with self._store.locked():
            owner = self._store.get("user", _gid(user) if user is not None else self._me_gid)
            target = self._store.get(resource_type, _gid(resource))
            owner["_favorites"].append(Ref(resource_type, target["gid"]))

    def add_story(
        self,
        task: Gid,
        *,
        text: str | None = None,
        html_text: str | None = None,
        user: Gid | None = None,
    ) -> Record:
        """Comment on a task as ``user`` (the seeded user by default): a ``comment_added`` story.

        Give ``text`` or ``html_text``. Like a comment sent through the API, it logs the
        story's ``added`` event (in the task's and its projects' event streams).
        """
        author = _gid(user) if user is not None else self._me_gid
        with self._store.locked():
            target = self._store.get("task", _gid(task))
            self._store.get("user", author)
            story = add_comment(self._store, target, author, text=text, html_text=html_text)
            return self._snapshot("story", story["gid"])

    def add_attachment(
        self,
        parent: Gid,
        *,
        name: str,
        content: bytes,
        content_type: str = "application/octet-stream",
    ) -> Record:
        """Attach a file (``content``) to a task, as if uploaded earlier.

        No story or event is written; ``download_url`` points at ``https://app.asana.com``,
        which the fake's transport serves (read the bytes back with :meth:`attachment_bytes`).
        """
        with self._store.locked():
            owner = self._store.get("task", _gid(parent))
            attachment = create_attachment(
                self._store, owner, name=name, content=content, content_type=content_type
            )
            return self._snapshot("attachment", attachment["gid"])

    def attachment_bytes(self, attachment: Gid) -> bytes:
        """The stored bytes of an uploaded attachment (``b""`` for an external link)."""
        with self._store.locked():
            record = self._store.get("attachment", _gid(attachment))
            content: bytes | None = record["_content"]
            return content or b""

    def update_task(self, task: Gid, *, user: Gid | None = None, **fields: Any) -> Record:
        """Change a task as ``user`` (the seeded user by default), as ``PUT /tasks/{gid}`` would.

        ``fields`` are ``TaskUpdateRequest`` fields. The change writes the same stories and
        events as the request, so it is the quick way to make many changes for an events test.
        """
        author = _gid(user) if user is not None else self._me_gid
        for key, instead in SET_ELSEWHERE.items():
            if key in fields:
                raise ValueError(f"{key} cannot be changed by update_task; use {instead}")
        with self._store.locked():
            record = self._store.get("task", _gid(task))
            before = dict(record)
            apply_task_fields(self._store, record, fields, author)
            record_task_update(self._store, record, before, author)
            return self._snapshot("task", record["gid"])

    def events(self, resource: Gid | None = None) -> list[Record]:
        """Every event logged so far (or those in ``resource``'s stream), oldest first.

        Events are rendered as ``GET /events`` shows them; this reads without a sync token.
        """
        with self._store.locked():
            log = self._store.events
            if resource is not None:
                gid = _gid(resource)
                log = [event for event in log if gid in event.get("_feeds", ())]
            return [render(self._store, event, DEFAULT_EVENT_FIELDS, "full") for event in log]

    def get_record(self, resource_type: str, gid: str) -> Record | None:
        """A snapshot of an object's full record, or ``None`` if it does not exist."""
        with self._store.locked():
            if self._store.find(resource_type, gid) is None:
                return None
            return self._snapshot(resource_type, gid)

    def records(self, resource_type: str) -> list[Record]:
        """Snapshots of every object of a type, oldest first."""
        with self._store.locked():
            return [self._snapshot(resource_type, r["gid"]) for r in self._store.all(resource_type)]

    def _snapshot(self, resource_type: str, gid: str) -> Record:
        return render(self._store, self._store.get(resource_type, gid), None, "full")

    # -- webhooks ---------------------------------------------------------------------------

    def webhook_deliveries(self, webhook: Gid | None = None) -> list[WebhookDelivery]:
        """Every ``POST`` of events to a webhook target so far (of one webhook), oldest first.

        A webhook made with ``POST /webhooks`` (after the target confirmed the
        ``X-Hook-Secret`` handshake) hears the changes made through the API to its resource and
        what it contains (a project's tasks and their stories ...), passed through its
        filters. The events of one request go out together, signed with ``X-Hook-Signature``,
        from a background thread; failed deliveries are retried (see
        :meth:`configure_webhooks`) and each try is a delivery here.
        """
        return self._webhooks.deliveries(_gid(webhook) if webhook is not None else None)

    def wait_for_deliveries(
        self, count: int | None = None, *, webhook: Gid | None = None, timeout: float = 5.0
    ) -> list[WebhookDelivery]:
        """Wait until ``count`` deliveries (of one webhook) succeeded; return the successful ones.

        Without ``count``, wait until every event heard so far has been delivered (or given
        up on). Raises :class:`TimeoutError` after ``timeout`` seconds. In async code, call it
        through ``asyncio.to_thread`` unless the target runs in another thread or process.
        """
        gid = _gid(webhook) if webhook is not None else None
        return self._webhooks.wait(count, gid, timeout)

    def configure_webhooks(
        self, *, retry_delays: Sequence[float] | None = None, timeout: float | None = None
    ) -> None:
        """Change how deliveries are retried (an argument left out keeps its setting).

        ``retry_delays``: seconds before each retry of a failed delivery (by default 0.1,
        doubling, six retries); after the last one fails the webhook is deleted, as Asana does
        after a day. A target answering ``410 Gone`` deletes its webhook at once.
        ``timeout``: seconds a target has to answer a delivery (10 by default).
        """
        if retry_delays is not None:
            self._webhooks.retry_delays = tuple(float(delay) for delay in retry_delays)
        if timeout is not None:
            self._webhooks.timeout = float(timeout)

    # -- the request log --------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first, including failed and injected ones."""
        return self._log.snapshot()

    def clear_requests(self) -> None:
        """Forget the requests received so far."""
        self._log.clear()

    # -- injected failures --------------------------------------------------------------------

    def fail_next(
        self,
        status: int = 500,
        times: int = 1,
        retry_after: int | float | str | None = None,
        body: bytes | str | dict[str, Any] | list[Any] | None = None,
        content_type: str = "application/json",
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status``, without running them.

        ``retry_after`` becomes the ``Retry-After`` header (seconds, or a string such as an
        HTTP date); ``body`` replaces Asana's error JSON. ``method`` and ``path`` narrow the
        requests hit; ``path`` is an ``fnmatch`` pattern below the API root (``/tasks/*``).
        """
        self._faults.add(
            Fault(
                "status",
                times,
                method=method,
                path=path,
                status=status,
                retry_after=retry_after,
                body=body,
                content_type=content_type,
            )
        )

    def drop_next(
        self,
        times: int = 1,
        *,
        after_receiving: bool = False,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Lose the connection of the next ``times`` matching requests.

        By default the request never reaches the API (nothing changes; the transport raises
        :class:`httpx.ConnectError`). With ``after_receiving=True`` it runs and only the
        answer is lost (the transport raises :class:`httpx.RemoteProtocolError`). The
        loopback server closes the connection without answering in both cases.
        """
        kind: FaultKind = "drop_after_receiving" if after_receiving else "drop"
        self._faults.add(Fault(kind, times, method=method, path=path))

    def delay_next(
        self, seconds: float, times: int = 1, *, method: str | None = None, path: str | None = None
    ) -> None:
        """Hold back the answer to the next ``times`` matching requests by ``seconds``.

        The request runs first. In-process, a delay longer than the request's read timeout
        raises :class:`httpx.ReadTimeout` once the timeout has passed.
        """
        self._faults.add(Fault("delay", times, method=method, path=path, seconds=seconds))

    def drift_next(
        self,
        changes: dict[str, Any],
        times: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Make the answers to the next ``times`` matching requests drift from the spec.

        The request runs; then each entry of ``changes`` (a dotted field path and a value,
        e.g. ``{"num_likes": "two", "assignee.name": 3}``) is set on the object of the
        answer's ``data``, or on every object of a ``data`` array (pages, lists, events).
        """
        self._faults.add(Fault("drift", times, method=method, path=path, changes=dict(changes)))

    def announce_change(self, name: str, info: str, *, path: str | None = None) -> None:
        """Announce an API change from now on, as Asana does while it rolls one out.

        Every successful API answer (below the API root; ``path`` narrows it with an
        ``fnmatch`` pattern such as ``/tasks/*``) carries
        ``Asana-Change: name=<name>;info=<info>;affected=true``, whether or not the request
        names the change in ``Asana-Enable`` / ``Asana-Disable``: what to make of the header
        is the client's business.
        """
        self._app.announced_changes.append((f"name={name};info={info};affected=true", path))

    def limit_concurrency(
        self, reads: int | None = ASANA_READ_LIMIT, writes: int | None = ASANA_WRITE_LIMIT
    ) -> None:
        """Enforce Asana's concurrency limits per credential (``None`` lifts one).

        A request arriving while ``reads`` GETs (or ``writes`` other requests) of the same
        credential are being answered gets 429 with ``Retry-After: 1``, as Asana does.
        """
        self._app.limiter.reads = reads
        self._app.limiter.writes = writes

    @property
    def latency(self) -> float:
        """Seconds every answer is held back (``0`` by default); lets requests overlap."""
        return self._app.limiter.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._app.limiter.latency = float(seconds)

    @property
    def peak_concurrency(self) -> dict[str, int]:
        """The most requests seen in flight at once for one credential: reads and writes."""
        peak = self._app.limiter.peak
        return {"read": peak["read"], "write": peak["write"]}

    @property
    def refused_for_concurrency(self) -> int:
        """How many requests were answered 429 for going over the concurrency limits."""
        return self._app.limiter.refused

    def clear_faults(self) -> None:
        """Drop every injected failure still waiting."""
        self._faults.clear()

    @property
    def pending_faults(self) -> int:
        """How many requests queued failures will still hit."""
        return self._faults.pending()
