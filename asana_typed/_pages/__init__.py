"""Collections: the page envelopes the API sends and the iterators over their items.

- :mod:`._envelopes`: ``Page[T]``, ``NextPage`` and ``DataEnvelope[T]`` (pydantic models,
  imported when a page is first read).
- :mod:`._iterators`: ``ItemIterator`` / ``AsyncItemIterator`` and the I/O-free
  :class:`~._iterators.PageCursor` that follows ``next_page.offset``.

The events feed's answer (``EventsPage``: ``data``, ``sync``, ``has_more``) is a model of its
own, in :mod:`asana_typed.models`.
"""
