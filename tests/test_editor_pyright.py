"""What pyright (the engine of Pylance, VS Code's Python editor) shows while a user types.

basedpyright, a packaging of pyright that installs from PyPI, runs here in two ways:

- as the command-line checker over the test modules full of ``assert_type`` (the types mypy
  checks): pyright must infer exactly the same, and refuse the same mistakes;
- as a language server, driven over LSP by pygls the way an editor drives Pylance: the hover
  text, the signature help and the completions offered at a point of user code.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("basedpyright")
lsp = pytest.importorskip("lsprotocol.types")
pygls_client = pytest.importorskip("pygls.lsp.client")

from .test_typing import REJECTED  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CURSOR = "|"
HEAD = (
    "from asana_typed import AsyncClient, Client, RequestOptions\n"
    "client = Client.access_token('t')\n"
    "aclient = AsyncClient.access_token('t')\n"
)


def _basedpyright(*args: str) -> list[dict[str, Any]]:
    """Run the checker (standard mode, this Python) and return its diagnostics."""
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from basedpyright.pyright import main; main()",
            "--outputjson",
            "--pythonpath",
            sys.executable,
            "--pythonversion",
            "3.10",
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stdout)
    diagnostics: list[dict[str, Any]] = report["generalDiagnostics"]
    return [d for d in diagnostics if d["severity"] == "error"]


def test_pyright_infers_what_mypy_infers_for_every_assert_type(tmp_path: Path) -> None:
    config = tmp_path / "pyrightconfig.json"
    # examples/ too: a script's own folder is on its import path (examples/_connect.py)
    paths = [str(ROOT), str(ROOT / "examples")]
    config.write_text(json.dumps({"typeCheckingMode": "standard", "extraPaths": paths}))
    examples = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "examples").glob("*.py"))
    files = ["tests/test_typing.py", "tests/test_opt_fields.py", *examples]
    errors = _basedpyright("--project", str(config), *files)
    found = [f"{e['file']}:{e['range']['start']['line'] + 1}: {e['message']}" for e in errors]
    assert found == []


def test_pyright_refuses_what_mypy_refuses(tmp_path: Path) -> None:
    snippets = tmp_path / "snippets.py"
    header = "from asana_typed import Client, RequestOptions\nclient = Client.access_token('t')\n"
    snippets.write_text(header + "\n".join(REJECTED.values()) + "\n")
    config = tmp_path / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "standard"}))
    errors = _basedpyright("--project", str(config), str(snippets))
    lines = {e["range"]["start"]["line"] for e in errors}  # 0-based
    accepted = [s for n, s in enumerate(REJECTED.values()) if n + 2 not in lines]
    assert accepted == []


# ----------------------------------------------------------------------------- the editor


class Editor:
    """A pyright language server with one user file open, asked what an editor asks."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.client = pygls_client.LanguageClient("asana-typed-tests", "1")
        self.count = 0

        def configuration(params: Any) -> list[Any]:
            answers: list[Any] = []
            for item in params.items:
                if item.section == "python":
                    answers.append({"pythonPath": sys.executable})
                elif item.section in ("basedpyright.analysis", "python.analysis"):
                    answers.append(
                        {"diagnosticMode": "openFilesOnly", "typeCheckingMode": "standard"}
                    )
                else:
                    answers.append(None)
            return answers

        def ignore(params: Any) -> None:
            """Log lines and diagnostics: not what these tests look at."""

        self.client.feature("workspace/configuration")(configuration)
        self.client.feature("window/logMessage")(ignore)
        self.client.feature("textDocument/publishDiagnostics")(ignore)
        self.loop.run_until_complete(self._start())

    async def _start(self) -> None:
        await self.client.start_io(
            sys.executable, "-c", "from basedpyright.langserver import main; main()", "--stdio"
        )
        capabilities = lsp.ClientCapabilities(
            workspace=lsp.WorkspaceClientCapabilities(configuration=True),
            text_document=lsp.TextDocumentClientCapabilities(
                hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
                signature_help=lsp.SignatureHelpClientCapabilities(
                    signature_information=lsp.ClientSignatureInformationOptions(
                        documentation_format=[lsp.MarkupKind.Markdown]
                    )
                ),
                completion=lsp.CompletionClientCapabilities(
                    completion_item=lsp.ClientCompletionItemOptions(
                        documentation_format=[lsp.MarkupKind.Markdown]
                    )
                ),
            ),
        )
        await self.client.initialize_async(
            lsp.InitializeParams(
                process_id=None,
                root_uri=ROOT.as_uri(),
                capabilities=capabilities,
                workspace_folders=[lsp.WorkspaceFolder(uri=ROOT.as_uri(), name="asana_typed")],
            )
        )
        self.client.initialized(lsp.InitializedParams())

    def close(self) -> None:
        async def stop() -> None:
            await self.client.shutdown_async(None)
            self.client.exit(None)
            await self.client.stop()

        self.loop.run_until_complete(stop())
        self.loop.close()

    def _at_end(self, code: str) -> tuple[Any, Any]:
        """Open a new user file ``HEAD + code``; the document and the cursor position.

        The cursor is at the end of ``code``, or where ``code`` has a ``|`` (removed).
        """
        self.count += 1
        uri = (ROOT / f"_typed_by_a_user_{self.count}.py").as_uri()
        before, _, after = code.partition(CURSOR)
        source = HEAD + before
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(
                    uri=uri, language_id="python", version=1, text=source + after
                )
            )
        )
        lines = source.split("\n")
        position = lsp.Position(line=len(lines) - 1, character=len(lines[-1]))
        return lsp.TextDocumentIdentifier(uri=uri), position

    def hover(self, code: str) -> str:
        """The hover text over the last character of ``code``."""
        document, position = self._at_end(code)
        position.character -= 1
        params = lsp.HoverParams(text_document=document, position=position)
        hover = self.loop.run_until_complete(self.client.text_document_hover_async(params))
        assert hover is not None
        value: str = hover.contents.value
        return value

    def signatures(self, code: str) -> list[tuple[str, str]]:
        """(label, documentation) of each signature offered at the end of ``code``."""
        document, position = self._at_end(code)
        params = lsp.SignatureHelpParams(text_document=document, position=position)
        found = self.loop.run_until_complete(self.client.text_document_signature_help_async(params))
        assert found is not None
        return [
            (s.label, s.documentation.value if s.documentation else "") for s in found.signatures
        ]

    def completions(self, code: str) -> list[str]:
        document, position = self._at_end(code)
        params = lsp.CompletionParams(text_document=document, position=position)
        found = self.loop.run_until_complete(self.client.text_document_completion_async(params))
        items = found.items if isinstance(found, lsp.CompletionList) else found or []
        return [item.label for item in items]


@pytest.fixture(scope="module")
def editor() -> Iterator[Editor]:
    session = Editor()
    yield session
    session.close()


def test_hover_shows_the_call_as_asana_names_it(editor: Editor) -> None:
    text = editor.hover("client.tasks.get_task")
    signature = "def get_task(\n    task_gid: str,\n    /,\n    params: GetTaskParams | None ="
    assert signature in text
    assert ") -> Task" in text
    assert "Coroutine" not in text
    assert "Get a task." in text
    assert "`GET /tasks/{task_gid}`. Returns the `Task`." in text
    assert "https://developers.asana.com/reference/gettask" in text


def test_hover_on_the_async_client_shows_awaited_forms(editor: Editor) -> None:
    text = editor.hover("aclient.tasks.get_task")
    assert ") -> Coroutine[Task]" in text
    assert ") -> Task" not in text
    text = editor.hover("aclient.tasks.get_tasks")
    assert ") -> AsyncItemIterator[Task]" in text
    assert ") -> Coroutine[Page[Task]]" in text


def test_hover_of_a_call_shows_the_form_it_resolves_to(editor: Editor) -> None:
    assert ") -> Page[Task]" in editor.hover("client.tasks.get_tasks(iterator_type=None)")
    text = editor.hover("x = client.tasks.get_task('1', full_payload=True)\nx")
    assert "dict[str, Any]" in text
    text = editor.hover("x = client.tasks.get_task('1', raw_response=True)\nx")
    assert "ApiResponse[Task]" in text


def test_signature_help_names_path_params_and_shows_every_form(editor: Editor) -> None:
    offered = editor.signatures("client.tasks.get_task_for_custom_id(")
    labels = [label for label, _ in offered]
    assert len(labels) == 4
    assert all(label.startswith("(workspace_gid: str, custom_id: str, /, ") for label in labels)
    assert [label.rsplit(" -> ", 1)[1] for label in labels] == [
        "Task",
        "dict[str, Any]",
        "ApiResponse[Task]",
        "ApiResponse[dict[str, Any]]",
    ]
    assert all("custom\\_id: Custom ID of the task" in doc for _, doc in offered)


def test_signature_help_of_a_collection(editor: Editor) -> None:
    offered = editor.signatures("client.tasks.get_tasks(")
    assert {label.rsplit(" -> ", 1)[1] for label, _ in offered} == {
        "ItemIterator[Task]",
        "Page[Task]",
        "dict[str, Any]",
        "ApiResponse[Page[Task]]",
        "ApiResponse[dict[str, Any]]",
    }


def test_params_keys_complete(editor: Editor) -> None:
    offered = editor.completions("client.tasks.get_tasks({'|'})")
    assert {"'project'", "'workspace'", "'opt_fields'"} <= set(offered)


def test_opt_fields_complete_from_the_spec(editor: Editor) -> None:
    typed = "client.tasks.get_task('1', {'opt_fields': ['|']})"
    offered = {o.strip("'\"") for o in editor.completions(typed)}
    assert {"name", "assignee.name", "custom_fields.enum_value"} <= offered
    assert "offset" not in offered
    typed = "client.tasks.get_tasks({'opt_fields': ['|']})"
    paged = {o.strip("'\"") for o in editor.completions(typed)}
    assert {"name", "offset", "path", "uri"} <= paged


def test_resource_methods_complete(editor: Editor) -> None:
    offered = set(editor.completions("client.tasks.get_"))
    assert {"get_task", "get_tasks", "get_task_for_custom_id", "get_subtasks_for_task"} <= offered
    assert {"tasks", "projects", "workspaces"} <= set(editor.completions("client."))


def test_type_completeness_is_full_and_every_public_class_and_function_documented() -> None:
    """``pyright --verifytypes asana_typed --ignoreexternal``, as the README reports it.

    The two classes it finds without a docstring are the private bases that hold the dotted
    keys of the two search params (only the functional TypedDict syntax takes such keys); the
    public classes built on them are documented.
    """
    bin_dir = str(Path(sys.executable).parent)
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from basedpyright.pyright import main; main()",
            "--verifytypes",
            "asana_typed",
            "--ignoreexternal",
            "--outputjson",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")},
        timeout=300,
        check=False,
    )
    report = json.loads(run.stdout)["typeCompleteness"]
    assert report["completenessScore"] >= 0.99
    assert report["exportedSymbolCounts"]["withAmbiguousType"] == 0
    assert report["missingFunctionDocStringCount"] == 0
    undocumented = [s["name"] for s in report["symbols"] if s["diagnostics"]]
    assert all(name.rsplit(".", 1)[1].startswith("_") for name in undocumented), undocumented
    assert report["missingClassDocStringCount"] == len(undocumented)


def test_hover_of_a_batch_action_shows_the_plain_call_and_its_value(editor: Editor) -> None:
    text = editor.hover("client.actions.tasks.get_task")
    assert ") -> BatchAction[Task]" in text
    assert "an action for `client.batch`" in text
    text = editor.hover("x = client.batch([client.actions.tasks.get_tasks({'project': '1'})])\nx")
    assert "x: list[BatchResult[Page[Task]]]" in text
