"""Write ``asana_typed/resources/``: the typed methods of every ``client.<resource>``.

Reads ``tools/spec_facts.json`` (operations, params), ``tools/legacy_names.py`` (the original
client's names) and ``tools/added_methods.py`` (calls the SDK adds, such as a search past 100
results). Each resource module holds:

- ``_Endpoints``: each operation declared once (verb, path, params type, response model), the
  single source both clients send from;
- ``Tasks`` (for :class:`Client`) and ``AsyncTasks`` (for :class:`AsyncClient`): one method per
  operation and per legacy name, with the operation's path parameter names, the concrete
  params TypedDict and return types as ``@overload``s, and a docstring. Every body is the same
  line, ``return self._client._call(<endpoint>, <gids>, params, ...)``: the client decides
  whether that returns the value or a coroutine.

Methods are written out (rather than made by descriptors at run time) because that is what
editors read: pyright and jedi show each method's own signature, types and docstring.

Each form of a call is an overload: the default form first (pyright, and so Pylance, offers
the first overload first in signature help), then ``full_payload=True`` and
``iterator_type=None``, and each of those with ``raw_response=True`` (an ``ApiResponse`` of the
value). They are spelt ``@typing.overload``, and the implementation is
annotated ``Union[<default form's type>, Any]``, for jedi (Jupyter, IPython): jedi recognises
only decorators spelt ``@overload``, and cannot match a params dict to its TypedDict, so with
the overloads in view it would offer their union for every call that passes params. It reads
the implementation instead: every call infers the default form's type, and its signature shows
``full_payload: bool``, ``iterator_type`` and ``raw_response: bool``. Type checkers read the
overloads alone.

Each module also holds ``TasksActions``: ``client.actions.tasks``, one method per operation
that a batch can carry (not uploads, not the batch operation itself), taking what the plain
method takes and returning a ``BatchAction`` of the value the plain call returns (one page for
a collection) for ``client.batch``. It has a single signature (no overloads) and is the same
class for both clients; building an action sends nothing, so the plain methods are unchanged.

``resources/__init__.py`` holds ``ResourceDirectory`` and ``AsyncResourceDirectory``: the
lazily created ``client.<resource>`` attributes of each client; and ``ActionDirectory``:
``client.actions.<resource>``.

Adding an endpoint: put it in the fact file (``python tools/regenerate.py`` from a newer spec)
or add a legacy name to ``tools/legacy_names.py``, then run ``python tools/regenerate.py
--from-facts`` (every generator, leftovers removed) or this script alone.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from added_methods import ADDED, SEE_ALSO  # noqa: E402
from legacy_names import LEGACY, WHOLE_BODY  # noqa: E402

FACTS = ROOT / "tools" / "spec_facts.json"
REFERENCE = "https://developers.asana.com/reference/"
INDENT = "    "
WIDTH = 100
SYNC, ASYNC = "sync", "async"
RAW = "dict[str, Any]"

Facts = dict[str, Any]


def class_name(resource: str) -> str:
    """``custom_fields`` -> ``CustomFields``."""
    return "".join(part.capitalize() for part in resource.split("_"))


def async_class_name(resource: str) -> str:
    """``custom_fields`` -> ``AsyncCustomFields``."""
    return "Async" + class_name(resource)


def action_class_name(resource: str) -> str:
    """``custom_fields`` -> ``CustomFieldsActions``."""
    return class_name(resource) + "Actions"


def reference_url(op: Facts) -> str:
    """The operation's page in Asana's API reference."""
    return REFERENCE + str(op["operation_id"]).lower()


# --------------------------------------------------------------------------- what a method is


@dataclass
class Method:
    """One generated method: its name, the endpoint it sends, its arguments and docstring."""

    name: str
    endpoint: str
    """Attribute of ``_Endpoints`` holding its declaration."""
    op: Facts
    gids: list[str]
    kind: str
    """``item``, ``list``, ``page``, or a special: ``events_next``, ``events_stream``,
    ``legacy_upload``, ``search_all``."""
    model: str
    params_required: bool
    legacy_of: str | None = None
    note: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)


def needs_params(op: Facts, gid_param: str | None = None) -> bool:
    """Params are required when the op has required keys or a JSON/multipart body.

    A key that a legacy alias fills from its gid argument (``gid_param``) does not count.
    """
    required = set(op["required_params"]) - {gid_param}
    return bool(required) or bool(op["body_params"])


def gid_names(op: Facts, overrides: dict[str, str]) -> list[str]:
    path: str = overrides.get("path") or op["path"]
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    if "gid_param" in overrides:
        names.append(overrides.get("arg", overrides["gid_param"] + "_gid"))
    return names


SPECIAL_KINDS = {
    "EventsNext": "events_next",
    "EventsStream": "events_stream",
    "LegacyUpload": "legacy_upload",
    "SearchAll": "search_all",
}


def make_method(
    name: str, endpoint: str, op: Facts, overrides: dict[str, str], legacy_of: str | None
) -> Method:
    kind = "item" if op["name"] in WHOLE_BODY else op["response_shape"]
    kind = {"empty": "item"}.get(kind, kind)
    if "special" in overrides:
        kind = SPECIAL_KINDS[overrides["special"]]
    return Method(
        name=name,
        endpoint=endpoint,
        op=op,
        gids=gid_names(op, overrides),
        kind=kind,
        model=WHOLE_BODY.get(op["name"]) or op["response_model"],
        params_required=needs_params(op, overrides.get("gid_param")),
        legacy_of=legacy_of,
        note=overrides.get("note"),
        overrides=overrides,
    )


# --------------------------------------------------------------------------- declarations


def declaration(op: Facts, overrides: dict[str, str]) -> str:
    """``Endpoint("GET", "/tasks/{task_gid}", Task, GetTaskParams)`` for one operation."""
    path = overrides.get("path", op["path"])
    model = WHOLE_BODY.get(op["name"], op["response_model"])
    cls = overrides.get("special", "Endpoint")
    args = [json.dumps(op["method"]), json.dumps(path), model, op["params_type"]]
    shape = "whole" if op["name"] in WHOLE_BODY else op["response_shape"]
    if shape in ("page", "list", "whole"):
        args.append(f"shape={json.dumps(shape)}")
    query = op["query_params"]
    if op["method"] in ("POST", "PUT") and query:
        comma = "," if len(query) == 1 else ""
        args.append("query=(" + ", ".join(json.dumps(q) for q in query) + comma + ")")
    if op["body_content_type"] == "multipart/form-data":
        args.append('body="multipart"')
    elif op["body_params"] is None and op["method"] in ("POST", "PUT", "PATCH"):
        args.append('body="none"')  # the spec declares no request body
    if "gid_param" in overrides:
        args.append(f"gid_param={json.dumps(overrides['gid_param'])}")
    return f"{cls}({', '.join(args)})"


# --------------------------------------------------------------------------- signatures


def value_type(method: Method) -> str:
    """What a call returns for one request: ``Page[Task]``, ``list[Tag]`` or ``Task``."""
    model = method.model
    return {"page": f"Page[{model}]", "list": f"list[{model}]"}.get(method.kind, model)


def return_types(method: Method, mode: str) -> list[tuple[str, str]]:
    """(keyword-only arguments after ``options``, return type) of each overload.

    The default form first; then ``full_payload=True``; then each of those with
    ``raw_response=True``, which wraps the value in ``ApiResponse``.
    """
    model = method.model
    if mode == SYNC:

        def wrap(t: str) -> str:
            return t

        iterator = f"ItemIterator[{model}]"
    else:

        def wrap(t: str) -> str:
            return f"Coroutine[{t}]"

        iterator = f"AsyncItemIterator[{model}]"
    plain = "raw_response: Literal[False] = False"
    raw = "raw_response: Literal[True]"
    value = value_type(method)
    if method.kind == "page":
        one_page = "iterator_type: None, "
        forms = [
            (
                'iterator_type: Literal["items"] = "items", full_payload: Literal[False] = False, '
                + plain,
                iterator,
            ),
        ]
    else:
        one_page = ""
        forms = []
    return [
        *forms,
        (f"{one_page}full_payload: Literal[False] = False, {plain}", wrap(value)),
        (f"{one_page}full_payload: Literal[True], {plain}", wrap(RAW)),
        (f"{one_page}full_payload: Literal[False] = False, {raw}", wrap(f"ApiResponse[{value}]")),
        (f"{one_page}full_payload: Literal[True], {raw}", wrap(f"ApiResponse[{RAW}]")),
    ]


def positional(method: Method) -> str:
    """The arguments before ``*``: gids (positional only), then params."""
    gids = "".join(f"{gid}: str, " for gid in method.gids)
    gids += "/, " if method.gids else ""
    params = method.op["params_type"]
    if method.params_required:
        return f"{gids}params: {params}"
    return f"{gids}params: {params} | None = None"


def gid_args(method: Method) -> str:
    """The gids as the tuple a method hands to the client: ``()``, ``(task_gid,)`` ..."""
    gids = "".join(f"{gid}, " for gid in method.gids)
    return f"({gids})" if len(method.gids) != 1 else f"({gids.rstrip(' ')})"


def call_line(method: Method, full_payload: str, iterator_type: str) -> str:
    return (
        f"{INDENT * 2}return self._client._call("
        f"_Endpoints.{method.endpoint}, {gid_args(method)}, params, options, {full_payload}, "
        f"{iterator_type}, raw_response)"
    )


def render_method(method: Method, mode: str) -> list[str]:
    doc = docstring_lines(method, mode)
    if method.kind in ("events_next", "events_stream", "legacy_upload", "search_all"):
        return render_special(method, mode, doc)
    head = f"{INDENT}def {method.name}(self, {positional(method)}, *, "
    head += "options: RequestOptions | None = None, "
    lines: list[str] = []
    forms = return_types(method, mode)
    for keywords, returns in forms:
        lines += [f"{INDENT}@typing.overload", f"{head}{keywords}) -> {returns}: ..."]
    if method.kind == "page":
        impl = 'iterator_type: Literal["items"] | None = "items", full_payload: bool = False'
        body = call_line(method, "full_payload", "iterator_type")
    else:
        impl = "full_payload: bool = False"
        body = call_line(method, "full_payload", '"items"')
    impl += ", raw_response: bool = False"
    lines.append(f"{head}{impl}) -> Union[{forms[0][1]}, Any]:")
    lines += doc
    lines.append(body)
    return lines


def render_special(method: Method, mode: str, doc: list[str]) -> list[str]:
    """The hand-shaped signatures of the event and upload calls, and of added iterators."""
    options = "*, options: RequestOptions | None = None"
    iterator = "ItemIterator" if mode == SYNC else "AsyncItemIterator"
    if method.kind == "search_all":
        args = f"{positional(method)}, {options}"
        returns = f"{iterator}[{method.model}]"
        gids = gid_args(method)
    elif method.kind == "legacy_upload":
        args = (
            "task_gid: str, file_content: FileContent, file_name: str, "
            f"file_content_type: str | None = None, /, {options}"
        )
        value = method.model
        returns = value if mode == SYNC else f"Coroutine[{value}]"
        gids = "(task_gid, file_content, file_name, file_content_type)"
    else:
        args = f"params: {method.op['params_type']}, {options}"
        if method.kind == "events_next":
            value = "tuple[list[Event], str]"
            returns = value if mode == SYNC else f"Coroutine[{value}]"
        else:
            returns = f"{iterator}[Event]"
        gids = "()"
    params = "None" if method.kind == "legacy_upload" else "params"
    return [
        f"{INDENT}def {method.name}(self, {args}) -> {returns}:",
        *doc,
        f"{INDENT * 2}result: {returns} = self._client._call("
        f'_Endpoints.{method.endpoint}, {gids}, {params}, options, False, "items")',
        f"{INDENT * 2}return result",
    ]


def batchable(method: Method, declarations: dict[str, str]) -> bool:
    """Whether a batch action can carry the method's call: a canonical operation sent as one
    plain request (not an upload, not an endpoint with its own flow, not a batch itself)."""
    return (
        method.legacy_of is None
        and method.kind in ("item", "list", "page")
        and declarations[method.endpoint].startswith("Endpoint(")
        and method.op["body_content_type"] != "multipart/form-data"
        and method.op["path"] != "/batch"
    )


def batch_actions(declarations: list[tuple[str, str]], methods: list[Method]) -> list[Method]:
    """The methods of ``client.actions.<resource>``, from the resource's own."""
    declared = dict(declarations)
    return [m for m in methods if batchable(m, declared)]


def render_action(method: Method) -> list[str]:
    """``client.actions.<resource>.<operation>``: the plain call's arguments, a ``BatchAction``."""
    value = value_type(method)
    plain = f"``client.{method.op['resource']}.{method.name}``"
    one_page = " (one page: ``page_size`` and ``offset`` options)" if method.kind == "page" else ""
    indent = INDENT * 2
    return [
        f"{INDENT}def {method.name}(self, {positional(method)}, *, "
        f"options: RequestOptions | None = None) -> BatchAction[{value}]:",
        f'{indent}"""{method.op["summary"]}: an action for ``client.batch``.',
        "",
        f"{indent}Takes what {plain} takes and checks it the same way, sending nothing; "
        f"the batch gives the ``{value}``{one_page} or the error that call would raise.",
        f'{indent}"""',
        f"{indent}return self._client._action("
        f"_Endpoints.{method.endpoint}, {gid_args(method)}, params, options)",
    ]


# --------------------------------------------------------------------------- docstrings


def type_text(fact: Facts) -> str:
    """A param's value type in words a hover shows well."""
    kind = fact["type"]
    if kind == "list":
        return f"list of {type_text(fact['items'])}"
    if kind == "union":
        return " or ".join(type_text(option) for option in fact["options"])
    if kind == "enum":
        values = [json.dumps(v) for v in fact["values"]]
        if len(values) <= 6:
            return "one of " + ", ".join(values)
        return f"one of {len(values)} values"
    if kind == "fields":
        return f"field paths (``{fact['set']}``)"
    return {
        "str": "str",
        "int": "int",
        "float": "float",
        "bool": "bool",
        "date": "date",
        "datetime": "datetime",
        "dict": "dict",
        "any": "any value",
        "file": "file: bytes, binary file or path",
    }[kind]


def gid_text(name: str, method: Method) -> str:
    """What a positional argument is."""
    if name == "custom_id":
        return "Custom ID of the task (the ID shown in Asana, not a gid) (path)."
    gid_param = method.overrides.get("gid_param")
    if gid_param and name == gid_names(method.op, method.overrides)[-1]:
        return f"Gid sent as ``{gid_param}`` in the params."
    return f"Gid of the {name.removesuffix('_gid').replace('_', ' ')} (path)."


def returns_text(method: Method, mode: str) -> str:
    model = method.model
    awaited = mode == ASYNC
    if method.kind == "page":
        if awaited:
            return (
                f"Returns an ``AsyncItemIterator[{model}]`` that fetches page after page as "
                f"``async for`` goes; with ``iterator_type=None``, awaits one ``Page[{model}]``."
            )
        return (
            f"Returns an ``ItemIterator[{model}]`` that fetches page after page as you iterate; "
            f"with ``iterator_type=None``, one ``Page[{model}]``."
        )
    verb = "Awaits" if awaited else "Returns"
    if method.kind == "list":
        return f"{verb} a ``list[{model}]`` (the API answers a plain array, without pages)."
    if model == "EmptyResponse":
        return f"{verb} an ``EmptyResponse`` (the API answers an empty object)."
    return f"{verb} the ``{model}``."


def params_text(method: Method, params: list[Facts]) -> tuple[str, list[str]]:
    """The ``params:`` entry of Args, and one line per key: where it goes, its type, required.

    Lines are not wrapped and keys are not indented under ``params``: pyright renders a
    docstring's lines one per line only at one indentation.
    """
    op = method.op
    name = op["params_type"]
    gid_param = method.overrides.get("gid_param")
    keys = [k for k in params if k["name"] != gid_param]
    if not keys:
        return f"params: ``{name}``; the operation takes none.", []
    state = "required" if method.params_required else "optional"
    multipart = op["body_content_type"] == "multipart/form-data"
    lines: list[str] = []
    for key in keys:
        where = key["location"]
        if where == "body":
            where = "form" if multipart else "body"
        facts = [where, type_text(key["type"])]
        if key.get("nullable"):
            facts.append("may be None")
        if key.get("required"):
            facts.append("required")
        lines.append(f"``{key['name']}``: {', '.join(facts)}.")
    return f"params: ``{name}`` ({state}), with the keys below.", lines


def docstring_lines(method: Method, mode: str) -> list[str]:
    op = method.op
    path = method.overrides.get("path", op["path"])
    request = f"``{op['method']} {path}``"
    if method.kind in SPECIAL_DOCS:
        title, body = SPECIAL_DOCS[method.kind]
        text = [title, "", *body]
    elif method.legacy_of is not None:
        title = f"python-asana's name for ``{method.legacy_of}``: {op['summary'][:1].lower()}"
        title += f"{op['summary'][1:]}."
        text = [title, "", f"{request}. {returns_text(method, mode)}"]
        if method.note:
            text += ["", f"Before: {method.note}."]
    else:
        title = f"{op['summary']}."
        if method.kind == "page":
            request += ", paginated"
        text = [title, "", f"{request}. {returns_text(method, mode)}"]
        if op["name"] in SEE_ALSO and method.name == op["name"]:
            text += ["", SEE_ALSO[op["name"]]]
    args = [f"{gid}: {gid_text(gid, method)}" for gid in method.gids]
    keys: list[str] = []
    if method.kind == "legacy_upload":
        args = [
            "task_gid: Gid of the task the file is attached to (sent as ``parent``).",
            "file_content: The file: bytes, a binary file object or a path.",
            "file_name: The name the attachment gets.",
            "file_content_type: Its MIME type (guessed from the name when None).",
        ]
    else:
        entry, keys = params_text(method, PARAMS[op["params_type"]])
        args.append(entry)
    args.append("options: ``RequestOptions`` for this call, over the client's and the defaults.")
    if method.kind in ("item", "list", "page"):
        args.append("full_payload: ``True`` returns the whole JSON body as a ``dict`` instead.")
    if method.kind == "page":
        args.append('iterator_type: ``"items"`` iterates items; ``None`` returns one page.')
    if method.kind in ("item", "list", "page"):
        one_page = " (with ``iterator_type=None``)" if method.kind == "page" else ""
        args.append(
            f"raw_response: ``True``{one_page} returns an ``ApiResponse``: the value with the "
            "status, headers and request id."
        )
    text += ["", "Args:", *(INDENT + arg for arg in args)]
    if keys:
        text += ["", "Params:", *(INDENT + key for key in keys)]
    text += ["", f"API reference: {reference_url(op)}"]
    indent = INDENT * 2
    lines = [f"{indent}{line}" if line else "" for line in text]
    return [f'{indent}"""{text[0]}', *lines[1:], f'{indent}"""']


SPECIAL_DOCS: dict[str, tuple[str, list[str]]] = {
    "events_next": (
        "python-asana's ``get_next``: wait for the next events of a resource.",
        [
            "Polls ``GET /events`` until events arrive and returns ``(events, sync)``: pass",
            "``sync`` to the next call. Without a sync token (or with an expired one) it takes",
            "the fresh token from Asana's 412 answer and goes on; an empty answer waits",
            "``poll_interval`` seconds. The params dict is not changed.",
        ],
    ),
    "events_stream": (
        "python-asana's ``get_iterator``: every event of a resource from now on.",
        [
            "An endless item iterator over ``GET /events``, polling every ``poll_interval``",
            "seconds while no event is waiting; it keeps the sync token as it goes.",
        ],
    ),
    "search_all": (
        "Search tasks in a workspace: every match, past the 100 one search answers.",
        [
            "Sends ``GET /workspaces/{workspace_gid}/tasks/search`` again and again, sorted",
            "by ``created_at`` (newest first unless ``sort_ascending`` is True), moving the",
            "``created_at`` bound to the last task handed out: every match comes once, tasks",
            "sharing a ``created_at`` across two searches included. Returns an item iterator",
            "(``async for`` on AsyncClient) that searches as it goes and stops at",
            "``item_limit``. The params' other filters go with every search; ``opt_fields``",
            "gets ``created_at`` added. Refused before sending: a ``sort_by`` other than",
            "``created_at``, an unreadable ``created_at`` bound, an ``offset``. Raises",
            "``SearchOverflowError`` if more tasks share one ``created_at`` than one search",
            "(100) can get past.",
        ],
    ),
    "legacy_upload": (
        "python-asana's name: upload a file and attach it to a task.",
        [
            "Sent as ``POST /attachments`` (multipart) with ``parent`` set to the task, which",
            "is how Asana takes uploads today. Returns the ``Attachment``.",
        ],
    ),
}


# --------------------------------------------------------------------------- modules


def import_line(head: str, names: Iterable[str], indent: str = "") -> list[str]:
    """One import, wrapped one name per line when it would be long."""
    ordered = sorted(set(names), key=lambda n: (n.lower(), n))
    line = f"{indent}{head} {', '.join(ordered)}"
    if len(line) <= WIDTH:
        return [line]
    return [f"{indent}{head} (", *(f"{indent}{INDENT}{n}," for n in ordered), f"{indent})"]


def resource_methods(
    resource: str, ops: list[Facts], by_name: dict[str, Facts]
) -> tuple[list[tuple[str, str]], list[Method]]:
    """(declarations of ``_Endpoints``, methods) of one resource."""
    declarations: list[tuple[str, str]] = []
    methods: list[Method] = []
    own = {op["name"] for op in ops}
    for op in ops:
        declarations.append((op["name"], declaration(op, {})))
        methods.append(make_method(op["name"], op["name"], op, {}, None))
    added: dict[str, Any] = ADDED.get(resource, {})
    for alias, target in {**LEGACY.get(resource, {}), **added}.items():
        name, overrides = (target, {}) if isinstance(target, str) else target
        op = by_name[name]
        endpoint = name
        if name not in own or set(overrides) - {"note", "arg"}:
            endpoint = alias
            declarations.append((alias, declaration(op, overrides)))
        legacy_of = None if alias in added else name
        methods.append(make_method(alias, endpoint, op, overrides, legacy_of))
    return declarations, methods


def render_resource(
    resource: str, ops: list[Facts], declarations: list[tuple[str, str]], methods: list[Method]
) -> str:
    """``resources/<resource>.py``, from the operations' declarations and methods."""
    cls, async_cls = class_name(resource), async_class_name(resource)
    models = {m.model for m in methods}
    params = {m.op["params_type"] for m in methods}
    endpoint_classes = {d.split("(")[0] for _, d in declarations}
    special = sorted(endpoint_classes - {"Endpoint"})
    kinds = {m.kind for m in methods}
    actions = batch_actions(declarations, methods)
    typing_only = ["from .._options import RequestOptions"]
    if actions:
        typing_only.insert(0, "from .._batch import BatchAction")
    if "page" in kinds:
        typing_only.append("from .._pages._envelopes import Page")
    if kinds & {"page", "events_stream", "search_all"}:
        typing_only.append("from .._pages._iterators import AsyncItemIterator, ItemIterator")
    if kinds & {"item", "list", "page"}:
        typing_only.append("from .._response import ApiResponse")
    typing_only.append("from .._types import Coroutine")
    if "legacy_upload" in kinds:
        typing_only.append("from .._upload import FileContent")
    if kinds & {"events_next", "events_stream"}:
        typing_only.append("from ..models import Event")
    tag = ops[0]["tag"]
    actions_cls = action_class_name(resource)
    exported = sorted([cls, async_cls, *([actions_cls] if actions else [])])
    head = [
        f'"""``client.{resource}``: the {tag} operations of the API, for both clients.',
        "",
        "Generated by ``tools/generate_resources.py`` from ``tools/spec_facts.json``; do not edit.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "import typing",
        "from typing import TYPE_CHECKING, Any, Literal, Union",
        "",
        *(["from .._batch import ActionResource"] if actions else []),
        "from .._endpoints._declarations import Endpoint, Resource",
        *(import_line("from .._endpoints._special import", special) if special else []),
        *import_line("from ..models import", models),
        *import_line("from ..params import", params),
        "",
        "if TYPE_CHECKING:",
        *(INDENT + line for line in typing_only),
        "",
        f"__all__ = [{', '.join(json.dumps(n) for n in exported)}]",
        "",
        "",
        "class _Endpoints:",
        f'{INDENT}"""Each operation of ``client.{resource}``, declared once for both clients."""',
        "",
        *(f"{INDENT}{name} = {decl}" for name, decl in declarations),
    ]
    body = [*head]
    for mode, name in ((SYNC, cls), (ASYNC, async_cls)):
        client = "Client" if mode == SYNC else "AsyncClient"
        other = async_cls if mode == SYNC else cls
        how = "" if mode == SYNC else ", awaited"
        body += [
            "",
            "",
            f"class {name}(Resource):",
            f'{INDENT}"""``{resource}`` of a :class:`~asana_typed.{client}`: Asana\'s {tag} API.',
            "",
            f"{INDENT}One method per operation, named after its operationId in snake_case, and",
            f"{INDENT}python-asana's names for them. ``{other}`` has the same methods{how}.",
            f'{INDENT}"""',
            "",
            f"{INDENT}__slots__ = ()",
        ]
        for method in methods:
            body += ["", *render_method(method, mode)]
    if actions:
        body += [
            "",
            "",
            f"class {actions_cls}(ActionResource):",
            f'{INDENT}"""``client.actions.{resource}``: {tag} calls as actions for '
            "``client.batch``.",
            "",
            f"{INDENT}The same for :class:`~asana_typed.Client` and "
            ":class:`~asana_typed.AsyncClient`.",
            f'{INDENT}"""',
            "",
            f"{INDENT}__slots__ = ()",
        ]
        for method in actions:
            body += ["", *render_action(method)]
    return "\n".join(body) + "\n"


def render_directory(resources: dict[str, str], batchable_resources: set[str]) -> str:
    """``resources/__init__.py``: the lazily made resources of each client, and their actions."""
    lines = [
        '"""Every ``client.<resource>``. Generated by tools/generate_resources.py; do not edit.',
        "",
        "Resource modules are imported on first access, so importing the package stays cheap.",
        "Each resource is a property that keeps what it made in the client's ``__dict__``",
        "(editors show a property as its value, a ``cached_property`` as its descriptor too).",
        "``ActionDirectory`` is ``client.actions``: the same per resource, for ``client.batch``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import TYPE_CHECKING",
        "",
        "if TYPE_CHECKING:",
    ]
    for r in resources:
        names = [class_name(r), async_class_name(r)]
        names += [action_class_name(r)] if r in batchable_resources else []
        lines += import_line(f"from .{r} import", names, INDENT)
    lines += [
        "",
        '__all__ = ["ActionDirectory", "AsyncResourceDirectory", "ResourceDirectory"]',
    ]
    directories = [
        ("ResourceDirectory", "The resources of a :class:`~asana_typed.Client`", class_name),
        (
            "AsyncResourceDirectory",
            "The resources of an :class:`~asana_typed.AsyncClient`",
            async_class_name,
        ),
        (
            "ActionDirectory",
            "``client.actions``: each resource's calls as batch actions",
            action_class_name,
        ),
    ]
    for directory, doc, name_of in directories:
        actions = name_of is action_class_name
        lines += ["", "", f"class {directory}:", f'    """{doc}, made on first use."""']
        if actions:
            lines += [
                "",
                "    def __init__(self, client: object) -> None:",
                "        self._client = client",
            ]
        for r, tag in resources.items():
            if actions and r not in batchable_resources:
                continue
            cls = name_of(r)
            what = (
                f"calls as actions: ``client.actions.{r}.<operation>(...)``"
                if actions
                else (f"operations: ``client.{r}.<operation>(...)``")
            )
            owner = "self._client" if actions else "self"
            lines += [
                "",
                "    @property",
                f"    def {r}(self) -> {cls}:",
                f'        """The {tag} {what}."""',
                f'        made: {cls} | None = self.__dict__.get("{r}")',
                "        if made is None:",
                f"            from .{r} import {cls}",
                "",
                f'            made = self.__dict__["{r}"] = {cls}({owner})',
                "        return made",
            ]
    return "\n".join(lines) + "\n"


PARAMS: dict[str, list[Facts]] = {}


def render(facts: Facts | None = None) -> dict[str, str]:
    """Generated files by path relative to the repository root, from ``facts`` (by default
    the committed ``tools/spec_facts.json``)."""
    if facts is None:
        facts = json.loads(FACTS.read_text(encoding="utf-8"))
    PARAMS.clear()
    PARAMS.update(facts["params"])
    by_resource: dict[str, list[Facts]] = defaultdict(list)
    by_name = {op["name"]: op for op in facts["operations"]}
    for op in facts["operations"]:
        by_resource[op["resource"]].append(op)
    made = {r: resource_methods(r, ops, by_name) for r, ops in sorted(by_resource.items())}
    files = {
        f"asana_typed/resources/{r}.py": render_resource(r, by_resource[r], *made[r]) for r in made
    }
    tags = {r: ops[0]["tag"] for r, ops in sorted(by_resource.items())}
    with_actions = {r for r, found in made.items() if batch_actions(*found)}
    files["asana_typed/resources/__init__.py"] = render_directory(tags, with_actions)
    return files


def main() -> int:
    files = render()
    for path, text in files.items():
        (ROOT / path).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files under asana_typed/resources/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
