"""Shared parts of the utility cmdlets (core_*): parameter types, pipeline input, property
expressions (names, wildcards, script blocks, calculated hashtables) and error records."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from netnat.binding import messages as m
from netnat.binding import types as t
from netnat.binding.decl import Bound, CmdletContext, Param
from netnat.binding.pipeline import target_of
from netnat.errors import CmdletError, ErrorRecord, ParameterBindingError, TerminatingError
from netnat.model.psobject import PSObject
from netnat.model.values import (
    Hashtable,
    ScriptBlockValue,
    get_property,
    like,
    to_string,
    type_name,
)

CORE = "Microsoft.PowerShell.Core"
UTILITY = "Microsoft.PowerShell.Utility"
MANAGEMENT = "Microsoft.PowerShell.Management"
PSOBJECT = "System.Management.Automation.PSObject"
CUSTOM = "System.Management.Automation.PSCustomObject"

# Array-typed so that `-InputObject 1,2` stays one list; a piped object arrives as [obj].
INPUT = t.PType(PSOBJECT, t.Kind.OBJECT, array=True)
OBJECTS = t.PType("System.Object[]", t.Kind.OBJECT, array=True)
SCRIPT = t.PType("System.Management.Automation.ScriptBlock", t.Kind.OBJECT)
SCRIPTS = t.PType("System.Management.Automation.ScriptBlock[]", t.Kind.OBJECT, array=True)


def input_param() -> Param:
    """-InputObject: any value, bound by value from the pipeline."""
    return Param("InputObject", INPUT, by_value=True)


def unwrap(value: object) -> object:
    """An array-typed parameter's value as given: a one-element list is its element."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def input_of(bound: Bound) -> tuple[bool, object]:
    """(given, value) of -InputObject; not given means the command is first in its pipeline."""
    if not bound.has("InputObject"):
        return False, None
    return True, unwrap(bound.get("InputObject"))


def collected(ctx: CmdletContext, key: str = "items") -> list[object]:
    """A list kept in the invocation's scratch space (collecting cmdlets)."""
    items = ctx.scratch.setdefault(key, [])
    assert isinstance(items, list)
    return items


def outputs(values: Sequence[object]) -> object:
    """A script block's output as one value: none -> $null, one -> it, more -> the list."""
    if not values:
        return None
    return values[0] if len(values) == 1 else list(values)


# --- errors -------------------------------------------------------------------------------


def error_record(
    bound: Bound,
    message: str,
    error_id: str,
    category: str,
    reason: str,
    target: object = None,
) -> ErrorRecord:
    """A record written by this cmdlet (`<ErrorId>,<.NET class>`)."""
    name, kind = target_of(target) if target is not None else ("", "")
    return ErrorRecord(
        message=message,
        category=category,
        fqid=f"{error_id},{bound.cmdlet.fqid_suffix}",
        activity=bound.cmdlet.name,
        reason=reason,
        target_name=name,
        target_type=kind,
    )


def item_error(
    bound: Bound, message: str, error_id: str, category: str, reason: str, target: object = None
) -> CmdletError:
    """A non-terminating error for one input object."""
    return CmdletError(error_record(bound, message, error_id, category, reason, target))


def binding_error(bound: Bound, failure: m.Failure) -> ParameterBindingError:
    """A binder-style refusal raised by a cmdlet that checks its arguments itself."""
    cmdlet = bound.cmdlet
    record = m.record(failure, cmdlet.fqid_suffix, cmdlet.name, bound.invocation_name, bound.span)
    return ParameterBindingError(record)


def validation(name: str, detail: str) -> m.Failure:
    """`Cannot validate argument on parameter 'X'. <detail>` (ValidateRange and friends)."""
    return m.Failure(
        "ParameterArgumentValidationError",
        f"Cannot validate argument on parameter '{name}'. {detail}",
        "InvalidData",
        m.VALIDATION,
    )


def check_range(bound: Bound, name: str, low: int, high: int | None = None) -> None:
    """ValidateRange(low, high) on an integer parameter, with PowerShell's texts."""
    value = bound.get(name)
    if not isinstance(value, int):
        return
    if value < low:
        detail = (
            f"The {value} argument is less than the minimum allowed range of {low}. Supply an "
            f"argument that is greater than or equal to {low} and then try the command again."
        )
        raise binding_error(bound, validation(name, detail))
    if high is not None and value > high:
        detail = (
            f"The {value} argument is greater than the maximum allowed range of {high}. Supply "
            f"an argument that is less than or equal to {high} and then try the command again."
        )
        raise binding_error(bound, validation(name, detail))


def cannot_convert(bound: Bound, name: str, value: object, dotnet: str) -> ParameterBindingError:
    """A value the binder let through (OBJECT parameters) that is not of the declared type."""
    shown = "System.Object[]" if isinstance(value, list | tuple) else to_string(value)
    inner = m.cannot_cast(shown, type_name(value), dotnet)
    return binding_error(bound, m.transformation(name, inner, compiled=True))


def key_error(bound: Bound, message: str, error_id: str) -> TerminatingError:
    """A calculated-property hashtable that is not valid (statement-terminating)."""
    record = error_record(bound, message, error_id, "InvalidArgument", "NotSupportedException")
    return TerminatingError(record)


# --- properties ---------------------------------------------------------------------------


def member_names(obj: object) -> list[str]:
    """The property names an object shows to Select-Object and `*` (hashtable keys are not)."""
    if isinstance(obj, PSObject):
        return [name for name in obj.props if name not in obj.hidden]
    if isinstance(obj, Hashtable):
        return ["Count", "Keys", "Values"]
    if isinstance(obj, str):
        return ["Length"]
    if isinstance(obj, list | tuple):
        return ["Count", "Length"]
    return []


def has_member(obj: object, name: str) -> bool:
    if isinstance(obj, PSObject):
        return obj.has(name)
    wanted = name.lower()
    return any(n.lower() == wanted for n in member_names(obj))


def member(obj: object, name: str) -> object:
    """A property's value ($null when missing); a hashtable's keys are not properties."""
    if isinstance(obj, Hashtable):
        return get_property(obj, name) if has_member(obj, name) else None
    return get_property(obj, name)


def canonical(obj: object, name: str) -> str:
    """The property's own spelling when the object has it, else the name as given."""
    wanted = name.lower()
    return next((n for n in member_names(obj) if n.lower() == wanted), name)


def resolve_names(obj: object, pattern: str) -> list[str]:
    """Property names a name or wildcard pattern (`*`, `Tcp*`) denotes on an object."""
    if any(c in pattern for c in "*?["):
        return [n for n in member_names(obj) if like(n, pattern)]
    return [canonical(obj, pattern)]


def hashtable_entry(bound: Bound, table: Hashtable, allowed: Sequence[str]) -> dict[str, object]:
    """A calculated-property hashtable's entries under their full key names.

    A key may be any unique prefix of an allowed name (`n`, `e`, `Exp`); `Label` counts as
    `Name`. Unknown keys and two keys for one entry are refused with PowerShell's texts."""
    found: dict[str, tuple[str, object]] = {}
    for key, value in table.items():
        typed = str(key)
        full = next((a for a in allowed if a.lower().startswith(typed.lower()) and typed), None)
        if full is None:
            raise key_error(bound, f"The {typed} key is not valid.", "DictionaryKeyIllegal")
        full = "Name" if full == "Label" else full
        if full in found:
            first = found[full][0]
            message = f'The duplicated key "{typed}" conflicts with "{first}".'
            raise key_error(bound, message, "DictionaryKeyDuplicate")
        found[full] = (typed, value)
    return {name: value for name, (_, value) in found.items()}


def evaluate(ctx: CmdletContext, obj: object, expression: object) -> object:
    """A property expression's value for one object: a name, or a script block on `$_`."""
    if isinstance(expression, ScriptBlockValue):
        return outputs(ctx.invoke(expression, obj))
    return member(obj, str(expression))


def expressions(ctx: CmdletContext, bound: Bound, obj: object, specs: object) -> Iterator[object]:
    """Values of -Property specs (names, wildcards, script blocks, @{Expression=...})."""
    for spec in specs if isinstance(specs, list) else [specs]:
        if isinstance(spec, Hashtable):
            entry = hashtable_entry(bound, spec, ("Expression",))
            yield evaluate(ctx, obj, entry.get("Expression"))
        elif isinstance(spec, ScriptBlockValue):
            yield evaluate(ctx, obj, spec)
        else:
            for name in resolve_names(obj, str(spec)):
                yield member(obj, name)


def selected_type(obj: object) -> str:
    """`Selected.<.NET type>`: the type Select-Object gives its new objects."""
    if isinstance(obj, PSObject):
        return "Selected." + obj.type_name.split("#", 1)[0]
    return "Selected." + type_name(obj)


def selected(obj: object, props: dict[str, object]) -> PSObject:
    """A Select-Object result: a custom object whose first type name is `Selected.<type>`."""
    return PSObject((selected_type(obj), CUSTOM, "System.Object"), props)
