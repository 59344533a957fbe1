"""The original client's (python-asana v0.x) method names, kept as aliases.

``resource -> {legacy name: target}``. A target is the canonical operation name (an alias of
the same declaration when the operation lives on the same resource), or ``(name, overrides)``
where overrides change the declaration: ``path`` (a fixed path, e.g. ``/users/me``) or
``gid_param`` (the legacy call took a gid the API now expects in the params),
``special`` (a hand-written endpoint class from ``asana_typed/_endpoints/_special.py``),
``arg`` (the name of the gid argument ``gid_param`` fills, when ``<gid_param>_gid`` would
mislead) or ``note`` (what the original endpoint was, shown in the method's docstring).

``WHOLE_BODY`` names the operations whose answer carries more than ``data`` (the events
feeds: ``sync`` and ``has_more``); their whole body is read into the given model.
"""

from __future__ import annotations

Target = str | tuple[str, dict[str, str]]

WHOLE_BODY: dict[str, str] = {
    "get_events": "EventsPage",
    "get_workspace_events": "EventsPage",
}

LEGACY: dict[str, dict[str, Target]] = {
    "attachments": {
        "find_by_id": "get_attachment",
        "find_by_task": (
            "get_attachments_for_object",
            {
                "gid_param": "parent",
                "arg": "task_gid",
                "note": "GET /tasks/{task}/attachments; now GET /attachments?parent=",
            },
        ),
        "create_on_task": (
            "create_attachment_for_object",
            {"special": "LegacyUpload", "note": "POST /tasks/{task}/attachments"},
        ),
        "create_attachment_for_task": (
            "create_attachment_for_object",
            {"special": "LegacyUpload", "note": "POST /tasks/{task}/attachments"},
        ),
    },
    "events": {
        "get": "get_events",
        "get_next": ("get_events", {"special": "EventsNext"}),
        "get_iterator": ("get_events", {"special": "EventsStream"}),
    },
    "stories": {
        "find_by_task": "get_stories_for_task",
        "find_by_id": "get_story",
        "create_on_task": "create_story_for_task",
        "update": "update_story",
        "delete": "delete_story",
    },
    "tags": {
        "create": "create_tag",
        "create_in_workspace": "create_tag_for_workspace",
        "find_by_id": "get_tag",
        "update": "update_tag",
        "delete": "delete_tag",
        "find_all": "get_tags",
        "find_by_workspace": "get_tags_for_workspace",
        "get_tasks_with_tag": "get_tasks_for_tag",
    },
    "teams": {
        "find_by_id": "get_team",
        "find_by_organization": "get_teams_for_workspace",
        "find_by_user": "get_teams_for_user",
        "users": "get_users_for_team",
        "add_user": "add_user_for_team",
        "remove_user": "remove_user_for_team",
    },
    "users": {
        "me": ("get_user", {"path": "/users/me"}),
        "find_by_id": "get_user",
        "find_all": "get_users",
        "find_by_workspace": "get_users_for_workspace",
        "get_user_favorites": "get_favorites_for_user",
    },
    "workspaces": {
        "find_by_id": "get_workspace",
        "find_all": "get_workspaces",
        "update": "update_workspace",
        "typeahead": "typeahead_for_workspace",
        "add_user": "add_user_for_workspace",
        "remove_user": "remove_user_for_workspace",
    },
    "projects": {
        "create": "create_project",
        "create_in_workspace": "create_project_for_workspace",
        "create_in_team": "create_project_for_team",
        "find_by_id": "get_project",
        "update": "update_project",
        "delete": "delete_project",
        "find_all": "get_projects",
        "find_by_workspace": "get_projects_for_workspace",
        "find_by_team": "get_projects_for_team",
        "tasks": "get_tasks_for_project",
        "add_followers": "add_followers_for_project",
        "remove_followers": "remove_followers_for_project",
        "add_members": "add_members_for_project",
        "remove_members": "remove_members_for_project",
        "add_custom_field_setting": "add_custom_field_setting_for_project",
        "remove_custom_field_setting": "remove_custom_field_setting_for_project",
    },
    "tasks": {
        "set_parent": "set_parent_for_task",
        "create": "create_task",
        "create_in_workspace": (
            "create_task",
            {"gid_param": "workspace", "note": "POST /workspaces/{workspace}/tasks"},
        ),
        "find_by_id": "get_task",
        "update": "update_task",
        "delete": "delete_task",
        "find_by_project": "get_tasks_for_project",
        "find_by_tag": "get_tasks_for_tag",
        "find_by_section": "get_tasks_for_section",
        "find_by_user_task_list": "get_tasks_for_user_task_list",
        "find_all": "get_tasks",
        "search_in_workspace": "search_tasks_for_workspace",
        "dependencies": "get_dependencies_for_task",
        "dependents": "get_dependents_for_task",
        "add_dependencies": "add_dependencies_for_task",
        "add_dependents": "add_dependents_for_task",
        "remove_dependencies": "remove_dependencies_for_task",
        "remove_dependents": "remove_dependents_for_task",
        "add_followers": "add_followers_for_task",
        "remove_followers": "remove_follower_for_task",
        "projects": "get_projects_for_task",
        "add_project": "add_project_for_task",
        "remove_project": "remove_project_for_task",
        "tags": "get_tags_for_task",
        "add_tag": "add_tag_for_task",
        "remove_tag": "remove_tag_for_task",
        "subtasks": "get_subtasks_for_task",
        "add_subtask": "create_subtask_for_task",
        "stories": "get_stories_for_task",
        "add_comment": "create_story_for_task",
        "insert_in_user_task_list": (
            "add_task_for_section",
            {
                "note": "POST /user_task_lists/{list}/addTask, which is gone; My Tasks is "
                "organised in sections, so pass the gid of a section of that list"
            },
        ),
    },
}
