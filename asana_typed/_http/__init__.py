"""The HTTP layer: the SDK's own HTTP/1.1 transports and the httpx clients it makes with them.

- :mod:`._wire`: HTTP/1.1 without I/O (the lean request, request heads, response parsing).
- :mod:`._sync_transport`: blocking sockets, for :class:`~asana_typed.Client`.
- :mod:`._async_transport`: an asyncio protocol, for :class:`~asana_typed.AsyncClient`.
- :mod:`._default_clients`: the ``httpx`` clients made when the user brings none (on those
  transports, or stock httpx when proxy variables are set), and the headers every client sends.

Nothing above this package knows about sockets; the clients see an ``httpx`` client.
"""
