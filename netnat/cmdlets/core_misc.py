"""Get-Command, Start-Sleep and Test-Path.

Test-Path answers only for the drives in DRIVES (`Variable:`, `Env:`, the switch registry under
`HKLM:` and, on `C:`, the docker daemon's emulated files; see cmdlets/provider.py) and never
looks at the real file system: any other path is False."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from netnat.binding import types as t
from netnat.binding.decl import Bound, Cmdlet, CmdletContext, CmdletKind, Example, Param
from netnat.cmdlets import provider, registry
from netnat.cmdlets.core_common import (
    CORE,
    MANAGEMENT,
    UTILITY,
    item_error,
)
from netnat.errors import CmdletError
from netnat.model.enums import NetEnum
from netnat.model.psobject import PSObject
from netnat.model.values import like

MAX_SLEEP = 60.0  # seconds: a replayed runbook never waits longer than this in one call
ItemKind = str  # "container" or "leaf"
# drive name (lower case) -> (context, path inside the drive, literal?) -> the item's kind
Provider = Callable[[CmdletContext, str, bool], ItemKind | None]


class CommandTypes(NetEnum):
    Alias = 1
    Function = 2
    Filter = 4
    Cmdlet = 8
    ExternalScript = 16
    Application = 32
    Script = 64
    Workflow = 128
    Configuration = 256
    All = 511

    @classmethod
    def dotnet_name(cls) -> str:
        return "System.Management.Automation.CommandTypes"


class TestPathType(NetEnum):
    __test__ = False  # not a pytest test class
    Any = 0
    Container = 1
    Leaf = 2

    @classmethod
    def dotnet_name(cls) -> str:
        return "Microsoft.PowerShell.Commands.TestPathType"


# --- Get-Command --------------------------------------------------------------------------

# the module a family's commands come from: (Source, Version) as 5.1's Get-Command shows them
FAMILY_MODULES = {
    "netnat.cmdlets.netnat": ("NetNat", "1.0.0.0"),
    "netnat.cmdlets.netnat_mapping": ("NetNat", "1.0.0.0"),
    "netnat.cmdlets.vmswitch": ("Hyper-V", "2.0.0.0"),
    "netnat.cmdlets.vmnic": ("Hyper-V", "2.0.0.0"),
    "netnat.cmdlets.netipaddress": ("NetTCPIP", "1.0.0.0"),
    "netnat.cmdlets.container": ("Containers", "1.0.0.0"),
    "netnat.cmdlets.service": ("Microsoft.PowerShell.Management", "3.1.0.0"),
    "netnat.cmdlets.hklm": ("Microsoft.PowerShell.Management", "3.1.0.0"),
    "netnat.cmdlets.host": ("Microsoft.PowerShell.Management", "3.1.0.0"),
    "netnat.cmdlets.features": ("ServerManager", "2.0.0.0"),
}
MODULE_VERSIONS = {CORE: "3.0.0.0", UTILITY: "3.1.0.0", MANAGEMENT: "3.1.0.0"}
FAMILY_MODULES["netnat.cmdlets.help"] = (CORE, MODULE_VERSIONS[CORE])  # Get-Help
CORE_COMMANDS = frozenset(
    {"where-object", "foreach-object", "get-command", "out-null", "out-default", "out-host"}
)
MANAGEMENT_COMMANDS = frozenset({"test-path"})
INFO_TYPES = {
    CommandTypes.Alias: "System.Management.Automation.AliasInfo",
    CommandTypes.Function: "System.Management.Automation.FunctionInfo",
    CommandTypes.Cmdlet: "System.Management.Automation.CmdletInfo",
}


def module_of(cmdlet: Cmdlet) -> tuple[str, str]:
    """(Source, Version) of a command: its family's module; the utility cmdlets' own modules."""
    family = getattr(cmdlet.run, "__module__", "")
    if family in FAMILY_MODULES:
        return FAMILY_MODULES[family]
    if not family.startswith("netnat.cmdlets.core_"):
        return "", ""
    name = cmdlet.name.lower()
    module = (
        CORE if name in CORE_COMMANDS else MANAGEMENT if name in MANAGEMENT_COMMANDS else UTILITY
    )
    return module, MODULE_VERSIONS[module]


def command_type(cmdlet: Cmdlet) -> CommandTypes:
    """CDXML commands (NetNat, NetTCPIP) and script-style ones are functions on Windows."""
    if cmdlet.kind in (CmdletKind.CDXML, CmdletKind.FUNCTION):
        return CommandTypes.Function
    return CommandTypes.Cmdlet


def _info(kind: CommandTypes, name: str, source: str, version: str) -> PSObject:
    props: dict[str, object] = {
        "CommandType": kind,
        "Name": name,
        "Version": version,
        "Source": source,
    }
    names = (INFO_TYPES[kind], "System.Management.Automation.CommandInfo", "System.Object")
    return PSObject(names, props)


def _commands() -> list[tuple[CommandTypes, str, str, str, str]]:
    """(type, name, shown name, source, version) of every command and alias, Get-Command's
    order: aliases, then functions, then cmdlets, each by name."""
    found = []
    for cmdlet in registry.all_cmdlets():
        source, version = module_of(cmdlet)
        found.append((command_type(cmdlet), cmdlet.name, cmdlet.name, source, version))
        for alias in cmdlet.aliases:
            found.append((CommandTypes.Alias, alias, f"{alias} -> {cmdlet.name}", "", ""))
    return sorted(found, key=lambda c: (int(c[0]), c[1].lower()))


def get_command(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    names, verbs, nouns = bound.strs("Name"), bound.strs("Verb"), bound.strs("Noun")
    wanted = bound.get("CommandType")
    types = {int(v) for v in wanted} if isinstance(wanted, list) else None
    commands = _commands()
    patterns: list[str | None] = list(names) if names is not None else [None]
    for pattern in patterns:
        hits = 0
        for kind, name, shown, source, version in commands:
            if pattern is not None and not like(name, pattern):
                continue
            if (verbs or nouns) and not _verb_noun(kind, name, verbs, nouns):
                continue
            if types is not None and not any(int(kind) & t_ for t_ in types):
                continue
            hits += 1
            yield _info(kind, shown, source, version)
        if pattern is not None and not hits and not any(c in pattern for c in "*?["):
            ctx.write_error(_not_found(bound, pattern))


def _verb_noun(
    kind: CommandTypes, name: str, verbs: list[str] | None, nouns: list[str] | None
) -> bool:
    if kind is CommandTypes.Alias or "-" not in name:
        return False
    verb, noun = name.split("-", 1)
    return all(
        patterns is None or any(like(part, p) for p in patterns)
        for part, patterns in ((verb, verbs), (noun, nouns))
    )


def _not_found(bound: Bound, name: str) -> CmdletError:
    message = (
        f"The term '{name}' is not recognized as the name of a cmdlet, function, script file, "
        "or operable program. Check the spelling of the name, or if a path was included, "
        "verify that the path is correct and try again."
    )
    error_id = reason = "CommandNotFoundException"
    return item_error(bound, message, error_id, "ObjectNotFound", reason, name)


# --- Start-Sleep --------------------------------------------------------------------------


def start_sleep(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    """Sleeps, but at most MAX_SLEEP seconds a call (a replay must not hang for minutes)."""
    import time

    seconds = bound.get("Seconds")
    millis = bound.get("Milliseconds")
    wanted = float(seconds) if isinstance(seconds, int) else 0.0
    wanted += float(millis) / 1000 if isinstance(millis, int) else 0.0
    if wanted > MAX_SLEEP:
        ctx.write_verbose(f"netnat waits {MAX_SLEEP:g} seconds instead of {wanted:g}.")
    time.sleep(min(wanted, MAX_SLEEP))
    return iter(())


# --- Test-Path ----------------------------------------------------------------------------


def _variable_drive(ctx: CmdletContext, path: str, literal: bool) -> ItemKind | None:
    """`Variable:\\name`: a variable whose value is not $null (wildcards are not answered)."""
    if not path:
        return "container"
    if not literal and any(c in path for c in "*?["):
        return None
    return "leaf" if ctx.variable(path) is not None else None


def _env_drive(ctx: CmdletContext, path: str, literal: bool) -> ItemKind | None:
    """`Env:\\NAME`: an environment variable, names case-insensitive as on Windows."""
    import os

    if not path:
        return "container"
    if literal or not any(c in path for c in "*?["):
        return "leaf" if any(k.lower() == path.lower() for k in os.environ) else None
    return "leaf" if any(like(k, path) for k in os.environ) else None


DRIVES: dict[str, Provider] = {
    "variable": _variable_drive,
    "env": _env_drive,
    "hklm": provider.hklm_kind,
    "registry": provider.registry_kind,
    "c": provider.c_kind,
}


def item_kind(ctx: CmdletContext, path: str, literal: bool = False) -> ItemKind | None:
    """What a path names on a drive netnat answers for; None: nothing (or an unknown drive).
    The provider gets the path inside the drive with `\\` separators and no outer ones."""
    drive, colon, rest = path.partition(":")
    if not colon or not drive or not drive.replace("-", "").isalnum():
        return None
    provider = DRIVES.get(drive.lower())
    if provider is None:
        return None
    inner = rest.replace("/", "\\").strip("\\")  # `/` separates like `\` on Windows
    return provider(ctx, inner, literal)


def testpath(ctx: CmdletContext, bound: Bound) -> Iterator[object]:
    literal = bound.has("LiteralPath")
    paths = bound.strs("LiteralPath" if literal else "Path") or []
    wanted = bound.get("PathType")
    for path in paths:
        if bound.flag("IsValid"):
            yield True
            continue
        kind = item_kind(ctx, path, literal)
        if wanted is TestPathType.Container:
            yield kind == "container"
        elif wanted is TestPathType.Leaf:
            yield kind == "leaf"
        else:
            yield kind is not None


# --- declarations -------------------------------------------------------------------------

_STRINGS = t.STRING_ARRAY
CMDLETS = (
    Cmdlet(
        "Get-Command",
        get_command,
        (
            Param("Name", _STRINGS, position=0, by_property_name=True),
            Param("Verb", _STRINGS, by_property_name=True),
            Param("Noun", _STRINGS, by_property_name=True),
            Param("CommandType", t.enum_of(CommandTypes, array=True), ("Type",)),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.GetCommandCommand",
        aliases=("gcm",),
        synopsis="Lists the commands and aliases netnat knows (wildcards allowed).",
        description=(
            "Shows CommandType, Name, Version and Source; the NetNat and NetTCPIP commands are "
            "functions on Windows, the Hyper-V and utility ones cmdlets. Functions a script "
            "defines are not listed. Module: " + CORE
        ),
        examples=(Example("Get-Command *NetNat*"), Example("Get-Command -Noun VMSwitch")),
    ),
    Cmdlet(
        "Start-Sleep",
        start_sleep,
        (
            Param(
                "Seconds",
                t.INT32,
                position=0,
                mandatory=True,
                sets=("Seconds",),
                validate_range=(0, 2147483),
                by_value=True,
                by_property_name=True,
            ),
            Param(
                "Milliseconds",
                t.INT32,
                ("ms",),
                mandatory=True,
                sets=("Milliseconds",),
                validate_range=(0, 2147483647),
                by_property_name=True,
            ),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.StartSleepCommand",
        default_set="Seconds",
        aliases=("sleep",),
        synopsis="Waits a number of seconds (netnat waits at most 60 seconds a call).",
        description=(
            "Runbooks wait for Windows to settle; netnat's changes are immediate, so a longer "
            "wait is cut to 60 seconds (with a verbose message). Module: " + UTILITY
        ),
        examples=(Example("Start-Sleep -Seconds 5"), Example("Start-Sleep -Milliseconds 500")),
    ),
    Cmdlet(
        "Test-Path",
        testpath,
        (
            Param(
                "Path",
                _STRINGS,
                position=0,
                mandatory=True,
                sets=("Path",),
                by_value=True,
                by_property_name=True,
            ),
            Param(
                "LiteralPath",
                _STRINGS,
                ("PSPath",),
                mandatory=True,
                sets=("LiteralPath",),
                by_property_name=True,
            ),
            Param("PathType", t.enum_of(TestPathType), ("Type",)),
            Param("IsValid", t.SWITCH),
        ),
        kind=CmdletKind.BINARY,
        dotnet_class="Microsoft.PowerShell.Commands.TestPathCommand",
        default_set="Path",
        synopsis="Tells whether a variable, environment variable, registry key or emulated "
        "file exists.",
        description=(
            "Answers for Variable:\\x, Env:\\X, the switch registry under HKLM:\\ and the "
            "docker daemon's files on C:; netnat never looks at the file system: other paths "
            "answer False. Module: " + MANAGEMENT
        ),
        examples=(Example("Test-Path Env:\\PATH"), Example("Test-Path Variable:\\nat")),
    ),
)
