"""The examples and the demo keep working (against FakeAsana: no token in the environment)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


def test_every_example_is_run_here() -> None:
    scripts = [p.name for p in (ROOT / "examples").glob("*.py") if not p.name.startswith("_")]
    assert sorted(scripts) == sorted(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_the_example_runs_against_fakeasana(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    args, expected = EXAMPLES[name]
    out = _run(f"examples/{name}", *args, monkeypatch=monkeypatch)
    for line in expected:
        assert line in out, (line, out)
