"""Which fields each resource type shows by default.

Asana answers a single-object request with the full record (the spec's ``XResponse`` schema
minus its opt-in fields) and a list request with compact records (``XCompact``). A resource
type the table does not know takes its fields from the engine's facts; one they do not know
either renders every public field of its record.

A resource type whose default views differ from that is one :class:`Kind` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ._facts import fields_of

__all__ = ["KINDS", "Kind", "kind_of"]


@dataclass(frozen=True)
class Kind:
    """The default field lists of one resource type."""

    resource_type: str
    compact: tuple[str, ...]
    full: tuple[str, ...]


def _kind(resource_type: str, compact: str, full: str) -> Kind:
    """A kind from space-separated field names (``full`` extends ``compact``)."""
    compact_fields = tuple(compact.split())
    return Kind(resource_type, compact_fields, (*compact_fields, *full.split()))


_NAMED = "gid resource_type name"

_KIND_LIST = (
    _kind("user", _NAMED, "email photo workspaces custom_fields"),
    _kind("workspace", _NAMED, "email_domains is_organization"),
    _kind(
        "project",
        _NAMED,
        """archived color icon created_at current_status current_status_update
        custom_field_settings default_view due_date due_on members modified_at notes public
        privacy_setting start_on default_access_level minimum_access_level_for_customization
        minimum_access_level_for_sharing custom_fields completed completed_at completed_by
        followers owner team permalink_url workspace""",
    ),
    _kind(
        "task",
        f"{_NAMED} resource_subtype",
        """approval_status assignee_status completed completed_at completed_by created_at
        dependencies dependents due_at due_on html_notes hearted hearts liked likes memberships
        modified_at notes num_hearts num_likes num_subtasks start_at start_on
        actual_time_minutes assignee assignee_section custom_fields custom_type
        custom_type_status_option followers parent projects tags workspace permalink_url""",
    ),
    _kind(
        "team",
        _NAMED,
        """organization permalink_url visibility edit_team_name_or_description_access_level
        edit_team_visibility_or_trash_team_access_level member_invite_management_access_level
        guest_invite_management_access_level join_request_management_access_level
        team_member_removal_access_level team_content_management_access_level endorsed
        custom_field_settings""",
    ),
    _kind("team_membership", "gid resource_type user team is_guest is_limited_access is_admin", ""),
    _kind("tag", _NAMED, "color notes created_at followers workspace permalink_url"),
    _kind("section", _NAMED, "created_at project projects"),
    _kind(
        "custom_field",
        f"{_NAMED} type enum_options enabled representation_type id_prefix input_restrictions "
        "is_formula_field",
        """description precision format currency_code custom_label custom_label_position
        is_global_to_workspace has_notifications_enabled asana_created_field is_value_read_only
        created_by privacy_setting default_access_level resource_subtype""",
    ),
    _kind("enum_option", f"{_NAMED} enabled color", ""),
    _kind(
        "story",
        "gid resource_type created_at created_by resource_subtype text",
        """is_pinned sticker_name type is_editable is_edited hearted hearts num_hearts liked
        likes num_likes reaction_summary previews old_name new_name story assignee follower
        old_section new_section task project tag custom_field dependency source target""",
    ),
    _kind(
        "attachment",
        f"{_NAMED} resource_subtype",
        "created_at download_url permanent_url host parent size view_url connected_to_app",
    ),
    # Asana lists a container's settings with their fields, not as bare references.
    _kind("custom_field_setting", "gid resource_type project is_important parent custom_field", ""),
    _kind("user_task_list", _NAMED, "owner workspace"),
    _kind(
        "job",
        "gid resource_type resource_subtype status",
        """new_portfolio new_project new_task new_project_template new_graph_export
        new_resource_export""",
    ),
    _kind(
        "project_template",
        _NAMED,
        "description html_description public owner team requested_dates color requested_roles",
    ),
    _kind("task_template", _NAMED, "project template created_by created_at"),
    _kind("graph_export", "gid resource_type created_at download_url completed_at", ""),
    _kind("export_request", "gid resource_type created_at download_url completed_at", ""),
    _kind(
        "organization_export", "gid resource_type created_at download_url state organization", ""
    ),
    _kind(
        "webhook",
        "gid resource_type active resource target",
        """created_at last_failure_at last_failure_content last_success_at delivery_retry_count
        next_attempt_after failure_deletion_timestamp filters""",
    ),
)

KINDS: dict[str, Kind] = {kind.resource_type: kind for kind in _KIND_LIST}


_NAMING_FIELDS = ("name", "title", "display_name", "resource_subtype")


@cache
def kind_of(resource_type: str) -> Kind | None:
    """The field lists for a resource type, or ``None`` if neither the table nor the engine's
    facts know it. From the facts: the full view is every field of the type, the compact one
    its gid, type and naming fields (every field when it has none)."""
    if resource_type in KINDS:
        return KINDS[resource_type]
    fields = tuple(fields_of(resource_type))
    if not fields:
        return None
    naming = tuple(name for name in fields if name in _NAMING_FIELDS)
    compact = ("gid", "resource_type", *naming) if naming else fields
    return Kind(resource_type, compact, fields)
