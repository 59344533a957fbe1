"""Importing the package loads nothing heavy, and every public name is reachable from it."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent(
    """
    import sys

    import asana_typed
    import asana_typed.testing

    heavy = {"httpx", "pydantic", "asana_typed._client", "asana_typed.testing._fake"}
    assert not heavy & sys.modules.keys(), heavy & sys.modules.keys()
    for package in (asana_typed, asana_typed.testing):
        for name in package.__all__:
            assert getattr(package, name) is vars(package)[name], name
    assert asana_typed.errors.NotFoundError is asana_typed.NotFoundError
    assert asana_typed.models.Task.__name__ == "Task"
    assert asana_typed.params.GetTaskParams.__name__ == "GetTaskParams"
    assert asana_typed.resources.ResourceDirectory.__name__ == "ResourceDirectory"
    assert asana_typed.webhooks.WebhookReceiver.__name__ == "WebhookReceiver"
    assert asana_typed.testing.FakeAsana().client().users.me().gid
    try:
        asana_typed.Clinet
    except AttributeError as error:
        assert str(error) == "module 'asana_typed' has no attribute 'Clinet'"
    else:
        raise AssertionError("a misspelt name was found")
    """
)


def test_public_names_and_submodules_load_on_first_use() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
