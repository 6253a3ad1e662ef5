"""Pipeline stages: the Stage protocol and the wrappers for redirected commands
(`> $null`, `2>$null`, `2>&1`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from netnat.engine.invocation import NO_INPUT
from netnat.engine.records import error_object
from netnat.engine.session import ErrorRoute, Session

Emit = Callable[[object], None]


class Stage(Protocol):
    def process(self, obj: object = NO_INPUT) -> Iterable[object]: ...

    def end(self) -> Iterable[object]: ...

    def commit(self) -> None: ...

    def connect(self, emit: Emit | None) -> None:
        """Where output goes as it is written (script blocks); None: returned instead."""
        ...


class Discard:
    """Wraps a stage whose output is redirected to $null."""

    def __init__(self, inner: Stage) -> None:
        self.inner = inner
        inner.connect(lambda obj: None)

    def process(self, obj: object = NO_INPUT) -> Iterable[object]:
        for _ in self.inner.process(obj):
            pass
        return ()

    def end(self) -> Iterable[object]:
        for _ in self.inner.end():
            pass
        return ()

    def commit(self) -> None:
        self.inner.commit()

    def connect(self, emit: Emit | None) -> None:
        return None


class Redirected:
    """Wraps a stage whose error stream is redirected: `2>$null` hides the errors it writes
    (they still reach $Error), `2>&1` writes them into its output as ErrorRecord objects.
    The route is active only while the stage itself runs, never while later stages do."""

    def __init__(self, inner: Stage, session: Session, merge: bool) -> None:
        self.inner = inner
        self.session = session
        self.route = ErrorRoute(merge)
        inner.connect(None)  # collect, so that the route does not cover later stages

    def process(self, obj: object = NO_INPUT) -> Iterator[object]:
        return self._run(lambda: self.inner.process(obj))

    def end(self) -> Iterator[object]:
        return self._run(self.inner.end)

    def _run(self, start: Callable[[], Iterable[object]]) -> Iterator[object]:
        with self.session.routed(self.route):
            items = iter(start())
        while True:
            with self.session.routed(self.route):
                try:
                    item = next(items)
                except StopIteration:
                    break
                finally:
                    merged = self.route.take()
            yield from (error_object(record) for record in merged)
            yield item
        yield from (error_object(record) for record in merged)

    def commit(self) -> None:
        self.inner.commit()

    def connect(self, emit: Emit | None) -> None:
        return None
