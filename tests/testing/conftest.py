"""Plain httpx clients for ``fake`` (the fixture of ``tests/conftest.py``), for the tests of
the fake itself."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from asana_typed.testing import FakeAsana

from ._http import API, AUTH


@pytest.fixture(params=["transport", "server"])
def api(request: pytest.FixtureRequest, fake: FakeAsana) -> Iterator[httpx.Client]:
    """An authenticated client for ``fake``, in-process and over loopback HTTP."""
    if request.param == "transport":
        with httpx.Client(transport=fake.transport, base_url=API, headers=AUTH) as client:
            yield client
    else:
        with fake.serve() as base_url, httpx.Client(base_url=base_url, headers=AUTH) as client:
            yield client


@pytest.fixture
def local(fake: FakeAsana) -> Iterator[httpx.Client]:
    """An authenticated in-process client, for behaviour that does not depend on the wire."""
    with httpx.Client(transport=fake.transport, base_url=API, headers=AUTH) as client:
        yield client
