"""Advanced functions: `[CmdletBinding()]` and `[Parameter()]` turned into a Cmdlet declaration,
so script functions bind exactly like cmdlets (common parameters, sets, pipeline input)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletKind, Impact, Param
from netnat.engine.should import ShouldProcess
from netnat.lang import ast
from netnat.model.psobject import PSObject
from netnat.model.values import is_true, to_string

if TYPE_CHECKING:
    from netnat.engine.base import EvaluatorBase

TYPES: dict[str, t.PType] = {
    "string": t.STRING,
    "string[]": t.STRING_ARRAY,
    "int": t.INT32,
    "int32": t.INT32,
    "long": t.INT64,
    "byte": t.BYTE,
    "uint16": t.UINT16,
    "uint32": t.UINT32,
    "bool": t.BOOL,
    "switch": t.SWITCH,
    "int[]": t.PType("System.Int32[]", t.Kind.INT, True, min=-(2**31), max=2**31 - 1),
}


def is_advanced(node: ast.FunctionDefinition) -> bool:
    block = node.body.param_block
    if block is None:
        return False
    if any(a.type.name.lower() == "cmdletbinding" for a in block.attributes):
        return True
    return any(
        isinstance(a, ast.Attribute) and a.type.name.lower() == "parameter"
        for p in block.parameters
        for a in p.attributes
    )


def _never(ctx: object, bound: Bound) -> Iterator[object]:
    return iter(())


def _named(ev: EvaluatorBase, attribute: ast.Attribute) -> dict[str, object]:
    values: dict[str, object] = {}
    for arg in attribute.named:
        values[arg.name.lower()] = True if arg.value is None else ev.eval(arg.value)
    return values


def validations(
    ev: EvaluatorBase, node: ast.ParameterNode
) -> tuple[tuple[str, ...], tuple[int, int | None] | None]:
    """A parameter's [ValidateSet(...)] choices and [ValidateRange(min, max)] bounds."""
    choices: tuple[str, ...] = ()
    bounds: tuple[int, int | None] | None = None
    for attribute in node.attributes:
        if not isinstance(attribute, ast.Attribute):
            continue
        kind = attribute.type.name.lower()
        if kind == "validateset":
            choices = tuple(to_string(ev.eval(a)) for a in attribute.positional)
        elif kind == "validaterange" and len(attribute.positional) == 2:
            low, high = (ev.eval(a) for a in attribute.positional)
            if isinstance(low, int) and isinstance(high, int):
                bounds = (low, high)
    return choices, bounds


def _param(ev: EvaluatorBase, node: ast.ParameterNode, index: int, positional: bool) -> Param:
    ptype = TYPES.get((node.type.full_name if node.type else "object").lower(), t.OBJECT)
    aliases: list[str] = []
    settings: dict[str, object] = {}
    for attribute in node.attributes:
        if not isinstance(attribute, ast.Attribute):
            continue
        kind = attribute.type.name.lower()
        if kind == "parameter":
            settings.update(_named(ev, attribute))
        elif kind == "alias":
            aliases += [to_string(ev.eval(a)) for a in attribute.positional]
    choices, bounds = validations(ev, node)
    position = settings.get("position")
    if position is None and positional and ptype.kind is not t.Kind.SWITCH:
        position = index
    set_name = settings.get("parametersetname")
    return Param(
        node.variable.name,
        ptype,
        tuple(aliases),
        position=int(position) if position is not None else None,  # type: ignore[call-overload]
        mandatory=is_true(settings.get("mandatory")),
        sets=(to_string(set_name),) if set_name else (),
        by_value=is_true(settings.get("valuefrompipeline")),
        by_property_name=is_true(settings.get("valuefrompipelinebypropertyname")),
        validate_set=choices,
        validate_range=bounds,
    )


def advanced_cmdlet(ev: EvaluatorBase, node: ast.FunctionDefinition) -> Cmdlet:
    """The declaration a binder needs for an advanced function."""
    block = node.body.param_block
    assert block is not None
    binding: dict[str, object] = {}
    for attribute in block.attributes:
        if attribute.type.name.lower() == "cmdletbinding":
            binding = _named(ev, attribute)
    explicit = any(
        isinstance(a, ast.Attribute) and any(n.name.lower() == "position" for n in a.named)
        for p in block.parameters
        for a in p.attributes
    )
    positional = not explicit and binding.get("positionalbinding", True) is not False
    params = tuple(_param(ev, p, i, positional) for i, p in enumerate(block.parameters))
    impact = to_string(binding.get("confirmimpact", "Medium")).upper()
    return Cmdlet(
        node.name,
        _never,
        params,
        kind=CmdletKind.FUNCTION,
        default_set=to_string(binding.get("defaultparametersetname") or "__AllParameterSets"),
        should_process=is_true(binding.get("supportsshouldprocess")),
        confirm_impact=Impact[impact] if impact in Impact.__members__ else Impact.MEDIUM,
    )


def pscmdlet_object(ev: EvaluatorBase, line: Bound) -> PSObject:
    """`$PSCmdlet` for one invocation of an advanced function: ShouldProcess(target[, action])
    on the function's own -WhatIf/-Confirm (and the preferences it sees); Yes/No to All stick
    for the whole invocation."""
    decide = ShouldProcess(ev.session.host, ev.session.prefs, line)
    name = line.invocation_name or line.cmdlet.name

    def should_process(target: object, action: object = None, *rest: object) -> bool:
        if rest:  # (verboseDescription, verboseWarning, caption)
            return decide(to_string(target))
        verb = to_string(action) if action is not None else name
        return decide(f'Performing the operation "{verb}" on target "{to_string(target)}".')

    def should_continue(query: object, caption: object = "Confirm", *rest: object) -> bool:
        return decide.should_continue(to_string(query), to_string(caption))

    return PSObject(
        ("System.Management.Automation.PSScriptCmdlet",),
        {"MyInvocation": None},
        methods={"ShouldProcess": should_process, "ShouldContinue": should_continue},
    )
