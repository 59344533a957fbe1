"""Shared fixtures: a FakeAsana, a client wired to it, and a recorder for retry waits."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from asana_typed import Client, RequestOptions
from asana_typed.testing import FakeAsana


@pytest.fixture
def fake() -> FakeAsana:
    """A fresh, seeded FakeAsana."""
    return FakeAsana()


@pytest.fixture
def client(fake: FakeAsana) -> Iterator[Client]:
    """A Client talking to ``fake`` in-process."""
    http = httpx.Client(transport=fake.transport)
    with Client.access_token(fake.access_token, http_client=http) as c:
        yield c
    http.close()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every ``time.sleep`` the client asks for, recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    return waits


@pytest.fixture(autouse=True)
def _restore_defaults() -> Iterator[None]:
    """Tests may change ``Client.DEFAULTS``; put it back afterwards."""
    saved = Client.DEFAULTS.model_copy(deep=True)
    yield
    for name in RequestOptions.model_fields:
        setattr(Client.DEFAULTS, name, getattr(saved, name))
    Client.DEFAULTS.__pydantic_fields_set__.clear()
