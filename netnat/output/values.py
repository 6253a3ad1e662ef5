"""Value strings as Windows PowerShell 5.1 prints them: scalars, table cells and list values."""

from __future__ import annotations

from collections.abc import Mapping
from math import isinf, isnan

from netnat.model.enums import NetEnum
from netnat.model.psobject import PSObject

ENUMERATION_LIMIT = 4  # $FormatEnumerationLimit
ELLIPSIS = "..."  # 5.1 (PowerShell 7 prints the single character U+2026)


def format_double(value: float) -> str:
    """A double as .NET's `G15` in the invariant culture: `0.3`, `1E+15`, `1.5E-07`."""
    if isnan(value):
        return "NaN"
    if isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return f"{value:.15G}"


def to_string(value: object) -> str:
    """PowerShell's string form of a value (what `"$x"` gives for a single value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, NetEnum):
        return str(value)
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return format_double(value)
    if isinstance(value, str):
        return value
    if isinstance(value, PSObject):
        return value.text if value.text is not None else custom_object_text(value)
    if isinstance(value, Mapping):
        return "System.Collections.Hashtable"
    if isinstance(value, list | tuple):
        return "System.Object[]"
    return str(value)


def custom_object_text(obj: PSObject) -> str:
    """`@{Name=VMNAT; Active=True}`: a `[pscustomobject]` converted to a string."""
    pairs = (f"{name}={to_string(value)}" for name, value in visible_props(obj).items())
    return "@{" + "; ".join(pairs) + "}"


def enumeration_text(items: list[object] | tuple[object, ...]) -> str:
    """An array in a cell: `{a, b, c, d...}` (at most $FormatEnumerationLimit items)."""
    shown = ", ".join(to_string(item) for item in items[:ENUMERATION_LIMIT])
    more = ELLIPSIS if len(items) > ENUMERATION_LIMIT else ""
    return "{" + shown + more + "}"


def cell_text(value: object) -> str:
    """A property value as a table cell or list row shows it (arrays enumerated)."""
    if isinstance(value, list | tuple):
        return enumeration_text(value)
    return to_string(value)


def is_right_aligned(value: object) -> bool:
    """Numbers, booleans and enums are right-aligned in tables; everything else left."""
    return isinstance(value, int | float)  # bool and NetEnum are ints


def is_scalar(value: object) -> bool:
    """Values Out-Default prints as one line each via their string form."""
    return value is None or isinstance(value, str | int | float)


def visible_props(obj: PSObject) -> dict[str, object]:
    """The properties `Format-List *` shows: all but the hidden ones."""
    if not obj.hidden:
        return obj.props
    return {name: value for name, value in obj.props.items() if name not in obj.hidden}


def cut(text: str, width: int) -> str:
    """Cut a cell to `width` characters; a cut cell ends with `...` (5.1)."""
    if len(text) <= width:
        return text
    if width <= len(ELLIPSIS):
        return text[:width]
    return text[: width - len(ELLIPSIS)] + ELLIPSIS
