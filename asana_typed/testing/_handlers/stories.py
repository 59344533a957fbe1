"""Stories: a task's history and comments (``/tasks/{gid}/stories``, ``/stories/{gid}``).

System stories are written by :mod:`._activity` when tasks change; only comments can be
written here, on tasks and on goals.
"""

from __future__ import annotations

from .._engine._call import Call, Reply
from .._engine._errors import bad_request, forbidden, missing_input
from .._engine._facts import fields_of
from .._engine._router import Endpoints
from .._engine._state import Record
from ._activity import add_comment, log_event, stories_of
from ._rich_text import html_to_text, text_to_html

__all__ = ["endpoints"]

endpoints = Endpoints()

_STICKERS = frozenset(fields_of("story")["sticker_name"].removeprefix("e:").split("|"))
"""The stickers a story may carry (the enum of ``sticker_name`` in the engine's facts)."""


def _text_inputs(call: Call) -> tuple[str | None, str | None]:
    """``text`` or ``html_text`` (not both) from the request body."""
    text = call.text("text") if "text" in call.data else None
    html_text = call.text("html_text") if "html_text" in call.data else None
    if text is not None and html_text is not None:
        raise bad_request("You may only provide one of text or html_text")
    return text, html_text


def _sticker(call: Call) -> str | None:
    sticker = call.data.get("sticker_name")
    if sticker is not None and sticker not in _STICKERS:
        raise bad_request(f"sticker_name: Unknown sticker {sticker!r}")
    return sticker


def _story_target(call: Call) -> Record:
    """The task or goal whose stories the path names."""
    kind = "task" if "task_gid" in call.path_params else "goal"
    return call.get(kind, call.param(f"{kind}_gid"))


@endpoints.get("/tasks/{task_gid}/stories")
@endpoints.get("/goals/{goal_gid}/stories")
def get_stories(call: Call) -> Reply:
    return call.page(stories_of(call.store, _story_target(call)["gid"]))


@endpoints.post("/tasks/{task_gid}/stories")
@endpoints.post("/goals/{goal_gid}/stories")
def create_story(call: Call) -> Reply:
    return _comment_on(call, _story_target(call))


def _comment_on(call: Call, target: Record) -> Reply:
    text, html_text = _text_inputs(call)
    sticker = _sticker(call)
    if text is None and html_text is None and sticker is None:
        raise missing_input("text")
    story = add_comment(
        call.store,
        target,
        call.user_gid,
        text=text,
        html_text=html_text,
        is_pinned=bool(call.data_bool("is_pinned")),
        sticker_name=sticker,
    )
    return call.one(story, status=201)


@endpoints.put("/stories/{story_gid}")
def update_story(call: Call) -> Reply:
    story = call.in_path("story")
    text, html_text = _text_inputs(call)
    is_comment = story["type"] == "comment"
    if (text is not None or html_text is not None) and not is_comment:
        raise forbidden("Only comment stories can have their text changed")
    if "is_pinned" in call.data:
        if not is_comment and story["resource_subtype"] != "attachment_added":
            raise forbidden("Only comments and attachment stories can be pinned")
        story["is_pinned"] = bool(call.data_bool("is_pinned"))
    if text is not None:
        story["text"], story["html_text"] = text, text_to_html(text)
    elif html_text is not None:
        story["text"], story["html_text"] = html_to_text(html_text), html_text
    if "sticker_name" in call.data and is_comment:
        story["sticker_name"] = _sticker(call)
    if is_comment and (text is not None or html_text is not None):
        story["is_edited"] = True
    task = call.store.resolve(story["target"])
    if task is not None:
        log_event(call.store, "changed", story, call.user_gid, parent=task)
    return call.one(story)


@endpoints.delete("/stories/{story_gid}")
def delete_story(call: Call) -> Reply:
    story = call.in_path("story")
    if story["type"] != "comment":
        raise forbidden("Only comments can be deleted")
    author = story["created_by"]
    if author is None or author.gid != call.user_gid:
        raise forbidden("You can only delete comments you wrote")
    call.store.delete("story", story["gid"])
    task = call.store.resolve(story["target"])
    if task is not None:
        log_event(call.store, "deleted", story, call.user_gid, parent=task)
    return call.empty()
