"""Fixtures of the resource tests (the clients and the seeded fake are in ``tests/conftest.py``)."""

from __future__ import annotations

import pytest

from asana_typed.testing import FakeAsana


@pytest.fixture
def task(fake: FakeAsana) -> str:
    """The gid of a seeded task in the seeded workspace."""
    return str(fake.add_task(name="Ship it")["gid"])
