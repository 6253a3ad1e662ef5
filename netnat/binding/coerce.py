"""Converts argument values to parameter types with PowerShell's rules (powershell-subset §2.3).

CLI leniency, because bash has no `$true`: a [bool] parameter also takes the strings true, false,
$true, $false, 1 and 0 (any case), and a switch given a value through a colon (`-Confirm:false`,
`-Confirm:0`, and `-Confirm:` which is what bash leaves of `"-Confirm:$false"`) also takes
false/$false/0/"" as False and true/$true/1 as True. A script's `$false` arrives as a real bool.
"""

from __future__ import annotations

from collections.abc import Callable

from netnat.binding import messages as m
from netnat.binding import types as t
from netnat.binding.decl import ACTION_PREFERENCES, CmdletKind, Param
from netnat.binding.numbers import number_text, parse_number, round_half_even
from netnat.model.enums import NetEnum, display_name, parse_enum
from netnat.model.psobject import PSObject

_TRUE = frozenset({"true", "$true", "1"})
_FALSE = frozenset({"false", "$false", "0"})
_SWITCH_FALSE = _FALSE | {""}
# [string]-kind parameters whose .NET type is really an enum: canonical names by number
_NAMED: dict[str, tuple[str, ...]] = {
    "System.Management.Automation.ActionPreference": ACTION_PREFERENCES,
}
_HEX = frozenset("0123456789abcdefABCDEF")


class Inconvertible(Exception):
    """The inner text of a failed conversion (`Cannot convert value "x" to type ...`)."""


def convert(
    param: Param,
    value: object,
    kind: CmdletKind,
    typed: str | None = None,
    text: str | None = None,
) -> object:
    """`value` converted and validated for `param`; raises messages.Failure.

    `kind` picks the error wrapper (common parameters are bound like a compiled cmdlet's [inf]);
    `typed` is the parameter name as typed (ValidateSet names it); `text` the value's source text.
    """
    if param.mandatory and not param.is_switch:
        _refuse_null(param, value)
    try:
        result = to_type(param.type, value, text)
    except Inconvertible as bad:
        compiled = param.common or kind in (CmdletKind.HYPERV, CmdletKind.BINARY)
        raise m.transformation(param.name, str(bad), compiled) from None
    if param.mandatory and not param.is_switch:
        _refuse_empty(param, result)
    if param.validate_set:
        result = _validate_set(param, result, typed or param.name)
    if param.validate_range is not None:
        _validate_range(param, result, typed or param.name)
    return result


def _validate_range(param: Param, value: object, typed: str) -> None:
    low, high = param.validate_range or (0, None)
    for item in value if isinstance(value, list) else [value]:
        number = isinstance(item, int | float) and not isinstance(item, bool)
        if number and (item < low or (high is not None and item > high)):  # type: ignore[operator]
            raise m.validate_range(typed, item, low, high)


def to_type(ptype: t.PType, value: object, text: str | None = None) -> object:
    """`value` as a `ptype`: arrays element-wise (a scalar is wrapped); raises Inconvertible."""
    if not ptype.array:
        return _scalar(ptype, value, text)
    element = ptype.element()
    if isinstance(value, list | tuple):
        return [_scalar(element, v, None) for v in value]
    return [_scalar(element, value, text)]


def matches(ptype: t.PType, value: object) -> bool:
    """True when `value` already is a `ptype` (pipeline binding without conversion)."""
    if ptype.array and isinstance(value, list | tuple):
        return all(matches(ptype.element(), v) for v in value)
    kind = ptype.kind
    if kind is t.Kind.STRING:
        return isinstance(value, str) and ptype.dotnet.removesuffix("[]") not in _NAMED
    if kind is t.Kind.INT:
        return isinstance(value, int) and not isinstance(value, bool | NetEnum)
    if kind in (t.Kind.BOOL, t.Kind.SWITCH):
        return isinstance(value, bool)
    if kind is t.Kind.ENUM:
        return ptype.enum is not None and isinstance(value, ptype.enum)
    if kind is t.Kind.OBJECT:
        return value is not None and (not ptype.accepts or _accepted(ptype, value))
    return False


def to_text(value: object, text: str | None = None) -> str:
    """PowerShell's string form; a number keeps its source text (`010`, `0x10`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, NetEnum):
        return display_name(value)
    if isinstance(value, int | float):
        if text is not None and parse_number(text) == value:
            return text
        return number_text(value)
    if isinstance(value, list | tuple):
        return " ".join(to_text(v) for v in value)
    if isinstance(value, PSObject):
        return _object_text(value)
    if isinstance(value, dict):
        return "System.Collections.Hashtable"
    return str(value)


def shown(value: object) -> str:
    """A value as error messages quote it (an array shows its type name)."""
    return "System.Object[]" if isinstance(value, list | tuple) else to_text(value)


def type_name(value: object) -> str:
    """The .NET type name of a value, for `value of type "..."` texts."""
    if isinstance(value, PSObject):
        return value.type_name
    if isinstance(value, NetEnum):
        return type(value).dotnet_name()
    simple = {bool: "System.Boolean", str: "System.String", float: "System.Double"}
    if type(value) in simple:
        return simple[type(value)]
    if isinstance(value, int):
        return "System.Int32" if -(2**31) <= value < 2**31 else "System.Int64"
    if isinstance(value, list | tuple):
        return "System.Object[]"
    if isinstance(value, dict):
        return "System.Collections.Hashtable"
    return "System.Object"


# --- one scalar ------------------------------------------------------------------------------


def _scalar(ptype: t.PType, value: object, text: str | None) -> object:
    if isinstance(value, list | tuple) and ptype.kind is not t.Kind.STRING:
        if len(value) != 1:
            raise Inconvertible(m.cannot_cast(shown(value), type_name(value), ptype.dotnet))
        value, text = value[0], None
    return _CONVERTERS[ptype.kind](ptype, value, text)


def _string(ptype: t.PType, value: object, text: str | None) -> object:
    names = _NAMED.get(ptype.dotnet)
    if names is None:
        return to_text(value, text)
    found = _name_in(names, value)
    if found is None:
        raise Inconvertible(_enum_failure(to_text(value, text), ptype.dotnet, list(names)))
    return found


def _integer(ptype: t.PType, value: object, text: str | None) -> object:
    number: int | float | None
    if value is None:
        return 0
    if isinstance(value, int | float):
        number = value
    elif isinstance(value, str):
        number = 0 if not value.strip() else parse_number(value)
        if number is None:
            raise Inconvertible(m.cannot_convert(value, ptype.dotnet, m.FORMAT))
    else:
        raise Inconvertible(m.cannot_cast(shown(value), type_name(value), ptype.dotnet))
    whole = round_half_even(number) if isinstance(number, float) else int(number)
    low, high = ptype.min, ptype.max
    if whole is None or (low is not None and whole < low) or (high is not None and whole > high):
        error = m.out_of_range(ptype.dotnet)
        raise Inconvertible(m.cannot_convert(to_text(value, text), ptype.dotnet, error))
    return whole


def _boolean(ptype: t.PType, value: object, text: str | None) -> object:
    return _truth(ptype, value, _FALSE)


def _switch(ptype: t.PType, value: object, text: str | None) -> object:
    return _truth(ptype, value, _SWITCH_FALSE)


def _truth(ptype: t.PType, value: object, false_words: frozenset[str]) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    if isinstance(value, int | float) and not isinstance(value, NetEnum):
        return value != 0
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in false_words:
            return False
    raise Inconvertible(m.bool_only(type_name(value), ptype.dotnet))


def _enumeration(ptype: t.PType, value: object, text: str | None) -> object:
    cls = ptype.enum
    assert cls is not None, "an enum parameter needs its enum class"
    if isinstance(value, cls):
        return value
    word = to_text(value, text)
    member = parse_enum(cls, word) if isinstance(value, str | int | float) else None
    if member is None:
        names = [display_name(e) for e in sorted(cls, key=int)]  # .NET lists them by value
        raise Inconvertible(_enum_failure(word, ptype.dotnet, names))
    return member


def _name_in(names: tuple[str, ...], value: object) -> str | None:
    """The name `value` spells (case-insensitive) or numbers (its position); None if neither."""
    number: int | float | None = None
    if isinstance(value, str):
        wanted = value.strip().lower()
        match = next((n for n in names if n.lower() == wanted), None)
        if match is not None or not wanted.lstrip("+-").isdigit():
            return match
        number = parse_number(wanted)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    if number is None or (isinstance(number, float) and not number.is_integer()):
        return None
    return names[int(number)] if 0 <= number < len(names) else None


def _enum_failure(text: str, dotnet: str, names: list[str]) -> str:
    """A number that is no member gets §2.3's text, a name §0.1's."""
    numeric = parse_number(text) is not None
    return (m.enum_value if numeric else m.enum_name)(text, dotnet, names)


def _guid(ptype: t.PType, value: object, text: str | None) -> object:
    if not isinstance(value, str):
        raise Inconvertible(m.cannot_cast(shown(value), type_name(value), ptype.dotnet))
    core = value.strip()
    if len(core) >= 2 and core[0] + core[-1] in ("{}", "()"):
        core = core[1:-1]
    if len(core) == 32 and set(core) <= _HEX:
        core = f"{core[:8]}-{core[8:12]}-{core[12:16]}-{core[16:20]}-{core[20:]}"
    groups = core.split("-")
    if [len(g) for g in groups] != [8, 4, 4, 4, 12] or not set("".join(groups)) <= _HEX:
        raise Inconvertible(m.cannot_convert(value, ptype.dotnet, m.GUID_FORMAT))
    return core.lower()


def _object(ptype: t.PType, value: object, text: str | None) -> object:
    if not ptype.accepts or _accepted(ptype, value):
        return value
    raise Inconvertible(m.cannot_cast(shown(value), type_name(value), ptype.dotnet))


def _accepted(ptype: t.PType, value: object) -> bool:
    """A PSObject one of whose type names ends with one of the parameter's `accepts`."""
    if not isinstance(value, PSObject):
        return False
    suffixes = tuple(a.lower() for a in ptype.accepts)
    return any(name.lower().endswith(suffixes) for name in value.type_names)


def _timespan(ptype: t.PType, value: object, text: str | None) -> object:
    from netnat.binding.timespan import parse_timespan

    parsed = parse_timespan(value)
    if parsed is None:
        if isinstance(value, str):
            raise Inconvertible(m.cannot_convert(value, ptype.dotnet, m.TIMESPAN_FORMAT))
        raise Inconvertible(m.cannot_cast(shown(value), type_name(value), ptype.dotnet))
    return parsed


def _credential(ptype: t.PType, value: object, text: str | None) -> object:
    return value


_CONVERTERS: dict[t.Kind, Callable[[t.PType, object, str | None], object]] = {
    t.Kind.STRING: _string,
    t.Kind.INT: _integer,
    t.Kind.BOOL: _boolean,
    t.Kind.SWITCH: _switch,
    t.Kind.ENUM: _enumeration,
    t.Kind.OBJECT: _object,
    t.Kind.GUID: _guid,
    t.Kind.TIMESPAN: _timespan,
    t.Kind.CREDENTIAL: _credential,
}


# --- validation ------------------------------------------------------------------------------


def _refuse_null(param: Param, value: object) -> None:
    items = value if isinstance(value, list | tuple) else [value]
    if value is None or any(v is None for v in items):
        raise m.null_or_empty(param.name, "null")


def _refuse_empty(param: Param, value: object) -> None:
    if isinstance(value, list) and not value:
        raise m.null_or_empty(param.name, "an empty array")
    items = value if isinstance(value, list) else [value]
    if param.type.kind is t.Kind.STRING and any(v == "" for v in items):
        raise m.null_or_empty(param.name, "an empty string")


def _validate_set(param: Param, value: object, typed: str) -> object:
    """Each value must be in the set (case-insensitive); strings take the declared spelling."""
    checked: list[object] = []
    for item in value if isinstance(value, list) else [value]:
        word = to_text(item)
        match = next((a for a in param.validate_set if a.lower() == word.lower()), None)
        if match is None:
            raise m.validate_set(typed, word, param.validate_set)
        checked.append(match if isinstance(item, str) else item)
    return checked if isinstance(value, list) else checked[0]


def _object_text(obj: PSObject) -> str:
    """`@{Name=VMNAT; Active=True}`, a PSCustomObject's string form ([inf] for CIM objects)."""
    return "@{" + "; ".join(f"{k}={to_text(v)}" for k, v in obj.props.items()) + "}"
