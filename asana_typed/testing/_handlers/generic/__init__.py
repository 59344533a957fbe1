"""The fake's generic handlers: every operation no hand-written handler module serves.

The operations come from the engine's facts (``_engine/facts.json``, generated from the
project's fact file, shipped in the package). Each is answered by one generic handler chosen
by its kind (:mod:`._crud`: create, get, update, delete, list with filters and a parent scope,
add/remove on a list of references) or, where the API does something particular, by a hook
(:mod:`.goals`, :mod:`.portfolios`, :mod:`.memberships`, :mod:`.other_resources`).
Records are stored like the hand-written ones, so both kinds of endpoint see each other's
objects; each record also carries the gid of its workspace in ``_workspace``.
"""
