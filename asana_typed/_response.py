"""``ApiResponse[T]``: what a call returns with ``raw_response=True``, the value and its answer."""

from __future__ import annotations

import datetime
from typing import Generic, TypeVar

import httpx

__all__ = ["ApiResponse"]

T_co = TypeVar("T_co", covariant=True)


class ApiResponse(Generic[T_co]):
    """A call's value with the HTTP answer it came from.

    ``value`` is what the call returns without ``raw_response=True`` (a model, a ``Page``, a
    list, an ``EmptyResponse``, or the JSON body with ``full_payload=True``). The rest reads
    the successful answer (the last attempt, when retries were needed)::

        answer = client.tasks.get_task(gid, raw_response=True)
        task = answer.value                    # Task
        print(answer.status_code, answer.request_id, answer.headers.get("Asana-Change"))
    """

    __slots__ = ("_value", "http_response")

    http_response: httpx.Response
    """The ``httpx.Response`` itself: its request, raw bytes (``.content``) and more."""

    def __init__(self, value: T_co, http_response: httpx.Response) -> None:
        self._value = value
        self.http_response = http_response

    @property
    def value(self) -> T_co:
        """What the call would have returned without ``raw_response=True``."""
        return self._value

    @property
    def status_code(self) -> int:
        """The HTTP status of the answer (200, 201 ...)."""
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The answer's headers (case-insensitive): ``Asana-Change``, rate-limit headers ..."""
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """Asana's ``X-Request-Id`` for this request (quote it to Asana support); ``None``
        when the answer carried none."""
        request_id: str | None = self.http_response.headers.get("x-request-id")
        return request_id

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time from sending the request to the whole answer received (the last attempt)."""
        return self.http_response.elapsed

    def __repr__(self) -> str:
        request_id = self.request_id
        rid = f" request_id={request_id!r}" if request_id is not None else ""
        return f"<ApiResponse {self.status_code} {type(self._value).__name__}{rid}>"
