"""Memberships: project, portfolio and workspace memberships derived from their holder's
members (kept in step before each read, so their gids stay stable), and the general
``/memberships`` records, typed by their parent."""

from __future__ import annotations

from typing import Any

from ..._engine._call import Call
from ..._engine._state import Record, Ref, Store, ref_to
from ._behaviour import BEHAVIOURS, Behaviour
from ._crud import new_record
from ._records import workspace_of

__all__ = ["refresh_portfolio_memberships"]


def _sync(store: Store, membership_type: str, holder: Record, user_gids: list[str]) -> None:
    """One ``membership_type`` record per member of ``holder``, no more."""
    link = holder["resource_type"]
    holder_ref = ref_to(holder)
    existing = [m for m in store.all(membership_type) if m.get(link) == holder_ref]
    for membership in existing:
        if membership["user"].gid not in user_gids:
            store.delete(membership_type, membership["gid"])
    have = {m["user"].gid for m in existing}
    for gid in user_gids:
        if gid not in have:
            user = Ref("user", gid)
            fields: dict[str, Any] = {link: holder_ref, "user": user}
            if membership_type == "project_membership":
                fields.update(parent=holder_ref, member=user, write_access="full_write")
            if membership_type == "workspace_membership":
                fields.update(is_active=True)
            new_record(store, membership_type, gid, **fields)


def _refresh_project_memberships(store: Store) -> None:
    for project in store.all("project"):
        _sync(store, "project_membership", project, [r.gid for r in project["members"]])


def refresh_portfolio_memberships(store: Store) -> None:
    for portfolio in store.all("portfolio"):
        _sync(store, "portfolio_membership", portfolio, [r.gid for r in portfolio["members"]])


def _refresh_workspace_memberships(store: Store) -> None:
    for workspace in store.all("workspace"):
        members = [
            u["gid"]
            for u in store.all("user")
            if Ref("workspace", workspace["gid"]) in u.get("workspaces", [])
        ]
        _sync(store, "workspace_membership", workspace, members)


def _membership_written(call: Call, membership: Record) -> None:
    parent = call.store.resolve(membership["parent"]) if membership["parent"] else None
    if parent is not None:
        membership["resource_subtype"] = f"{parent['resource_type']}_membership"
        if parent["resource_type"] == "goal":
            membership["goal"] = ref_to(parent)
    member = membership["member"]
    if isinstance(member, Ref) and member.resource_type == "user":
        membership["user"] = member
    membership["workspace"] = _workspace_ref(call.store, membership)


def _workspace_ref(store: Store, record: Record) -> Ref | None:
    gid = workspace_of(store, record)
    return Ref("workspace", gid) if gid is not None else None


BEHAVIOURS.update(
    {
        "membership": Behaviour(defaults={"access_level": "editor"}, written=_membership_written),
        "project_membership": Behaviour(
            defaults={"access_level": "editor"}, refresh=_refresh_project_memberships
        ),
        "portfolio_membership": Behaviour(
            defaults={"access_level": "editor"}, refresh=refresh_portfolio_memberships
        ),
        "workspace_membership": Behaviour(refresh=_refresh_workspace_memberships),
    }
)
