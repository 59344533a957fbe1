"""Which operations of the committed facts the fake's route table answers."""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from pathlib import Path

from asana_typed.testing._engine._errors import ApiError
from asana_typed.testing._handlers.route_table import build_router

FACTS = Path(__file__).resolve().parents[2] / "tools" / "spec_facts.json"


def unrouted_operations(tags: Collection[str]) -> list[str]:
    """``METHOD /path`` of every operation of these tags that no route of its own answers."""
    router = build_router()
    facts = json.loads(FACTS.read_text("utf-8"))
    missing = []
    for operation in facts["operations"]:
        if operation["tag"] not in tags:
            continue
        path = re.sub(r"\{\w+\}", "1", operation["path"])
        try:
            route, _ = router.resolve(operation["method"], path)
        except ApiError:
            route = None
        if route is None or route.template != operation["path"]:
            missing.append(f"{operation['method']} {operation['path']}")
    return missing
