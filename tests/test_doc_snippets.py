"""The snippets of MIGRATING.md and of the README's quickstart and params sections run, as
written, against a served FakeAsana.

Each fenced ``python`` block of MIGRATING.md starts with a comment naming its side
(``# python-asana 0.x``, ``# asana v5``, ``# asana_typed``, ...). The asana_typed blocks, and
the README's, run in a fresh namespace holding what the text says the reader has: ``token``,
``client``, ``workspace_gid``, ``project_gid``, ``task_gid`` and, for OAuth, the app's
credentials. The clients a snippet makes itself reach the fake because
``Client.DEFAULTS.base_url`` (and the OAuth endpoints' defaults) point at it, as a user's
would point at Asana.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from asana_typed import Client
from asana_typed._base_client import BaseClient
from asana_typed.testing import FakeAsana

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "MIGRATING.md"
README = ROOT / "README.md"
README_SECTIONS = ("quickstart", "params")  # the ones written to run as they stand
README_TOKEN = "PAT or OAuth access token"  # the quickstart's placeholder
NEW_SIDE = "# asana_typed"
OLD_SIDES = ("# python-asana 0.x", "# asana v5")
REDIRECT_URI = "https://app.example.com/oauth/callback"


def python_blocks(text: str | None = None) -> list[tuple[str, str]]:
    """``(section heading, code)`` of every fenced python block (of MIGRATING.md), in order."""
    blocks: list[tuple[str, str]] = []
    heading = ""
    pattern = re.compile(r"^(#{2,3} [^\n]*)$|^```python\n(.*?)^```$", re.M | re.S)
    for match in pattern.finditer(GUIDE.read_text(encoding="utf-8") if text is None else text):
        if match.group(1):
            heading = match.group(1).lstrip("# ")
        else:
            blocks.append((heading, match.group(2)))
    return blocks


NEW_BLOCKS = [(h, code) for h, code in python_blocks() if code.startswith(NEW_SIDE)]


def readme_blocks(section: str) -> list[str]:
    """The python blocks between a README section's snippet markers."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"--8<-- [start:{section}]")
    return [code for _, code in python_blocks(text[start : text.index(f"--8<-- [end:{section}]")])]


def test_every_python_block_names_its_side() -> None:
    for heading, code in python_blocks():
        first = code.splitlines()[0]
        assert first == NEW_SIDE or first.startswith(OLD_SIDES), (heading, first)


def test_every_topic_has_an_asana_typed_snippet() -> None:
    headings = {h for h, _ in python_blocks()}
    assert len(headings) >= 10
    assert {h for h, _ in NEW_BLOCKS} == headings


@pytest.fixture
def reader(
    fake: FakeAsana, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[dict[str, Any]]:
    """What the guide assumes its reader has, on a FakeAsana served on 127.0.0.1."""
    monkeypatch.chdir(tmp_path)
    fake.add_oauth_app(client_id="app", client_secret="secret", redirect_uris=[REDIRECT_URI])
    fake.add_token(README_TOKEN)
    project = fake.add_project(name="Guide")
    task = fake.add_task(name="Read the guide", projects=[project["gid"]])
    saved: list[dict[str, Any]] = []

    def wait_for_redirect(url: str) -> tuple[str, str]:
        """The browser's part: the user allows access; the redirect carries code and state."""
        return fake.approve_authorization(url), httpx.URL(url).params["state"]

    with fake.serve() as base_url:
        Client.DEFAULTS.base_url = base_url  # conftest restores the defaults afterwards
        oauth_defaults = BaseClient.oauth.__func__.__kwdefaults__  # type: ignore[attr-defined]
        for name, url in FakeAsana.oauth_endpoints(base_url).items():
            monkeypatch.setitem(oauth_defaults, name, url)
        with Client.access_token(fake.access_token) as client:
            yield {
                "token": fake.access_token,
                "client": client,
                "workspace_gid": fake.workspace["gid"],
                "project_gid": project["gid"],
                "task_gid": task["gid"],
                "client_id": "app",
                "client_secret": "secret",
                "redirect_uri": REDIRECT_URI,
                "save_token": saved.append,
                "wait_for_redirect": wait_for_redirect,
                "project": client.projects.get_project(project["gid"]),
                "due": "2030-01-31",
            }


@pytest.mark.parametrize(
    "code", [code for _, code in NEW_BLOCKS], ids=[h for h, _ in NEW_BLOCKS]
)
def test_the_snippet_runs(code: str, reader: dict[str, Any]) -> None:
    exec(compile(code, str(GUIDE), "exec"), {"__name__": "migrating", **reader})


@pytest.mark.parametrize("section", README_SECTIONS)
def test_the_readme_snippets_run(section: str, reader: dict[str, Any]) -> None:
    blocks = readme_blocks(section)
    assert blocks
    for code in blocks:
        exec(compile(code, str(README), "exec"), {"__name__": "readme", **reader})
