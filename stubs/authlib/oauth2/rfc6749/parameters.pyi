from collections.abc import Sequence

def prepare_grant_uri(
    uri: str,
    client_id: str,
    response_type: str,
    redirect_uri: str | None = None,
    scope: str | Sequence[str] | None = None,
    state: str | None = None,
    **kwargs: str | Sequence[str] | None,
) -> str: ...
def prepare_token_request(
    grant_type: str,
    body: str = "",
    redirect_uri: str | None = None,
    **kwargs: str | Sequence[str] | None,
) -> str: ...
