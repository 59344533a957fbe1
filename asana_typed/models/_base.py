"""Base classes and field types shared by every model.

- ``AsanaModel``: any object the API returns. Unknown fields are kept (``model_extra``), dumps
  use the API's field names, and the schema is built on first use (``defer_build``) so importing
  the models stays cheap.
- ``AsanaResource``: an object with a ``gid`` (every Asana resource).
- ``DateTime``: ``datetime.datetime`` that serializes back to Asana's own form
  (``2012-02-22T02:06:58.147Z``) in ``model_dump(mode="json")``.
- ``Date``: ``datetime.date``.
- ``ListOf[X]``: ``list[X]`` that also reads JSON ``null`` as an empty list.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import CoreSchema, core_schema

__all__ = ["AsanaModel", "AsanaResource", "Date", "DateTime", "ListOf", "format_datetime"]

T = TypeVar("T")


def format_datetime(value: datetime.datetime) -> str:
    """Asana's datetime form: UTC, milliseconds, ``Z`` (naive values keep no zone)."""
    suffix = ""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        suffix = "Z"
    timespec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
    return value.isoformat(timespec=timespec) + suffix


def _empty_list(_: None) -> list[Any]:
    return []


class _NullAsEmptyList:
    """Accepts JSON ``null`` for a list field and stores ``[]``.

    The null branch is a union member tried after the list itself, so ordinary lists are
    validated entirely in pydantic-core, without a Python call.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        null_as_empty = core_schema.no_info_after_validator_function(
            _empty_list, core_schema.none_schema()
        )
        return core_schema.union_schema([handler(source), null_as_empty], mode="left_to_right")


Date = datetime.date
DateTime = Annotated[
    datetime.datetime, PlainSerializer(format_datetime, return_type=str, when_used="json")
]
ListOf = Annotated[list[T], _NullAsEmptyList()]


class AsanaModel(BaseModel):
    """Base of every model: lenient reading, lossless round trip, lazy schema build."""

    model_config = ConfigDict(
        extra="allow",
        defer_build=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )


class AsanaResource(AsanaModel):
    """An Asana object with a global id."""

    gid: str
    resource_type: str | None = None
