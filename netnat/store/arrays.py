"""Arrays the store already holds (objects, columns, TOML text), so that a write which only
appends rows to one (a mapping added to 10,000) encodes, renders and caches only the new rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from netnat.model.appends import extends

Row = dict[str, Any]


class Known:
    """An array of objects as the store holds it: `columns` in field order (enums by name, for
    the parse cache) and `text`, its `[[key]]` tables as written in the store file."""

    __slots__ = ("columns", "objects", "text")

    def __init__(self, objects: tuple[object, ...], columns: list[list[Any]], text: str) -> None:
        self.objects, self.columns, self.text = objects, columns, text


class Appended:
    """A document's array made of a known array followed by the tables of `rows`."""

    __slots__ = ("base", "rows")

    def __init__(self, base: Known, rows: list[Row]) -> None:
        self.base, self.rows = base, rows


_KNOWN: dict[str, Known] = {}


def remember(key: str, known: Known | None) -> None:
    """`known` is what the store holds (or is about to hold) under `key`; None: nothing is
    known of it that could be reused (a hand-edited store's text is not netnat's rendering)."""
    if known is None:
        _KNOWN.pop(key, None)
    else:
        _KNOWN[key] = known


def forget() -> None:
    _KNOWN.clear()


def appended(
    key: str, objects: tuple[object, ...], encode: Callable[[Any], Row]
) -> Appended | None:
    """`objects` as the known array followed by new rows, each encoded by `encode`; None when
    they do not start with the known array."""
    known = _KNOWN.get(key)
    if known is None or not extends(objects, known.objects):
        return None
    return Appended(known, [encode(item) for item in objects[len(known.objects) :]])
