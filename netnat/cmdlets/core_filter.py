"""Where-Object and ForEach-Object: script blocks per pipeline object and the simplified
`Where-Object Prop -eq value` / `ForEach-Object Name` forms (powershell-subset §6.4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from netnat.binding import messages as m
from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.binding.regex import python_pattern
from netnat.cmdlets.core_common import (
    CORE,
    OBJECTS,
    SCRIPT,
    SCRIPTS,
    binding_error,
    cannot_convert,
    error_record,
    input_of,
    input_param,
    item_error,
    outputs,
    resolve_names,
    unwrap,
)
from netnat.cmdlets.core_methods import call_member
from netnat.errors import TerminatingError
from netnat.model.values import (
    ConversionError,
    ScriptBlockValue,
    compare,
    enumerate_pipeline,
    equals,
    get_property,
    is_true,
    like,
    to_string,
)

SB_SET, PROPERTY_SET, MEMBER_SET = "ScriptBlockSet", "PropertySet", "PropertyAndMethodSet"
SB_TYPE = "System.Management.Automation.ScriptBlock"
Test = Callable[[object, object, bool], object]


def _match(left: object, right: object, cs: bool) -> bool:
    import re

    if left is None:
        return False
    flags = 0 if cs else re.IGNORECASE
    try:
        return re.search(python_pattern(to_string(right)), to_string(left), flags) is not None
    except re.error as bad:
        raise ValueError(f'parsing "{to_string(right)}" - {bad}.') from None


def _contains(collection: object, value: object, cs: bool) -> bool:
    return any(equals(item, value, cs) for item in enumerate_pipeline(collection))


# name -> (test, applies element-wise to an array on the left)
OPERATORS: dict[str, tuple[Test, bool]] = {
    "EQ": (lambda a, b, cs: equals(a, b, cs), True),
    "NE": (lambda a, b, cs: not equals(a, b, cs), True),
    "GT": (lambda a, b, cs: compare(a, b, cs) > 0, True),
    "GE": (lambda a, b, cs: compare(a, b, cs) >= 0, True),
    "LT": (lambda a, b, cs: compare(a, b, cs) < 0, True),
    "LE": (lambda a, b, cs: compare(a, b, cs) <= 0, True),
    "Like": (lambda a, b, cs: like(a, b, cs), True),
    "NotLike": (lambda a, b, cs: not like(a, b, cs), True),
    "Match": (_match, True),
    "NotMatch": (lambda a, b, cs: not _match(a, b, cs), True),
    "Contains": (_contains, False),
    "NotContains": (lambda a, b, cs: not _contains(a, b, cs), False),
    "In": (lambda a, b, cs: _contains(b, a, cs), False),
    "NotIn": (lambda a, b, cs: not _contains(b, a, cs), False),
}
VALUE_NOT_SPECIFIED = (
    "The specified operator requires both the -Property and -Value parameters. Provide values "
    "for both parameters, and then try the command again."
)
OPERATOR_NOT_SPECIFIED = (
    "An operator is required to compare the two specified values. Include a valid operator in "
    "the command, and then try the command again. For example, Get-Process | Where-Object "
    "-Property Name -eq Idle"
)


# --- Where-Object -------------------------------------------------------------------------


def where_object(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    given, obj = input_of(bound)
    if not given:
        return
    script = bound.get("FilterScript")
    if isinstance(script, ScriptBlockValue):
        if is_true(outputs(ctx.invoke(script, obj))):
            yield obj
        return
    if _property_test(ctx, bound, obj):
        yield obj


def _operator(bound: Bound) -> tuple[str, bool] | None:
    """The one operator switch given: (name, case-sensitive); None when there is none."""
    chosen = [
        (name, sensitive)
        for name in OPERATORS
        for sensitive in (False, True)
        if bound.flag(("C" if sensitive else "") + name)
    ]
    if len(chosen) > 1:
        raise binding_error(bound, m.ambiguous_set())
    return chosen[0] if chosen else None


def _property_test(ctx: CmdletContext, bound: Bound, obj: object) -> bool:
    """`Where-Object Prop -op Value`, or `Where-Object Prop` (the property is truthy)."""
    operator = _operator(bound)
    name = bound.get("Property", bound.get("FilterScript"))
    left = None if obj is None else _property(obj, to_string(name))
    if operator is None:
        if bound.has("Value"):
            raise _where_error(bound, OPERATOR_NOT_SPECIFIED, "OperatorNotSpecified")
        return is_true(left)
    if not bound.has("Value"):
        raise _where_error(bound, VALUE_NOT_SPECIFIED, "ValueNotSpecifiedForWhereObject")
    op, sensitive = operator
    test, elementwise = OPERATORS[op]
    right = unwrap(bound.get("Value"))
    try:
        if elementwise and isinstance(left, list):
            return is_true([item for item in left if test(item, right, sensitive)])
        return bool(test(left, right, sensitive))
    except (ConversionError, ValueError) as failure:
        text = f'The operation "-{op.lower()}" failed: {failure}'  # [inf] OperatorFailed
        ctx.write_error(
            item_error(bound, text, "OperatorFailed", "InvalidOperation", "RuntimeException", obj)
        )
        return False


def _property(obj: object, name: str) -> object:
    """A property (or a hashtable's key); a wildcard picks the first matching name."""
    names = resolve_names(obj, name) if any(c in name for c in "*?[") else [name]
    return get_property(obj, names[0]) if names else None


def _where_error(bound: Bound, message: str, error_id: str) -> TerminatingError:
    record = error_record(bound, message, error_id, "InvalidArgument", "PSArgumentException")
    return TerminatingError(record)


# --- ForEach-Object -----------------------------------------------------------------------


def foreach_object(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    given, obj = input_of(bound)
    member = _member_form(bound)
    if member is not None:
        if given:
            yield from call_member(ctx, bound, obj, *member)
        return
    begin, process, _ = _blocks(bound)
    yield from _begin(ctx, begin)
    for block in process:
        yield from ctx.invoke(block, obj)


def foreach_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    if _member_form(bound) is not None:
        return
    begin, _, end = _blocks(bound)
    yield from _begin(ctx, begin)
    if end is not None:
        yield from ctx.invoke(end, None)


def _begin(ctx: CmdletContext, begin: object) -> list[object]:
    """The begin block's output, the first time only (it runs before the first object)."""
    if ctx.scratch.get("begun"):
        return []
    ctx.scratch["begun"] = True
    return ctx.invoke(begin, None) if begin is not None else []


def _member_form(bound: Bound) -> tuple[str, list[object]] | None:
    """(member, arguments) for `ForEach-Object Name [args]` or -MemberName; None otherwise."""
    if bound.has("MemberName"):
        args = bound.get("ArgumentList")
        return str(bound.get("MemberName")), list(args) if isinstance(args, list) else []
    scripts = _given(bound, "Process") + _given(bound, "RemainingScripts")
    if scripts and isinstance(scripts[0], str) and not (bound.has("Begin") or bound.has("End")):
        return scripts[0], scripts[1:]
    return None


def _given(bound: Bound, name: str) -> list[object]:
    value = bound.get(name)
    return list(value) if isinstance(value, list) else []


def _blocks(bound: Bound) -> tuple[object, list[object], object]:
    """(begin, process blocks, end) as PowerShell splits `-Process a,b,c` or `{a} {b}`."""
    for name in ("Begin", "Process", "End", "RemainingScripts"):
        value = bound.get(name)
        for block in value if isinstance(value, list) else [value]:
            if block is not None and not isinstance(block, ScriptBlockValue):
                raise cannot_convert(bound, name, block, SB_TYPE)
    scripts = ([bound.get("Begin")] if bound.has("Begin") else []) + _given(bound, "Process")
    scripts += _given(bound, "RemainingScripts")
    stop, end = len(scripts), bound.get("End")
    if not bound.has("End") and len(scripts) > 2:
        stop -= 1
        end = scripts[stop]
    begin = scripts[0] if stop >= 2 else None
    start = 1 if len(scripts) > 1 else 0
    return begin, [s for s in scripts[start:stop] if s is not None], end


# --- declarations -------------------------------------------------------------------------


def _operator_params() -> tuple[Param, ...]:
    params: list[Param] = []
    for name in OPERATORS:
        params.append(Param(name, t.SWITCH, aliases=("I" + name,), sets=(PROPERTY_SET,)))
        params.append(Param("C" + name, t.SWITCH, sets=(PROPERTY_SET,)))
    return tuple(params)


CMDLETS = (
    Cmdlet(
        "Where-Object",
        where_object,
        (
            input_param(),
            Param("FilterScript", SCRIPT, position=0, mandatory=True, sets=(SB_SET,)),
            Param("Property", t.STRING, position=0, mandatory=True, sets=(PROPERTY_SET,)),
            Param("Value", OBJECTS, position=1, sets=(PROPERTY_SET,)),
            *_operator_params(),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.WhereObjectCommand",
        default_set=SB_SET,
        aliases=("?", "where"),
        synopsis="Passes on the pipeline objects for which a script block or a comparison holds.",
        description=(
            "`Where-Object { $_.Active }` runs the block with `$_` set to each object; the "
            "simplified form `Where-Object Name -eq VMNAT` compares a property with -Value, and "
            "`Where-Object Active` keeps objects whose property is true. Module: " + CORE
        ),
        examples=(
            Example("Get-NetNat | Where-Object Name -like 'VM*'"),
            Example("Get-VMSwitch | Where-Object { $_.SwitchType -eq 'Internal' }"),
        ),
    ),
    Cmdlet(
        "ForEach-Object",
        foreach_object,
        (
            input_param(),
            Param("Begin", SCRIPT, sets=(SB_SET,)),
            Param("Process", SCRIPTS, position=0, mandatory=True, sets=(SB_SET,)),
            Param("End", SCRIPT, sets=(SB_SET,)),
            # stands in for ValueFromRemainingArguments: one more positional block (`% {a} {b}`)
            Param("RemainingScripts", SCRIPTS, position=1, sets=(SB_SET,), remaining=True),
            Param("MemberName", t.STRING, position=0, mandatory=True, sets=(MEMBER_SET,)),
            Param(
                "ArgumentList", OBJECTS, ("Args",), position=1, sets=(MEMBER_SET,), remaining=True
            ),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.ForEachObjectCommand",
        default_set=SB_SET,
        aliases=("%", "foreach"),
        synopsis="Runs a script block for each pipeline object, or reads a property of each.",
        description=(
            "-Begin runs before the first object, -Process for each (`$_` is the object), -End "
            "after the last; `-Process {a},{b},{c}` splits into begin/process/end as PowerShell "
            "does. `ForEach-Object Name` outputs each object's Name property, or calls the "
            "method Name with -ArgumentList. Module: " + CORE
        ),
        examples=(
            Example("Get-NetNat | ForEach-Object { $_.Name }"),
            Example("Get-NetNat | ForEach-Object Name"),
        ),
        end=foreach_end,
    ),
)
