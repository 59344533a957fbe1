"""OAuth for a command-line app: print the authorization URL, read the pasted code, call the API.

Register the app in Asana's developer console with the redirect URL
``urn:ietf:wg:oauth:2.0:oob``; Asana then shows the code instead of redirecting. Run::

    ASANA_CLIENT_ID=... ASANA_CLIENT_SECRET=... python examples/oauth_cli.py
    python examples/oauth_cli.py --fake     # FakeAsana on 127.0.0.1, approving by itself
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Callable, Sequence

import httpx

from asana_typed import Client, RequestOptions
from asana_typed.testing import FakeAsana

OOB = "urn:ietf:wg:oauth:2.0:oob"


def authorize(client: Client, read_code: Callable[[str], str]) -> None:
    """The out-of-band flow: show the URL, take the code, exchange it, say hello."""
    url, _state = client.session.authorization_url()
    print("Open this URL in a browser and allow access:\n\n    " + url + "\n")
    code = read_code(url).strip()
    token = client.session.fetch_token(code=code)
    print(f"Authorized; the access token expires at {token['expires_at']} (unix time).")
    me = client.users.me()
    print("Hello " + (me.name or ""))


def paste_code(url: str) -> str:
    return input("Paste the code Asana shows: ")


def run_against_asana() -> None:
    client = Client.oauth(
        client_id=os.environ["ASANA_CLIENT_ID"],
        client_secret=os.environ["ASANA_CLIENT_SECRET"],
        redirect_uri=OOB,
    )
    with client:
        authorize(client, paste_code)


def run_against_fake() -> None:
    fake = FakeAsana()
    fake.add_oauth_app(client_id="demo-client", client_secret="demo-secret", redirect_uris=[OOB])

    def approve_in_browser(url: str) -> str:
        page = httpx.get(url).text  # the fake approves at once and shows the code
        found = re.search(r'<code id="code">([^<]+)</code>', page)
        if found is None:
            raise SystemExit("FakeAsana did not show a code")
        print("(--fake: approved in a simulated browser)")
        return found.group(1)

    with fake.serve() as base_url:
        client = Client.oauth(
            client_id="demo-client",
            client_secret="demo-secret",
            redirect_uri=OOB,
            options=RequestOptions(base_url=base_url),
            **FakeAsana.oauth_endpoints(base_url),
        )
        with client:
            authorize(client, approve_in_browser)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--fake", action="store_true", help="run against FakeAsana")
    args = parser.parse_args(argv)
    if args.fake:
        run_against_fake()
    else:
        run_against_asana()


if __name__ == "__main__":
    main()
