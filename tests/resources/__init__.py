"""The resources of the original client (users, workspaces, projects, tasks, attachments,
events, stories, tags, teams): every operation and every legacy name, against FakeAsana.

One module per resource. Each test makes its call through ``client.<resource>.<method>(...)``
and checks what went over the wire (method, path with the real gids, the query, the JSON body
or the multipart parts), what came back (a model, a list, an item iterator, an
``EmptyResponse``) and, where the call changes something, the fake's state afterwards. A
legacy name runs through the same test as its operation (parametrized on the method name) when
it takes the same arguments, so both are held to one specification. The shared ``client``
fixture runs every test with a ``Client`` and with an ``AsyncClient``.

Each test declares what it calls with ``@covers(...)`` (``_helpers.py``);
``test_coverage.py`` checks that every operation and legacy name is declared by a test that
calls it.
"""
