"""What a change to a task leaves behind: a story on the task and events for the feeds.

Asana keeps a task's history as *stories*: ``system`` stories written by Asana when someone
changes the task (``marked_complete``, ``assigned``, ``added_to_project`` ...) and ``comment``
stories written by people. Every story is also an event (``added``, resource the story,
parent the task), so a project's or a task's ``GET /events`` stream shows it.

The endpoint handlers call these functions after changing a task through the API, as the
caller. Seed helpers of :class:`~asana_typed.testing.FakeAsana` that create objects directly do
not: a seeded object has no history (``FakeAsana.update_task`` is the exception, it changes
a task as a request would).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._engine._state import Record, Ref, Store, ref_to, utc_timestamp
from ._custom_field_values import display_value
from ._rich_text import html_to_text, text_to_html

__all__ = [
    "add_comment",
    "add_system_story",
    "log_event",
    "record_attachment_added",
    "record_dependency_added",
    "record_field_changes",
    "record_followers_added",
    "record_project_change",
    "record_section_change",
    "record_tag_change",
    "record_task_created",
    "record_task_update",
    "stories_of",
]

_WATCHED_FIELDS = (
    "name",
    "notes",
    "completed",
    "assignee",
    "due_on",
    "due_at",
    "start_on",
    "start_at",
    "resource_subtype",
    "approval_status",
    "assignee_status",
    "liked",
    "external",
)
"""Task fields whose change ``record_task_update`` reports (``html_notes`` goes with notes)."""


def log_event(
    store: Store,
    action: str,
    resource: Record,
    user_gid: str | None,
    *,
    parent: Record | None = None,
    change: Record | None = None,
) -> None:
    """Append an event; resources with a ``workspace`` also show in that workspace's stream."""
    workspace = resource.get("workspace")
    store.add_event(
        action=action,
        resource=resource,
        user_gid=user_gid,
        parent=parent,
        workspace_gid=workspace.gid if isinstance(workspace, Ref) else None,
        change=change,
    )


def _new_story(store: Store, task: Record, user_gid: str | None, fields: Record) -> Record:
    story = store.insert(
        "story",
        {
            "created_at": utc_timestamp(),
            "created_by": Ref("user", user_gid) if user_gid else None,
            "resource_subtype": "",
            "text": "",
            "type": "system",
            "is_pinned": False,
            "is_editable": False,
            "is_edited": False,
            "hearted": False,
            "hearts": [],
            "num_hearts": 0,
            "liked": False,
            "likes": [],
            "num_likes": 0,
            "reaction_summary": [],
            "previews": [],
            "source": "api",
            "target": ref_to(task),
            **fields,
        },
    )
    log_event(store, "added", story, user_gid, parent=task)
    return story


def add_system_story(
    store: Store, task: Record, user_gid: str | None, subtype: str, text: str, **links: Any
) -> Record:
    """A ``system`` story on ``task`` (``links`` are conditional fields such as ``project``)."""
    return _new_story(store, task, user_gid, {"resource_subtype": subtype, "text": text, **links})


def add_comment(
    store: Store,
    task: Record,
    user_gid: str,
    *,
    text: str | None = None,
    html_text: str | None = None,
    is_pinned: bool = False,
    sticker_name: str | None = None,
) -> Record:
    """A ``comment_added`` story by ``user_gid`` on a task or goal (``text`` or ``html_text``)."""
    if html_text is not None:
        text = html_to_text(html_text)
    else:
        html_text = text_to_html(text or "")
    return _new_story(
        store,
        task,
        user_gid,
        {
            "resource_subtype": "comment_added",
            "type": "comment",
            "text": text or "",
            "html_text": html_text,
            "is_pinned": is_pinned,
            "is_editable": True,
            "sticker_name": sticker_name,
        },
    )


def stories_of(store: Store, task_gid: str) -> list[Record]:
    """The stories on a task (or goal), oldest first."""
    return [s for s in store.all("story") if s["target"].gid == task_gid]


def _name(store: Store, ref: Ref | None) -> str:
    record = store.resolve(ref) if ref is not None else None
    return str(record.get("name", "")) if record is not None else ""


# -- task changes ---------------------------------------------------------------------------


def record_task_created(store: Store, task: Record, user_gid: str) -> None:
    """The ``created`` story, and the parent task's ``added`` event for a subtask."""
    add_system_story(store, task, user_gid, "created", "created this task")
    parent = store.resolve(task["parent"]) if task["parent"] is not None else None
    if parent is not None:
        log_event(store, "added", task, user_gid, parent=parent)


def record_field_changes(
    store: Store, record: Record, before: Record, user_gid: str, fields: Iterable[str]
) -> list[str]:
    """One ``changed`` event per field of ``fields`` that differs from ``before``; those fields.

    The event's ``change`` names the field; a new value that is an object (a ref) comes along
    as ``new_value``.
    """
    changed = []
    for field in fields:
        new = record.get(field)
        if before.get(field) == new:
            continue
        change: Record = {"field": field, "action": "changed"}
        if isinstance(new, Ref):
            change["new_value"] = new
        log_event(store, "changed", record, user_gid, change=change)
        changed.append(field)
    return changed


def record_task_update(store: Store, task: Record, before: Record, user_gid: str) -> None:
    """Stories and ``changed`` events for every watched field that differs from ``before``."""
    for field in record_field_changes(store, task, before, user_gid, _WATCHED_FIELDS):
        _story_for_change(store, task, user_gid, field, before.get(field), task.get(field))
    old_values = before.get("_custom_field_values", {})
    new_values = task.get("_custom_field_values", {})
    for gid, value in new_values.items():
        if old_values.get(gid) != value:
            _record_custom_field_change(store, task, user_gid, gid, value)


def _record_custom_field_change(
    store: Store, task: Record, user_gid: str, field_gid: str, value: Any
) -> None:
    """The ``changed`` event (field ``custom_fields``) and the ``*_custom_field_changed`` story."""
    field = store.get("custom_field", field_gid)
    change: Record = {
        "field": "custom_fields",
        "action": "changed",
        "new_value": Ref("custom_field", field_gid),
    }
    log_event(store, "changed", task, user_gid, change=change)
    shown = display_value(store, field, value)
    text = f"changed {field['name']} to {shown}" if shown else f"cleared {field['name']}"
    subtype = f"{field['resource_subtype']}_custom_field_changed"
    add_system_story(store, task, user_gid, subtype, text, custom_field=ref_to(field))


def _story_for_change(
    store: Store, task: Record, user_gid: str, field: str, old: Any, new: Any
) -> None:
    if field == "name":
        text = f'changed the name to "{new}"'
        add_system_story(store, task, user_gid, "name_changed", text, old_name=old, new_name=new)
    elif field == "notes":
        add_system_story(store, task, user_gid, "notes_changed", "changed the description")
    elif field == "completed":
        subtype = "marked_complete" if new else "marked_incomplete"
        text = "completed this task" if new else "marked this task incomplete"
        add_system_story(store, task, user_gid, subtype, text)
    elif field == "assignee" and new is not None:
        text = f"assigned to {_name(store, new)}"
        add_system_story(store, task, user_gid, "assigned", text, assignee=new)
    elif field == "assignee":
        add_system_story(store, task, user_gid, "unassigned", "unassigned this task")
    elif field in ("due_on", "due_at") and not (field == "due_on" and task["due_at"]):
        add_system_story(store, task, user_gid, "due_date_changed", "changed the due date")


def record_project_change(
    store: Store, task: Record, project: Record, user_gid: str, *, added: bool
) -> None:
    """The ``added_to_project`` / ``removed_from_project`` story."""
    verb = "added to" if added else "removed from"
    subtype = "added_to_project" if added else "removed_from_project"
    text = f"{verb} {project['name']}"
    add_system_story(store, task, user_gid, subtype, text, project=ref_to(project))


def record_section_change(
    store: Store, task: Record, old: Ref | None, new: Record, user_gid: str
) -> None:
    """The ``section_changed`` story and the task's ``added`` event under the section."""
    text = f"moved this task to {new['name']}"
    links: Record = {"new_section": ref_to(new)}
    if old is not None:
        links["old_section"] = old
    add_system_story(store, task, user_gid, "section_changed", text, **links)
    log_event(store, "added", task, user_gid, parent=new)


def record_tag_change(
    store: Store, task: Record, tag: Record, user_gid: str, *, added: bool
) -> None:
    """The ``added_to_tag`` / ``removed_from_tag`` story."""
    subtype = "added_to_tag" if added else "removed_from_tag"
    text = f"{'added to' if added else 'removed from'} {tag['name']}"
    add_system_story(store, task, user_gid, subtype, text, tag=ref_to(tag))


def record_followers_added(
    store: Store, task: Record, follower_gids: list[str], user_gid: str
) -> None:
    """One ``changed`` event (``followers`` ``added``) and ``follower_added`` story per user."""
    for gid in follower_gids:
        follower = Ref("user", gid)
        change: Record = {"field": "followers", "action": "added", "added_value": follower}
        log_event(store, "changed", task, user_gid, change=change)
        text = f"added {_name(store, follower)} as a collaborator"
        add_system_story(store, task, user_gid, "follower_added", text, follower=follower)


def record_dependency_added(store: Store, task: Record, dependency: Record, user_gid: str) -> None:
    """The ``dependency_added`` story on the blocked task."""
    text = f"marked this task as dependent on {dependency['name']}"
    add_system_story(store, task, user_gid, "dependency_added", text, dependency=ref_to(dependency))


def record_attachment_added(store: Store, task: Record, attachment: Record, user_gid: str) -> None:
    """The attachment's ``added`` event and the ``attachment_added`` story."""
    log_event(store, "added", attachment, user_gid, parent=task)
    add_system_story(store, task, user_gid, "attachment_added", f"attached {attachment['name']}")
