"""FakeAsana is one fixture away in a user's own tests (the package's pytest11 entry point),
and costs nothing in the pytest runs of projects that never ask for it."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


def test_users_get_the_fixtures_without_configuration(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx
        from asana_typed import Client, RequestOptions

        def test_in_process(fake_asana):
            http = httpx.Client(transport=fake_asana.transport)
            client = Client.access_token(fake_asana.access_token, http_client=http)
            assert client.users.me().gid == fake_asana.me["gid"]

        def test_over_loopback(fake_asana, fake_asana_server):
            options = RequestOptions(base_url=fake_asana_server)
            with Client.access_token(fake_asana.access_token, options=options) as client:
                assert client.users.me().name == "Test User"
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_a_run_that_asks_for_no_fixture_imports_neither_the_fake_nor_the_sdk(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import sys

        def test_loaded_modules():
            assert "asana_typed.testing.pytest_plugin" in sys.modules  # the entry point ran
            loaded = {name for name in sys.modules if name.startswith("asana_typed")}
            assert loaded == {
                "asana_typed",
                "asana_typed._lazy",
                "asana_typed._version",
                "asana_typed.testing",
                "asana_typed.testing.pytest_plugin",
            }
            assert "httpx" not in sys.modules and "pydantic" not in sys.modules
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
