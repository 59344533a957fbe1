"""``python -m asana_typed``: the ``asana-typed`` command line (see :mod:`asana_typed._cli`)."""

from __future__ import annotations

import sys

from ._cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
