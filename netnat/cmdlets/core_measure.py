"""Measure-Object and Group-Object: count, sum and group pipeline objects in the end step."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.core_common import (
    OBJECTS,
    UTILITY,
    collected,
    expressions,
    has_member,
    input_of,
    input_param,
    item_error,
    member,
    resolve_names,
)
from netnat.model.psobject import PSObject
from netnat.model.values import ConversionError, Hashtable, compare, to_number, to_string
from netnat.record import dataclass

THIS = "$_"  # the statistics key when no -Property is given
T_GENERIC = "Microsoft.PowerShell.Commands.GenericMeasureInfo"
T_OBJECT = "Microsoft.PowerShell.Commands.GenericObjectMeasureInfo"
T_GROUP = "Microsoft.PowerShell.Commands.GroupInfo"
T_GROUP_NO_ELEMENT = "Microsoft.PowerShell.Commands.GroupInfoNoElement"


@dataclass(slots=True)
class Stat:
    """What Measure-Object has seen of one property."""

    name: str
    count: int = 0
    sum: float = 0.0
    minimum: object = None
    maximum: object = None


# --- Measure-Object -----------------------------------------------------------------------


def measure_object(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    given, obj = input_of(bound)
    if not given or obj is None:
        return iter(())
    patterns = bound.strs("Property")
    if patterns is None:
        _analyze(ctx, bound, _stat(ctx, THIS), obj)
        return iter(())
    counted: set[str] = set()
    for pattern in patterns:
        names = [n for n in resolve_names(obj, pattern) if has_member(obj, n)]
        if not names and not any(c in pattern for c in "*?["):
            _stat(ctx, pattern)  # remembered, so a property no object has is reported
        for name in names:
            if name.lower() not in counted:
                counted.add(name.lower())
                _analyze(ctx, bound, _stat(ctx, name), member(obj, name))
    return iter(())


def measure_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    stats = _stats(ctx)
    by_property = bound.has("Property")
    if not stats and not by_property:
        _stat(ctx, THIS)
    for stat in stats.values():
        if stat.count == 0 and by_property:
            message = f'The property "{stat.name}" cannot be found in the input for any objects.'
            error_id, reason = "GenericMeasurePropertyNotFound", "PSArgumentException"
            ctx.write_error(item_error(bound, message, error_id, "InvalidArgument", reason))
            continue
        yield _measure_info(ctx, bound, stat)


def _stats(ctx: CmdletContext) -> dict[str, Stat]:
    stats = ctx.scratch.setdefault("stats", {})
    assert isinstance(stats, dict)
    return stats


def _stat(ctx: CmdletContext, name: str) -> Stat:
    """The statistics of a property (names are case-insensitive), created on first use."""
    return _stats(ctx).setdefault(name.lower(), Stat(name))


def _analyze(ctx: CmdletContext, bound: Bound, stat: Stat, value: object) -> None:
    stat.count += 1
    if bound.flag("Sum") or bound.flag("Average"):
        number = _number(value)
        if number is None:
            ctx.scratch["non_numeric"] = True
            message = f'Input object "{to_string(value)}" is not numeric.'
            error_id, reason = "NonNumericInputObject", "PSInvalidOperationException"
            ctx.write_error(item_error(bound, message, error_id, "InvalidType", reason, value))
            return
        stat.sum += number
    if bound.flag("Minimum") and (stat.minimum is None or _order(value, stat.minimum) < 0):
        stat.minimum = value
    if bound.flag("Maximum") and (stat.maximum is None or _order(value, stat.maximum) > 0):
        stat.maximum = value


def _number(value: object) -> float | None:
    """The value as a double ($null is 0), or None when it is not numeric."""
    if isinstance(value, PSObject | Hashtable | list | tuple):
        return None
    try:
        return float(to_number(value))
    except (ConversionError, ValueError, TypeError):
        return None


def _order(a: object, b: object) -> int:
    """-Minimum/-Maximum: numbers as doubles, anything else by its string form."""
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        return (x > y) - (x < y)
    return compare(to_string(a), to_string(b))


def _measure_info(ctx: CmdletContext, bound: Bound, stat: Stat) -> PSObject:
    numeric = all(v is None or _number(v) is not None for v in (stat.minimum, stat.maximum))
    valid = not ctx.scratch.get("non_numeric")

    def extreme(value: object) -> object:
        return _number(value) if numeric and value is not None else value

    props: dict[str, object] = {
        "Count": stat.count,
        "Average": stat.sum / stat.count
        if valid and bound.flag("Average") and stat.count
        else None,
        "Sum": stat.sum if valid and bound.flag("Sum") else None,
        "Maximum": extreme(stat.maximum),
        "Minimum": extreme(stat.minimum),
        "Property": stat.name if bound.has("Property") else None,
    }
    return PSObject((T_GENERIC if numeric else T_OBJECT, "System.Object"), props)


# --- Group-Object -------------------------------------------------------------------------


def group_object(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    given, obj = input_of(bound)
    if given:
        collected(ctx).append(obj)
    return iter(())


def group_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    groups: dict[tuple[str, ...], tuple[list[object], list[object]]] = {}
    specs = bound.get("Property")
    for obj in collected(ctx):
        values = [obj] if specs is None else list(expressions(ctx, bound, obj, specs))
        key = tuple(_group_key(v, bound.flag("CaseSensitive")) for v in values)
        groups.setdefault(key, (values, []))[1].append(obj)
    if bound.flag("AsHashTable"):
        yield _as_hashtable(bound, groups.values())
        return
    for values, items in groups.values():
        yield _group_info(bound, values, items)


def _group_key(value: object, sensitive: bool) -> str:
    text = to_string(value)
    return text if sensitive else text.lower()


def _name(values: list[object]) -> str:
    return ", ".join(to_string(v) for v in values)


def _group_info(bound: Bound, values: list[object], items: list[object]) -> PSObject:
    if bound.flag("NoElement"):
        props: dict[str, object] = {"Count": len(items), "Name": _name(values)}
        return PSObject((T_GROUP_NO_ELEMENT, T_GROUP, "System.Object"), props)
    props = {"Count": len(items), "Name": _name(values), "Group": items, "Values": values}
    return PSObject((T_GROUP, "System.Object"), props, hidden=frozenset({"Values"}))


def _as_hashtable(bound: Bound, groups: Iterable[tuple[list[object], list[object]]]) -> Hashtable:
    """-AsHashTable: group value -> the objects (keys are strings with -AsString)."""
    table = Hashtable()
    for values, items in groups:
        single = len(values) == 1 and not bound.flag("AsString")
        table[values[0] if single else _name(values)] = items
    return table


# --- declarations -------------------------------------------------------------------------

CMDLETS = (
    Cmdlet(
        "Measure-Object",
        measure_object,
        (
            input_param(),
            Param("Property", t.STRING_ARRAY, position=0),
            Param("Sum", t.SWITCH),
            Param("Average", t.SWITCH),
            Param("Maximum", t.SWITCH),
            Param("Minimum", t.SWITCH),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.MeasureObjectCommand",
        aliases=("measure",),
        synopsis="Counts objects and sums, averages or finds the extremes of a property.",
        description=(
            "Outputs Count, Average, Sum, Maximum, Minimum and Property (a list: six "
            "properties); only the statistics asked for are filled, the others are $null. "
            "$null input objects are not counted. Module: " + UTILITY
        ),
        examples=(
            Example("Get-NetNatStaticMapping | Measure-Object"),
            Example("Get-NetNat | Measure-Object -Property UdpIdleSessionTimeout -Sum -Maximum"),
        ),
        end=measure_end,
    ),
    Cmdlet(
        "Group-Object",
        group_object,
        (
            input_param(),
            Param("Property", OBJECTS, position=0),
            Param("NoElement", t.SWITCH),
            Param("AsHashTable", t.SWITCH),
            Param("AsString", t.SWITCH),
            Param("CaseSensitive", t.SWITCH),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.GroupObjectCommand",
        aliases=("group",),
        synopsis="Groups objects that have the same property values.",
        description=(
            "Outputs one object per group with Count, Name (the values joined by ', ') and "
            "Group (the objects), in order of first appearance; values compare "
            "case-insensitively unless -CaseSensitive. Module: " + UTILITY
        ),
        examples=(Example("Get-NetNatStaticMapping | Group-Object Protocol"),),
        end=group_end,
    ),
)
