"""Control-flow signals of the evaluator (break, continue, return, exit) and output sinks."""

from __future__ import annotations

from collections.abc import Callable


class BreakSignal(Exception):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ContinueSignal(Exception):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ReturnSignal(Exception):
    """`return`: the value was already written to the output; leave the function/block."""


class ExitSignal(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class Sink(list[object]):
    """Collects output objects; a host sink forwards them as they come."""

    def __init__(self, forward: Callable[[object], None] | None = None) -> None:
        super().__init__()
        self.forward = forward

    def append(self, obj: object) -> None:
        if self.forward is not None:
            self.forward(obj)
        else:
            super().append(obj)

    def extend(self, objs: object) -> None:
        for obj in objs:  # type: ignore[attr-defined]
            self.append(obj)


def collapse(values: list[object]) -> object:
    """A captured pipeline: 0 objects -> $null, 1 -> the object, more -> an array."""
    if not values:
        return None
    return values[0] if len(values) == 1 else list(values)
