"""Portfolios: ordered items (a project item gets a project portfolio setting), members
with portfolio memberships, and duplication (a completed job naming the copy). The items are
kept, in order, in the private ``_items`` list of refs."""

from __future__ import annotations

from ..._engine._call import Call, Reply
from ..._engine._errors import bad_request
from ..._engine._facts import Operation
from ..._engine._state import Record, Ref, Store, ref_to
from .._task_placement import place
from ._behaviour import BEHAVIOURS, Behaviour, hook
from ._crud import list_records, lookup, new_record, require_inputs
from ._records import ref_for
from .memberships import refresh_portfolio_memberships

__all__: list[str] = []


_COPIED = frozenset(
    {"color", "public", "privacy_setting", "default_access_level", "start_on", "due_on"}
    | {"workspace", "_workspace"}
)
"""The fields a duplicate takes over (it gets its own name, owner and members)."""


def _portfolio_written(call: Call, portfolio: Record) -> None:
    refresh_portfolio_memberships(call.store)


BEHAVIOURS["portfolio"] = Behaviour(
    defaults={"color": "light-green", "public": False},
    required=("workspace", "name"),
    written=_portfolio_written,
)


@hook("add_item_for_portfolio")
def add_item(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    portfolio = lookup(call, "portfolio_gid")
    item = ref_for(call.store, call.data["item"], call.user_gid, field="item")
    if item.resource_type not in ("project", "portfolio") or item.gid == portfolio["gid"]:
        raise bad_request("item: Must be a project or another portfolio")
    items: list[Ref] = portfolio.get("_items", [])
    order = [ref.gid for ref in items]
    place(order, item.gid, call.data.get("insert_before"), call.data.get("insert_after"))
    known = {ref.gid: ref for ref in [*items, item]}
    portfolio["_items"] = [known[gid] for gid in order]
    if item.resource_type == "project" and _setting(call.store, portfolio, item) is None:
        new_record(
            call.store,
            "project_portfolio_setting",
            call.user_gid,
            portfolio=ref_to(portfolio),
            project=item,
            is_access_control_inherited=False,
        )
    call.event("added", call.get(item.resource_type, item.gid), parent=portfolio)
    return call.empty()


@hook("remove_item_for_portfolio")
def remove_item(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    portfolio = lookup(call, "portfolio_gid")
    gid = str(call.data["item"])
    portfolio["_items"] = [ref for ref in portfolio.get("_items", []) if ref.gid != gid]
    setting = _setting(call.store, portfolio, Ref("project", gid))
    if setting is not None:
        call.store.delete("project_portfolio_setting", setting["gid"])
    return call.empty()


def _setting(store: Store, portfolio: Record, project: Ref) -> Record | None:
    for setting in store.all("project_portfolio_setting"):
        if setting["portfolio"] == ref_to(portfolio) and setting["project"] == project:
            return setting
    return None


@hook("get_items_for_portfolio")
def get_items(call: Call, op: Operation) -> Reply:
    portfolio = lookup(call, "portfolio_gid")
    return list_records(call, op, call.store.resolve_all(portfolio.get("_items", [])))


@hook("duplicate_portfolio")
def duplicate_portfolio(call: Call, op: Operation) -> Reply:
    require_inputs(call, op)
    source = lookup(call, "portfolio_gid")
    kept = {k: v for k, v in source.items() if k in _COPIED}
    copy = new_record(call.store, "portfolio", call.user_gid, **kept)
    copy.update(name=call.text("name"), _items=list(source.get("_items", [])))
    refresh_portfolio_memberships(call.store)
    call.event("added", copy)
    job = call.store.insert(
        "job",
        {
            "resource_subtype": "duplicate_portfolio",
            "status": "succeeded",
            "new_portfolio": ref_to(copy),
            "new_project": None,
            "new_task": None,
            "new_project_template": None,
            "_workspace": copy["_workspace"],
        },
    )
    return call.one(job, status=201)
