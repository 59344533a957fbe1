"""Every ``python`` block of README.md, MIGRATING.md and docs/*.md runs, as written, against
a FakeAsana served on 127.0.0.1.

A block runs unless it is marked. An HTML comment on the line above it (blank lines may come
between; GitHub and the docs site show nothing of it) says how::

    <!-- snippet: setup=async -->             run it after the setup named (SETUPS below;
                                              several: setup=async,events)
    <!-- snippet: not run: REASON -->        do not run it; saying why is required

Each block runs in a fresh namespace, on a fresh fake, with what the README tells its reader
the snippets assume (the ``reader`` fixture): ``token`` (an access token the fake accepts, as
it does the quickstart's placeholder), ``client`` (a ``Client`` made with it),
``workspace_gid``, ``project_gid``, ``task_gid`` (a task of that project) and ``gids`` (the
gids of the project's three tasks). Clients the block makes itself reach the fake because
``Client.DEFAULTS.base_url`` and the OAuth endpoints' defaults point at it, as a user's point
at Asana; any other host name does not resolve. A setup adds or replaces names, arranges the
fake before the block and may check afterwards what the block did. A block with ``await``,
``async for`` or ``async with`` at top level runs in an event loop. The SDK's waits (retries,
event polls) are recorded, not slept; a setup may make the world move on at each one.

The setups: ``async`` (``client`` is an ``AsyncClient``), ``events`` (``sync``; events happen
while the block polls, and Ctrl-C ends its endless loop), ``oauth`` (an OAuth app, the
browser's part, ``save_token``/``load_token``), ``files`` (``report.pdf``), ``drift`` (an
answer off the spec, and the warning the block shows checked), ``due`` (a due date).

In MIGRATING.md, a block whose first line is ``# python-asana 0.x`` or ``# asana v5`` is the
old clients' code, not run (its first line says so); every other block there starts with
``# asana_typed``.

A new block that needs other names: give it a setup (add one to SETUPS if none fits). One that
cannot run (the inside of a web framework's handler, a server that runs until stopped ...):
``not run:`` and why. A fence is ```python (run) or one of NOT_PYTHON, so no Python block
escapes the run by its language tag.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import datetime
import inspect
import io
import re
import socket
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from asana_typed import AsanaSchemaWarning, AsyncClient, Client, InvalidTokenError
from asana_typed._base_client import BaseClient
from asana_typed.testing import FakeAsana

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = (ROOT / "README.md", ROOT / "MIGRATING.md", *sorted((ROOT / "docs").glob("*.md")))
GUIDE = ROOT / "MIGRATING.md"
NEW_SIDE = "# asana_typed"
OLD_SIDES = ("# python-asana 0.x", "# asana v5")
NOT_PYTHON = frozenset({"bash", "console", "text", "json", "toml", "yaml", "ini", "http"})
README_TOKEN = "PAT or OAuth access token"  # the quickstart's placeholder
MAX_WAITS = 50  # waits are not slept: a block looping on them would never end
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
HOW_TO = (
    "give the block what it needs with `<!-- snippet: setup=NAME -->` above it (NAME in SETUPS "
    "of tests/test_doc_snippets.py; add one if none fits), or mark it "
    "`<!-- snippet: not run: REASON -->` if it cannot run"
)

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")
MARKER = re.compile(r"^[ \t]*<!--[ \t]*snippet:(?P<body>.*?)-->[ \t]*$")
HEADING = re.compile(r"^#{1,6} (?P<title>.+)$")


@dataclass(frozen=True)
class Block:
    """One fenced ``python`` block of a document and how it is run."""

    path: Path
    line: int  # the line of its first line of code
    heading: str
    code: str
    setups: tuple[str, ...] = ()
    not_run: str | None = None  # the reason, for a block that is not run

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


@dataclass
class Parsed:
    blocks: list[Block] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # malformed or misplaced markers


def parse(text: str, path: Path) -> Parsed:
    """The python blocks of a Markdown document, with their markers, and what is wrong."""
    parsed = Parsed()
    lines = text.splitlines()
    heading = ""
    marker: tuple[int, str] | None = None
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        where = f"{path.name}:{number}"
        fence = FENCE.match(line)
        if fence is None:
            if found := MARKER.match(line):
                if marker is not None:
                    parsed.problems.append(f"{where}: a second marker for the same block")
                marker = (number, found["body"].strip())
            elif line.strip() and marker is not None:
                parsed.problems.append(f"{path.name}:{marker[0]}: a marker not above a block")
                marker = None
            if title := HEADING.match(line):
                heading = title["title"]
            continue
        indent, info = fence["indent"], fence["info"]
        close = re.compile(rf"^[ \t]*{fence['fence'][0]}{{{len(fence['fence'])},}}[ \t]*$")
        start = number
        body: list[str] = []
        while number < len(lines) and not close.match(lines[number]):
            body.append(lines[number].removeprefix(indent))
            number += 1
        number += 1  # the closing fence
        language = info.split()[0] if info else ""
        if language != "python":
            if language not in NOT_PYTHON:
                parsed.problems.append(
                    f"{where}: a fence tagged {language!r}: tag Python ```python (it then "
                    f"runs) or name the language (one of {sorted(NOT_PYTHON)})"
                )
            if marker is not None:
                parsed.problems.append(f"{path.name}:{marker[0]}: a marker above a {info} block")
            marker = None
            continue
        code = "\n".join(body) + "\n"
        setups: tuple[str, ...] = ()
        not_run: str | None = None
        if marker is not None:
            setups, not_run, problem = _read_marker(marker[1])
            if problem:
                parsed.problems.append(f"{path.name}:{marker[0]}: {problem}")
        first = body[0] if body else ""
        if first.startswith(OLD_SIDES):
            not_run = f"the old client's code ({first.lstrip('# ')})"
        parsed.blocks.append(Block(path, start + 1, heading, code, setups, not_run))
        marker = None
    if marker is not None:
        parsed.problems.append(f"{path.name}:{marker[0]}: a marker not above a block")
    return parsed


def _read_marker(body: str) -> tuple[tuple[str, ...], str | None, str | None]:
    """``(setups, not-run reason, problem)`` of a marker's text."""
    if body.startswith("not run"):
        reason = body.removeprefix("not run").lstrip(" :").strip()
        return (), reason or None, None if reason else "`not run` without a reason"
    if body.startswith("setup="):
        names = tuple(name.strip() for name in body.removeprefix("setup=").split(","))
        unknown = [name for name in names if name not in SETUPS]
        if unknown:
            return names, None, f"no setup named {unknown} (known: {sorted(SETUPS)})"
        return names, None, None
    return (), None, f"cannot read the marker {body!r}: `setup=NAME` or `not run: REASON`"


def _documents() -> list[Parsed]:
    return [parse(path.read_text(encoding="utf-8"), path) for path in DOCUMENTS]


def _blocks() -> list[Block]:
    return [block for parsed in _documents() for block in parsed.blocks]


# -- what every block starts from, and the setups ---------------------------------------------


class Interrupted(BaseException):
    """The reader pressing Ctrl-C: how a setup ends a block that would run forever."""


@dataclass
class Run:
    """A block's run: its fake, its namespace, and what the setups may look at."""

    block: Block
    fake: FakeAsana
    ns: dict[str, Any]
    base_url: str
    waits: list[float] = field(default_factory=list)
    on_wait: list[Callable[[float], None]] = field(default_factory=list)
    output: io.StringIO = field(default_factory=io.StringIO)

    def wait(self, seconds: float) -> None:
        self.waits.append(seconds)
        assert len(self.waits) <= MAX_WAITS, f"{self.block.where} waits without end"
        for hook in self.on_wait:
            hook(seconds)


Setup = Callable[[Run], contextlib.AbstractContextManager[None]]
SETUPS: dict[str, Setup] = {}


def setup(name: str) -> Callable[[Callable[[Run], Iterator[None]]], Setup]:
    """Register a setup, a generator: it arranges, yields (the block runs), then checks what
    the block did."""

    def register(function: Callable[[Run], Iterator[None]]) -> Setup:
        SETUPS[name] = contextlib.contextmanager(function)
        return SETUPS[name]

    return register


@setup("due")
def due(run: Run) -> Iterator[None]:
    """``due``: the due date a reader's own code has for a new task."""
    run.ns["due"] = "2030-01-31"
    yield
    assert run.ns["task"].due_on == datetime.date(2030, 1, 31)


@setup("files")
def files(run: Run) -> Iterator[None]:
    """``report.pdf`` in the working directory (a fresh temporary one)."""
    Path("report.pdf").write_bytes(b"%PDF-1.4\n% the numbers\n")
    yield
    attachments = run.fake.client().attachments
    listed = attachments.get_attachments_for_object({"parent": run.ns["task_gid"]})
    assert "report.pdf" in {attachment.name for attachment in listed}


@setup("drift")
def drift(run: Run) -> Iterator[None]:
    """The next answer for a task carries ``"num_likes": "two"``; afterwards, the warning is
    the one the block's comments show."""
    run.fake.drift_next({"num_likes": "two"}, path="/tasks/*")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    shown = [str(w.message) for w in caught if issubclass(w.category, AsanaSchemaWarning)]
    assert len(shown) == 1, shown
    comments = " ".join(re.findall(r"#\s*(.*)$", run.block.code, re.M))
    written = re.search(r"AsanaSchemaWarning: (.*?\(str\))", comments)
    assert written, "the block shows the warning in its comments"
    pattern = r"\s*".join(re.escape(part) for part in written[1].split())
    assert re.fullmatch(pattern.replace(re.escape("..."), ".*"), shown[0]), shown[0]


@setup("events")
def events(run: Run) -> Iterator[None]:
    """``sync``: a sync token of the project's events, with one event after it. At each poll
    wait someone else adds a task to the project; once the block has printed something, a
    wait ends it as Ctrl-C would (it must not end by itself: its iterator is endless)."""
    client: Client = run.ns["client"]
    project_gid = run.ns["project_gid"]
    try:
        client.events.get({"resource": project_gid})
    except InvalidTokenError as error:
        run.ns["sync"] = error.sync
    other = run.fake.client()
    other.tasks.create_task({"name": "meanwhile", "projects": [project_gid]})

    def time_passes(seconds: float) -> None:
        if run.output.getvalue() or len(run.waits) > 10:
            raise Interrupted
        other.tasks.create_task({"name": f"after {seconds} s", "projects": [project_gid]})

    run.on_wait.append(time_passes)
    with pytest.raises(Interrupted):
        yield
    assert run.output.getvalue()


@setup("oauth")
def oauth(run: Run) -> Iterator[None]:
    """An OAuth app registered with the fake (the README's, whose id and secret are ``"..."``,
    and ``client_id``/``client_secret``/``redirect_uri``), ``save_token``/``load_token``, and
    ``wait_for_redirect(url)``: the browser's part, the user allowing access; it gives the
    code and the state the redirect carries."""
    fake = run.fake
    fake.add_oauth_app(
        client_id="...",
        client_secret="...",
        redirect_uris=["https://myapp.example.com/oauth/callback"],
    )
    fake.add_oauth_app(
        client_id="app",
        client_secret="secret",
        redirect_uris=["https://app.example.com/oauth/callback"],
    )
    saved: list[dict[str, Any]] = []

    def wait_for_redirect(url: str) -> tuple[str, str]:
        return fake.approve_authorization(url), httpx.URL(url).params["state"]

    run.ns.update(
        client_id="app",
        client_secret="secret",
        redirect_uri="https://app.example.com/oauth/callback",
        save_token=saved.append,
        load_token=lambda: saved[-1],
        wait_for_redirect=wait_for_redirect,
    )
    yield
    assert fake.oauth_token_requests, "the block fetched a token"


@setup("async")
def async_client(run: Run) -> Iterator[None]:
    """``client`` is an ``AsyncClient`` (made with ``token``), closed afterwards."""
    client = AsyncClient.access_token(run.ns["token"])
    run.ns["client"] = client
    yield
    asyncio.run(client.aclose())


@dataclass(frozen=True)
class Reader:
    """What every block starts from: a served fake and the names the README says its
    snippets assume."""

    fake: FakeAsana
    base_url: str
    names: dict[str, Any]


@pytest.fixture
def reader(fake: FakeAsana, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Reader]:
    """A fake served on 127.0.0.1 where the clients' defaults point, a token and a client,
    a project with three tasks; host names other than loopback do not resolve; a fresh
    working directory."""
    monkeypatch.chdir(tmp_path)
    fake.add_token(README_TOKEN)
    project = fake.add_project(name="Docs")
    tasks = [fake.add_task(name=f"Task {n}", projects=[project["gid"]]) for n in (1, 2, 3)]
    resolve = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK:
            raise socket.gaierror(socket.EAI_NONAME, f"snippets reach loopback only, not {host}")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    with fake.serve() as base_url:
        Client.DEFAULTS.base_url = base_url  # conftest restores the defaults afterwards
        oauth_defaults = BaseClient.oauth.__func__.__kwdefaults__  # type: ignore[attr-defined]
        for name, url in FakeAsana.oauth_endpoints(base_url).items():
            monkeypatch.setitem(oauth_defaults, name, url)
        with Client.access_token(fake.access_token) as client:
            yield Reader(
                fake,
                base_url,
                {
                    "__name__": "snippet",
                    "token": fake.access_token,
                    "client": client,
                    "workspace_gid": fake.workspace["gid"],
                    "project_gid": project["gid"],
                    "task_gid": tasks[0]["gid"],
                    "gids": [task["gid"] for task in tasks],
                },
            )


def execute(block: Block, namespace: dict[str, Any]) -> None:
    """Run a block's code in ``namespace``, in an event loop if it awaits at top level;
    tracebacks name the document and its line."""
    source = "\n" * (block.line - 1) + block.code
    code = compile(
        source, str(block.path), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
    )
    if code.co_flags & inspect.CO_COROUTINE:
        asyncio.run(eval(code, namespace))
    else:
        exec(code, namespace)


def run_block(block: Block, reader: Reader, monkeypatch: pytest.MonkeyPatch) -> Run:
    """Run a block after its setups, its waits recorded (and passed to the setups' hooks)."""
    run = Run(block, reader.fake, dict(reader.names), reader.base_url)

    async def async_wait(seconds: float) -> None:
        run.wait(seconds)

    monkeypatch.setattr(time, "sleep", run.wait)
    monkeypatch.setattr(asyncio, "sleep", async_wait)
    with contextlib.ExitStack() as stack:
        for name in block.setups:
            stack.enter_context(SETUPS[name](run))
        try:
            with contextlib.redirect_stdout(run.output):
                execute(block, run.ns)
        except Exception as error:
            raise AssertionError(f"{block.where} ({block.heading}): {error!r}; {HOW_TO}") from error
    return run


# -- the tests ---------------------------------------------------------------------------------

BLOCKS = _blocks()
RUN = [block for block in BLOCKS if block.not_run is None]


@pytest.mark.parametrize("block", RUN, ids=[block.where for block in RUN])
def test_the_block_runs(block: Block, reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    run_block(block, reader, monkeypatch)


def test_the_markers_are_well_formed() -> None:
    problems = [problem for parsed in _documents() for problem in parsed.problems]
    assert not problems, problems


def test_blocks_not_run_say_why() -> None:
    not_run = {block.where: block.not_run for block in BLOCKS if block not in RUN}
    assert all(not_run.values()), not_run
    readme = [where for where in not_run if where.startswith("README")]
    assert len(readme) <= 5, f"most README blocks should run: {readme}"
    assert len(RUN) >= 25


def test_every_migrating_block_names_its_side() -> None:
    blocks = [block for block in BLOCKS if block.path == GUIDE]
    for block in blocks:
        first = block.code.splitlines()[0]
        assert first == NEW_SIDE or first.startswith(OLD_SIDES), (block.where, first)
    headings = {block.heading for block in blocks}
    assert len(headings) >= 10
    assert {block.heading for block in blocks if block.not_run is None} == headings


SAMPLE = """# Sample
<!-- snippet: not run -->
```python
first()
```
<!-- snippet: setup=nope -->

```python
second()
```
<!-- snippet: setup=async -->
Some text.
```py
third()
```
  ```python
  fourth()
  ```

<!-- snippet: not run: the inside of a request handler -->
```python
return answer
```
"""


def test_the_markers_are_read_and_their_mistakes_named() -> None:
    parsed = parse(SAMPLE, ROOT / "SAMPLE.md")
    blocks = [(block.line, block.code, block.setups, block.not_run) for block in parsed.blocks]
    assert blocks == [
        (4, "first()\n", (), None),  # a mistaken marker does not keep a block from running
        (9, "second()\n", ("nope",), None),
        (17, "fourth()\n", (), None),  # unmarked, indented in a list: runs
        (22, "return answer\n", (), "the inside of a request handler"),
    ]
    assert parsed.problems == [
        "SAMPLE.md:2: `not run` without a reason",
        f"SAMPLE.md:6: no setup named ['nope'] (known: {sorted(SETUPS)})",
        "SAMPLE.md:11: a marker not above a block",
        "SAMPLE.md:13: a fence tagged 'py': tag Python ```python (it then runs) or name the "
        f"language (one of {sorted(NOT_PYTHON)})",
    ]


def test_a_failing_block_says_how_to_mark_it(
    reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    block = Block(ROOT / "README.md", 7, "Webhooks", "print(request_body)\n")
    with pytest.raises(AssertionError, match=r"README.md:7 \(Webhooks\): NameError.*setup=NAME"):
        run_block(block, reader, monkeypatch)


def test_a_block_reaches_only_the_fake(reader: Reader, monkeypatch: pytest.MonkeyPatch) -> None:
    code = (
        "from asana_typed import Client, RequestOptions\n"
        'Client.access_token(token, options=RequestOptions(base_url="https://app.asana.com'
        '/api/1.0")).users.me()\n'
    )
    block = Block(ROOT / "README.md", 1, "Asana itself", code)
    with pytest.raises(AssertionError, match=r"loopback only, not app\.asana\.com"):
        run_block(block, reader, monkeypatch)


def test_a_block_with_await_runs_in_an_event_loop(
    reader: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = "me = await client.users.me()\nprint(me.name)\n"
    block = Block(ROOT / "README.md", 1, "Async", code, setups=("async",))
    assert run_block(block, reader, monkeypatch).output.getvalue() == "Test User\n"
