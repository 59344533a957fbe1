"""FakeAsana is one fixture away in a user's own tests (the package's pytest11 entry point)."""

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
