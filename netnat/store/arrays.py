"""Arrays the store already holds (objects, columns, TOML text), so that a write which only
appends rows to one (a mapping added to 10,000) encodes, renders and caches only the new rows."""

from __future__ import annotations

from collections.abc import Callable
from operator import is_
from typing import Any

Row = dict[str, Any]


class Known:
    """An array of objects as the store holds it: `columns` in field order (enums by name, for
    the parse cache) and `text`, its `[[key]]` tables as written in the store file (None when
    the file is not netnat's rendering: then nothing is reused)."""

    __slots__ = ("columns", "keys", "objects", "text")

    def __init__(
        self,
        objects: tuple[object, ...],
        keys: tuple[str, ...],
        columns: list[list[Any]],
        text: str | None,
    ) -> None:
        self.objects, self.keys, self.columns, self.text = objects, keys, columns, text


class Appended:
    """A document's array made of a known array followed by the tables of `rows`."""

    __slots__ = ("base", "rows", "text")

    def __init__(self, base: Known, text: str, rows: list[Row]) -> None:
        self.base, self.text, self.rows = base, text, rows  # text: the base's

    def __len__(self) -> int:
        return len(self.base.objects) + len(self.rows)


_KNOWN: dict[str, Known] = {}


def remember(key: str, known: Known) -> None:
    """`known` is what the store holds (or is about to hold) under `key`."""
    _KNOWN[key] = known


def forget() -> None:
    _KNOWN.clear()


def appended(
    key: str, objects: tuple[object, ...], encode: Callable[[Any], Row]
) -> Appended | None:
    """`objects` as a known array (the very same objects: one C-level pass) followed by new
    rows, each encoded by `encode`; None when they do not start with the known array."""
    known = _KNOWN.get(key)
    if known is None or known.text is None or len(objects) < len(known.objects):
        return None
    if not all(map(is_, objects, known.objects)):
        return None
    return Appended(known, known.text, [encode(item) for item in objects[len(known.objects) :]])
