"""The fake's generic engine: every operation no hand-written endpoint module serves.

The operations come from ``facts.json`` (generated from the project's fact file, shipped in
the package). Each is answered by one generic handler chosen by its kind (:mod:`._generic`:
create, get, update, delete, list with filters and a parent scope, add/remove on a list of
references) or, where the API does something particular, by a hook (:mod:`._particular`).
Records are stored like the hand-written ones, so both kinds of endpoint see each other's
objects; each record also carries the gid of its workspace in ``_workspace``.
"""
