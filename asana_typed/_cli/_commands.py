"""What each subcommand of ``asana-typed`` does (the parser is in ``__init__``).

Every API command makes one :class:`~asana_typed.Client` from ``ASANA_ACCESS_TOKEN`` (never
printed) and ``--base-url``, and prints through :class:`~._output.Printer`.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

from .. import Client, RequestOptions
from .._endpoints._declarations import Endpoint
from .._endpoints._misuse import did_you_mean
from .._pages._iterators import ItemIterator
from ..resources import ResourceDirectory
from ._output import Printer

__all__ = ["TOKEN_VARIABLE", "UsageError", "call", "fake_serve", "listing", "me", "operations"]

TOKEN_VARIABLE = "ASANA_ACCESS_TOKEN"
"""The environment variable the token is read from."""


class UsageError(Exception):
    """A command line that cannot run as given (exit status 2); the message says why."""


def _client(args: argparse.Namespace) -> Client:
    token = os.environ.get(TOKEN_VARIABLE)
    if not token:
        raise UsageError(
            f"set {TOKEN_VARIABLE} to an Asana personal access token (Asana: My settings > "
            "Apps > Developer apps), or try the fake: start `asana-typed fake serve` and "
            "pass the token and --base-url it prints"
        )
    options = RequestOptions()
    if args.base_url:
        options.base_url = args.base_url
    return Client.access_token(token, options=options)


def _fields(args: argparse.Namespace, default: list[str]) -> list[str]:
    """The ``--fields`` list (comma-separated), or ``default``."""
    given = getattr(args, "fields", None)
    if not given:
        return default
    return [field.strip() for field in given.split(",") if field.strip()]


def _options(args: argparse.Namespace, fields: list[str] | None) -> RequestOptions:
    """The call's options: the fields to ask for, and the listing's page size and limit."""
    options = RequestOptions(fields=fields)
    if getattr(args, "page_size", None) is not None:
        options.page_size = args.page_size
    if getattr(args, "limit", None) is not None:
        options.item_limit = args.limit
    return options


def me(args: argparse.Namespace) -> int:
    """``me``: the user the token belongs to."""
    fields = _fields(args, ["name", "email"])
    with _client(args) as client:
        user = client.users.get_user("me", options=_options(args, _asked(args, fields)))
        Printer(fields, args.json).one(user)
    return 0


def _asked(args: argparse.Namespace, fields: list[str]) -> list[str] | None:
    """Field list to send: the shown fields in rows, all default fields (None) in JSON unless
    ``--fields`` names some."""
    return fields if (args.fields or not args.json) else None


def listing(
    list_call: Callable[[Client, argparse.Namespace, RequestOptions], ItemIterator[Any]],
) -> Callable[[argparse.Namespace], int]:
    """A command printing the collection ``list_call`` returns (its rows show ``name``)."""

    def run(args: argparse.Namespace) -> int:
        fields = _fields(args, ["name"])
        options = _options(args, _asked(args, fields))
        with _client(args) as client:
            items = list_call(client, args, options)
            Printer(fields, args.json).many(items, options.page_size)
        return 0

    return run


def _resource_names() -> list[str]:
    return sorted(
        name for name, value in vars(ResourceDirectory).items() if isinstance(value, property)
    )


def _endpoints_of(resource: str) -> dict[str, Endpoint]:
    """The operations of a resource, by every name they answer to (aliases too)."""
    module = importlib.import_module(f"asana_typed.resources.{resource}")
    return {
        name: value
        for name, value in vars(module._Endpoints).items()
        if isinstance(value, Endpoint)
    }


def _suggest(name: str, known: list[str]) -> str:
    hint = did_you_mean(name, known)
    return f" ({hint})" if hint else ""


def _resolve(target: str) -> tuple[str, str, Endpoint]:
    """``RESOURCE.METHOD`` as the resource name, the method name and its endpoint."""
    resource, _, method = target.partition(".")
    names = _resource_names()
    if resource not in names:
        raise UsageError(
            f"no resource {resource!r}{_suggest(resource, names)}; "
            "`asana-typed operations` lists them all"
        )
    endpoints = _endpoints_of(resource)
    if method not in endpoints:
        raise UsageError(
            f"{resource} has no operation {method!r}{_suggest(method, sorted(endpoints))}; "
            f"`asana-typed operations {resource}` lists them"
        )
    return resource, method, endpoints[method]


def operations(args: argparse.Namespace) -> int:
    """``operations [RESOURCE]``: every operation ``call`` accepts, with its HTTP route."""
    resources = [args.resource] if args.resource else _resource_names()
    for resource in resources:
        if resource not in _resource_names():
            _resolve(resource + ".")  # raises the error that names the resource
        for name, endpoint in _endpoints_of(resource).items():
            if name == endpoint.name:  # canonical names only; aliases work in `call` too
                print(f"{resource}.{name}\t{endpoint.method} {endpoint.path}")
    return 0


def call(args: argparse.Namespace) -> int:
    """``call RESOURCE.METHOD [GIDS...] --params JSON``: any operation, answered as JSON."""
    resource, method, endpoint = _resolve(args.operation)
    params = _json_object("--params", args.params)
    extra = _json_object("--extra-params", args.extra_params)
    gids = [*endpoint.path_params, *([endpoint.gid_param] if endpoint.gid_param else [])]
    if len(args.gids) != len(gids):
        names = f" ({', '.join(gids)})" if gids else ""
        raise UsageError(
            f"{resource}.{method} takes {len(gids)} gid(s){names}, got {len(args.gids)}"
        )
    fields = _fields(args, [])
    options = _options(args, fields or None)
    if extra:
        options.extra_params = extra
    with _client(args) as client:
        bound = getattr(getattr(client, resource), method)
        result = bound(*args.gids, params, options=options)
        printer = Printer([], as_json=True)
        if isinstance(result, ItemIterator):
            printer.many(result, options.page_size)
        else:
            printer.one(result)
    return 0


def _json_object(option: str, text: str | None) -> dict[str, Any]:
    """The JSON object an option gives (``{}`` when not given)."""
    try:
        value = json.loads(text) if text else {}
    except ValueError as exc:
        raise UsageError(f"{option} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise UsageError(f'{option} must be a JSON object, such as \'{{"workspace": "123"}}\'')
    return value


def fake_serve(args: argparse.Namespace) -> int:
    """``fake serve [--port N]``: FakeAsana over HTTP on 127.0.0.1 until stopped.

    Prints the API root on stdout (one line, for scripts), how to use it on stderr, and
    serves until Ctrl-C or SIGTERM.
    """
    from ..testing import FakeAsana

    fake = FakeAsana(access_token=args.token) if args.token else FakeAsana()
    with contextlib.ExitStack() as stack:
        try:
            base_url = stack.enter_context(fake.serve(args.port))
        except OSError as exc:
            raise UsageError(
                f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror or exc}"
            ) from None
        print(base_url, flush=True)
        print(
            f"FakeAsana is serving {base_url} (its token: {fake.access_token}); try:\n"
            f"  {TOKEN_VARIABLE}={fake.access_token} asana-typed me --base-url {base_url}\n"
            "Stop it with Ctrl-C.",
            file=sys.stderr,
            flush=True,
        )
        signal.signal(signal.SIGTERM, _interrupt)
        with contextlib.suppress(KeyboardInterrupt):
            while not threading.Event().wait(3600):
                pass
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
