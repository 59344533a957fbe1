"""The full route table: every endpoint group the fake serves.

A resource with particular behaviour is a ``_endpoints_<resource>.py`` module with an
``endpoints`` group, listed here; every other operation is served by the generic engine
(:mod:`._engine`), which takes what these groups leave.
"""

from __future__ import annotations

from . import (
    _endpoints_attachments,
    _endpoints_batch,
    _endpoints_custom_fields,
    _endpoints_duplicates,
    _endpoints_events,
    _endpoints_exports,
    _endpoints_jobs,
    _endpoints_projects,
    _endpoints_sections,
    _endpoints_stories,
    _endpoints_tags,
    _endpoints_task_relations,
    _endpoints_task_search,
    _endpoints_tasks,
    _endpoints_teams,
    _endpoints_templates,
    _endpoints_typeahead,
    _endpoints_user_task_lists,
    _endpoints_users,
    _endpoints_webhooks,
    _endpoints_workspaces,
)
from ._engine._routes import engine_endpoints
from ._routing import Endpoints, Router

__all__ = ["ENDPOINT_GROUPS", "build_router"]

ENDPOINT_GROUPS: tuple[Endpoints, ...] = (
    _endpoints_users.endpoints,
    _endpoints_workspaces.endpoints,
    _endpoints_projects.endpoints,
    _endpoints_tasks.endpoints,
    _endpoints_task_relations.endpoints,
    _endpoints_task_search.endpoints,
    _endpoints_user_task_lists.endpoints,
    _endpoints_typeahead.endpoints,
    _endpoints_stories.endpoints,
    _endpoints_tags.endpoints,
    _endpoints_teams.endpoints,
    _endpoints_sections.endpoints,
    _endpoints_attachments.endpoints,
    _endpoints_events.endpoints,
    _endpoints_custom_fields.endpoints,
    _endpoints_webhooks.endpoints,
    _endpoints_batch.endpoints,
    _endpoints_jobs.endpoints,
    _endpoints_duplicates.endpoints,
    _endpoints_templates.endpoints,
    _endpoints_exports.endpoints,
)


def build_router() -> Router:
    """A router over every endpoint group, then the engine for the remaining operations."""
    served = {(route.method, route.template) for group in ENDPOINT_GROUPS for route in group.routes}
    return Router((*ENDPOINT_GROUPS, engine_endpoints(served)))
