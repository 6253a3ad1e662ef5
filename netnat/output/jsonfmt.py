"""ConvertTo-Json as Windows PowerShell 5.1 writes it (spec powershell-subset §6.9).

Layout: 4-space indentation relative to the column of the opening bracket, `"key":  value`
with two spaces, `<>&'` escaped as `\\u003c` etc., enums as numbers, levels deeper than
`depth` replaced by their string form. DEVIATION: lines end with LF, not 5.1's CRLF.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from netnat.model.enums import NetEnum
from netnat.model.psobject import PSObject
from netnat.output.values import to_string
from netnat.record import dataclass

INDENT = 4
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
}
_HTML = frozenset("<>&'")


@dataclass(frozen=True, slots=True)
class _Obj:
    members: tuple[tuple[str, _Node], ...]


@dataclass(frozen=True, slots=True)
class _Arr:
    items: tuple[_Node, ...]


_Node = _Obj | _Arr | str  # str: a finished JSON token


def to_json(value: object, depth: int = 2, compress: bool = False) -> str:
    """`value | ConvertTo-Json [-Depth n] [-Compress]` (one value; no trailing new-line)."""
    node = _node(value, 0, depth)
    return _compact(node) if compress else _pretty(node, 0)


def render_json(objects: Iterable[object]) -> str:
    """`-o json`: one object alone, several as an array; nothing for no objects."""
    items: list[object] = []
    for obj in objects:
        if isinstance(obj, list | tuple):
            items.extend(obj)
        else:
            items.append(obj)
    if not items:
        return ""
    return to_json(items[0] if len(items) == 1 else items) + "\n"


def _node(value: object, level: int, depth: int) -> _Node:
    scalar = _scalar(value)
    if scalar is not None:
        return scalar
    if level > depth:
        return quote(_cut_text(value))
    if isinstance(value, PSObject):
        return _Obj(tuple((k, _node(v, level + 1, depth)) for k, v in value.props.items()))
    if isinstance(value, Mapping):
        return _Obj(tuple((str(k), _node(v, level + 1, depth)) for k, v in value.items()))
    if isinstance(value, list | tuple):
        return _Arr(tuple(_node(v, level + 1, depth) for v in value))
    return quote(str(value))


def _scalar(value: object) -> str | None:
    """The JSON token of a primitive (never cut by depth); None for containers."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):  # NetEnum included: enums are written as numbers
        return str(int(value)) if isinstance(value, NetEnum) else str(value)
    if isinstance(value, float):
        return _json_double(value)
    if isinstance(value, str):
        return quote(value)
    return None


def _cut_text(value: object) -> str:
    """What 5.1 writes for a level deeper than -Depth: the value's string form."""
    if isinstance(value, list | tuple):
        return " ".join(to_string(v) for v in value)  # arrays join with $OFS (a space)
    return to_string(value)


def _json_double(value: float) -> str:
    """.NET Framework's round-trip `R` format: 15 significant digits unless that loses bits."""
    text = f"{value:.15G}"
    if float(text) != value:
        text = f"{value:.17G}"
    return text


def quote(text: str) -> str:
    """A JSON string as JavaScriptSerializer escapes it (HTML-sensitive characters too)."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch in _HTML or ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _pretty(node: _Node, column: int) -> str:
    """5.1 layout; `column` is where this node's opening bracket stands."""
    if isinstance(node, str):
        return node
    inner = " " * (column + INDENT)
    close = " " * column
    if isinstance(node, _Obj):
        if not node.members:
            return "{\n\n" + close + "}"
        parts = []
        for key, child in node.members:
            head = f"{inner}{quote(key)}:  "
            parts.append(head + _pretty(child, len(head)))
        return "{\n" + ",\n".join(parts) + "\n" + close + "}"
    if not node.items:
        return "[\n\n" + close + "]"
    items = [inner + _pretty(child, len(inner)) for child in node.items]
    return "[\n" + ",\n".join(items) + "\n" + close + "]"


def _compact(node: _Node) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, _Obj):
        return "{" + ",".join(f"{quote(k)}:{_compact(v)}" for k, v in node.members) + "}"
    return "[" + ",".join(_compact(v) for v in node.items) + "]"
