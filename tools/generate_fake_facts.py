"""Write ``asana_typed/testing/_engine/facts.json``: what the fake's generic engine knows.

Reads ``tools/spec_facts.json`` and keeps only what the fake needs at run time (it runs from
an installed wheel, without ``tools/``):

- ``operations``: for each operation, its method and path, what it does to which resource type
  (``kind``: ``create``, ``get``, ``update``, ``delete``, ``list`` or ``action``), the path
  parameter naming the parent or subject object, the answer's shape, and its required, query
  and body parameter names;
- ``fields``: for each resource type, its fields in the spec's order, each with a type code:
  ``s`` string, ``n`` number, ``b`` boolean, ``d`` date, ``t`` date-time, ``e:a|b`` enum,
  ``r`` a reference to another object, ``R`` a list of references, ``l`` another list,
  ``o`` anything else (a nested object).

Usage: ``python tools/generate_fake_facts.py`` (``--check`` exits 1 when the file is stale);
``python tools/regenerate.py`` runs it with the other generators.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from extract_facts import FACTS_PATH as FACTS  # noqa: E402
from extract_facts import snake_case  # noqa: E402

OUTPUT_PATH = "asana_typed/testing/_engine/facts.json"
OUTPUT = ROOT / OUTPUT_PATH

Facts = dict[str, Any]
_GID_PARAM = re.compile(r"^\{(\w+)_gid\}$")


def is_resource(model: str, models: dict[str, Facts]) -> bool:
    """Whether a model is an object with a gid (``AsanaResource`` is the hand-written base)."""
    return model == "AsanaResource" or bool(models[model]["resource"])


def type_code(fact: Facts, models: dict[str, Facts]) -> str:
    """The one-letter code of a field type (see the module docstring)."""
    kind = fact["type"]
    if kind == "model":
        return "r" if is_resource(fact["model"], models) else "o"
    if kind == "list":
        item = fact["items"]
        return "R" if item["type"] == "model" and is_resource(item["model"], models) else "l"
    if kind == "enum":
        return "e:" + "|".join(str(value) for value in fact["values"] if value is not None)
    return {"str": "s", "int": "n", "float": "n", "bool": "b", "date": "d", "datetime": "t"}.get(
        kind, "o"
    )


def collections(operations: list[Facts]) -> dict[str, str]:
    """Collection segment -> resource type, from paths like ``/rates/{rate_gid}``."""
    found: dict[str, str] = {}
    for op in operations:
        segments = op["path"].strip("/").split("/")
        for before, segment in itertools.pairwise(segments):
            match = _GID_PARAM.match(segment)
            if match and not before.startswith("{"):
                found.setdefault(before, match.group(1))
    return found


def describe(op: Facts, known: dict[str, str]) -> Facts:
    """The engine's view of one operation."""
    segments = op["path"].strip("/").split("/")
    last = segments[-1]
    subject = _GID_PARAM.match(last)
    parent = _GID_PARAM.match(segments[-2]) if len(segments) > 1 else None
    model_type = snake_case(op["response_model"])
    entry: Facts = {"method": op["method"], "path": op["path"], "shape": op["response_shape"]}
    if subject:
        kinds = {"GET": "get", "PUT": "update", "DELETE": "delete"}
        entry["kind"] = kinds.get(op["method"], "action")
        entry["type"] = subject.group(1)
        entry["subject"] = f"{subject.group(1)}_gid"
    elif last in known or op["method"] == "GET":
        entry["kind"] = "list" if op["method"] == "GET" else "create"
        entry["type"] = known.get(last, model_type)
        if parent:
            entry["parent"] = f"{parent.group(1)}_gid"
    else:
        entry["kind"] = "action"
        entry["type"] = parent.group(1) if parent else known.get(segments[0], model_type)
        entry["action"] = last
        if parent:
            entry["subject"] = f"{parent.group(1)}_gid"
    if entry["kind"] in ("create", "list", "get") or entry.get("type") == model_type:
        entry["model"] = op["response_model"]
    entry["required"] = op["required_params"]
    entry["query"] = [q for q in op["query_params"] if q != "opt_fields"]
    entry["body"] = op["body_params"] or []
    return entry


def render(facts: Facts | None = None) -> dict[str, str]:
    """The facts file (its path relative to the repository root -> its text), from ``facts``
    (by default the committed ``tools/spec_facts.json``)."""
    if facts is None:
        facts = json.loads(FACTS.read_text("utf-8"))
    models: dict[str, Facts] = facts["models"]
    known = collections(facts["operations"])
    operations = {op["name"]: describe(op, known) for op in facts["operations"]}
    fields: dict[str, dict[str, str]] = {}
    for entry in operations.values():
        model = entry.pop("model", None)
        if model in models and "gid" in {f["name"] for f in models[model]["fields"]}:
            fields.setdefault(
                entry["type"],
                {f["name"]: type_code(f["type"], models) for f in models[model]["fields"]},
            )
    operations_text = _one_per_line(
        {name: json.dumps(e, sort_keys=True) for name, e in operations.items()}
    )
    fields_text = _one_per_line({name: json.dumps(codes) for name, codes in fields.items()})
    return {OUTPUT_PATH: f'{{\n "operations": {operations_text},\n "fields": {fields_text}\n}}\n'}


def _one_per_line(entries: dict[str, str]) -> str:
    """A JSON object of already encoded values, one key a line, keys sorted."""
    lines = [f"  {json.dumps(key)}: {entries[key]}" for key in sorted(entries)]
    return "{\n" + ",\n".join(lines) + "\n }"


def main(argv: list[str]) -> int:
    text = render()[OUTPUT_PATH]
    if "--check" in argv:
        current = OUTPUT.read_text("utf-8") if OUTPUT.exists() else ""
        return 0 if current == text else 1
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
