"""Speaking to FakeAsana with plain httpx: its API root, a credential it accepts, and reading
its answers."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

__all__ = ["API", "AUTH", "Operation", "assert_spec_answer", "data", "each_operation", "fill"]

API = "https://app.asana.com/api/1.0"
AUTH = {"Authorization": "Bearer test-token"}

Operation = tuple[str, str, dict[str, Any] | None, int]
"""``(method, path template, payload, status)``: an operation sent and the status expected."""


def each_operation(operations: list[Operation]) -> pytest.MarkDecorator:
    """Parametrize a test's ``operation`` over these rows, each named by its method, path and
    status."""
    return pytest.mark.parametrize(
        "operation", operations, ids=[f"{m} {p} {s}" for m, p, _, s in operations]
    )


def data(response: httpx.Response) -> Any:
    """The ``data`` of a successful answer."""
    assert response.is_success, response.text
    return response.json()["data"]


def fill(value: Any, names: dict[str, str]) -> Any:
    """``value`` with each ``{name}`` of its strings (in lists and dicts too) filled in."""
    if isinstance(value, str):
        return value.format(**names)
    if isinstance(value, list):
        return [fill(item, names) for item in value]
    if isinstance(value, dict):
        return {key: fill(item, names) for key, item in value.items()}
    return value


def assert_spec_answer(
    client: httpx.Client,
    method: str,
    path: str,
    payload: dict[str, Any] | None,
    status: int,
    *,
    gid_optional: bool = False,
) -> None:
    """Send one operation (``payload`` as the JSON ``data`` of a POST or PUT, else as the
    query) and check its status and envelope: ``data`` on success, an object in it with its
    ``gid`` (unless ``gid_optional``), and ``errors`` on failure."""
    if method in ("POST", "PUT"):
        response = client.request(method, path, json={"data": payload or {}})
    else:
        response = client.request(method, path, params=payload)
    assert response.status_code == status, response.text
    body = response.json()
    assert ("data" in body) if status < 300 else ("errors" in body)
    if status < 300 and isinstance(body["data"], dict) and body["data"]:
        assert "gid" in body["data"] or gid_optional
