"""pytest fixtures for :class:`~asana_typed.testing.FakeAsana`.

Registered through the ``pytest11`` entry point of the package, so installing ``asana_typed``
makes them available; otherwise add ``pytest_plugins = ["asana_typed.testing.pytest_plugin"]``
to a root ``conftest.py``.

``fake_asana``
    A fresh fake per test.
``fake_asana_server``
    The API root (``http://127.0.0.1:PORT/api/1.0``) of a loopback server for that same fake,
    stopped when the test ends.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from . import FakeAsana

__all__ = ["fake_asana", "fake_asana_server"]


@pytest.fixture
def fake_asana() -> FakeAsana:
    """A fresh, seeded :class:`FakeAsana`."""
    return FakeAsana()


@pytest.fixture
def fake_asana_server(fake_asana: FakeAsana) -> Iterator[str]:
    """The API root of a running loopback server for ``fake_asana``."""
    with fake_asana.serve() as base_url:
        yield base_url
