"""Out-Default: objects -> the text Windows PowerShell 5.1 prints (table, list, scalars, json).

Consecutive objects of the same type (or shown by the same view) form a group whose first
object decides the shape: its registered view, else the 4/5 rule (<= 4 properties: table,
>= 5: list). Scalars print one per line, `None` prints nothing, arrays are flattened, a
hashtable prints as Name/Value rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from netnat.model.psobject import PSObject
from netnat.output.layout import list_lines, table_lines
from netnat.output.values import is_scalar, to_string, visible_props
from netnat.output.views import (
    DICTIONARY_ENTRY,
    Column,
    Shape,
    View,
    default_view,
    shaped_view,
)
from netnat.record import dataclass, field

DEFAULT_WIDTH = 120  # line width when the output is not a terminal (see output_width)
FORMATS = ("default", "table", "list", "json")


def render(objects: Iterable[object], fmt: str = "default", width: int | None = None) -> str:
    """The text for `objects`; `fmt` is default, table, list (force the shape) or json.

    `width` is the longest line allowed (`output_width(stream)`; None = 120).
    """
    if fmt == "json":
        from netnat.output.jsonfmt import render_json

        return render_json(objects)
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
    forced: Shape | None = "table" if fmt == "table" else "list" if fmt == "list" else None
    lines: list[str] = []
    for group in _groups(_flatten(objects), forced):
        lines.extend(group.lines(width or DEFAULT_WIDTH))
    return "".join(f"{line}\n" for line in lines)


@dataclass(slots=True)
class _Group:
    """Objects printed under one header: a table, a run of list entries, or one scalar."""

    key: tuple[object, str]  # (the view, or the type name without one; the header)
    shape: Shape | None  # None: a scalar
    columns: tuple[Column, ...] | None  # None: each list entry shows its own properties
    header: str | None = None
    objects: list[object] = field(default_factory=list)

    def lines(self, width: int) -> list[str]:
        if self.shape is None:
            return to_string(self.objects[0]).replace("\r\n", "\n").split("\n")
        objs = [o for o in self.objects if isinstance(o, PSObject)]
        lines = self.header.split("\n") if self.header is not None else []
        if self.shape == "table":
            body = table_lines(objs, self.columns or _generated(objs[0]), width)
            return [*lines, "", *body, ""] if body else lines
        lines.append("")
        for obj in objs:
            lines.extend(list_lines(obj, self.columns or _generated(obj), width))
            lines.append("")
        lines.append("")  # 5.1 ends a list with a second blank line
        return lines


def _flatten(objects: Iterable[object]) -> Iterator[object]:
    """Arrays unroll (nested ones too), hashtables become entries, `None` disappears."""
    for obj in objects:
        if obj is None:
            continue
        if isinstance(obj, list | tuple):
            yield from _flatten(obj)
        elif isinstance(obj, Mapping):
            for name, value in obj.items():
                yield PSObject((DICTIONARY_ENTRY, "System.Object"), {"Name": name, "Value": value})
        else:
            yield obj


def _groups(objects: Iterator[object], forced: Shape | None) -> Iterator[_Group]:
    current: _Group | None = None
    for obj in objects:
        if not isinstance(obj, PSObject):
            if current is not None:
                yield current
                current = None
            yield _Group(("", ""), None, None, objects=[obj if is_scalar(obj) else str(obj)])
            continue
        view = _view(obj, forced)
        header = view.header(obj) if view and view.header else None
        key = (view or obj.type_name.lower(), header or "")
        if current is None or current.key != key:
            if current is not None:
                yield current
            current = _start(obj, key, view, forced, header)
        current.objects.append(obj)
    if current is not None:
        yield current


def _view(obj: PSObject, forced: Shape | None) -> View | None:
    if forced is None:
        return default_view(obj)
    return shaped_view(obj, forced) or default_view(obj)


def _start(
    obj: PSObject,
    key: tuple[object, str],
    view: View | None,
    forced: Shape | None,
    header: str | None,
) -> _Group:
    """A new group whose first object decides the shape and (for tables) the columns."""
    if view is not None:
        return _Group(key, forced or view.shape, view.columns, header)
    count = len(visible_props(obj))
    shape: Shape = forced or ("table" if count <= 4 else "list")
    columns = _generated(obj) if shape == "table" else None
    return _Group(key, shape, columns, header)


def _generated(obj: PSObject) -> tuple[Column, ...]:
    """Columns for an object without a view: all its visible properties, in order."""
    return tuple(Column(name) for name in visible_props(obj))
