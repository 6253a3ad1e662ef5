"""Get-Help: help text of any cmdlet, written from its declaration (netnat's own words).

Views as in PowerShell: the default (name, synopsis, syntax per parameter set, description,
aliases, remarks), `-Detailed` (plus parameters and examples), `-Full` (plus each parameter's
attributes, inputs and outputs), `-Examples`, `-Parameter NAME`. A wildcard name that matches
several commands lists them (Name, Category, Module, Synopsis).
"""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import ALL_SETS, Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.binding.syntax import syntax
from netnat.cmdlets import registry
from netnat.cmdlets.core_common import CORE, item_error
from netnat.errors import CmdletError
from netnat.model.enums import enum_display_names
from netnat.model.psobject import PSObject
from netnat.model.values import like

INDENT = "    "
RULE = "-" * 26
# What the implicit parameters do here (their declarations carry no help text).
IMPLICIT_HELP = {
    "WhatIf": "Shows what the command would change, as `What if:` lines, and changes nothing.",
    "Confirm": "Asks before each change; -Confirm:$false never asks.",
    "CimSession": "Accepted for compatibility: netnat works on this host only and refuses "
    "remote sessions.",
    "ThrottleLimit": "Accepted for compatibility: netnat runs each operation in turn.",
    "AsJob": "Accepted for compatibility: netnat refuses background jobs.",
    "ComputerName": "Only this host (localhost, ., or its own name) is accepted.",
    "Credential": "Accepted for compatibility: netnat works on this host only.",
    "PassThru": "Writes the object the command changed to the pipeline.",
    "InputObject": "Objects from the pipeline, such as the output of the matching Get- cmdlet.",
    "Force": "Skips the confirmation prompt.",
}
COMMON_TEXT = (
    "This cmdlet supports the common parameters: Verbose, Debug, ErrorAction, WarningAction, "
    "InformationAction, ErrorVariable, WarningVariable, InformationVariable, OutVariable, "
    "OutBuffer and PipelineVariable."
)
OVERVIEW = """
TOPIC
    netnat help

SHORT DESCRIPTION
    netnat runs Windows PowerShell NAT runbooks (WinNAT, Hyper-V switches, NetTCPIP) on Linux.

LONG DESCRIPTION
    Get-Help <cmdlet> shows what a cmdlet does and its syntax; -Examples shows examples you can
    run as they are, -Full describes every parameter. Get-Command lists the commands netnat
    knows: Get-Command -Noun NetNat, Get-Command -Verb Remove, Get-Command *VMSwitch*.

    Get-Help New-NetNat -Examples
    Get-Help Add-NetNatStaticMapping -Parameter Protocol
"""


def get_help(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    name = bound.str_("Name")
    if not name:
        yield OVERVIEW
        return
    found = _find(name)
    if not found:
        if not any(c in name for c in "*?["):
            ctx.write_error(_not_found(bound, name))
        return
    if len(found) > 1:
        yield from (_short_info(c) for c in found)
        return
    cmdlet = found[0]
    parameter = bound.strs("Parameter")
    if parameter is not None:
        yield _parameters_view(cmdlet, parameter)
    elif bound.flag("Examples"):
        yield _examples_view(cmdlet)
    elif bound.flag("Full"):
        yield _full_view(cmdlet, full=True)
    elif bound.flag("Detailed"):
        yield _full_view(cmdlet, full=False)
    else:
        yield _default_view(cmdlet)


def _find(name: str) -> list[Cmdlet]:
    exact = registry.resolve(name)
    if exact is not None:
        return [exact]
    if not any(c in name for c in "*?["):
        return []
    hits = [c for c in registry.all_cmdlets() if like(c.name, name)]
    return sorted(hits, key=lambda c: c.name.lower())


def _not_found(bound: Bound, name: str) -> CmdletError:
    message = (
        f"Get-Help could not find {name} in a help file in this session. Get-Command lists "
        "the commands netnat knows."
    )
    return item_error(
        bound, message, "HelpNotFound", "ResourceUnavailable", "HelpNotFoundException", name
    )


def _short_info(cmdlet: Cmdlet) -> PSObject:
    from netnat.cmdlets.core_misc import command_type, module_of

    props: dict[str, object] = {
        "Name": cmdlet.name,
        "Category": str(command_type(cmdlet)),
        "Module": module_of(cmdlet)[0],
        "Synopsis": cmdlet.synopsis,
    }
    return PSObject(("HelpInfoShort", "System.Object"), props)


# ---- views -----------------------------------------------------------------------------------


def _section(title: str, lines: list[str]) -> list[str]:
    return [title, *(f"{INDENT}{line}" if line else "" for line in lines), ""]


def _head(cmdlet: Cmdlet) -> list[str]:
    out = ["", *_section("NAME", [cmdlet.name])]
    out += _section("SYNOPSIS", [cmdlet.synopsis or cmdlet.name])
    lines = [part for line in syntax(cmdlet) for part in [*_wrap_syntax(line), ""]]
    out += ["", *_section("SYNTAX", lines[:-1])]
    out += ["", *_section("DESCRIPTION", _wrapped(cmdlet.description or cmdlet.synopsis, ""))]
    return out


def _wrap_syntax(line: str, width: int = 96) -> list[str]:
    """A syntax line cut between its top-level parts (never inside `[...]` or `{...}`)."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(line):
        depth += (char in "[{<") - (char in "]}>")
        if char == " " and depth == 0:
            parts.append(line[start:i])
            start = i + 1
    parts.append(line[start:])
    out = [parts[0]]
    for part in parts[1:]:
        if len(out[-1]) + 1 + len(part) > width:
            out.append(INDENT + part)
        else:
            out[-1] += " " + part
    return out


def _remarks(cmdlet: Cmdlet, skip: str) -> list[str]:
    lines = [
        ("Examples", f'To see the examples, type: "Get-Help {cmdlet.name} -Examples".'),
        ("Detailed", f'For more information, type: "Get-Help {cmdlet.name} -Detailed".'),
        ("Full", f'For technical information, type: "Get-Help {cmdlet.name} -Full".'),
    ]
    return _section("REMARKS", [text for key, text in lines if key != skip])


def _default_view(cmdlet: Cmdlet) -> str:
    out = _head(cmdlet)
    if cmdlet.aliases:
        out += ["", *_section("ALIASES", [", ".join(cmdlet.aliases)])]
    out += ["", *_remarks(cmdlet, "")]
    return "\n".join(out)


def _full_view(cmdlet: Cmdlet, full: bool) -> str:
    out = [*_head(cmdlet), "", "PARAMETERS"]
    for param in _documented(cmdlet):
        out += _param_block(cmdlet, param, full)
    out += [f"{INDENT}<CommonParameters>", *_wrapped(COMMON_TEXT, 2 * INDENT), "", ""]
    if full:
        out += [*_section("INPUTS", [_inputs(cmdlet)]), ""]
        out += [*_section("OUTPUTS", [cmdlet.output_type or "None"]), ""]
    out += _examples(cmdlet)
    if cmdlet.aliases:
        out += _section("ALIASES", [", ".join(cmdlet.aliases)])
    out += _remarks(cmdlet, "Full" if full else "Detailed")
    return "\n".join(out)


def _examples_view(cmdlet: Cmdlet) -> str:
    out = ["", *_section("NAME", [cmdlet.name])]
    out += [*_section("SYNOPSIS", [cmdlet.synopsis or cmdlet.name]), ""]
    return "\n".join(out + _examples(cmdlet))


def _parameters_view(cmdlet: Cmdlet, patterns: list[str]) -> str:
    out = [""]
    for param in _documented(cmdlet):
        if any(like(param.name, p) for p in patterns):
            out += _param_block(cmdlet, param, True)
    return "\n".join(out)


def _examples(cmdlet: Cmdlet) -> list[str]:
    out = ["EXAMPLES"] if cmdlet.examples else []
    for number, example in enumerate(cmdlet.examples, 1):
        out += _example(number, example)
    return out


def _example(number: int, example: Example) -> list[str]:
    out = [f"{INDENT}{RULE} Example {number} {RULE}", ""]
    out += [f"{INDENT}PS C:\\> {line}" for line in example.code.splitlines()]
    if example.remarks:
        out += ["", f"{INDENT}{example.remarks}"]
    return [*out, "", ""]


# ---- parameters ------------------------------------------------------------------------------


def _documented(cmdlet: Cmdlet) -> list[Param]:
    """Declared parameters, the implicit ones a user may type, then -WhatIf/-Confirm."""
    shown = [p for p in cmdlet.all_params if not p.common]
    return shown + [p for p in cmdlet.all_params if p.name in ("WhatIf", "Confirm")]


def _param_block(cmdlet: Cmdlet, param: Param, full: bool) -> list[str]:
    kind = "" if param.is_switch else f" <{_type_name(param)}>"
    out = [f"{INDENT}-{param.name}{kind}", *_wrapped(describe(param), 2 * INDENT), ""]
    if not full:
        return out
    rows = [
        ("Required?", _mandatory(cmdlet, param)),
        ("Position?", "named" if param.position is None else str(param.position)),
        ("Default value", ""),
        ("Accept pipeline input?", _pipeline(param)),
        ("Accept wildcard characters?", str("wildcard" in param.help.lower()).lower()),
        ("Aliases", ", ".join(param.aliases) or "none"),
        ("Parameter sets", ", ".join(param.sets) if param.sets else "(All)"),
    ]
    if cmdlet.parameter_sets == (ALL_SETS,):
        rows.pop()
    out += [f"{2 * INDENT}{label:<28} {value}".rstrip() for label, value in rows]
    return [*out, ""]


def describe(param: Param) -> str:
    """A parameter's help: its declaration's text, else netnat's words for it and its values."""
    text = (
        param.help
        or IMPLICIT_HELP.get(param.name, "")
        or IMPLICIT_HELP.get(param.name.replace("Passthru", "PassThru"), "")
    )
    values = _accepted(param)
    if values:
        text = f"{text} Accepted values: {', '.join(values)}.".strip()
    if not text:
        text = "A switch." if param.is_switch else f"Takes a {_type_name(param)} value."
    return text


def _type_name(param: Param) -> str:
    return param.type.dotnet.rsplit(".", 1)[-1]


def _accepted(param: Param) -> list[str]:
    if param.type.enum is not None:
        names = enum_display_names(param.type.enum)
        if param.validate_set:
            allowed = {v.lower() for v in param.validate_set}
            names = [n for n in names if n.lower() in allowed]
        return names
    return list(param.validate_set)


def _mandatory(cmdlet: Cmdlet, param: Param) -> str:
    if not param.mandatory:
        return "false"
    if param.sets and len(param.sets) < len(cmdlet.parameter_sets):
        return f"true ({', '.join(param.sets)})"
    return "true"


def _pipeline(param: Param) -> str:
    ways = [
        w
        for w, on in (("ByValue", param.by_value), ("ByPropertyName", param.by_property_name))
        if on
    ]
    return f"true ({', '.join(ways)})" if ways else "false"


def _inputs(cmdlet: Cmdlet) -> str:
    taking = [p for p in cmdlet.params if p.by_value]
    if not taking:
        return "None"
    names = []
    for p in taking:
        accepts = f" ({', '.join(p.type.accepts)})" if p.type.accepts else ""
        names.append(p.type.dotnet + accepts)
    return "; ".join(names)


def _wrapped(text: str, indent: str, width: int = 100) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(indent) + len(current) + 1 + len(word) > width:
            lines.append(indent + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, indent + current] if current else lines


# ---- declaration -----------------------------------------------------------------------------

CMDLETS = (
    Cmdlet(
        "Get-Help",
        get_help,
        (
            Param(
                "Name",
                t.STRING,
                position=0,
                by_property_name=True,
                help="The command (or alias) to describe; wildcards list the matches.",
            ),
            Param(
                "Full",
                t.SWITCH,
                sets=("AllUsersView",),
                help="Shows everything: each parameter's attributes, inputs, outputs.",
            ),
            Param(
                "Detailed",
                t.SWITCH,
                mandatory=True,
                sets=("DetailedView",),
                help="Adds the parameters' descriptions and the examples.",
            ),
            Param(
                "Examples",
                t.SWITCH,
                mandatory=True,
                sets=("Examples",),
                help="Shows only the name, the synopsis and the examples.",
            ),
            Param(
                "Parameter",
                t.STRING_ARRAY,
                mandatory=True,
                sets=("Parameters",),
                help="Shows only the named parameters (wildcards allowed).",
            ),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.GetHelpCommand",
        default_set="AllUsersView",
        aliases=("help", "man"),
        synopsis="Shows the help of a cmdlet: synopsis, syntax, parameters and examples.",
        description=(
            "The help is written from each cmdlet's declaration, the same one the parameter "
            "binder and tab completion read, so it always matches what netnat accepts. "
            "Module: " + CORE
        ),
        examples=(
            Example("Get-Help New-NetNat", "The synopsis and the syntax of New-NetNat."),
            Example("Get-Help Add-NetNatStaticMapping -Examples"),
            Example("Get-Help New-VMSwitch -Parameter SwitchType"),
            Example("Get-Help *NetNat*", "Lists the NetNat commands with their synopses."),
        ),
        output_type="System.String",
    ),
)
