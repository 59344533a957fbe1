"""Calls that cannot be right, refused before anything is sent, with an error naming the fix.

Most of them are habits from python-asana (``opt_fields=`` and ``item_limit=`` keyword
arguments, ``client.options['page_size'] = 100``) or from Asana's v5 client (a body wrapped in
``{'data': ...}``, a second positional ``opts`` dict, ``limit`` in the params), and typos in
params keys. Each becomes an :class:`~asana_typed.errors.InvalidArgumentError` that says what
to write instead.

- :func:`guard` wraps every resource method: a call whose arguments do not fit the method's
  signature, or a method called on the resource class instead of on a client's resource,
  raises such an error instead of Python's bare ``TypeError``. Costs nothing on a good call.
- :func:`refuse_unknown_params` explains a params key the operation does not declare.
- :func:`guard_resource_properties` explains ``Client.tasks.get_task(...)``: a resource read
  on the client class, which has none, instead of on a client.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .._options import OPTION_NAMES
from ..errors import InvalidArgumentError

if TYPE_CHECKING:
    from ._declarations import Endpoint

__all__ = ["did_you_mean", "guard", "guard_resource_properties", "refuse_unknown_params"]

F = TypeVar("F", bound=Callable[..., Any])

_SEARCH_CUSTOM_FIELD = re.compile(
    r"custom_fields\.[^.]+\."
    r"(is_set|value|starts_with|ends_with|contains|less_than|greater_than)"
)
"""The custom field filters of the search operations (``custom_fields.<gid>.value``)."""
_OPT_OPTIONS = {"opt_fields": "fields", "opt_expand": "expand", "opt_pretty": "pretty"}
"""Query parameters the SDK sends from an option, and that option."""
_PAGING = (
    "the SDK sends limit and offset itself, page after page: pass "
    "options=RequestOptions(page_size=N) for N items per request (1 to 100), "
    "RequestOptions(item_limit=N) for N items in all, and RequestOptions(offset=...) to "
    "start from the next_page.offset of an earlier page"
)


def guard(method: F) -> F:
    """``method`` with errors that teach for calls that do not fit it."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except (TypeError, AttributeError) as exc:
            if not args or not _is_resource(args[0]):
                raise _class_call_error(method) from None
            traceback = exc.__traceback__
            # Raised by the call itself (the arguments do not fit), not inside the method.
            if isinstance(exc, TypeError) and traceback is not None and traceback.tb_next is None:
                raise _call_error(method, args[1:], kwargs, exc) from None
            raise

    return call  # type: ignore[return-value]


class _ClassAttributeError(InvalidArgumentError, AttributeError):
    """A resource method looked up on the client class (an ``AttributeError`` as well, so
    that ``hasattr`` and introspection keep working)."""


class _ResourceProperty(property):
    """A client's resource property that explains a method looked up on it from the class."""

    client_name = "Client"
    resource = ""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        raise _ClassAttributeError(
            f"{self.client_name}.{self.resource} was read on the class; resources belong to a "
            f"client: client = {self.client_name}.access_token(token); "
            f"client.{self.resource}.{name}(...)"
        )


def guard_resource_properties(directory: type[Any], client_name: str) -> None:
    """Make ``client_name.<resource>.<method>`` (on the class) raise an error naming the fix.

    Replaces each resource property of ``directory`` by one that behaves the same on a client.
    """
    for name, value in list(vars(directory).items()):
        if isinstance(value, property) and not isinstance(value, _ResourceProperty):
            replacement = _ResourceProperty(value.fget)
            replacement.__doc__ = value.__doc__  # a subclass's instances keep no doc of their own
            replacement.client_name = client_name
            replacement.resource = name
            setattr(directory, name, replacement)


def _is_resource(value: object) -> bool:
    from ._declarations import Resource

    return isinstance(value, Resource)


def _names(method: Callable[..., Any]) -> tuple[str, str, Endpoint | None]:
    """The resource attribute (``tasks``), the method name and its endpoint, if any."""
    module = sys.modules[method.__module__]
    resource = method.__module__.rsplit(".", 1)[-1]
    endpoints = getattr(module, "_Endpoints", None)
    return resource, method.__name__, getattr(endpoints, method.__name__, None)


def _class_call_error(method: Callable[..., Any]) -> InvalidArgumentError:
    resource, name, _ = _names(method)
    owner = method.__qualname__.split(".")[0]
    client = "AsyncClient" if owner.startswith("Async") else "Client"
    return InvalidArgumentError(
        f"{owner}.{name}() was called on the class; call it on a client's resource: "
        f"client = {client}.access_token(token); client.{resource}.{name}(...)"
    )


def _call_error(
    method: Callable[..., Any], args: tuple[Any, ...], kwargs: Mapping[str, Any], exc: TypeError
) -> InvalidArgumentError:
    """What is wrong with a call whose arguments do not fit ``method``'s signature."""
    resource, name, endpoint = _names(method)
    where = f"{resource}.{name}()"
    signature = inspect.signature(method)
    parameters = dict(list(signature.parameters.items())[1:])  # without self
    for key in kwargs:
        if key not in parameters or parameters[key].kind is inspect.Parameter.POSITIONAL_ONLY:
            return InvalidArgumentError(
                f"{where} takes no {key}= argument: {_keyword_fix(key, endpoint, parameters)}"
            )
    positional = [
        p
        for p in parameters.values()
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    ]
    if len(args) > len(positional):
        gids = [p.name for p in positional if p.name != "params"]
        takes = f"the gid{'s' if len(gids) > 1 else ''} {', '.join(gids)} and " if gids else ""
        return InvalidArgumentError(
            f"{where} takes {takes}one params dict, but got {len(args)} positional arguments. "
            "Put every parameter in that one dict (Asana's v5 client took a body and an opts "
            "dict: merge the two; limit and offset go in options=RequestOptions(page_size=..., "
            "offset=...))"
        )
    return InvalidArgumentError(f"{where}: {exc}; its signature is {name}{_shown(signature)}")


def _shown(signature: inspect.Signature) -> str:
    """The signature without ``self`` and the annotations: the shape of a call."""
    parameters = [
        p.replace(annotation=inspect.Parameter.empty)
        for p in list(signature.parameters.values())[1:]
    ]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


def _keyword_fix(key: str, endpoint: Endpoint | None, parameters: Iterable[str]) -> str:
    """How to say what a keyword argument ``key`` was meant to say."""
    declared = endpoint.param_keys if endpoint is not None else frozenset()
    if key in _OPT_OPTIONS:
        option = _OPT_OPTIONS[key]
        if key in declared:
            return (
                f"put it in the params dict ({{{key!r}: [...]}}), or pass "
                f"options=RequestOptions({option}=...)"
            )
        return f"pass options=RequestOptions({option}=...)"
    if key == "limit":
        return _PAGING
    if key in OPTION_NAMES:
        return f"{key} is a request option: pass options=RequestOptions({key}=...)"
    if key == "iterator_type":
        model = endpoint.model.__name__ if endpoint is not None else "object"
        return (
            f"it returns one {model}, not a collection; only the methods that return an "
            "ItemIterator take iterator_type"
        )
    if key in ("opts", "body", "data"):
        return (
            "pass one params dict, positionally after the gids: the object's fields "
            "themselves (not wrapped in {'data': ...}) and the query parameters alike"
        )
    if key in declared:
        return f"put it in the params dict: {{{key!r}: ...}}"
    return did_you_mean(key, [*parameters, *declared]) or "see the method's signature"


def did_you_mean(key: str, known: Iterable[str]) -> str:
    """``did you mean 'x'?`` for the known name closest to ``key``; ``""`` when none is close."""
    close = difflib.get_close_matches(key, sorted(set(known)), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def refuse_unknown_params(endpoint: Endpoint, params: Mapping[str, Any]) -> None:
    """Raise for the first params key ``endpoint`` does not declare, naming the fix.

    The search operations' custom field filters (``custom_fields.<gid>.value`` ...) are
    accepted. Keys the SDK does not know yet go in ``RequestOptions(extra_params=...)``.
    """
    declared = endpoint.param_keys
    dotted = any("." in key for key in declared)
    unknown = [
        key
        for key in params
        if key not in declared and not (dotted and _SEARCH_CUSTOM_FIELD.fullmatch(str(key)))
    ]
    if not unknown:
        return
    key = unknown[0]
    where = f"{endpoint.resource}.{endpoint.name}()"
    if not isinstance(key, str):
        raise InvalidArgumentError(f"{where} params keys must be str, not {type(key).__name__}")
    if key == "data" and endpoint.method in ("POST", "PUT", "PATCH"):
        fix = (
            "pass the object's fields themselves; the SDK wraps them in {'data': ...}: "
            f"{endpoint.name}({{'name': ...}}), not {endpoint.name}({{'data': {{'name': ...}}}})"
        )
    elif key in ("limit", "offset") and endpoint.shape == "page":
        fix = _PAGING
    elif key in _OPT_OPTIONS:
        fix = f"pass options=RequestOptions({_OPT_OPTIONS[key]}=...)"
    elif key in OPTION_NAMES:
        fix = f"{key} is a request option, not a param: pass options=RequestOptions({key}=...)"
    else:
        hint = did_you_mean(key, declared)
        accepted = ", ".join(sorted(declared)) or "none"
        fix = (
            f"{hint + ' ' if hint else ''}It takes: {accepted}. To send a key this SDK does not "
            f"know yet, pass options=RequestOptions(extra_params={{{key!r}: ...}})"
        )
    raise InvalidArgumentError(f"{where} has no param {key!r}: {fix}")
