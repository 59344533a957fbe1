"""Methods the SDK adds beside the API's operations: calls no single request makes.

``resource -> {method name: (operation, overrides)}``, read like ``legacy_names.LEGACY``; the
``special`` override names the hand-written endpoint class from ``asana_typed/_special.py``.
``SEE_ALSO`` adds a sentence to an operation's own docstring pointing at its added method.
"""

from __future__ import annotations

ADDED: dict[str, dict[str, tuple[str, dict[str, str]]]] = {
    "tasks": {
        "search_all_tasks_for_workspace": (
            "search_tasks_for_workspace",
            {"special": "SearchAll"},
        ),
    },
}

SEE_ALSO: dict[str, str] = {
    "search_tasks_for_workspace": (
        "One search answers at most 100 tasks, without pages; "
        "``search_all_tasks_for_workspace`` iterates every match."
    ),
}
