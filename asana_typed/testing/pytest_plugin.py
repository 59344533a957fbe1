"""pytest fixtures for :class:`~asana_typed.testing.FakeAsana`.

Registered through the ``pytest11`` entry point of the package, so installing ``asana_typed``
makes them available; otherwise add ``pytest_plugins = ["asana_typed.testing.pytest_plugin"]``
to a root ``conftest.py``. Loading the plugin imports neither the fake nor the SDK: a test
that asks for a fixture imports them, so projects that never do pay nothing for it.

``fake_asana``
    A fresh fake per test. ``fake_asana.client()`` (or ``fake_asana.async_client()``) gives an
    SDK client wired to it in-process::

        def test_me(fake_asana):
            with fake_asana.client() as client:
                assert client.users.me().gid == fake_asana.me["gid"]

``fake_asana_server``
    The API root (``http://127.0.0.1:PORT/api/1.0``) of a loopback server for that same fake,
    stopped when the test ends; point any HTTP client at it::

        def test_me_over_http(fake_asana, fake_asana_server):
            options = RequestOptions(base_url=fake_asana_server)
            with Client.access_token(fake_asana.access_token, options=options) as client:
                assert client.users.me().gid == fake_asana.me["gid"]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ._fake import FakeAsana

__all__ = ["fake_asana", "fake_asana_server"]


@pytest.fixture
def fake_asana() -> FakeAsana:
    """A fresh, seeded :class:`FakeAsana`; ``fake_asana.client()`` is an SDK client on it."""
    from ._fake import FakeAsana

    return FakeAsana()


@pytest.fixture
def fake_asana_server(fake_asana: FakeAsana) -> Iterator[str]:
    """The API root of a running loopback server for ``fake_asana``.

    ``RequestOptions(base_url=fake_asana_server)`` points an SDK client at it.
    """
    with fake_asana.serve() as base_url:
        yield base_url
