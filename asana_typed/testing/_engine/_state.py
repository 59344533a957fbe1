"""The in-memory store behind :class:`~asana_typed.testing.FakeAsana`.

Records are plain dicts keyed by Asana's field names. A field that points at another object
holds a :class:`Ref` (or a list of them); rendering turns refs into nested JSON objects, so an
object renamed later shows its new name everywhere. Keys starting with ``_`` are private
bookkeeping (ordered member lists, favourites) and are never rendered.

One re-entrant lock guards everything: the application holds it for the whole of a request, so
handlers can read and write without further care, and seed helpers take it too.
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TypeGuard, TypeVar

from ._errors import not_found
from ._pagination import Cursors

__all__ = [
    "FIRST_GID",
    "Record",
    "Ref",
    "Store",
    "feeds_of",
    "is_date",
    "parse_timestamp",
    "ref_to",
    "referenced_gids",
    "user_gid_of",
    "utc_timestamp",
]

Record = dict[str, Any]
"""One stored object: Asana field names to values (refs for related objects)."""

FIRST_GID = 1200000000000001

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

T = TypeVar("T")


@dataclass(frozen=True)
class Ref:
    """A pointer from one record to another, rendered as a nested (compact) object."""

    resource_type: str
    gid: str


def referenced_gids(value: object) -> set[str]:
    """The gids a field points at: a reference, a list of them, a like (its user's gid) or a
    nested object with a gid."""
    if isinstance(value, Ref):
        return {value.gid}
    if isinstance(value, dict):
        user = value.get("user")
        if isinstance(user, Ref):  # a like: who liked, not the like's own gid
            return {user.gid}
        return {str(value["gid"])} if "gid" in value else set()
    if isinstance(value, list):
        return {gid for item in value for gid in referenced_gids(item)}
    return set()


def utc_timestamp(moment: datetime | None = None) -> str:
    """A UTC datetime in Asana's format, e.g. ``2012-02-22T02:06:58.147Z``."""
    moment = moment or datetime.now(timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + (
        f"{moment.microsecond // 1000:03d}Z"
    )


class Store:
    """Tables of records by resource type, a gid counter, an append-only event log and the
    pagination cursors."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._tables: dict[str, dict[str, Record]] = {}
        self._gids = itertools.count(FIRST_GID)
        self.events: list[Record] = []
        self.event_observers: list[Callable[[Record], None]] = []
        """Called with every event as it is logged, under the lock (webhooks listen here)."""
        self.cursors: Cursors = Cursors()
        """The offset tokens issued by paginated answers."""

    @contextmanager
    def locked(self) -> Iterator[Store]:
        """Hold the store's lock (re-entrant) for a block of reads and writes."""
        with self._lock:
            yield self

    def unlocked(self, work: Callable[[], T]) -> T:
        """Run ``work`` in another thread while this one lets go of the lock; its result.

        For a slow call to the outside made while answering a request (a webhook's
        handshake): other requests go on meanwhile, so the caller must look again at what it
        read before. Exceptions of ``work`` are raised here.
        """
        outcome: list[tuple[bool, Any]] = []
        finished = threading.Condition(self._lock)

        def run() -> None:
            try:
                entry: tuple[bool, Any] = (True, work())
            except BaseException as error:  # handed over to the waiting thread
                entry = (False, error)
            with finished:
                outcome.append(entry)
                finished.notify()

        with finished:
            threading.Thread(target=run, name="FakeAsana outside call", daemon=True).start()
            finished.wait_for(lambda: bool(outcome))
        succeeded, value = outcome[0]
        if not succeeded:
            raise value
        result: T = value
        return result

    def new_gid(self) -> str:
        """A fresh numeric gid, unique across every resource type."""
        return str(next(self._gids))

    def insert(self, resource_type: str, fields: Record) -> Record:
        """Store a new record with a fresh gid and return it (the stored dict itself)."""
        gid = self.new_gid()
        record: Record = {"gid": gid, "resource_type": resource_type, **fields}
        self._tables.setdefault(resource_type, {})[gid] = record
        return record

    def find(self, resource_type: str, gid: str) -> Record | None:
        """The record, or ``None`` when there is no such object."""
        return self._tables.get(resource_type, {}).get(gid)

    def get(self, resource_type: str, gid: str) -> Record:
        """The record; a 404 :class:`ApiError` when there is no such object."""
        record = self.find(resource_type, gid)
        if record is None:
            raise not_found(gid)
        return record

    def resolve(self, ref: Ref) -> Record | None:
        """The record a ref points at, or ``None`` when it was deleted."""
        return self.find(ref.resource_type, ref.gid)

    def resolve_all(self, refs: Iterable[Ref]) -> list[Record]:
        """The records the refs point at that still exist, in order."""
        found = (self.resolve(ref) for ref in refs)
        return [record for record in found if record is not None]

    def find_any(self, gid: str) -> Record | None:
        """The record with this gid, whatever its type, or ``None``."""
        for table in self._tables.values():
            if gid in table:
                return table[gid]
        return None

    def get_any(self, gid: str) -> Record:
        """The record with this gid, whatever its type; a 404 when there is none."""
        record = self.find_any(gid)
        if record is None:
            raise not_found(gid)
        return record

    def all(self, resource_type: str) -> list[Record]:
        """Every record of one type, oldest first."""
        return list(self._tables.get(resource_type, {}).values())

    def delete(self, resource_type: str, gid: str) -> Record:
        """Remove a record and return it; a 404 when it does not exist."""
        record = self.get(resource_type, gid)
        del self._tables[resource_type][gid]
        return record

    def add_event(
        self,
        *,
        action: str,
        resource: Record,
        user_gid: str | None,
        parent: Record | None = None,
        workspace_gid: str | None = None,
        change: Record | None = None,
    ) -> Record:
        """Append an event describing a change; event endpoints read the log by position."""
        event: Record = {
            "user": Ref("user", user_gid) if user_gid else None,
            "resource": ref_to(resource),
            "type": resource["resource_type"],
            "action": action,
            "parent": ref_to(parent) if parent is not None else None,
            "created_at": utc_timestamp(),
            "_workspace": workspace_gid,
            "_feeds": feeds_of(resource, parent),
        }
        if change is not None:
            event["change"] = change
        self.events.append(event)
        for observer in self.event_observers:
            observer(event)
        return event


def feeds_of(resource: Record, parent: Record | None) -> frozenset[str]:
    """The objects whose ``GET /events`` stream shows an event about ``resource``.

    That is the changed object itself, the ``parent`` it was added to or removed from (a
    story's task, a task's project or tag), and every project of a task among the two.
    """
    gids = {resource["gid"]}
    for record in (resource, parent):
        if record is None:
            continue
        gids.add(record["gid"])
        if record.get("resource_type") == "task":
            gids.update(ref.gid for ref in record.get("projects", []))
    return frozenset(gids)


def ref_to(record: Record) -> Ref:
    """A ref pointing at ``record``."""
    return Ref(record["resource_type"], record["gid"])


def user_gid_of(store: Store, identifier: str, me: str) -> str:
    """The gid of a user named by gid, email or ``me``; a 404 when there is none."""
    if identifier == "me":
        return me
    for user in store.all("user"):
        if identifier in (user["gid"], user.get("email")):
            return str(user["gid"])
    raise not_found(identifier)


def is_date(value: Any) -> TypeGuard[str]:
    """Whether ``value`` is a date in Asana's ``YYYY-MM-DD`` form."""
    return isinstance(value, str) and _DATE.fullmatch(value) is not None


def parse_timestamp(value: str) -> datetime | None:
    """A date or datetime in ISO 8601 (``Z`` allowed) as an aware UTC datetime, else ``None``.

    A bare date means midnight UTC.
    """
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
