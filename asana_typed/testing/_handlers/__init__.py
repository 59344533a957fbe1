"""What each endpoint of the fake does, per resource.

A module per resource with particular behaviour (``tasks.py``, ``projects.py`` ...) holds an
``endpoints`` group of handlers; :mod:`.route_table` lists them all, and the operations they
leave are served by the generic handlers of :mod:`.generic`. Modules whose names start with an
underscore are shared by several resources (task records, custom field values, the activity a
change leaves, webhook delivery ...); :mod:`.oauth` serves the OAuth endpoints outside the API
root. The machinery they run on (routing, store, rendering) is in :mod:`.._engine`.
"""
