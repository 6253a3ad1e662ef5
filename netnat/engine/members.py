"""Member access and method calls: `$s.Trim()`, `$h.ContainsKey()`, `$a.Count`, `[T]::Member`."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable

from netnat.engine.convert import ip_object
from netnat.errors import NetnatError
from netnat.model.psobject import PSObject
from netnat.model.values import (
    ConversionError,
    Hashtable,
    ScriptBlockValue,
    get_property,
    to_number,
    to_string,
    type_name,
)


class MemberError(Exception):
    """No such method, or the method failed; `kind` picks the error text."""

    def __init__(
        self, kind: str, type_name: str, member: str, detail: str = "", exception: str = ""
    ) -> None:
        super().__init__(detail or member)
        self.kind = kind  # "missing" | "failed" | "static"
        self.type_name = type_name
        self.member = member
        self.detail = detail
        self.exception = exception  # the .NET exception of a failed call (its error id)


class DotNetError(ValueError):
    """A .NET method's exception: its type name (the error id) and message."""

    def __init__(self, exception: str, message: str) -> None:
        super().__init__(message)
        self.exception = exception


def _s(args: list[object], i: int, default: str = "") -> str:
    return to_string(args[i]) if len(args) > i else default


def _i(args: list[object], i: int) -> int:
    """An integer argument (strings and doubles convert as .NET would)."""
    try:
        return int(to_number(args[i]))
    except ConversionError as bad:
        raise ValueError(str(bad)) from None


def _chars(args: list[object]) -> str | None:
    return "".join(to_string(a) for a in args) if args else None


STRING_METHODS: dict[str, Callable[[str, list[object]], object]] = {
    "trim": lambda s, a: s.strip(_chars(a)) if a else s.strip(),
    "trimstart": lambda s, a: s.lstrip(_chars(a)) if a else s.lstrip(),
    "trimend": lambda s, a: s.rstrip(_chars(a)) if a else s.rstrip(),
    "toupper": lambda s, a: s.upper(),
    "tolower": lambda s, a: s.lower(),
    "tostring": lambda s, a: s,
    "startswith": lambda s, a: s.startswith(_s(a, 0)),
    "endswith": lambda s, a: s.endswith(_s(a, 0)),
    "contains": lambda s, a: _s(a, 0) in s,
    "indexof": lambda s, a: s.find(_s(a, 0)),
    "lastindexof": lambda s, a: s.rfind(_s(a, 0)),
    "replace": lambda s, a: s.replace(_s(a, 0), _s(a, 1)),
    "split": lambda s, a: _split(s, a),
    "substring": lambda s, a: _substring(s, a),
    "padleft": lambda s, a: s.rjust(_i(a, 0), _s(a, 1, " ")),
    "padright": lambda s, a: s.ljust(_i(a, 0), _s(a, 1, " ")),
    "equals": lambda s, a: s == _s(a, 0),
    "insert": lambda s, a: s[: _i(a, 0)] + _s(a, 1) + s[_i(a, 0) :],
    "remove": lambda s, a: s[: _i(a, 0)] + (s[_i(a, 0) + _i(a, 1) :] if len(a) > 1 else ""),
}


def _split(s: str, args: list[object]) -> list[object]:
    seps = _chars(args)
    if not seps:
        return list(re.split(r"\s", s))  # .Split(): every white-space character splits
    out, current = [], ""
    for ch in s:
        if ch in seps:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return list(out)


def _substring(s: str, args: list[object]) -> str:
    start = _i(args, 0)
    if start > len(s):
        raise DotNetError(
            "ArgumentOutOfRangeException",
            "startIndex cannot be larger than length of string.\nParameter name: startIndex",
        )
    if len(args) > 1:
        length = _i(args, 1)
        if start + length > len(s):
            raise DotNetError(
                "ArgumentOutOfRangeException",
                "Index and length must refer to a location within the string.\n"
                "Parameter name: length",
            )
        return s[start : start + length]
    return s[start:]


def _list_method(items: list[object], name: str, args: list[object]) -> object:
    from netnat.model.values import equals

    if name == "contains":
        return any(equals(i, args[0]) for i in items) if args else False
    if name == "indexof":
        return next((n for n, i in enumerate(items) if equals(i, args[0] if args else None)), -1)
    if name in ("add", "remove", "clear", "insert"):
        raise DotNetError("NotSupportedException", "Collection was of a fixed size.")
    if name == "tostring":
        return "System.Object[]"
    raise MemberError("missing", "System.Object[]", name)


def _hashtable_method(table: Hashtable, name: str, args: list[object]) -> object:
    if name == "containskey":
        return args[0] in table if args else False
    if name == "containsvalue":
        from netnat.model.values import equals

        return any(equals(v, args[0]) for v in table.values()) if args else False
    if name == "add":
        if args[0] in table:
            raise DotNetError(
                "ArgumentException",
                f"Item has already been added. Key in dictionary: '{to_string(args[0])}'  "
                f"Key being added: '{to_string(args[0])}'",
            )
        table[args[0]] = args[1] if len(args) > 1 else None
        return None
    if name == "remove":
        table.pop(args[0], None)
        return None
    if name == "clear":
        table.clear()
        return None
    if name == "tostring":
        return "System.Collections.Hashtable"
    if name == "getenumerator":  # DictionaryEntry objects: Name (Key) and Value
        return [
            PSObject(
                ("System.Collections.DictionaryEntry", "System.Object"),
                {"Name": key, "Key": key, "Value": value},
                hidden=frozenset({"Key"}),
            )
            for key, value in table.items()
        ]
    raise MemberError("missing", "System.Collections.Hashtable", name)


_BASE_TYPES = {
    "System.Object[]": "System.Array",
    "System.String": "System.Object",
    "System.Collections.Hashtable": "System.Object",
    "System.Management.Automation.PSCustomObject": "System.Object",
}


def type_object(value: object) -> PSObject:
    """`$x.GetType()`: a System.RuntimeType with Name, FullName and BaseType."""
    full = type_name(value)
    value_type = isinstance(value, bool | int | float) or full.startswith("System.Int")
    base = _BASE_TYPES.get(full, "System.ValueType" if value_type else "System.Object")
    props: dict[str, object] = {
        "IsPublic": True,
        "IsSerial": True,
        "Name": full.rsplit(".", 1)[-1],
        "BaseType": base,
        "FullName": full,
    }
    return PSObject(("System.RuntimeType",), props, text=full)


def call_method(target: object, name: str, args: list[object]) -> object:
    """`$target.Name(args)` for the data types runbooks use; raises MemberError."""
    lowered = name.lower()
    if lowered == "gettype" and not args:
        return type_object(target)
    try:
        if isinstance(target, str):
            method = STRING_METHODS.get(lowered)
            if method is None:
                raise MemberError("missing", "System.String", name)
            return method(target, args)
        if isinstance(target, Hashtable):
            return _hashtable_method(target, lowered, args)
        if isinstance(target, PSObject):
            return _object_method(target, name, args)
        if isinstance(target, list | tuple):
            return _list_method(list(target), lowered, args)
        if lowered == "tostring":
            return to_string(target)
        if lowered == "equals":
            from netnat.model.values import equals

            return equals(target, args[0] if args else None)
    except MemberError:
        raise
    except (ValueError, TypeError, IndexError) as failed:
        exception = getattr(failed, "exception", "MethodInvocationException")
        raise MemberError("failed", type_name(target), name, str(failed), exception) from None
    raise MemberError("missing", type_name(target), name)


def _object_method(obj: PSObject, name: str, args: list[object]) -> object:
    for key, method in (obj.methods or {}).items():
        if key.lower() == name.lower():
            try:
                return method(*args)
            except NetnatError as failed:  # a .NET method's exception: MethodInvocationException
                record = failed.record
                raise MemberError(
                    "failed", obj.type_name, key, record.message, record.reason
                ) from None
    if name.lower() == "tostring":
        return to_string(obj)
    raise MemberError("missing", obj.type_name, name)


def get_member(target: object, name: str) -> object:
    """`$target.Name`: properties of data objects; $null when there is none."""
    if isinstance(target, ScriptBlockValue):
        return None
    if isinstance(target, str) and name.lower() == "count":
        return 1  # every scalar has a Count of 1 (rule 5); a string's Length is its own
    return get_property(target, name)


def _ip_parse(text: object) -> object:
    try:
        return ip_object(ipaddress.ip_address(to_string(text).strip()))
    except ValueError:
        raise DotNetError("FormatException", "An invalid IP address was specified.") from None


STATIC: dict[tuple[str, str], Callable[..., object]] = {
    ("ipaddress", "parse"): _ip_parse,
    ("ipaddress", "any"): lambda: ip_object(ipaddress.IPv4Address(0)),
    ("string", "isnullorempty"): lambda s=None: s is None or to_string(s) == "",
    ("string", "isnullorwhitespace"): lambda s=None: s is None or to_string(s).strip() == "",
    ("string", "join"): lambda sep, *items: to_string(sep).join(
        to_string(i) for it in items for i in (it if isinstance(it, list) else [it])
    ),
    ("string", "empty"): lambda: "",
    ("int", "maxvalue"): lambda: 2**31 - 1,
    ("int", "minvalue"): lambda: -(2**31),
    ("math", "round"): lambda v, d=0: round(float(v), int(d)),
    ("math", "floor"): lambda v: math.floor(float(v)),
    ("math", "ceiling"): lambda v: math.ceil(float(v)),
    ("math", "max"): lambda a, b: max(a, b),
    ("math", "min"): lambda a, b: min(a, b),
    ("math", "pow"): lambda a, b: float(a) ** float(b),
    ("math", "sqrt"): lambda a: math.sqrt(float(a)),
    ("math", "abs"): lambda a: abs(a),
    ("math", "pi"): lambda: math.pi,
    ("timespan", "maxvalue"): lambda: "10675199.02:48:05.4775807",
    ("environment", "newline"): lambda: "\n",
    ("environment", "machinename"): lambda: "NETNAT-HOST",
}
PROPERTIES = {"any", "empty", "maxvalue", "minvalue", "pi", "newline", "machinename"}


def static_member(type_key: str, name: str, args: list[object] | None) -> object:
    """`[T]::Name` (args None) or `[T]::Name(args)`; raises MemberError."""
    lowered = name.lower()
    handler = STATIC.get((type_key, lowered))
    if handler is None or (args is None) != (lowered in PROPERTIES):
        raise MemberError("static", type_key, name)
    try:
        return handler(*(args or []))
    except (ValueError, TypeError) as failed:
        exception = getattr(failed, "exception", "MethodInvocationException")
        raise MemberError("failed", type_key, name, str(failed), exception) from None
