"""PowerShell value semantics shared by the engine and the utility cmdlets: string forms,
truthiness, numbers, comparison with conversion to the left operand's type, wildcards and
property access (powershell-subset §5.4, §6.2, §6.3)."""

from __future__ import annotations

import math
from collections.abc import Iterator, MutableMapping
from decimal import Decimal
from enum import IntEnum

from netnat.model.psobject import PSObject


class ConversionError(Exception):
    """A value that cannot become the wanted type; the message is PowerShell's."""


class Hashtable(MutableMapping[object, object]):
    """`@{}`: case-insensitive string keys, kept in insertion order (netnat's documented
    deviation: PowerShell's own order is a hash order)."""

    def __init__(self, items: dict[object, object] | None = None) -> None:
        self._data: dict[object, tuple[object, object]] = {}
        for key, value in (items or {}).items():
            self[key] = value

    @staticmethod
    def _fold(key: object) -> object:
        return key.lower() if isinstance(key, str) else key

    def __getitem__(self, key: object) -> object:
        return self._data[self._fold(key)][1]

    def __setitem__(self, key: object, value: object) -> None:
        folded = self._fold(key)
        original = self._data[folded][0] if folded in self._data else key
        self._data[folded] = (original, value)

    def __delitem__(self, key: object) -> None:
        del self._data[self._fold(key)]

    def __iter__(self) -> Iterator[object]:
        return (k for k, _ in self._data.values())

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return self._fold(key) in self._data

    def __repr__(self) -> str:
        return f"Hashtable({dict(self.items())!r})"


class ScriptBlockValue:
    """A `{ ... }` value: its source text and the parsed body (an AST the engine runs)."""

    def __init__(self, text: str, body: object) -> None:
        self.text = text
        self.body = body

    def __str__(self) -> str:
        return self.text


def g15(value: float) -> str:
    """A double as .NET's "G15"/invariant culture prints it (`0.3`, `1E+15`, `Infinity`)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15G}"
    if "E" in text:
        mantissa, exp = text.split("E")
        sign = exp[0]
        return f"{mantissa}E{sign}{exp[1:].lstrip('0').zfill(2)}"
    return text


def to_string(value: object, ofs: str = " ") -> str:
    """A value's string form, as string expansion and [string] casts produce it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, IntEnum):
        return str(value)
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return g15(value)
    if isinstance(value, list | tuple):
        return ofs.join(to_string(v, ofs) for v in value)
    if isinstance(value, Hashtable):
        return "System.Collections.Hashtable"
    if isinstance(value, PSObject):
        return value.text if value.text is not None else object_string(value)
    return str(value)


def object_string(obj: PSObject) -> str:
    """`@{Name=VMNAT; Active=True}`: how a custom or CIM object reads as a string."""
    inner = "; ".join(f"{k}={to_string(v)}" for k, v in obj.props.items())
    return "@{" + inner + "}"


def is_true(value: object) -> bool:
    """PowerShell truthiness: $null, $false, 0, '' and empty arrays are false."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal):
        return value != 0
    if isinstance(value, str):
        return value != ""
    if isinstance(value, list | tuple):
        if not value:
            return False
        return is_true(value[0]) if len(value) == 1 else True
    return True


def parse_number(text: str) -> int | float:
    """A string as PowerShell converts it to a number ("24", " 0x18 ", "1kb", "2.5", "")."""
    s = text.strip().replace("_", "")
    if s == "":
        return 0
    multiplier = 1
    lower = s.lower()
    for suffix, factor in (
        ("kb", 1024),
        ("mb", 1024**2),
        ("gb", 1024**3),
        ("tb", 1024**4),
        ("pb", 1024**5),
    ):
        if lower.endswith(suffix):
            multiplier, s, lower = factor, s[:-2], lower[:-2]
            break
    try:
        if lower.startswith(("0x", "-0x", "+0x")):
            number: int | float = int(s, 16)
        elif any(c in lower for c in ".e") or lower in ("infinity", "-infinity", "nan"):
            number = float(s)
        else:
            number = int(s)
    except ValueError:
        raise ConversionError(
            f'Cannot convert value "{text}" to type "System.Int32". Error: "Input string was '
            'not in a correct format."'
        ) from None
    return number * multiplier


def to_number(value: object) -> int | float | Decimal:
    """A value as a number for arithmetic; strings are parsed, $null is 0."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return value
    if isinstance(value, str):
        return parse_number(value)
    if isinstance(value, list | tuple) and len(value) == 1:
        return to_number(value[0])
    raise ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{type_name(value)}" to type '
        '"System.Int32".'
    )


def type_name(value: object) -> str:
    """The .NET type name PowerShell would report for a value."""
    if value is None:
        return "null"
    names = {
        str: "System.String",
        bool: "System.Boolean",
        int: "System.Int32",
        float: "System.Double",
        Decimal: "System.Decimal",
        list: "System.Object[]",
        tuple: "System.Object[]",
        Hashtable: "System.Collections.Hashtable",
    }
    for cls, name in names.items():
        if type(value) is cls:
            if cls is int and not -(2**31) <= value < 2**31:  # type: ignore[operator]
                return "System.Int64"
            return name
    if isinstance(value, PSObject):
        return value.type_name
    if isinstance(value, ScriptBlockValue):
        return "System.Management.Automation.ScriptBlock"
    if isinstance(value, IntEnum):
        return type(value).__name__
    return type(value).__name__


def convert_like(template: object, value: object) -> object:
    """Convert `value` to the type of `template` (the left operand of a comparison)."""
    if isinstance(template, bool):
        return is_true(value)
    if isinstance(template, IntEnum) and isinstance(value, str):
        for member in type(template):
            if str(member).lower() == value.strip().lower():
                return member
        raise ConversionError(f'Cannot convert value "{value}" to type "{type_name(template)}".')
    if isinstance(template, int | float | Decimal) and not isinstance(value, int | float):
        return to_number(value)
    if isinstance(template, str):
        return to_string(value)
    return value


def equals(left: object, right: object, case_sensitive: bool = False) -> bool:
    """`-eq` for a scalar left operand: the right side converted to the left side's type."""
    if left is None or right is None:
        return left is None and right is None
    try:
        right = convert_like(left, right)
    except ConversionError:
        return False
    if isinstance(left, str) and isinstance(right, str):
        return left == right if case_sensitive else left.lower() == right.lower()
    if isinstance(left, IntEnum) and isinstance(right, int):
        return int(left) == int(right)
    return left == right


def compare(left: object, right: object, case_sensitive: bool = False) -> int:
    """-1, 0 or 1 for -lt/-gt and sorting; strings compare case-insensitively by default."""
    if left is None or right is None:
        return (left is not None) - (right is not None)
    right = convert_like(left, right)
    if isinstance(left, str) and isinstance(right, str) and not case_sensitive:
        left, right = left.lower(), right.lower()
    try:
        return int((left > right) - (left < right))  # type: ignore[operator]
    except TypeError:
        a, b = to_string(left), to_string(right)
        return (a > b) - (a < b)


def wildcard_regex(pattern: str) -> str:
    """A -like pattern (`*`, `?`, `[a-z]`, backtick escapes) as an anchored regex."""
    import re

    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "`" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                out.append("[" + pattern[i + 1 : end].replace("\\", "\\\\") + "]")
                i = end
        else:
            out.append(re.escape(c))
        i += 1
    return "\\A(?:" + "".join(out) + ")\\Z"


def like(text: object, pattern: object, case_sensitive: bool = False) -> bool:
    """`-like`: a whole-string wildcard match."""
    import re

    flags = 0 if case_sensitive else re.IGNORECASE
    return re.match(wildcard_regex(to_string(pattern)), to_string(text), flags | re.S) is not None


def enumerate_pipeline(value: object) -> list[object]:
    """What a value writes to the pipeline: arrays unroll, everything else is one object."""
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def get_property(obj: object, name: str) -> object:
    """`$obj.Name` for data objects (PSObject, hashtable, string, array); $null when missing."""
    if isinstance(obj, PSObject):
        if not obj.has(name) and name.lower() in ("count", "length"):
            return 1
        return obj.get(name)
    if isinstance(obj, Hashtable):
        if name in obj:
            return obj[name]
        lowered = name.lower()
        if lowered == "count":
            return len(obj)
        if lowered == "keys":
            return list(obj.keys())
        if lowered == "values":
            return list(obj.values())
        return None
    lowered = name.lower()
    if isinstance(obj, str):
        return len(obj) if lowered == "length" else None
    if isinstance(obj, list | tuple):
        if lowered in ("count", "length"):
            return len(obj)
        found = [get_property(item, name) for item in obj]  # member enumeration
        found = [f for f in found if f is not None]
        return found[0] if len(found) == 1 else (found or None)
    if lowered in ("count", "length"):
        return 0 if obj is None else 1
    if isinstance(obj, IntEnum) and lowered == "value__":
        return int(obj)
    return (
        getattr(obj, name, None)
        if not name.startswith("_") and not callable(getattr(obj, name, None))
        else None
    )
