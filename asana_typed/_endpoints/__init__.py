"""Endpoints: one declaration per API operation, and what checks and sends its calls.

- :mod:`._declarations`: :class:`Endpoint` (verb, path, params, model, answer shape) and
  :class:`Resource`, the base of the generated ``client.<resource>`` classes
  (``asana_typed/resources/``) that hold the declarations.
- :mod:`._special`: endpoints whose calls are more than one request (events polling and
  streams, the original client's upload signature, the search walk of :mod:`._search`).
- :mod:`._misuse`: calls that cannot be right, refused before anything is sent with an error
  naming the fix.

What a call does once prepared (request, retries, parsing) is the core's (:mod:`asana_typed._core`).
"""
