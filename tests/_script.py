"""Scripted waits: tests decide what happens while a client sleeps between polls or retries."""

from __future__ import annotations

from collections.abc import Callable


class Script:
    """Replaces the clients' sleeps: records each wait and runs the next scripted step."""

    def __init__(self) -> None:
        self.steps: list[Callable[[], object]] = []
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        if not self.steps:
            raise AssertionError("the client waited more often than the test expected")
        self.steps.pop(0)()
