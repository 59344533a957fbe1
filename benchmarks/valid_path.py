"""What keeping drifted answers and ``raw_response`` cost a valid answer: nothing measurable.

``parse_result`` validates an answer's bytes with ``TypeAdapter.validate_json`` as before; only
a ``ValidationError`` leads to the salvage of :mod:`asana_typed._drift`. This script times, in
one process and in alternating rounds, on the answers of the benchmark server
(``payloads.py``: the 5 KB task, ``users.me``, a page of 100 compact tasks):

- ``before``: the parse as it was before drift was kept (validate, raise on any error), copied
  below as :func:`parse_before`;
- ``after``: :func:`asana_typed._core.parse_result` as it is;
- a whole ``get_task`` call through ``Client`` on an in-process transport that answers the
  same bytes, without and with ``raw_response=True``.

Each figure is the median of ``--rounds`` rounds; a ratio is the median of the per-round
quotients (after / before in the same round), so drift of a shared machine cancels out. The
drifted rows say what an answer with one bad field costs instead (the salvage), for scale.

    python benchmarks/valid_path.py              # about 10 seconds
    python benchmarks/valid_path.py --rounds 31  # steadier ratios
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from payloads import FIRST_PAGE, PROJECT_GID, TASK_GID, full_task, render_routes

from asana_typed import AsanaSchemaWarning, Client
from asana_typed._core import PreparedCall, _adapter, decode_json, parse_result
from asana_typed.errors import AsanaError
from asana_typed.resources.tasks import _Endpoints as TaskEndpoints
from asana_typed.resources.users import _Endpoints as UserEndpoints


def parse_before(call: PreparedCall, response: httpx.Response) -> Any:
    """``parse_result`` before answers that drift were kept: any error raised."""
    if call.full_payload:
        return decode_json(response)
    endpoint = call.endpoint
    shape = endpoint.shape
    content = response.content or b'{"data": {}}'
    try:
        value = _adapter(shape, endpoint.model).validate_json(content)
    except ValidationError as exc:
        if not response.content.lstrip().startswith(b"{"):
            decode_json(response)
        raise AsanaError(
            f"the response of {endpoint.method} {endpoint.path} does not match "
            f"{endpoint.model.__name__}: {exc.error_count()} problem(s)",
            status=response.status_code,
            response=response,
        ) from exc
    return value if shape in ("page", "whole") else value.data


def per_call(function: Callable[[], Any], calls: int) -> float:
    """Microseconds per call of ``function`` over ``calls`` calls (CPU time)."""
    started = time.process_time()
    for _ in range(calls):
        function()
    return (time.process_time() - started) / calls * 1e6


def compare(
    name: str, before: Callable[[], Any], after: Callable[[], Any], calls: int, rounds: int
) -> tuple[str, float, float, float]:
    """(name, median us before, median us after, median of the per-round ratios)."""
    firsts, seconds, ratios = [], [], []
    for index in range(rounds):
        if index % 2:  # alternate which goes first
            b = per_call(before, calls)
            a = per_call(after, calls)
        else:
            a = per_call(after, calls)
            b = per_call(before, calls)
        firsts.append(b)
        seconds.append(a)
        ratios.append(a / b)
    return name, statistics.median(firsts), statistics.median(seconds), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    routes = render_routes()
    task_body, me_body, page_body = routes.task, routes.user_me, routes.pages[FIRST_PAGE]

    def answered(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=task_body, headers={"X-Request-Id": "bench"})

    http = httpx.Client(transport=httpx.MockTransport(answered))
    client = Client.access_token("bench", http_client=http)
    page = TaskEndpoints.get_tasks_for_project
    cases = [
        ("get_task (5 KB task)", TaskEndpoints.get_task, (TASK_GID,), None, task_body, 2000),
        ("users.me", UserEndpoints.get_user, ("me",), None, me_body, 5000),
        ("page of 100 compact tasks", page, (PROJECT_GID,), "page", page_body, 500),
    ]
    rows = []
    for name, endpoint, gids, kind, body, calls in cases:
        call = client._prepare(endpoint, gids, None, None, False, None if kind else "items")
        response = httpx.Response(200, content=body, request=call.first_request())
        rows.append(
            compare(
                f"parse {name}",
                partial(parse_before, call, response),
                partial(parse_result, call, response),
                calls,
                args.rounds,
            )
        )
    rows.append(
        compare(
            "Client.tasks.get_task, raw_response=True vs without",
            lambda: client.tasks.get_task(TASK_GID),
            lambda: client.tasks.get_task(TASK_GID, raw_response=True),
            1000,
            args.rounds,
        )
    )
    print(f"{'valid answers':58} {'before us':>10} {'after us':>10} {'after/before':>13}")
    for name, before, after, ratio in rows:
        print(f"{name:58} {before:10.1f} {after:10.1f} {ratio:12.3f}x")

    drifted = full_task()
    drifted["num_likes"] = "two"
    drifted_body = json.dumps({"data": drifted}).encode()
    call = client._prepare(TaskEndpoints.get_task, (TASK_GID,), None, None, False, "items")
    valid = httpx.Response(200, content=task_body, request=call.first_request())
    drift = httpx.Response(200, content=drifted_body, request=call.first_request())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AsanaSchemaWarning)
        row = compare(
            "parse get_task: one drifted field vs valid",
            lambda: parse_result(call, valid),
            lambda: parse_result(call, drift),
            500,
            max(3, args.rounds // 3),
        )
    print(f"\n{'for scale':58} {'valid us':>10} {'drifted us':>10} {'ratio':>13}")
    print(f"{row[0]:58} {row[1]:10.1f} {row[2]:10.1f} {row[3]:12.3f}x")


if __name__ == "__main__":
    main()
