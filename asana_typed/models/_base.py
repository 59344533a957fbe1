"""Base classes and field types shared by every model.

- ``AsanaModel``: any object the API returns. Unknown fields are kept (``model_extra``), dumps
  use the API's field names, and the schema is built on first use (``defer_build``) so importing
  the models stays cheap.
- ``AsanaResource``: an object with a ``gid`` (every Asana resource).
- ``DateTime``: ``datetime.datetime`` that serializes back to Asana's own form
  (``2012-02-22T02:06:58.147Z``) in ``model_dump(mode="json")``.
- ``Date``: ``datetime.date``.
- ``ListOf[X]``: ``list[X]`` that also reads JSON ``null``, as an empty :class:`NullList`
  that dumps as ``null`` again.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import CoreSchema, core_schema
from pydantic_core.core_schema import SerializationInfo, SerializerFunctionWrapHandler

__all__ = [
    "AsanaModel",
    "AsanaResource",
    "Date",
    "DateTime",
    "ListOf",
    "NullList",
    "format_datetime",
]

T = TypeVar("T")


def format_datetime(value: datetime.datetime) -> str:
    """Asana's datetime form: UTC, milliseconds, ``Z`` (naive values keep no zone)."""
    suffix = ""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        suffix = "Z"
    timespec = "milliseconds" if value.microsecond % 1000 == 0 else "microseconds"
    return value.isoformat(timespec=timespec) + suffix


class NullList(list[Any]):
    """The value of a list field the API sent as ``null``: an empty list that dumps as ``null``.

    A list field reads ``null`` as an empty list rather than ``None`` so that its value is what
    its annotation says (``list[X]``: iterate it, ``len`` it, append to it, no ``None`` check,
    and mypy agrees), while ``model_dump`` still gives back the ``null`` that came in: nothing
    is lost. It is a ``list`` in every other way (``== []``, ``isinstance(v, list)``); once
    items are added it dumps as the list it has become. ``isinstance(v, NullList)`` tells a
    ``null`` from an empty array.
    """

    __slots__ = ()


def _null_list(_: None) -> NullList:
    return NullList()


_NULL_LIST_MARK = "asana_null_list"
"""Metadata key marking the schema of a ``ListOf`` field (see :func:`_null_list_fields`)."""


def _null_or_list(value: Any, handler: SerializerFunctionWrapHandler) -> Any:
    """An empty :class:`NullList` dumps as ``None``; any other list as itself."""
    if value.__class__ is NullList and not value:
        return None
    return handler(value)


class _NullAsEmptyList:
    """Accepts JSON ``null`` for a list field and stores an empty :class:`NullList`.

    The null branch is a union member tried after the list itself, so ordinary lists are
    validated entirely in pydantic-core, without a Python call. pydantic-core dumps a list
    subclass as a list, so dumping the field makes one Python call (:func:`_null_or_list`) to
    write ``None`` for an empty ``NullList``. Sparse models, which run Python once per dump
    anyway, drop that call and put the ``None`` back themselves (:func:`_nulls_restored`); the
    union's own serializer then writes it through the null branch.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        items = handler(source)
        null_as_empty = core_schema.no_info_after_validator_function(
            _null_list, core_schema.none_schema()
        )
        return core_schema.union_schema(
            [items, null_as_empty],
            mode="left_to_right",
            metadata={_NULL_LIST_MARK: True},
            serialization=core_schema.wrap_serializer_function_ser_schema(
                _null_or_list, schema=items
            ),
        )


def _null_list_fields(fields: dict[str, Any]) -> frozenset[str]:
    """The names of the ``ListOf`` fields among a model's fields (pydantic's field schemas)."""
    names = []
    for name, field in fields.items():
        schema = field["schema"]
        if schema["type"] == "default":
            schema = schema["schema"]
        if (schema.get("metadata") or {}).get(_NULL_LIST_MARK):
            names.append(name)
    return frozenset(names)


def _nulls_restored(values: dict[str, Any], null_lists: frozenset[str]) -> dict[str, Any]:
    """``values`` with ``None`` for each field in ``null_lists`` holding an empty NullList.

    A copy when anything changes: ``values`` may be the instance's own ``__dict__``.
    """
    restored = values
    for name in null_lists:
        value = values.get(name)
        if value.__class__ is NullList and not value:
            if restored is values:
                restored = dict(values)
            restored[name] = None
    return restored


def _datetime_json(value: Any) -> Any:
    """A datetime in Asana's form; any other value (one an answer sent that did not validate,
    kept as sent) as it is."""
    if value.__class__ is datetime.datetime or isinstance(value, datetime.datetime):
        return format_datetime(value)
    return value


Date = datetime.date
DateTime = Annotated[
    datetime.datetime, PlainSerializer(_datetime_json, return_type=str, when_used="json")
]
ListOf = Annotated[list[T], _NullAsEmptyList()]


_SPARSE_FROM = 10
"""Models with at least this many optional fields are sparse (see :func:`_sparse_schema`)."""


def _sparse_schema(schema: CoreSchema, cls: type[AsanaModel]) -> CoreSchema:
    """``schema`` (pydantic's for ``cls``), validating into a sparse instance.

    pydantic fills every declared field of every instance; an Asana object usually carries a
    handful of the dozens its model declares (a compact task: 5 of 40), so most of the work
    (and most of the objects the garbage collector then tracks) would be defaults. Here the
    fields are validated as a ``total=False`` typed dict: only what the API sent lands in
    ``__dict__``, and :meth:`AsanaModel.__getattr__` answers the rest with the default (a list
    default is made on first access). Dumps fill the defaults back in before pydantic's
    serializer runs, so they are exactly as before (``exclude_unset`` skips that). A model with few
    optional fields (a compact reference: ``gid``, ``resource_type``) stays as pydantic makes
    it, which is cheaper there.
    """
    if schema.get("type") != "model" or schema.get("cls") is not cls:
        return schema
    fields_schema = schema["schema"]
    if fields_schema.get("type") != "model-fields":
        return schema
    fields: dict[str, Any] = fields_schema["fields"]
    optional = sum(1 for field in fields.values() if field["schema"]["type"] == "default")
    if optional < _SPARSE_FROM:  # filling a few defaults costs less than the sparse path
        return schema
    null_lists = _null_list_fields(fields)
    names = frozenset(fields)
    defaults: dict[str, Any] = {}
    factories: dict[str, Any] = {}
    typed_fields: dict[str, core_schema.TypedDictField] = {}
    for name, field in fields.items():
        inner = field["schema"]
        required = inner["type"] != "default"
        metadata = field.get("metadata")
        if not required:
            if "default_factory" in inner:
                factories[name] = factory = inner["default_factory"]
                default = factory()
            else:
                defaults[name] = default = inner.get("default")
            inner = inner["schema"]
            if default is None or default == []:  # the JSON schema still shows the default
                updates = {**(metadata or {}).get("pydantic_js_updates", {}), "default": default}
                metadata = {**(metadata or {}), "pydantic_js_updates": updates}
        if name in null_lists:  # `filled` puts the None back: no Python call per list field
            inner = {key: value for key, value in inner.items() if key != "serialization"}
        typed_fields[name] = core_schema.typed_dict_field(
            inner,
            required=required,
            validation_alias=field.get("validation_alias"),
            serialization_alias=field.get("serialization_alias"),
            serialization_exclude=field.get("serialization_exclude"),
            metadata=metadata,
        )

    def split(values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
        """Declared fields, extra fields, and the names sent (what pydantic's model expects)."""
        fields_set = set(values)
        if fields_set <= names:
            return values, {}, fields_set
        extra = {key: values.pop(key) for key in values.keys() - names}
        return values, extra, fields_set

    def filled(value: Any, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        """The instance's fields with the defaults it does not hold, for pydantic's serializer."""
        extra: dict[str, Any] | None = None
        if isinstance(value, tuple):  # (fields, extra fields) when the model keeps extras
            value, extra = value
        if not info.exclude_unset:  # else pydantic has already kept only the fields set
            value = _with_defaults(value, fields, defaults, factories)
        if null_lists:
            value = _nulls_restored(value, null_lists)
        return handler({**value, **extra} if extra else value)

    type.__setattr__(cls, "__asana_defaults__", defaults)
    type.__setattr__(cls, "__asana_factories__", factories)
    typed = core_schema.typed_dict_schema(
        typed_fields,
        extra_behavior="allow",
        extras_schema=fields_schema.get("extras_schema"),
    )
    sparse = dict(schema)
    sparse["schema"] = core_schema.no_info_after_validator_function(
        split,
        typed,
        serialization=core_schema.wrap_serializer_function_ser_schema(
            filled, info_arg=True, schema=typed
        ),
    )
    return sparse


def _with_defaults(
    values: dict[str, Any],
    fields: dict[str, Any],
    defaults: dict[str, Any],
    factories: dict[str, Any],
) -> dict[str, Any]:
    if len(values) == len(fields):
        return values
    full: dict[str, Any] = {}
    for name in fields:
        if name in values:
            full[name] = values[name]
        elif name in defaults:
            full[name] = defaults[name]
        else:
            full[name] = factories[name]()
    for name, value in values.items():  # anything else pydantic keeps in __dict__
        full.setdefault(name, value)
    return full


class AsanaModel(BaseModel):
    """Base of every model: lenient reading, lossless round trip, lazy schema build.

    Instances of large models are sparse: ``__dict__`` holds the fields the API sent (and those
    set later); reading any other declared field gives its default (``None``, or a new empty
    list that is then kept). Dumps, equality and iteration see every declared field, as with
    any pydantic model.
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(
        extra="allow",
        defer_build=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        cache_strings="keys",  # values (gids, names) rarely repeat: caching them costs more
    )

    __asana_defaults__: ClassVar[dict[str, Any]] = {}
    __asana_factories__: ClassVar[dict[str, Any]] = {}

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return _sparse_schema(handler(source), cls)

    if not TYPE_CHECKING:  # mypy sees the declared fields; this serves the ones not sent

        def __getattr__(self, name: str) -> Any:
            cls = type(self)
            try:
                return cls.__asana_defaults__[name]
            except KeyError:
                pass
            factory = cls.__asana_factories__.get(name)
            if factory is None:
                return super().__getattr__(name)
            value = self.__dict__[name] = factory()
            return value

    def __eq__(self, other: object) -> bool:
        if super().__eq__(other) is True:
            return True
        if type(other) is not type(self):
            return False
        assert isinstance(other, AsanaModel)
        return (
            all(getattr(self, name) == getattr(other, name) for name in type(self).model_fields)
            and self.__pydantic_extra__ == other.__pydantic_extra__
            and self.__pydantic_private__ == other.__pydantic_private__
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like any pydantic model

    def __iter__(self) -> Iterator[tuple[str, Any]]:  # type: ignore[override]
        """``(name, value)`` for every declared field, then the extra fields."""
        for name in type(self).model_fields:
            yield name, getattr(self, name)
        if self.__pydantic_extra__:
            yield from self.__pydantic_extra__.items()


class AsanaResource(AsanaModel):
    """An Asana object with a global id."""

    gid: str
    resource_type: str | None = None
