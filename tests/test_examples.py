"""The examples and the demo keep working (against FakeAsana: no token in the environment)."""

from __future__ import annotations

import asyncio
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from asana_typed.webhooks import signature_of

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.delenv("ASANA_ACCESS_TOKEN", raising=False)
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_demo_runs_against_fakeasana(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _run("-m", "asana_typed", "demo", monkeypatch=monkeypatch)
    assert "talking to the bundled FakeAsana" in out
    assert "Errors are typed: NotFoundError 404" in out
    assert "Cleaned up" in out


# Every script of examples/, the arguments that run it without a token, and lines of its output.
EXAMPLES: dict[str, tuple[list[str], list[str]]] = {
    "quickstart.py": ([], ["Hello ", "task 0", "task 1", "task 2"]),
    "typed_params.py": ([], ["page: task 0 (due 2030-01-01), task 1 (due None)", "page: task 4"]),
    "async_bulk.py": ([], ["created 20 tasks at once", "got task 2", "failed 0 NotFoundError"]),
    "events.py": ([], ["added task: watch me", "changed task: watch me"]),
    "oauth_cli.py": (["--fake"], ["/-/oauth_authorize?response_type=code", "Hello Test User"]),
}
WEBHOOK_EXAMPLES = ("webhooks_http_server.py", "webhooks_asgi.py")
"""Run by their own test below: their output names gids."""


def test_every_example_is_run_here() -> None:
    scripts = [p.name for p in (ROOT / "examples").glob("*.py") if not p.name.startswith("_")]
    assert sorted(scripts) == sorted([*EXAMPLES, *WEBHOOK_EXAMPLES])


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_example_runs_against_fakeasana(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    args, expected = EXAMPLES[name]
    out = _run(f"examples/{name}", *args, monkeypatch=monkeypatch)
    for line in expected:
        assert line in out, (line, out)


@pytest.mark.parametrize("example", WEBHOOK_EXAMPLES)
def test_the_webhook_examples_receive_verified_events(
    example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _run(f"examples/{example}", monkeypatch=monkeypatch).splitlines()
    assert out[0].startswith("Webhook ") and "confirmed" in out[0]
    assert [re.sub(r"\d+", "<gid>", line) for line in out[1:]] == [
        "event: changed task <gid> (name)",
        "event: added story <gid>",
    ]


def test_the_asgi_example_refuses_what_it_cannot_verify() -> None:
    spec = importlib.util.spec_from_file_location(
        "webhooks_asgi", ROOT / "examples/webhooks_asgi.py"
    )
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    body = b'{"events": []}'

    async def post(headers: dict[str, str], content: bytes = body) -> httpx.Response:
        transport = httpx.ASGITransport(app=example.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://target") as http:
            return await http.post("/hooks/1", headers=headers, content=content)

    async def exchange() -> list[httpx.Response]:
        return [
            await post({"X-Hook-Secret": "s3cret"}),
            await post({"X-Hook-Signature": signature_of("s3cret", body)}),
            await post({"X-Hook-Signature": signature_of("s3cret", body)}, b'{"events": [{}]}'),
            await post({}),
        ]

    handshake, heartbeat, tampered, unsigned = asyncio.run(exchange())

    assert (handshake.status_code, handshake.headers["x-hook-secret"]) == (200, "s3cret")
    assert heartbeat.status_code == 200
    assert (tampered.status_code, unsigned.status_code) == (401, 401)
