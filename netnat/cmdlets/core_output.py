"""Format-Table, Format-List and the Out-* cmdlets: collect objects, render them in the end step.

The formatters output one string (the rendered text), which the engine prints as it is; so
`... | Format-Table | Out-String` also works. Out-Default and Out-Host write to the host."""

from __future__ import annotations

from collections.abc import Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets.core_common import CORE, OBJECTS, UTILITY, collected, input_of, input_param


def collect(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """The process step of every collecting cmdlet here: keep the object for the end step."""
    given, obj = input_of(bound)
    if given:
        collected(ctx).append(obj)
    return iter(())


def _properties(bound: Bound) -> list[object]:
    value = bound.get("Property")
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def format_table_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    items = collected(ctx)
    if not items:
        return
    text = ctx.render(items, "table", _properties(bound))
    text = hide_headers(text) if bound.flag("HideTableHeaders") else text
    yield text.removesuffix("\n")  # the host prints each line of the string with its new-line


def format_list_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    items = collected(ctx)
    if items:
        yield ctx.render(items, "list", _properties(bound)).removesuffix("\n")


def hide_headers(text: str) -> str:
    """A rendered table without its header and dash rows (-HideTableHeaders)."""
    lines = text.split("\n")
    kept: list[str] = []
    for line in lines:
        is_rule = line.strip() != "" and set(line) <= {"-", " "}
        if is_rule and kept and kept[-1].strip():
            kept.pop()
            continue
        kept.append(line)
    return "\n".join(kept)


def out_null(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    return iter(())


def out_string_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    items = collected(ctx)
    text = ctx.render(items, "default") if items else ""
    if bound.flag("Stream"):
        yield from text.splitlines()
    else:
        yield text


def out_host_end(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Out-Default / Out-Host: the rendered text goes to the host, nothing down the pipeline."""
    items = collected(ctx)
    text = ctx.render(items, "default") if items else ""
    if text:
        ctx.write_host(text.removesuffix("\n"))
    return iter(())


_PROPERTY = Param("Property", OBJECTS, position=0)
_BINARY = CmdletKind.BINARY


def _out(name: str) -> str:
    return f"Microsoft.PowerShell.Commands.{name}Command"


CMDLETS = (
    Cmdlet(
        "Format-Table",
        collect,
        (
            input_param(),
            _PROPERTY,
            Param("AutoSize", t.SWITCH),
            Param("HideTableHeaders", t.SWITCH),
            Param("Wrap", t.SWITCH),
        ),
        kind=_BINARY,
        dotnet_class=_out("FormatTable"),
        aliases=("ft",),
        synopsis="Formats objects as a table.",
        description=(
            "-Property picks the columns (names, wildcards, @{Label=...; Expression=...}). "
            "netnat always sizes columns to their content, so -AutoSize changes nothing; -Wrap is "
            "accepted. The output is text: put Format-Table last. Module: " + UTILITY
        ),
        examples=(Example("Get-NetNat | Format-Table Name, Active -AutoSize"),),
        end=format_table_end,
    ),
    Cmdlet(
        "Format-List",
        collect,
        (input_param(), _PROPERTY),
        kind=_BINARY,
        dotnet_class=_out("FormatList"),
        aliases=("fl",),
        synopsis="Formats objects as a list of properties.",
        description="`Format-List *` shows every property. Module: " + UTILITY,
        examples=(Example("Get-NetNat | Format-List *"),),
        end=format_list_end,
    ),
    Cmdlet(
        "Out-Null",
        out_null,
        (input_param(),),
        kind=_BINARY,
        dotnet_class=_out("OutNull"),
        synopsis="Discards its input.",
        description="Module: " + CORE,
        examples=(
            Example(
                "New-NetNat -Name VMNAT -InternalIPInterfaceAddressPrefix 192.168.0.0/24 | Out-Null"
            ),
        ),
    ),
    Cmdlet(
        "Out-String",
        collect,
        (
            input_param(),
            Param("Stream", t.SWITCH),
            Param("Width", t.INT32, help="Accepted; netnat does not cut lines of a string."),
        ),
        kind=_BINARY,
        dotnet_class=_out("OutString"),
        synopsis="Renders its input as Out-Default would, as one string (lines with -Stream).",
        description="Module: " + UTILITY,
        examples=(Example("$text = Get-NetNat | Out-String"),),
        end=out_string_end,
    ),
    Cmdlet(
        "Out-Default",
        collect,
        (input_param(),),
        kind=_BINARY,
        dotnet_class=_out("OutDefault"),
        synopsis="Writes its input to the host with the default formatting.",
        description="Module: " + CORE,
        examples=(Example("Get-NetNat | Out-Default"),),
        end=out_host_end,
    ),
    Cmdlet(
        "Out-Host",
        collect,
        (input_param(), Param("Paging", t.SWITCH, help="Accepted and ignored.")),
        kind=_BINARY,
        dotnet_class=_out("OutHost"),
        aliases=("oh",),
        synopsis="Writes its input to the host with the default formatting.",
        description="Module: " + CORE,
        examples=(Example("Get-NetNat | Out-Host"),),
        end=out_host_end,
    ),
)
