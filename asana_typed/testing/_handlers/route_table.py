"""The full route table: every endpoint group the fake serves.

A resource with particular behaviour is a module of this package (``tasks.py`` ...) with an
``endpoints`` group, listed here; every other operation is served by the generic handlers
(:mod:`.generic`), which take what these groups leave. A module routes only the operations
the generic handlers would answer differently: a plain ``GET /tags/{tag_gid}`` is theirs.
"""

from __future__ import annotations

import functools

from .._engine._router import Endpoints, Router
from . import (
    attachments,
    batch,
    custom_fields,
    duplicates,
    events,
    exports,
    jobs,
    projects,
    sections,
    stories,
    tags,
    task_relations,
    task_search,
    tasks,
    teams,
    templates,
    typeahead,
    user_task_lists,
    users,
    webhooks,
    workspaces,
)
from .generic.route_table import generic_endpoints

__all__ = ["ENDPOINT_GROUPS", "build_router"]

ENDPOINT_GROUPS: tuple[Endpoints, ...] = (
    users.endpoints,
    workspaces.endpoints,
    projects.endpoints,
    tasks.endpoints,
    task_relations.endpoints,
    task_search.endpoints,
    user_task_lists.endpoints,
    typeahead.endpoints,
    stories.endpoints,
    tags.endpoints,
    teams.endpoints,
    sections.endpoints,
    attachments.endpoints,
    events.endpoints,
    custom_fields.endpoints,
    webhooks.endpoints,
    batch.endpoints,
    jobs.endpoints,
    duplicates.endpoints,
    templates.endpoints,
    exports.endpoints,
)


@functools.cache
def build_router() -> Router:
    """A router over every endpoint group, then the generic handlers for the other operations.

    Built once and shared by every fake (a router is never changed after it is built).
    """
    served = {(route.method, route.template) for group in ENDPOINT_GROUPS for route in group.routes}
    return Router((*ENDPOINT_GROUPS, generic_endpoints(served)))
