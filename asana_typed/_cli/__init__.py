"""The ``asana-typed`` command line (also ``python -m asana_typed``).

::

    asana-typed me                                  # who the token belongs to
    asana-typed workspaces
    asana-typed projects --workspace GID --fields name,owner.name
    asana-typed tasks --project GID --json          # JSON Lines, as the API sent each task
    asana-typed call tasks.get_task GID --params '{"opt_fields": ["name", "notes"]}'
    asana-typed operations tasks                    # what `call` accepts
    asana-typed fake serve --port 8080              # FakeAsana for other tools
    asana-typed demo

The token comes from ``ASANA_ACCESS_TOKEN`` and is never printed; ``--base-url`` points a
command at another API root (a FakeAsana). Exit status: 0 done, 1 the API (or the network)
refused, 2 a usage error (bad arguments, bad params, no token) found before anything was sent,
130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from .. import AsanaError, InvalidArgumentError, __version__
from . import _commands
from ._commands import UsageError

__all__ = ["main"]

EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _common(fields: bool = True, listing: bool = False) -> argparse.ArgumentParser:
    """Options every API command takes (a parent parser)."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--base-url",
        metavar="URL",
        help="API root to talk to (default: Asana's; e.g. the URL `fake serve` prints)",
    )
    if fields:
        parent.add_argument(
            "--fields",
            metavar="A,B",
            help="fields to ask for and show, comma-separated (dotted paths such as owner.name)",
        )
        parent.add_argument(
            "--json", action="store_true", help="print JSON as the API sent it (lists: JSON Lines)"
        )
    if listing:
        parent.add_argument("--limit", type=int, metavar="N", help="at most N items in all")
        parent.add_argument(
            "--page-size", type=int, metavar="N", help="items per request, 1 to 100 (default 50)"
        )
    return parent


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = argparse.ArgumentParser(
        prog="asana-typed",
        description="Talk to Asana (or a FakeAsana) from the shell. The token comes from the "
        "ASANA_ACCESS_TOKEN environment variable.",
        epilog="Exit status: 0 done, 1 the API refused, 2 usage error, 130 interrupted.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("version", help="print the version")
    commands.add_parser("demo", help="run the quickstart (FakeAsana unless a token is set)")
    commands.add_parser("me", parents=[_common()], help="the user the token belongs to")
    commands.add_parser(
        "workspaces", parents=[_common(listing=True)], help="the workspaces you belong to"
    )
    projects = commands.add_parser(
        "projects", parents=[_common(listing=True)], help="the projects of a workspace"
    )
    projects.add_argument("--workspace", required=True, metavar="GID")
    tasks = commands.add_parser(
        "tasks", parents=[_common(listing=True)], help="the tasks of a project"
    )
    tasks.add_argument("--project", required=True, metavar="GID")

    call = commands.add_parser(
        "call",
        parents=[_common(fields=False, listing=True)],
        help="run any operation: RESOURCE.METHOD [GIDS...] --params JSON",
        description="Run any operation of the SDK and print its answer as JSON "
        "(a collection as JSON Lines). `asana-typed operations` lists them.",
    )
    call.add_argument("operation", metavar="RESOURCE.METHOD", help="e.g. tasks.get_task")
    call.add_argument("gids", nargs="*", metavar="GID", help="the path gids, in order")
    call.add_argument(
        "--params", metavar="JSON", help='the params, a JSON object: \'{"workspace": "123"}\''
    )
    call.add_argument("--fields", metavar="A,B", help="fields to ask for, comma-separated")
    call.add_argument(
        "--extra-params",
        metavar="JSON",
        help="params the SDK does not declare (newer than it), sent as given: a JSON object",
    )
    operations = commands.add_parser(
        "operations", help="list the operations `call` accepts (of one resource)"
    )
    operations.add_argument("resource", nargs="?", metavar="RESOURCE", help="e.g. tasks")

    fake = commands.add_parser("fake", help="FakeAsana, the SDK's fake Asana")
    fake_commands = fake.add_subparsers(dest="fake_command", required=True, metavar="COMMAND")
    serve = fake_commands.add_parser(
        "serve", help="serve FakeAsana over HTTP on 127.0.0.1 until stopped"
    )
    serve.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    serve.add_argument(
        "--token", help="the token the fake accepts (default: FakeAsana's, test-token)"
    )
    return parser


def _version(args: argparse.Namespace) -> int:
    print(__version__)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from ._demo import demo

    return demo()


_RUN: dict[str, Any] = {
    "version": _version,
    "demo": _demo,
    "me": _commands.me,
    "workspaces": _commands.listing(
        lambda client, args, options: client.workspaces.get_workspaces(options=options)
    ),
    "projects": _commands.listing(
        lambda client, args, options: client.projects.get_projects_for_workspace(
            args.workspace, options=options
        )
    ),
    "tasks": _commands.listing(
        lambda client, args, options: client.tasks.get_tasks_for_project(
            args.project, options=options
        )
    ),
    "call": _commands.call,
    "operations": _commands.operations,
    "fake": _commands.fake_serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see the module docstring)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        status: int = _RUN[args.command](args)
        return status
    except (UsageError, InvalidArgumentError) as error:
        parser.exit(EXIT_USAGE, f"{parser.prog}: error: {error}\n")
    except AsanaError as error:
        print(f"{parser.prog}: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_API_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`| head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
