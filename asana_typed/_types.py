"""Types that describe values: what an :class:`AsyncClient` call gives once awaited.

``Coroutine[Task]`` is a coroutine that gives a ``Task``. To type checkers it is a
``collections.abc.Coroutine[Any, Any, Task]`` (so ``asyncio.run``, ``create_task`` and
``gather`` take it); it spells out ``__await__`` so that editors which do not follow the
standard ``Coroutine``'s inheritance (jedi) still infer what ``await`` gives. At run time it
is ``collections.abc.Coroutine`` itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

__all__ = ["Coroutine"]

T_co = TypeVar("T_co", covariant=True)

if TYPE_CHECKING:
    import collections.abc
    from collections.abc import Generator
    from typing import Generic

    class Coroutine(collections.abc.Coroutine[Any, Any, T_co], Generic[T_co]):
        """A coroutine that gives a ``T_co`` once awaited."""

        def __await__(self) -> Generator[Any, None, T_co]: ...

else:
    from collections.abc import Coroutine
