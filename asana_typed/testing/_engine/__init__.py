"""The fake's engine: how a request becomes an answer, knowing no resource in particular.

- :mod:`._app`: bytes in, an outcome out (credentials, faults, permissions, routing, errors);
  :mod:`._transport` (in-process httpx transport) and :mod:`._server` (loopback HTTP server)
  carry it.
- :mod:`._router`: which handler answers a method and path (the table is
  :mod:`.._handlers.route_table`).
- :mod:`._call`: what a handler receives and returns; :mod:`._state`: the in-memory store.
- :mod:`._render`, :mod:`._schema`, :mod:`._pagination`: answers shaped like Asana's
  (``opt_fields``, default fields per type, ``limit``/``offset``).
- :mod:`._errors`, :mod:`._faults`, :mod:`._permissions`, :mod:`._concurrency`,
  :mod:`._auth`, :mod:`._recording`, :mod:`._multipart`: error bodies, injected failures,
  who may see what, Asana's concurrency limits, credentials, the request log, form bodies.
- :mod:`._facts` (``facts.json``): what the fake knows of the API's operations and fields.

What each endpoint does is in :mod:`.._handlers`.
"""
