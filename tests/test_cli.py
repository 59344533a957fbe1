"""The ``asana-typed`` command line, run against FakeAsana's loopback server.

Most tests run ``main(argv)`` in this process (quick); a few run the installed console script
and ``python -m asana_typed`` as subprocesses: ``fake serve``, the progress shown on a
terminal, and the exit statuses as a shell sees them.
"""

from __future__ import annotations

import json
import os
import pty
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from asana_typed import __version__
from asana_typed._cli import main
from asana_typed.testing import FakeAsana

TOKEN = "cli-secret-token"


@pytest.fixture
def cli_fake() -> FakeAsana:
    """A FakeAsana accepting :data:`TOKEN`, with a project of three tasks."""
    fake = FakeAsana(access_token=TOKEN)
    project = fake.add_project(name="Launch")
    for name in ("one", "two", "three"):
        fake.add_task(name=name, projects=[project["gid"]])
    return fake


@pytest.fixture
def base_url(cli_fake: FakeAsana, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The fake's loopback URL; ``ASANA_ACCESS_TOKEN`` set to its token."""
    monkeypatch.setenv("ASANA_ACCESS_TOKEN", TOKEN)
    with cli_fake.serve() as url:
        yield url


def _project(fake: FakeAsana) -> str:
    return str(fake.records("project")[0]["gid"])


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``main(argv)``: exit status, stdout, stderr (argparse's exits included)."""
    try:
        status = main(list(argv))
    except SystemExit as exit:
        status = int(exit.code or 0)
    out, err = capsys.readouterr()
    assert TOKEN not in out + err
    return status, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "version") == (0, __version__ + "\n", "")


def test_me_prints_a_row_of_gid_name_and_email(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    status, out, _ = run(capsys, "me", "--base-url", base_url)
    me = cli_fake.me
    assert (status, out) == (0, f"{me['gid']}\t{me['name']}\t{me['email']}\n")
    assert cli_fake.requests[-1].query["opt_fields"] == "name,email"


def test_me_json_prints_the_object_as_sent(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    status, out, _ = run(capsys, "me", "--json", "--base-url", base_url)
    assert status == 0
    assert json.loads(out)["workspaces"][0]["gid"] == cli_fake.workspace["gid"]
    assert "opt_fields" not in cli_fake.requests[-1].query


def test_workspaces_with_fields(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    cli_fake.add_workspace(name="Second", is_organization=False)
    status, out, _ = run(
        capsys, "workspaces", "--fields", "name,is_organization", "--base-url", base_url
    )
    assert status == 0
    assert [line.split("\t")[1:] for line in out.splitlines()] == [
        ["Test Workspace", "true"],
        ["Second", "false"],
    ]


def test_projects_of_a_workspace_with_a_dotted_field(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    workspace = str(cli_fake.workspace["gid"])
    status, out, _ = run(
        capsys, "projects", "--workspace", workspace, "--fields", "name,workspace.name",
        "--base-url", base_url,
    )  # fmt: skip
    assert (status, out) == (0, f"{_project(cli_fake)}\tLaunch\tTest Workspace\n")


def test_tasks_of_a_project_as_json_lines_with_a_limit(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    status, out, err = run(
        capsys, "tasks", "--project", _project(cli_fake), "--json", "--limit", "2",
        "--page-size", "1", "--base-url", base_url,
    )  # fmt: skip
    assert status == 0
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["one", "two"]
    assert err == ""  # stdout is not a terminal: no progress
    assert [r.query["limit"] for r in cli_fake.requests] == ["1", "1"]


def test_a_missing_required_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "projects")
    assert status == 2
    assert "the following arguments are required: --workspace" in err


def test_no_token_is_a_usage_error_naming_the_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ASANA_ACCESS_TOKEN", raising=False)
    status, out, err = run(capsys, "me")
    assert (status, out) == (2, "")
    assert "set ASANA_ACCESS_TOKEN" in err
    assert "asana-typed fake serve" in err


def test_an_api_error_exits_1_with_its_message(
    capsys: pytest.CaptureFixture[str], base_url: str
) -> None:
    status, out, err = run(capsys, "call", "tasks.get_task", "404", "--base-url", base_url)
    assert (status, out) == (1, "")
    assert err.startswith("asana-typed: NotFoundError: Not Found: ")


def test_a_refused_token_is_never_printed(
    capsys: pytest.CaptureFixture[str], base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASANA_ACCESS_TOKEN", TOKEN + "-revoked")
    status, _, err = run(capsys, "me", "--base-url", base_url)  # run() checks the token
    assert status == 1
    assert "NoAuthorizationError" in err
    assert "revoked" not in err


def test_call_runs_an_operation_with_gids_and_params(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    project = _project(cli_fake)
    params = json.dumps({"name": "four", "projects": [project], "notes": "from the shell"})
    status, out, _ = run(capsys, "call", "tasks.create_task", "--params", params,
                         "--base-url", base_url)  # fmt: skip
    assert status == 0
    created = json.loads(out)
    assert (created["name"], created["notes"]) == ("four", "from the shell")

    status, out, _ = run(capsys, "call", "tasks.get_task", created["gid"], "--fields", "name",
                         "--base-url", base_url)  # fmt: skip
    assert (status, json.loads(out)) == (0, {"gid": created["gid"], "name": "four"})


def test_call_sends_extra_params_the_sdk_does_not_declare(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    status, _, _ = run(
        capsys, "call", "tasks.get_tasks_for_project", _project(cli_fake),
        "--extra-params", '{"beta_filter": "x"}', "--base-url", base_url,
    )  # fmt: skip
    assert status == 0
    assert cli_fake.requests[-1].query["beta_filter"] == "x"


def test_call_prints_a_collection_as_json_lines(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    status, out, _ = run(
        capsys, "call", "tasks.get_tasks_for_project", _project(cli_fake), "--base-url", base_url
    )
    assert status == 0
    assert [json.loads(line)["name"] for line in out.splitlines()] == ["one", "two", "three"]


def test_call_accepts_the_original_clients_names(
    capsys: pytest.CaptureFixture[str], base_url: str, cli_fake: FakeAsana
) -> None:
    status, out, _ = run(capsys, "call", "users.me", "--base-url", base_url)
    assert (status, json.loads(out)["gid"]) == (0, cli_fake.me["gid"])


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["call", "taks.get_task", "1"], "no resource 'taks' (did you mean 'tasks'?)"),
        (["call", "tasks.get_tsk", "1"], "tasks has no operation 'get_tsk' (did you mean"),
        (["call", "tasks.get_task", "1", "--params", "{"], "--params is not valid JSON"),
        (["call", "tasks.get_task", "1", "--params", "[]"], "--params must be a JSON object"),
        (["call", "tasks.get_task", "1", "--extra-params", "1"], "--extra-params must be a JSON"),
        (["call", "tasks.get_task"], "tasks.get_task takes 1 gid(s) (task_gid), got 0"),
        (["call", "tasks.create_task", "--params", '{"asignee": "me"}'], "did you mean 'assignee'"),
        (["operations", "taks"], "no resource 'taks'"),
    ],
)
def test_call_usage_errors_exit_2_before_anything_is_sent(
    capsys: pytest.CaptureFixture[str],
    base_url: str,
    cli_fake: FakeAsana,
    argv: list[str],
    message: str,
) -> None:
    status, out, err = run(capsys, *argv, *(["--base-url", base_url] if argv[0] == "call" else []))
    assert (status, out) == (2, "")
    assert message in err
    assert cli_fake.requests == []


def test_operations_lists_every_operation_and_call_knows_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from asana_typed._cli._commands import _resolve

    status, out, _ = run(capsys, "operations")
    lines = out.splitlines()
    assert status == 0
    assert "tasks.get_task\tGET /tasks/{task_gid}" in lines
    facts = json.loads((Path(__file__).parents[1] / "tools" / "spec_facts.json").read_text())
    assert len(lines) >= len(facts["operations"])
    for line in lines:
        _resolve(line.split("\t")[0])


# --- as a shell runs it ------------------------------------------------------------------


def _script() -> list[str]:
    """The installed ``asana-typed`` console script."""
    (script,) = entry_points(group="console_scripts", name="asana-typed")
    assert script.value == "asana_typed._cli:main"
    path = Path(sys.executable).parent / "asana-typed"
    return [str(path)] if path.exists() else [sys.executable, "-m", "asana_typed"]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASANA_")}
    return {**env, **extra}


def test_fake_serve_serves_other_processes_until_terminated() -> None:
    server = subprocess.Popen(
        [*_script(), "fake", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/api/1.0")
        done = subprocess.run(
            [sys.executable, "-m", "asana_typed", "me", "--base-url", url],
            capture_output=True, text=True, timeout=60, env=_env(ASANA_ACCESS_TOKEN="test-token"),
        )  # fmt: skip
        assert (done.returncode, done.stdout.split("\t")[1]) == (0, "Test User")
    finally:
        server.send_signal(signal.SIGTERM)
        _, err = server.communicate(timeout=10)
    assert server.returncode == 0
    assert "asana-typed me --base-url" in err


def test_a_busy_port_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with FakeAsana().serve() as url:
        port = url.split(":")[2].split("/")[0]
        status, _, err = run(capsys, "fake", "serve", "--port", port)
    assert status == 2
    assert f"cannot serve on 127.0.0.1:{port}" in err


def test_a_long_listing_on_a_terminal_shows_progress_on_stderr(
    base_url: str, cli_fake: FakeAsana
) -> None:
    """Three tasks, two per page: the second page is fetched with a note on stderr."""
    argv = [*_script(), "tasks", "--project", _project(cli_fake), "--page-size", "2",
            "--base-url", base_url]  # fmt: skip
    primary, secondary = pty.openpty()
    try:
        done = subprocess.run(
            argv, stdout=secondary, stderr=subprocess.PIPE, timeout=60,
            env=_env(ASANA_ACCESS_TOKEN=TOKEN),
        )  # fmt: skip
        shown = b""
        while select.select([primary], [], [], 0)[0]:
            shown += os.read(primary, 65536)
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 0
    assert [line.split(b"\t")[1] for line in shown.splitlines()] == [b"one", b"two", b"three"]
    assert done.stderr == b"\r(2 so far, fetching more...)\r\x1b[K"

    piped = subprocess.run(
        argv, capture_output=True, timeout=60, env=_env(ASANA_ACCESS_TOKEN=TOKEN)
    )
    assert (piped.returncode, piped.stderr, len(piped.stdout.splitlines())) == (0, b"", 3)


def test_exit_statuses_as_a_shell_sees_them(base_url: str) -> None:
    def status(*argv: str, token: str = TOKEN) -> int:
        env = _env(ASANA_ACCESS_TOKEN=token) if token else _env()
        done = subprocess.run([*_script(), *argv], capture_output=True, timeout=60, env=env)
        assert TOKEN.encode() not in done.stdout + done.stderr
        return done.returncode

    assert status("workspaces", "--base-url", base_url) == 0
    assert status("call", "tasks.get_task", "1", "--base-url", base_url) == 1
    assert status("me", "--base-url", base_url, token="") == 2
    assert status("nonsense") == 2
