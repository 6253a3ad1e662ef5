"""The parse cache's form of a store document: arrays of flat tables as columns, plus where their
TOML text is in the store file. A warm load builds thousands of objects with C-level loops and
registers the arrays in `netnat.store.arrays`: the next write encodes and renders only appended
rows."""

from __future__ import annotations

from typing import Any

from netnat.model.state import SCHEMA_VERSION, State
from netnat.record import from_columns, replace
from netnat.store import arrays, codec
from netnat.store.codec import Doc, DocumentError
from netnat.store.text import Segments

Packed = dict[str, Any]
Columns = list[list[Any]]


def pack(doc: Doc, segments: Segments, state: State) -> Packed:
    """`doc` (the encoding of `state`) for the cache; `segments`: where each array is in the file
    (`text.render`), empty when the file is not netnat's own rendering (a hand-edited store)."""
    spec = codec.spec_for(State)
    plain: Doc = {}
    packed: dict[str, tuple[tuple[str, ...], Columns, int, int]] = {}
    for key, value in doc.items():
        field = spec.by_key.get(key)
        item = field.spec if field is not None and field.array else None
        if field is None or item is None or not item.flat:
            plain[key] = value
            continue
        if isinstance(value, arrays.Appended):
            added = _columns(item, value.rows)
            columns = [old + new for old, new in zip(value.base.columns, added, strict=True)]
        else:
            columns = _columns(item, value)
        text, start, end = segments.get(key, ("", -1, -1))
        known = arrays.Known(getattr(state, field.name), columns, text) if start >= 0 else None
        arrays.remember(key, known)
        packed[key] = (_keys(item), columns, start, end)
    return {"doc": plain, "arrays": packed}


def unpack(packed: Packed, data: bytes) -> State | None:
    """The State a cache entry of the store file `data` holds; None when it is not one this
    netnat wrote (a stale cache)."""
    try:
        doc, found = packed["doc"], packed["arrays"]
        if type(doc) is not dict or doc.get("schema") != SCHEMA_VERSION:
            return None
        state = codec.decode_document(doc)
        spec = codec.spec_for(State)
        changes: dict[str, tuple[object, ...]] = {}
        known: list[tuple[str, arrays.Known | None]] = []
        for key, (keys, columns, start, end) in found.items():
            field = spec.by_key[key]
            item = field.spec
            if item is None or keys != _keys(item) or len(columns) != len(keys):
                return None
            values = [_values(f, column) for f, column in zip(item.fields, columns, strict=True)]
            objects: tuple[object, ...] = tuple(from_columns(item.cls, values))
            changes[field.name] = objects
            text = data[start:end].decode("utf-8") if start >= 0 else None
            known.append((key, None if text is None else arrays.Known(objects, columns, text)))
        if changes:
            state = replace(state, **changes)
    except (KeyError, TypeError, ValueError, AttributeError, DocumentError):  # incl. decoding
        return None
    for key, entry in known:
        arrays.remember(key, entry)
    return state


def _keys(spec: codec._Spec) -> tuple[str, ...]:
    return tuple(f.key for f in spec.fields)


def _columns(spec: codec._Spec, rows: list[Doc]) -> Columns:
    """The rows' values field by field, defaults filled in (enums by Windows name)."""
    columns: Columns = []
    for f in spec.fields:
        if f.default is codec.REQUIRED:
            columns.append(_shared([row[f.key] for row in rows]))
        else:
            default = f.names[f.default] if f.names else f.default
            columns.append(_shared([row.get(f.key, default) for row in rows]))
    return columns


def _shared(column: list[Any]) -> list[Any]:
    """Equal strings as one object: marshal then writes each once and loads it once (10,000
    mappings to one address: a cache about half the size, loaded about 4 ms sooner)."""
    seen: dict[str, str] = {}
    return [seen.setdefault(v, v) if type(v) is str else v for v in column]


def _values(f: codec._Field, column: list[Any]) -> list[Any]:
    return list(map(f.members.__getitem__, column)) if f.members else column
