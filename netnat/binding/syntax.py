"""Syntax lines of a cmdlet, per parameter set, as Get-Help prints them (from the declaration)."""

from __future__ import annotations

from netnat.binding.decl import ALL_SETS, Cmdlet, Param
from netnat.binding.types import Kind


def _type_name(param: Param) -> str:
    dotnet = param.type.dotnet
    short = dotnet.rsplit(".", 1)[-1]
    return {"SwitchParameter": ""}.get(short, short)


def _param_text(param: Param, set_name: str) -> str:
    if param.type.kind is Kind.SWITCH:
        text = f"-{param.name}"
        return text if param.mandatory and param.in_set(set_name) else f"[{text}]"
    name = f"-{param.name}"
    if param.position is not None:
        name = f"[{name}]"
    text = f"{name} <{_type_name(param)}>"
    if param.validate_set:
        text = f"{name} {{{' | '.join(param.validate_set)}}}"
    return text if param.mandatory else f"[{text}]"


def syntax(cmdlet: Cmdlet) -> list[str]:
    """One line per parameter set: `Name [-P] <T> [-Q <T>] ... [<CommonParameters>]`."""
    lines = []
    for set_name in cmdlet.parameter_sets:
        params = [p for p in cmdlet.params if set_name == ALL_SETS or p.in_set(set_name)]
        params.sort(key=lambda p: (p.position is None, p.position or 0, not p.mandatory))
        parts = [cmdlet.name, *(_param_text(p, set_name) for p in params)]
        parts += [f"[-{p.name}]" for p in cmdlet.all_params if p.name in ("AsJob",)]
        if cmdlet.should_process:
            parts += ["[-WhatIf]", "[-Confirm]"]
        parts.append("[<CommonParameters>]")
        lines.append(" ".join(parts))
    return lines


def help_text(cmdlet: Cmdlet) -> str:
    """The short help `netnat <Cmdlet> -?` prints: name, synopsis, syntax, aliases, examples."""
    out = ["", "NAME", f"    {cmdlet.name}", "", "SYNOPSIS", f"    {cmdlet.synopsis}", "", "SYNTAX"]
    for line in syntax(cmdlet):
        out += [f"    {line}", ""]
    if cmdlet.aliases:
        out += ["ALIASES", f"    {', '.join(cmdlet.aliases)}", ""]
    for number, example in enumerate(cmdlet.examples, 1):
        out += [f"    -------------------------- EXAMPLE {number} --------------------------", ""]
        out += [f"    PS C:\\> {code}" for code in example.code.splitlines()]
        if example.remarks:
            out += ["", f"    {example.remarks}"]
        out.append("")
    return "\n".join(out)
